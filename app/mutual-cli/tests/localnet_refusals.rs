//! `mutual localnet` as a user runs it: a subprocess whose stdout is a pipe nobody reads, or a file. The
//! program's refusals (which the native build prints to stdout) must never freeze it.
use mutual::errors::MutualError;
use mutual_sdk::{ix, Keypair, Signer};
use std::process::Stdio;

mod support;
use support::*;

/// Raw refusals sent per run: their printed errors would overflow a 64 KiB pipe several times over.
const RAW_REFUSALS: usize = 300;

/// A second `member_join` for `wallet`, signed against `blockhash`: the program refuses it.
fn second_join(wallet: &Keypair, blockhash: solana_hash::Hash, nonce: u64) -> String {
    // A distinct compute-unit price per copy makes every transaction a new one.
    let ixs = [
        mutual_sdk::compute_budget::set_price(nonce),
        ix::member_join(&wallet.pubkey()),
    ];
    let tx = solana_transaction::Transaction::new_signed_with_payer(
        &ixs,
        Some(&wallet.pubkey()),
        &[wallet],
        blockhash,
    );
    base64_of(&tx)
}

fn latest_blockhash(addr: std::net::SocketAddr) -> solana_hash::Hash {
    rpc_call(addr, "getLatestBlockhash", serde_json::json!([]))["result"]["value"]["blockhash"]
        .as_str()
        .expect("a blockhash")
        .parse()
        .expect("base58")
}

/// The program's error as the CLI prints it.
fn printed(error: MutualError) -> String {
    let info = mutual_sdk::errors::error_info(u32::from(error)).expect("a known error");
    format!("{} ({})", info.name, info.code)
}

