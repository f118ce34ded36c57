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
        asset_index: 1,
        amount: 1_000,
        terms: ClaimTerms {
            liability: 990,
            reward: 600,
            deposit: 50,
            denied_reward: 200,
        },
        backing: Backing {
            allocations: [CoverAllocation::default(); MAX_COVER_POOLS],
            pool_count: 0,
            capacity_ratio: Bps(20_000),
            wording_hash: [1; 32],
            poll_times: Params::defaults(1, 1).poll_times(),
            expiry_bucket: 0,
        },
        held_tranches: [0; MAX_COVER_POOLS],
        evidence_hash: [2; 32],
        evidence_uri: "ipfs://evidence".into(),
        commit_reveal,
        quorum: QUORUM,
    };
    claim.init(1, filing, T0).unwrap();
    claim
}

/// The accept weight the test claims need before their liability counts.
const QUORUM: u64 = 100;

#[test]
fn size_is_pinned_and_rent_is_under_the_aim() {
    assert_eq!(Claim::SIZE, 537);
}

#[test]
fn an_accepted_claim_shares_the_whole_reward_once_paid_and_burns_at_the_ratio_it_was_bought_at() {
    let mut claim = filed(false);
    claim.vote(true, 300, T0).unwrap();
    claim.vote(false, 100, T0 + 1).unwrap();
    let cooled = T0 + 4 * DAY;
    // while it can still be redeemed, the voters wait
    assert_eq!(
        claim.reward_of(300, cooled).unwrap_err(),
        MutualError::ClaimPayoutPending.into()
    );
    claim.mark_paid();
    assert_eq!(claim.reward_of(300, cooled).unwrap(), 450);
    assert_eq!(claim.reward_of(100, cooled).unwrap(), 150);
    // the burn uses the claim's own ratio (2x): half the payout's stake, whatever the parameters say now
    let allocation = CoverAllocation {
        pool_id: 3,
        units: 10,
    };
    claim.allocations[0] = allocation;
    claim.pool_count = 1;
    assert_eq!(
        claim.payout_burn(&allocation, 1_000, u64::MAX).unwrap(),
        500
    );
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
        claim.vote(false, QUORUM, T0 + 5).unwrap_err(),
        MutualError::FirstVoteMustAccept.into()
    );
    assert_eq!(
        claim.vote(true, QUORUM, T0 + 5).unwrap(),
        LiabilityChange::Booked(1_000)
    );
    assert_eq!(claim.end, T0 + 5 + 3 * DAY);
    assert_eq!((claim.accept, claim.deny, claim.voters), (QUORUM, 0, 1));
    claim.invariant().unwrap();
}

#[test]
fn accept_leading_below_the_quorum_books_nothing_and_reaching_it_books_the_liability() {
    let mut claim = filed(false);
    // one small accept vote: accept leads, but nothing a seller gets moves
    assert_eq!(
        claim.vote(true, QUORUM - 1, T0).unwrap(),
        LiabilityChange::Unchanged
    );
    assert!(claim.accepted() && !claim.liability_booked);
    claim.invariant().unwrap();
    // one more unit of accept weight reaches the quorum exactly
    assert_eq!(
        claim.vote(true, 1, T0 + 1).unwrap(),
        LiabilityChange::Booked(1_000)
    );
    claim.invariant().unwrap();
    // deny taking the lead releases it, whatever the quorum
    assert_eq!(
        claim.vote(false, QUORUM, T0 + 2).unwrap(),
        LiabilityChange::Released(1_000)
    );
    claim.invariant().unwrap();
}

#[test]
fn an_accepted_claim_that_lapses_unpaid_shares_only_its_denied_reward() {
    let mut claim = filed(false);
    claim.vote(true, 300, T0).unwrap();
    claim.vote(false, 100, T0 + 1).unwrap();
    let closed = T0 + 4 * DAY + 30 * DAY;
    // past the window but still open, it can still be paid: its voters wait
    assert_eq!(
        claim.reward_of(300, closed).unwrap_err(),
        MutualError::ClaimPayoutPending.into()
    );
    // lapsed (its vault could pay), of the 200 a denial pays
    claim.settle_unpaid(true, closed).unwrap();
    assert_eq!(claim.status, ClaimStatus::Lapsed);
    assert_eq!(claim.reward_of(300, closed).unwrap(), 150);
    assert_eq!(claim.reward_of(100, closed).unwrap(), 50);
}

#[test]
fn deny_taking_the_lead_releases_the_liability_and_a_tie_is_denied() {
    let mut claim = filed(false);
    claim.vote(true, QUORUM, T0).unwrap();
    assert_eq!(
        claim.vote(false, QUORUM, T0 + 1).unwrap(),
        LiabilityChange::Released(1_000)
    );
    assert!(!claim.accepted());
    assert_eq!(
        claim.vote(true, 1, T0 + 2).unwrap(),
        LiabilityChange::Booked(1_000)
    );
    claim.invariant().unwrap();
}

#[test]
fn a_late_vote_extends_the_end_by_its_weight_over_the_tally_before_it() {
    let mut claim = filed(false);
    claim.vote(true, 400, T0).unwrap();
    let end = T0 + 3 * DAY;
    // 100 against the 400 before it, with an hour left: a quarter of a day more.
    claim.vote(false, 100, end - 3_600).unwrap();
    assert_eq!(claim.end, end + DAY / 4);
    // Two days before the (new) end: nothing.
    claim.vote(false, 100, claim.end - 2 * DAY).unwrap();
    assert_eq!(claim.end, end + DAY / 4);
}

