use crate::constants::ACCOUNT_VERSION;
use crate::errors::MutualError;
use crate::math::staking::{rewards_earned, stake_for_shares};
use crate::math::SafeMath;
use anchor_lang::prelude::*;

/// The checkpoint of one tranche of one pool, `["tranche", pool, id u32 le]`, created by the first deposit into
/// it. At expiry the pool writes here the stake the tranche held and the reward accumulator, so its positions
/// withdraw against fixed figures however long after expiry they come, and the pool keeps only 8 tranches.
#[account]
#[derive(InitSpace, Debug)]
pub struct PoolTranche {
    pub version: u8,
    pub bump: u8,
    pub pool: Pubkey,
    pub id: u32,
    pub expired: bool,
    /// Stake not yet withdrawn, and the stake shares it belongs to; both shrink as positions withdraw, so the
    /// last withdrawal takes whatever rounding left.
    pub stake_at_expiry: u64,
    pub shares_at_expiry: u128,
    /// The pool's reward per share when the tranche expired: its reward shares earn nothing after.
    pub acc_at_expiry: u128,
    pub _reserved: [u8; 16],
}

impl PoolTranche {
    pub const SIZE: usize = 8 + PoolTranche::INIT_SPACE;

    /// What must hold after every write: the figures taken at expiry are empty until the tranche expires.
    pub fn invariant(&self) -> Result<()> {
        require!(
            self.expired
                || (self.stake_at_expiry == 0
                    && self.shares_at_expiry == 0
                    && self.acc_at_expiry == 0),
            MutualError::TrancheAccountingBroken
        );
        Ok(())
    }

    pub fn init(&mut self, bump: u8, pool: Pubkey, id: u32) {
        self.version = ACCOUNT_VERSION;
        self.bump = bump;
        self.pool = pool;
        self.id = id;
        self.expired = false;
    }

    pub fn expire(&mut self, stake: u64, shares: u128, acc: u128) -> Result<()> {
        require!(!self.expired, MutualError::TrancheAlreadyExpired);
        self.expired = true;
        self.stake_at_expiry = stake;
        self.shares_at_expiry = shares;
        self.acc_at_expiry = acc;
        Ok(())
    }

    /// The stake `shares` redeem for once the tranche has expired, rounded down.
    pub fn stake_for(&self, shares: u128) -> Result<u64> {
        require!(self.expired, MutualError::TrancheNotExpired);
        stake_for_shares(shares, self.stake_at_expiry, self.shares_at_expiry)
    }

    /// Redeems `shares` of the expired tranche for their stake (`stake_for`), which leaves the checkpoint.
    pub fn redeem(&mut self, shares: u128) -> Result<u64> {
        let stake = self.stake_for(shares)?;
        self.stake_at_expiry = self.stake_at_expiry.safe_sub(stake)?;
        self.shares_at_expiry = self.shares_at_expiry.safe_sub(shares)?;
        Ok(stake)
    }

    /// What `reward_shares` earned since `debt`, up to this tranche's expiry.
    pub fn rewards_until_expiry(&self, reward_shares: u128, debt: u128) -> Result<u64> {
        rewards_earned(reward_shares, self.acc_at_expiry.max(debt), debt)
    }
}

#[cfg(test)]
mod tests;
