//! Transactions that land on a busy cluster: everything the CLI sends carries a compute-unit limit from its own
//! simulation and a price (given, or the median of what recent blocks paid for the same accounts); the fee is
//! charged as the bank charges it; the 4-pool buy with a broker's commission still fits one packet.
use mutual::constants::LAMPORTS_PER_SOL;
use mutual_cli::localnet::{ClockMode, Localnet, LocalnetOptions};
use mutual_sdk::{Keypair, Signer};
use serde_json::{json, Value};

mod support;
use support::*;

fn start() -> Localnet {
    Localnet::start_with(LocalnetOptions {
        clock: ClockMode::Manual,
        ..LocalnetOptions::default()
    })
    .expect("localnet starts")
}

/// The transaction `signature` as the localnet serves it (json), and its wire bytes (base64).
fn sent(addr: std::net::SocketAddr, signature: &str) -> (Value, usize) {
    let config =
        |encoding: &str| json!({"encoding": encoding, "maxSupportedTransactionVersion": 0});
    let as_json =
        rpc_call(addr, "getTransaction", json!([signature, config("json")]))["result"].clone();
    let raw = rpc_call(addr, "getTransaction", json!([signature, config("base64")]))["result"]
        ["transaction"][0]
        .as_str()
        .expect("base64")
        .to_string();
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(raw)
        .unwrap();
    (as_json, bytes.len())
}

/// The compute-budget instructions at the head of a json transaction: (limit, price).
fn budget_of(tx: &Value) -> (u32, u64) {
    let message = &tx["transaction"]["message"];
    let keys: Vec<&str> = message["accountKeys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    let data = |i: usize| {
        let ix = &message["instructions"][i];
        assert_eq!(
            keys[ix["programIdIndex"].as_u64().unwrap() as usize],
            "ComputeBudget111111111111111111111111111111"
        );
        bs58::decode(ix["data"].as_str().unwrap())
            .into_vec()
            .unwrap()
    };
    let (limit, price) = (data(0), data(1));
    assert_eq!((limit[0], price[0]), (2, 3));
    (
        u32::from_le_bytes(limit[1..5].try_into().unwrap()),
        u64::from_le_bytes(price[1..9].try_into().unwrap()),
    )
}

#[test]
fn every_cli_transaction_asks_for_its_simulated_units_and_pays_the_price_asked() {
    // Arrange
    let localnet = start();
    let url = localnet.url();
    let addr = localnet.addr;
    let (_, key) = funded_wallet(&url, "fees-price", 5, 2_000);

    // Act: a join at the default price (no fee market here: 0), a buy at 7 micro-lamports per unit
    let joined = mutual_bin(&url, &key, &["member", "join"]);
    let bought = mutual_bin(
        &url,
        &key,
        &[
            "--with-compute-unit-price",
            "7",
            "token",
            "buy",
            "--amount",
            "10100000",
        ],
    );

    // Assert: the limit covers what the transaction used, with the margin; the fee is 5,000 per signature plus
    // the price times the limit, rounded up
    for (out, price) in [(&joined, 0u64), (&bought, 7)] {
        let (tx, _) = sent(addr, out["signature"].as_str().unwrap());
        let (limit, asked) = budget_of(&tx);
        let used = tx["meta"]["computeUnitsConsumed"].as_u64().unwrap();
        assert_eq!(asked, price);
        assert_eq!(limit, mutual_sdk::compute_budget::limit_for(used), "{tx}");
        let priority = (u64::from(limit) * price).div_ceil(1_000_000);
        assert_eq!(tx["meta"]["fee"], 5_000 + priority);
    }
}

