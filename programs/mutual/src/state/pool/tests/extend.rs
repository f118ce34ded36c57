//! `extend`: shares kept, reward shares re-minted, and invalid tranches.
use super::*;
use crate::constants::{DAY, LAZY_PROCESS_STEPS, MAX_PROCESS_STEPS};
use test_case::test_case;

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
