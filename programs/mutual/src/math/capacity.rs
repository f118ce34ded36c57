//! A pool's capacity for a product (PROTOCOL.md §4 "Capacity").
//!
//! Capacity for a cover ending at E is the stake of the tranches still active at E + grace, times the capacity
//! ratio, times (1 − the product's capacity reduction), times the pool's weight for the product / 100. What is
//! already allocated is subtracted. Allocations are counted in `ALLOCATION_UNIT`s (0.01 stake token) and stored
//! as u32, as Nexus packs NXM allocations: the 8 tranche allocations of a listing fill one 256-bit word.
//! Capacity used rounds up and capacity left rounds down, so rounding never lets a pool sell more than it holds.
use super::periods::{booking_tranche, ended_buckets, expiry_slot, tranche_slot};
use super::{mul_div_up, Bps, SafeMath};
use crate::constants::{
    ACTIVE_TRANCHES, BPS_DENOMINATOR, COVER_BUCKETS, MAX_TARGET_WEIGHT, STAKE_UNIT,
};
use crate::errors::MutualError;
use anchor_lang::prelude::*;

/// One allocation unit is 0.01 stake token in base units. A u32 of them holds up to 42.9 million tokens.
pub const ALLOCATION_UNIT: u64 = STAKE_UNIT / 100;

/// A weight is out of 100: weight 100 puts the whole (ratio-scaled, reduced) stake behind one product.
const WEIGHT_DENOMINATOR: u64 = 100;

fn to_u32(value: u64) -> Result<u32> {
    u32::try_from(value).map_err(|_| error!(MutualError::MathOverflow))
}

fn to_usize(value: u32) -> Result<usize> {
    usize::try_from(value).map_err(|_| error!(MutualError::MathOverflow))
}

/// Allocation units that `stake` base units use: ⌈stake / ALLOCATION_UNIT⌉, rounded up (capacity used). More
/// than u32::MAX units is `MathOverflow`.
pub fn to_allocation_units_up(stake: u64) -> Result<u32> {
    to_u32(mul_div_up(stake, 1, ALLOCATION_UNIT)?)
}

/// Whole allocation units in `stake` base units: ⌊stake / ALLOCATION_UNIT⌋, rounded down (capacity free). More
/// than u32::MAX units is `MathOverflow`, never saturated.
pub fn to_allocation_units_down(stake: u64) -> Result<u32> {
    to_u32(stake / ALLOCATION_UNIT)
}

/// Stake base units in `units` allocation units: units · ALLOCATION_UNIT (exact). At most u32::MAX · 1e7 <
/// 2^56, so it cannot overflow.
pub fn from_allocation_units(units: u32) -> u64 {
    u64::from(units) * ALLOCATION_UNIT
}

/// Total capacity of a pool for a product, in stake base units: stake_active_at_end · capacity_ratio / 10_000 ·
/// (10_000 − capacity_reduction) / 10_000 · weight / 100, rounded down once at the end (u128 intermediate).
///
/// `stake_active_at_end` is what [`stake_active_at`] returns for the tranche of the cover's end plus grace. A
/// reduction above 100% is `InvalidCapacityReduction`, a weight above `MAX_TARGET_WEIGHT` is `InvalidWeight`,
/// and a capacity above u64::MAX is `MathOverflow`.
pub fn pool_capacity(
    stake_active_at_end: u64,
    capacity_ratio: Bps,
    capacity_reduction: Bps,
    weight: u16,
) -> Result<u64> {
    require!(
        capacity_reduction.get() <= BPS_DENOMINATOR,
        MutualError::InvalidCapacityReduction
    );
    require!(weight <= MAX_TARGET_WEIGHT, MutualError::InvalidWeight);
    let bps = u128::from(BPS_DENOMINATOR);
    // At most 2^64 · 2^16 · 2^14 · 2^7 = 2^101: the numerator fits a u128.
    let numerator = u128::from(stake_active_at_end)
        .safe_mul(u128::from(capacity_ratio.get()))?
        .safe_mul(bps.safe_sub(u128::from(capacity_reduction.get()))?)?
        .safe_mul(u128::from(weight))?;
    let denominator = bps
        .safe_mul(bps)?
        .safe_mul(u128::from(WEIGHT_DENOMINATOR))?;
    u64::try_from(numerator.safe_div(denominator)?).map_err(|_| error!(MutualError::MathOverflow))
}

