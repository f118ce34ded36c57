//! Unit tests of `state/params.rs`.
use super::*;

#[test]
fn defaults_are_valid() {
    Params::defaults(1, 1).validate().unwrap();
}

#[test]
fn defaults_match_the_spec() {
    let p = Params::defaults(10, 20);
    assert_eq!(p.capacity_ratio, Bps(20_000));
    assert_eq!(p.join_fee, 2_000_000);
    assert_eq!(p.min_deposit, 50_000_000);
    assert_eq!(p.max_reward, 50_000_000_000);
    assert_eq!(p.min_voting_period, 259_200);
    assert_eq!(p.assessor_lock_period, 1_209_600);
    assert_eq!((p.min_mcr, p.initial_book_value), (10, 20));
}
