//! Unit and property tests of `state/pool.rs`.
use super::*;
use crate::constants::{
    BUCKET_DURATION, DAY, LAZY_PROCESS_STEPS, MAX_PROCESS_STEPS, STAKE_UNIT, TRANCHE_DURATION,
};
use crate::math::staking::{MIN_FIRST_DEPOSIT, REWARD_SCALE};
use crate::state::StakePosition;
use proptest::prelude::*;
use std::collections::BTreeMap;
use test_case::test_case;

/// 2023-10-26 00:00:00 UTC: the first second of tranche 216 and of bucket 702 (216 · 91 d = 702 · 28 d =
/// 19_656 d). Tranche and bucket boundaries coincide every 364 days (lcm of 91 and 28), so tranche 219 ends
/// with bucket 714.
const T0: i64 = 1_698_278_400;
const T0_TRANCHE: u32 = 216;
const T0_BUCKET: u32 = 702;
const TOKEN: u64 = STAKE_UNIT;

fn manager() -> Pubkey {
    Pubkey::new_from_array([1; 32])
}

fn stranger() -> Pubkey {
    Pubkey::new_from_array([2; 32])
}

fn blank() -> Pool {
    Pool::deserialize(&mut &[0u8; Pool::INIT_SPACE][..]).unwrap()
}

/// A public pool created at `now` with `fee` (max 20%).
fn pool_at(now: i64, fee: u16) -> Pool {
    let mut pool = blank();
    pool.init(
        255,
        254,
        7,
        manager(),
        Pubkey::new_from_array([3; 32]),
        false,
        Bps(fee),
        Bps(2_000),
        now,
    )
    .unwrap();
    pool
}

fn checkpoint(id: u32) -> PoolTranche {
    let mut c = PoolTranche::deserialize(&mut &[0u8; PoolTranche::INIT_SPACE][..]).unwrap();
    c.init(253, Pubkey::new_from_array([4; 32]), id);
    c
}

/// A new position holding `minted`, opened at the pool's accumulator (as `stake_deposit` does).
fn position(pool: &Pool, tranche: u32, minted: Minted) -> StakePosition {
    let mut p = StakePosition::deserialize(&mut &[0u8; StakePosition::INIT_SPACE][..]).unwrap();
    p.init(
        252,
        Pubkey::new_from_array([5; 32]),
        tranche,
        stranger(),
        pool.acc_reward_per_share,
    );
    p.add(minted).unwrap();
    p
}

fn bytes(pool: &Pool) -> Vec<u8> {
    borsh::to_vec(pool).unwrap()
}

fn slot(tranche: u32) -> usize {
    tranche as usize % ACTIVE_TRANCHES
}

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

// ---------------------------------------------------------------------------------------------------------
// init, fees, weights, access
// ---------------------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------------------
// deposit
// ---------------------------------------------------------------------------------------------------------

#[test]
fn first_deposit_mints_one_to_one() {
    let mut pool = pool_at(T0, 0);
    let minted = pool.deposit(T0_TRANCHE, MIN_FIRST_DEPOSIT).unwrap();
    assert_eq!(
        minted,
        Minted {
            stake_shares: 1_000_000_000,
            reward_shares: 1_000_000_000,
            fee_shares: 0
        }
    );
    assert_eq!(pool.active_stake, 1_000_000_000);
    assert_eq!(pool.stake_share_supply, 1_000_000_000);
    assert_eq!(pool.reward_share_supply, 1_000_000_000);
    assert_eq!(
        pool.tranches[slot(T0_TRANCHE)],
        TrancheShares {
            stake_shares: 1_000_000_000,
            reward_shares: 1_000_000_000,
            fee_shares: 0
        }
    );
    pool.invariant().unwrap();
}

#[test]
fn first_deposit_below_one_token_is_refused() {
    let mut pool = pool_at(T0, 1_000);
    let before = bytes(&pool);
    assert_eq!(
        pool.deposit(T0_TRANCHE, TOKEN - 1).unwrap_err(),
        MutualError::FirstDepositTooSmall.into()
    );
    assert_eq!(
        pool.deposit(T0_TRANCHE, 0).unwrap_err(),
        MutualError::ZeroAmount.into()
    );
    assert_eq!(bytes(&pool), before);
    // Once the pool has shares, a small deposit is fine.
    pool.deposit(T0_TRANCHE, TOKEN).unwrap();
    let minted = pool.deposit(T0_TRANCHE + 1, 1).unwrap();
    assert_eq!(
        minted,
        Minted {
            stake_shares: 1,
            reward_shares: 1, // 1 · 1.1, rounded down
            fee_shares: 0     // 1 · 1000 / 9000, rounded down
        }
    );
    pool.invariant().unwrap();
}

#[test]
fn second_deposit_mints_at_the_pool_stake_per_share() {
    let mut pool = pool_at(T0, 0);
    pool.deposit(T0_TRANCHE, 10 * TOKEN).unwrap();
    let second = pool.deposit(T0_TRANCHE + 1, 5 * TOKEN).unwrap();
    assert_eq!(second.stake_shares, 5_000_000_000);
    assert_eq!(second.reward_shares, 5_500_000_000);
    // A claim burns 70% of the stake: 3 tokens back 10 + 5 = 15 tokens' worth of shares.
    pool.active_stake = 4_500_000_000;
    let third = pool.deposit(T0_TRANCHE + 2, TOKEN).unwrap();
    // 1e9 · 15e9 / 4.5e9 = 3_333_333_333.3, rounded down.
    assert_eq!(third.stake_shares, 3_333_333_333);
    // 3_333_333_333 · 1.2 = 3_999_999_999.6, rounded down.
    assert_eq!(third.reward_shares, 3_999_999_999);
    assert_eq!(pool.active_stake, 5_500_000_000);
    assert_eq!(pool.stake_share_supply, 18_333_333_333);
    assert_eq!(
        pool.reward_share_supply,
        10_000_000_000 + 5_500_000_000 + 3_999_999_999
    );
    // Every tranche is worth its shares at the one pool-wide price, rounded down: 10e9, 5e9 and
    // 3_333_333_333 shares · 5.5e9 / 18_333_333_333 = 3_000_000_000.05, 1_500_000_000.03, 999_999_999.87.
    let stakes = pool.tranche_stakes().unwrap();
    assert_eq!(
        [
            stakes[slot(T0_TRANCHE)],
            stakes[slot(T0_TRANCHE + 1)],
            stakes[slot(T0_TRANCHE + 2)]
        ],
        [3_000_000_000, 1_500_000_000, 999_999_999]
    );
    assert_eq!(stakes.iter().sum::<u64>(), pool.active_stake - 1);
    pool.invariant().unwrap();
}

#[test]
fn a_pool_burnt_to_zero_takes_no_deposit() {
    let mut pool = pool_at(T0, 0);
    pool.deposit(T0_TRANCHE, TOKEN).unwrap();
    pool.active_stake = 0;
    let before = bytes(&pool);
    assert_eq!(
        pool.deposit(T0_TRANCHE, TOKEN).unwrap_err(),
        MutualError::PoolHalted.into()
    );
    assert_eq!(bytes(&pool), before);
}

/// A pool holding 10 tokens at a 10% fee, and a copy of it.
fn ten_tokens() -> (Pool, Pool) {
    let mut pool = pool_at(T0, 1_000);
    pool.deposit(T0_TRANCHE, 10 * TOKEN).unwrap();
    let copy = pool.clone();
    (pool, copy)
}

