//! Unit tests of `state/vote.rs`: commitments and what a vote counts for.
use super::*;

fn hidden(accept: bool, salt: [u8; 32], voter: &Pubkey, claim: &Pubkey) -> Vote {
    let mut vote = Vote::try_from_slice(&[0u8; Vote::INIT_SPACE]).unwrap();
    vote.init(
        1,
        VoteChoice::Hidden,
        7,
        Vote::commitment(accept, &salt, voter, claim),
        5,
    );
    vote
}

#[test]
fn size_is_pinned_and_rent_is_under_the_aim() {
    assert_eq!(Vote::SIZE, 64);
}

#[test]
fn a_commitment_opens_only_with_its_choice_salt_voter_and_claim() {
    let (voter, claim, salt) = (Pubkey::new_unique(), Pubkey::new_unique(), [3; 32]);
    let mut vote = hidden(true, salt, &voter, &claim);
    assert_eq!(vote.counted(), None);
    for (accept, salt, voter, claim) in [
        (false, salt, voter, claim),
        (true, [4; 32], voter, claim),
        (true, salt, Pubkey::new_unique(), claim),
        (true, salt, voter, Pubkey::new_unique()),
    ] {
        assert_eq!(
            vote.reveal(accept, &salt, &voter, &claim).unwrap_err(),
            MutualError::CommitmentMismatch.into()
        );
    }
    vote.reveal(true, &salt, &voter, &claim).unwrap();
    assert_eq!(
        (
            vote.counted(),
            vote.earning_weight(false),
            vote.earning_weight(true)
        ),
        (Some(true), 7, 0)
    );
    assert_eq!(
        vote.reveal(true, &salt, &voter, &claim).unwrap_err(),
        MutualError::VoteNotHidden.into()
    );
}

#[test]
fn a_forfeited_vote_counts_for_nothing_and_is_undone_once() {
    let (voter, claim) = (Pubkey::new_unique(), Pubkey::new_unique());
    let mut vote = hidden(false, [0; 32], &voter, &claim);
    vote.reveal(false, &[0; 32], &voter, &claim).unwrap();
    assert_eq!(vote.forfeit().unwrap(), Some(false));
    assert_eq!((vote.counted(), vote.earning_weight(false)), (None, 0));
    assert_eq!(
        vote.forfeit().unwrap_err(),
        MutualError::VoteAlreadyUndone.into()
    );
}

#[test]
fn a_hidden_vote_undone_as_fraud_cannot_be_revealed() {
    let (voter, claim) = (Pubkey::new_unique(), Pubkey::new_unique());
    let mut vote = hidden(true, [3; 32], &voter, &claim);
    assert_eq!(vote.forfeit().unwrap(), None);
    assert_eq!(
        vote.reveal(true, &[3; 32], &voter, &claim).unwrap_err(),
        MutualError::VoteAlreadyUndone.into()
    );
    assert_eq!((vote.choice, vote.counted()), (VoteChoice::Hidden, None));
}

#[test]
fn the_invariant_fails_on_a_weightless_vote_or_a_hidden_one_without_commitment() {
    let (voter, claim) = (Pubkey::new_unique(), Pubkey::new_unique());
    let vote = hidden(true, [3; 32], &voter, &claim);
    vote.invariant().unwrap();
    let broken = MutualError::VoteAccountingBroken.into();
    let mut weightless = hidden(true, [3; 32], &voter, &claim);
    weightless.weight = 0;
    assert_eq!(weightless.invariant().unwrap_err(), broken);
    let mut bare = hidden(true, [3; 32], &voter, &claim);
    bare.commitment = [0; 32];
    assert_eq!(bare.invariant().unwrap_err(), broken);
}
