//! Unit and property tests of `math/capacity.rs`.
use super::*;
use crate::constants::COVER_BUCKETS;
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
fn booking_tranches_outlive_their_buckets() {
    use crate::math::periods::{booking_tranche, bucket_end, tranche_end};
    // Bucket 20 ends on day 588 (tranche 6: days 546..637), bucket 22 on day 644 (tranche 7).
    assert_eq!(booking_tranche(18).unwrap(), 5);
    assert_eq!(booking_tranche(20).unwrap(), 6);
    assert_eq!(booking_tranche(21).unwrap(), 6);
    assert_eq!(booking_tranche(22).unwrap(), 7);
    for bucket in 0..1_000 {
        let tranche = booking_tranche(bucket).unwrap();
        assert!(tranche_end(tranche) >= bucket_end(bucket));
        assert!(tranche_end(tranche) - bucket_end(bucket) < crate::constants::TRANCHE_DURATION);
    }
}

#[test]
fn live_allocations_release_ended_buckets_from_their_booking_tranche() {
    let mut allocations = [0u32; ACTIVE_TRANCHES];
    let mut expiring = [0u32; COVER_BUCKETS];
    // 100 units booked in tranche 6, of which 30 expire with bucket 20; 40 in tranche 7, 10 with bucket 22.
    allocations[6] = 100;
    allocations[7] = 40;
    expiring[20 % COVER_BUCKETS] = 30;
    expiring[22 % COVER_BUCKETS] = 10;
    let live = |current| live_allocations(&allocations, &expiring, 20, current).unwrap();
    assert_eq!((live(20)[6], live(20)[7]), (100, 40));
    assert_eq!((live(21)[6], live(21)[7]), (70, 40));
    assert_eq!((live(23)[6], live(23)[7]), (70, 30));
    // Years later every ring slot has ended once, and nothing underflows.
    assert_eq!((live(1_000)[6], live(1_000)[7]), (70, 30));
    assert_eq!(live(1_000).iter().sum::<u64>(), 100);
}

/// Tranches 10..18 are active: tranche 10 holds 100 tokens and tranche 12 holds 50.
fn stakes() -> [u64; ACTIVE_TRANCHES] {
    let mut ring = [0; ACTIVE_TRANCHES];
    ring[10 % 8] = 100 * STAKE_UNIT;
    ring[12 % 8] = 50 * STAKE_UNIT;
    ring
}

fn capacity_at(live: &[u64; ACTIVE_TRANCHES], booked: u32) -> (u64, u64) {
    let c = listing_capacity(&stakes(), live, 10, booked, Bps(10_000), Bps::ZERO, 100).unwrap();
    (c.total, c.free)
}

#[test]
fn listing_capacity_takes_the_tightest_suffix() {
    // 1x, no reduction, full weight: C_10 = 150 tokens = 15,000 units, C_11 = C_12 = 5,000, C_13.. = 0.
    let mut live = [0u64; ACTIVE_TRANCHES];
    assert_eq!(capacity_at(&live, 10), (15_000, 15_000));
    assert_eq!(capacity_at(&live, 12), (5_000, 5_000));
    assert_eq!(capacity_at(&live, 13), (0, 0));
    // 3,000 units booked in tranche 12 and 10,000 in tranche 10.
    live[12 % 8] = 3_000;
    live[10 % 8] = 10_000;
    assert_eq!(capacity_at(&live, 12), (5_000, 2_000));
    assert_eq!(capacity_at(&live, 10), (15_000, 2_000));
    // 1,000 more booked early use the later tranches too: the suffix from tranche 10 is the tight one.
    live[10 % 8] = 11_000;
    assert_eq!(capacity_at(&live, 12), (5_000, 1_000));
    assert_eq!(capacity_at(&live, 11), (5_000, 1_000));
    // A booking before the first active tranche counts from it; one past the last has nothing behind it.
    assert_eq!(capacity_at(&live, 3), capacity_at(&live, 10));
    assert_eq!(capacity_at(&live, 18), (0, 0));
    assert_eq!(capacity_at(&live, u32::MAX), (0, 0));
    // Over-allocated (the stake shrank): nothing free, never an underflow.
    live[12 % 8] = 9_000;
    assert_eq!(capacity_at(&live, 12), (5_000, 0));
}

#[test]
fn listing_capacity_scales_with_ratio_reduction_and_weight() {
    let live = [0u64; ACTIVE_TRANCHES];
    // 150 tokens · 2x · 75% · 40/100 = 90 tokens = 9,000 units
    let c = listing_capacity(&stakes(), &live, 10, 10, TWO_X, Bps(2_500), 40).unwrap();
    assert_eq!((c.total, c.free), (9_000, 9_000));
    assert_eq!(
        listing_capacity(&stakes(), &live, 10, 10, TWO_X, Bps(10_001), 40).unwrap_err(),
        MutualError::InvalidCapacityReduction.into()
    );
}

proptest! {
    /// Booking the free capacity keeps every suffix covered, and the free capacity is the most that does: some
    /// suffix is then exactly full (or nothing was free).
    #[test]
    fn booking_the_free_capacity_keeps_every_suffix_covered(
        stakes in proptest::array::uniform8(0u64..1_000 * STAKE_UNIT),
        live in proptest::array::uniform8(0u64..50_000),
        first in 0u32..1_000,
        offset in 0u32..8,
    ) {
        let booked = first + offset;
        let c = listing_capacity(&stakes, &live, first, booked, Bps(10_000), Bps::ZERO, 100).unwrap();
        prop_assert!(c.free <= c.total);
        let suffix = |from: u32, alloc: &[u64; ACTIVE_TRANCHES]| {
            let (mut s, mut a) = (0u64, 0u64);
            for id in from..first + 8 {
                s += stakes[(id % 8) as usize];
                a += alloc[(id % 8) as usize];
            }
            (s / ALLOCATION_UNIT, a)
        };
        let mut after = live;
        after[(booked % 8) as usize] += c.free;
        let mut tight = c.free == 0;
        for k in first..=booked {
            let (cap_before, alloc_before) = suffix(k, &live);
            let (cap, alloc) = suffix(k, &after);
            // A suffix that was already over stays over by the same amount (only when nothing was free).
            prop_assert!(alloc <= cap || c.free == 0 && alloc == alloc_before && alloc_before > cap_before);
            tight |= alloc == cap;
        }
        prop_assert!(tight);
    }
}