#[test_case(u64::MAX; "u64::MAX")]
#[test_case(u64::MAX - 10 * TOKEN + 1; "the smallest amount that overflows")]
fn a_deposit_overflowing_the_active_stake_is_an_overflow_and_changes_nothing(amount: u64) {
    // The shares of `amount` fit in u128; the active stake does not fit in u64.
    let (mut pool, before) = ten_tokens();
    assert_eq!(
        pool.deposit(T0_TRANCHE + 3, amount).unwrap_err(),
        MutualError::MathOverflow.into()
    );
    assert_eq!(bytes(&pool), bytes(&before));
    // The largest deposit that fits is taken.
    pool.deposit(T0_TRANCHE + 3, u64::MAX - 10 * TOKEN).unwrap();
    assert_eq!(pool.active_stake, u64::MAX);
    pool.invariant().unwrap();
}

#[test]
fn a_deposit_worth_no_share_is_refused() {
    let mut pool = pool_at(T0, 0);
    pool.deposit(T0_TRANCHE, TOKEN).unwrap();
    pool.active_stake = 3 * TOKEN; // each share is worth 3 base units
    let before = bytes(&pool);
    assert_eq!(
        pool.deposit(T0_TRANCHE, 2).unwrap_err(),
        MutualError::DepositTooSmall.into()
    );
    assert_eq!(bytes(&pool), before);
}

#[test_case(0, 10_000; "current tranche: 1.0x")]
#[test_case(1, 11_000; "offset 1: 1.1x")]
#[test_case(3, 13_000; "offset 3: 1.3x")]
#[test_case(7, 17_000; "last active tranche: 1.7x")]
fn reward_shares_carry_the_lock_bonus(offset: u32, per_10_000: u128) {
    let mut pool = pool_at(T0 + 50 * DAY, 0);
    let minted = pool.deposit(T0_TRANCHE + offset, 100 * TOKEN).unwrap();
    assert_eq!(minted.stake_shares, 100_000_000_000);
    assert_eq!(minted.reward_shares, 10_000_000 * per_10_000);
    assert_eq!(
        pool.tranches[slot(T0_TRANCHE + offset)].reward_shares,
        minted.reward_shares
    );
    pool.invariant().unwrap();
}

#[test]
fn offset_3_bonus_is_exactly_1_3x() {
    let mut pool = pool_at(T0, 0);
    let minted = pool.deposit(T0_TRANCHE + 3, 10 * TOKEN).unwrap();
    assert_eq!(
        minted,
        Minted {
            stake_shares: 10_000_000_000,
            reward_shares: 13_000_000_000,
            fee_shares: 0
        }
    );
}

#[test]
fn fee_shares_at_10_percent() {
    let mut pool = pool_at(T0, 1_000);
    let a = pool.deposit(T0_TRANCHE, 1_000 * TOKEN).unwrap();
    // 1e12 · 1000 / 9000 = 111_111_111_111.1: the manager holds 10% of all reward shares, rounded down.
    assert_eq!(a.fee_shares, 111_111_111_111);
    let b = pool.deposit(T0_TRANCHE + 3, 500 * TOKEN).unwrap();
    assert_eq!(b.reward_shares, 650_000_000_000);
    assert_eq!(b.fee_shares, 72_222_222_222);
    assert_eq!(pool.manager_fee_shares, 183_333_333_333);
    assert_eq!(
        pool.reward_share_supply,
        1_000_000_000_000 + 111_111_111_111 + 650_000_000_000 + 72_222_222_222
    );
    assert_eq!(
        pool.tranches[slot(T0_TRANCHE + 3)].fee_shares,
        72_222_222_222
    );
    // The manager's share of the reward shares is 10%, but for rounding.
    let fee = pool.manager_fee_shares * 10_000 / pool.reward_share_supply;
    assert_eq!(fee, 999);
    pool.invariant().unwrap();
}

#[test_case(T0_TRANCHE - 1; "before the first active tranche")]
#[test_case(T0_TRANCHE + 8; "first + 8")]
#[test_case(T0_TRANCHE + 100; "far ahead")]
#[test_case(0; "tranche 0")]
#[test_case(u32::MAX; "u32::MAX")]
fn deposit_outside_the_active_tranches_is_refused(tranche: u32) {
    let mut pool = pool_at(T0, 1_000);
    pool.deposit(T0_TRANCHE, TOKEN).unwrap();
    let before = bytes(&pool);
    assert_eq!(
        pool.deposit(tranche, TOKEN).unwrap_err(),
        MutualError::InvalidTranche.into()
    );
    assert_eq!(bytes(&pool), before);
}

#[test]
fn deposits_fill_the_ring_by_slot() {
    let now = T0 + 3 * TRANCHE_DURATION; // tranche 219, slot 3
    let mut pool = pool_at(now, 0);
    assert_eq!(pool.first_active_tranche, 219);
    for offset in 0..8u32 {
        pool.deposit(219 + offset, u64::from(offset + 1) * TOKEN)
            .unwrap();
    }
    let stakes = pool.tranche_stakes().unwrap();
    // Tranche 219 is at slot 3, tranche 226 at slot 2.
    assert_eq!(stakes, [6, 7, 8, 1, 2, 3, 4, 5].map(|t: u64| t * TOKEN));
    assert_eq!(pool.active_stake, 36 * TOKEN);
    pool.invariant().unwrap();
}

#[test]
fn invariant_catches_broken_accounting() {
    let mut pool = pool_at(T0, 1_000);
    pool.deposit(T0_TRANCHE, TOKEN).unwrap();
    pool.invariant().unwrap();
    let mut p = pool.clone();
    p.stake_share_supply += 1;
    assert_eq!(
        p.invariant().unwrap_err(),
        MutualError::PoolAccountingBroken.into()
    );
    let mut p = pool.clone();
    p.tranches[3].fee_shares = 1;
    assert_eq!(
        p.invariant().unwrap_err(),
        MutualError::PoolAccountingBroken.into()
    );
    let mut p = pool.clone();
    p.total_weight = 2_001;
    assert_eq!(
        p.invariant().unwrap_err(),
        MutualError::TotalWeightExceeded.into()
    );
    let mut p = pool.clone();
    p.pool_fee = Bps(2_001);
    assert_eq!(
        p.invariant().unwrap_err(),
        MutualError::PoolFeeAboveMax.into()
    );
    let mut p = pool;
    p.max_pool_fee = Bps(10_000);
    assert_eq!(
        p.invariant().unwrap_err(),
        MutualError::InvalidPoolFee.into()
    );
}

// ---------------------------------------------------------------------------------------------------------
// rewards
// ---------------------------------------------------------------------------------------------------------

