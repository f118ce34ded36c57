//! Votes: the first must accept, one per assessor, none by the claimant or a non-assessor, silent ending, and
//! commit-reveal.
use super::*;
use mutual::errors::MutualError;
use mutual::math::claims::PollPhase;
use mutual::state::Vote;
use mutual_sdk::{ix, pda, Signer};
use test_case::test_case;

#[test]
fn the_first_vote_must_accept_and_one_vote_per_assessor() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    let first_deny = ix::claim_vote(&s.assessors[0].pubkey(), &claim, false);
    f.send_err_unchanged(
        &[first_deny],
        &[&s.assessors[0]],
        MutualError::FirstVoteMustAccept,
        &[claim],
    );
    s.vote(0, &claim, true);
    let again = ix::claim_vote(&s.assessors[0].pubkey(), &claim, false);
    f.send_err_unchanged(
        &[again],
        &[&s.assessors[0]],
        MutualError::AlreadyInitialized,
        &[claim],
    );
    f.warp_seconds(VOTING);
    let late = ix::claim_vote(&s.assessors[1].pubkey(), &claim, false);
    f.send_err_unchanged(
        &[late],
        &[&s.assessors[1]],
        MutualError::PollNotVoting,
        &[claim],
    );
}

/// The cover's owner, also an assessor with stake from before the claim, may neither vote nor commit on it.
#[test_case(false; "an open poll")]
#[test_case(true; "a commit-reveal poll")]
fn a_claimant_cannot_vote_on_their_own_claim(commit_reveal: bool) {
    // Arrange: the owner buys 100 USDC of MUT and stakes 20 as an assessor, then claims
    let s = story_with(commit_reveal);
    let f = &s.f;
    let owner = s.owner.pubkey();
    f.send_ok(&[f.token_buy_ix(&owner, 100 * USDC, 0)], &[&s.owner]);
    f.send_ok(&[ix::assessor_stake(&owner, 20 * STAKE)], &[&s.owner]);
    f.warp_seconds(60);
    let claim = s.claim();
    assert_eq!(
        f.assessor(&owner).unwrap().weight_for(f.now()).unwrap(),
        20 * STAKE
    );

    // Act + Assert: refused, and the claim, the record and the vote's address are untouched
    let vote = if commit_reveal {
        ix::claim_vote_commit(&owner, &claim, [9; 32])
    } else {
        ix::claim_vote(&owner, &claim, true)
    };
    f.send_err_unchanged(
        &[vote],
        &[&s.owner],
        MutualError::ClaimantCannotVote,
        &[
            claim,
            pda::assessor_stake(&owner).0,
            pda::vote(&claim, &owner).0,
        ],
    );
    assert!(!f.account_exists(&pda::vote(&claim, &owner).0));
    assert_eq!((state(f, &claim).voters, state(f, &claim).end), (0, 0));
}

#[test]
fn a_vote_by_a_non_assessor_is_refused() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    let member = f.with_staker(10);
    // No `AssessorStake` at its address: Anchor's AccountNotInitialized.
    f.send_err_code(
        &[ix::claim_vote(&member.pubkey(), &claim, true)],
        &[&member],
        3012,
    );
}

#[test]
fn silent_ending_extends_the_end_by_each_late_votes_weight_over_the_tally_before_it() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    let t0 = f.now();
    s.vote(0, &claim, true); // 300: end = t0 + 3 d
    f.warp_seconds(VOTING - 3_600);
    s.vote(1, &claim, false); // 100 against the 300 before it, an hour left: + 8 h (Nexus V2's rule)
    let end = t0 + VOTING + 8 * 3_600;
    assert_eq!(state(f, &claim).end, end);
    f.warp_seconds(end - 10 - f.now());
    s.vote(2, &claim, false); // 50 against 400, 10 s left: + 86_400 · 50 / 400 = 10_800 s
    let end = end + 10_800;
    assert_eq!(state(f, &claim).end, end);
    // A vote at the exact end is late.
    let voter = &s.assessors[3];
    f.warp_seconds(end - f.now());
    f.send_err(
        &[ix::claim_vote(&voter.pubkey(), &claim, true)],
        &[voter],
        MutualError::PollNotVoting,
    );
    assert_eq!(state(f, &claim).phase(end).unwrap(), PollPhase::Cooldown);
}

