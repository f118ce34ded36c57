//! Wallet libraries against the localnet: a dApp on @solana/web3.js 1.x and one on @solana/kit (version-0
//! transactions by default) run every check of `tests/clients/*.mjs` (sends and confirmations, lookup tables,
//! getTransaction and getBlock in each encoding, simulations, fees, subscriptions, CORS, a dropped transaction
//! expiring) and must pass without special cases. Node.js runs them; their packages are installed from
//! `package-lock.json` on first use.
use mutual_cli::localnet::Localnet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// One `npm ci` at a time: the two tests share `node_modules`.
static INSTALL: Mutex<()> = Mutex::new(());

fn clients() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients")
}

/// Installs the pinned packages when `node_modules` is missing (a fresh clone), as `npm ci` does in CI.
fn installed() -> PathBuf {
    let dir = clients();
    let _one = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    if !dir.join("node_modules/@solana/web3.js").exists()
        || !dir.join("node_modules/@solana/kit").exists()
    {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .status()
            .expect("npm runs (Node.js and npm are needed for the wallet-library tests)");
        assert!(status.success(), "npm ci in {} failed", dir.display());
    }
    dir
}

/// Runs `script` against a new localnet (its clock following the wall clock, as a validator's); returns what it
/// printed when every check passed, and fails with the failed checks otherwise.
fn run(script: &str) -> serde_json::Value {
    let dir = installed();
    let localnet = Localnet::start(0).expect("localnet starts");
    let output = Command::new("node")
        .arg(script)
        .arg(localnet.url())
        .arg(localnet.ws_url())
        .current_dir(&dir)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "{script} printed no report ({e}): {stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    // Each failed check with the error its script recorded (name, message, code, logs).
    let failed: Vec<String> = report["checks"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, check)| check["ok"] != true)
        .map(|(name, check)| format!("{name}: {}", check["error"]))
        .collect();
    assert!(
        output.status.success() && report["ok"] == true,
        "{script}: failed checks {}\n{}\n{}",
        report["failed"],
        failed.join("\n"),
        String::from_utf8_lossy(&output.stderr)
    );
    report
}

#[test]
fn a_web3_js_1_x_dapp_passes_every_check() {
    let report = run("web3.mjs");
    let checks = report["checks"].as_object().unwrap();
    assert!(checks.len() >= 40, "{} checks", checks.len());
    for name in [
        "sendAndConfirmTransaction(legacy transfer)",
        "v0 transfer via the table (sendTransaction + confirm)",
        "getParsedTransaction meta.innerInstructions (CPI)",
        "browser CORS (preflight and POST from a dApp page)",
        "a dropped transaction expires (TransactionExpiredBlockheightExceededError)",
    ] {
        assert_eq!(checks[name]["ok"], true, "{name}: {}", checks[name]);
    }
}

#[test]
fn a_kit_dapp_with_version_0_transactions_passes_every_check() {
    let report = run("kit.mjs");
    let checks = report["checks"].as_object().unwrap();
    assert!(checks.len() >= 40, "{} checks", checks.len());
    assert_eq!(
        checks["a dropped transaction expires (BLOCK_HEIGHT_EXCEEDED)"]["ok"],
        true
    );
}