#[test]
fn a_stream_pays_by_the_accumulator_and_never_more_than_its_amount() {
    let mut pool = pool_at(T0, 1_000);
    let a = pool.deposit(T0_TRANCHE, 1_000 * TOKEN).unwrap();
    let mut alice = position(&pool, T0_TRANCHE, a);
    let b = pool.deposit(T0_TRANCHE + 3, 500 * TOKEN).unwrap();
    let mut bob = position(&pool, T0_TRANCHE + 3, b);
    let supply = pool.reward_share_supply;
    assert_eq!(supply, 1_833_333_333_333);

    // 1000 tokens over bucket 702, which starts at T0: exactly 28 days.
    let amount = 1_000 * TOKEN;
    assert_eq!(bucket_end(T0_BUCKET) - T0, BUCKET_DURATION);
    let rate = pool.stream_rewards(amount, T0, T0_BUCKET).unwrap();
    assert_eq!(
        rate,
        u128::from(amount) * REWARD_SCALE / BUCKET_DURATION as u128
    );
    assert_eq!(rate, 413_359_788_359_788_359);
    assert_eq!(pool.reward_rate, rate);
    assert_eq!(
        pool.rate_decreases[T0_BUCKET as usize % REWARD_BUCKETS],
        rate
    );

    // Half way.
    let half = T0 + BUCKET_DURATION / 2;
    let done = pool.process(half, LAZY_PROCESS_STEPS, &mut []).unwrap();
    assert_eq!(
        done,
        Processed {
            steps: 0,
            caught_up: true
        }
    );
    assert_eq!(pool.processed_at, half);
    let acc_half = rate * (BUCKET_DURATION / 2) as u128 / supply;
    assert_eq!(acc_half, 272_727_272_727);
    assert_eq!(pool.acc_reward_per_share, acc_half);
    alice.settle(pool.acc_reward_per_share).unwrap();
    bob.settle(pool.acc_reward_per_share).unwrap();
    assert_eq!(
        u128::from(alice.pending_rewards),
        1_000_000_000_000 * acc_half / REWARD_SCALE
    );
    assert_eq!(alice.pending_rewards, 272_727_272_727);
    assert_eq!(
        u128::from(bob.pending_rewards),
        650_000_000_000 * acc_half / REWARD_SCALE
    );
    assert_eq!(bob.pending_rewards, 177_272_727_272);
    let manager_half = pool.take_manager_rewards().unwrap();
    assert_eq!(
        u128::from(manager_half),
        183_333_333_333 * acc_half / REWARD_SCALE
    );
    assert_eq!(manager_half, 49_999_999_999);
    assert_eq!(
        (pool.manager_rewards, pool.manager_reward_debt),
        (0, acc_half)
    );
    assert_eq!(pool.take_manager_rewards().unwrap(), 0);

    // The end of bucket 702: the stream stops exactly there.
    let end = bucket_end(T0_BUCKET);
    let done = pool.process(end, LAZY_PROCESS_STEPS, &mut []).unwrap();
    assert_eq!(
        done,
        Processed {
            steps: 1,
            caught_up: true
        }
    );
    assert_eq!(pool.reward_rate, 0);
    assert_eq!(pool.rate_decreases, [0; REWARD_BUCKETS]);
    assert_eq!(pool.next_bucket, T0_BUCKET + 1);
    let acc_end = acc_half + rate * (BUCKET_DURATION / 2) as u128 / supply;
    assert_eq!(acc_end, 545_454_545_454);
    assert_eq!(pool.acc_reward_per_share, acc_end);

    // Nothing accrues after the end.
    pool.process(end + 20 * DAY, LAZY_PROCESS_STEPS, &mut [])
        .unwrap();
    assert_eq!(pool.acc_reward_per_share, acc_end);

    alice.settle(pool.acc_reward_per_share).unwrap();
    bob.settle(pool.acc_reward_per_share).unwrap();
    assert_eq!(alice.pending_rewards, 545_454_545_454);
    // Bob's 500 tokens at 1.3x hold 0.65 of Alice's reward shares: 545_454_545_454 · 0.65 = 354_545_454_545.1,
    // less one unit lost to rounding across his two settlements.
    assert_eq!(bob.pending_rewards, 354_545_454_544);
    let manager_rest = pool.take_manager_rewards().unwrap();
    assert_eq!(manager_rest, 49_999_999_999);
    let paid = alice.take_rewards() + bob.take_rewards() + manager_half + manager_rest;
    assert_eq!(paid, 999_999_999_996);
    assert!(paid <= amount);
    pool.invariant().unwrap();
}

#[test]
fn streams_stop_at_their_own_bucket_ends() {
    let mut pool = pool_at(T0, 0);
    pool.deposit(T0_TRANCHE, 10 * TOKEN).unwrap();
    let r1 = pool.stream_rewards(28 * TOKEN, T0, T0_BUCKET).unwrap();
    let r2 = pool.stream_rewards(56 * TOKEN, T0, T0_BUCKET + 1).unwrap();
    let r3 = pool.stream_rewards(TOKEN, T0, T0_BUCKET + 1).unwrap();
    // 28e9 · 1e12 / (28 · 86_400), 56e9 · 1e12 / (56 · 86_400), 1e9 · 1e12 / (56 · 86_400).
    assert_eq!(r1, 11_574_074_074_074_074);
    assert_eq!(r2, 11_574_074_074_074_074);
    assert_eq!(r3, 206_679_894_179_894);
    assert_eq!(pool.reward_rate, r1 + r2 + r3);
    assert_eq!(pool.rate_decreases[T0_BUCKET as usize % 16], r1);
    assert_eq!(pool.rate_decreases[(T0_BUCKET + 1) as usize % 16], r2 + r3);

    let done = pool
        .process(bucket_end(T0_BUCKET), LAZY_PROCESS_STEPS, &mut [])
        .unwrap();
    assert_eq!(done.steps, 1);
    assert_eq!(pool.reward_rate, r2 + r3);
    // Just before the second end, the rate is still on.
    pool.process(bucket_end(T0_BUCKET + 1) - 1, LAZY_PROCESS_STEPS, &mut [])
        .unwrap();
    assert_eq!(pool.reward_rate, r2 + r3);
    let done = pool
        .process(bucket_end(T0_BUCKET + 1), LAZY_PROCESS_STEPS, &mut [])
        .unwrap();
    assert_eq!(done.steps, 1);
    assert_eq!(pool.reward_rate, 0);
    assert_eq!(pool.rate_decreases, [0; REWARD_BUCKETS]);
    // 10e9 reward shares took it all but for rounding: acc · 10e9 / 1e12 ≤ 85 tokens.
    let earned = rewards_earned(10 * TOKEN as u128, pool.acc_reward_per_share, 0).unwrap();
    assert_eq!(earned, 84_999_999_999);
}

#[test]
fn rewards_streamed_to_no_reward_shares_are_forfeited() {
    let mut pool = pool_at(T0, 0);
    pool.stream_rewards(28 * TOKEN, T0, T0_BUCKET).unwrap();
    pool.process(T0 + 14 * DAY, LAZY_PROCESS_STEPS, &mut [])
        .unwrap();
    assert_eq!(pool.acc_reward_per_share, 0);
    // A staker who arrives half way earns only the second half.
    let minted = pool.deposit(T0_TRANCHE, 2 * TOKEN).unwrap();
    let mut p = position(&pool, T0_TRANCHE, minted);
    pool.process(bucket_end(T0_BUCKET), LAZY_PROCESS_STEPS, &mut [])
        .unwrap();
    p.settle(pool.acc_reward_per_share).unwrap();
    assert_eq!(p.pending_rewards, 13_999_999_999);
}

