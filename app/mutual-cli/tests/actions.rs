//! The Solana Actions over HTTP (issue 28, docs/web.md): the spec's shapes and headers on every method, each
//! refusal's status and message, and the returned transaction signed as a wallet signs it, sent to the
//! localnet, and found on chain to the unit.
use mutual_sdk::{fetch, Signer, Transport};
use serde_json::{json, Value};
use solana_transaction::Transaction;

mod support;
use support::market::{sign_and_send, Market, Poll};
use support::*;

/// The spec's headers, on every answer.
fn assert_action_headers(answer: &HttpAnswer, genesis: &str) {
    assert_eq!(answer.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        answer.header("access-control-allow-methods"),
        Some("GET,POST,PUT,OPTIONS")
    );
    assert_eq!(
        answer.header("access-control-allow-headers"),
        Some("Content-Type, Authorization, Content-Encoding, Accept-Encoding, X-Action-Version, X-Blockchain-Ids")
    );
    assert_eq!(
        answer.header("access-control-expose-headers"),
        Some("X-Action-Version, X-Blockchain-Ids")
    );
    assert_eq!(answer.header("x-action-version"), Some("2.4"));
    let id: String = genesis.chars().take(32).collect();
    assert_eq!(
        answer.header("x-blockchain-ids"),
        Some(format!("solana:{id}").as_str())
    );
}

#[test]
fn action_every_answer_carries_the_spec_s_headers_on_every_method() {
    let m = Market::start("actions-headers");
    let genesis = m.rpc().client().get_genesis_hash().unwrap().to_string();
    let answers = [
        m.get("/actions.json"),
        http(m.actions.addr, "OPTIONS", "/actions.json", None),
        http(m.actions.addr, "OPTIONS", "/api/actions/cover/0", None),
        m.get("/api/actions/cover/0"),
        m.post("/api/actions/cover/0", &json!({"account": "nope"})),
        m.get("/api/actions/cover/77"),
        m.get("/icon.svg"),
    ];
    for answer in &answers {
        assert_action_headers(answer, &genesis);
    }
    assert_eq!(answers[1].status, 200);
    assert_eq!(answers[2].status, 200);
    assert_eq!(
        answers[0].json(),
        json!({"rules": [
            {"pathPattern": "/cover/*", "apiPath": "/api/actions/cover/*"},
            {"pathPattern": "/vote/*", "apiPath": "/api/actions/vote/*"},
            {"pathPattern": "/claim/*/redeem", "apiPath": "/api/actions/claim/*/redeem"}
        ]})
    );
    assert_eq!(answers[6].header("content-type"), Some("image/svg+xml"));
    assert!(answers[6].body.starts_with("<svg"));
}

