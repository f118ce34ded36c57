use crate::constants::{
    ACCOUNT_VERSION, ACTIVE_TRANCHES, LAZY_PROCESS_STEPS, MAX_TOTAL_WEIGHT, REWARD_BUCKETS,
};
use crate::errors::MutualError;
use crate::math::periods::{
    bucket_end, bucket_id, is_active_tranche, tranche_end, tranche_id, tranche_slot,
};
use crate::math::staking::{
    accrue_reward_per_share, fee_shares_for, reward_rate_for, reward_shares_for, rewards_earned,
    stake_for_shares, stake_shares_for,
};
use crate::math::{Bps, SafeMath};
use crate::state::PoolTranche;
use anchor_lang::prelude::*;

/// The shares of one active tranche.
#[derive(
    AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, Default, PartialEq, Eq,
)]
pub struct TrancheShares {
    pub stake_shares: u128,
    /// Reward shares of the stakers, lock bonus included.
    pub reward_shares: u128,
    /// The manager's fee, as reward shares on top of the stakers'.
    pub fee_shares: u128,
}

/// What a deposit minted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Minted {
    pub stake_shares: u128,
    pub reward_shares: u128,
    pub fee_shares: u128,
}

/// How far `Pool::process` got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Processed {
    /// Boundaries crossed in this call.
    pub steps: u32,
    /// Whether the pool is now processed up to `now`.
    pub caught_up: bool,
}

/// A staking pool, `["pool", id u32 le]` (PROTOCOL.md §4). Stake is counted in the 8 active tranches (a ring,
/// slot `id % 8`), at one pool-wide stake per share, so a burn lowers every tranche alike. Rewards stream into
/// one accumulator; each stream's end is a rate decrease in the bucket ring.
#[account]
#[derive(InitSpace, Debug)]
pub struct Pool {
    pub version: u8,
    pub bump: u8,
    pub vault_bump: u8,
    pub id: u32,
    pub manager: Pubkey,
    /// `["pool_vault", pool]`: stake-token account owned by the config PDA; holds the stake, expired stake not
    /// yet withdrawn, and rewards.
    pub vault: Pubkey,
    /// Only the manager may stake in a private pool.
    pub is_private: bool,
    /// Set when a claim burns the last of the stake; a halted pool takes no deposits or allocations.
    pub halted: bool,
    pub pool_fee: Bps,
    pub max_pool_fee: Bps,
    /// Σ target weights of the pool's products: ≤ 2000.
    pub total_weight: u16,
    /// Stake in the active tranches, stake-token base units.
    pub active_stake: u64,
    pub stake_share_supply: u128,
    /// Reward shares of the active tranches, the manager's fee shares included.
    pub reward_share_supply: u128,
    pub tranches: [TrancheShares; ACTIVE_TRANCHES],
    /// The oldest tranche not yet expired: the ring holds it and the 7 after it.
    pub first_active_tranche: u32,
    /// The oldest bucket whose end is not yet processed.
    pub next_bucket: u32,
    /// Rewards per reward share, scaled by `REWARD_SCALE`, as of `processed_at`.
    pub acc_reward_per_share: u128,
    /// Stake-token base units per second streamed to reward shares, scaled by `REWARD_SCALE`.
    pub reward_rate: u128,
    /// The rate that stops at the end of bucket `b`, at slot `b % 16`.
    pub rate_decreases: [u128; REWARD_BUCKETS],
    /// The time the accumulator and the tranches are processed up to.
    pub processed_at: i64,
    /// Σ fee shares of the active tranches, and what they earned.
    pub manager_fee_shares: u128,
    pub manager_reward_debt: u128,
    pub manager_rewards: u64,
    pub created_at: i64,
    /// Open claims on covers this pool backs, by the ring slot of the tranche each holds (decision 60): while a
    /// slot's count is above 0 its tranche does not expire, and while any is, the pool takes no deposits.
    pub claims_holding: [u16; ACTIVE_TRANCHES],
    pub _reserved: [u8; 48],
}

