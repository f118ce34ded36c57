//! Issue 25 through the CLI: its reviews show what the chain now does (a renewal of what is left after a payout,
//! a claim's segment, pools, quorum and denied reward) and its pre-checks refuse what the chain refuses (a
//! deposit into a pool a claim holds, leaving with a vote open, a banned assessor's reveal), by name.
use mutual::constants::DAY;
use mutual::errors::MutualError;
use mutual_cli::chain::Session;
use mutual_sdk::{ix, Signer, Transport};
use serde_json::Value;

mod support;
use support::session::*;

/// The cover market with a 500 USDC cover for 60 days (cover 0/0), a 100-token assessor staked before any
/// claim, and a claim of `claimed` accepted by them (claim 0/0/0), a minute later.
fn accepted_claim(claimed: &str) -> (Session, mutual_sdk::Keypair, String) {
    let session = embedded_session();
    for args in COVER_MARKET {
        ok_json(&session, args);
    }
    ok_json(
        &session,
        &["cover", "buy", "0", "--amount", "500000000", "--days", "60"],
    );
    let assessor = sdk_assessor(&session, 202_000_000, 100_000_000_000);
    chain_of(&session).warp_seconds(60).unwrap();
    let filed = ok_json(
        &session,
        &[
            "claim",
            "submit",
            "--cover",
            "0/0",
            "--amount",
            claimed,
            "--evidence-uri",
            "ipfs://exploit",
        ],
    );
    let claim = filed["claim"].as_str().unwrap().to_string();
    let vote = ix::claim_vote(&assessor.pubkey(), &claim.parse().unwrap(), true);
    chain_of(&session).send(&[vote], &assessor, &[]).unwrap();
    (session, assessor, claim)
}

fn usdc(session: &Session) -> u64 {
    let me = session.signer().unwrap().pubkey();
    let account = session.deployment().unwrap().base_account(&me);
    mutual_sdk::fetch::token_balance(chain_of(session), &account).unwrap()
}

#[test]
fn claim_show_names_the_segments_pools_the_quorum_and_what_a_denial_pays() {
    let (session, _, claim) = accepted_claim("300000000");
    let shown = ok_json(&session, &["claim", "show", &claim]);
    assert_eq!(shown["pools"], "[0]");
    assert_eq!(shown["liability_counts"], true);
    // no SOL price on the embedded chain's snapshot yet: a denial would reward nothing
    let c = mutual_sdk::claims::claim(chain_of(&session), &claim.parse().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(shown["reward_if_denied"], c.denied_reward);
    assert_eq!(shown["reward"], c.reward);
}

#[test]
fn after_a_partial_payout_the_renewal_review_is_the_part_left_and_the_chain_charges_exactly_it() {
    // Arrange: 300 of 500 USDC paid out; the renewal week
    let (session, _, claim) = accepted_claim("300000000");
    chain_of(&session).warp_days(4).unwrap();
    ok_json(&session, &["claim", "redeem", &claim]);
    let cover =
        mutual_sdk::cover::cover(chain_of(&session), &mutual_sdk::cover::cover_address(0, 0))
            .unwrap()
            .unwrap();
    let now = chain_of(&session).unix_timestamp().unwrap();
    chain_of(&session)
        .warp_seconds(cover.end().unwrap() - 2 * DAY - now)
        .unwrap();
    let before = usdc(&session);

    // Act
    let renewed: Value = ok_json(&session, &["cover", "renew", "0", "0"]);

    // Assert: the review's amount is what is left, and what it showed is what the chain took
    assert_eq!(renewed["amount"], 200_000_000);
    assert_eq!(before - usdc(&session), renewed["total"].as_u64().unwrap());
}

#[test]
fn a_deposit_into_a_pool_a_claim_holds_is_the_chains_refusal_before_the_review() {
    let (mut session, _, _) = accepted_claim("300000000");
    ok_json(&session, &["token", "buy", "--amount", "20000000"]);
    let err = refused_before_review(
        &mut session,
        &["stake", "deposit", "--pool", "0", "--amount", "1000000000"],
    );
    assert_eq!(err.to_string(), refusal(MutualError::PoolHasOpenClaims));
}

#[test]
fn leaving_with_a_vote_open_is_the_chains_refusal_before_the_review() {
    // Arrange: the assessor voted, then (unlocked) took their assessor stake back
    let (mut session, assessor, _) = accepted_claim("300000000");
    chain_of(&session).warp_days(15).unwrap();
    let unstake = ix::assessor_unstake(&assessor.pubkey(), 100_000_000_000);
    chain_of(&session).send(&[unstake], &assessor, &[]).unwrap();
    let owner = session.signer().unwrap().insecure_clone();

    // Act
    session.set_signer(assessor.insecure_clone());
    let err = refused_before_review(&mut session, &["member", "leave"]);
    session.set_signer(owner);

    // Assert
    assert_eq!(err.to_string(), refusal(MutualError::MemberHasOpenVotes));
}
