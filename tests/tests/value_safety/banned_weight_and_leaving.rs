//! 8. Banned weight never decides, and leaving strands nothing.
use super::*;
use mutual::errors::MutualError;
use mutual_sdk::{ix, pda, Keypair, Signer};

#[test]
fn security_economic_sequences_a_flagged_assessor_cannot_reveal_a_commitment() {
    // Arrange: a commit-reveal product; a fraudulent assessor commits accept, then is flagged
    let f = TestFixture::bootstrapped();
    let mut terms = sample_terms("Hidden");
    terms.commit_reveal = true;
    let product = f.create_product(terms);
    let m = f.with_pools_for(product, &[(100, 300, 2_000)]);
    let owner = f.with_funded_member(10_000 * USDC);
    let cover = f.buy_cover(&owner, m.product, 1_000 * USDC, PERIOD, &m.pools);
    let fraud = f.with_assessor(300);
    let honest = f.with_assessor(QUORUM_TOKENS);
    f.warp_seconds(60);
    let claim = f.submit_claim(&owner, &cover, 600 * USDC);
    let salt = [5; 32];
    let commit = |voter: &Keypair, accept: bool| {
        let commitment = mutual::state::Vote::commitment(accept, &salt, &voter.pubkey(), &claim);
        ix::claim_vote_commit(&voter.pubkey(), &claim, commitment)
    };
    f.send_ok(&[commit(&fraud, true)], &[&fraud]);
    f.send_ok(&[commit(&honest, false)], &[&honest]);
    f.send_ok(
        &[ix::assessor_flag_fraud(
            &f.deployer().pubkey(),
            &fraud.pubkey(),
            true,
        )],
        &[f.deployer()],
    );
    f.warp_seconds(3 * DAY);

    // Act + Assert: the reveal is refused, and nothing moves
    f.send_err_unchanged(
        &[ix::claim_vote_reveal(&fraud.pubkey(), &claim, true, salt)],
        &[&fraud],
        MutualError::AssessorBanned,
        &[
            claim,
            pda::capital_snapshot().0,
            pda::vote(&claim, &fraud.pubkey()).0,
        ],
    );
    f.send_ok(
        &[ix::claim_vote_reveal(&honest.pubkey(), &claim, false, salt)],
        &[&honest],
    );
    let c = claim_of(&f, &claim);
    assert_eq!((c.accept, c.deny), (0, QUORUM_TOKENS * STAKE));
    assert_eq!(f.snapshot().pending_units[0], 0);
}

#[test]
fn security_griefing_and_liveness_leaving_waits_until_every_vote_is_closed() {
    // Arrange: an assessor votes, and once unlocked takes all their assessor stake back
    let (f, _, owner, cover) = bought();
    let assessor = f.with_assessor(QUORUM_TOKENS);
    f.warp_seconds(60);
    let claim = f.submit_claim(&owner, &cover, 300 * USDC);
    f.vote(&assessor, &claim, true);
    assert_eq!(f.member(&assessor.pubkey()).unwrap().open_votes, 1);
    f.warp_days(15);
    f.send_ok(
        &[ix::assessor_unstake(
            &assessor.pubkey(),
            QUORUM_TOKENS * STAKE,
        )],
        &[&assessor],
    );

    // Act + Assert: leaving now would strand the vote's reward and rent: refused, nothing changes
    let leave = ix::member_leave(&assessor.pubkey(), u64::MAX);
    f.send_err_unchanged(
        std::slice::from_ref(&leave),
        &[&assessor],
        MutualError::MemberHasOpenVotes,
        &[pda::member(&assessor.pubkey()).0],
    );
    f.send_ok(&[f.redeem_ix(&owner.pubkey(), &claim)], &[&owner]);
    let vote = pda::vote(&claim, &assessor.pubkey()).0;
    let rent = f.lamports(&vote);
    let sol = f.lamports(&assessor.pubkey());
    f.send_ok(
        &[ix::vote_reward_claim(&assessor.pubkey(), &claim)],
        &[&assessor],
    );
    assert_eq!(f.lamports(&assessor.pubkey()), sol + rent - SIGNATURE_FEE);
    assert_eq!(f.member(&assessor.pubkey()).unwrap().open_votes, 0);
    // past the vote check, the next one (the member's stake tokens) speaks
    f.send_err(&[leave], &[&assessor], MutualError::MemberHasStakeTokens);
}
