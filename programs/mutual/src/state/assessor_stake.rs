use crate::constants::{ACCOUNT_VERSION, STAKE_CHECKPOINTS};
use crate::errors::MutualError;
use crate::math::claims::{weight_at, StakeCheckpoint};
use crate::math::SafeMath;
use anchor_lang::prelude::*;

/// A member's stake in the assessment vault, `["assessor", wallet]` (PROTOCOL.md §2, §6). Its deposit history
/// (a few checkpoints) gives the weight it may vote with in a poll: only stake that was there before the poll
/// started. `Member::assessor_stake` mirrors `stake`.
#[account]
#[derive(InitSpace, Debug)]
pub struct AssessorStake {
    pub version: u8,
    pub bump: u8,
    pub wallet: Pubkey,
    /// Stake-token base units in the assessment vault.
    pub stake: u64,
    /// Oldest first; `checkpoint_count` of them are used.
    pub checkpoints: [StakeCheckpoint; STAKE_CHECKPOINTS],
    pub checkpoint_count: u8,
    /// No unstaking before this: the last vote plus `assessor_lock_period`, so that fraud can still be punished.
    pub locked_until: i64,
    /// Flagged by the authority: the stake was burnt and the assessor may not vote or stake again.
    pub fraud: bool,
    pub _reserved: [u8; 32],
}

impl AssessorStake {
    pub const SIZE: usize = 8 + AssessorStake::INIT_SPACE;

    /// What must hold after every write: the history is within its array, oldest first, and never above the
    /// stake now; a flagged assessor holds nothing.
    pub fn invariant(&self) -> Result<()> {
        let history = self
            .checkpoints
            .get(..usize::from(self.checkpoint_count))
            .ok_or(MutualError::AssessorStakeAccountingBroken)?;
        let mut after = i64::MIN;
        for point in history {
            require!(
                point.at > after && point.total <= self.stake,
                MutualError::AssessorStakeAccountingBroken
            );
            after = point.at;
        }
        require!(
            !self.fraud || self.stake == 0,
            MutualError::AssessorStakeAccountingBroken
        );
        Ok(())
    }

    pub fn init(&mut self, bump: u8, wallet: Pubkey) {
        self.version = ACCOUNT_VERSION;
        self.bump = bump;
        self.wallet = wallet;
    }

    fn history(&self) -> &[StakeCheckpoint] {
        &self.checkpoints[..usize::from(self.checkpoint_count).min(STAKE_CHECKPOINTS)]
    }

    pub fn require_not_banned(&self) -> Result<()> {
        require!(!self.fraud, MutualError::AssessorBanned);
        Ok(())
    }

    /// Adds `amount` at `now`. It counts only for polls filed after `now`; when the history is full its oldest
    /// point is dropped (which only lowers weights in polls older than the next point).
    pub fn deposit(&mut self, amount: u64, now: i64) -> Result<()> {
        self.require_not_banned()?;
        require!(amount > 0, MutualError::ZeroAmount);
        self.stake = self.stake.safe_add(amount)?;
        let count = usize::from(self.checkpoint_count);
        if count > 0 && self.checkpoints[count - 1].at == now {
            self.checkpoints[count - 1].total = self.stake;
            return Ok(());
        }
        let point = StakeCheckpoint {
            at: now,
            total: self.stake,
        };
        if count == STAKE_CHECKPOINTS {
            self.checkpoints.rotate_left(1);
            self.checkpoints[STAKE_CHECKPOINTS - 1] = point;
        } else {
            self.checkpoints[count] = point;
            self.checkpoint_count += 1;
        }
        Ok(())
    }

    /// Takes `amount` out, once the lock has passed.
    pub fn withdraw(&mut self, amount: u64, now: i64) -> Result<()> {
        require!(amount > 0, MutualError::ZeroAmount);
        require!(now >= self.locked_until, MutualError::AssessorStakeLocked);
        require!(amount <= self.stake, MutualError::InsufficientBalance);
        self.stake = self.stake.safe_sub(amount)?;
        self.cap_history();
        Ok(())
    }

    /// What is left of the history never counts for more than the stake now.
    fn cap_history(&mut self) {
        let stake = self.stake;
        for checkpoint in self.checkpoints.iter_mut() {
            checkpoint.total = checkpoint.total.min(stake);
        }
    }

    /// The weight in a poll filed at `poll_start`: stake added at or after it does not count. Zero is refused.
    pub fn weight_for(&self, poll_start: i64) -> Result<u64> {
        self.require_not_banned()?;
        let weight = weight_at(self.history(), self.stake, poll_start);
        require!(weight > 0, MutualError::ZeroVoteWeight);
        Ok(weight)
    }

    /// A vote at `now` locks the stake for `lock_period` more.
    pub fn lock_after_vote(&mut self, now: i64, lock_period: u32) -> Result<()> {
        self.locked_until = self.locked_until.max(now.safe_add(i64::from(lock_period))?);
        Ok(())
    }

    /// Flags the assessor as fraudulent and takes the whole stake, for burning.
    pub fn flag_fraud(&mut self) -> Result<u64> {
        require!(!self.fraud, MutualError::AssessorBanned);
        self.fraud = true;
        let burnt = self.stake;
        self.stake = 0;
        self.cap_history();
        Ok(burnt)
    }
}

#[cfg(test)]
mod tests;
