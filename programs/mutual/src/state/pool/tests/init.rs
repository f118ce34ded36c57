//! The pool's size, `init`, fees, weights and access.
use super::*;
use crate::constants::DAY;
use test_case::test_case;

#[test]
fn size_is_pinned() {
    // version 1 + bump 1 + vault_bump 1 + id 4 + manager 32 + vault 32 + is_private 1 + halted 1
    // + pool_fee 2 + max_pool_fee 2 + total_weight 2 + active_stake 8 + stake_share_supply 16
    // + reward_share_supply 16 + tranches 8 · (16 + 16 + 16) = 384 + first_active_tranche 4 + next_bucket 4
    // + acc_reward_per_share 16 + reward_rate 16 + rate_decreases 16 · 16 = 256 + processed_at 8
    // + manager_fee_shares 16 + manager_reward_debt 16 + manager_rewards 8 + created_at 8
    // + claims_holding 8 · 2 + _reserved 48 = 919
    assert_eq!(Pool::INIT_SPACE, 919);
    assert_eq!(Pool::SIZE, 8 + 919);
}

#[test]
fn init_sets_every_field() {
    let now = T0 + 10 * DAY + 5;
    let mut pool = blank();
    let vault = Pubkey::new_from_array([9; 32]);
    pool.init(
        255,
        254,
        7,
        manager(),
        vault,
        true,
        Bps(500),
        Bps(1_500),
        now,
    )
    .unwrap();
    assert_eq!(
        (pool.version, pool.bump, pool.vault_bump, pool.id),
        (1, 255, 254, 7)
    );
    assert_eq!((pool.manager, pool.vault), (manager(), vault));
    assert!(pool.is_private && !pool.halted);
    assert_eq!((pool.pool_fee, pool.max_pool_fee), (Bps(500), Bps(1_500)));
    assert_eq!(pool.total_weight, 0);
    assert_eq!(pool.first_active_tranche, T0_TRANCHE);
    assert_eq!(pool.current_tranche(), T0_TRANCHE);
    assert_eq!(pool.next_bucket, T0_BUCKET);
    assert_eq!((pool.processed_at, pool.created_at), (now, now));
    assert_eq!(pool.active_stake, 0);
    assert_eq!((pool.stake_share_supply, pool.reward_share_supply), (0, 0));
    assert_eq!((pool.acc_reward_per_share, pool.reward_rate), (0, 0));
    assert_eq!(pool.tranches, [TrancheShares::default(); ACTIVE_TRANCHES]);
    assert_eq!(pool.rate_decreases, [0; REWARD_BUCKETS]);
    assert_eq!(
        (
            pool.manager_fee_shares,
            pool.manager_reward_debt,
            pool.manager_rewards
        ),
        (0, 0, 0)
    );
    assert_eq!(pool.tranche_stakes().unwrap(), [0; ACTIVE_TRANCHES]);
    pool.invariant().unwrap();
}

#[test_case(0, 0, None; "no fee")]
#[test_case(9_999, 9_999, None; "highest fee")]
#[test_case(2_000, 2_000, None; "fee at max")]
#[test_case(0, 10_000, Some(MutualError::InvalidPoolFee); "max fee 100%")]
#[test_case(0, 10_001, Some(MutualError::InvalidPoolFee); "max fee above 100%")]
#[test_case(10_000, 10_000, Some(MutualError::InvalidPoolFee); "both 100%")]
#[test_case(2_001, 2_000, Some(MutualError::PoolFeeAboveMax); "fee above max")]
#[test_case(1, 0, Some(MutualError::PoolFeeAboveMax); "any fee above a zero max")]
fn init_checks_fee_bounds(fee: u16, max: u16, expected: Option<MutualError>) {
    let mut pool = blank();
    let result = pool.init(1, 2, 0, manager(), manager(), false, Bps(fee), Bps(max), T0);
    match expected {
        None => {
            result.unwrap();
            assert_eq!((pool.pool_fee, pool.max_pool_fee), (Bps(fee), Bps(max)));
        }
        Some(e) => assert_eq!(result.unwrap_err(), e.into()),
    }
}

#[test]
fn set_fee_up_to_the_max_only() {
    let mut pool = pool_at(T0, 1_000);
    pool.set_fee(Bps(2_000)).unwrap();
    assert_eq!(pool.pool_fee, Bps(2_000));
    pool.set_fee(Bps(0)).unwrap();
    assert_eq!(pool.pool_fee, Bps(0));
    let before = bytes(&pool);
    assert_eq!(
        pool.set_fee(Bps(2_001)).unwrap_err(),
        MutualError::PoolFeeAboveMax.into()
    );
    assert_eq!(bytes(&pool), before);
    pool.invariant().unwrap();
}