#[test]
fn a_late_vote_as_large_as_everything_before_it_buys_the_others_a_whole_day() {
    // Nexus's rule: the tally before the vote, not after it (which would give 12 h).
    let mut claim = filed(false);
    claim.vote(true, 300, T0).unwrap();
    let end = T0 + 3 * DAY;
    claim.vote(false, 300, end - 60).unwrap();
    assert_eq!(claim.end, end + DAY);
    // ten times the tally: still a day
    let mut whale = filed(false);
    whale.vote(true, 300, T0).unwrap();
    whale.vote(false, 3_000, end - 60).unwrap();
    assert_eq!(whale.end, end + DAY);
    // exactly a day left: no extension
    let mut edge = filed(false);
    edge.vote(true, 300, T0).unwrap();
    edge.vote(false, 300, end - DAY).unwrap();
    assert_eq!(edge.end, end);
    // a second before that: a day
    let mut inside = filed(false);
    inside.vote(true, 300, T0).unwrap();
    inside.vote(false, 300, end - DAY + 1).unwrap();
    assert_eq!(inside.end, end + DAY);
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
    claim.commit(QUORUM, T0 + 100).unwrap();
    claim.commit(5, T0 + 200).unwrap();
    assert_eq!(
        (claim.accept, claim.deny, claim.committed),
        (0, 0, QUORUM + 5)
    );
    let end = T0 + 100 + 3 * DAY;
    assert_eq!(claim.end, end);
    // a commitment in the last hour moves no end: tallies are hidden, there is no silent ending
    claim.commit(1_000, end - 3_600).unwrap();
    assert_eq!(claim.end, end);
    assert_eq!(
        claim.reveal(true, QUORUM, end - 1).unwrap_err(),
        MutualError::PollNotRevealing.into()
    );
    assert_eq!(
        claim.reveal(true, QUORUM, end).unwrap(),
        LiabilityChange::Booked(1_000)
    );
    assert_eq!(claim.phase(end + DAY - 1).unwrap(), PollPhase::Reveal);
    assert_eq!(claim.phase(end + DAY).unwrap(), PollPhase::Cooldown);
    assert_eq!(claim.cooldown_end().unwrap(), end + 2 * DAY);
    claim.invariant().unwrap();
}

#[test]
fn fraud_undo_flips_the_outcome_only_before_it_is_final() {
    let mut claim = filed(false);
    claim.vote(true, QUORUM, T0).unwrap();
    claim.vote(false, 4, T0 + 1).unwrap();
    let cooling = T0 + 3 * DAY;
    assert_eq!(
        claim.undo(Some(true), QUORUM, cooling).unwrap(),
        LiabilityChange::Released(1_000)
    );
    assert_eq!((claim.accept, claim.deny), (0, 4));
    // Once the payout window opens, the tally is final.
    let mut other = filed(false);
    other.vote(true, QUORUM, T0).unwrap();
    assert_eq!(
        other.undo(Some(true), QUORUM, T0 + 4 * DAY).unwrap(),
        LiabilityChange::Unchanged
    );
    assert_eq!(other.accept, QUORUM);
}

#[test]
fn redeemable_accepted_after_cooldown_until_it_lapses_which_needs_a_vault_able_to_pay() {
    let mut claim = filed(false);
    claim.vote(true, QUORUM, T0).unwrap();
    let cooled = T0 + 4 * DAY;
    assert_eq!(
        claim.require_redeemable(cooled - 1).unwrap_err(),
        MutualError::ClaimNotDecided.into()
    );
    claim.require_redeemable(cooled).unwrap();
    // after the window, still redeemable while open
    claim.require_redeemable(cooled + 30 * DAY).unwrap();
    assert_eq!(
        claim.settle_unpaid(true, cooled).unwrap_err(),
        MutualError::ClaimRedeemable.into()
    );
    // a claim the vaults cannot pay cannot time the claimant out
    assert_eq!(
        claim.settle_unpaid(false, cooled + 30 * DAY).unwrap_err(),
        MutualError::PayoutVaultShort.into()
    );
    assert!(claim.is_open());
    assert_eq!(
        claim.settle_unpaid(true, cooled + 30 * DAY).unwrap(),
        (ClaimStatus::Lapsed, LiabilityChange::Released(1_000))
    );
    assert_eq!(
        claim.require_redeemable(cooled + 30 * DAY).unwrap_err(),
        MutualError::ClaimNotOpen.into()
    );
    claim.invariant().unwrap();
}

#[test]
fn a_denied_claim_settles_after_its_cooldown_and_shares_only_its_denied_reward() {
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
    // the 200 a denial pays (the deposit's worth), not the 600 an acceptance would
    assert_eq!(claim.reward_of(10, cooled).unwrap(), 66);
    assert_eq!(claim.reward_of(20, cooled).unwrap(), 133);
    assert_eq!(
        claim.settle_unpaid(false, cooled).unwrap(),
        (ClaimStatus::Denied, LiabilityChange::Unchanged)
    );
    assert_eq!(
        claim.settle_unpaid(false, cooled).unwrap_err(),
        MutualError::ClaimNotOpen.into()
    );
}
