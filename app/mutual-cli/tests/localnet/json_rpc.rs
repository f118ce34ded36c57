//! JSON-RPC itself: solana-rpc-client's calls, standard errors for bad requests, what a validator refuses,
//! parsed token accounts, signatures by address, and simulation.
use crate::support::*;
use mutual::constants::LAMPORTS_PER_SOL;
use mutual::errors::MutualError;
use mutual_cli::localnet::Localnet;
use mutual_sdk::{fetch, ix, pda, Keypair, RpcTransport, SdkError, Signer, Transport};

#[test]
fn solana_rpc_client_joins_and_is_refused_a_second_join() {
    // Arrange
    let localnet = Localnet::start(0).expect("localnet starts");
    let rpc = RpcTransport::new(&localnet.url());
    let wallet = Keypair::new();

    // Act: an airdrop, then a join, each confirmed through getSignatureStatuses
    rpc.airdrop(&wallet.pubkey(), 2 * LAMPORTS_PER_SOL)
        .expect("airdrop");
    let receipt = rpc
        .send(&[ix::member_join(&wallet.pubkey())], &wallet, &[])
        .expect("join");

    // Assert: getTransaction gives the logs, and so the event, and the units
    assert!(receipt.logs.iter().any(|l| l.contains("invoke [1]")));
    assert!(matches!(
        receipt.events.as_slice(),
        [mutual_sdk::MutualEvent::MemberJoinEvent(e)] if e.wallet == wallet.pubkey()
    ));
    assert!(receipt.compute_units.is_some());
    // the state reads back over getAccountInfo / getMultipleAccounts
    let member = fetch::member(&rpc, &wallet.pubkey())
        .unwrap()
        .expect("member");
    assert_eq!(member.wallet, wallet.pubkey());
    let config = fetch::config(&rpc).unwrap();
    let fee = config.params.join_fee;
    let rent = rpc.minimum_balance(mutual::state::Member::SIZE).unwrap();
    let ata_rent = rpc.minimum_balance(170).unwrap();
    assert_eq!(
        fetch::lamports(&rpc, &wallet.pubkey()).unwrap(),
        2 * LAMPORTS_PER_SOL - fee - rent - ata_rent - 5_000
    );
    assert_eq!(localnet.deployment.stake_mint, pda::stake_mint().0);

    // Act + Assert: a second join fails preflight with the program's error, and nothing is committed
    match rpc.send(&[ix::member_join(&wallet.pubkey())], &wallet, &[]) {
        Err(e @ SdkError::Transaction { .. }) => {
            assert_eq!(
                e.custom_code(),
                Some(u32::from(MutualError::AlreadyInitialized))
            );
        }
        other => panic!("expected the program's refusal, got {other:?}"),
    }
    assert_eq!(
        fetch::lamports(&rpc, &wallet.pubkey()).unwrap(),
        2 * LAMPORTS_PER_SOL - fee - rent - ata_rent - 5_000
    );
}

#[test]
fn bad_requests_get_standard_json_rpc_errors_and_the_server_keeps_serving() {
    let localnet = Localnet::start(0).expect("localnet starts");
    let addr = localnet.addr;
    let unknown = post(
        addr,
        r#"{"jsonrpc":"2.0","id":1,"method":"getFoo","params":[]}"#,
    );
    assert_eq!(unknown["error"]["code"], -32601);
    let malformed = post(addr, r#"{"jsonrpc":"2.0","id":1,"method":"#);
    assert_eq!(malformed["error"]["code"], -32700);
    let bad_key = post(
        addr,
        r#"{"jsonrpc":"2.0","id":1,"method":"getBalance","params":["not-a-key"]}"#,
    );
    assert_eq!(bad_key["error"]["code"], -32602);
    let bad_tx = post(
        addr,
        r#"{"jsonrpc":"2.0","id":1,"method":"sendTransaction","params":["AAAA",{"encoding":"base64"}]}"#,
    );
    assert_eq!(bad_tx["error"]["code"], -32602);
    let fees = post(
        addr,
        r#"{"jsonrpc":"2.0","id":1,"method":"getRecentPrioritizationFees","params":[]}"#,
    );
    assert_eq!(fees["result"][0]["prioritizationFee"], 0);
    let batch = post(
        addr,
        r#"[{"jsonrpc":"2.0","id":1,"method":"getHealth"},{"jsonrpc":"2.0","id":2,"method":"nope"},{"bad":1}]"#,
    );
    let answers = batch.as_array().expect("a batch answer");
    assert_eq!(answers.len(), 3);
    assert_eq!(answers[0]["result"], "ok");
    assert_eq!(answers[1]["error"]["code"], -32601);
    assert_eq!(answers[2]["error"]["code"], -32600);
    let wrong_type = post(
        addr,
        r#"{"jsonrpc":"2.0","id":1,"method":"getBalance","params":[42]}"#,
    );
    assert_eq!(wrong_type["error"]["code"], -32602);
    let too_big = format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"getHealth","params":["{}"]}}"#,
        "a".repeat(70_000)
    );
    assert_eq!(post(addr, &too_big)["error"]["code"], -32007);
    let health = post(addr, r#"{"jsonrpc":"2.0","id":7,"method":"getHealth"}"#);
    assert_eq!(
        (health["id"].clone(), health["result"].clone()),
        (serde_json::json!(7), serde_json::json!("ok"))
    );
}

