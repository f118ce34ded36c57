//! The SECURITY.md attacks on claims and votes.
use super::*;
use mutual::errors::MutualError;
use mutual::state::Vote;
use mutual_sdk::{ix, pda, Signer};

#[test]
fn security_has_one_vote_with_someone_elses_assessor_stake_is_refused() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    let attacker = f.with_staker(2);
    let victim = pda::assessor_stake(&s.assessors[0].pubkey()).0;
    let vote = swap_account(
        ix::claim_vote(&attacker.pubkey(), &claim, true),
        &pda::assessor_stake(&attacker.pubkey()).0,
        &victim,
    );
    // The record's seeds name its wallet: 2006 ConstraintSeeds.
    f.send_err_code(&[vote], &[&attacker], 2006);
    assert_eq!(state(f, &claim).voters, 0);
}

#[test]
fn security_has_one_redeem_a_claim_for_a_cover_you_dont_own_is_refused() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    s.vote(0, &claim, true);
    f.warp_seconds(VOTING + DAY);
    let thief = f.with_funded_member(USDC);
    let redeem = f.redeem_ix(&thief.pubkey(), &claim);
    f.send_err_unchanged(
        &[redeem],
        &[&thief],
        MutualError::NotClaimant,
        &[claim, s.cover],
    );
    // Nor by paying the owner's claim into the thief's account.
    let owner = s.owner.pubkey();
    let mut redeem = f.redeem_ix(&owner, &claim);
    redeem = swap_account(redeem, &owner, &thief.pubkey());
    f.send_err(&[redeem], &[&thief], MutualError::NotClaimant);
}

#[test]
fn security_stake_then_vote_in_one_transaction_weighs_nothing() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    let whale = f.with_staker(500);
    let stake = ix::assessor_stake(&whale.pubkey(), 400 * STAKE);
    let vote = ix::claim_vote(&whale.pubkey(), &claim, true);
    f.send_err_unchanged(
        &[stake.clone(), vote.clone()],
        &[&whale],
        MutualError::ZeroVoteWeight,
        &[
            claim,
            pda::assessor_stake(&whale.pubkey()).0,
            pda::stake_account(&whale.pubkey()),
        ],
    );
    // Staked after the poll started, in separate transactions: still nothing.
    f.send_ok(&[stake], &[&whale]);
    f.warp_seconds(60);
    f.send_err(&[vote], &[&whale], MutualError::ZeroVoteWeight);
}

#[test]
fn security_reinitialisation_a_second_vote_on_the_same_claim_is_refused() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    s.vote(0, &claim, true);
    let vote = pda::vote(&claim, &s.assessors[0].pubkey()).0;
    let again = ix::claim_vote(&s.assessors[0].pubkey(), &claim, true);
    f.send_err_unchanged(
        &[again],
        &[&s.assessors[0]],
        MutualError::AlreadyInitialized,
        &[claim, vote],
    );
}

#[test]
fn security_closing_revival_a_closed_vote_refunded_in_the_same_transaction_cannot_vote_again() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    s.vote(0, &claim, true);
    f.warp_seconds(VOTING + DAY);
    // Paid: the voters' rewards are due.
    f.send_ok(&[f.redeem_ix(&s.owner.pubkey(), &claim)], &[&s.owner]);
    let voter = &s.assessors[0];
    let vote = pda::vote(&claim, &voter.pubkey()).0;
    let refund = anchor_lang::solana_program::system_instruction::transfer(
        &voter.pubkey(),
        &vote,
        f.rent(Vote::SIZE),
    );
    let txs = [
        ix::vote_reward_claim(&voter.pubkey(), &claim),
        refund,
        ix::claim_vote(&voter.pubkey(), &claim, true),
    ];
    f.send_err(&txs, &[voter], MutualError::PollNotVoting);
    // Closed for good once the reward is taken: the poll is over.
    f.send_ok(&[ix::vote_reward_claim(&voter.pubkey(), &claim)], &[voter]);
    f.send_err(
        &[ix::claim_vote(&voter.pubkey(), &claim, true)],
        &[voter],
        MutualError::PollNotVoting,
    );
    f.send_err_code(
        &[ix::vote_reward_claim(&voter.pubkey(), &claim)],
        &[voter],
        3012,
    );
}