impl Pool {
    pub const SIZE: usize = 8 + Pool::INIT_SPACE;

    #[allow(clippy::too_many_arguments)]
    pub fn init(
        &mut self,
        bump: u8,
        vault_bump: u8,
        id: u32,
        manager: Pubkey,
        vault: Pubkey,
        is_private: bool,
        pool_fee: Bps,
        max_pool_fee: Bps,
        now: i64,
    ) -> Result<()> {
        require!(max_pool_fee < Bps::ONE, MutualError::InvalidPoolFee);
        self.version = ACCOUNT_VERSION;
        self.bump = bump;
        self.vault_bump = vault_bump;
        self.id = id;
        self.manager = manager;
        self.vault = vault;
        self.is_private = is_private;
        self.halted = false;
        self.max_pool_fee = max_pool_fee;
        self.set_fee(pool_fee)?;
        self.total_weight = 0;
        self.first_active_tranche = tranche_id(now)?;
        self.next_bucket = bucket_id(now)?;
        self.processed_at = now;
        self.created_at = now;
        self.invariant()
    }

    pub fn set_manager(&mut self, manager: Pubkey) {
        self.manager = manager;
    }

    /// A new fee applies to the reward shares of deposits from now on; shares already minted keep theirs.
    pub fn set_fee(&mut self, pool_fee: Bps) -> Result<()> {
        require!(pool_fee <= self.max_pool_fee, MutualError::PoolFeeAboveMax);
        self.pool_fee = pool_fee;
        Ok(())
    }

    /// Replaces one product's weight in the pool's total.
    pub fn reweight(&mut self, old: u16, new: u16) -> Result<()> {
        let total = u32::from(self.total_weight)
            .safe_sub(u32::from(old))?
            .safe_add(u32::from(new))?;
        require!(
            total <= u32::from(MAX_TOTAL_WEIGHT),
            MutualError::TotalWeightExceeded
        );
        self.total_weight = u16::try_from(total).map_err(|_| MutualError::TotalWeightExceeded)?;
        Ok(())
    }

    pub fn require_can_stake(&self, staker: &Pubkey) -> Result<()> {
        require!(!self.halted, MutualError::PoolHalted);
        require!(
            !self.is_private || *staker == self.manager,
            MutualError::PrivatePool
        );
        Ok(())
    }

    /// Whether claims are open on covers the pool backs.
    pub fn has_open_claims(&self) -> bool {
        self.claims_holding.iter().any(|count| *count > 0)
    }

    /// New stake waits for the pool's open claims to settle: stake deposited after a claim was filed never pays
    /// for it (decision 60).
    pub fn require_no_open_claims(&self) -> Result<()> {
        require!(!self.has_open_claims(), MutualError::PoolHasOpenClaims);
        Ok(())
    }

    /// A claim was filed on a cover booked in tranche `booked` of this pool: the tranche it holds is `booked`,
    /// or the oldest active one if `booked` has expired already (a claim filed in a window a claims pause
    /// extended). That tranche, and so every later one, does not expire until the claim settles. Returns it.
    pub fn hold_for_claim(&mut self, booked: u32) -> Result<u32> {
        let held = booked.max(self.first_active_tranche);
        require!(
            is_active_tranche(held, self.first_active_tranche),
            MutualError::InvalidTranche
        );
        let count = &mut self.claims_holding[tranche_slot(held)];
        *count = count.checked_add(1).ok_or(MutualError::MathOverflow)?;
        Ok(held)
    }

    /// The claim that held tranche `held` settled.
    pub fn release_claim(&mut self, held: u32) -> Result<()> {
        let count = &mut self.claims_holding[tranche_slot(held)];
        *count = count
            .checked_sub(1)
            .ok_or(MutualError::PoolAccountingBroken)?;
        Ok(())
    }