#[test]
fn stream_rewards_needs_a_processed_pool_and_a_bucket_in_the_ring() {
    let mut pool = pool_at(T0 + DAY, 0);
    pool.deposit(T0_TRANCHE, TOKEN).unwrap();
    let before = bytes(&pool);
    assert_eq!(
        pool.stream_rewards(TOKEN, T0 + DAY + 1, T0_BUCKET)
            .unwrap_err(),
        MutualError::PoolProcessingPending.into()
    );
    assert_eq!(
        pool.stream_rewards(TOKEN, T0 + DAY, T0_BUCKET + 16)
            .unwrap_err(),
        MutualError::InvalidRewardStream.into()
    );
    // A bucket already ended is no stream end either.
    assert_eq!(
        pool.stream_rewards(TOKEN, T0 + DAY, T0_BUCKET - 1)
            .unwrap_err(),
        MutualError::InvalidRewardStream.into()
    );
    assert_eq!(bytes(&pool), before);
    // The 16th bucket ahead (the farthest the ring holds) is accepted: 15 · 28 + 27 days.
    let rate = pool
        .stream_rewards(447 * TOKEN, T0 + DAY, T0_BUCKET + 15)
        .unwrap();
    assert_eq!(
        rate,
        447 * TOKEN as u128 * REWARD_SCALE / (447 * DAY) as u128
    );
    assert_eq!(pool.rate_decreases[(T0_BUCKET + 15) as usize % 16], rate);
    // A stream of nothing adds nothing.
    assert_eq!(pool.stream_rewards(0, T0 + DAY, T0_BUCKET).unwrap(), 0);
    assert_eq!(pool.reward_rate, rate);
}

// ---------------------------------------------------------------------------------------------------------
// processing and expiry
// ---------------------------------------------------------------------------------------------------------

#[test]
fn a_tranche_with_stake_expires_only_with_its_checkpoint() {
    let start = T0 + 10 * DAY;
    let mut pool = pool_at(T0, 0);
    assert_eq!(
        pool.process(start, LAZY_PROCESS_STEPS, &mut []).unwrap(),
        Processed {
            steps: 0,
            caught_up: true
        }
    );
    let a = pool.deposit(T0_TRANCHE, TOKEN).unwrap();
    let mut alice = position(&pool, T0_TRANCHE, a);
    let c = pool.deposit(T0_TRANCHE + 1, TOKEN).unwrap();
    let mut carol = position(&pool, T0_TRANCHE + 1, c);
    assert_eq!(pool.reward_share_supply, 2_100_000_000);
    // 102 tokens streaming for 102 days, to the end of bucket 705 (T0 + 112 d): 1 token a day.
    let amount = 102 * TOKEN;
    let rate = pool.stream_rewards(amount, start, T0_BUCKET + 3).unwrap();
    assert_eq!(rate, 11_574_074_074_074_074);
    let mut cp = checkpoint(T0_TRANCHE);
    let mut wrong = checkpoint(T0_TRANCHE + 1);

    // Tranche 216 ends at T0 + 91 d; warp a day past it. The bucket ends at T0 + 28, 56 and 84 d are
    // crossed, and processing stops at the tranche end.
    let later = tranche_end(T0_TRANCHE) + DAY;
    assert_eq!(tranche_end(T0_TRANCHE), T0 + 91 * DAY);
    let done = pool.process(later, MAX_PROCESS_STEPS, &mut []).unwrap();
    assert_eq!(
        done,
        Processed {
            steps: 3,
            caught_up: false
        }
    );
    assert_eq!(pool.processed_at, tranche_end(T0_TRANCHE));
    assert_eq!(pool.next_bucket, T0_BUCKET + 3);
    assert_eq!(pool.first_active_tranche, T0_TRANCHE);
    assert_eq!(pool.active_stake, 2 * TOKEN);
    assert_eq!(pool.stake_share_supply, 2 * TOKEN as u128);
    // Another tranche's checkpoint does not help, and is left alone.
    let before = bytes(&pool);
    let done = pool
        .process(later, MAX_PROCESS_STEPS, &mut [&mut wrong])
        .unwrap();
    assert_eq!(
        done,
        Processed {
            steps: 0,
            caught_up: false
        }
    );
    assert_eq!(bytes(&pool), before);
    assert!(!wrong.expired);
    let acc_at_end = pool.acc_reward_per_share;
    // Four pieces: start → 28 d, → 56 d, → 84 d, → 91 d, each rounded down.
    let pieces = [18 * DAY, 28 * DAY, 28 * DAY, 7 * DAY];
    let expected: u128 = pieces
        .iter()
        .map(|d| rate * *d as u128 / 2_100_000_000)
        .sum();
    assert_eq!(acc_at_end, expected);
    assert_eq!(acc_at_end, 38_571_428_571_427);
    // Stopped again: nothing moves.
    let before = bytes(&pool);
    assert_eq!(
        pool.process(later, MAX_PROCESS_STEPS, &mut []).unwrap(),
        Processed {
            steps: 0,
            caught_up: false
        }
    );
    assert_eq!(bytes(&pool), before);

    // With the checkpoint it expires.
    let done = pool
        .process(later, MAX_PROCESS_STEPS, &mut [&mut wrong, &mut cp])
        .unwrap();
    assert_eq!(
        done,
        Processed {
            steps: 1,
            caught_up: true
        }
    );
    assert!(cp.expired && !wrong.expired);
    assert_eq!(cp.stake_at_expiry, TOKEN);
    assert_eq!(cp.shares_at_expiry, a.stake_shares);
    assert_eq!(cp.acc_at_expiry, acc_at_end);
    assert_eq!(pool.first_active_tranche, T0_TRANCHE + 1);
    assert_eq!(pool.active_stake, TOKEN);
    assert_eq!(pool.stake_share_supply, c.stake_shares);
    assert_eq!(pool.reward_share_supply, c.reward_shares);
    assert_eq!(pool.tranches[slot(T0_TRANCHE)], TrancheShares::default());
    assert_eq!(pool.processed_at, later);
    pool.invariant().unwrap();
    // Carol alone earns the day after the expiry.
    assert_eq!(
        pool.acc_reward_per_share,
        acc_at_end + rate * DAY as u128 / 1_100_000_000
    );

    // The stream ends at T0 + 112 d.
    let done = pool
        .process(bucket_end(T0_BUCKET + 3), MAX_PROCESS_STEPS, &mut [])
        .unwrap();
    assert_eq!(
        done,
        Processed {
            steps: 1,
            caught_up: true
        }
    );
    assert_eq!(pool.reward_rate, 0);
    // Two more pieces at Carol's 1.1e9 reward shares alone: 1 day (T0 + 92 d) and 20 days (T0 + 112 d).
    assert_eq!(
        pool.acc_reward_per_share,
        acc_at_end + rate * DAY as u128 / 1_100_000_000 + rate * (20 * DAY) as u128 / 1_100_000_000
    );
    assert_eq!(pool.acc_reward_per_share, 57_662_337_662_335);

    alice.settle(cp.acc_at_expiry).unwrap();
    carol.settle(pool.acc_reward_per_share).unwrap();
    // Alice: 81 days at a half share (1 / 2.1); Carol: 81 days at 1.1 / 2.1 and 21 days alone.
    assert_eq!(alice.pending_rewards, 38_571_428_571);
    assert_eq!(
        cp.rewards_until_expiry(a.reward_shares, 0).unwrap(),
        38_571_428_571
    );
    assert_eq!(carol.pending_rewards, 63_428_571_428);
    assert!(alice.pending_rewards + carol.pending_rewards <= amount);
    assert_eq!(
        alice.pending_rewards + carol.pending_rewards,
        101_999_999_999
    );

    // Alice redeems her stake.
    assert_eq!(cp.redeem(alice.take_shares().stake_shares).unwrap(), TOKEN);
    assert_eq!((cp.stake_at_expiry, cp.shares_at_expiry), (0, 0));
}

