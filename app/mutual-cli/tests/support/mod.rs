//! What the CLI's test suites share: raw JSON-RPC calls, keypair files, temporary ledgers, and `mutual` run
//! in-process or as the real binary (with the localnet as a subprocess).
#![allow(dead_code)] // each suite uses its own part

pub mod browser;
pub mod market;
pub mod session;

use mutual_sdk::{Keypair, Signer};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A command's JSON with every amount (`{"amount": "<base units>", "decimals", "uiAmountString"}`) read as its
/// base units, a number: the suites assert base units; `output_conventions` tests the shape itself.
pub fn as_base_units(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let is_amount = map.len() == 3
                && map.contains_key("decimals")
                && map.contains_key("uiAmountString");
            if let (true, Some(Value::String(units))) = (is_amount, map.get("amount")) {
                return units
                    .parse::<u64>()
                    .map(Value::from)
                    .unwrap_or(Value::String(units.clone()));
            }
            Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k, as_base_units(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(as_base_units).collect()),
        other => other,
    }
}

/// One raw HTTP POST (the client side of the test only; the server is jsonrpsee).
pub fn post(addr: SocketAddr, body: &str) -> serde_json::Value {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    // A frozen server fails the test instead of hanging it.
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    let request = format!(
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("write");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .unwrap_or_else(|e| panic!("no answer from {addr} ({e}): the server is stuck"));
    let json = response.split("\r\n\r\n").nth(1).expect("a body");
    serde_json::from_str(json).unwrap_or_else(|e| panic!("not JSON ({e}): {json}"))
}

pub fn rpc_call(addr: SocketAddr, method: &str, params: serde_json::Value) -> serde_json::Value {
    post(
        addr,
        &serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
            .to_string(),
    )
}

/// bincode, then base64: how a transaction or message goes over JSON-RPC.
pub fn base64_of(value: &impl serde::Serialize) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bincode::serialize(value).unwrap())
}