#[test]
fn a_new_fee_applies_to_new_deposits_only() {
    let mut pool = pool_at(T0, 1_000);
    let first = pool.deposit(T0_TRANCHE, 9 * TOKEN).unwrap();
    assert_eq!(first.fee_shares, 1_000_000_000); // 9e9 · 1000 / 9000
    pool.set_fee(Bps(2_000)).unwrap();
    assert_eq!(pool.manager_fee_shares, 1_000_000_000);
    let second = pool.deposit(T0_TRANCHE, 8 * TOKEN).unwrap();
    assert_eq!(second.fee_shares, 2_000_000_000); // 8e9 · 2000 / 8000
    assert_eq!(pool.manager_fee_shares, 3_000_000_000);
    assert_eq!(pool.reward_share_supply, 17_000_000_000 + 3_000_000_000);
    pool.invariant().unwrap();
}

#[test]
fn reweight_up_to_2000_then_refuses() {
    let mut pool = pool_at(T0, 0);
    for i in 1..=20u16 {
        pool.reweight(0, 100).unwrap();
        assert_eq!(pool.total_weight, 100 * i);
    }
    assert_eq!(pool.total_weight, MAX_TOTAL_WEIGHT);
    let before = bytes(&pool);
    assert_eq!(
        pool.reweight(0, 1).unwrap_err(),
        MutualError::TotalWeightExceeded.into()
    );
    assert_eq!(
        pool.reweight(50, 51).unwrap_err(),
        MutualError::TotalWeightExceeded.into()
    );
    assert_eq!(bytes(&pool), before);
    // Same weight, lower weight and removal all pass at the cap.
    pool.reweight(100, 100).unwrap();
    assert_eq!(pool.total_weight, 2_000);
    pool.reweight(100, 40).unwrap();
    assert_eq!(pool.total_weight, 1_940);
    pool.reweight(40, 100).unwrap();
    assert_eq!(pool.total_weight, 2_000);
    pool.reweight(100, 0).unwrap();
    assert_eq!(pool.total_weight, 1_900);
    pool.invariant().unwrap();
}

#[test]
fn reweight_of_more_than_the_total_is_an_overflow() {
    let mut pool = pool_at(T0, 0);
    pool.reweight(0, 30).unwrap();
    let before = bytes(&pool);
    assert_eq!(
        pool.reweight(31, 0).unwrap_err(),
        MutualError::MathOverflow.into()
    );
    assert_eq!(bytes(&pool), before);
}

#[test_case(false, false, manager(), None; "public pool, manager")]
#[test_case(false, false, stranger(), None; "public pool, stranger")]
#[test_case(true, false, manager(), None; "private pool, manager")]
#[test_case(true, false, stranger(), Some(MutualError::PrivatePool); "private pool, stranger")]
#[test_case(false, true, stranger(), Some(MutualError::PoolHalted); "halted public pool")]
#[test_case(true, true, manager(), Some(MutualError::PoolHalted); "halted private pool, manager")]
#[test_case(true, true, stranger(), Some(MutualError::PoolHalted); "halted comes first")]
fn require_can_stake(private: bool, halted: bool, staker: Pubkey, expected: Option<MutualError>) {
    let mut pool = pool_at(T0, 0);
    pool.is_private = private;
    pool.halted = halted;
    let result = pool.require_can_stake(&staker);
    match expected {
        None => result.unwrap(),
        Some(e) => assert_eq!(result.unwrap_err(), e.into()),
    }
}

#[test]
fn set_manager_moves_the_private_pool_access() {
    let mut pool = pool_at(T0, 0);
    pool.is_private = true;
    pool.set_manager(stranger());
    assert_eq!(pool.manager, stranger());
    pool.require_can_stake(&stranger()).unwrap();
    assert_eq!(
        pool.require_can_stake(&manager()).unwrap_err(),
        MutualError::PrivatePool.into()
    );
}

#[test]
fn require_caught_up() {
    Pool::require_caught_up(Processed {
        steps: 3,
        caught_up: true,
    })
    .unwrap();
    assert_eq!(
        Pool::require_caught_up(Processed {
            steps: 0,
            caught_up: false
        })
        .unwrap_err(),
        MutualError::PoolProcessingPending.into()
    );
}
