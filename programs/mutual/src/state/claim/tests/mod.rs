//! Unit tests of `state/claim.rs`: phases, tallies, silent ending and the liability they book.
use super::*;
use crate::constants::DAY;

const T0: i64 = 1_000 * DAY;

fn filed(commit_reveal: bool) -> Claim {
    let mut claim = Claim::deserialize(&mut &vec![0u8; Claim::INIT_SPACE][..]).unwrap();
    let filing = ClaimFiling {
        seq: 0,
        cover: Pubkey::new_unique(),
        product: Pubkey::new_unique(),
        claimant: Pubkey::new_unique(),
        asset: Pubkey::new_unique(),
        amount: 1_000,
        terms: ClaimTerms {
            liability: 990,
            reward: 600,
            deposit: 50,
        },
        wording_hash: [1; 32],
        evidence_hash: [2; 32],
        evidence_uri: "ipfs://evidence".into(),
        commit_reveal,
    };
    claim.init(1, filing, &Params::defaults(1, 1), T0).unwrap();
    claim
}

#[test]
fn size_is_pinned_and_rent_is_under_the_aim() {
    assert_eq!(Claim::SIZE, 470);
}

#[test]
fn a_poll_nobody_votes_on_is_denied_after_max_poll_then_cools_and_closes() {
    let claim = filed(false);
    let max_poll = 7 * DAY;
    assert_eq!(claim.phase(T0 + max_poll - 1).unwrap(), PollPhase::Voting);
    assert_eq!(claim.phase(T0 + max_poll).unwrap(), PollPhase::Cooldown);
    assert_eq!(
        claim.phase(T0 + max_poll + DAY).unwrap(),
        PollPhase::PayoutWindow
    );
    assert_eq!(
        claim.phase(T0 + max_poll + 31 * DAY).unwrap(),
        PollPhase::Closed
    );
    assert!(!claim.accepted());
}

#[test]
fn the_first_vote_must_accept_and_sets_the_end() {
    let mut claim = filed(false);
    assert_eq!(
        claim.vote(false, 10, T0 + 5).unwrap_err(),
        MutualError::FirstVoteMustAccept.into()
    );
    assert_eq!(
        claim.vote(true, 10, T0 + 5).unwrap(),
        LiabilityChange::Booked(990)
    );
    assert_eq!(claim.end, T0 + 5 + 3 * DAY);
    assert_eq!((claim.accept, claim.deny, claim.voters), (10, 0, 1));
    claim.invariant().unwrap();
}

#[test]
fn deny_taking_the_lead_releases_the_liability_and_a_tie_is_denied() {
    let mut claim = filed(false);
    claim.vote(true, 10, T0).unwrap();
    assert_eq!(
        claim.vote(false, 10, T0 + 1).unwrap(),
        LiabilityChange::Released(990)
    );
    assert!(!claim.accepted());
    assert_eq!(
        claim.vote(true, 1, T0 + 2).unwrap(),
        LiabilityChange::Booked(990)
    );
    claim.invariant().unwrap();
}

#[test]
fn a_late_vote_extends_the_end_by_its_share_of_a_day() {
    let mut claim = filed(false);
    claim.vote(true, 300, T0).unwrap();
    let end = T0 + 3 * DAY;
    // 100 of 400 voted, with an hour left: a quarter of a day more.
    claim.vote(false, 100, end - 3_600).unwrap();
    assert_eq!(claim.end, end + DAY / 4);
    // Two days before the (new) end: nothing.
    claim.vote(false, 100, claim.end - 2 * DAY).unwrap();
    assert_eq!(claim.end, end + DAY / 4);
}

#[test]
fn voting_after_the_end_is_refused() {
    let mut claim = filed(false);
    claim.vote(true, 10, T0).unwrap();
    assert_eq!(
        claim.vote(true, 10, T0 + 3 * DAY).unwrap_err(),
        MutualError::PollNotVoting.into()
    );
}