#[test]
fn program_refusals_never_freeze_the_localnet_whether_its_stdout_is_an_unread_pipe_or_a_file() {
    for case in ["unread-pipe", "file"] {
        // Arrange: the localnet as a subprocess, its stdout an unread pipe (kept open) or a file
        let ledger = temp_ledger(&format!("refusals-{case}"));
        let log = std::env::temp_dir().join(format!(
            "mutual-localnet-stdout-{case}-{}",
            std::process::id()
        ));
        let stdout = match case {
            "file" => Stdio::from(std::fs::File::create(&log).unwrap()),
            _ => Stdio::piped(),
        };
        let port = free_port();
        let mut localnet = spawn_localnet_with(port, &ledger, stdout, &[]);
        let _unread = localnet.stdout.take();
        let url = format!("http://127.0.0.1:{port}");
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        let (wallet, key) = funded_wallet(&url, &format!("refusals-{case}"), 5, 2_000);
        mutual_bin(&url, &key, &["member", "join"]);

        // Act: refusals through the CLI (sent, and dry-run), then through a raw client (preflight,
        // skipPreflight, simulation)
        let cli_refusals = [
            mutual_bin_err(&url, &key, &["member", "join"]),
            mutual_bin_err(&url, &key, &["--dry-run", "member", "join"]),
            mutual_bin_err(&url, &key, &["member", "join"]),
        ];
        let mut raw = Vec::new();
        for n in 0..RAW_REFUSALS {
            // as a client does: a fresh blockhash for each transaction
            let tx = second_join(&wallet, latest_blockhash(addr), n as u64 + 1);
            let (method, config) = match n % 3 {
                0 => ("sendTransaction", serde_json::json!({"encoding": "base64"})),
                1 => (
                    "sendTransaction",
                    serde_json::json!({"encoding": "base64", "skipPreflight": true}),
                ),
                _ => (
                    "simulateTransaction",
                    serde_json::json!({"encoding": "base64"}),
                ),
            };
            raw.push(rpc_call(addr, method, serde_json::json!([tx, config])));
        }
        // then a normal transaction, through the CLI
        let bought = mutual_bin(&url, &key, &["token", "buy", "--amount", "10100000"]);
        let health = rpc_call(addr, "getHealth", serde_json::json!([]));
        let landed: Vec<String> = raw
            .iter()
            .skip(1)
            .step_by(3)
            .map(|a| a["result"].as_str().expect("a signature").to_string())
            .collect();
        let statuses = rpc_call(addr, "getSignatureStatuses", serde_json::json!([landed]));
        localnet.kill().unwrap();
        localnet.wait().unwrap();

        // Assert: every refusal came back by name, at once, and the localnet kept serving
        let expected = printed(MutualError::AlreadyInitialized);
        for (code, error) in &cli_refusals {
            assert_eq!(*code, 1, "{case}: {error}");
            assert!(error.contains(&expected), "{case}: {error}");
        }
        let code = u32::from(MutualError::AlreadyInitialized);
        for (n, answer) in raw.iter().enumerate() {
            match n % 3 {
                0 => {
                    assert_eq!(answer["error"]["code"], -32002, "{case} #{n}: {answer}");
                    assert_eq!(
                        answer["error"]["data"]["err"]["InstructionError"][1]["Custom"],
                        code
                    );
                }
                1 => assert!(answer["result"].is_string(), "{case} #{n}: {answer}"),
                _ => assert_eq!(
                    answer["result"]["value"]["err"]["InstructionError"][1]["Custom"], code,
                    "{case} #{n}: {answer}"
                ),
            }
        }
        assert_eq!(bought["stake_out"], 10_000_000_000u64, "{case}");
        assert_eq!(health["result"], "ok", "{case}");
        // the skipped-preflight refusals landed as failed transactions, each in a slot of its own
        let statuses = statuses["result"]["value"].as_array().expect("statuses");
        assert_eq!(statuses.len(), RAW_REFUSALS / 3);
        let mut slots = std::collections::BTreeSet::new();
        for status in statuses {
            assert_eq!(
                status["err"]["InstructionError"][1]["Custom"], code,
                "{case}"
            );
            assert_eq!(status["confirmationStatus"], "finalized");
            assert!(
                slots.insert(status["slot"].as_u64().unwrap()),
                "{case}: a shared slot"
            );
        }
        if case == "file" {
            let printed = std::fs::read_to_string(&log).unwrap();
            assert!(
                printed.contains("RPC URL      http://127.0.0.1:"),
                "{printed}"
            );
            assert!(!printed.contains("AnchorError"), "{printed}");
            assert!(!printed.contains("Program log"), "{printed}");
        }
    }
}

/// The banner `mutual localnet` prints, up to its last line.
fn banner(localnet: &mut Process) -> String {
    use std::io::BufRead;
    let stdout = localnet.stdout.take().expect("piped");
    let mut lines = Vec::new();
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line.expect("a line");
        let last = line.starts_with("ledger ");
        lines.push(line);
        if last {
            break;
        }
    }
    lines.join("\n")
}

#[test]
fn a_restart_says_it_restored_the_state() {
    // Arrange + Act: the localnet starts on a new ledger, stops, and starts again on it
    let ledger = temp_ledger("banner");
    let port = free_port();
    let mut first = spawn_localnet_with(port, &ledger, Stdio::piped(), &[]);
    let new = banner(&mut first);
    first.kill().unwrap();
    first.wait().unwrap();
    let mut second = spawn_localnet_with(port, &ledger, Stdio::piped(), &[]);
    let restored = banner(&mut second);

    // Assert
    assert!(
        new.contains(
            "state        new: bootstrapped with test USDC, wrapped SOL and the sample products"
        ),
        "{new}"
    );
    assert!(
        restored.contains(
            "state        restored from the ledger: accounts, clock, blocks and transactions as they were"
        ),
        "{restored}"
    );
    assert!(restored.contains(&format!("RPC URL      http://127.0.0.1:{port}")));
    assert!(restored.contains("clock        wall: it follows the wall clock"));
}
