//! Cover pricing (PROTOCOL.md §5, §8; Nexus V2's `StakingProducts`). Prices are annual, in basis points of the
//! cover amount. Each listing has a target price; a buy pays the listing's base price and leaves it bumped,
//! and the bump decays back toward the target with time.
use crate::constants::{BPS_DENOMINATOR, DAY};
use crate::errors::MutualError;
use crate::math::{mul_div_down, Bps, SafeMath};
use anchor_lang::prelude::*;

/// A year of cover, the unit the annual price is quoted for.
pub const YEAR: i64 = 365 * DAY;

/// The price a buy pays now: the last bumped price less `decay_per_day` for every day (pro rata, to the second)
/// since it was set, and never below the target. Decay is in absolute basis points (200 bps a day takes a 7%
/// price to 5% in a day), rounded down, so the price stays high rather than low.
pub fn base_price(
    bumped: Bps,
    bumped_at: i64,
    target: Bps,
    decay_per_day: Bps,
    now: i64,
) -> Result<Bps> {
    let elapsed = u64::try_from(now.safe_sub(bumped_at)?.max(0))
        .map_err(|_| error!(MutualError::MathOverflow))?;
    let day = DAY.unsigned_abs();
    let drop = u128::from(decay_per_day.get()) * u128::from(elapsed) / u128::from(day);
    let decayed = u128::from(bumped.get()).saturating_sub(drop);
    // `decayed` ≤ bumped, a u16.
    let decayed = Bps(u16::try_from(decayed).map_err(|_| error!(MutualError::MathOverflow))?);
    Ok(decayed.max(target))
}

/// The bumped price a buy of `amount` leaves on a listing with `capacity` free before it: the base price plus
/// `price_bump` for each whole capacity used (5% per 100% of capacity), pro rata and rounded down, as Nexus V2
/// rounds it, capped at 100%. Rounding down means that no number of small buys bumps a price more than one buy
/// of their total: ⌊a⌋ + ⌊b⌋ ≤ ⌊a + b⌋ (decision 62). A buy that takes nothing (or a listing with no capacity)
/// leaves the base price.
pub fn bumped_price(base: Bps, price_bump: Bps, amount: u64, capacity: u64) -> Result<Bps> {
    if amount == 0 || capacity == 0 {
        return Ok(base);
    }
    let bump = mul_div_down(price_bump.get(), amount, capacity)?;
    let bumped = base.get().safe_add(bump)?.min(BPS_DENOMINATOR);
    Ok(Bps(
        u16::try_from(bumped).map_err(|_| error!(MutualError::MathOverflow))?
    ))
}

/// The premium of `amount` of cover for `period` seconds at an annual `price`: amount · price · period /
/// (10_000 · 365 days), rounded up (premiums round in the mutual's favour).
pub fn premium(amount: u64, price: Bps, period: i64) -> Result<u64> {
    let period = u64::try_from(period).map_err(|_| error!(MutualError::MathOverflow))?;
    let numerator = u128::from(amount)
        .safe_mul(u128::from(price.get()))?
        .safe_mul(u128::from(period))?;
    let denominator = u128::from(BPS_DENOMINATOR) * u128::from(YEAR.unsigned_abs());
    let q = numerator / denominator;
    let q = if numerator % denominator == 0 {
        q
    } else {
        q.safe_add(1)?
    };
    u64::try_from(q).map_err(|_| error!(MutualError::MathOverflow))
}

#[cfg(test)]
mod tests;
