//! 3. A deposit always covers what a denied (or lapsed) claim costs the mutual.
use super::*;
use anchor_lang::prelude::Pubkey;
use mutual::errors::MutualError;
use mutual::state::Claim;
use mutual_sdk::{ix, pda, Keypair, Signer};

/// One round of the farm: the attacker files on their own cover, accepts from one wallet (the quorum), denies
/// from another, closes the denied claim and collects both votes' rewards. Returns the stake minted.
fn farm_round(
    f: &TestFixture,
    owner: &Keypair,
    cover: &Pubkey,
    voters: &[Keypair; 2],
) -> (u64, Claim) {
    let supply = f.stake_supply();
    let claim = f.submit_claim(owner, cover, 600 * USDC);
    f.vote(&voters[0], &claim, true);
    f.vote(&voters[1], &claim, false);
    f.warp_seconds(TO_PAYOUT);
    f.send_ok(&[f.close_ix(&claim)], &[owner]);
    for voter in voters {
        f.send_ok(&[ix::vote_reward_claim(&voter.pubkey(), &claim)], &[voter]);
    }
    (f.stake_supply() - supply, claim_of(f, &claim))
}

#[test]
fn security_economic_sequences_a_denied_claim_rewards_nothing_while_no_sol_price_values_its_deposit(
) {
    // Arrange: a deployment without a priced wrapped-SOL asset (how a bare bootstrap leaves it)
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Lending", &[(100, 300, 2_000)]);
    let attacker = f.with_funded_member(10_000 * USDC);
    let cover = f.buy_cover(&attacker, m.product, 1_000 * USDC, 365 * DAY, &m.pools);
    let voters = [f.with_assessor(QUORUM_TOKENS), f.with_assessor(150)];
    f.warp_seconds(60);
    let treasury = f.lamports(&pda::treasury().0);

    // Act: three rounds, four days apart
    let mut minted = 0;
    for _ in 0..3 {
        let (round, claim) = farm_round(&f, &attacker, &cover, &voters);
        assert_eq!((claim.reward > 0, claim.denied_reward), (true, 0));
        minted += round;
    }

    // Assert: nothing minted; the deposits (at their floor) went to the treasury
    assert_eq!(minted, 0);
    assert_eq!(
        f.lamports(&pda::treasury().0) - treasury,
        3 * f.config().params.min_deposit
    );
}

#[test]
fn security_economic_sequences_a_denied_claims_rewards_are_never_worth_more_than_the_deposit_it_forfeits(
) {
    // Arrange: wrapped SOL registered and priced at $150 ± 0.15
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Lending", &[(100, 300, 2_000)]);
    let attacker = f.with_funded_member(10_000 * USDC);
    f.with_wrapped_sol(&attacker, 0);
    f.refresh_capital();
    let cover = f.buy_cover(&attacker, m.product, 1_000 * USDC, 365 * DAY, &m.pools);
    let voters = [f.with_assessor(QUORUM_TOKENS), f.with_assessor(150)];
    f.warp_seconds(60);
    let book_value = f.snapshot().book_value;

    // Act
    let (minted, claim) = farm_round(&f, &attacker, &cover, &voters);

    // Assert: the voters shared at most what the deposit is worth at SOL's low price, in stake
    let deposit_usdc = u128::from(claim.deposit) * 14_985_000_000 / 100_000_000 / 1_000;
    let deposit_stake = deposit_usdc * u128::from(STAKE) / u128::from(book_value);
    assert_eq!(
        u128::from(claim.denied_reward),
        u128::from(claim.reward).min(deposit_stake)
    );
    assert!(u128::from(minted) <= deposit_stake);
    assert!(
        minted + 1 >= claim.denied_reward,
        "{minted} of {}",
        claim.denied_reward
    );
}

#[test]
fn security_economic_sequences_an_accepted_claim_left_to_lapse_mints_no_more_than_its_forfeited_deposit(
) {
    // Arrange: a confederate with one token of assessor stake accepts the attacker's claim (below the quorum)
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Lending", &[(100, 300, 2_000)]);
    let attacker = f.with_funded_member(10_000 * USDC);
    let confederate = f.with_assessor(1);
    let cover = f.buy_cover(&attacker, m.product, 1_000 * USDC, 365 * DAY, &m.pools);
    f.warp_seconds(60);
    let treasury = f.lamports(&pda::treasury().0);
    let supply = f.stake_supply();
    let claim = f.submit_claim(&attacker, &cover, 1_000 * USDC);
    f.vote(&confederate, &claim, true);
    assert!(!claim_of(&f, &claim).liability_booked);

    // Act + Assert: in the payout window the voters wait for the payout...
    f.warp_seconds(TO_PAYOUT);
    f.send_err_unchanged(
        &[ix::vote_reward_claim(&confederate.pubkey(), &claim)],
        &[&confederate],
        MutualError::ClaimPayoutPending,
        &[claim, pda::vote(&claim, &confederate.pubkey()).0],
    );
    // ...it lapses unpaid: the deposit goes to the treasury, and the voters share only what it can be valued at
    // (nothing, with no SOL price)
    f.warp_seconds(30 * DAY);
    f.send_ok(&[f.close_ix(&claim)], &[&confederate]);
    f.send_ok(
        &[ix::vote_reward_claim(&confederate.pubkey(), &claim)],
        &[&confederate],
    );
    let c = claim_of(&f, &claim);
    assert_eq!(c.status, mutual::state::ClaimStatus::Lapsed);
    assert_eq!(f.lamports(&pda::treasury().0), treasury + c.deposit);
    assert_eq!(f.stake_supply(), supply + c.denied_reward);
    assert_eq!(c.denied_reward, 0);
}