/// The stake still active in tranche `end_tranche` (the tranche a cover is booked in): the sum of the stake of
/// every active tranche with id ≥ end_tranche.
///
/// `tranche_stakes` is the pool's tranche ring: slot `id % 8` holds the stake of tranche `id`, for the 8
/// tranches first_active_tranche..first_active_tranche + 8. An `end_tranche` at or past the last of them leaves
/// 0; one before the first counts all 8. The sum is checked.
pub fn stake_active_at(
    tranche_stakes: &[u64; ACTIVE_TRANCHES],
    first_active_tranche: u32,
    end_tranche: u32,
) -> Result<u64> {
    let expired = to_usize(end_tranche.saturating_sub(first_active_tranche))?;
    let first_slot = to_usize(first_active_tranche)? % ACTIVE_TRANCHES;
    (expired..ACTIVE_TRANCHES).try_fold(0u64, |sum, offset| {
        sum.safe_add(tranche_stakes[(first_slot + offset) % ACTIVE_TRANCHES])
    })
}

/// Allocation units still live in each tranche slot (slot `id % 8` of the tranche an allocation is booked in):
/// the recorded allocations less what the expiry buckets that ended since `next_expiry_bucket` release, so
/// expired cover stops using capacity without any crank. Bucket `b` releases `expiring[b % COVER_BUCKETS]` from
/// the slot of `booking_tranche(b)`. Saturates at 0.
pub fn live_allocations(
    allocations: &[u32; ACTIVE_TRANCHES],
    expiring: &[u32; COVER_BUCKETS],
    next_expiry_bucket: u32,
    current_bucket: u32,
) -> Result<[u64; ACTIVE_TRANCHES]> {
    let mut live = allocations.map(u64::from);
    for bucket in ended_buckets(next_expiry_bucket, current_bucket) {
        let slot = tranche_slot(booking_tranche(bucket)?);
        live[slot] = live[slot].saturating_sub(u64::from(expiring[expiry_slot(bucket)]));
    }
    Ok(live)
}

/// A listing's capacity for a cover booked in one tranche, in allocation units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListingCapacity {
    /// Capacity of the stake that can back the cover (the tranches from the booked one on), rounded down: the
    /// denominator of the price bump.
    pub total: u64,
    /// What the cover may still take.
    pub free: u64,
}

/// The capacity of a listing for a cover booked in tranche `booked`, in allocation units.
///
/// A cover booked in tranche k may be backed by the stake of any tranche from k on. So the listing's
/// allocations stay covered exactly when, for every k, the allocations booked in k or later (A_k) fit in the
/// capacity of the stake of k or later (C_k, by `pool_capacity`, rounded down to units). A new cover booked in
/// T adds to A_k for every k ≤ T, so it may take free = min over first_active ≤ k ≤ T of (C_k − A_k), floored
/// at 0. Total = C_T. A booking past the last active tranche has nothing behind it: 0 and 0.
///
/// `live` is [`live_allocations`]; `tranche_stakes` is the pool's ring (slot `id % 8`).
pub fn listing_capacity(
    tranche_stakes: &[u64; ACTIVE_TRANCHES],
    live: &[u64; ACTIVE_TRANCHES],
    first_active_tranche: u32,
    booked: u32,
    capacity_ratio: Bps,
    capacity_reduction: Bps,
    weight: u16,
) -> Result<ListingCapacity> {
    let booked_offset = to_usize(booked.saturating_sub(first_active_tranche))?;
    if booked_offset >= ACTIVE_TRANCHES {
        return Ok(ListingCapacity::default());
    }
    let (mut stake, mut allocated) = (0u64, 0u64);
    let (mut total, mut free) = (0u64, u64::MAX);
    // From the last active tranche down to the first: each step widens the suffix by one tranche.
    for offset in (0..ACTIVE_TRANCHES).rev() {
        // offset < 8: the cast is exact.
        let slot = tranche_slot(first_active_tranche.wrapping_add(offset as u32));
        stake = stake.safe_add(tranche_stakes[slot])?;
        allocated = allocated.safe_add(live[slot])?;
        if offset > booked_offset {
            continue;
        }
        // Whole units, rounded down; a capacity beyond u32 units stays a u64 here (bookings are checked).
        let capacity =
            pool_capacity(stake, capacity_ratio, capacity_reduction, weight)? / ALLOCATION_UNIT;
        if offset == booked_offset {
            total = capacity;
        }
        free = free.min(capacity.saturating_sub(allocated));
    }
    Ok(ListingCapacity { total, free })
}

#[cfg(test)]
mod tests;
