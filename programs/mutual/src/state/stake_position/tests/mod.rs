//! Unit tests of `state/stake_position.rs`.
use super::*;
use crate::errors::MutualError;
use crate::math::staking::REWARD_SCALE;

fn blank() -> StakePosition {
    StakePosition::deserialize(&mut &[0u8; StakePosition::INIT_SPACE][..]).unwrap()
}

fn minted(stake_shares: u128, reward_shares: u128, fee_shares: u128) -> Minted {
    Minted {
        stake_shares,
        reward_shares,
        fee_shares,
    }
}

#[test]
fn size_is_pinned() {
    // version 1 + bump 1 + pool 32 + tranche 4 + owner 32 + stake_shares 16 + reward_shares 16
    // + fee_shares 16 + reward_debt 16 + pending_rewards 8 + _reserved 8 = 150
    assert_eq!(StakePosition::INIT_SPACE, 150);
    assert_eq!(StakePosition::SIZE, 8 + 150);
}

#[test]
fn rent_is_at_most_0_002_sol() {
    // Rent-exempt minimum: (128 bytes of account overhead + data) · 3480 lamports per byte-year · 2 years.
    let rent = (128 + StakePosition::SIZE as u64) * 6_960;
    assert_eq!(rent, 1_990_560);
    assert!(rent <= 2_000_000);
}

#[test]
fn init_opens_at_the_accumulator_with_nothing() {
    let pool = Pubkey::new_from_array([1; 32]);
    let owner = Pubkey::new_from_array([2; 32]);
    let mut p = blank();
    p.init(250, pool, 217, owner, 42 * REWARD_SCALE);
    assert_eq!((p.version, p.bump, p.tranche), (1, 250, 217));
    assert_eq!((p.pool, p.owner), (pool, owner));
    assert_eq!(p.reward_debt, 42 * REWARD_SCALE);
    assert_eq!((p.stake_shares, p.reward_shares, p.fee_shares), (0, 0, 0));
    assert_eq!(p.pending_rewards, 0);
    assert!(p.is_empty());
    // Nothing earned before it opened.
    p.settle(42 * REWARD_SCALE).unwrap();
    assert_eq!(p.pending_rewards, 0);
}

#[test]
fn settle_books_what_the_reward_shares_earned() {
    let mut p = blank();
    p.init(1, Pubkey::default(), 0, Pubkey::default(), REWARD_SCALE);
    p.add(minted(3_000_000_000, 3_300_000_000, 366_666_666))
        .unwrap();
    // 3.3e9 · (2.5e12 − 1e12) / 1e12 = 4.95e9.
    p.settle(2_500_000_000_000).unwrap();
    assert_eq!(p.pending_rewards, 4_950_000_000);
    assert_eq!(p.reward_debt, 2_500_000_000_000);
    // Settling again at the same accumulator adds nothing; a later one adds the difference, rounded down.
    p.settle(2_500_000_000_000).unwrap();
    assert_eq!(p.pending_rewards, 4_950_000_000);
    p.settle(2_500_000_000_001).unwrap();
    assert_eq!(p.pending_rewards, 4_950_000_000); // 3.3e9 · 1 / 1e12 = 0.0033
    assert_eq!(p.reward_debt, 2_500_000_000_001);
    p.settle(2_500_000_000_304).unwrap(); // 3.3e9 · 303 / 1e12 = 0.9999
    assert_eq!(p.pending_rewards, 4_950_000_000);
    p.settle(2_500_000_000_305).unwrap(); // but the debt moved on: 3.3e9 · 1 / 1e12 again
    assert_eq!(p.pending_rewards, 4_950_000_000);
    // Fee shares belong to the manager: they earn the position nothing.
    assert_eq!(p.fee_shares, 366_666_666);
}

#[test]
fn settle_at_a_lower_accumulator_is_refused_unchanged() {
    let mut p = blank();
    p.init(
        1,
        Pubkey::default(),
        0,
        Pubkey::default(),
        10 * REWARD_SCALE,
    );
    p.add(minted(5, 5, 0)).unwrap();
    p.pending_rewards = 7;
    let before = borsh::to_vec(&p).unwrap();
    assert_eq!(
        p.settle(10 * REWARD_SCALE - 1).unwrap_err(),
        MutualError::MathOverflow.into()
    );
    assert_eq!(borsh::to_vec(&p).unwrap(), before);
}

#[test]
fn add_take_shares_and_rewards() {
    let mut p = blank();
    p.add(minted(10, 13, 1)).unwrap();
    p.add(minted(5, 6, 2)).unwrap();
    assert_eq!((p.stake_shares, p.reward_shares, p.fee_shares), (15, 19, 3));
    assert!(!p.is_empty());
    p.pending_rewards = 99;
    assert_eq!(p.take_shares(), minted(15, 19, 3));
    assert_eq!((p.stake_shares, p.reward_shares, p.fee_shares), (0, 0, 0));
    assert_eq!(p.take_shares(), minted(0, 0, 0));
    // Shares gone, rewards left: not empty yet.
    assert_eq!(p.pending_rewards, 99);
    assert!(!p.is_empty());
    p.add_rewards(1).unwrap();
    assert_eq!(p.take_rewards(), 100);
    assert_eq!(p.take_rewards(), 0);
    assert!(p.is_empty());
}