    /// Processes bucket ends and tranche expiries in time order up to `now`, at most `max_steps` of them. A
    /// tranche that still holds shares expires only when its checkpoint is among `checkpoints`; without it,
    /// processing stops there and `caught_up` is false. A tranche an open claim holds does not expire: its
    /// end is skipped (buckets still end) until the claim settles, and it then expires at the next processing,
    /// as late as that is.
    pub fn process(
        &mut self,
        now: i64,
        max_steps: u32,
        checkpoints: &mut [&mut PoolTranche],
    ) -> Result<Processed> {
        let mut steps = 0;
        loop {
            let next_bucket_end = bucket_end(self.next_bucket);
            let next_tranche_end =
                if self.claims_holding[tranche_slot(self.first_active_tranche)] > 0 {
                    i64::MAX
                } else {
                    // Past its end after a hold: it expires now.
                    tranche_end(self.first_active_tranche).max(self.processed_at)
                };
            let boundary = next_bucket_end.min(next_tranche_end);
            if boundary > now {
                self.accrue_to(now)?;
                return Ok(Processed {
                    steps,
                    caught_up: true,
                });
            }
            if steps == max_steps {
                return Ok(Processed {
                    steps,
                    caught_up: false,
                });
            }
            self.accrue_to(boundary)?;
            if next_tranche_end == boundary {
                let id = self.first_active_tranche;
                let needs_checkpoint = self.tranches[tranche_slot(id)].stake_shares > 0;
                let checkpoint = checkpoints.iter_mut().find(|c| c.id == id);
                match (needs_checkpoint, checkpoint) {
                    (false, _) => self.expire_tranche(None)?,
                    (true, Some(c)) => self.expire_tranche(Some(c))?,
                    (true, None) => {
                        return Ok(Processed {
                            steps,
                            caught_up: false,
                        })
                    }
                }
            }
            if next_bucket_end == boundary {
                let slot = self.next_bucket as usize % REWARD_BUCKETS;
                self.reward_rate = self.reward_rate.safe_sub(self.rate_decreases[slot])?;
                self.rate_decreases[slot] = 0;
                self.next_bucket = self.next_bucket.safe_add(1)?;
            }
            steps += 1;
        }
    }

    /// The lazy processing of the manager's settings (`pool_set_products`, `pool_set_fee`, `pool_set_manager`):
    /// up to `LAZY_PROCESS_STEPS`, without checkpoints. They read neither stake nor rewards, so a pool still
    /// behind afterwards is not refused.
    pub fn process_lazily(&mut self, now: i64) -> Result<()> {
        self.process(now, LAZY_PROCESS_STEPS, &mut [])?;
        Ok(())
    }

    /// Refuses to act on a pool that is not processed up to now: its shares and rewards would be stale.
    pub fn require_caught_up(processed: Processed) -> Result<()> {
        require!(processed.caught_up, MutualError::PoolProcessingPending);
        Ok(())
    }

    fn accrue_to(&mut self, time: i64) -> Result<()> {
        let elapsed = time.safe_sub(self.processed_at)?;
        self.acc_reward_per_share = accrue_reward_per_share(
            self.acc_reward_per_share,
            self.reward_rate,
            elapsed,
            self.reward_share_supply,
        )?;
        self.processed_at = time;
        Ok(())
    }

    /// The manager's fee shares earn like any others; this books what they earned up to the accumulator.
    fn settle_manager(&mut self) -> Result<()> {
        let earned = rewards_earned(
            self.manager_fee_shares,
            self.acc_reward_per_share,
            self.manager_reward_debt,
        )?;
        self.manager_rewards = self.manager_rewards.safe_add(earned)?;
        self.manager_reward_debt = self.acc_reward_per_share;
        Ok(())
    }

