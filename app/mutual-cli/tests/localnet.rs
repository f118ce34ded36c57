//! The localnet over real JSON-RPC: solana-rpc-client (through the SDK's `RpcTransport`) reads, sends,
//! confirms, and gets the program's refusals with their logs.
use mutual::constants::{DAY, LAMPORTS_PER_SOL, STAKE_UNIT};
use mutual::errors::MutualError;
use mutual_cli::localnet::Localnet;
use mutual_sdk::{fetch, ix, pda, Keypair, RpcTransport, SdkError, Signer, Transport};

mod support;
use support::*;

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
fn the_cli_joins_and_buys_over_json_rpc_with_exact_amounts() {
    // Arrange: a wallet with a keypair file, funded by the localnet's faucet
    let localnet = Localnet::start(0).expect("localnet starts");
    let url = localnet.url();
    let wallet = Keypair::new();
    let key = key_file(&wallet, "cli");
    let key = key.as_str();
    let faucet = format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"mutual_faucet","params":["{}",2000000000,1000000000]}}"#,
        wallet.pubkey()
    );
    let usdc_account = post(localnet.addr, &faucet)["result"]
        .as_str()
        .unwrap()
        .to_string();

    // Act
    let joined = cli(&[
        "--url",
        &url,
        "--keypair",
        key,
        "--json",
        "-y",
        "member",
        "join",
    ]);
    let bought = cli(&[
        "--url",
        &url,
        "--keypair",
        key,
        "--json",
        "-y",
        "token",
        "buy",
        "--amount",
        "101000000",
    ]);
    let shown = cli(&["--url", &url, "--keypair", key, "--json", "member", "show"]);

    // Assert: the first mint, at the initial book value of 1 USDC plus the 1% buffer
    let rpc = RpcTransport::new(&url);
    assert_eq!(
        joined["member"],
        pda::member(&wallet.pubkey()).0.to_string()
    );
    assert_eq!(bought["stake_out"], 100_000_000_000u64);
    assert_eq!(shown["stake_balance"], 100_000_000_000u64);
    assert_eq!(
        fetch::token_balance(&rpc, &pda::stake_account(&wallet.pubkey())).unwrap(),
        100_000_000_000
    );
    let usdc_account: mutual_sdk::Pubkey = usdc_account.parse().unwrap();
    assert_eq!(
        fetch::token_balance(&rpc, &usdc_account).unwrap(),
        1_000_000_000 - 101_000_000
    );
}

fn options(ledger: &std::path::Path) -> mutual_cli::localnet::LocalnetOptions {
    mutual_cli::localnet::LocalnetOptions {
        port: 0,
        ledger: Some(ledger.to_path_buf()),
        reset: false,
        clock: mutual_cli::localnet::ClockMode::Manual,
    }
}