#[test]
fn security_remaining_accounts_fraud_undo_takes_only_the_flagged_assessors_votes() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    s.vote(0, &claim, true);
    s.vote(1, &claim, false);
    let authority = f.deployer().insecure_clone();
    let fraud = s.assessors[1].pubkey();
    s.flag_fraud(1);
    let honest_vote = pda::vote(&claim, &s.assessors[0].pubkey()).0;
    // Another assessor's vote in the fraudster's place.
    let mut undo = ix::claim_fraud_undo_votes(&fraud, &[claim]);
    undo.accounts[4].pubkey = honest_vote;
    f.send_err_unchanged(
        &[undo],
        &[&authority],
        MutualError::InvalidVoteAccounts,
        &[claim, honest_vote],
    );
    // The pair in the wrong order: 3002 AccountDiscriminatorMismatch.
    let mut swapped = ix::claim_fraud_undo_votes(&fraud, &[claim]);
    swapped.accounts.swap(3, 4);
    f.send_err_code(&[swapped], &[&authority], 3002);
    // Read-only, or more than a batch.
    let mut readonly = ix::claim_fraud_undo_votes(&fraud, &[claim]);
    readonly.accounts[3].is_writable = false;
    f.send_err(&[readonly], &[&authority], MutualError::InvalidVoteAccounts);
    let batch = ix::claim_fraud_undo_votes(&fraud, &[claim; 9]);
    f.send_err(&[batch], &[&authority], MutualError::InvalidVoteAccounts);
    // A pair passed twice is undone once.
    let twice = ix::claim_fraud_undo_votes(&fraud, &[claim, claim]);
    f.send_err(&[twice], &[&authority], MutualError::VoteAlreadyUndone);
    // An assessor not flagged.
    let honest = ix::claim_fraud_undo_votes(&s.assessors[0].pubkey(), &[claim]);
    f.send_err(&[honest], &[&authority], MutualError::AssessorNotFlagged);
    assert_eq!(state(f, &claim).deny, 100 * STAKE);
}

/// A `Vote` (the program's own account, another type) where a claim belongs: Anchor's discriminator check
/// refuses it (3002 AccountDiscriminatorMismatch) before any seed is derived from its bytes.
#[test]
fn security_type_cosplay_a_vote_in_the_place_of_a_claim_is_refused() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    s.vote(0, &claim, true);
    let vote = pda::vote(&claim, &s.assessors[0].pubkey()).0;
    let cosplay = swap_account(
        ix::claim_vote(&s.assessors[1].pubkey(), &claim, false),
        &claim,
        &vote,
    );
    f.send_err_code(&[cosplay], &[&s.assessors[1]], 3002);
    assert_eq!((state(f, &claim).deny, state(f, &claim).voters), (0, 1));
}

#[test]
fn security_remaining_accounts_a_payout_burns_only_the_covers_own_pools() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    s.vote(0, &claim, true);
    f.warp_seconds(VOTING + DAY);
    let other = f.with_cover_market("Other", &[(100, 300, 100)]);
    let other_pool = pda::pool(other.pools[0]).0;
    let redeem = f.redeem_ix(&s.owner.pubkey(), &claim);
    let elsewhere = swap_account(redeem.clone(), &pda::pool(s.pool()).0, &other_pool);
    f.send_err_unchanged(
        &[elsewhere],
        &[&s.owner],
        MutualError::CoverPoolsMismatch,
        &[claim, other_pool],
    );
    let mut missing = redeem.clone();
    missing.accounts.truncate(missing.accounts.len() - 2);
    f.send_err(&[missing], &[&s.owner], MutualError::CoverPoolsMismatch);
    // Paid into the capital pool's own vault.
    let vault = f.deployment().base_vault;
    let into_vault = swap_account(
        redeem,
        &f.deployment().base_account(&s.owner.pubkey()),
        &vault,
    );
    f.send_err(&[into_vault], &[&s.owner], MutualError::DuplicateAccount);
}