#[test]
fn commit_reveal_hides_votes_and_an_unrevealed_vote_counts_for_nothing() {
    let s = story_with(true);
    let f = &s.f;
    let claim = s.claim();
    assert!(state(f, &claim).commit_reveal);
    let salts = [[1u8; 32], [2u8; 32], [3u8; 32]];
    let choices = [true, false, true];
    let t0 = f.now();
    for (who, voter) in s.assessors[..3].iter().enumerate() {
        let commitment = Vote::commitment(choices[who], &salts[who], &voter.pubkey(), &claim);
        f.send_ok(
            &[ix::claim_vote_commit(&voter.pubkey(), &claim, commitment)],
            &[voter],
        );
    }
    // An open vote on a commit-reveal claim is refused; the tally is hidden.
    let open = ix::claim_vote(&s.assessors[3].pubkey(), &claim, true);
    f.send_err(&[open], &[&s.assessors[3]], MutualError::WrongVotingMode);
    let c = state(f, &claim);
    assert_eq!(
        (c.accept, c.deny, c.committed, c.voters, c.end),
        (0, 0, 450 * STAKE, 3, t0 + VOTING)
    );
    assert_eq!(f.snapshot().pending_units[0], 0);
    let reveal = |who: usize, accept: bool, salt: [u8; 32]| {
        ix::claim_vote_reveal(&s.assessors[who].pubkey(), &claim, accept, salt)
    };
    f.send_err(
        &[reveal(0, true, salts[0])],
        &[&s.assessors[0]],
        MutualError::PollNotRevealing,
    );

    f.warp_seconds(VOTING);
    f.send_ok(&[reveal(0, true, salts[0])], &[&s.assessors[0]]);
    assert_eq!(f.snapshot().pending_units[0], CLAIMED);
    f.send_err_unchanged(
        &[reveal(1, true, salts[1])],
        &[&s.assessors[1]],
        MutualError::CommitmentMismatch,
        &[claim],
    );
    f.send_err(
        &[reveal(1, false, [9; 32])],
        &[&s.assessors[1]],
        MutualError::CommitmentMismatch,
    );
    f.send_ok(&[reveal(1, false, salts[1])], &[&s.assessors[1]]);
    f.send_err(
        &[reveal(1, false, salts[1])],
        &[&s.assessors[1]],
        MutualError::VoteNotHidden,
    );
    // Assessor 2 never reveals.
    f.warp_seconds(DAY);
    f.send_err(
        &[reveal(2, true, salts[2])],
        &[&s.assessors[2]],
        MutualError::PollNotRevealing,
    );
    let c = state(f, &claim);
    assert_eq!((c.accept, c.deny), (300 * STAKE, 100 * STAKE));

    f.warp_seconds(DAY);
    f.send_ok(&[f.redeem_ix(&s.owner.pubkey(), &claim)], &[&s.owner]);
    let late = &s.assessors[2];
    let tokens = f.stake_balance(&late.pubkey());
    f.send_ok(&[ix::vote_reward_claim(&late.pubkey(), &claim)], &[late]);
    assert_eq!(f.stake_balance(&late.pubkey()), tokens);
    assert!(f.vote_of(&claim, &late.pubkey()).is_none());
    let first = &s.assessors[0];
    let tokens = f.stake_balance(&first.pubkey());
    f.send_ok(&[ix::vote_reward_claim(&first.pubkey(), &claim)], &[first]);
    assert_eq!(f.stake_balance(&first.pubkey()), tokens + c.reward * 3 / 4);
}