#[test]
fn a_restart_with_the_same_ledger_keeps_accounts_clock_and_signatures() {
    // Arrange: a member joins on a localnet saved to a ledger
    let ledger = temp_ledger("restart");
    let wallet = Keypair::new();
    let (signature, lamports, clock) = {
        let localnet = Localnet::start_with(options(&ledger)).expect("localnet starts");
        let rpc = RpcTransport::new(&localnet.url());
        rpc.airdrop(&wallet.pubkey(), LAMPORTS_PER_SOL).unwrap();
        let receipt = rpc
            .send(&[ix::member_join(&wallet.pubkey())], &wallet, &[])
            .unwrap();
        let lamports = fetch::lamports(&rpc, &wallet.pubkey()).unwrap();
        (receipt.signature, lamports, rpc.unix_timestamp().unwrap())
    };

    // Act: a new process would do the same: start from the ledger
    let localnet = Localnet::start_with(options(&ledger)).expect("localnet restarts");
    let rpc = RpcTransport::new(&localnet.url());

    // Assert
    let member = fetch::member(&rpc, &wallet.pubkey())
        .unwrap()
        .expect("the member survived");
    assert_eq!(member.wallet, wallet.pubkey());
    assert_eq!(fetch::lamports(&rpc, &wallet.pubkey()).unwrap(), lamports);
    assert_eq!(rpc.unix_timestamp().unwrap(), clock);
    let status = rpc
        .client()
        .get_signature_status(&signature.parse().unwrap())
        .unwrap();
    assert_eq!(status, Some(Ok(())));
    // The restored protocol still works: a second member joins.
    let other = Keypair::new();
    rpc.airdrop(&other.pubkey(), LAMPORTS_PER_SOL).unwrap();
    rpc.send(&[ix::member_join(&other.pubkey())], &other, &[])
        .unwrap();
    assert!(fetch::member(&rpc, &other.pubkey()).unwrap().is_some());
    // The authority's keypair file in the ledger signs the authority's commands: a sixth product.
    let key = localnet
        .authority_key
        .clone()
        .expect("the authority's keypair file");
    let key = key.to_str().unwrap();
    let authority = mutual_cli::chain::load_keypair(key).unwrap();
    assert_eq!(authority.pubkey(), localnet.authority);
    assert_eq!(fetch::config(&rpc).unwrap().authority, localnet.authority);
    let url = localnet.url();
    let created = cli(&[
        "--url",
        &url,
        "--keypair",
        key,
        "--json",
        "-y",
        "product",
        "create",
        "--name",
        "Bridge",
        "--wording-uri",
        "ipfs://bridge",
    ]);
    assert_eq!(created["id"], 5);
    assert_eq!(fetch::product(&rpc, 5).unwrap().terms.name, "Bridge");
}

#[test]
fn a_corrupt_ledger_is_an_error_naming_the_file_and_reset_starts_over() {
    let ledger = temp_ledger("corrupt");
    std::fs::create_dir_all(&ledger).unwrap();
    let state = ledger.join("state.json");
    std::fs::write(&state, b"{\"version\":1,\"deployer\":[1,2").unwrap();
    let err = Localnet::start_with(options(&ledger))
        .err()
        .expect("refused");
    let message = err.to_string();
    assert!(message.contains(&state.display().to_string()), "{message}");
    assert!(message.contains("--reset"), "{message}");
    let reset = mutual_cli::localnet::LocalnetOptions {
        reset: true,
        ..options(&ledger)
    };
    let localnet = Localnet::start_with(reset).expect("a reset starts over");
    let rpc = RpcTransport::new(&localnet.url());
    assert_eq!(fetch::config(&rpc).unwrap().pool_count, 0);
}

#[test]
fn sigkill_right_after_a_confirmed_transaction_loses_nothing() {
    // Arrange
    let ledger = temp_ledger("sigkill");
    let port = free_port();
    let mut child = spawn_localnet(port, &ledger);
    let url = format!("http://127.0.0.1:{port}");
    let rpc = RpcTransport::new(&url);
    let wallet = Keypair::new();
    rpc.airdrop(&wallet.pubkey(), LAMPORTS_PER_SOL).unwrap();

    // Act: confirmed, then SIGKILL at once
    rpc.send(&[ix::member_join(&wallet.pubkey())], &wallet, &[])
        .unwrap();
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    let mut restarted = spawn_localnet(port, &ledger);

    // Assert
    let member = fetch::member(&RpcTransport::new(&url), &wallet.pubkey()).unwrap();
    restarted.kill().unwrap();
    restarted.wait().unwrap();
    assert_eq!(member.map(|m| m.wallet), Some(wallet.pubkey()));
}

fn unix_time(rpc: &RpcTransport) -> i64 {
    let clock = rpc
        .client()
        .get_account(&mutual_sdk::fetch::CLOCK)
        .expect("the clock sysvar");
    bincode::deserialize::<anchor_lang::prelude::Clock>(&clock.data)
        .expect("a clock")
        .unix_timestamp
}