#[test]
fn commit_reveal_hides_the_tally_until_the_reveal_window() {
    let mut claim = filed(true);
    assert_eq!(
        claim.vote(true, 1, T0).unwrap_err(),
        MutualError::WrongVotingMode.into()
    );
    claim.commit(10, T0 + 100).unwrap();
    claim.commit(5, T0 + 200).unwrap();
    assert_eq!((claim.accept, claim.deny, claim.committed), (0, 0, 15));
    let end = T0 + 100 + 3 * DAY;
    assert_eq!(claim.end, end);
    assert_eq!(
        claim.reveal(true, 10, end - 1).unwrap_err(),
        MutualError::PollNotRevealing.into()
    );
    assert_eq!(
        claim.reveal(true, 10, end).unwrap(),
        LiabilityChange::Booked(990)
    );
    assert_eq!(claim.phase(end + DAY - 1).unwrap(), PollPhase::Reveal);
    assert_eq!(claim.phase(end + DAY).unwrap(), PollPhase::Cooldown);
    assert_eq!(claim.cooldown_end().unwrap(), end + 2 * DAY);
    claim.invariant().unwrap();
}

#[test]
fn fraud_undo_flips_the_outcome_only_before_it_is_final() {
    let mut claim = filed(false);
    claim.vote(true, 10, T0).unwrap();
    claim.vote(false, 4, T0 + 1).unwrap();
    let cooling = T0 + 3 * DAY;
    assert_eq!(
        claim.undo(Some(true), 10, cooling).unwrap(),
        LiabilityChange::Released(990)
    );
    assert_eq!((claim.accept, claim.deny), (0, 4));
    // Once the payout window opens, the tally is final.
    let mut other = filed(false);
    other.vote(true, 10, T0).unwrap();
    assert_eq!(
        other.undo(Some(true), 10, T0 + 4 * DAY).unwrap(),
        LiabilityChange::Unchanged
    );
    assert_eq!(other.accept, 10);
}

#[test]
fn redeemable_only_accepted_after_cooldown_and_within_the_window() {
    let mut claim = filed(false);
    claim.vote(true, 10, T0).unwrap();
    let cooled = T0 + 4 * DAY;
    assert_eq!(
        claim.require_redeemable(cooled - 1).unwrap_err(),
        MutualError::ClaimNotDecided.into()
    );
    claim.require_redeemable(cooled).unwrap();
    assert_eq!(
        claim.require_redeemable(cooled + 30 * DAY).unwrap_err(),
        MutualError::PayoutWindowClosed.into()
    );
    assert_eq!(
        claim.settle_unpaid(cooled).unwrap_err(),
        MutualError::ClaimRedeemable.into()
    );
    assert_eq!(
        claim.settle_unpaid(cooled + 30 * DAY).unwrap(),
        (ClaimStatus::Lapsed, LiabilityChange::Released(990))
    );
    claim.invariant().unwrap();
}

#[test]
fn a_denied_claim_settles_after_its_cooldown_and_pays_rewards() {
    let mut claim = filed(false);
    claim.vote(true, 10, T0).unwrap();
    claim.vote(false, 20, T0 + 1).unwrap();
    let cooled = T0 + 4 * DAY;
    assert_eq!(
        claim.require_redeemable(cooled).unwrap_err(),
        MutualError::ClaimDenied.into()
    );
    assert_eq!(
        claim.reward_of(10, cooled - 1).unwrap_err(),
        MutualError::ClaimNotDecided.into()
    );
    assert_eq!(claim.reward_of(10, cooled).unwrap(), 200);
    assert_eq!(claim.reward_of(20, cooled).unwrap(), 400);
    assert_eq!(
        claim.settle_unpaid(cooled).unwrap(),
        (ClaimStatus::Denied, LiabilityChange::Unchanged)
    );
    assert_eq!(
        claim.settle_unpaid(cooled).unwrap_err(),
        MutualError::ClaimNotOpen.into()
    );
}
