use crate::constants::ACCOUNT_VERSION;
use crate::errors::MutualError;
use crate::math::staking::rewards_earned;
use crate::math::SafeMath;
use crate::state::pool::Minted;
use crate::state::PoolTranche;
use anchor_lang::prelude::*;

/// A member's stake in one tranche of one pool, `["position", pool, tranche u32 le, owner]`. A transfer moves
/// it to the new owner's address; a position with no shares and no rewards left closes and refunds its rent.
#[account]
#[derive(InitSpace, Debug)]
pub struct StakePosition {
    pub version: u8,
    pub bump: u8,
    pub pool: Pubkey,
    pub tranche: u32,
    pub owner: Pubkey,
    pub stake_shares: u128,
    pub reward_shares: u128,
    /// The manager's fee shares this position's deposits minted; they leave the tranche with it on extend.
    pub fee_shares: u128,
    /// The reward accumulator as of the last settlement.
    pub reward_debt: u128,
    /// Rewards settled and not yet withdrawn, stake-token base units.
    pub pending_rewards: u64,
    pub _reserved: [u8; 8],
}

impl StakePosition {
    pub const SIZE: usize = 8 + StakePosition::INIT_SPACE;

    /// What must hold after every write: reward shares are minted from stake shares with a bonus of at least
    /// one (`math::staking::reward_shares_for`), so there are never fewer of them, and a position without stake
    /// shares holds no reward or fee shares (they leave together).
    pub fn invariant(&self) -> Result<()> {
        require!(
            self.reward_shares >= self.stake_shares
                && (self.stake_shares > 0 || (self.reward_shares == 0 && self.fee_shares == 0)),
            MutualError::PositionAccountingBroken
        );
        Ok(())
    }

    pub fn init(&mut self, bump: u8, pool: Pubkey, tranche: u32, owner: Pubkey, acc: u128) {
        self.version = ACCOUNT_VERSION;
        self.bump = bump;
        self.pool = pool;
        self.tranche = tranche;
        self.owner = owner;
        self.reward_debt = acc;
    }

    /// Books what the reward shares earned up to `acc` (the pool's accumulator, or the tranche's at expiry).
    pub fn settle(&mut self, acc: u128) -> Result<()> {
        let earned = rewards_earned(self.reward_shares, acc, self.reward_debt)?;
        self.pending_rewards = self.pending_rewards.safe_add(earned)?;
        self.reward_debt = acc;
        Ok(())
    }

    /// Adds shares minted by a deposit; settle first.
    pub fn add(&mut self, minted: Minted) -> Result<()> {
        self.stake_shares = self.stake_shares.safe_add(minted.stake_shares)?;
        self.reward_shares = self.reward_shares.safe_add(minted.reward_shares)?;
        self.fee_shares = self.fee_shares.safe_add(minted.fee_shares)?;
        Ok(())
    }

    /// Takes every share out (extend, transfer); settle first.
    pub fn take_shares(&mut self) -> Minted {
        let minted = Minted {
            stake_shares: self.stake_shares,
            reward_shares: self.reward_shares,
            fee_shares: self.fee_shares,
        };
        self.stake_shares = 0;
        self.reward_shares = 0;
        self.fee_shares = 0;
        minted
    }

    pub fn take_rewards(&mut self) -> u64 {
        std::mem::take(&mut self.pending_rewards)
    }

    /// Moves settled rewards in from another position of the same owner's stake (extend, transfer).
    pub fn add_rewards(&mut self, rewards: u64) -> Result<()> {
        self.pending_rewards = self.pending_rewards.safe_add(rewards)?;
        Ok(())
    }

    /// Withdraws against the position's tranche `checkpoint`: the rewards earned up to the tranche's expiry
    /// accumulator once it has expired, up to the pool's `pool_acc` until then, when `rewards`; the stake, at the
    /// checkpoint's stake per share, when `stake`, and only after expiry (`TrancheNotExpired`). Taking nothing is
    /// `NothingToWithdraw`. The pool must be processed up to now first.
    pub fn withdraw(
        &mut self,
        checkpoint: &mut PoolTranche,
        pool_acc: u128,
        stake: bool,
        rewards: bool,
    ) -> Result<Withdrawal> {
        require!(!stake || checkpoint.expired, MutualError::TrancheNotExpired);
        let acc = if checkpoint.expired {
            checkpoint.acc_at_expiry
        } else {
            pool_acc
        };
        // Priced before the first write, so that a refusal leaves both accounts as they were.
        let earned = rewards_earned(self.reward_shares, acc, self.reward_debt)?;
        let withdrawal = Withdrawal {
            stake: if stake {
                checkpoint.stake_for(self.stake_shares)?
            } else {
                0
            },
            rewards: if rewards {
                self.pending_rewards.safe_add(earned)?
            } else {
                0
            },
        };
        require!(withdrawal.total()? > 0, MutualError::NothingToWithdraw);
        self.settle(acc)?;
        if stake {
            let shares = self.take_shares().stake_shares;
            checkpoint.redeem(shares)?;
        }
        if rewards {
            self.take_rewards();
        }
        Ok(withdrawal)
    }

    /// Nothing left: the position closes.
    pub fn is_empty(&self) -> bool {
        self.stake_shares == 0 && self.pending_rewards == 0
    }
}

/// What one `stake_withdraw` pays out, stake-token base units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Withdrawal {
    pub stake: u64,
    pub rewards: u64,
}

impl Withdrawal {
    pub fn total(&self) -> Result<u64> {
        self.stake.safe_add(self.rewards)
    }
}

#[cfg(test)]
mod tests;
