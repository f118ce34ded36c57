//! Unit and property tests of `math/capacity.rs`.
use super::*;
use proptest::prelude::*;
use test_case::test_case;

/// The name of the program error inside an Anchor error, for table tests.
fn as_mutual(error: anchor_lang::error::Error) -> String {
    match error {
        anchor_lang::error::Error::AnchorError(e) => e.error_name,
        other => panic!("not a program error: {other}"),
    }
}

type Named<T> = std::result::Result<T, String>;

const TWO_X: Bps = Bps(20_000);
const MAX_UNITS_STAKE: u64 = u32::MAX as u64 * ALLOCATION_UNIT;

#[test]
fn an_allocation_unit_is_a_hundredth_of_a_token() {
    assert_eq!(ALLOCATION_UNIT, 10_000_000);
    assert_eq!(from_allocation_units(100), STAKE_UNIT);
    assert_eq!(from_allocation_units(u32::MAX), MAX_UNITS_STAKE);
}

#[test_case(0 => (Ok(0), Ok(0)); "nothing")]
#[test_case(1 => (Ok(1), Ok(0)); "one base unit")]
#[test_case(ALLOCATION_UNIT => (Ok(1), Ok(1)); "one unit exactly")]
#[test_case(ALLOCATION_UNIT + 1 => (Ok(2), Ok(1)); "just over one unit")]
#[test_case(STAKE_UNIT => (Ok(100), Ok(100)); "one token")]
#[test_case(MAX_UNITS_STAKE => (Ok(u32::MAX), Ok(u32::MAX)); "u32 max units")]
#[test_case(MAX_UNITS_STAKE + 1 => (Err("MathOverflow".to_string()), Ok(u32::MAX)); "rounds up past u32 max")]
#[test_case(MAX_UNITS_STAKE + ALLOCATION_UNIT => (Err("MathOverflow".to_string()), Err("MathOverflow".to_string()));
    "past u32 max")]
#[test_case(u64::MAX => (Err("MathOverflow".to_string()), Err("MathOverflow".to_string())); "u64 max")]
fn allocation_units_table(stake: u64) -> (Named<u32>, Named<u32>) {
    (
        to_allocation_units_up(stake).map_err(as_mutual),
        to_allocation_units_down(stake).map_err(as_mutual),
    )
}

#[test_case(1_000 * STAKE_UNIT, TWO_X, 0, 100 => Ok(2_000 * STAKE_UNIT); "2x, full weight")]
#[test_case(1_000 * STAKE_UNIT, TWO_X, 5_000, 100 => Ok(1_000 * STAKE_UNIT); "halved by the reduction")]
#[test_case(1_000 * STAKE_UNIT, TWO_X, 0, 25 => Ok(500 * STAKE_UNIT); "a quarter of the weight")]
#[test_case(1_000 * STAKE_UNIT, TWO_X, 10_000, 100 => Ok(0); "reduced to nothing")]
#[test_case(1_000 * STAKE_UNIT, TWO_X, 0, 0 => Ok(0); "no weight")]
#[test_case(7, Bps(10_000), 3_333, 33 => Ok(1); "rounds down once: 7 · 0.6667 · 0.33 = 1.54")]
#[test_case(1, TWO_X, 0, 1 => Ok(0); "dust")]
#[test_case(1, TWO_X, 10_001, 100 => Err("InvalidCapacityReduction".to_string()); "reduction above 100%")]
#[test_case(1, TWO_X, 0, 101 => Err("InvalidWeight".to_string()); "weight above 100")]
#[test_case(u64::MAX, TWO_X, 0, 100 => Err("MathOverflow".to_string()); "above u64 max")]
#[test_case(u64::MAX, Bps(10_000), 0, 100 => Ok(u64::MAX); "u64 max at 1x")]
fn pool_capacity_table(stake: u64, ratio: Bps, reduction: u16, weight: u16) -> Named<u64> {
    pool_capacity(stake, ratio, Bps(reduction), weight).map_err(as_mutual)
}

#[test_case(1_000, 0 => 1_000; "nothing allocated")]
#[test_case(5 * ALLOCATION_UNIT, 2 => 3 * ALLOCATION_UNIT; "some allocated")]
#[test_case(5 * ALLOCATION_UNIT, 5 => 0; "full")]
#[test_case(5 * ALLOCATION_UNIT, 6 => 0; "over-allocated after capacity shrank")]
#[test_case(u64::MAX, u64::MAX => 0; "allocation above u64 in base units")]
fn free_capacity_table(capacity: u64, allocated: u64) -> u64 {
    free_capacity(capacity, allocated)
}

/// Tranche `id` holds stake id + 1 (in slot id % 8), for the active tranches 10..18.
fn ring() -> [u64; ACTIVE_TRANCHES] {
    let mut ring = [0; ACTIVE_TRANCHES];
    for id in 10u64..18 {
        ring[usize::try_from(id % 8).unwrap()] = id + 1;
    }
    ring
}

#[test_case(10, 10 => 11 + 12 + 13 + 14 + 15 + 16 + 17 + 18; "all active")]
#[test_case(10, 0 => 11 + 12 + 13 + 14 + 15 + 16 + 17 + 18; "end before the first active tranche")]
#[test_case(10, 15 => 16 + 17 + 18; "the last three")]
#[test_case(10, 17 => 18; "only the last")]
#[test_case(10, 18 => 0; "past the last")]
#[test_case(10, u32::MAX => 0; "far past the last")]
fn stake_active_at_table(first: u32, end: u32) -> u64 {
    stake_active_at(&ring(), first, end).unwrap()
}