#[test]
fn the_default_price_is_the_median_recent_blocks_paid_for_the_same_accounts() {
    // Arrange: a member, and 160 transfers into their own USDC account at 1,000 micro-lamports per unit, so
    // every one of the last 150 blocks saw that account written at that price
    let localnet = start();
    let url = localnet.url();
    let addr = localnet.addr;
    let (wallet, key) = funded_wallet(&url, "fees-median", 5, 2_000);
    mutual_bin(&url, &key, &["member", "join"]);
    let usdc = localnet.deployment.base_account(&wallet.pubkey());
    let other = Keypair::new();
    cli_as(
        &url,
        &key,
        &[
            "localnet",
            "faucet",
            "--to",
            &other.pubkey().to_string(),
            "--sol",
            &LAMPORTS_PER_SOL.to_string(),
            "--usdc",
            "1000000",
        ],
    );
    let other_usdc = localnet.deployment.base_account(&other.pubkey());
    for _ in 0..160 {
        let blockhash: solana_hash::Hash = rpc_call(addr, "getLatestBlockhash", json!([]))
            ["result"]["value"]["blockhash"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        let transfer = mutual_sdk::spl::transfer_checked(
            &anchor_spl::token::ID,
            &other_usdc,
            &localnet.deployment.base_mint,
            &usdc,
            &other.pubkey(),
            1,
            6,
        )
        .unwrap();
        let tx = solana_transaction::Transaction::new_signed_with_payer(
            &[mutual_sdk::compute_budget::set_price(1_000), transfer],
            Some(&other.pubkey()),
            &[&other],
            blockhash,
        );
        let sent = rpc_call(
            addr,
            "sendTransaction",
            json!([base64_of(&tx), {"encoding": "base64"}]),
        );
        assert!(sent["result"].is_string(), "{sent}");
    }

    // Act: the member buys stake, writing their USDC account, with no price given
    let bought = mutual_bin(&url, &key, &["token", "buy", "--amount", "10100000"]);

    // Assert
    let (tx, _) = sent(addr, bought["signature"].as_str().unwrap());
    assert_eq!(budget_of(&tx).1, 1_000);
}

#[test]
fn a_4_pool_buy_for_a_customer_with_a_commission_fits_one_packet() {
    // Arrange: a broker (made one by the authority), four pools listing product 0, each with stake
    let localnet = Localnet::start_with(LocalnetOptions {
        clock: ClockMode::Manual,
        ledger: Some(temp_ledger("fees-4-pools")),
        ..LocalnetOptions::default()
    })
    .expect("localnet starts");
    let url = localnet.url();
    let addr = localnet.addr;
    let authority = localnet
        .authority_key
        .clone()
        .expect("a ledger keeps the authority's key");
    let authority = authority.to_str().unwrap();
    let (broker, key) = funded_wallet(&url, "fees-4-pools", 5, 5_000);
    mutual_bin(&url, &key, &["member", "join"]);
    mutual_bin(
        &url,
        authority,
        &["member", "set-broker", &broker.pubkey().to_string()],
    );
    mutual_bin(&url, &key, &["token", "buy", "--amount", "4040000000"]);
    for pool in 0..4u32 {
        let listing = format!("0:100:{}", 200 + pool * 10);
        mutual_bin(&url, &key, &["pool", "create", "--listing", &listing]);
        let pool = pool.to_string();
        mutual_bin(
            &url,
            &key,
            &[
                "stake",
                "deposit",
                "--pool",
                &pool,
                "--amount",
                "900000000000",
                "--lock",
                "7",
            ],
        );
    }
    let customer = Keypair::new().pubkey().to_string();
    let commission_to = localnet
        .deployment
        .base_account(&broker.pubkey())
        .to_string();

    // Act: a cover large enough to spill over all four pools
    let bought = mutual_bin(
        &url,
        &key,
        &[
            "cover",
            "buy",
            "0",
            "--amount",
            "6000000000",
            "--days",
            "90",
            "--pools",
            "0,1,2,3",
            "--owner",
            &customer,
            "--commission-bps",
            "1000",
            "--commission-to",
            &commission_to,
        ],
    );

    // Assert: one transaction, every pool used, within 1,232 bytes with its compute budget
    let (tx, bytes) = sent(addr, bought["signature"].as_str().unwrap());
    assert!(bytes <= 1_232, "{bytes} bytes");
    let pools = bought["pools"].as_array().unwrap();
    assert_eq!(pools.len(), 4);
    assert!(
        pools.iter().all(|p| p["amount"].as_u64().unwrap() > 0),
        "{bought}"
    );
    assert_eq!(tx["meta"]["err"], Value::Null);
    assert_eq!(budget_of(&tx).1, 0);
    println!("a 4-pool broker buy with a commission and its compute budget: {bytes} bytes");
}
