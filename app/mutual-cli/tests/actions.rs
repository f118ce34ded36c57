//! The Solana Actions over HTTP (issue 28, docs/web.md): the spec's shapes and headers on every method, each
//! refusal's status and message, and the returned transaction signed as a wallet signs it, sent to the
//! localnet, and found on chain to the unit.
use mutual_cli::actions::server::ActionServer;
use mutual_cli::localnet::{ClockMode, Localnet, LocalnetOptions};
use mutual_sdk::{fetch, RpcTransport, Signer};
use serde_json::{json, Value};
use solana_transaction::Transaction;

mod support;
use support::*;

/// A localnet whose product 0 is listed by pool 0 (600 stake tokens, 1%–3%), and the actions served for it.
struct Market {
    localnet: Localnet,
    actions: ActionServer,
}

impl Market {
    /// `name` keeps the test's keypair files apart from the other tests'.
    fn start(name: &str) -> Self {
        let localnet = Localnet::start_with(LocalnetOptions {
            clock: ClockMode::Manual,
            ..LocalnetOptions::default()
        })
        .expect("localnet starts");
        let url = localnet.url();
        let (_, key) = funded_wallet(&url, &format!("{name}-manager"), 10, 2_000);
        cli_as(&url, &key, &["member", "join"]);
        pool_behind_product_0(&url, &key);
        let actions = ActionServer::start(&url, 0).expect("actions serve");
        Market { localnet, actions }
    }

    fn get(&self, path: &str) -> HttpAnswer {
        http(self.actions.addr, "GET", path, None)
    }

    fn post(&self, path: &str, body: &Value) -> HttpAnswer {
        http(self.actions.addr, "POST", path, Some(&body.to_string()))
    }

    fn rpc(&self) -> RpcTransport {
        RpcTransport::new(&self.localnet.url())
    }
}

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
        json!({"rules": [{"pathPattern": "/cover/*", "apiPath": "/api/actions/cover/*"}]})
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
        message.starts_with("Joins the mutual and buys 1000 USDC of cover"),
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
