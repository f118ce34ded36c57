//! A pool's capacity for a product (PROTOCOL.md §4 "Capacity").
//!
//! Capacity for a cover ending at E is the stake of the tranches still active at E + grace, times the capacity
//! ratio, times (1 − the product's capacity reduction), times the pool's weight for the product / 100. What is
//! already allocated is subtracted. Allocations are counted in `ALLOCATION_UNIT`s (0.01 stake token) and stored
//! as u32, as Nexus packs NXM allocations. Capacity used rounds up and capacity left rounds down, so rounding
//! never lets a pool sell more than it holds.
use super::{mul_div_up, Bps, SafeMath};
use crate::constants::{
    ACTIVE_TRANCHES, BPS_DENOMINATOR, MAX_TARGET_WEIGHT, REWARD_BUCKETS, STAKE_UNIT,
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

/// Capacity left: capacity − allocated_units · ALLOCATION_UNIT, floored at 0 (rounded down). Allocations above
/// the capacity (after it shrank with expired tranches, burns or a weight cut) leave 0, never an underflow.
pub fn free_capacity(capacity: u64, allocated_units: u64) -> u64 {
    capacity.saturating_sub(allocated_units.saturating_mul(ALLOCATION_UNIT))
}

/// The stake still active in tranche `end_tranche` (the tranche of the cover's end plus grace): the sum of the
/// stake of every active tranche with id ≥ end_tranche.
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

/// Allocation units still counting against tranches `end_tranche` onwards: Σ allocations of those tranches
/// minus what expires with the buckets that have ended (`next_expiry_bucket..current_bucket`), so expired cover
/// stops using capacity without any crank. Buckets more than a ring (16) back are all ended; saturates at 0.
#[allow(clippy::too_many_arguments)]
pub fn allocated_units(
    allocations: &[u32; ACTIVE_TRANCHES],
    expiring: &[[u32; ACTIVE_TRANCHES]; REWARD_BUCKETS],
    first_active_tranche: u32,
    end_tranche: u32,
    next_expiry_bucket: u32,
    current_bucket: u32,
) -> u64 {
    let ended = current_bucket
        .saturating_sub(next_expiry_bucket)
        .min(REWARD_BUCKETS as u32);
    let skip = end_tranche.saturating_sub(first_active_tranche) as usize;
    (skip..ACTIVE_TRANCHES)
        .map(|offset| {
            let slot = (first_active_tranche as usize + offset) % ACTIVE_TRANCHES;
            let released: u64 = (0..ended)
                .map(|b| {
                    let bucket = next_expiry_bucket as usize + b as usize;
                    u64::from(expiring[bucket % REWARD_BUCKETS][slot])
                })
                .sum();
            u64::from(allocations[slot]).saturating_sub(released)
        })
        .sum()
}

#[cfg(test)]
mod tests;
