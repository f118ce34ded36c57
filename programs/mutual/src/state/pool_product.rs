use crate::constants::{ACCOUNT_VERSION, ACTIVE_TRANCHES, MAX_TARGET_WEIGHT, REWARD_BUCKETS};
use crate::errors::MutualError;
use crate::math::capacity::{allocated_units, free_capacity, pool_capacity, stake_active_at};
use crate::math::periods::bucket_id;
use crate::math::pricing::{base_price, bumped_price};
use crate::math::Bps;
use crate::state::Pool;
use anchor_lang::prelude::*;

/// A product listed by a pool, `["pool_product", pool, product]` (PROTOCOL.md §2). The manager sets the
/// weight and target price; `cover_buy` moves the bumped price and the allocations.
#[account]
#[derive(InitSpace, Debug)]
pub struct PoolProduct {
    pub version: u8,
    pub bump: u8,
    pub pool: Pubkey,
    pub product: Pubkey,
    pub pool_id: u32,
    pub product_id: u32,
    /// Share of the pool's capacity offered to the product: ≤ 100.
    pub target_weight: u16,
    /// Annual price the pool asks, at rest: ≥ the product's minimum price, ≤ 100%.
    pub target_price: Bps,
    /// The price after the last buy's bump, and when; it decays back toward the target.
    pub bumped_price: Bps,
    pub bumped_at: i64,
    /// Cover allocated per active tranche (slot `tranche % 8`), in `ALLOCATION_UNIT`s.
    pub allocations: [u32; ACTIVE_TRANCHES],
    /// Allocations that end with bucket `b`, per tranche, at slot `b % 16`: they stop counting when `b` ends.
    pub expiring: [[u32; ACTIVE_TRANCHES]; REWARD_BUCKETS],
    /// The oldest bucket whose expiring allocations are not yet released.
    pub next_expiry_bucket: u32,
    pub _reserved: [u8; 32],
}

impl PoolProduct {
    pub const SIZE: usize = 8 + PoolProduct::INIT_SPACE;

    #[allow(clippy::too_many_arguments)]
    pub fn init(
        &mut self,
        bump: u8,
        pool: Pubkey,
        product: Pubkey,
        pool_id: u32,
        product_id: u32,
        initial_price: Bps,
        current_bucket: u32,
        now: i64,
    ) {
        self.version = ACCOUNT_VERSION;
        self.bump = bump;
        self.pool = pool;
        self.product = product;
        self.pool_id = pool_id;
        self.product_id = product_id;
        self.bumped_price = initial_price;
        self.bumped_at = now;
        self.next_expiry_bucket = current_bucket;
    }

    /// Sets the listing. Returns the previous weight, for the pool's total.
    pub fn set_listing(&mut self, weight: u16, target_price: Bps, min_price: Bps) -> Result<u16> {
        require!(weight <= MAX_TARGET_WEIGHT, MutualError::InvalidWeight);
        require!(
            target_price >= min_price && target_price <= Bps::ONE,
            MutualError::TargetPriceOutOfRange
        );
        let old = self.target_weight;
        self.target_weight = weight;
        self.target_price = target_price;
        Ok(old)
    }
}

impl PoolProduct {
    /// The annual price a buy pays now: the bumped price decayed toward the target
    /// (`math::pricing::base_price`), and never below the product's own minimum price.
    pub fn price_now(&self, decay_per_day: Bps, min_price: Bps, now: i64) -> Result<Bps> {
        let base = base_price(
            self.bumped_price,
            self.bumped_at,
            self.target_price,
            decay_per_day,
            now,
        )?;
        Ok(base.max(min_price))
    }

    /// Records a buy at `paid` that took `amount` of the `capacity` that was free: the listing's price is bumped
    /// from there (`math::pricing::bumped_price`) as of `now`. Returns the new bumped price.
    pub fn record_buy_price(
        &mut self,
        paid: Bps,
        price_bump: Bps,
        amount: u64,
        capacity: u64,
        now: i64,
    ) -> Result<Bps> {
        let bumped = bumped_price(paid, price_bump, amount, capacity)?;
        self.bumped_price = bumped;
        self.bumped_at = now;
        Ok(bumped)
    }

    /// Capacity a cover ending in `end_tranche` (its end plus grace) may still use in this listing, stake-token
    /// base units: the pool's stake active then, times the capacity ratio, the product's reduction and this
    /// listing's weight, less what is already allocated there (`math::capacity`).
    pub fn free_capacity(
        &self,
        pool: &Pool,
        capacity_ratio: Bps,
        capacity_reduction: Bps,
        end_tranche: u32,
        now: i64,
    ) -> Result<u64> {
        let stake = stake_active_at(
            &pool.tranche_stakes()?,
            pool.first_active_tranche,
            end_tranche,
        )?;
        let capacity = pool_capacity(
            stake,
            capacity_ratio,
            capacity_reduction,
            self.target_weight,
        )?;
        let allocated = allocated_units(
            &self.allocations,
            &self.expiring,
            pool.first_active_tranche,
            end_tranche,
            self.next_expiry_bucket,
            bucket_id(now)?,
        );
        Ok(free_capacity(capacity, allocated))
    }
}

#[cfg(test)]
mod tests;
