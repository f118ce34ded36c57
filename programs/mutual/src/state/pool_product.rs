use crate::constants::{ACCOUNT_VERSION, ACTIVE_TRANCHES, COVER_BUCKETS, MAX_TARGET_WEIGHT};
use crate::errors::MutualError;
use crate::math::capacity::{listing_capacity, live_allocations, ListingCapacity};
use crate::math::periods::{booking_tranche, bucket_id, ended_buckets, expiry_slot, tranche_slot};
use crate::math::pricing::{base_price, bumped_price};
use crate::math::{Bps, SafeMath};
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
    /// Cover allocated per active tranche (slot `tranche % 8`), in `ALLOCATION_UNIT`s, booked in the tranche
    /// `math::periods::booking_tranche` names for the cover's expiry bucket. Eight u32s: one 256-bit word.
    pub allocations: [u32; ACTIVE_TRANCHES],
    /// Allocations that expire with bucket `b`, at slot `b % 18`: they stop counting when `b` ends.
    pub expiring: [u32; COVER_BUCKETS],
    /// The oldest bucket whose expiring allocations are not yet released.
    pub next_expiry_bucket: u32,
    pub _reserved: [u8; 32],
}

impl PoolProduct {
    pub const SIZE: usize = 8 + PoolProduct::INIT_SPACE;

    /// What must hold after every write: the allocations per tranche add up to the allocations per expiry
    /// bucket (booked, unbooked and released together), and the weight and target price are within bounds.
    pub fn invariant(&self) -> Result<()> {
        let sum = |units: &[u32]| units.iter().map(|u| u64::from(*u)).sum::<u64>();
        require!(
            sum(&self.allocations) == sum(&self.expiring)
                && self.target_weight <= MAX_TARGET_WEIGHT
                && self.target_price <= Bps::ONE,
            MutualError::ListingAccountingBroken
        );
        Ok(())
    }

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

    /// Records a buy at `paid` that took `amount` of a `total_capacity` (both in allocation units): the listing's
    /// price is bumped from there (`math::pricing::bumped_price`) as of `now`. A buy too small to bump it by a
    /// basis point leaves the listing as it was, so its price keeps decaying: were the decay restarted from
    /// `paid` (which rounds the fraction of a basis point decayed so far away), free edits or dust buys repeated
    /// faster than a basis point decays would hold a bumped price up for good. Returns the bumped price.
    pub fn record_buy_price(
        &mut self,
        paid: Bps,
        price_bump: Bps,
        amount: u64,
        total_capacity: u64,
        now: i64,
    ) -> Result<Bps> {
        let bumped = bumped_price(paid, price_bump, amount, total_capacity)?;
        if bumped == paid {
            return Ok(self.bumped_price);
        }
        self.bumped_price = bumped;
        self.bumped_at = now;
        Ok(bumped)
    }

    /// The listing's capacity for a cover expiring with `expiry_bucket`, in allocation units, with the pool as
    /// it stands (processed up to `now`) and this listing's weight (`math::capacity::listing_capacity`). Ended
    /// buckets are left out without being released, so it reads the same before and after `release_ended`.
    pub fn capacity(
        &self,
        pool: &Pool,
        capacity_ratio: Bps,
        capacity_reduction: Bps,
        expiry_bucket: u32,
        now: i64,
    ) -> Result<ListingCapacity> {
        let live = live_allocations(
            &self.allocations,
            &self.expiring,
            self.next_expiry_bucket,
            bucket_id(now)?,
        )?;
        listing_capacity(
            &pool.tranche_stakes()?,
            &live,
            pool.first_active_tranche,
            booking_tranche(expiry_bucket)?,
            capacity_ratio,
            capacity_reduction,
            self.target_weight,
        )
    }

    /// Releases the allocations of every bucket that has ended by `now` (at most a ring's worth), so that the ring
    /// slots can take new buckets. Bounded: 18 buckets at most.
    pub fn release_ended(&mut self, now: i64) -> Result<()> {
        let current = bucket_id(now)?;
        for bucket in ended_buckets(self.next_expiry_bucket, current) {
            let slot = tranche_slot(booking_tranche(bucket)?);
            let expiring = &mut self.expiring[expiry_slot(bucket)];
            self.allocations[slot] = self.allocations[slot].safe_sub(*expiring)?;
            *expiring = 0;
        }
        self.next_expiry_bucket = self.next_expiry_bucket.max(current);
        Ok(())
    }

    /// Books `units` of a cover expiring with `expiry_bucket` (released ended buckets first). A bucket beyond the
    /// ring (never the case for a valid period) is `MathOverflow`.
    pub fn book(&mut self, units: u64, expiry_bucket: u32, now: i64) -> Result<()> {
        self.release_ended(now)?;
        let ahead = expiry_bucket.safe_sub(self.next_expiry_bucket)?;
        require!((ahead as usize) < COVER_BUCKETS, MutualError::MathOverflow);
        let units = u32::try_from(units).map_err(|_| error!(MutualError::MathOverflow))?;
        let slot = tranche_slot(booking_tranche(expiry_bucket)?);
        self.allocations[slot] = self.allocations[slot].safe_add(units)?;
        let expiring = &mut self.expiring[expiry_slot(expiry_bucket)];
        *expiring = expiring.safe_add(units)?;
        Ok(())
    }

    /// Takes back `units` booked for a cover expiring with `expiry_bucket`, before their bucket ends (an edit, or
    /// an expiry inside the bucket). Once the bucket has ended they are released already: nothing to do.
    pub fn unbook(&mut self, units: u64, expiry_bucket: u32, now: i64) -> Result<()> {
        self.release_ended(now)?;
        if expiry_bucket < self.next_expiry_bucket {
            return Ok(());
        }
        let units = u32::try_from(units).map_err(|_| error!(MutualError::MathOverflow))?;
        let slot = tranche_slot(booking_tranche(expiry_bucket)?);
        self.allocations[slot] = self.allocations[slot].safe_sub(units)?;
        let expiring = &mut self.expiring[expiry_slot(expiry_bucket)];
        *expiring = expiring.safe_sub(units)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;

/// One product's listing in a pool.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProductListing {
    pub product_id: u32,
    /// Share of the pool's capacity offered: ≤ 100; 0 takes the product off (its allocations stay).
    pub weight: u16,
    /// Annual price at rest: ≥ the product's minimum price, ≤ 100%.
    pub target_price: Bps,
}
