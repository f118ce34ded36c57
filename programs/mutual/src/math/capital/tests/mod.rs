//! Unit tests of `math/capital.rs`.
use super::*;
use proptest::prelude::*;

#[test]
fn the_rent_reserve_stays() {
    assert_eq!(sweepable(2_890_880, 890_880), 2_000_000);
    assert_eq!(sweepable(890_880, 890_880), 0);
    assert_eq!(sweepable(1, 890_880), 0);
}

#[test]
fn the_mcr_ratio_rounds_down() {
    assert_eq!(mcr_ratio_bps(3_000, 1_000).unwrap(), Some(30_000));
    assert_eq!(mcr_ratio_bps(1_999, 2_000).unwrap(), Some(9_995));
    assert_eq!(mcr_ratio_bps(1, 3).unwrap(), Some(3_333));
    assert_eq!(mcr_ratio_bps(5, 0).unwrap(), None);
}

proptest! {
    #[test]
    fn the_ratio_is_at_least_one_exactly_when_capital_covers_the_mcr(capital in 0u64..=u64::MAX / 10_000, mcr in 1u64..=u64::MAX / 10_000) {
        let ratio = mcr_ratio_bps(capital, mcr).unwrap().unwrap();
        prop_assert_eq!(ratio >= 10_000, capital >= mcr);
    }
}
