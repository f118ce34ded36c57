//! Reward streams: the accumulator, bucket ends and forfeited rewards.
use super::*;
use crate::constants::{BUCKET_DURATION, DAY, LAZY_PROCESS_STEPS};
use crate::math::staking::REWARD_SCALE;

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
