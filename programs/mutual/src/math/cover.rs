//! Cover arithmetic beyond the price (PROTOCOL.md §5): how much pool capacity a cover uses, the spill-over fill
//! across pools, each pool's part of the amount, the commission, the premium an edit credits back, and the
//! stake a premium mints as rewards. Everything the buyer pays rounds up and everything paid out rounds down.
use super::capacity::ALLOCATION_UNIT;
use super::prices::{base_to_stake, base_to_stake_down, AssetPrice, Side};
use super::{mul_div_down, mul_div_up, Bps, SafeMath};
use crate::constants::{BPS_DENOMINATOR, MAX_COVER_PERIOD, MAX_COVER_POOLS, MIN_COVER_PERIOD};
use crate::errors::MutualError;
use anchor_lang::prelude::*;

/// Per-pool figures of one cover, in the order the pools were given; pools past the count are 0.
pub type PerPool = [u64; MAX_COVER_POOLS];

/// A cover period must be 28 to 365 days (PROTOCOL.md §8: fixed), else `InvalidCoverPeriod`.
pub fn validate_period(period: u32) -> Result<()> {
    require!(
        (MIN_COVER_PERIOD..=MAX_COVER_PERIOD).contains(&i64::from(period)),
        MutualError::InvalidCoverPeriod
    );
    Ok(())
}

/// The pool capacity `amount` of cover uses, in allocation units: the amount in base units at the liability
/// price (μ + σ), in stake at `book_value`, in units, each step rounded up (PROTOCOL.md §7). A zero amount is
/// `ZeroAmount`.
pub fn cover_units(amount: u64, price: AssetPrice, book_value: u64) -> Result<u64> {
    require!(amount > 0, MutualError::ZeroAmount);
    let base = price.to_base(amount, Side::Liability)?;
    let stake = base_to_stake(base, book_value)?;
    mul_div_up(stake, 1, ALLOCATION_UNIT)
}

/// Fills `units` into the pools in the order given, each up to its `free` capacity, spilling the rest to the
/// next: pool i takes min(left, free_i). Fails with `InsufficientCapacity` only when the pools together have
/// less than `units` free, and with `InvalidPoolAccounts` for no pools or more than `MAX_COVER_POOLS`.
pub fn fill_in_order(units: u64, free: &[u64]) -> Result<PerPool> {
    require!(
        !free.is_empty() && free.len() <= MAX_COVER_POOLS,
        MutualError::InvalidPoolAccounts
    );
    let mut taken = [0; MAX_COVER_POOLS];
    let mut left = units;
    for (take, available) in taken.iter_mut().zip(free) {
        *take = left.min(*available);
        left -= *take;
    }
    require!(left == 0, MutualError::InsufficientCapacity);
    Ok(taken)
}

/// Each pool's part of a cover `amount` (in the cover asset), pro rata to the units it took: amount · taken_i /
/// Σ taken, rounded down, with what rounding left over added to the last pool that took any, so the parts add
/// up to the amount exactly. Nothing taken at all is `ZeroAmount`.
pub fn split_amount(amount: u64, taken: &PerPool) -> Result<PerPool> {
    let total = taken.iter().try_fold(0u64, |sum, t| sum.safe_add(*t))?;
    require!(total > 0, MutualError::ZeroAmount);
    let mut parts = [0; MAX_COVER_POOLS];
    let mut assigned = 0u64;
    let mut last = 0;
    for (i, (part, take)) in parts.iter_mut().zip(taken).enumerate() {
        *part = mul_div_down(amount, *take, total)?;
        assigned = assigned.safe_add(*part)?;
        if *take > 0 {
            last = i;
        }
    }
    parts[last] = parts[last].safe_add(amount.safe_sub(assigned)?)?;
    Ok(parts)
}

/// A broker's commission on `premium`: premium · commission_bps / 10_000, rounded down (it is not the mutual's
/// money, so the buyer keeps the fraction).
pub fn commission(premium: u64, commission_bps: Bps) -> Result<u64> {
    mul_div_down(premium, commission_bps.get(), BPS_DENOMINATOR)
}

