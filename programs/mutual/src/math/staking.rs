//! Stake shares, reward shares and reward streaming of a staking pool (PROTOCOL.md §4, as Nexus V2's
//! `StakingPool`).
//!
//! A deposit into a tranche mints stake shares at the tranche's stake per share, and reward shares on top of
//! them: more for a longer lock. Rewards stream linearly to reward shares through an accumulator
//! (reward per share, scaled by `REWARD_SCALE`). Everything paid out rounds down: shares minted, stake
//! redeemed and rewards earned, so the pool always holds at least what it owes.
use super::{Bps, SafeMath};
use crate::constants::{ACTIVE_TRANCHES, BPS_DENOMINATOR, STAKE_UNIT};
use crate::errors::MutualError;
use anchor_lang::prelude::*;

/// The smallest first deposit into a pool with no shares: one whole stake token. Shares are then minted 1:1,
/// so the share price starts at one base unit of stake per share and no dust deposit can set it.
pub const MIN_FIRST_DEPOSIT: u64 = STAKE_UNIT;

/// The reward-share bonus per tranche of lock beyond the current one: 10% each, so a deposit into the last of
/// the 8 active tranches earns 1.7x the rewards of one into the current tranche (as Nexus V2).
pub const REWARD_BONUS_PER_TRANCHE: Bps = Bps(1_000);

/// The fixed-point scale of reward rates and of the reward-per-share accumulator: 1e12.
pub const REWARD_SCALE: u128 = 1_000_000_000_000;

fn to_u64(value: u128) -> Result<u64> {
    u64::try_from(value).map_err(|_| error!(MutualError::MathOverflow))
}

fn to_u128(value: i64) -> Result<u128> {
    u128::try_from(value).map_err(|_| error!(MutualError::MathOverflow))
}

/// Stake shares minted for depositing `amount` into a pool holding `active_stake` over `share_supply` shares:
/// amount · share_supply / active_stake, rounded down. The first deposit (no shares) mints 1:1 and must be at
/// least `MIN_FIRST_DEPOSIT` (`FirstDepositTooSmall`).
///
/// `active_stake` is the pool's accounting total, never the vault balance: a donation to the vault moves no
/// share price, so the first-depositor (share-inflation) attack has nothing to inflate (Nexus #1151, #520,
/// #1152). Refuses a zero amount (`ZeroAmount`), a deposit worth no share (`DepositTooSmall`), and a pool whose
/// stake was burnt to zero while shares remain (`PoolHalted`): there is no price to mint at, and shares minted
/// at any price would give part of the new stake to the old, worthless, shares.
pub fn stake_shares_for(amount: u64, active_stake: u64, share_supply: u128) -> Result<u128> {
    require!(amount > 0, MutualError::ZeroAmount);
    if share_supply == 0 {
        require!(
            amount >= MIN_FIRST_DEPOSIT,
            MutualError::FirstDepositTooSmall
        );
        return Ok(u128::from(amount));
    }
    require!(active_stake > 0, MutualError::PoolHalted);
    let shares = u128::from(amount)
        .safe_mul(share_supply)?
        .safe_div(u128::from(active_stake))?;
    require!(shares > 0, MutualError::DepositTooSmall);
    Ok(shares)
}

/// Stake redeemed for `shares` of a pool holding `stake` over `share_supply` shares: shares · stake /
/// share_supply, rounded down. No shares of an empty supply are worth 0; more shares than exist (including any
/// shares of an empty supply) is `MathOverflow`, so the result never exceeds `stake`.
pub fn stake_for_shares(shares: u128, stake: u64, share_supply: u128) -> Result<u64> {
    if shares == 0 {
        return Ok(0);
    }
    require!(shares <= share_supply, MutualError::MathOverflow);
    to_u64(shares.safe_mul(u128::from(stake))?.safe_div(share_supply)?)
}

