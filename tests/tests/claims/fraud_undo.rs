//! Fraud undo: an accepted claim flipped to denied, and after the cooldown only the reward forfeited.
use super::*;
use mutual::errors::MutualError;
use mutual::state::ClaimStatus;
use mutual_sdk::{ix, Signer};

#[test]
fn fraud_undo_flips_an_accepted_claim_to_denied() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    s.vote(0, &claim, true);
    s.vote(1, &claim, false);
    f.warp_seconds(VOTING); // the cooldown
    let fraud = &s.assessors[0];
    let (vault, supply) = (f.assessment_vault_balance(), f.stake_supply());
    let authority = f.deployer().insecure_clone();
    s.flag_fraud(0);
    assert_eq!(f.assessment_vault_balance(), vault - 300 * STAKE);
    assert_eq!(f.stake_supply(), supply - 300 * STAKE);
    let record = f.assessor(&fraud.pubkey()).unwrap();
    assert_eq!((record.fraud, record.stake), (true, 0));
    assert_eq!(f.member(&fraud.pubkey()).unwrap().assessor_stake, 0);
    assert_eq!(f.snapshot().pending_units[0], CLAIMED);

    let cranker = f.new_wallet(1);
    f.send_ok(
        &[ix::claim_fraud_undo_votes(&fraud.pubkey(), &[claim])],
        &[&cranker],
    );

    let c = state(f, &claim);
    assert_eq!(
        (c.accept, c.deny, c.liability_booked),
        (0, 100 * STAKE, false)
    );
    assert!(f.vote_of(&claim, &fraud.pubkey()).unwrap().forfeited);
    assert_eq!(f.snapshot().pending_units[0], 0);
    // Resumable, each vote once.
    f.send_err(
        &[ix::claim_fraud_undo_votes(&fraud.pubkey(), &[claim])],
        &[&cranker],
        MutualError::VoteAlreadyUndone,
    );
    f.warp_seconds(DAY);
    f.send_err(
        &[f.redeem_ix(&s.owner.pubkey(), &claim)],
        &[&s.owner],
        MutualError::ClaimDenied,
    );
    // The honest voter takes the whole of what a denial pays: here nothing, since no SOL price values the
    // deposit it forfeits (decision 55); the fraudster nothing either.
    assert_eq!(c.denied_reward, 0);
    let honest = &s.assessors[1];
    let tokens = f.stake_balance(&honest.pubkey());
    f.send_ok(
        &[ix::vote_reward_claim(&honest.pubkey(), &claim)],
        &[honest],
    );
    assert_eq!(f.stake_balance(&honest.pubkey()), tokens + c.denied_reward);
    let tokens = f.stake_balance(&fraud.pubkey());
    f.send_ok(&[ix::vote_reward_claim(&fraud.pubkey(), &claim)], &[fraud]);
    assert_eq!(f.stake_balance(&fraud.pubkey()), tokens);
    // A flagged assessor can't vote or stake again.
    let other = f.buy_cover(
        &s.owner,
        s.market.product,
        100 * USDC,
        PERIOD,
        &s.market.pools,
    );
    f.warp_seconds(1);
    let next = f.submit_claim(&s.owner, &other, 100 * USDC);
    f.send_err(
        &[ix::claim_vote(&fraud.pubkey(), &next, true)],
        &[fraud],
        MutualError::AssessorBanned,
    );
    f.send_err(
        &[ix::assessor_stake(&fraud.pubkey(), STAKE)],
        &[fraud],
        MutualError::AssessorBanned,
    );
    f.send_err(
        &[ix::assessor_flag_fraud(
            &authority.pubkey(),
            &fraud.pubkey(),
            true,
        )],
        &[&authority],
        MutualError::AssessorBanned,
    );
}

#[test]
fn fraud_undo_after_the_cooldown_only_forfeits_the_reward() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    s.vote(0, &claim, true);
    f.warp_seconds(VOTING + DAY);
    let authority = f.deployer().insecure_clone();
    let fraud = &s.assessors[0];
    s.flag_fraud(0);
    f.send_ok(
        &[ix::claim_fraud_undo_votes(&fraud.pubkey(), &[claim])],
        &[&authority],
    );
    let c = state(f, &claim);
    assert_eq!((c.accept, c.liability_booked), (300 * STAKE, true));
    f.send_ok(&[f.redeem_ix(&s.owner.pubkey(), &claim)], &[&s.owner]);
    assert_eq!(state(f, &claim).status, ClaimStatus::Paid);
}
