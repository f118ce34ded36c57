//! Deposits: shares at the pool's stake per share, the lock bonus, fee shares and the active tranches.
use super::*;
use crate::constants::{DAY, TRANCHE_DURATION};
use crate::math::staking::MIN_FIRST_DEPOSIT;
use test_case::test_case;

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