#[test]
fn stake_active_at_wraps_the_ring_near_u32_max() {
    let ring = [1, 2, 3, 4, 5, 6, 7, 8];
    // Tranches u32::MAX - 7 ..= u32::MAX sit in slots 0..=7 (u32::MAX % 8 == 7).
    assert_eq!(stake_active_at(&ring, u32::MAX - 7, u32::MAX).unwrap(), 8);
    assert_eq!(
        stake_active_at(&ring, u32::MAX - 7, u32::MAX - 1).unwrap(),
        15
    );
    // Tranches 13..21: slots 5, 6, 7, 0, 1, ...; from 19 on: slots 3 and 4.
    assert_eq!(stake_active_at(&ring, 13, 19).unwrap(), 4 + 5);
}

#[test]
fn stake_active_at_overflow_is_an_error() {
    let ring = [u64::MAX, 1, 0, 0, 0, 0, 0, 0];
    assert_eq!(
        stake_active_at(&ring, 0, 0).unwrap_err(),
        MutualError::MathOverflow.into()
    );
    assert_eq!(stake_active_at(&ring, 0, 1).unwrap(), 1);
}

proptest! {
    /// Capacity grows with stake and weight, shrinks with the reduction, and never exceeds stake · ratio.
    #[test]
    fn capacity_is_monotone_and_bounded(
        a in 0u64..1u64 << 60,
        b in 0u64..1u64 << 60,
        ratio in 10_000u16..=50_000,
        reduction in 0u16..=10_000,
        w1 in 0u16..=100,
        w2 in 0u16..=100,
    ) {
        let (lo, hi) = (a.min(b), a.max(b));
        let (wlo, whi) = (w1.min(w2), w1.max(w2));
        let cap = |stake, reduction, weight| pool_capacity(stake, Bps(ratio), Bps(reduction), weight).unwrap();
        prop_assert!(cap(lo, reduction, whi) <= cap(hi, reduction, whi));
        prop_assert!(cap(hi, reduction, wlo) <= cap(hi, reduction, whi));
        prop_assert!(cap(hi, reduction, whi) <= cap(hi, reduction / 2, whi));
        let ceiling = u128::from(hi) * u128::from(ratio) / 10_000;
        prop_assert!(u128::from(cap(hi, reduction, whi)) <= ceiling);
    }

    /// Free capacity never underflows, never exceeds the capacity, and what is left, converted down to units,
    /// never lets the allocated plus the new allocation exceed the capacity.
    #[test]
    fn free_capacity_is_safe(capacity in 0u64..=u64::MAX, allocated in 0u64..=u64::MAX) {
        let free = free_capacity(capacity, allocated);
        prop_assert!(free <= capacity);
        if let Ok(units) = to_allocation_units_down(free) {
            let used = u128::from(allocated) * u128::from(ALLOCATION_UNIT);
            let more = u128::from(from_allocation_units(units));
            prop_assert!(free == 0 || used + more <= u128::from(capacity));
        }
    }

    /// Rounding up never uses less than the stake, rounding down never more, and they differ by at most one.
    #[test]
    fn unit_rounding_brackets_the_stake(stake in 0u64..=MAX_UNITS_STAKE) {
        let up = to_allocation_units_up(stake).unwrap();
        let down = to_allocation_units_down(stake).unwrap();
        prop_assert!(from_allocation_units(down) <= stake && stake <= from_allocation_units(up));
        prop_assert!(up - down <= 1);
    }

    /// The stake active at a later tranche is never more than at an earlier one, nor than the ring's total.
    #[test]
    fn stake_active_at_is_monotone(
        ring in proptest::array::uniform8(0u64..1u64 << 60),
        first in 0u32..=u32::MAX,
        e1 in 0u32..=u32::MAX,
        e2 in 0u32..=u32::MAX,
    ) {
        let (lo, hi) = (e1.min(e2), e1.max(e2));
        let total: u64 = ring.iter().sum();
        let at_lo = stake_active_at(&ring, first, lo).unwrap();
        let at_hi = stake_active_at(&ring, first, hi).unwrap();
        prop_assert!(at_hi <= at_lo && at_lo <= total);
        prop_assert_eq!(stake_active_at(&ring, first, first).unwrap(), total);
    }
}

#[test]
fn allocated_units_count_only_later_tranches_and_release_ended_buckets() {
    let mut allocations = [0u32; ACTIVE_TRANCHES];
    let mut expiring = [[0u32; ACTIVE_TRANCHES]; REWARD_BUCKETS];
    // Tranches 10..18 are active (slot = id % 8); 100 units in tranche 11, 40 in tranche 13.
    allocations[11 % 8] = 100;
    allocations[13 % 8] = 40;
    // 30 of tranche 11's units end with bucket 20, 10 of tranche 13's with bucket 21.
    expiring[20 % REWARD_BUCKETS][11 % 8] = 30;
    expiring[21 % REWARD_BUCKETS][13 % 8] = 10;
    assert_eq!(
        allocated_units(&allocations, &expiring, 10, 10, 20, 20),
        140
    );
    assert_eq!(allocated_units(&allocations, &expiring, 10, 12, 20, 20), 40);
    // Bucket 20 has ended: its 30 units no longer count.
    assert_eq!(
        allocated_units(&allocations, &expiring, 10, 10, 20, 21),
        110
    );
    assert_eq!(
        allocated_units(&allocations, &expiring, 10, 10, 20, 22),
        100
    );
    // A cover ending past the last active tranche finds nothing allocated there.
    assert_eq!(allocated_units(&allocations, &expiring, 10, 18, 20, 20), 0);
    // Years later every bucket has ended and nothing underflows.
    assert_eq!(
        allocated_units(&allocations, &expiring, 10, 10, 20, 1_000),
        100
    );
}
