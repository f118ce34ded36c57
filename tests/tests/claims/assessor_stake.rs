//! Assessor stake: stake added after a poll started weighs nothing, and unstaking waits 14 days.
use super::*;
use mutual::errors::MutualError;
use mutual_sdk::{ix, pda, Signer};

#[test]
fn stake_added_after_the_poll_started_does_not_weigh() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    let late = &s.assessors[2];
    f.send_ok(&[ix::assessor_stake(&late.pubkey(), 5 * STAKE)], &[late]);
    assert_eq!(f.assessor(&late.pubkey()).unwrap().stake, 55 * STAKE);
    assert_eq!(f.member(&late.pubkey()).unwrap().assessor_stake, 55 * STAKE);
    s.vote(2, &claim, true);
    assert_eq!(
        f.vote_of(&claim, &late.pubkey()).unwrap().weight,
        50 * STAKE
    );
}

#[test]
fn unstaking_waits_fourteen_days_after_the_last_vote() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    s.vote(0, &claim, true);
    let who = &s.assessors[0];
    let unstake = ix::assessor_unstake(&who.pubkey(), 100 * STAKE);
    f.warp_seconds(14 * DAY - 1);
    f.send_err_unchanged(
        std::slice::from_ref(&unstake),
        &[who],
        MutualError::AssessorStakeLocked,
        &[pda::assessor_stake(&who.pubkey()).0],
    );
    f.warp_seconds(1);
    let tokens = f.stake_balance(&who.pubkey());
    f.send_ok(&[unstake], &[who]);
    assert_eq!(f.stake_balance(&who.pubkey()), tokens + 100 * STAKE);
    assert_eq!(f.assessor(&who.pubkey()).unwrap().stake, 200 * STAKE);
    assert_eq!(f.member(&who.pubkey()).unwrap().assessor_stake, 200 * STAKE);
    f.send_err(
        &[ix::assessor_unstake(&who.pubkey(), 201 * STAKE)],
        &[who],
        MutualError::InsufficientBalance,
    );
    // A member with assessor stake can't leave.
    f.send_err(
        &[ix::member_leave(&who.pubkey(), 0)],
        &[who],
        MutualError::MemberHasAssessorStake,
    );
}
