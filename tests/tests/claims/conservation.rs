//! Value is conserved to the unit across accepted and fraud lifecycles.
use super::*;
use mutual_sdk::{ix, Signer};

#[test]
fn value_is_conserved_to_the_unit_across_accepted_and_fraud_lifecycles() {
    let s = story();
    let f = &s.f;
    let pool = s.pool();
    let supply = f.stake_supply();
    let vault = f.vault_balance();
    let staked = f.pool_vault_balance(pool) + f.assessment_vault_balance();

    let claim = s.claim();
    s.vote(0, &claim, true);
    s.vote(2, &claim, false);
    s.vote(1, &claim, true);
    f.warp_seconds(VOTING);
    let authority = f.deployer().insecure_clone();
    s.flag_fraud(1);
    f.send_ok(
        &[ix::claim_fraud_undo_votes(
            &s.assessors[1].pubkey(),
            &[claim],
        )],
        &[&authority],
    );
    f.warp_seconds(DAY);
    // the burn is priced at the recorded capital over the supply after the fraud burn (decision 68)
    let params = f.config().params;
    let bv = mutual::math::book_value::book_value(
        f.snapshot().capital,
        f.stake_supply(),
        params.initial_book_value,
    )
    .unwrap();
    f.send_ok(&[f.redeem_ix(&s.owner.pubkey(), &claim)], &[&s.owner]);
    let mut rewards = 0;
    for voter in &s.assessors[..3] {
        let before = f.stake_balance(&voter.pubkey());
        f.send_ok(&[ix::vote_reward_claim(&voter.pubkey(), &claim)], &[voter]);
        rewards += f.stake_balance(&voter.pubkey()) - before;
    }
    let reward = state(f, &claim).reward;
    let (burnt, fraud) = (burn_of(CLAIMED, bv), 100 * STAKE);

    // The votes that counted: 300 accept, 50 deny; rewards rounded down, never above the reward.
    assert_eq!(rewards, reward * 300 / 350 + reward * 50 / 350);
    assert!(rewards <= reward);
    assert_eq!(f.stake_supply(), supply + rewards - burnt - fraud);
    assert_eq!(
        f.pool_vault_balance(pool) + f.assessment_vault_balance(),
        staked - burnt - fraud
    );
    assert_eq!(f.vault_balance(), vault - CLAIMED);
}