#[test]
fn expiry_after_a_burn_gives_the_remainder_to_the_last_redeemer() {
    let mut pool = pool_at(T0 + 10 * DAY, 0);
    let a = pool.deposit(T0_TRANCHE, TOKEN).unwrap();
    let b = pool.deposit(T0_TRANCHE, 2 * TOKEN).unwrap();
    let c = pool.deposit(T0_TRANCHE + 1, TOKEN).unwrap();
    // A claim burns one base unit: every tranche loses alike, at the pool-wide stake per share.
    pool.active_stake -= 1;
    let mut cp = checkpoint(T0_TRANCHE);
    let done = pool
        .process(tranche_end(T0_TRANCHE), MAX_PROCESS_STEPS, &mut [&mut cp])
        .unwrap();
    assert_eq!(
        done,
        Processed {
            steps: 4, // bucket ends 702, 703, 704 and the tranche end
            caught_up: true
        }
    );
    // 3e9 · 3_999_999_999 / 4e9 = 2_999_999_999.25, rounded down: the rest stays with tranche 217.
    assert_eq!(cp.stake_at_expiry, 2_999_999_999);
    assert_eq!(cp.shares_at_expiry, 3_000_000_000);
    assert_eq!(pool.active_stake, 1_000_000_000);
    assert_eq!(pool.stake_share_supply, c.stake_shares);
    assert_eq!(pool.first_active_tranche, T0_TRANCHE + 1);
    // 1e9 · 2_999_999_999 / 3e9 = 999_999_999.67, rounded down; Bob, last, takes what is left.
    assert_eq!(cp.redeem(a.stake_shares).unwrap(), 999_999_999);
    assert_eq!(cp.redeem(b.stake_shares).unwrap(), 2_000_000_000);
    assert_eq!((cp.stake_at_expiry, cp.shares_at_expiry), (0, 0));
    // The last tranche takes all the stake left: nothing is stranded.
    let mut cp2 = checkpoint(T0_TRANCHE + 1);
    pool.process(
        tranche_end(T0_TRANCHE + 1),
        MAX_PROCESS_STEPS,
        &mut [&mut cp2],
    )
    .unwrap();
    assert_eq!(cp2.stake_at_expiry, 1_000_000_000);
    assert_eq!(
        (
            pool.active_stake,
            pool.stake_share_supply,
            pool.reward_share_supply
        ),
        (0, 0, 0)
    );
    pool.invariant().unwrap();
    // An empty pool starts again at 1:1.
    let minted = pool.deposit(T0_TRANCHE + 2, TOKEN).unwrap();
    assert_eq!(minted.stake_shares, 1_000_000_000);
}

#[test]
fn expiry_books_the_managers_fee_rewards_and_drops_its_fee_shares() {
    let mut pool = pool_at(T0, 1_000);
    let a = pool.deposit(T0_TRANCHE, 9 * TOKEN).unwrap();
    let b = pool.deposit(T0_TRANCHE + 1, 9 * TOKEN).unwrap();
    assert_eq!((a.fee_shares, b.fee_shares), (1_000_000_000, 1_100_000_000));
    // 112 tokens over 112 days, to the end of bucket 705 (T0 + 112 d).
    pool.stream_rewards(112 * TOKEN, T0, T0_BUCKET + 3).unwrap();
    let mut cp = checkpoint(T0_TRANCHE);
    pool.process(tranche_end(T0_TRANCHE), MAX_PROCESS_STEPS, &mut [&mut cp])
        .unwrap();
    assert_eq!(pool.manager_fee_shares, 1_100_000_000);
    assert_eq!(pool.manager_reward_debt, cp.acc_at_expiry);
    let booked = pool.manager_rewards;
    assert_eq!(
        u128::from(booked),
        2_100_000_000 * cp.acc_at_expiry / REWARD_SCALE
    );
    pool.process(bucket_end(T0_BUCKET + 3), MAX_PROCESS_STEPS, &mut [])
        .unwrap();
    let total = pool.take_manager_rewards().unwrap();
    assert_eq!(
        u128::from(total - booked),
        1_100_000_000 * (pool.acc_reward_per_share - cp.acc_at_expiry) / REWARD_SCALE
    );
    let mut alice = position(&blank(), T0_TRANCHE, a);
    alice.settle(cp.acc_at_expiry).unwrap();
    let mut bob = position(&blank(), T0_TRANCHE + 1, b);
    bob.settle(pool.acc_reward_per_share).unwrap();
    let paid = alice.pending_rewards + bob.pending_rewards + total;
    assert!(paid <= 112 * TOKEN);
    assert_eq!(
        (booked, total, alice.pending_rewards, bob.pending_rewards),
        (
            9_099_999_999,
            11_199_999_998,
            38_999_999_999,
            61_799_999_999
        )
    );
    assert_eq!(112 * TOKEN - paid, 4);
}

#[test]
fn a_blocked_coincident_boundary_crosses_neither_end() {
    // Tranche 219 ends with bucket 714, 364 days after T0.
    assert_eq!(tranche_end(T0_TRANCHE + 3), bucket_end(T0_BUCKET + 12));
    let mut pool = pool_at(T0, 0);
    let minted = pool.deposit(T0_TRANCHE + 3, TOKEN).unwrap();
    pool.stream_rewards(TOKEN, T0, T0_BUCKET + 12).unwrap();
    let later = T0 + 364 * DAY + 1;
    // Bucket ends 702..=713 (12) and tranche ends 216..=218 (3) before it.
    let done = pool.process(later, MAX_PROCESS_STEPS, &mut []).unwrap();
    assert_eq!(
        done,
        Processed {
            steps: 15,
            caught_up: false
        }
    );
    assert_eq!(pool.processed_at, T0 + 364 * DAY);
    assert_eq!(pool.first_active_tranche, T0_TRANCHE + 3);
    assert_eq!(pool.next_bucket, T0_BUCKET + 12);
    assert!(pool.reward_rate > 0);
    let mut cp = checkpoint(T0_TRANCHE + 3);
    let done = pool
        .process(later, MAX_PROCESS_STEPS, &mut [&mut cp])
        .unwrap();
    // Both ends at one time are one step.
    assert_eq!(
        done,
        Processed {
            steps: 1,
            caught_up: true
        }
    );
    assert_eq!(pool.first_active_tranche, T0_TRANCHE + 4);
    assert_eq!(pool.next_bucket, T0_BUCKET + 13);
    assert_eq!(pool.reward_rate, 0);
    assert_eq!(cp.stake_at_expiry, TOKEN);
    assert_eq!(cp.shares_at_expiry, minted.stake_shares);
    // The stream's last second went to the tranche, then nothing: the pool has no reward shares.
    let earned = cp.rewards_until_expiry(minted.reward_shares, 0).unwrap();
    assert_eq!(earned, 999_999_999);
    assert_eq!(pool.acc_reward_per_share, cp.acc_at_expiry);
}