    /// Expires the oldest active tranche at its end: its stake leaves the active total at the pool's stake per
    /// share, and the checkpoint keeps that stake and the accumulator for its positions to withdraw against.
    fn expire_tranche(&mut self, checkpoint: Option<&mut PoolTranche>) -> Result<()> {
        let id = self.first_active_tranche;
        let slot = tranche_slot(id);
        let shares = self.tranches[slot];
        let stake = stake_for_shares(
            shares.stake_shares,
            self.active_stake,
            self.stake_share_supply,
        )?;
        if let Some(checkpoint) = checkpoint {
            checkpoint.expire(stake, shares.stake_shares, self.acc_reward_per_share)?;
        }
        self.settle_manager()?;
        self.manager_fee_shares = self.manager_fee_shares.safe_sub(shares.fee_shares)?;
        self.active_stake = self.active_stake.safe_sub(stake)?;
        self.stake_share_supply = self.stake_share_supply.safe_sub(shares.stake_shares)?;
        self.reward_share_supply = self
            .reward_share_supply
            .safe_sub(shares.reward_shares.safe_add(shares.fee_shares)?)?;
        self.tranches[slot] = TrancheShares::default();
        self.first_active_tranche = id.safe_add(1)?;
        Ok(())
    }

    /// The id of the current tranche, which is also the first active one once processed.
    pub fn current_tranche(&self) -> u32 {
        self.first_active_tranche
    }

    /// Adds `amount` of stake to `tranche` (one of the 8 active ones): stake shares at the pool's stake per
    /// share, reward shares with the lock bonus, and the manager's fee shares on top.
    pub fn deposit(&mut self, tranche: u32, amount: u64) -> Result<Minted> {
        require!(
            is_active_tranche(tranche, self.first_active_tranche),
            MutualError::InvalidTranche
        );
        let stake_shares = stake_shares_for(amount, self.active_stake, self.stake_share_supply)?;
        // The active stake is checked before the first write: a deposit too large for it leaves the pool as it was.
        let active_stake = self.active_stake.safe_add(amount)?;
        let minted = self.add_shares(tranche, stake_shares)?;
        self.active_stake = active_stake;
        Ok(minted)
    }

    /// Mints the reward and fee shares for `stake_shares` placed in `tranche`, and books all three.
    fn add_shares(&mut self, tranche: u32, stake_shares: u128) -> Result<Minted> {
        let offset = tranche.safe_sub(self.first_active_tranche)?;
        let reward_shares = reward_shares_for(stake_shares, offset)?;
        let fee_shares = fee_shares_for(reward_shares, self.pool_fee)?;
        self.settle_manager()?;
        let slot = &mut self.tranches[tranche_slot(tranche)];
        slot.stake_shares = slot.stake_shares.safe_add(stake_shares)?;
        slot.reward_shares = slot.reward_shares.safe_add(reward_shares)?;
        slot.fee_shares = slot.fee_shares.safe_add(fee_shares)?;
        self.manager_fee_shares = self.manager_fee_shares.safe_add(fee_shares)?;
        self.stake_share_supply = self.stake_share_supply.safe_add(stake_shares)?;
        self.reward_share_supply = self
            .reward_share_supply
            .safe_add(reward_shares.safe_add(fee_shares)?)?;
        Ok(Minted {
            stake_shares,
            reward_shares,
            fee_shares,
        })
    }

    /// Moves a position's shares from one active tranche to a later one, at the same stake per share (it is
    /// pool-wide): stake shares move unchanged, reward and fee shares are minted again for the longer lock.
    pub fn extend(&mut self, from: u32, to: u32, old: Minted) -> Result<Minted> {
        require!(
            is_active_tranche(from, self.first_active_tranche)
                && is_active_tranche(to, self.first_active_tranche)
                && to > from,
            MutualError::InvalidTranche
        );
        self.settle_manager()?;
        let slot = &mut self.tranches[tranche_slot(from)];
        slot.stake_shares = slot.stake_shares.safe_sub(old.stake_shares)?;
        slot.reward_shares = slot.reward_shares.safe_sub(old.reward_shares)?;
        slot.fee_shares = slot.fee_shares.safe_sub(old.fee_shares)?;
        self.manager_fee_shares = self.manager_fee_shares.safe_sub(old.fee_shares)?;
        self.stake_share_supply = self.stake_share_supply.safe_sub(old.stake_shares)?;
        self.reward_share_supply = self
            .reward_share_supply
            .safe_sub(old.reward_shares.safe_add(old.fee_shares)?)?;
        self.add_shares(to, old.stake_shares)
    }

