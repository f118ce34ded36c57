//! Claims arithmetic (PROTOCOL.md §6), for the claims issue: the assessment reward of a claim, the silent-ending
//! extension of a poll, each voter's share of the reward, and the stake a payout burns from each pool that
//! backed the cover. What the mutual pays out (rewards, shares) rounds down; what it takes (burns) rounds up.
use super::pricing::YEAR;
use super::{mul_div_down, mul_div_up, Bps, SafeMath};
use crate::constants::BPS_DENOMINATOR;
use crate::errors::MutualError;
use anchor_lang::prelude::*;

/// The assessors' reward for a claim on cover worth `cover_stake` stake units for `period` seconds:
/// min(max_reward, cover_stake · reward_ratio · period / (10_000 · 365 d)), rounded down.
pub fn claim_reward(
    cover_stake: u64,
    reward_ratio: Bps,
    period: u32,
    max_reward: u64,
) -> Result<u64> {
    let numerator = u128::from(cover_stake)
        .safe_mul(u128::from(reward_ratio.get()))?
        .safe_mul(u128::from(period))?;
    let denominator = u128::from(BPS_DENOMINATOR) * u128::from(YEAR.unsigned_abs());
    // Capped at max_reward (a u64), so the quotient fits once capped.
    let reward = (numerator / denominator).min(u128::from(max_reward));
    u64::try_from(reward).map_err(|_| error!(MutualError::MathOverflow))
}

/// How far a vote cast with less than `silent_ending` left moves a poll's end: min(silent_ending,
/// silent_ending · weight / total_voted), rounded down, where `total_voted` already includes `weight`. A vote
/// with more time left, or a poll with no votes counted, moves nothing.
pub fn silent_ending_extension(
    time_left: i64,
    silent_ending: u32,
    weight: u64,
    total_voted: u64,
) -> Result<i64> {
    if time_left >= i64::from(silent_ending) || total_voted == 0 {
        return Ok(0);
    }
    let extension = mul_div_down(u64::from(silent_ending), weight, total_voted)?;
    Ok(i64::from(silent_ending).min(i64::try_from(extension).unwrap_or(i64::MAX)))
}

/// A voter's share of a claim's reward: reward · weight / total_weight, rounded down (0 for an empty poll), so
/// the shares never add up to more than the reward.
pub fn voter_reward(reward: u64, weight: u64, total_weight: u64) -> Result<u64> {
    if total_weight == 0 {
        return Ok(0);
    }
    require!(weight <= total_weight, MutualError::MathOverflow);
    mul_div_down(reward, weight, total_weight)
}

/// The stake a payout burns from one pool: (payout_stake · pool_units / cover_units) / capacity_ratio, rounded
/// up (a burn is taken from the pools), and never more than the pool's `pool_stake`. `payout_stake` is the
/// payout in stake units; `pool_units` is the pool's allocation and `cover_units` the cover's over all pools.
pub fn pool_burn(
    payout_stake: u64,
    pool_units: u64,
    cover_units: u64,
    capacity_ratio: Bps,
    pool_stake: u64,
) -> Result<u64> {
    require!(
        cover_units > 0 && pool_units <= cover_units,
        MutualError::MathOverflow
    );
    let share = mul_div_up(payout_stake, pool_units, cover_units)?;
    let burn = mul_div_up(share, BPS_DENOMINATOR, capacity_ratio.get())?;
    Ok(burn.min(pool_stake))
}

#[cfg(test)]
mod tests;