#[test]
fn an_already_expired_checkpoint_is_refused() {
    let mut pool = pool_at(T0, 0);
    pool.deposit(T0_TRANCHE, TOKEN).unwrap();
    let mut cp = checkpoint(T0_TRANCHE);
    cp.expire(5, 5, 0).unwrap();
    assert_eq!(
        pool.process(tranche_end(T0_TRANCHE), MAX_PROCESS_STEPS, &mut [&mut cp])
            .unwrap_err(),
        MutualError::TrancheAlreadyExpired.into()
    );
    assert_eq!(cp.stake_at_expiry, 5);
}

#[test]
fn zero_steps_moves_nothing_but_the_accumulator_within_a_period() {
    let mut pool = pool_at(T0, 0);
    pool.deposit(T0_TRANCHE, TOKEN).unwrap();
    pool.stream_rewards(28 * TOKEN, T0, T0_BUCKET).unwrap();
    // No boundary before now: caught up even with 0 steps.
    let done = pool.process(T0 + DAY, 0, &mut []).unwrap();
    assert_eq!(
        done,
        Processed {
            steps: 0,
            caught_up: true
        }
    );
    // 28e9 · 1e12 / (28 · 86_400) · 86_400 / 1e9 = 999_999_999_999.99, rounded down.
    assert_eq!(pool.acc_reward_per_share, 999_999_999_999);
    // A boundary ahead with no step left: nothing moves at all.
    let before = bytes(&pool);
    let done = pool.process(T0 + 30 * DAY, 0, &mut []).unwrap();
    assert_eq!(
        done,
        Processed {
            steps: 0,
            caught_up: false
        }
    );
    assert_eq!(bytes(&pool), before);
}

/// The boundaries in (from, to]: bucket ends (multiples of 28 d) and tranche ends (multiples of 91 d), those at
/// the same time (multiples of 364 d) counted once.
fn boundaries(from: i64, to: i64) -> u32 {
    let count = |d: i64| u32::try_from(to / d - from / d).unwrap();
    count(BUCKET_DURATION) + count(TRANCHE_DURATION) - count(364 * DAY)
}

#[test_case(730, 4 => vec![4, 4, 4, 4, 4, 4, 4, 4]; "two years, 4 steps a call")]
#[test_case(730, 8 => vec![8, 8, 8, 8]; "two years, 8 steps a call")]
#[test_case(730, MAX_PROCESS_STEPS => vec![32]; "two years, crank")]
#[test_case(400, 4 => vec![4, 4, 4, 4, 1]; "400 days, 4 steps a call")]
#[test_case(400, 8 => vec![8, 8, 1]; "400 days, 8 steps a call")]
#[test_case(1_000, MAX_PROCESS_STEPS => vec![40, 5]; "1000 days, crank")]
#[test_case(10, 4 => vec![0]; "nothing to cross")]
fn an_idle_pool_catches_up_in_bounded_steps(days: i64, max_steps: u32) -> Vec<u32> {
    let start = T0 + 10 * DAY;
    let now = start + days * DAY;
    let mut pool = pool_at(start, 1_000);
    let mut calls = vec![];
    loop {
        let done = pool.process(now, max_steps, &mut []).unwrap();
        assert!(done.steps <= max_steps);
        calls.push(done.steps);
        pool.invariant().unwrap();
        if done.caught_up {
            break;
        }
        assert_eq!(done.steps, max_steps);
        assert!(calls.len() < 100);
    }
    assert_eq!(calls.iter().sum::<u32>(), boundaries(start, now));
    assert_eq!(pool.processed_at, now);
    assert_eq!(pool.first_active_tranche, tranche_id(now).unwrap());
    assert_eq!(pool.next_bucket, bucket_id(now).unwrap());
    calls
}

#[test]
fn the_step_bounds() {
    assert_eq!(MAX_PROCESS_STEPS, 40);
    // Every tranche of a 364-day cycle (tranche starts 0, 7, 14 and 21 days into a bucket) holds at most 4
    // boundaries: 3 or 4 bucket ends, the 4th at the tranche end itself, and the tranche end.
    let per_tranche: Vec<u32> = (T0_TRANCHE..T0_TRANCHE + 4)
        .map(|t| boundaries(tranche_end(t) - TRANCHE_DURATION, tranche_end(t)))
        .collect();
    assert_eq!(per_tranche, vec![4, 4, 4, 4]);
}

#[test]
fn the_lazy_steps_cover_any_tranche_long_gap() {
    // Any 91 days (here starting at every hour of a 364-day cycle) hold at most 5 boundaries: 4 bucket ends
    // and a tranche end. So a pool-touching instruction processes a tranche-long gap on its own.
    let most = (0..364 * 24)
        .map(|h| T0 + h * 3_600 + 1)
        .map(|from| boundaries(from, from + TRANCHE_DURATION))
        .max()
        .unwrap();
    assert_eq!(most, 5);
    assert!(most <= LAZY_PROCESS_STEPS);
}

#[test]
fn two_idle_years_are_32_boundaries() {
    let start = T0 + 10 * DAY;
    // 26 bucket ends + 8 tranche ends, 2 of them at the same time (T0 + 364 d and T0 + 728 d).
    assert_eq!(boundaries(start, start + 730 * DAY), 26 + 8 - 2);
}

// ---------------------------------------------------------------------------------------------------------
// extend
// ---------------------------------------------------------------------------------------------------------

#[test]
fn extend_keeps_stake_shares_and_remints_reward_shares() {
    let mut pool = pool_at(T0, 1_000);
    let old = pool.deposit(T0_TRANCHE, 9 * TOKEN).unwrap();
    let other = pool.deposit(T0_TRANCHE, 18 * TOKEN).unwrap();
    assert_eq!(old.fee_shares, 1_000_000_000);
    let moved = pool.extend(T0_TRANCHE, T0_TRANCHE + 2, old).unwrap();
    assert_eq!(
        moved,
        Minted {
            stake_shares: 9_000_000_000,
            reward_shares: 10_800_000_000, // 1.2x
            fee_shares: 1_200_000_000      // 10.8e9 · 1000 / 9000
        }
    );
    assert_eq!(
        pool.tranches[slot(T0_TRANCHE)],
        TrancheShares {
            stake_shares: other.stake_shares,
            reward_shares: other.reward_shares,
            fee_shares: other.fee_shares
        }
    );
    assert_eq!(
        pool.tranches[slot(T0_TRANCHE + 2)],
        TrancheShares {
            stake_shares: 9_000_000_000,
            reward_shares: 10_800_000_000,
            fee_shares: 1_200_000_000
        }
    );
    assert_eq!(pool.active_stake, 27 * TOKEN);
    assert_eq!(pool.stake_share_supply, 27_000_000_000);
    assert_eq!(
        pool.reward_share_supply,
        18_000_000_000 + 2_000_000_000 + 10_800_000_000 + 1_200_000_000
    );
    assert_eq!(pool.manager_fee_shares, 3_200_000_000);
    pool.invariant().unwrap();
}

#[test]
fn extend_counts_the_bonus_from_the_current_tranche() {
    let mut pool = pool_at(T0, 0);
    let old = pool.deposit(T0_TRANCHE + 1, 10 * TOKEN).unwrap();
    assert_eq!(old.reward_shares, 11_000_000_000);
    pool.process(tranche_end(T0_TRANCHE), MAX_PROCESS_STEPS, &mut [])
        .unwrap();
    assert_eq!(pool.first_active_tranche, T0_TRANCHE + 1);
    // Tranche 217 is now the current one (offset 0); 219 is offset 2: 1.2x.
    let moved = pool.extend(T0_TRANCHE + 1, T0_TRANCHE + 3, old).unwrap();
    assert_eq!(moved.reward_shares, 12_000_000_000);
    assert_eq!(pool.reward_share_supply, 12_000_000_000);
    pool.invariant().unwrap();
}

