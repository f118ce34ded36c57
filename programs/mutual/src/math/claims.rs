//! Claims arithmetic (PROTOCOL.md §6): the assessment reward of a claim and its deposit, the phases of a poll and
//! its silent-ending extension, an assessor's weight in a poll, each voter's share of the reward, and the stake a
//! payout burns from each pool that backed the cover. What the mutual pays out (rewards, shares) rounds down;
//! what it takes (burns, deposits) rounds up.
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

/// How far a vote of `weight` cast with less than `silent_ending` left moves a poll's end, as Nexus V2's
/// `_castVote` has it: min(silent_ending, silent_ending · weight / tally_before), rounded down, where
/// `tally_before` is the weight counted *before* this vote. A vote into an empty tally moves it the whole
/// `silent_ending`; a vote with more time left moves nothing.
pub fn silent_ending_extension(
    time_left: i64,
    silent_ending: u32,
    weight: u64,
    tally_before: u64,
) -> Result<i64> {
    if time_left >= i64::from(silent_ending) {
        return Ok(0);
    }
    if tally_before == 0 {
        return Ok(i64::from(silent_ending));
    }
    // weight / tally_before may exceed 1: compute in u128 and cap before narrowing.
    let extension = (u128::from(silent_ending) * u128::from(weight) / u128::from(tally_before))
        .min(u128::from(silent_ending));
    // ≤ silent_ending, a u32: the cast is exact.
    Ok(extension as i64)
}

/// What the voters of a denied claim share: the reward, but never more than the deposit the claim forfeits is
/// worth in stake: min(reward, deposit · sol_base / 1 SOL / book_value), each step rounded down. `sol_base` is
/// one SOL in base units at its low price, 0 when no SOL price is known: then a denial rewards nothing, since
/// nothing the mutual could value paid for it (decision 55). Voting on an accepted claim earns the whole reward.
pub fn denied_reward(reward: u64, deposit: u64, sol_base: u64, book_value: u64) -> Result<u64> {
    if sol_base == 0 {
        return Ok(0);
    }
    let deposit_base = mul_div_down(deposit, sol_base, crate::constants::LAMPORTS_PER_SOL)?;
    let deposit_stake = super::prices::base_to_stake_down(deposit_base, book_value)?;
    Ok(reward.min(deposit_stake))
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

/// The timing of one poll, copied from the parameters when the cover's segment was bought (decision 58): a
/// parameter change never moves the phases of a poll on cover already sold. Seconds.
#[derive(
    AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, Default, PartialEq, Eq,
)]
pub struct PollTimes {
    /// From the first vote (or commitment) to the end of voting.
    pub voting_period: u32,
    /// A vote with less than this left extends the end (open polls only).
    pub silent_ending: u32,
    /// After the end of a commit-reveal poll, for the reveals.
    pub reveal_period: u32,
    /// After the tally is final, for fraud handling.
    pub cooldown: u32,
    /// After the cooldown, for the payout of an accepted claim.
    pub payout_window: u32,
    /// A poll nobody votes on ends this long after the claim was filed.
    pub max_poll: u32,
}

/// Where a poll is at a moment.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PollPhase {
    /// Votes (or commitments) are taken.
    Voting,
    /// Commit-reveal only: commitments are revealed.
    Reveal,
    /// The tally is final but for fraud undo.
    Cooldown,
    /// The outcome is final: an accepted claim may be paid, voters take their rewards.
    PayoutWindow,
    /// The payout window has passed.
    Closed,
}

/// The moment the tally of a poll becomes final: `end` for an open poll, `end + reveal_period` for a
/// commit-reveal one, and `start + max_poll` for a poll that never got a vote (`end` = 0).
pub fn tally_end(times: &PollTimes, commit_reveal: bool, start: i64, end: i64) -> Result<i64> {
    if end == 0 {
        return start.safe_add(i64::from(times.max_poll));
    }
    if commit_reveal {
        return end.safe_add(i64::from(times.reveal_period));
    }
    Ok(end)
}

/// The phase of a poll filed at `start` whose voting ends at `end` (0 while nobody has voted) at `now`:
/// voting until `end` (or until `start + max_poll` without a vote), then the reveal window of a commit-reveal
/// poll, then `cooldown`, then `payout_window`, then closed. Each phase starts at the exact second the previous
/// one ends.
pub fn poll_phase(
    times: &PollTimes,
    commit_reveal: bool,
    start: i64,
    end: i64,
    now: i64,
) -> Result<PollPhase> {
    let voting_until = if end == 0 {
        start.safe_add(i64::from(times.max_poll))?
    } else {
        end
    };
    let tallied = tally_end(times, commit_reveal, start, end)?;
    let cooled = tallied.safe_add(i64::from(times.cooldown))?;
    let closes = cooled.safe_add(i64::from(times.payout_window))?;
    Ok(if now < voting_until {
        PollPhase::Voting
    } else if now < tallied {
        PollPhase::Reveal
    } else if now < cooled {
        PollPhase::Cooldown
    } else if now < closes {
        PollPhase::PayoutWindow
    } else {
        PollPhase::Closed
    })
}

/// A point in an assessor's deposit history: from just after `at`, `total` was staked (deposits at `at` count
/// only for polls filed later).
#[derive(
    AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, Default, PartialEq, Eq,
)]
pub struct StakeCheckpoint {
    pub at: i64,
    pub total: u64,
}

/// An assessor's weight in a poll filed at `start`: the stake of the latest checkpoint strictly before `start`,
/// capped by the stake held now (`stake`), or 0 without one. Stake added at or after the poll's start never
/// counts (the stake-then-vote attack, Nexus #308). `checkpoints` are oldest first; when the history is
/// compacted the oldest point is dropped, which only ever lowers a weight.
pub fn weight_at(checkpoints: &[StakeCheckpoint], stake: u64, start: i64) -> u64 {
    checkpoints
        .iter()
        .rev()
        .find(|checkpoint| checkpoint.at < start)
        .map_or(0, |checkpoint| checkpoint.total.min(stake))
}

/// The deposit a claimant pays, in lamports: max(`min_deposit`, the reward's value in lamports), where the
/// reward is worth `reward_base` base units and one SOL `sol_base` base units (0 when no SOL price is known: the
/// deposit is then the floor). Rounded up, since the mutual takes it.
pub fn claim_deposit(min_deposit: u64, reward_base: u64, sol_base: u64) -> Result<u64> {
    if sol_base == 0 {
        return Ok(min_deposit);
    }
    let reward_lamports = mul_div_up(reward_base, crate::constants::LAMPORTS_PER_SOL, sol_base)?;
    Ok(min_deposit.max(reward_lamports))
}

#[cfg(test)]
mod tests;