/// Reward shares for `stake_shares` deposited `tranche_offset` tranches after the current one (tranche id −
/// current tranche id, 0..=7): stake_shares · (10_000 + 1_000 · offset) / 10_000, rounded down. An offset
/// outside the active tranches is `InvalidTranche`.
pub fn reward_shares_for(stake_shares: u128, tranche_offset: u32) -> Result<u128> {
    let in_range = usize::try_from(tranche_offset).is_ok_and(|o| o < ACTIVE_TRANCHES);
    require!(in_range, MutualError::InvalidTranche);
    let bonus = u128::from(REWARD_BONUS_PER_TRANCHE.get()).safe_mul(u128::from(tranche_offset))?;
    let denominator = u128::from(BPS_DENOMINATOR);
    stake_shares
        .safe_mul(denominator.safe_add(bonus)?)?
        .safe_div(denominator)
}

/// Reward shares minted to the pool manager alongside `reward_shares` minted to a staker: reward_shares · fee /
/// (10_000 − fee), rounded down, so that the manager holds at most `pool_fee` of all reward shares (exactly,
/// but for rounding). A fee of 100% or more is `InvalidPoolFee`: it would leave stakers nothing.
pub fn fee_shares_for(reward_shares: u128, pool_fee: Bps) -> Result<u128> {
    let fee = u128::from(pool_fee.get());
    let denominator = u128::from(BPS_DENOMINATOR);
    require!(fee < denominator, MutualError::InvalidPoolFee);
    reward_shares
        .safe_mul(fee)?
        .safe_div(denominator.safe_sub(fee)?)
}

/// The scaled per-second rate at which `amount` streams over `duration` seconds: amount · REWARD_SCALE /
/// duration, rounded down, so the stream never pays out more than `amount`. A duration ≤ 0 is `MathOverflow`.
pub fn reward_rate_for(amount: u64, duration: i64) -> Result<u128> {
    require!(duration > 0, MutualError::MathOverflow);
    u128::from(amount)
        .safe_mul(REWARD_SCALE)?
        .safe_div(to_u128(duration)?)
}

/// The reward-per-share accumulator after `elapsed` seconds of a stream at `rate` over `reward_share_supply`
/// reward shares: acc + rate · elapsed / reward_share_supply, rounded down.
///
/// With no reward shares nobody earns: the accumulator stays put and what streamed in that time is forfeited
/// (it stays in the pool, owed to no one). A negative `elapsed` is `MathOverflow`.
pub fn accrue_reward_per_share(
    acc: u128,
    rate: u128,
    elapsed: i64,
    reward_share_supply: u128,
) -> Result<u128> {
    let elapsed = to_u128(elapsed)?;
    if reward_share_supply == 0 {
        return Ok(acc);
    }
    acc.safe_add(rate.safe_mul(elapsed)?.safe_div(reward_share_supply)?)
}

/// Rewards earned by `reward_shares` since the accumulator stood at `acc_at_last_settle`: reward_shares ·
/// (acc − acc_at_last_settle) / REWARD_SCALE, rounded down. An accumulator that went backwards, or a result
/// above u64::MAX, is `MathOverflow`.
pub fn rewards_earned(reward_shares: u128, acc: u128, acc_at_last_settle: u128) -> Result<u64> {
    let delta = acc.safe_sub(acc_at_last_settle)?;
    to_u64(reward_shares.safe_mul(delta)?.safe_div(REWARD_SCALE)?)
}

/// What a stream at `rate` pays in total over `elapsed` seconds: rate · elapsed / REWARD_SCALE, rounded down.
/// The rewards earned by all reward shares over the same time never exceed it. A negative `elapsed`, or a
/// result above u64::MAX, is `MathOverflow`.
pub fn streamed(rate: u128, elapsed: i64) -> Result<u64> {
    to_u64(rate.safe_mul(to_u128(elapsed)?)?.safe_div(REWARD_SCALE)?)
}

#[cfg(test)]
mod tests;
