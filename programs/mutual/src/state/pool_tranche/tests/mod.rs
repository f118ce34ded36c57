//! Unit tests of `state/pool_tranche.rs`.
use super::*;
use crate::math::staking::REWARD_SCALE;
use test_case::test_case;

fn fresh(id: u32) -> PoolTranche {
    let mut c = PoolTranche::deserialize(&mut &[0u8; PoolTranche::INIT_SPACE][..]).unwrap();
    c.init(251, Pubkey::new_from_array([6; 32]), id);
    c
}

#[test]
fn size_is_pinned() {
    // version 1 + bump 1 + pool 32 + id 4 + expired 1 + stake_at_expiry 8 + shares_at_expiry 16
    // + acc_at_expiry 16 + _reserved 16 = 95
    assert_eq!(PoolTranche::INIT_SPACE, 95);
    assert_eq!(PoolTranche::SIZE, 8 + 95);
}

#[test]
fn init_and_expire() {
    let mut c = fresh(216);
    assert_eq!((c.version, c.bump, c.id), (1, 251, 216));
    assert_eq!(c.pool, Pubkey::new_from_array([6; 32]));
    assert!(!c.expired);
    c.expire(3_000, 2_000, 7 * REWARD_SCALE).unwrap();
    assert!(c.expired);
    assert_eq!(
        (c.stake_at_expiry, c.shares_at_expiry, c.acc_at_expiry),
        (3_000, 2_000, 7 * REWARD_SCALE)
    );
    let before = borsh::to_vec(&c).unwrap();
    assert_eq!(
        c.expire(1, 1, 1).unwrap_err(),
        MutualError::TrancheAlreadyExpired.into()
    );
    assert_eq!(borsh::to_vec(&c).unwrap(), before);
}

#[test]
fn redeem_before_expiry_is_refused() {
    let mut c = fresh(216);
    assert_eq!(
        c.redeem(0).unwrap_err(),
        MutualError::TrancheNotExpired.into()
    );
    assert_eq!(
        c.redeem(1).unwrap_err(),
        MutualError::TrancheNotExpired.into()
    );
    assert!(!c.expired);
}

#[test_case(10, 3, &[1, 1, 1] => vec![3, 3, 4]; "last takes the remainder")]
#[test_case(10, 3, &[2, 1] => vec![6, 4]; "two then one")]
#[test_case(2_999_999_999, 3_000_000_000, &[1_000_000_000, 2_000_000_000] => vec![999_999_999, 2_000_000_000]; "after a burn")]
#[test_case(1_000, 1_000, &[0, 400, 600] => vec![0, 400, 600]; "one to one")]
#[test_case(0, 5, &[5] => vec![0]; "stake burnt to nothing")]
#[test_case(7, 1, &[1] => vec![7]; "one share takes all")]
fn redeem_rounds_down_and_leaves_the_rest(stake: u64, shares: u128, takes: &[u128]) -> Vec<u64> {
    let mut c = fresh(3);
    c.expire(stake, shares, 0).unwrap();
    let out: Vec<u64> = takes.iter().map(|s| c.redeem(*s).unwrap()).collect();
    assert_eq!(out.iter().sum::<u64>(), stake);
    assert_eq!((c.stake_at_expiry, c.shares_at_expiry), (0, 0));
    out
}

#[test]
fn redeem_more_shares_than_left_is_refused_unchanged() {
    let mut c = fresh(3);
    c.expire(10, 3, 0).unwrap();
    assert_eq!(c.redeem(2).unwrap(), 6);
    let before = borsh::to_vec(&c).unwrap();
    assert_eq!(c.redeem(2).unwrap_err(), MutualError::MathOverflow.into());
    assert_eq!(borsh::to_vec(&c).unwrap(), before);
    assert_eq!(c.redeem(1).unwrap(), 4);
}

#[test_case(2_000_000_000, 5 * REWARD_SCALE, 0 => 10_000_000_000; "from zero")]
#[test_case(2_000_000_000, 5 * REWARD_SCALE, 2 * REWARD_SCALE => 6_000_000_000; "from a debt")]
#[test_case(3, 5 * REWARD_SCALE + 333_333_333_333, 5 * REWARD_SCALE => 0; "rounds down")]
#[test_case(2_000_000_000, 5 * REWARD_SCALE, 5 * REWARD_SCALE => 0; "settled at expiry")]
#[test_case(2_000_000_000, 5 * REWARD_SCALE, 6 * REWARD_SCALE => 0; "debt past the expiry earns nothing")]
fn rewards_until_expiry(reward_shares: u128, acc: u128, debt: u128) -> u64 {
    let mut c = fresh(3);
    c.expire(1, 1, acc).unwrap();
    c.rewards_until_expiry(reward_shares, debt).unwrap()
}

#[test]
fn the_invariant_fails_on_expiry_figures_before_expiry() {
    let mut c = fresh(3);
    c.invariant().unwrap();
    c.stake_at_expiry = 1;
    assert_eq!(
        c.invariant().unwrap_err(),
        MutualError::TrancheAccountingBroken.into()
    );
    let mut expired = fresh(3);
    expired.expire(10, 10, 1).unwrap();
    expired.invariant().unwrap();
}