#[test]
fn the_mutual_binary_over_rpc_joins_trades_stakes_survives_a_restart_warps_and_withdraws_exactly() {
    // Arrange: `mutual localnet` as a subprocess (with the sample products listed) on a manual clock, so the warp
    // below is exactly 92 days from the time read before it, and a funded wallet
    let ledger = temp_ledger("e2e");
    let port = free_port();
    let manual = ["--clock", "manual"];
    let spawn = |ledger: &std::path::Path| {
        spawn_localnet_with(port, ledger, std::process::Stdio::null(), &manual)
    };
    let mut localnet = spawn(&ledger);
    let url = format!("http://127.0.0.1:{port}");
    let wallet = Keypair::new();
    let key = key_file(&wallet, "e2e");
    let run = |args: &[&str]| mutual_bin(&url, &key, args);
    let me = wallet.pubkey().to_string();
    let funded = run(&[
        "localnet",
        "faucet",
        "--to",
        &me,
        "--sol",
        "5000000000",
        "--usdc",
        "2000000000",
    ]);
    let usdc_account: mutual_sdk::Pubkey = funded["usdc_account"]
        .as_str()
        .expect("the test-USDC account")
        .parse()
        .unwrap();

    // Act: join, buy, list, create a pool, stake
    let joined = run(&["member", "join"]);
    let bought = run(&["token", "buy", "--amount", "1010000000"]);
    let products = run(&["product", "list"]);
    let pool = run(&["pool", "create", "--fee-bps", "1000"]);
    run(&["pool", "set-products", "0", "--listing", "0:50:300"]);
    let staked = run(&[
        "stake",
        "deposit",
        "--pool",
        "0",
        "--amount",
        "500000000000",
    ]);
    // a SIGKILL and a restart on the same ledger in the middle
    localnet.kill().expect("SIGKILL");
    localnet.wait().unwrap();
    let mut localnet = spawn(&ledger);
    let rpc = RpcTransport::new(&url);
    let before_warp = unix_time(&rpc);
    let positions = run(&["stake", "list"]);
    let tranche = staked["tranche"].as_u64().unwrap().to_string();
    let warped = run(&["localnet", "warp", "--days", "92"]);
    let withdrawn = run(&[
        "stake",
        "withdraw",
        "--pool",
        "0",
        "--tranche",
        &tranche,
        "--stake",
    ]);
    let sold = run(&["token", "sell", "--amount", "5000000000"]);
    let shown = run(&["member", "show"]);
    let usdc = fetch::token_balance(&rpc, &usdc_account).unwrap();
    localnet.kill().unwrap();
    localnet.wait().unwrap();

    // Assert: 1,010 USDC buy 1,000 MUT at the initial book value + 1%; 5 MUT sell at BV 1.01 less 1%
    assert_eq!(funded["usdc"], 2_000_000_000u64);
    assert_eq!(
        joined["member"],
        pda::member(&wallet.pubkey()).0.to_string()
    );
    assert_eq!(bought["stake_out"], 1_000_000_000_000u64);
    assert_eq!(products["products"].as_array().unwrap().len(), 5);
    assert_eq!(pool["id"], 0);
    assert_eq!(staked["stake_shares"], "500000000000");
    // the position survived the restart
    assert_eq!(positions["positions"][0]["stake"], 500_000_000_000u64);
    assert_eq!(warped["unix_timestamp"], before_warp + 92 * DAY);
    // 500 staked come back whole after the tranche expired
    assert_eq!(withdrawn["stake"], 500_000_000_000u64);
    assert_eq!(sold["base_out"], 4_999_500);
    assert_eq!(shown["stake_balance"], 995_000_000_000u64);
    assert_eq!(shown["active_positions"], 0);
    assert_eq!(usdc, 2_000_000_000 - 1_010_000_000 + 4_999_500);
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

/// A benchmark, not a timed assertion: 1,000 transfers sent concurrently from 8 threads are each confirmed or
/// cleanly refused, and none is lost (the receiver's balance is their exact sum). Prints throughput and
/// p50 / p99 latency for docs/performance.md.
#[test]
fn a_thousand_concurrent_transactions_are_all_confirmed_and_none_is_lost() {
    const THREADS: u64 = 8;
    const PER_THREAD: u64 = 125;
    let localnet = Localnet::start(0).expect("localnet starts");
    let url = localnet.url();
    let receiver = Keypair::new().pubkey();
    let senders: Vec<Keypair> = (0..THREADS).map(|_| Keypair::new()).collect();
    let setup = RpcTransport::new(&url);
    for sender in &senders {
        setup.airdrop(&sender.pubkey(), LAMPORTS_PER_SOL).unwrap();
    }
    let started = std::time::Instant::now();
    let handles: Vec<_> = senders
        .into_iter()
        .enumerate()
        .map(|(t, sender)| {
            let url = url.clone();
            std::thread::spawn(move || {
                let rpc = RpcTransport::new(&url);
                let mut latencies = Vec::new();
                let mut sent = 0u64;
                for i in 0..PER_THREAD {
                    // Distinct amounts make every transaction distinct within one blockhash.
                    let lamports = 1_000_000 + (t as u64) * 1_000 + i;
                    let ix = anchor_lang::solana_program::system_instruction::transfer(
                        &sender.pubkey(),
                        &receiver,
                        lamports,
                    );
                    let at = std::time::Instant::now();
                    rpc.send(&[ix], &sender, &[]).expect("confirmed");
                    latencies.push(at.elapsed());
                    sent += lamports;
                }
                (sent, latencies)
            })
        })
        .collect();
    let mut total = 0u64;
    let mut latencies = Vec::new();
    for handle in handles {
        let (sent, l) = handle.join().expect("a sender thread");
        total += sent;
        latencies.extend(l);
    }
    let elapsed = started.elapsed();
    assert_eq!(fetch::lamports(&setup, &receiver).unwrap(), total);
    latencies.sort();
    let count = latencies.len();
    println!(
        "\n| transactions | threads | throughput (tx/s) | p50 | p99 |\n|---:|---:|---:|---:|---:|\n| {count} | {THREADS} | {:.0} | {:.2?} | {:.2?} |",
        count as f64 / elapsed.as_secs_f64(),
        latencies[count / 2],
        latencies[count * 99 / 100],
    );
}

/// One JSON-RPC message over the websocket, and the next text frame back, as JSON.
fn ws_call(
    socket: &mut tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>,
    request: serde_json::Value,
) -> serde_json::Value {
    socket
        .send(tungstenite::Message::Text(request.to_string().into()))
        .expect("send");
    ws_next(socket)
}

fn ws_next(
    socket: &mut tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>,
) -> serde_json::Value {
    loop {
        if let tungstenite::Message::Text(text) = socket.read().expect("a frame") {
            return serde_json::from_str(&text).expect("JSON");
        }
    }
}

#[test]
fn pubsub_notifies_an_account_change_a_signature_and_logs() {
    use serde_json::json;
    // Arrange: subscriptions opened before anything happens
    let localnet = Localnet::start(0).expect("localnet starts");
    let (mut socket, _) = tungstenite::connect(localnet.ws_url()).expect("websocket");
    let wallet = Keypair::new();
    let me = wallet.pubkey().to_string();
    let account_sub = ws_call(
        &mut socket,
        json!({"jsonrpc": "2.0", "id": 1, "method": "accountSubscribe", "params": [me, {"encoding": "base64"}]}),
    );
    let subscription = account_sub["result"].clone();
    assert!(subscription.is_u64(), "{account_sub}");

    // Act: an airdrop changes the account
    let rpc = RpcTransport::new(&localnet.url());
    let signature = rpc
        .client()
        .request_airdrop(&wallet.pubkey(), LAMPORTS_PER_SOL)
        .unwrap();

    // Assert: the notification, in Solana's shape
    let note = ws_next(&mut socket);
    assert_eq!(note["method"], "accountNotification");
    assert_eq!(note["params"]["subscription"], subscription);
    assert_eq!(
        note["params"]["result"]["value"]["lamports"],
        1_000_000_000u64
    );
    assert!(note["params"]["result"]["context"]["slot"].is_u64());
    // A signature already processed is notified at once.
    let signature_sub = ws_call(
        &mut socket,
        json!({"jsonrpc": "2.0", "id": 2, "method": "signatureSubscribe", "params": [signature.to_string()]}),
    );
    assert!(signature_sub["result"].is_u64());
    let note = ws_next(&mut socket);
    assert_eq!(note["method"], "signatureNotification");
    assert_eq!(
        note["params"]["result"]["value"]["err"],
        serde_json::Value::Null
    );
    // Logs of a later transaction that mentions the wallet; then unsubscribing works.
    let logs_sub = ws_call(
        &mut socket,
        json!({"jsonrpc": "2.0", "id": 3, "method": "logsSubscribe", "params": [{"mentions": [me]}]}),
    );
    let unsubscribed = ws_call(
        &mut socket,
        json!({"jsonrpc": "2.0", "id": 4, "method": "accountUnsubscribe", "params": [subscription]}),
    );
    assert_eq!(unsubscribed["result"], true);
    let join = rpc
        .send(&[ix::member_join(&wallet.pubkey())], &wallet, &[])
        .unwrap();
    let note = ws_next(&mut socket);
    assert_eq!(note["method"], "logsNotification", "{note}");
    assert_eq!(note["params"]["subscription"], logs_sub["result"]);
    assert_eq!(
        note["params"]["result"]["value"]["signature"],
        join.signature
    );
    assert!(note["params"]["result"]["value"]["logs"]
        .as_array()
        .is_some_and(|l| !l.is_empty()));
}

#[test]
fn solana_rpc_client_sends_a_transfer_and_a_pubsub_client_sees_its_signature() {
    // solana-pubsub-client's async client: its blocking one cannot unsubscribe while no message is due (its own
    // docs say so), whatever the server.
    use solana_pubsub_client::nonblocking::pubsub_client::PubsubClient;
    use solana_rpc_client_api::config::RpcSignatureSubscribeConfig;
    use solana_rpc_client_api::response::RpcSignatureResult;
    // Arrange: a funded payer, a signed transfer, and a signature subscription opened before it is sent
    let localnet = Localnet::start(0).expect("localnet starts");
    let rpc = RpcTransport::new(&localnet.url());
    let client = rpc.client();
    let payer = Keypair::new();
    let to = mutual_sdk::Pubkey::new_unique();
    let airdrop = client
        .request_airdrop(&payer.pubkey(), LAMPORTS_PER_SOL)
        .unwrap();
    assert!(client.confirm_transaction(&airdrop).unwrap());
    let transfer = solana_transaction::Transaction::new_signed_with_payer(
        &[anchor_lang::solana_program::system_instruction::transfer(
            &payer.pubkey(),
            &to,
            250_000_000,
        )],
        Some(&payer.pubkey()),
        &[&payer],
        client.get_latest_blockhash().unwrap(),
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let pubsub = runtime
        .block_on(PubsubClient::new(&localnet.ws_url()))
        .expect("websocket");
    let config = RpcSignatureSubscribeConfig {
        commitment: Some(solana_commitment_config::CommitmentConfig::confirmed()),
        enable_received_notification: Some(false),
    };
    let (mut notifications, unsubscribe) = runtime
        .block_on(pubsub.signature_subscribe(&transfer.signatures[0], Some(config)))
        .expect("signatureSubscribe");

    // Act
    let signature = client
        .send_and_confirm_transaction(&transfer)
        .expect("confirmed");

    // Assert: the notification, the status and both balances to the lamport
    let note = runtime
        .block_on(async {
            use futures_util::StreamExt;
            tokio::time::timeout(std::time::Duration::from_secs(30), notifications.next()).await
        })
        .expect("a notification in time")
        .expect("a notification");
    assert!(matches!(
        note.value,
        RpcSignatureResult::ProcessedSignature(ref processed) if processed.err.is_none()
    ));
    drop(notifications);
    runtime.block_on(unsubscribe());
    runtime.block_on(pubsub.shutdown()).expect("shutdown");
    assert_eq!(signature, transfer.signatures[0]);
    assert_eq!(client.get_balance(&to).unwrap(), 250_000_000);
    assert_eq!(
        client.get_balance(&payer.pubkey()).unwrap(),
        LAMPORTS_PER_SOL - 250_000_000 - 5_000
    );
    let account = client.get_account(&to).unwrap();
    assert_eq!(
        (account.lamports, account.owner),
        (250_000_000, anchor_lang::solana_program::system_program::ID)
    );
}

#[test]
fn the_cli_over_rpc_prices_wrapped_sol_sweeps_the_treasury_and_changes_a_parameter_after_the_timelock(
) {
    // Arrange: a localnet with a ledger (so the authority's keypair file exists) and a member
    let ledger = temp_ledger("capital");
    let localnet = Localnet::start_with(options(&ledger)).expect("localnet starts");
    let url = localnet.url();
    let authority = localnet
        .authority_key
        .clone()
        .expect("the authority's keypair file");
    let authority = authority.to_str().unwrap();
    let wallet = Keypair::new();
    let key = key_file(&wallet, "capital");
    let as_wallet = |args: &[&str]| {
        let mut all = vec![
            "--url",
            url.as_str(),
            "--keypair",
            key.as_str(),
            "--json",
            "-y",
        ];
        all.extend_from_slice(args);
        cli(&all)
    };
    let as_authority = |args: &[&str]| {
        let mut all = vec![
            "--url",
            url.as_str(),
            "--keypair",
            authority,
            "--json",
            "-y",
        ];
        all.extend_from_slice(args);
        cli(&all)
    };
    let me = wallet.pubkey().to_string();
    as_wallet(&[
        "localnet",
        "faucet",
        "--to",
        &me,
        "--sol",
        "5000000000",
        "--usdc",
        "2000000000",
    ]);
    as_wallet(&["member", "join"]);
    as_wallet(&["token", "buy", "--amount", "1010000000"]);

    // Act: a new test price, the 2-day wait of a new asset, a refresh and a sweep, all over RPC
    let priced = as_wallet(&[
        "localnet", "price", "--feed", "SOL/USD", "--price", "151.25",
    ]);
    let proposed = as_authority(&["params", "propose", "--set", "join_fee=3000000"]);
    let early = {
        use clap::Parser;
        let cli = mutual_cli::Cli::try_parse_from([
            "mutual",
            "--url",
            &url,
            "--keypair",
            authority,
            "--json",
            "-y",
            "params",
            "execute",
        ])
        .unwrap();
        mutual_cli::run(cli, &mut Vec::new(), &mut "".as_bytes()).unwrap_err()
    };
    as_wallet(&["localnet", "warp", "--days", "2"]);
    let executed = as_wallet(&["params", "execute"]);
    let refreshed = as_wallet(&["capital", "refresh"]);
    let swept = as_wallet(&["treasury", "sweep"]);
    let shown = as_wallet(&["capital", "show"]);

    // Assert: $151.25 ± 0.1%; the join fee of 0.002 SOL at the low side, 151.09875 → 302,197 base units
    assert_eq!(priced["price"], 15_125_000_000i64);
    assert!(proposed["eta"].as_i64().is_some());
    assert!(early.to_string().contains("TimelockNotElapsed"), "{early}");
    assert_eq!(executed["join_fee"], 3_000_000);
    assert_eq!(refreshed["assets"][1]["price"]["low"], 15_109_875_000u64);
    assert_eq!(swept["lamports"], 2_000_000);
    assert_eq!(swept["value"], 302_197);
    assert_eq!(shown["assets"][1]["vault"], 2_000_000);
    assert_eq!(shown["assets"][1]["value"], 302_197);
    assert_eq!(shown["capital"], 1_010_000_000u64 + 302_197);
    assert_eq!(shown["mcr"], 1_000_000_000u64);
    assert_eq!(shown["mcr_ratio"], 10_103);
    assert_eq!(shown["fresh"], true);
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

#[test]
fn the_cli_over_rpc_files_a_claim_votes_pays_it_out_burns_stake_and_rewards_the_assessors() {
    use mutual::errors::MutualError;
    // Arrange: Alice stakes 600 tokens behind product 0 and 300 as an assessor, Bob 100 as an assessor, and
    // Carol buys 1,000 USDC of cover for 73 days, all through the CLI over JSON-RPC. The clock moves only by
    // warps: the test asserts times to the second, which a wall clock moves between a vote and its reading.
    let localnet = Localnet::start_with(mutual_cli::localnet::LocalnetOptions {
        clock: mutual_cli::localnet::ClockMode::Manual,
        ..Default::default()
    })
    .expect("localnet starts");
    let url = localnet.url();
    let url = url.as_str();
    let rpc = RpcTransport::new(url);
    let [alice, bob, carol] = [Keypair::new(), Keypair::new(), Keypair::new()];
    let keys = [
        key_file(&alice, "claims-alice"),
        key_file(&bob, "claims-bob"),
        key_file(&carol, "claims-carol"),
    ];
    let [a, b, c] = [keys[0].as_str(), keys[1].as_str(), keys[2].as_str()];
    for (key, wallet) in [(a, &alice), (b, &bob), (c, &carol)] {
        let me = wallet.pubkey().to_string();
        cli_as(
            url,
            key,
            &[
                "localnet",
                "faucet",
                "--to",
                &me,
                "--sol",
                "5000000000",
                "--usdc",
                "2000000000",
            ],
        );
        cli_as(url, key, &["member", "join"]);
    }
    pool_behind_product_0(url, a);
    cli_as(url, a, &["assessor", "stake", "--amount", "300000000000"]);
    cli_as(url, b, &["token", "buy", "--amount", "202000000"]);
    cli_as(url, b, &["assessor", "stake", "--amount", "100000000000"]);
    let bought = cover_on_product_0(url, c);
    cli_as(url, c, &["localnet", "warp", "--days", "1"]);
    // A refresh records the book value and wrapped SOL's price, which the claim's reward and deposit are valued at.
    cli_as(url, c, &["capital", "refresh"]);
    let bv = fetch::capital_snapshot(&rpc).unwrap().book_value;
    let carol_usdc = localnet.deployment.base_account(&carol.pubkey());
    let usdc_before = fetch::token_balance(&rpc, &carol_usdc).unwrap();

    // Act: the claim, the votes, the wait, the payout and the rewards
    let filed = claim_600_on_cover_0_0(url, c);
    let claim = filed["claim"].as_str().unwrap().to_string();
    let open = cli_as(url, a, &["claim", "list", "--open"]);
    let accepted = cli_as(url, a, &["vote", "accept", &claim]);
    let denied = cli_as(url, b, &["vote", "deny", &claim]);
    let shown = cli_as(url, a, &["claim", "show", &claim]);
    cli_as(url, c, &["localnet", "warp", "--days", "3"]);
    let in_cooldown = cli_err(url, c, &["claim", "redeem", &claim]);
    cli_as(url, c, &["localnet", "warp", "--days", "1"]);
    let carol_lamports = fetch::lamports(&rpc, &carol.pubkey()).unwrap();
    let paid = cli_as(url, c, &["claim", "redeem", &claim]);
    let carol_lamports_after = fetch::lamports(&rpc, &carol.pubkey()).unwrap();
    let alice_before = cli_as(url, a, &["member", "show"])["stake_balance"]
        .as_u64()
        .unwrap();
    let alice_reward = cli_as(url, a, &["rewards", "claim", &claim]);
    let bob_reward = cli_as(url, b, &["rewards", "claim", &claim]);
    let alice_after = cli_as(url, a, &["member", "show"])["stake_balance"]
        .as_u64()
        .unwrap();
    let mine = cli_as(url, c, &["claim", "list", "--mine"]);

    // Assert: the deposit is the 0.05 SOL floor (the reward is worth less at $150 a SOL); the reward is 1.3% a
    // year of the claim in stake, for the cover's 73 days
    let stake = u128::from(600_000_000u64) * u128::from(STAKE_UNIT) / u128::from(bv);
    let reward = u64::try_from(stake * 130 * 73 / (10_000 * 365)).unwrap();
    assert_eq!(bought["seq"], 0);
    assert_eq!(filed["deposit"], 50_000_000);
    assert_eq!(filed["reward"], reward);
    assert_eq!(open["count"], 1);
    assert_eq!(open["claims"][0]["claim"], claim);
    assert_eq!(
        open["claims"][0]["tally"],
        serde_json::json!({"accept": 0, "deny": 0})
    );
    assert_eq!(
        open["claims"][0]["wording"],
        "ipfs://mutual-wording/lending-protocol"
    );
    assert_eq!(open["claims"][0]["evidence"], "ipfs://lending-exploit");
    // each assessor votes with the stake they had before the claim
    assert_eq!(accepted["weight"], 300_000_000_000u64);
    assert_eq!(accepted["ends_in"], 3 * DAY);
    assert_eq!(denied["weight"], 100_000_000_000u64);
    assert_eq!(
        shown["tally"],
        serde_json::json!({"accept": 300_000_000_000u64, "deny": 100_000_000_000u64})
    );
    assert_eq!(shown["outcome"], "accept leads");
    let info = mutual_sdk::errors::error_info(u32::from(MutualError::ClaimNotDecided)).unwrap();
    assert_eq!(
        in_cooldown.to_string(),
        format!("{} ({}): {}", info.name, info.code, info.message)
    );
    // the payout, the deposit back (less the fee), and the pool's burn: the claim in stake at bv, halved by the
    // capacity ratio of 2, both rounded up
    let burn = u64::try_from(
        (u128::from(600_000_000u64) * u128::from(STAKE_UNIT))
            .div_ceil(u128::from(bv))
            .div_ceil(2),
    )
    .unwrap();
    assert_eq!(paid["amount"], 600_000_000);
    assert_eq!(paid["to"], carol_usdc.to_string());
    assert_eq!(paid["burns"][0]["burnt"], burn);
    assert_eq!(paid["burns"][0]["stake_before"], 600_000_000_000u64);
    assert_eq!(paid["burns"][0]["stake_after"], 600_000_000_000u64 - burn);
    assert_eq!(
        fetch::pool(&rpc, 0).unwrap().active_stake,
        600_000_000_000 - burn
    );
    assert_eq!(
        fetch::token_balance(&rpc, &carol_usdc).unwrap(),
        usdc_before + 600_000_000
    );
    assert_eq!(carol_lamports_after, carol_lamports + 50_000_000 - 5_000);
    // the reward, 3/4 to Alice and 1/4 to Bob, minted to their stake accounts
    assert_eq!(alice_reward["reward"], reward * 3 / 4);
    assert_eq!(bob_reward["reward"], reward / 4);
    assert_eq!(alice_after, alice_before + reward * 3 / 4);
    assert_eq!(mine["count"], 1);
    assert_eq!(mine["claims"][0]["state"], "paid");
}
