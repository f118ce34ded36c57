//! The page's JSON API over HTTP (issue 28, docs/web.md): quotes and recommendations priced as the purchase is,
//! a wallet's covers, the open claims, the cluster and a signature's status; and commit-reveal votes through the
//! vote action, the choice never sent before the reveal. Each answer to the unit, each refusal with its status and
//! message.
use mutual::errors::MutualError;
use mutual_sdk::{fetch, Pubkey, RpcTransport, Signer, Transport};
use serde_json::{json, Value};

mod support;
use support::market::{sign_and_send, Market, Poll};
use support::*;

/// What the program says for `e`, as a refusal carries it.
fn message(e: MutualError) -> String {
    mutual_sdk::errors::error_info(u32::from(e))
        .unwrap()
        .message
        .to_string()
}

/// `units` of USDC as the API writes an amount.
fn usdc(units: u64) -> Value {
    json!({"amount": units.to_string(), "decimals": 6, "uiAmountString": mutual_cli::output::ui_amount_string(units, 6)})
}

/// The answer's status and message (a refusal).
fn refusal(answer: &HttpAnswer) -> (u16, String) {
    (
        answer.status,
        answer.json()["message"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    )
}

#[test]
fn action_api_quote_and_recommendation_price_as_the_purchase_does_and_refuse_what_it_refuses() {
    // Arrange
    let m = Market::start("api-quote");
    let rpc = m.rpc();
    let usdc_mint = fetch::config(&rpc).unwrap().base_asset;
    let market = mutual_sdk::cover::CoverMarket::load(&rpc, 0, &usdc_mint).unwrap();
    let period = 30 * 86_400;
    let expected = market
        .quote(1_000_000_000, period, mutual::math::Bps(0), &[0])
        .unwrap();

    // Act
    let cluster = m.get("/api/cluster");
    let quote = m.get("/api/quote/0?amount=1000&period=30");

    // Assert: the cluster, and the quote to the unit (the premium, the 1% guard rounded up, pool 0's part)
    assert_eq!(cluster.status, 200);
    let genesis = rpc.client().get_genesis_hash().unwrap().to_string();
    assert_eq!(
        cluster.json(),
        json!({
            "blockchain_id": format!("solana:{}", &genesis[..32]),
            "wallet_chain": "solana:localnet",
            "periods": [30, 60, 90, 180, 365],
            "default_period": 30,
        })
    );
    assert_eq!(quote.status, 200, "{}", quote.body);
    let premium = expected.total;
    assert_eq!(
        quote.json(),
        json!({
            "product": 0,
            "asset": usdc_mint.to_string(),
            "asset_name": "USDC",
            "amount": usdc(1_000_000_000),
            "period_days": 30,
            "premium": usdc(premium),
            "max_premium": usdc(premium + premium.div_ceil(100)),
            "slippage_bps": 100,
            "pools": [{"pool": 0, "amount": usdc(1_000_000_000), "price_bps": 300, "premium": usdc(premium)}],
        })
    );
    // the purchase a wallet would sign says the same premium
    let (wallet, _) = funded_wallet(&m.localnet.url(), "api-quote-buyer", 5, 2_000);
    let post = m.post(
        "/api/actions/cover/0?amount=1000&period=30",
        &json!({"account": wallet.pubkey().to_string()}),
    );
    assert!(
        post.json()["message"].as_str().unwrap().contains(&format!(
            "premium {} USDC",
            usdc(premium)["uiAmountString"].as_str().unwrap()
        )),
        "{}",
        post.body
    );

    // a recommendation: score 14 covers 31.2% of the exposure, priced the same way
    let recommended = m.get("/api/recommend/0?exposure=1000&period=30").json();
    let for_312 = market
        .quote(312_000_000, period, mutual::math::Bps(0), &[0])
        .unwrap();
    assert_eq!(
        (
            recommended["score"].clone(),
            recommended["share_bps"].clone(),
            recommended["amount"].clone(),
            recommended["quote"]["premium"].clone(),
            recommended["refusal"].clone()
        ),
        (
            json!(14),
            json!(3_120),
            usdc(312_000_000),
            usdc(for_312.total),
            Value::Null
        )
    );

    // refusals, each decided before anything is priced, with the buy action's words
    let most = market.largest_fit(market.now, period, mutual::math::Bps(0), &[0], u64::MAX);
    let cases: [(&str, u16, String); 9] = [
        (
            "/api/quote/0?amount=0",
            400,
            "amount: cover of 0 covers nothing".into(),
        ),
        (
            "/api/quote/0?period=30",
            400,
            "parameter amount is required".into(),
        ),
        (
            "/api/quote/0?amount=1&period=7",
            400,
            "period: a cover lasts 28 to 365 days".into(),
        ),
        (
            "/api/quote/0?amount=1&fee=1",
            400,
            "unexpected parameter fee: this action takes amount, period, asset".into(),
        ),
        (
            "/api/quote/0?amount=1&asset=nope",
            400,
            "asset \"nope\" is not a mint address".into(),
        ),
        (
            "/api/quote/99?amount=1",
            404,
            "product 99 does not exist".into(),
        ),
        (
            "/api/quote/x?amount=1",
            404,
            "no product \"x\": product ids are whole numbers".into(),
        ),
        (
            "/api/quote/0?amount=1000000",
            422,
            format!(
                "not enough capacity: the most the pools take now for 30 days is {} USDC",
                mutual_cli::output::ui_amount_string(most, 6)
            ),
        ),
        (
            "/api/recommend/0?amount=1",
            400,
            "unexpected parameter amount: this action takes exposure, period, asset".into(),
        ),
    ];
    for (path, status, text) in cases {
        assert_eq!(refusal(&m.get(path)), (status, text), "{path}");
    }
    let huge = m.get("/api/quote/0?amount=99999999999999999999");
    assert_eq!(huge.status, 400, "{}", huge.body);
    assert!(refusal(&huge).1.starts_with("amount: "), "{}", huge.body);
    // an exposure whose advice the pools cannot take still advises, and says why it cannot be bought now
    let big = m.get("/api/recommend/0?exposure=1000000").json();
    assert_eq!(big["amount"], usdc(312_000_000_000));
    assert_eq!(big["quote"], Value::Null);
    assert_eq!(
        big["refusal"],
        format!(
            "not enough capacity: the most the pools take now for 30 days is {} USDC",
            mutual_cli::output::ui_amount_string(most, 6)
        )
    );
}

#[test]
fn action_api_lists_a_wallet_s_covers_and_the_open_claims_and_follows_a_signature() {
    // Arrange: the claimant's cover 0/0 (1,000 USDC for 73 days) with an open claim of 600
    let p = Poll::start("api-lists");
    let m = &p.market;
    let rpc = m.rpc();
    let (claimant, _) = &p.claimant;
    let (assessor, _) = &p.assessor;
    let claim_address: Pubkey = p.claim.parse().unwrap();
    let claim = mutual_sdk::claims::claim(&rpc, &claim_address)
        .unwrap()
        .unwrap();
    let cover = mutual_sdk::cover::covers_of(&rpc, &claimant.pubkey()).unwrap();

    // Act
    let covers = m.get(&format!("/api/covers?owner={}", claimant.pubkey()));
    let claims = m.get("/api/claims");

    // Assert: the cover with its claim, and the claim as a voter reads it
    assert_eq!(covers.status, 200, "{}", covers.body);
    let (address, c) = &cover[0];
    assert_eq!(
        covers.json(),
        json!([{
            "address": address.to_string(),
            "product": 0,
            "product_name": fetch::product(&rpc, 0).unwrap().terms.name,
            "seq": 0,
            "amount": usdc(1_000_000_000),
            "asset_name": "USDC",
            "start": c.start,
            "end": c.start + 73 * 86_400,
            "active": true,
            "paid_out": usdc(0),
            "claim": {"address": p.claim, "state": "voting"},
        }])
    );
    let now = rpc.unix_timestamp().unwrap();
    let row = &claims.json()[0];
    assert_eq!(claims.json().as_array().unwrap().len(), 1);
    assert_eq!(
        (
            row["address"].as_str().unwrap(),
            row["claimant"].as_str().unwrap(),
            row["amount"].clone(),
            row["evidence_uri"].as_str().unwrap(),
            row["state"].as_str().unwrap(),
            row["voting"].clone(),
            row["commit_reveal"].clone(),
            row["accept"]["amount"].as_str().unwrap(),
            row["quorum"]["amount"].clone(),
            row["now"].clone(),
            row["time_left"].clone(),
        ),
        (
            p.claim.as_str(),
            claimant.pubkey().to_string().as_str(),
            usdc(600_000_000),
            "ipfs://lending-exploit",
            "voting",
            json!(true),
            json!(false),
            "0",
            json!(claim.quorum.to_string()),
            json!(now),
            json!(claim.submitted_at + i64::from(claim.times.max_poll) - now),
        )
    );
    assert_eq!(row["my_vote"], Value::Null);
    let mine = |voter: &mutual_sdk::Keypair| {
        m.get(&format!("/api/claims?voter={}", voter.pubkey()))
            .json()[0]["my_vote"]
            .clone()
    };
    assert_eq!(mine(assessor), Value::Null);
    assert_eq!(refusal(&m.get("/api/claims?voter=bob")).0, 400);
    assert_eq!(
        m.get(&format!("/api/covers?owner={}", assessor.pubkey()))
            .json(),
        json!([])
    );
    assert_eq!(
        refusal(&m.get("/api/covers")),
        (400, "parameter owner is required".into())
    );
    assert_eq!(refusal(&m.get("/api/covers?owner=bob")).0, 400);
    assert_eq!(refusal(&m.get("/api/claims?open=1")).0, 400);

    // a signature: unknown is pending, a vote that landed is confirmed, one that failed on chain says why
    let unknown = solana_signature::Signature::from([7u8; 64]);
    assert_eq!(
        m.get(&format!("/api/signature/{unknown}")).json(),
        json!({"status": "pending", "error": null})
    );
    assert_eq!(
        refusal(&m.get("/api/signature/not-a-signature")),
        (400, "not a transaction signature (base58, 64 bytes)".into())
    );
    let answer = m.post(
        &format!("/api/actions/vote/{}?choice=accept", p.claim),
        &json!({"account": assessor.pubkey().to_string()}),
    );
    let landed = sign_and_send(&rpc, &answer.json(), assessor);
    assert_eq!(mine(assessor), "accept");
    assert_eq!(
        m.get(&format!("/api/signature/{landed}")).json(),
        json!({"status": "confirmed", "error": null})
    );
    let failed = send_skipping_preflight(
        &rpc,
        assessor,
        mutual_sdk::ix::claim_vote(&assessor.pubkey(), &claim_address, false),
    );
    let status = m.get(&format!("/api/signature/{failed}")).json();
    assert_eq!(status["status"], "failed", "{status}");
    assert_eq!(
        status["error"],
        message(MutualError::AlreadyInitialized),
        "{status}"
    );
}

/// Sends `instruction` signed by `payer` without preflight, so that it lands even when it fails; waits for it.
fn send_skipping_preflight(
    rpc: &RpcTransport,
    payer: &mutual_sdk::Keypair,
    instruction: anchor_lang::solana_program::instruction::Instruction,
) -> String {
    let blockhash = rpc.client().get_latest_blockhash().unwrap();
    let tx = solana_transaction::Transaction::new_signed_with_payer(
        &[instruction],
        Some(&payer.pubkey()),
        &[payer],
        blockhash,
    );
    let signature = rpc
        .client()
        .send_transaction_with_config(
            &tx,
            solana_rpc_client_api::config::RpcSendTransactionConfig {
                skip_preflight: true,
                ..Default::default()
            },
        )
        .unwrap();
    for _ in 0..100 {
        if rpc
            .client()
            .get_signature_status(&signature)
            .unwrap()
            .is_some()
        {
            return signature.to_string();
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("{signature} did not land");
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn action_vote_commit_reveal_takes_the_commitment_then_the_choice_and_salt_that_open_it() {
    // Arrange: a commit-reveal poll; the second assessor (100 MUT) commits to accept
    let p = Poll::start_commit_reveal("actions-commit-reveal");
    let m = &p.market;
    let rpc = m.rpc();
    let url = m.localnet.url();
    let path = format!("/api/actions/vote/{}", p.claim);
    let claim_address: Pubkey = p.claim.parse().unwrap();
    let (assessor, _) = &p.assessor;
    let account = json!(assessor.pubkey().to_string());
    let salt = [42u8; 32];
    let commitment =
        mutual::state::Vote::commitment(true, &salt, &assessor.pubkey(), &claim_address);

    // Act + Assert: an open vote is refused as the chain refuses it; the choice never goes with a commitment
    let open = m.post(
        &format!("{path}?choice=accept"),
        &json!({"account": account}),
    );
    assert_eq!(refusal(&open), (422, message(MutualError::WrongVotingMode)));
    let both = m.post(
        &path,
        &json!({"account": account, "data": {"choice": "accept", "commitment": hex(&commitment)}}),
    );
    assert_eq!(
        refusal(&both),
        (
            400,
            "a commitment hides the choice: send the commitment alone".into()
        )
    );
    let bad = m.post(
        &path,
        &json!({"account": account, "data": {"commitment": "zz"}}),
    );
    assert_eq!(
        refusal(&bad),
        (400, "commitment: 32 bytes as 64 hex digits".into())
    );

    // the commitment alone: counted as committed weight, the tally hidden
    let committed = m.post(
        &path,
        &json!({"account": account, "data": {"commitment": hex(&commitment)}}),
    );
    assert_eq!(committed.status, 200, "{}", committed.body);
    let text = committed.json()["message"].as_str().unwrap().to_string();
    assert!(
        text.starts_with("Commits a hidden vote with 100 MUT; reveal it in 3d 0h 0m, within "),
        "{text}"
    );
    sign_and_send(&rpc, &committed.json(), assessor);
    let claim = mutual_sdk::claims::claim(&rpc, &claim_address)
        .unwrap()
        .unwrap();
    assert_eq!(
        (claim.committed, claim.accept, claim.voters),
        (100_000_000_000, 0, 1)
    );
    let row = &m
        .get(&format!("/api/claims?voter={}", assessor.pubkey()))
        .json()[0];
    assert_eq!(
        (
            row["accept"].clone(),
            row["commit_reveal"].clone(),
            row["my_vote"].clone()
        ),
        (Value::Null, json!(true), json!("hidden"))
    );

    // a reveal waits for the reveal phase
    let reveal = |choice: &str, salt: &str| {
        m.post(
            &path,
            &json!({"account": account, "data": {"choice": choice, "salt": salt}}),
        )
    };
    assert_eq!(
        refusal(&reveal("accept", &hex(&salt))),
        (422, message(MutualError::PollNotRevealing))
    );
    cli_as(&url, &p.assessor.1, &["localnet", "warp", "--days", "3"]);
    // then opens only with the committed choice and salt; nobody reveals what they did not commit
    assert_eq!(
        refusal(&reveal("deny", &hex(&salt))),
        (422, message(MutualError::CommitmentMismatch))
    );
    assert_eq!(
        refusal(&reveal("accept", "00")),
        (400, "salt: 32 bytes as 64 hex digits".into())
    );
    let (manager, _) = &p.manager;
    let stranger = m.post(
        &path,
        &json!({"account": manager.pubkey().to_string(), "data": {"choice": "accept", "salt": hex(&salt)}}),
    );
    assert_eq!(
        refusal(&stranger),
        (
            422,
            format!(
                "no vote by {} on claim {}: nothing to reveal",
                manager.pubkey(),
                p.claim
            )
        )
    );
    let revealed = reveal("accept", &hex(&salt));
    assert_eq!(revealed.status, 200, "{}", revealed.body);
    assert_eq!(
        revealed.json()["message"],
        "Reveals your vote to accept with 100 MUT: the tally becomes accept 100 MUT, deny 0 MUT"
    );
    sign_and_send(&rpc, &revealed.json(), assessor);
    let claim = mutual_sdk::claims::claim(&rpc, &claim_address)
        .unwrap()
        .unwrap();
    assert_eq!((claim.accept, claim.deny), (100_000_000_000, 0));
    let row = &m
        .get(&format!("/api/claims?voter={}", assessor.pubkey()))
        .json()[0];
    assert_eq!(row["my_vote"], "accept");
}
