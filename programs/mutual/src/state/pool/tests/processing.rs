//! Processing and expiry: tranche checkpoints, the manager's fee, bounded catch-up steps, and tranches an open
//! claim holds.
use super::*;
use crate::constants::{DAY, LAZY_PROCESS_STEPS, MAX_PROCESS_STEPS, TRANCHE_DURATION};
use crate::math::staking::REWARD_SCALE;
use test_case::test_case;

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