#[test]
fn action_cover_get_describes_the_product_with_its_risk_its_pools_and_a_form() {
    let m = Market::start("actions-get");
    let answer = m.get("/api/actions/cover/0");
    assert_eq!(answer.status, 200);
    let action = answer.json();
    let config = fetch::config(&m.rpc()).unwrap();
    assert_eq!(action["type"], "action");
    assert_eq!(
        action["icon"],
        format!("http://{}/icon.svg", m.actions.addr)
    );
    assert_eq!(action["label"], "Buy cover");
    assert!(action.get("disabled").is_none());
    let product = fetch::product(&m.rpc(), 0).unwrap();
    assert_eq!(action["title"], format!("Cover: {}", product.terms.name));
    let description = action["description"].as_str().unwrap();
    assert!(description.contains("Risk score"), "{description}");
    assert!(
        description.contains("pool 0 at 3.00% a year"),
        "{description}"
    );
    assert!(description.contains("0.002 SOL once"), "{description}");
    let link = &action["links"]["actions"][0];
    assert_eq!(link["type"], "transaction");
    assert_eq!(
        link["href"],
        "/api/actions/cover/0?amount={amount}&period={period}&asset={asset}"
    );
    let names: Vec<&str> = link["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["amount", "period", "asset"]);
    let periods: Vec<&str> = link["parameters"][1]["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["value"].as_str().unwrap())
        .collect();
    assert_eq!(periods, ["30", "60", "90", "180", "365"]);
    assert_eq!(
        link["parameters"][2]["options"][0]["value"],
        config.base_asset.to_string()
    );
    assert_eq!(link["parameters"][2]["options"][0]["selected"], true);
}

#[test]
fn action_cover_post_builds_a_purchase_that_a_wallet_signs_and_the_chain_records_to_the_unit() {
    // Arrange: a wallet that has never joined, with 100 USDC
    let m = Market::start("actions-post");
    let url = m.localnet.url();
    let (wallet, _) = funded_wallet(&url, "actions-post-buyer", 1, 100);
    let rpc = m.rpc();
    let usdc = fetch::config(&rpc).unwrap().base_asset;
    let paying = mutual_sdk::pda::associated_token(&wallet.pubkey(), &usdc, &anchor_spl::token::ID);
    assert!(fetch::member(&rpc, &wallet.pubkey()).unwrap().is_none());

    // Act: POST as a wallet does, sign what comes back, send it
    let answer = m.post(
        "/api/actions/cover/0?amount=1000&period=30",
        &json!({"account": wallet.pubkey().to_string()}),
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let body = answer.json();
    assert_eq!(body["type"], "transaction");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.starts_with("Joins the mutual (a 0.002 SOL fee) and buys 1000 USDC of cover"),
        "{message}"
    );
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(body["transaction"].as_str().unwrap())
        .unwrap();
    assert!(bytes.len() <= 1_232);
    let mut tx: Transaction = bincode::deserialize(&bytes).unwrap();
    assert_eq!(tx.message.account_keys[0], wallet.pubkey());
    let blockhash = tx.message.recent_blockhash;
    tx.try_sign(&[&wallet], blockhash).unwrap();
    let before = fetch::token_balance(&rpc, &paying).unwrap();
    rpc.client().send_and_confirm_transaction(&tx).unwrap();

    // Assert: a member, and one cover of exactly 1,000 USDC for 30 days, paid from the wallet
    assert!(fetch::member(&rpc, &wallet.pubkey()).unwrap().is_some());
    let covers = mutual_sdk::cover::covers_of(&rpc, &wallet.pubkey()).unwrap();
    assert_eq!(covers.len(), 1);
    let cover = &covers[0].1;
    assert_eq!(cover.amount, 1_000_000_000);
    assert_eq!(cover.period, 30 * 86_400);
    let paid = before - fetch::token_balance(&rpc, &paying).unwrap();
    assert_eq!(paid, cover.premium);
    assert!(
        message.contains(&format!(
            "premium {} USDC",
            mutual_cli::output::ui_amount_string(paid, 6)
        )),
        "{message}"
    );
}

#[test]
fn action_cover_refusals_are_named_before_any_transaction_is_built() {
    let m = Market::start("actions-refusals");
    let url = m.localnet.url();
    let (wallet, _) = funded_wallet(&url, "actions-refusals-poor", 1, 1);
    let account = wallet.pubkey().to_string();
    let refused = |path: &str, body: Value| {
        let answer = m.post(path, &body);
        (
            answer.status,
            answer.json()["message"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        )
    };
    let ok_body = json!({"account": account});
    let cases: Vec<(&str, Value, u16, &str)> = vec![
        (
            "/api/actions/cover/77?amount=1",
            ok_body.clone(),
            404,
            "product 77 does not exist",
        ),
        (
            "/api/actions/cover/x?amount=1",
            ok_body.clone(),
            404,
            "no product \"x\": product ids are whole numbers",
        ),
        (
            "/api/actions/cover/0?amount=1",
            json!({"account": "nope"}),
            400,
            "account \"nope\" is not a Solana address (base58, 32 bytes)",
        ),
        (
            "/api/actions/cover/0?amount=0",
            ok_body.clone(),
            400,
            "amount: cover of 0 covers nothing",
        ),
        (
            "/api/actions/cover/0?amount=99999999999999999999",
            ok_body.clone(),
            400,
            "amount: too large (at most 18446744073709551615 base units)",
        ),
        (
            "/api/actions/cover/0?amount=-1",
            ok_body.clone(),
            400,
            "amount: amounts cannot be negative",
        ),
        (
            "/api/actions/cover/0",
            ok_body.clone(),
            400,
            "parameter amount is required",
        ),
        (
            "/api/actions/cover/0?amount=1&period=7",
            ok_body.clone(),
            400,
            "period: a cover lasts 28 to 365 days",
        ),
        (
            "/api/actions/cover/0?amount=1&pools=1",
            ok_body.clone(),
            400,
            "unexpected parameter pools: this action takes amount, period, asset",
        ),
        (
            "/api/actions/cover/0?amount=1&asset=So11111111111111111111111111111111111111112",
            ok_body.clone(),
            400,
            "this product offers no cover in that asset",
        ),
        (
            "/api/actions/cover/0?amount=1",
            json!({"account": account, "extra": 1}),
            400,
            "",
        ),
    ];
    for (path, body, status, message) in cases {
        let (got_status, got_message) = refused(path, body);
        assert_eq!(got_status, status, "{path}: {got_message}");
        if !message.is_empty() {
            assert_eq!(got_message, message, "{path}");
        }
    }
    // more than the pools can take: the most they take now is named
    let (status, message) = refused("/api/actions/cover/0?amount=100000000", ok_body.clone());
    assert_eq!(status, 422);
    assert!(
        message.starts_with("not enough capacity: the most the pools take now for 30 days is ")
            && message.ends_with(" USDC"),
        "{message}"
    );
    // the wallet holds 1 USDC: a 1,000 USDC cover's premium is refused with both figures
    let (status, message) = refused("/api/actions/cover/0?amount=1000", ok_body.clone());
    assert_eq!(status, 422);
    assert!(
        message.starts_with("the premium is ") && message.ends_with("the wallet holds 1 USDC"),
        "{message}"
    );
    // garbage and oversized bodies
    let garbage = http(
        m.actions.addr,
        "POST",
        "/api/actions/cover/0?amount=1",
        Some("{not json"),
    );
    assert_eq!(garbage.status, 400);
    assert!(garbage.json()["message"]
        .as_str()
        .unwrap()
        .starts_with("the body must be JSON"));
    let huge = format!("{{\"account\": \"{}\"}}", "x".repeat(10_000));
    let oversized = http(
        m.actions.addr,
        "POST",
        "/api/actions/cover/0?amount=1",
        Some(&huge),
    );
    assert_eq!(oversized.status, 413);
    // nothing was built, so nothing moved: the wallet is still no member
    assert!(fetch::member(&m.rpc(), &wallet.pubkey()).unwrap().is_none());
}

/// Signs the base64 transaction of a POST answer as a wallet does and sends it; returns the signature.
#[test]
fn action_vote_get_shows_the_claim_and_post_builds_a_vote_the_chain_counts() {
    // Arrange: an open claim of 600 USDC, no vote yet
    let poll = Poll::start("actions-vote");
    let m = &poll.market;
    let path = format!("/api/actions/vote/{}", poll.claim);

    // Act + Assert: the GET, as a voter reads it
    let action = m.get(&path).json();
    assert_eq!(action["type"], "action");
    let description = action["description"].as_str().unwrap();
    assert!(
        description.starts_with("A claim of 600 USDC on "),
        "{description}"
    );
    assert!(
        description.contains("evidence: ipfs://lending-exploit"),
        "{description}"
    );
    assert!(
        description.contains("Tally: accept 0 MUT, deny 0 MUT; voting"),
        "{description}"
    );
    assert!(action.get("disabled").is_none());
    let links = action["links"]["actions"].as_array().unwrap();
    assert_eq!(links[0]["href"], format!("{path}?choice=accept"));
    assert_eq!(links[1]["href"], format!("{path}?choice=deny"));

    // the manager accepts through the action: 300 MUT, the first vote opens 3 days of voting
    let (manager, _) = &poll.manager;
    let answer = m.post(
        &format!("{path}?choice=accept"),
        &json!({"account": manager.pubkey().to_string()}),
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let body = answer.json();
    assert_eq!(
        body["message"],
        "Votes to accept with 300 MUT: the tally becomes accept 300 MUT, deny 0 MUT; voting ends in 3d 0h 0m"
    );
    let rpc = m.rpc();
    sign_and_send(&rpc, &body, manager);
    let claim = mutual_sdk::claims::claim(&rpc, &poll.claim.parse().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(
        (claim.accept, claim.deny, claim.voters),
        (300_000_000_000, 0, 1)
    );

    // the second assessor denies with the body's data instead of the query
    let (assessor, _) = &poll.assessor;
    let answer = m.post(
        &path,
        &json!({"account": assessor.pubkey().to_string(), "data": {"choice": "deny"}}),
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    sign_and_send(&rpc, &answer.json(), assessor);
    let claim = mutual_sdk::claims::claim(&rpc, &poll.claim.parse().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(
        (claim.accept, claim.deny, claim.voters),
        (300_000_000_000, 100_000_000_000, 2)
    );
    let description = m.get(&path).json()["description"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        description.contains("Tally: accept 300 MUT, deny 100 MUT"),
        "{description}"
    );
}

#[test]
fn action_vote_refusals_name_the_rule_before_any_transaction_is_built() {
    let poll = Poll::start("actions-vote-refusals");
    let m = &poll.market;
    let path = format!("/api/actions/vote/{}", poll.claim);
    let url = m.localnet.url();
    let (stranger, _) = funded_wallet(&url, "actions-vote-stranger", 1, 0);
    let refused = |path: &str, wallet: &mutual_sdk::Keypair| {
        let answer = m.post(path, &json!({"account": wallet.pubkey().to_string()}));
        (
            answer.status,
            answer.json()["message"].as_str().unwrap().to_string(),
        )
    };
    let accept = format!("{path}?choice=accept");
    let (manager, _) = &poll.manager;
    let (claimant, _) = &poll.claimant;
    let (assessor, _) = &poll.assessor;
    assert_eq!(
        refused(&format!("{path}?choice=maybe"), manager),
        (400, "choice \"maybe\": accept or deny".to_string())
    );
    assert_eq!(
        refused(&path, manager),
        (400, "parameter choice is required".to_string())
    );
    assert_eq!(
        refused("/api/actions/vote/nope?choice=accept", manager),
        (
            404,
            "no claim \"nope\": a claim is named by its address".to_string()
        )
    );
    let unknown = mutual_sdk::Pubkey::new_unique();
    assert_eq!(
        refused(
            &format!("/api/actions/vote/{unknown}?choice=accept"),
            manager
        ),
        (404, format!("claim {unknown} does not exist"))
    );
    assert_eq!(
        refused(&accept, &stranger),
        (
            422,
            format!(
                "{} has no assessor stake (it weighs only in claims filed after it is staked)",
                stranger.pubkey()
            )
        )
    );
    assert_eq!(
        refused(&accept, claimant).0,
        422,
        "the claimant may not vote on their own claim"
    );
    assert_eq!(
        refused(&accept, claimant).1,
        mutual::errors::MutualError::ClaimantCannotVote.to_string()
    );
    // the first vote must accept
    assert_eq!(
        refused(&format!("{path}?choice=deny"), assessor),
        (
            422,
            mutual::errors::MutualError::FirstVoteMustAccept.to_string()
        )
    );
    // once voted, again is refused
    let body = m
        .post(&accept, &json!({"account": manager.pubkey().to_string()}))
        .json();
    sign_and_send(&m.rpc(), &body, manager);
    assert_eq!(refused(&accept, manager).0, 422);
    // after the poll: no more votes, and the action says so
    cli_as(&url, &poll.claimant.1, &["localnet", "warp", "--days", "4"]);
    assert_eq!(
        refused(&accept, assessor),
        (422, mutual::errors::MutualError::PollNotVoting.to_string())
    );
    let action = m.get(&path).json();
    assert_eq!(action["disabled"], true);
    assert_eq!(action["error"]["message"], "This poll takes no more votes.");
}

#[test]
fn action_redeem_pays_the_claimant_once_the_poll_is_decided_and_refuses_anyone_else() {
    // Arrange: the claim accepted by the manager's 300 MUT, still in its voting period
    let poll = Poll::start("actions-redeem");
    let m = &poll.market;
    let url = m.localnet.url();
    let path = format!("/api/actions/claim/{}/redeem", poll.claim);
    cli_as(&url, &poll.manager.1, &["vote", "accept", &poll.claim]);
    let (claimant, _) = &poll.claimant;
    let (manager, _) = &poll.manager;
    let post = |wallet: &mutual_sdk::Keypair| {
        m.post(&path, &json!({"account": wallet.pubkey().to_string()}))
    };

    // Act + Assert: while voting, not yet
    let early = m.get(&path).json();
    assert_eq!(early["disabled"], true);
    assert_eq!(early["label"], "Redeem payout");
    let refused = post(claimant);
    assert_eq!(refused.status, 422);
    // after the 3 days of voting and the day of cooldown, the claimant only
    cli_as(&url, &poll.claimant.1, &["localnet", "warp", "--days", "4"]);
    let open = m.get(&path).json();
    assert!(open.get("disabled").is_none(), "{open}");
    assert!(
        open["description"]
            .as_str()
            .unwrap()
            .starts_with("The payout of a claim of 600 USDC on "),
        "{open}"
    );
    let not_yours = post(manager);
    assert_eq!(
        (not_yours.status, not_yours.json()["message"].clone()),
        (
            422,
            json!(mutual::errors::MutualError::NotClaimant.to_string())
        )
    );
    let rpc = m.rpc();
    let usdc = m.localnet.deployment.base_account(&claimant.pubkey());
    let before = fetch::token_balance(&rpc, &usdc).unwrap();
    let answer = post(claimant);
    assert_eq!(answer.status, 200, "{}", answer.body);
    let body = answer.json();
    assert!(
        body["message"].as_str().unwrap().starts_with(&format!(
            "Pays 600 USDC to {usdc} and returns the 0.05 SOL deposit"
        )),
        "{body}"
    );
    sign_and_send(&rpc, &body, claimant);
    assert_eq!(
        fetch::token_balance(&rpc, &usdc).unwrap(),
        before + 600_000_000
    );
    let claim = mutual_sdk::claims::claim(&rpc, &poll.claim.parse().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(claim.status, mutual::state::ClaimStatus::Paid);
    // paid once: again is refused, and the action is disabled
    assert_eq!(post(claimant).status, 422);
    assert_eq!(m.get(&path).json()["disabled"], true);
}

#[test]
fn action_cover_join_and_buy_that_do_not_fit_one_transaction_come_as_a_join_then_the_buy() {
    // Arrange: product 0 listed by four pools, so the purchase names four pools' accounts; a new wallet with 100
    // USDC
    let m = Market::start("actions-four-pools");
    let url = m.localnet.url();
    for pool in 1..4 {
        cli_as(
            &url,
            &m.manager_key,
            &["pool", "create", "--listing", "0:100:300"],
        );
        cli_as(
            &url,
            &m.manager_key,
            &[
                "stake",
                "deposit",
                "--pool",
                &pool.to_string(),
                "--amount",
                "100000000000",
                "--lock",
                "7",
            ],
        );
    }
    let (wallet, _) = funded_wallet(&url, "actions-four-pools-buyer", 1, 100);
    // 300 days on, every pool is more than 8 expiry buckets behind: the purchase carries their cranks, and a
    // join in front no longer fits 1,232 bytes (with fresh pools it does: 1,226)
    cli_as(&url, &m.manager_key, &["localnet", "warp", "--days", "300"]);
    let rpc = m.rpc();
    let body = json!({"account": wallet.pubkey().to_string()});

    // Act: the first POST joins only, and names the buy as what comes next
    let first = m.post("/api/actions/cover/0?amount=100&period=30", &body);
    assert_eq!(first.status, 200, "{}", first.body);
    let first = first.json();
    assert_eq!(
        first["message"],
        "Joins the mutual (a 0.002 SOL fee); the purchase comes next"
    );
    assert_eq!(first["links"]["next"]["type"], "inline");
    assert_eq!(first["links"]["next"]["action"]["label"], "Buy cover");
    sign_and_send(&rpc, &first, &wallet);
    assert!(fetch::member(&rpc, &wallet.pubkey()).unwrap().is_some());
    assert!(mutual_sdk::cover::covers_of(&rpc, &wallet.pubkey())
        .unwrap()
        .is_empty());

    // Assert: the second POST, by a member now, is the purchase with the cranks, and it lands
    let second = m
        .post("/api/actions/cover/0?amount=100&period=30", &body)
        .json();
    assert!(
        second["message"]
            .as_str()
            .unwrap()
            .starts_with("Buys 100 USDC of cover"),
        "{second}"
    );
    assert!(second.get("links").is_none());
    sign_and_send(&rpc, &second, &wallet);
    let covers = mutual_sdk::cover::covers_of(&rpc, &wallet.pubkey()).unwrap();
    assert_eq!(covers.len(), 1);
    assert_eq!(covers[0].1.amount, 100_000_000);
}

#[test]
fn action_the_catalogue_lists_every_product_as_a_buyer_reads_it() {
    let m = Market::start("actions-catalogue");
    let answer = m.get("/api/products");
    assert_eq!(answer.status, 200);
    let products = answer.json();
    let products = products.as_array().unwrap();
    let ids: Vec<u64> = products.iter().map(|p| p["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, [0, 1, 2, 3, 4]);
    let first = &products[0];
    assert_eq!(
        first["name"],
        fetch::product(&m.rpc(), 0).unwrap().terms.name
    );
    assert_eq!(first["risk_class"], "smart-contract");
    assert_eq!(first["pools"][0]["pool"], 0);
    assert_eq!(first["pools"][0]["price_bps"], 300);
    assert!(first["pools"][0]["free"].as_u64().unwrap() > 0);
    assert_eq!(first["assets"][0]["name"], "USDC");
    assert_eq!(first["assets"][0]["base"], true);
    assert_eq!(first["join_fee"], 2_000_000);
    // a product no pool lists has no offer
    assert_eq!(products[1]["pools"], json!([]));
}

#[test]
fn action_cover_in_wrapped_sol_wraps_the_wallet_s_sol_in_the_same_transaction() {
    // Arrange: product 0 sold in wrapped SOL too (asset 1), once that asset counts as capital; a wallet with
    // 5 SOL and no wrapped SOL, not a member
    let m = Market::start("actions-wsol");
    let url = m.localnet.url();
    let rpc = m.rpc();
    let product = fetch::product(&rpc, 0).unwrap();
    m.update_product_0(&["--cover-assets", "3"]);
    cli_as(&url, &m.manager_key, &["localnet", "warp", "--days", "3"]);
    cli_as(&url, &m.manager_key, &["capital", "refresh"]);
    let (wallet, _) = funded_wallet(&url, "actions-wsol-buyer", 5, 0);
    let sol = anchor_spl::token::spl_token::native_mint::ID;
    let quote = m
        .get(&format!("/api/quote/0?amount=5&period=30&asset={sol}"))
        .json();
    assert_eq!(quote["asset_name"], "SOL", "{quote}");
    let premium: u64 = quote["premium"]["amount"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let most: u64 = quote["max_premium"]["amount"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();

    // Act
    let answer = m.post(
        &format!("/api/actions/cover/0?amount=5&period=30&asset={sol}"),
        &json!({"account": wallet.pubkey().to_string()}),
    );

    // Assert: one transaction joins, wraps the guard's worth of SOL and buys; the cover is in wrapped SOL and
    // what the guard did not take stays wrapped in the wallet, to the lamport
    assert_eq!(answer.status, 200, "{}", answer.body);
    let ui = |units: u64| mutual_cli::output::ui_amount_string(units, 9);
    assert_eq!(
        answer.json()["message"],
        format!(
            "Joins the mutual (a 0.002 SOL fee), wraps {} SOL and buys 5 SOL of cover on {} for 30 days: premium {} SOL (at most {} SOL with 1% slippage)",
            ui(most),
            product.terms.name,
            ui(premium),
            ui(most)
        )
    );
    sign_and_send(&rpc, &answer.json(), &wallet);
    let covers = mutual_sdk::cover::covers_of(&rpc, &wallet.pubkey()).unwrap();
    assert_eq!(covers.len(), 1);
    let cover = &covers[0].1;
    assert_eq!(
        (cover.asset, cover.amount, cover.premium),
        (sol, 5_000_000_000, premium)
    );
    let wrapped = mutual_sdk::pda::associated_token(&wallet.pubkey(), &sol, &anchor_spl::token::ID);
    assert_eq!(
        fetch::token_balance(&rpc, &wrapped).unwrap(),
        most - premium
    );

    // a wallet that can spend one lamport more than the premium, but not the guard, is refused: the purchase
    // wraps up to the guard (what it spends besides: the join's fee and rent, the wrapped account's rent, fees)
    let quote = m
        .get(&format!("/api/quote/0?amount=1&period=30&asset={sol}"))
        .json();
    let amount_of = |v: &Value| -> u64 { v["amount"].as_str().unwrap().parse().unwrap() };
    let (premium_1, most_1) = (
        amount_of(&quote["premium"]),
        amount_of(&quote["max_premium"]),
    );
    assert!(most_1 > premium_1 + 1);
    let besides = fetch::config(&rpc).unwrap().params.join_fee
        + rpc.minimum_balance(mutual::state::Member::SIZE).unwrap()
        + rpc.minimum_balance(165).unwrap()
        + mutual_cli::actions::cover::SOL_KEPT_FOR_FEES;
    let short = mutual_sdk::Keypair::new();
    cli_as(
        &url,
        &m.manager_key,
        &[
            "localnet",
            "faucet",
            "--to",
            &short.pubkey().to_string(),
            "--sol",
            &(besides + premium_1 + 1).to_string(),
            "--usdc",
            "0",
        ],
    );
    let refused = m.post(
        &format!("/api/actions/cover/0?amount=1&period=30&asset={sol}"),
        &json!({"account": short.pubkey().to_string()}),
    );
    assert_eq!(
        (refused.status, refused.json()["message"].clone()),
        (
            422,
            json!(format!(
                "the premium is {} SOL, at most {} SOL with slippage, and the wallet can spend {} SOL",
                ui(premium_1),
                ui(most_1),
                ui(premium_1 + 1)
            ))
        )
    );

    // a wallet whose SOL cannot pay the premium is refused before anything is built
    let (poor, _) = funded_wallet(&url, "actions-wsol-poor", 0, 0);
    let premium = m
        .get(&format!("/api/quote/0?amount=1&period=30&asset={sol}"))
        .json()["premium"]["amount"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let refused = m.post(
        &format!("/api/actions/cover/0?amount=1&period=30&asset={sol}"),
        &json!({"account": poor.pubkey().to_string()}),
    );
    assert_eq!(
        (refused.status, refused.json()["message"].clone()),
        (
            422,
            json!(format!(
                "the premium is {} SOL and the wallet holds 0 SOL",
                ui(premium)
            ))
        )
    );
}
