//! Unit tests of `state/assessor_stake.rs`: the weight a deposit history gives in a poll.
use super::*;

fn blank() -> AssessorStake {
    AssessorStake::try_from_slice(&[0u8; AssessorStake::INIT_SPACE]).unwrap()
}

#[test]
fn size_is_pinned() {
    assert_eq!(AssessorStake::SIZE, 156);
}

#[test]
fn stake_added_at_or_after_the_poll_start_does_not_weigh() {
    let mut a = blank();
    a.deposit(100, 10).unwrap();
    assert_eq!(
        a.weight_for(10).unwrap_err(),
        MutualError::ZeroVoteWeight.into()
    );
    assert_eq!(a.weight_for(11).unwrap(), 100);
    a.deposit(50, 20).unwrap();
    assert_eq!(a.weight_for(15).unwrap(), 100);
    assert_eq!(a.weight_for(21).unwrap(), 150);
    // Two deposits in one second are one point.
    a.deposit(5, 20).unwrap();
    assert_eq!((a.checkpoint_count, a.weight_for(21).unwrap()), (2, 155));
}

#[test]
fn a_full_history_drops_its_oldest_point_which_only_lowers_old_weights() {
    let mut a = blank();
    for (i, t) in [10, 20, 30, 40, 50].iter().enumerate() {
        a.deposit(10 * (i as u64 + 1), *t).unwrap();
    }
    assert_eq!(a.checkpoint_count as usize, STAKE_CHECKPOINTS);
    assert_eq!(
        a.weight_for(15).unwrap_err(),
        MutualError::ZeroVoteWeight.into()
    );
    assert_eq!(a.weight_for(25).unwrap(), 30);
    assert_eq!(a.weight_for(51).unwrap(), 150);
}

#[test]
fn unstaking_waits_for_the_lock_and_caps_the_history() {
    let mut a = blank();
    a.deposit(100, 10).unwrap();
    a.lock_after_vote(50, 14).unwrap();
    assert_eq!(a.locked_until, 64);
    assert_eq!(
        a.withdraw(40, 63).unwrap_err(),
        MutualError::AssessorStakeLocked.into()
    );
    assert_eq!(
        a.withdraw(101, 64).unwrap_err(),
        MutualError::InsufficientBalance.into()
    );
    a.withdraw(40, 64).unwrap();
    assert_eq!((a.stake, a.weight_for(11).unwrap()), (60, 60));
}

#[test]
fn a_fraud_flag_takes_the_stake_and_bans_the_assessor() {
    let mut a = blank();
    a.deposit(100, 10).unwrap();
    assert_eq!(a.flag_fraud().unwrap(), 100);
    assert_eq!(a.stake, 0);
    assert_eq!(
        a.weight_for(11).unwrap_err(),
        MutualError::AssessorBanned.into()
    );
    assert_eq!(
        a.deposit(1, 12).unwrap_err(),
        MutualError::AssessorBanned.into()
    );
    assert_eq!(
        a.flag_fraud().unwrap_err(),
        MutualError::AssessorBanned.into()
    );
}

#[test]
fn the_invariant_fails_on_an_unordered_or_inflated_history_or_a_flagged_holder() {
    let mut a = blank();
    a.deposit(100, 10).unwrap();
    a.deposit(50, 20).unwrap();
    a.withdraw(120, 20).unwrap();
    a.invariant().unwrap();
    let broken = MutualError::AssessorStakeAccountingBroken.into();
    let mut unordered = a.clone();
    unordered.checkpoints.swap(0, 1);
    assert_eq!(unordered.invariant().unwrap_err(), broken);
    let mut inflated = a.clone();
    inflated.checkpoints[0].total = inflated.stake + 1;
    assert_eq!(inflated.invariant().unwrap_err(), broken);
    let mut flagged = a.clone();
    flagged.fraud = true;
    assert_eq!(flagged.invariant().unwrap_err(), broken);
    let mut overfull = a;
    overfull.checkpoint_count = STAKE_CHECKPOINTS as u8 + 1;
    assert_eq!(overfull.invariant().unwrap_err(), broken);
}
