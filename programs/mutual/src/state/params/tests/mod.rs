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

#[test]
fn the_timelock_defaults_to_two_days() {
    assert_eq!(Params::defaults(1, 1).params_delay, 172_800);
}

fn refused(change: impl Fn(&mut Params)) -> anchor_lang::error::Error {
    let mut p = Params::defaults(1_000, 1);
    change(&mut p);
    p.validate().unwrap_err()
}

#[test]
fn the_bounds_section_8_left_open_are_held() {
    let e = |m: MutualError| -> anchor_lang::error::Error { m.into() };
    assert_eq!(
        refused(|p| p.join_fee = LAMPORTS_PER_SOL + 1),
        e(MutualError::InvalidJoinFee)
    );
    assert_eq!(
        refused(|p| p.min_deposit = 10 * LAMPORTS_PER_SOL + 1),
        e(MutualError::InvalidMinDeposit)
    );
    assert_eq!(
        refused(|p| p.max_reward = 0),
        e(MutualError::InvalidMaxReward)
    );
    assert_eq!(
        refused(|p| p.max_reward = 10_000 * crate::constants::STAKE_UNIT + 1),
        e(MutualError::InvalidMaxReward)
    );
    assert_eq!(refused(|p| p.min_mcr = 0), e(MutualError::InvalidMinMcr));
    assert_eq!(
        refused(|p| p.token_buffer = Bps(49)),
        e(MutualError::InvalidTokenBuffer)
    );
    assert_eq!(
        refused(|p| p.params_delay = DAY as u32 - 1),
        e(MutualError::InvalidParamsDelay)
    );
    assert_eq!(
        refused(|p| p.params_delay = 30 * DAY as u32 + 1),
        e(MutualError::InvalidParamsDelay)
    );
    // and exactly at each bound is fine
    let mut p = Params::defaults(1_000, 1);
    p.join_fee = LAMPORTS_PER_SOL;
    p.min_deposit = 10 * LAMPORTS_PER_SOL;
    p.max_reward = 10_000 * crate::constants::STAKE_UNIT;
    p.token_buffer = Bps(50);
    p.params_delay = DAY as u32;
    p.validate().unwrap();
    p.params_delay = 30 * DAY as u32;
    p.validate().unwrap();
}

#[test]
fn one_change_at_most_doubles_or_halves_min_mcr() {
    let current = Params::defaults(1_000, 1);
    let with = |min_mcr| Params { min_mcr, ..current };
    with(2_000).validate_change(&current).unwrap();
    with(500).validate_change(&current).unwrap();
    let too_large: anchor_lang::error::Error = MutualError::MinMcrChangeTooLarge.into();
    assert_eq!(
        with(2_001).validate_change(&current).unwrap_err(),
        too_large
    );
    assert_eq!(with(499).validate_change(&current).unwrap_err(), too_large);
    // an odd current value: halving rounds toward the protocol (new · 2 ≥ old)
    let odd = Params::defaults(1_001, 1);
    assert_eq!(
        Params {
            min_mcr: 500,
            ..odd
        }
        .validate_change(&odd)
        .unwrap_err(),
        too_large
    );
    Params {
        min_mcr: 501,
        ..odd
    }
    .validate_change(&odd)
    .unwrap();
}

#[test]
fn one_change_at_most_doubles_or_halves_mcr_ratio() {
    let current = Params::defaults(1_000, 1);
    let with = |ratio| Params {
        mcr_ratio: Bps(ratio),
        ..current
    };
    with(24_000).validate_change(&current).unwrap();
    assert_eq!(
        with(23_999).validate_change(&current).unwrap_err(),
        MutualError::McrRatioChangeTooLarge.into()
    );
    // 4.8x to 6x is within the step (and at the bound)
    with(60_000).validate_change(&current).unwrap();
}