/// Writes `wallet` as a Solana keypair file (for `--keypair`) in a directory of this test process; returns
/// its path.
pub fn key_file(wallet: &Keypair, name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("mutual-localnet-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = dir.join("id.json");
    std::fs::write(
        &key,
        serde_json::to_string(&wallet.to_bytes().to_vec()).unwrap(),
    )
    .unwrap();
    key.to_str().unwrap().to_string()
}

/// A ledger directory of this test process, empty.
pub fn temp_ledger(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mutual-ledger-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// A port free now whose next port is free too: `mutual localnet --port P` serves PubSub on P + 1, and exits
/// if either is taken.
pub fn free_port() -> u16 {
    loop {
        let first = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = first.local_addr().unwrap().port();
        if port < u16::MAX && std::net::TcpListener::bind(("127.0.0.1", port + 1)).is_ok() {
            return port;
        }
    }
}

/// A subprocess that is killed when the test lets go of it, even when it panics.
pub struct Process(pub Child);

impl std::ops::Deref for Process {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for Process {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `mutual localnet` as a subprocess with `stdout` (and any extra flags), once its RPC answers.
pub fn spawn_localnet_with(port: u16, ledger: &Path, stdout: Stdio, extra: &[&str]) -> Process {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mutual"))
        .args(["localnet", "--port", &port.to_string(), "--ledger"])
        .arg(ledger)
        .args(extra)
        .stdout(stdout)
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn mutual localnet");
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    // Up to two minutes: a restart replays its ledger, and CI runs the suites in parallel on two cores.
    for _ in 0..2_400 {
        if std::net::TcpStream::connect(addr).is_ok() {
            return Process(child);
        }
        // A localnet that exited (a port taken since it was picked, a ledger it refused) will never answer.
        if let Ok(Some(status)) = child.try_wait() {
            panic!("mutual localnet on port {port} exited before it served: {status}");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("mutual localnet did not start on port {port}");
}

/// `mutual localnet` as a subprocess whose output is discarded.
pub fn spawn_localnet(port: u16, ledger: &Path) -> Process {
    spawn_localnet_with(port, ledger, Stdio::null(), &[])
}

/// The real binary against `url` as `key` (`--json -y`, no stdin): exit status, stdout, stderr.
pub fn mutual_bin_output(url: &str, key: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_mutual"))
        .args([
            "--url",
            url,
            "--keypair",
            key,
            "--json",
            "-y",
            "--base-units",
        ])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run mutual");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Runs the `mutual` binary against `url` as `key` (`--json -y`); returns its JSON output. A non-zero exit
/// fails the test with what the command printed.
pub fn mutual_bin(url: &str, key: &str, args: &[&str]) -> serde_json::Value {
    let (code, stdout, stderr) = mutual_bin_output(url, key, args);
    assert_eq!(code, Some(0), "mutual {args:?}: {stdout}{stderr}");
    as_base_units(
        serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("mutual {args:?}: not JSON ({e}): {stdout}")),
    )
}

/// The same for a command that must fail: its exit code and its error line.
pub fn mutual_bin_err(url: &str, key: &str, args: &[&str]) -> (i32, String) {
    let (code, stdout, stderr) = mutual_bin_output(url, key, args);
    let code = code.expect("an exit code");
    assert_ne!(code, 0, "mutual {args:?} succeeded: {stdout}");
    let error = stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("mutual {args:?}: no error line in {stderr}"));
    (code, error.to_string())
}

/// Runs `mutual --base-units <args>` in-process (the suites type base units); returns its JSON output.
pub fn cli(args: &[&str]) -> serde_json::Value {
    use clap::Parser;
    let cli = mutual_cli::Cli::try_parse_from(
        ["mutual", "--base-units"]
            .into_iter()
            .chain(args.iter().copied()),
    )
    .expect("parses");
    let mut out = Vec::new();
    mutual_cli::run(cli, &mut out, &mut "".as_bytes())
        .unwrap_or_else(|e| panic!("mutual {args:?} failed: {e}"));
    let text = String::from_utf8(out).expect("utf-8");
    as_base_units(serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}")))
}

/// Runs `mutual --url URL --keypair KEY --json -y <args>` in-process.
pub fn cli_as(url: &str, key: &str, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--url", url, "--keypair", key, "--json", "-y"];
    all.extend_from_slice(args);
    cli(&all)
}

/// The same, for a command that must fail; returns its error.
pub fn cli_err(url: &str, key: &str, args: &[&str]) -> mutual_cli::CliError {
    use clap::Parser;
    let mut all = vec![
        "mutual",
        "--url",
        url,
        "--keypair",
        key,
        "--json",
        "-y",
        "--base-units",
    ];
    all.extend_from_slice(args);
    let parsed = mutual_cli::Cli::try_parse_from(all).expect("parses");
    match mutual_cli::run(parsed, &mut Vec::new(), &mut "".as_bytes()) {
        Ok(()) => panic!("mutual {args:?} succeeded"),
        Err(e) => e,
    }
}

/// A wallet with `sol` SOL and `usdc` test USDC (6 decimals) from the localnet's faucet, and its keypair file.
pub fn funded_wallet(url: &str, name: &str, sol: u64, usdc: u64) -> (Keypair, String) {
    let wallet = Keypair::new();
    let key = key_file(&wallet, name);
    cli_as(
        url,
        &key,
        &[
            "localnet",
            "faucet",
            "--to",
            &wallet.pubkey().to_string(),
            "--sol",
            &(sol * mutual::constants::LAMPORTS_PER_SOL).to_string(),
            "--usdc",
            &(usdc * 1_000_000).to_string(),
        ],
    );
    (wallet, key)
}

/// An HTTP answer: the status, the headers (names lower-cased) and the body.
pub struct HttpAnswer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpAnswer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == &name.to_ascii_lowercase())
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// One raw HTTP/1.1 request (`Connection: close`), as a browser or a wallet sends it.
pub fn http(addr: SocketAddr, method: &str, path: &str, body: Option<&str>) -> HttpAnswer {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    let body = body.unwrap_or("");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("write");
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("no answer from {addr} ({e}): the server is stuck"));
    let raw = String::from_utf8(raw).expect("utf-8");
    let (head, body) = raw.split_once("\r\n\r\n").expect("a head and a body");
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    HttpAnswer {
        status,
        headers,
        body: body.to_string(),
    }
}

/// With `key` (a funded member's keypair file): buys 1,000 stake tokens, creates pool 0 listing product 0 at
/// weight 100 and 3% a year, and stakes 600 tokens in it for 7 tranches.
pub fn pool_behind_product_0(url: &str, key: &str) {
    cli_as(url, key, &["token", "buy", "--amount", "1010000000"]);
    cli_as(url, key, &["pool", "create"]);
    cli_as(
        url,
        key,
        &["pool", "set-products", "0", "--listing", "0:100:300"],
    );
    cli_as(
        url,
        key,
        &[
            "stake",
            "deposit",
            "--pool",
            "0",
            "--amount",
            "600000000000",
            "--lock",
            "7",
        ],
    );
}

/// With `key` (a funded member): buys 1,000 USDC of cover on product 0 for 73 days; returns the command's JSON.
pub fn cover_on_product_0(url: &str, key: &str) -> serde_json::Value {
    cli_as(
        url,
        key,
        &[
            "cover",
            "buy",
            "0",
            "--amount",
            "1000000000",
            "--days",
            "73",
        ],
    )
}

/// With `key` (the owner of cover 0/0): files a claim of 600 USDC with evidence `ipfs://lending-exploit`; returns
/// the command's JSON.
pub fn claim_600_on_cover_0_0(url: &str, key: &str) -> serde_json::Value {
    cli_as(
        url,
        key,
        &[
            "claim",
            "submit",
            "--cover",
            "0/0",
            "--amount",
            "600000000",
            "--evidence-uri",
            "ipfs://lending-exploit",
        ],
    )
}