/// A payer airdropped 1 SOL over raw JSON-RPC, and the latest blockhash.
fn funded_payer(addr: std::net::SocketAddr) -> (Keypair, solana_hash::Hash) {
    let payer = Keypair::new();
    rpc_call(
        addr,
        "requestAirdrop",
        serde_json::json!([payer.pubkey().to_string(), LAMPORTS_PER_SOL]),
    );
    let latest = rpc_call(addr, "getLatestBlockhash", serde_json::json!([]))["result"]["value"]
        ["blockhash"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    (payer, latest)
}

#[test]
fn bad_signatures_and_unknown_blockhashes_are_refused_as_a_validator_refuses_them() {
    use solana_transaction::Transaction;
    // Arrange: a funded payer and a transfer signed against the latest blockhash
    let localnet = Localnet::start(0).expect("localnet starts");
    let addr = localnet.addr;
    let (payer, latest) = funded_payer(addr);
    let unknown = solana_hash::Hash::new_unique();
    let transfer = anchor_lang::solana_program::system_instruction::transfer(
        &payer.pubkey(),
        &mutual_sdk::Pubkey::new_unique(),
        1_000_000,
    );
    let signed = |hash| {
        Transaction::new_signed_with_payer(
            std::slice::from_ref(&transfer),
            Some(&payer.pubkey()),
            &[&payer],
            hash,
        )
    };
    let send = |tx: &Transaction| {
        rpc_call(
            addr,
            "sendTransaction",
            serde_json::json!([base64_of(tx), {"encoding": "base64"}]),
        )
    };
    let mut forged = signed(latest);
    forged.signatures[0] = solana_transaction::Signature::from([7u8; 64]);

    // Act
    let bad_signature = send(&forged);
    let stale = send(&signed(unknown));
    let valid_latest = rpc_call(
        addr,
        "isBlockhashValid",
        serde_json::json!([latest.to_string()]),
    );
    let valid_unknown = rpc_call(
        addr,
        "isBlockhashValid",
        serde_json::json!([unknown.to_string()]),
    );
    let fee = |hash| {
        let message = solana_transaction::Message::new_with_blockhash(
            std::slice::from_ref(&transfer),
            Some(&payer.pubkey()),
            &hash,
        );
        rpc_call(
            addr,
            "getFeeForMessage",
            serde_json::json!([base64_of(&message)]),
        )
    };
    let (fee_latest, fee_unknown) = (fee(latest), fee(unknown));

    // Assert: -32003 for the signature, the preflight's BlockhashNotFound for the blockhash; nothing moved
    assert_eq!(bad_signature["error"]["code"], -32003);
    assert_eq!(stale["error"]["code"], -32002);
    assert_eq!(stale["error"]["data"]["err"], "BlockhashNotFound");
    assert_eq!(valid_latest["result"]["value"], true);
    assert_eq!(valid_unknown["result"]["value"], false);
    assert_eq!(fee_latest["result"]["value"], 5_000);
    assert_eq!(fee_unknown["result"]["value"], serde_json::Value::Null);
    let balance = rpc_call(
        addr,
        "getBalance",
        serde_json::json!([payer.pubkey().to_string()]),
    );
    assert_eq!(balance["result"]["value"], 1_000_000_000u64);
}

#[test]
fn token_accounts_read_as_json_parsed_balances_and_by_owner() {
    // Arrange: a wallet funded with 1,000 test USDC
    let localnet = Localnet::start(0).expect("localnet starts");
    let wallet = Keypair::new();
    let faucet = format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"mutual_faucet","params":["{}",1000000000,1000000000]}}"#,
        wallet.pubkey()
    );
    let account = post(localnet.addr, &faucet)["result"]
        .as_str()
        .unwrap()
        .to_string();
    let request = |method: &str, params: serde_json::Value| {
        post(
            localnet.addr,
            &serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
                .to_string(),
        )
    };

    // Act
    let parsed = request(
        "getAccountInfo",
        serde_json::json!([account, {"encoding": "jsonParsed"}]),
    );
    let balance = request("getTokenAccountBalance", serde_json::json!([account]));
    let by_owner = request(
        "getTokenAccountsByOwner",
        serde_json::json!([wallet.pubkey().to_string(), {"mint": localnet.deployment.base_mint.to_string()}, {"encoding": "jsonParsed"}]),
    );
    let sliced = request(
        "getAccountInfo",
        serde_json::json!([account, {"encoding": "base64", "dataSlice": {"offset": 64, "length": 8}}]),
    );

    // Assert
    let info = &parsed["result"]["value"]["data"]["parsed"]["info"];
    assert_eq!(info["owner"], wallet.pubkey().to_string());
    assert_eq!(info["tokenAmount"]["amount"], "1000000000");
    assert_eq!(info["tokenAmount"]["decimals"], 6);
    assert_eq!(balance["result"]["value"]["uiAmountString"], "1000");
    let found = by_owner["result"]["value"].as_array().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["pubkey"], account);
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(sliced["result"]["value"]["data"][0].as_str().unwrap())
        .unwrap();
    assert_eq!(bytes, 1_000_000_000u64.to_le_bytes());
}