#[test]
fn extend_settles_the_manager_before_moving_fee_shares() {
    let mut pool = pool_at(T0, 1_000);
    let old = pool.deposit(T0_TRANCHE, 9 * TOKEN).unwrap();
    pool.stream_rewards(28 * TOKEN, T0, T0_BUCKET).unwrap();
    pool.process(T0 + 14 * DAY, LAZY_PROCESS_STEPS, &mut [])
        .unwrap();
    let acc_half = pool.acc_reward_per_share;
    // 14 tokens to 10e9 reward shares: 1.4 tokens per 1e9 shares, scaled.
    assert_eq!(acc_half, 1_399_999_999_999);
    pool.extend(T0_TRANCHE, T0_TRANCHE + 7, old).unwrap();
    assert_eq!(pool.manager_reward_debt, acc_half);
    assert_eq!(pool.manager_rewards, 1_399_999_999);
    assert_eq!(pool.manager_fee_shares, 1_700_000_000); // 15.3e9 · 1000 / 9000
    pool.invariant().unwrap();
}

#[test_case(T0_TRANCHE + 2, T0_TRANCHE + 2; "same tranche")]
#[test_case(T0_TRANCHE + 2, T0_TRANCHE + 1; "earlier tranche")]
#[test_case(T0_TRANCHE + 2, T0_TRANCHE + 8; "beyond the active tranches")]
#[test_case(T0_TRANCHE - 1, T0_TRANCHE + 1; "from an expired tranche")]
#[test_case(T0_TRANCHE + 2, T0_TRANCHE - 1; "to an expired tranche")]
fn extend_to_an_invalid_tranche_is_refused(from: u32, to: u32) {
    let mut pool = pool_at(T0, 1_000);
    let old = pool.deposit(T0_TRANCHE + 2, 9 * TOKEN).unwrap();
    let before = bytes(&pool);
    assert_eq!(
        pool.extend(from, to, old).unwrap_err(),
        MutualError::InvalidTranche.into()
    );
    assert_eq!(bytes(&pool), before);
}

// ---------------------------------------------------------------------------------------------------------
// properties
// ---------------------------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Op {
    Deposit { who: u8, offset: u32, amount: u64 },
    Stream { amount: u64, ahead: u32 },
    Warp { seconds: i64 },
    Extend { who: u8, by: u32 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0u8..3, 0u32..8, TOKEN..1_000_000 * TOKEN)
            .prop_map(|(who, offset, amount)| Op::Deposit { who, offset, amount }),
        2 => (0u64..100_000 * TOKEN, 0u32..16).prop_map(|(amount, ahead)| Op::Stream { amount, ahead }),
        3 => (0i64..120 * DAY).prop_map(|seconds| Op::Warp { seconds }),
        1 => (0u8..3, 1u32..8).prop_map(|(who, by)| Op::Extend { who, by }),
    ]
}

/// A pool with every checkpoint and position an instruction sequence would have made.
struct Model {
    pool: Pool,
    now: i64,
    checkpoints: BTreeMap<u32, PoolTranche>,
    positions: BTreeMap<(u8, u32), StakePosition>,
    deposited: u64,
    streamed: u64,
}

impl Model {
    fn catch_up(&mut self) {
        loop {
            let mut refs: Vec<&mut PoolTranche> = self.checkpoints.values_mut().collect();
            let done = self
                .pool
                .process(self.now, MAX_PROCESS_STEPS, &mut refs)
                .unwrap();
            assert!(done.steps <= MAX_PROCESS_STEPS);
            if done.caught_up {
                return;
            }
            assert_eq!(done.steps, MAX_PROCESS_STEPS);
        }
    }

    /// The accumulator a position of `tranche` settles at: the checkpoint's once it expired.
    fn acc_for(&self, tranche: u32) -> u128 {
        match self.checkpoints.get(&tranche) {
            Some(c) if c.expired => c.acc_at_expiry,
            _ => self.pool.acc_reward_per_share,
        }
    }

    fn owed(&self) -> u64 {
        let positions: u64 = self
            .positions
            .iter()
            .map(|((_, tranche), p)| {
                p.pending_rewards
                    + rewards_earned(p.reward_shares, self.acc_for(*tranche), p.reward_debt)
                        .unwrap()
            })
            .sum();
        let manager = self.pool.manager_rewards
            + rewards_earned(
                self.pool.manager_fee_shares,
                self.pool.acc_reward_per_share,
                self.pool.manager_reward_debt,
            )
            .unwrap();
        positions + manager
    }

    fn open(&mut self, who: u8, tranche: u32, minted: Minted, rewards: u64) {
        let acc = self.pool.acc_reward_per_share;
        let pool = &self.pool;
        let p = self
            .positions
            .entry((who, tranche))
            .or_insert_with(|| position(pool, tranche, Minted::default()));
        p.settle(acc).unwrap();
        p.add(minted).unwrap();
        p.add_rewards(rewards).unwrap();
        self.checkpoints
            .entry(tranche)
            .or_insert_with(|| checkpoint(tranche));
    }

    fn apply(&mut self, op: &Op) {
        match *op {
            Op::Deposit {
                who,
                offset,
                amount,
            } => {
                self.catch_up();
                let tranche = self.pool.first_active_tranche + offset;
                let minted = self.pool.deposit(tranche, amount).unwrap();
                self.deposited += amount;
                self.open(who, tranche, minted, 0);
            }
            Op::Stream { amount, ahead } => {
                self.catch_up();
                let end = self.pool.next_bucket + ahead;
                self.pool.stream_rewards(amount, self.now, end).unwrap();
                self.streamed += amount;
            }
            Op::Warp { seconds } => {
                self.now += seconds;
                self.catch_up();
            }
            Op::Extend { who, by } => {
                self.catch_up();
                let first = self.pool.first_active_tranche;
                let found = self
                    .positions
                    .iter()
                    .find(|((w, t), p)| *w == who && *t >= first && p.stake_shares > 0)
                    .map(|((_, t), _)| *t);
                let Some(from) = found else { return };
                let to = from + by;
                if !is_active_tranche(to, first) {
                    return;
                }
                let acc = self.pool.acc_reward_per_share;
                let old = self.positions.get_mut(&(who, from)).unwrap();
                old.settle(acc).unwrap();
                let shares = old.take_shares();
                let rewards = old.take_rewards();
                let minted = self.pool.extend(from, to, shares).unwrap();
                assert_eq!(minted.stake_shares, shares.stake_shares);
                self.open(who, to, minted, rewards);
            }
        }
    }