#[test]
fn rewards_without_shares_or_shares_without_rewards_keep_it_open() {
    let mut p = blank();
    p.add(minted(1, 1, 0)).unwrap();
    assert!(!p.is_empty());
    p.take_shares();
    assert!(p.is_empty());
    p.add_rewards(1).unwrap();
    assert!(!p.is_empty());
}

#[test]
fn overflows_are_refused() {
    let mut p = blank();
    p.pending_rewards = u64::MAX;
    assert_eq!(
        p.add_rewards(1).unwrap_err(),
        MutualError::MathOverflow.into()
    );
    assert_eq!(p.pending_rewards, u64::MAX);
    p.stake_shares = u128::MAX;
    assert_eq!(
        p.add(minted(1, 0, 0)).unwrap_err(),
        MutualError::MathOverflow.into()
    );
    assert_eq!(p.stake_shares, u128::MAX);
    // Earnings above u64::MAX are an overflow, never truncated.
    let mut q = blank();
    q.add(minted(0, u128::from(u64::MAX) + 1, 0)).unwrap();
    assert_eq!(
        q.settle(REWARD_SCALE).unwrap_err(),
        MutualError::MathOverflow.into()
    );
    assert_eq!((q.pending_rewards, q.reward_debt), (0, 0));
}

/// A position of 3 tokens' shares and 3.3e9 reward shares opened at accumulator 1e12, and its tranche's
/// checkpoint, expired (9 tokens over 9e9 shares at accumulator 2e12) or not.
fn position_and_checkpoint(expired: bool) -> (StakePosition, PoolTranche) {
    let mut p = blank();
    p.init(1, Pubkey::default(), 7, Pubkey::default(), REWARD_SCALE);
    p.add(minted(3_000_000_000, 3_300_000_000, 0)).unwrap();
    let mut c = PoolTranche::deserialize(&mut &[0u8; PoolTranche::INIT_SPACE][..]).unwrap();
    c.init(1, Pubkey::default(), 7);
    if expired {
        c.expire(9_000_000_000, 9_000_000_000, 2 * REWARD_SCALE)
            .unwrap();
    }
    (p, c)
}

fn bytes<T: AnchorSerialize>(value: &T) -> Vec<u8> {
    borsh::to_vec(value).unwrap()
}

#[test]
fn withdraw_before_expiry_takes_the_rewards_up_to_the_pool() {
    let (mut p, mut c) = position_and_checkpoint(false);
    // 3.3e9 · (1.5e12 − 1e12) / 1e12 = 1.65e9 of rewards; the stake stays.
    let out = p
        .withdraw(&mut c, 3 * REWARD_SCALE / 2, false, true)
        .unwrap();
    assert_eq!(
        out,
        Withdrawal {
            stake: 0,
            rewards: 1_650_000_000
        }
    );
    assert_eq!((p.stake_shares, p.pending_rewards), (3_000_000_000, 0));
    assert_eq!(p.reward_debt, 3 * REWARD_SCALE / 2);
}

#[test]
fn withdraw_after_expiry_takes_the_stake_and_the_rewards_up_to_the_expiry() {
    let (mut p, mut c) = position_and_checkpoint(true);
    // The pool's accumulator has moved on (5e12); the tranche's reward shares stopped at 2e12.
    let out = p.withdraw(&mut c, 5 * REWARD_SCALE, true, true).unwrap();
    assert_eq!(
        out,
        Withdrawal {
            stake: 3_000_000_000,
            rewards: 3_300_000_000
        }
    );
    assert!(p.is_empty());
    assert_eq!(
        (c.stake_at_expiry, c.shares_at_expiry),
        (6_000_000_000, 6_000_000_000)
    );
}

#[test]
fn a_refused_withdrawal_changes_neither_account() {
    // The stake before expiry, and nothing to take.
    let (mut p, mut c) = position_and_checkpoint(false);
    let before = (bytes(&p), bytes(&c));
    assert_eq!(
        p.withdraw(&mut c, 3 * REWARD_SCALE, true, true)
            .unwrap_err(),
        MutualError::TrancheNotExpired.into()
    );
    assert_eq!(
        p.withdraw(&mut c, REWARD_SCALE, false, true).unwrap_err(),
        MutualError::NothingToWithdraw.into()
    );
    assert_eq!(
        p.withdraw(&mut c, 3 * REWARD_SCALE, false, false)
            .unwrap_err(),
        MutualError::NothingToWithdraw.into()
    );
    assert_eq!((bytes(&p), bytes(&c)), before);
}

#[test]
fn the_invariant_fails_on_fewer_reward_than_stake_shares_or_shares_without_stake() {
    let mut p = blank();
    p.invariant().unwrap();
    p.add(minted(100, 110, 11)).unwrap();
    p.invariant().unwrap();
    let broken = MutualError::PositionAccountingBroken.into();
    let mut fewer = blank();
    fewer.add(minted(100, 99, 0)).unwrap();
    assert_eq!(fewer.invariant().unwrap_err(), broken);
    let mut orphan = blank();
    orphan.fee_shares = 1;
    assert_eq!(orphan.invariant().unwrap_err(), broken);
    p.take_shares();
    p.invariant().unwrap();
}