#[test]
fn signatures_by_address_newest_first_and_simulation_with_a_replaced_blockhash() {
    use solana_rpc_client_api::config::RpcSimulateTransactionConfig;
    // Arrange
    let localnet = Localnet::start(0).expect("localnet starts");
    let rpc = RpcTransport::new(&localnet.url());
    let wallet = Keypair::new();
    rpc.airdrop(&wallet.pubkey(), LAMPORTS_PER_SOL).unwrap();
    let join = rpc
        .send(&[ix::member_join(&wallet.pubkey())], &wallet, &[])
        .unwrap();

    // Act
    let signatures = rpc
        .client()
        .get_signatures_for_address(&wallet.pubkey())
        .unwrap();
    // A transaction signed against a blockhash the node never issued, simulated with a replaced blockhash.
    let mut tx = solana_transaction::Transaction::new_with_payer(
        &[ix::member_set_broker(
            &wallet.pubkey(),
            &wallet.pubkey(),
            true,
        )],
        Some(&wallet.pubkey()),
    );
    tx.message.recent_blockhash = solana_hash::Hash::new_from_array([9; 32]);
    let config = RpcSimulateTransactionConfig {
        replace_recent_blockhash: true,
        ..RpcSimulateTransactionConfig::default()
    };
    let simulated = rpc
        .client()
        .simulate_transaction_with_config(&tx, config)
        .unwrap();

    // Assert: the join, then the airdrop; the simulation ran (and was refused: the wallet is not the authority)
    assert_eq!(signatures.len(), 2);
    assert_eq!(signatures[0].signature, join.signature);
    assert!(signatures.iter().all(|s| s.err.is_none()));
    assert!(simulated.value.replacement_blockhash.is_some());
    let err = simulated.value.err.expect("refused");
    assert!(
        format!("{err:?}").contains(&u32::from(MutualError::NotAuthority).to_string()),
        "{err:?}"
    );
    assert!(simulated.value.logs.is_some_and(|logs| !logs.is_empty()));
}

#[test]
fn simulate_returns_the_accounts_asked_for_as_they_would_be_and_commits_nothing() {
    use serde_json::json;
    use solana_transaction::Transaction;
    // Arrange: a funded payer and a transfer to an address that does not exist yet
    let localnet = Localnet::start(0).expect("localnet starts");
    let addr = localnet.addr;
    let (payer, latest) = funded_payer(addr);
    let to = mutual_sdk::Pubkey::new_unique();
    let transfer = Transaction::new_signed_with_payer(
        &[anchor_lang::solana_program::system_instruction::transfer(
            &payer.pubkey(),
            &to,
            250_000_000,
        )],
        Some(&payer.pubkey()),
        &[&payer],
        latest,
    );
    let asked =
        json!({"encoding": "base64", "addresses": [payer.pubkey().to_string(), to.to_string()]});

    // Act
    let simulated = rpc_call(
        addr,
        "simulateTransaction",
        json!([base64_of(&transfer), {"encoding": "base64", "accounts": asked}]),
    );

    // Assert: both accounts as the transfer would leave them...
    let value = &simulated["result"]["value"];
    assert_eq!(value["err"], serde_json::Value::Null, "{simulated}");
    assert_eq!(
        value["accounts"][0]["lamports"],
        1_000_000_000u64 - 250_000_000 - 5_000
    );
    assert_eq!(value["accounts"][1]["lamports"], 250_000_000u64);
    assert_eq!(
        value["accounts"][1]["owner"],
        "11111111111111111111111111111111"
    );
    // ...and nothing committed: the payer is whole, the receiver does not exist
    let balance = |who: &mutual_sdk::Pubkey| {
        rpc_call(addr, "getBalance", json!([who.to_string()]))["result"]["value"].clone()
    };
    assert_eq!(balance(&payer.pubkey()), 1_000_000_000u64);
    assert_eq!(
        rpc_call(addr, "getAccountInfo", json!([to.to_string()]))["result"]["value"],
        serde_json::Value::Null
    );
    // The signed transaction itself still goes through, once.
    let sent = rpc_call(
        addr,
        "sendTransaction",
        json!([base64_of(&transfer), {"encoding": "base64"}]),
    );
    assert_eq!(sent["result"], transfer.signatures[0].to_string(), "{sent}");
    assert_eq!(balance(&to), 250_000_000u64);
    assert_eq!(
        balance(&payer.pubkey()),
        1_000_000_000u64 - 250_000_000 - 5_000
    );
}