    fn check(&self) {
        self.pool.invariant().unwrap();
        let fee: u128 = self.pool.tranches.iter().map(|t| t.fee_shares).sum();
        assert_eq!(self.pool.manager_fee_shares, fee);
        // The positions of the active tranches hold exactly the pool's supplies.
        let first = self.pool.first_active_tranche;
        let active = self
            .positions
            .iter()
            .filter(|((_, t), _)| is_active_tranche(*t, first));
        let (stake, reward) = active.fold((0u128, 0u128), |(s, r), (_, p)| {
            (s + p.stake_shares, r + p.reward_shares + p.fee_shares)
        });
        assert_eq!(stake, self.pool.stake_share_supply);
        assert_eq!(reward, self.pool.reward_share_supply);
        // No burn: every deposited unit is either active or kept by an expired checkpoint.
        let expired: u64 = self
            .checkpoints
            .values()
            .filter(|c| c.expired)
            .map(|c| c.stake_at_expiry)
            .sum();
        assert_eq!(self.pool.active_stake + expired, self.deposited);
        assert!(
            self.owed() <= self.streamed,
            "owed {} > streamed {}",
            self.owed(),
            self.streamed
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_histories_keep_the_books(ops in proptest::collection::vec(op(), 1..40), start in 0i64..364 * DAY) {
        let now = T0 + start;
        let mut m = Model {
            pool: pool_at(now, 1_500),
            now,
            checkpoints: BTreeMap::new(),
            positions: BTreeMap::new(),
            deposited: 0,
            streamed: 0,
        };
        for op in &ops {
            m.apply(op);
            m.check();
        }
        // Everything expires within 8 tranches, and every stream within 16 buckets.
        m.now += 8 * TRANCHE_DURATION + 16 * BUCKET_DURATION;
        m.catch_up();
        m.check();
        prop_assert_eq!(m.pool.reward_rate, 0);
        prop_assert_eq!((m.pool.active_stake, m.pool.stake_share_supply, m.pool.reward_share_supply), (0, 0, 0));
        // Every position redeems its stake in full (no burn: one base unit per share), and the rewards paid
        // never exceed what was streamed.
        let mut redeemed = 0;
        let mut paid = m.pool.take_manager_rewards().unwrap();
        let keys: Vec<(u8, u32)> = m.positions.keys().copied().collect();
        for key in keys {
            let acc = m.acc_for(key.1);
            let p = m.positions.get_mut(&key).unwrap();
            p.settle(acc).unwrap();
            let shares = p.take_shares().stake_shares;
            paid += p.take_rewards();
            prop_assert!(p.is_empty());
            let c = m.checkpoints.get_mut(&key.1).unwrap();
            if shares > 0 {
                prop_assert!(c.expired);
                redeemed += c.redeem(shares).unwrap();
            }
        }
        prop_assert_eq!(redeemed, m.deposited);
        prop_assert!(m.checkpoints.values().all(|c| c.stake_at_expiry == 0 && c.shares_at_expiry == 0));
        prop_assert!(paid <= m.streamed);
    }
}

proptest! {
    #[test]
    fn two_idle_years_need_one_crank_call(offset in 0i64..2 * 364 * DAY) {
        let start = T0 + offset;
        let now = start + 730 * DAY;
        let mut pool = pool_at(start, 0);
        let done = pool.process(now, MAX_PROCESS_STEPS, &mut []).unwrap();
        prop_assert!(done.caught_up);
        prop_assert_eq!(done.steps, boundaries(start, now));
        // At most 27 bucket ends + 9 tranche ends − 3 at the same time in any 730 days.
        prop_assert!(done.steps <= 33);
        prop_assert_eq!(pool.first_active_tranche, tranche_id(now).unwrap());
        prop_assert_eq!(pool.next_bucket, bucket_id(now).unwrap());
    }

    #[test]
    fn a_tranche_long_gap_needs_one_lazy_call(offset in 0i64..364 * DAY, gap in 0i64..=TRANCHE_DURATION) {
        let start = T0 + offset;
        let mut pool = pool_at(start, 0);
        let done = pool.process(start + gap, LAZY_PROCESS_STEPS, &mut []).unwrap();
        prop_assert!(done.caught_up);
        // At most 4 bucket ends and 1 tranche end in any 91 days.
        prop_assert!(done.steps <= 5);
        prop_assert_eq!(done.steps, boundaries(start, start + gap));
    }
}

#[test]
fn an_open_claim_holds_its_tranche_past_its_end_and_blocks_deposits_until_it_settles() {
    // Arrange: stake in the current tranche and the next
    let mut pool = pool_at(T0, 0);
    pool.deposit(T0_TRANCHE, 1_000 * TOKEN).unwrap();
    pool.deposit(T0_TRANCHE + 1, 500 * TOKEN).unwrap();
    let mut first = checkpoint(T0_TRANCHE);

    // Act: a claim on a cover booked in the current tranche
    let held = pool.hold_for_claim(T0_TRANCHE).unwrap();

    // Assert: deposits wait; the tranche outlives its end (buckets still end) while the claim is open
    assert_eq!(held, T0_TRANCHE);
    assert!(pool.has_open_claims());
    assert_eq!(
        pool.require_no_open_claims().unwrap_err(),
        MutualError::PoolHasOpenClaims.into()
    );
    let end = tranche_end(T0_TRANCHE);
    let later = end + 10 * DAY;
    let done = pool
        .process(later, MAX_PROCESS_STEPS, &mut [&mut first])
        .unwrap();
    assert!(done.caught_up);
    assert_eq!(pool.first_active_tranche, T0_TRANCHE);
    assert_eq!(pool.active_stake, 1_500 * TOKEN);
    assert_eq!(pool.next_bucket, bucket_id(later).unwrap());
    assert!(!first.expired);
    // settled: the tranche expires at the next processing, at that moment
    pool.release_claim(held).unwrap();
    assert!(!pool.has_open_claims());
    pool.require_no_open_claims().unwrap();
    let done = pool
        .process(later + 1, MAX_PROCESS_STEPS, &mut [&mut first])
        .unwrap();
    assert!(done.caught_up);
    assert_eq!(pool.first_active_tranche, T0_TRANCHE + 1);
    assert!(first.expired);
    assert_eq!(pool.active_stake, 500 * TOKEN);
    pool.invariant().unwrap();
    // a release with nothing held is an accounting error, never a wrap
    assert_eq!(
        pool.release_claim(held).unwrap_err(),
        MutualError::PoolAccountingBroken.into()
    );
}

#[test]
fn a_claim_on_a_cover_booked_in_an_expired_tranche_holds_the_oldest_active_one() {
    let mut pool = pool_at(T0, 0);
    pool.deposit(T0_TRANCHE + 2, 1_000 * TOKEN).unwrap();
    // booked in tranche T0 - 1, long gone: the oldest active tranche is held instead
    assert_eq!(pool.hold_for_claim(T0_TRANCHE - 1).unwrap(), T0_TRANCHE);
    // booked later: that tranche, which leaves the ones before it free to expire
    assert_eq!(pool.hold_for_claim(T0_TRANCHE + 2).unwrap(), T0_TRANCHE + 2);
    assert_eq!(pool.claims_holding[slot(T0_TRANCHE)], 1);
    assert_eq!(pool.claims_holding[slot(T0_TRANCHE + 2)], 1);
    pool.release_claim(T0_TRANCHE).unwrap();
    let done = pool
        .process(tranche_end(T0_TRANCHE + 1), MAX_PROCESS_STEPS, &mut [])
        .unwrap();
    assert!(done.caught_up);
    assert_eq!(pool.first_active_tranche, T0_TRANCHE + 2);
    // beyond the ring: refused
    assert_eq!(
        pool.hold_for_claim(T0_TRANCHE + 2 + 8).unwrap_err(),
        MutualError::InvalidTranche.into()
    );
}