/// The unused part of a segment's `premium` at `now`: premium · (end − max(now, start)) / period, where end =
/// start + period, rounded down (a credit is paid out of the mutual). 0 once the segment has ended; the whole
/// premium before it starts.
pub fn unused_premium(premium: u64, start: i64, period: u32, now: i64) -> Result<u64> {
    let end = start.safe_add(i64::from(period))?;
    let left = end.safe_sub(now.max(start))?.clamp(0, i64::from(period));
    // 0 ≤ left ≤ period ≤ u32::MAX: the cast is exact.
    mul_div_down(premium, left as u64, u64::from(period))
}

/// The credit an edit gives for the old segment's `unused` premium: only the part whose capacity stays in the
/// same pool, pool by pool: unused · Σ min(old units_i, new units_i in the same pool) / Σ old units, rounded
/// down. A pool the edit leaves keeps streaming the rewards of the premium it was paid, so the capacity it gave
/// up must not be paid for twice (by the credit and by those rewards). `old` and `new` are (pool id, units).
pub fn edit_credit(unused: u64, old: &[(u32, u64)], new: &[(u32, u64)]) -> Result<u64> {
    let old_total = old.iter().try_fold(0u64, |sum, (_, u)| sum.safe_add(*u))?;
    if old_total == 0 {
        return Ok(0);
    }
    let kept = old.iter().try_fold(0u64, |sum, (pool, units)| {
        let stays = new
            .iter()
            .filter(|(p, _)| p == pool)
            .map(|(_, u)| *u)
            .sum::<u64>()
            .min(*units);
        sum.safe_add(stays)
    })?;
    mul_div_down(unused, kept, old_total)
}

/// What a new segment of `amount` places and prices: what it leaves claimable, amount − paid_out (decision 61:
/// what claims paid out stays paid). An amount below `paid_out` is `AmountBelowPaidOut`; nothing left,
/// `NothingLeftToCover`.
pub fn placed_amount(amount: u64, paid_out: u64) -> Result<u64> {
    require!(amount >= paid_out, MutualError::AmountBelowPaidOut);
    let placed = amount.safe_sub(paid_out)?;
    require!(placed > 0, MutualError::NothingLeftToCover);
    Ok(placed)
}

/// What a new segment of a cover charges.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SegmentCharge {
    /// The old segment's unused premium credited (`edit_credit`).
    pub credit: u64,
    /// What the payer pays: premium − credit, never below 0 (an excess credit is not paid out, as in Nexus).
    pub paid: u64,
}

/// The charge of a new segment priced at `premium` that replaces an old one with `unused` premium left (0 for a
/// renewal, which runs the old segment to its end): the credit for the capacity that stays in the same pools
/// (`edit_credit`, rounded down) and premium − credit, floored at 0. `old` and `new` are (pool id, units).
pub fn segment_charge(
    premium: u64,
    unused: u64,
    old: &[(u32, u64)],
    new: &[(u32, u64)],
) -> Result<SegmentCharge> {
    let credit = edit_credit(unused, old, new)?;
    Ok(SegmentCharge {
        credit,
        paid: premium.saturating_sub(credit),
    })
}

/// `part` of a whole of which `paid` was actually paid: part · paid / whole, rounded down (0 for an empty
/// whole). Splits the rewards of an edit, which mints only on what the buyer paid beyond the credit.
pub fn paid_share(part: u64, paid: u64, whole: u64) -> Result<u64> {
    if whole == 0 {
        return Ok(0);
    }
    mul_div_down(part, paid, whole)
}

/// The stake minted to a pool as rewards for `premium` (in the cover asset): premium · rewards_ratio / 10_000,
/// in base units at the capital price (μ − σ), in stake at `book_value`, each step rounded down, so rewards
/// never exceed their share of what the premium is worth.
pub fn reward_stake(
    premium: u64,
    rewards_ratio: Bps,
    price: AssetPrice,
    book_value: u64,
) -> Result<u64> {
    let rewards = mul_div_down(premium, rewards_ratio.get(), BPS_DENOMINATOR)?;
    let base = price.to_base(rewards, Side::Capital)?;
    base_to_stake_down(base, book_value)
}

#[cfg(test)]
mod tests;
