//! Unit and property tests of `math/periods.rs`.
use super::*;
use crate::constants::DAY;
use proptest::prelude::*;
use test_case::test_case;

#[test_case(0 => 0; "the epoch")]
#[test_case(TRANCHE_DURATION - 1 => 0; "last second of the first tranche")]
#[test_case(TRANCHE_DURATION => 1; "first second of the second tranche")]
#[test_case(1_800_000_000 => 228; "2027")]
fn tranche_id_table(now: i64) -> u32 {
    tranche_id(now).unwrap()
}

#[test_case(0 => 0; "the epoch")]
#[test_case(BUCKET_DURATION - 1 => 0; "last second of the first bucket")]
#[test_case(BUCKET_DURATION => 1; "first second of the second bucket")]
#[test_case(1_800_000_000 => 744; "2027")]
fn bucket_id_table(now: i64) -> u32 {
    bucket_id(now).unwrap()
}

#[test_case(-1; "one second before the epoch")]
#[test_case(i64::MIN; "i64 min")]
#[test_case(i64::MAX; "an id above u32 max")]
fn unrepresentable_times_are_refused(now: i64) {
    let overflow: anchor_lang::error::Error = MutualError::MathOverflow.into();
    assert_eq!(tranche_id(now).unwrap_err(), overflow);
    assert_eq!(bucket_id(now).unwrap_err(), overflow);
}

#[test]
fn the_last_ids_still_fit() {
    let last = tranche_start(u32::MAX);
    assert_eq!(tranche_id(last).unwrap(), u32::MAX);
    assert_eq!(tranche_id(tranche_end(u32::MAX) - 1).unwrap(), u32::MAX);
    assert!(tranche_id(tranche_end(u32::MAX)).is_err());
    assert_eq!(bucket_id(bucket_end(u32::MAX) - 1).unwrap(), u32::MAX);
    assert!(bucket_id(bucket_end(u32::MAX)).is_err());
}

#[test_case(0 => (0, 91 * DAY); "first tranche")]
#[test_case(228 => (228 * 91 * DAY, 229 * 91 * DAY); "tranche 228")]
fn tranche_bounds(id: u32) -> (i64, i64) {
    (tranche_start(id), tranche_end(id))
}

#[test_case(0 => 28 * DAY; "first bucket")]
#[test_case(744 => 745 * 28 * DAY; "bucket 744")]
fn bucket_end_table(id: u32) -> i64 {
    bucket_end(id)
}

#[test_case(10, 10 => true; "the current tranche")]
#[test_case(17, 10 => true; "the last active tranche")]
#[test_case(18, 10 => false; "one past the last")]
#[test_case(9, 10 => false; "an expired tranche")]
#[test_case(u32::MAX, u32::MAX - 7 => true; "last active near u32 max")]
#[test_case(u32::MAX, u32::MAX => true; "current at u32 max")]
#[test_case(0, u32::MAX => false; "no wrap around")]
fn is_active_tranche_table(id: u32, current: u32) -> bool {
    is_active_tranche(id, current)
}

proptest! {
    /// Every second lies in the tranche and bucket its id names: start ≤ now < end.
    #[test]
    fn now_lies_within_its_period(now in 0i64..=i64::from(u32::MAX) * BUCKET_DURATION) {
        let tranche = tranche_id(now).unwrap();
        prop_assert!(tranche_start(tranche) <= now && now < tranche_end(tranche));
        let bucket = bucket_id(now).unwrap();
        prop_assert!(bucket_end(bucket) - BUCKET_DURATION <= now && now < bucket_end(bucket));
    }

    /// Ids never go backwards in time.
    #[test]
    fn ids_are_monotone(a in 0i64..1i64 << 50, b in 0i64..1i64 << 50) {
        let (lo, hi) = (a.min(b), a.max(b));
        prop_assert!(tranche_id(lo).unwrap() <= tranche_id(hi).unwrap());
        prop_assert!(bucket_id(lo).unwrap() <= bucket_id(hi).unwrap());
    }

    /// Exactly 8 tranches are active at any time: the current one and the 7 after it.
    #[test]
    fn eight_tranches_are_active(current in 0u32..=u32::MAX - 16) {
        let active = (current.saturating_sub(8)..current + 16)
            .filter(|&id| is_active_tranche(id, current))
            .count();
        prop_assert_eq!(active, ACTIVE_TRANCHES);
        prop_assert!(is_active_tranche(current, current));
        prop_assert!(is_active_tranche(current + 7, current));
    }
}