    /// The stake of each active tranche (ring order, slot `id % 8`), at the pool's stake per share, rounded down.
    pub fn tranche_stakes(&self) -> Result<[u64; ACTIVE_TRANCHES]> {
        let mut stakes = [0u64; ACTIVE_TRANCHES];
        for (stake, shares) in stakes.iter_mut().zip(self.tranches.iter()) {
            *stake = stake_for_shares(
                shares.stake_shares,
                self.active_stake,
                self.stake_share_supply,
            )?;
        }
        Ok(stakes)
    }

    /// Streams `amount` of stake token (already minted to the vault) to the reward shares from `now` until
    /// the end of bucket `end_bucket`. The entry point `cover_buy` calls with the rewards share of a premium.
    /// The pool must be processed up to `now`.
    pub fn stream_rewards(&mut self, amount: u64, now: i64, end_bucket: u32) -> Result<u128> {
        require!(self.processed_at == now, MutualError::PoolProcessingPending);
        let ahead = end_bucket
            .checked_sub(self.next_bucket)
            .ok_or(MutualError::InvalidRewardStream)?;
        require!(
            (ahead as usize) < REWARD_BUCKETS,
            MutualError::InvalidRewardStream
        );
        let rate = reward_rate_for(amount, bucket_end(end_bucket).safe_sub(now)?)?;
        self.reward_rate = self.reward_rate.safe_add(rate)?;
        let slot = end_bucket as usize % REWARD_BUCKETS;
        self.rate_decreases[slot] = self.rate_decreases[slot].safe_add(rate)?;
        Ok(rate)
    }

    /// Burns up to `amount` of the active stake for a claim payout (the pool must be processed up to now). Stake
    /// per share is pool-wide, so every tranche loses the same share of its stake. A pool left with shares but
    /// no stake is halted: no deposit or allocation could be priced in it again. Returns the stake burnt.
    pub fn burn_stake(&mut self, amount: u64) -> Result<u64> {
        let burnt = amount.min(self.active_stake);
        self.active_stake = self.active_stake.safe_sub(burnt)?;
        if self.active_stake == 0 && self.stake_share_supply > 0 {
            self.halted = true;
        }
        Ok(burnt)
    }

    /// Takes the manager's fee rewards booked so far, to pay out (`pool_fee_withdraw`).
    pub fn take_manager_rewards(&mut self) -> Result<u64> {
        self.settle_manager()?;
        let amount = self.manager_rewards;
        self.manager_rewards = 0;
        Ok(amount)
    }

    pub fn invariant(&self) -> Result<()> {
        require!(self.max_pool_fee < Bps::ONE, MutualError::InvalidPoolFee);
        require!(
            self.pool_fee <= self.max_pool_fee,
            MutualError::PoolFeeAboveMax
        );
        require!(
            self.total_weight <= MAX_TOTAL_WEIGHT,
            MutualError::TotalWeightExceeded
        );
        let (stake, reward) = self.tranches.iter().fold((0u128, 0u128), |(s, r), t| {
            (
                s.saturating_add(t.stake_shares),
                r.saturating_add(t.reward_shares)
                    .saturating_add(t.fee_shares),
            )
        });
        require!(
            stake == self.stake_share_supply && reward == self.reward_share_supply,
            MutualError::PoolAccountingBroken
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests;
