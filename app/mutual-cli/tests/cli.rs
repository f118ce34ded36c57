//! The CLI end to end: commands run in-process on `--url embedded`, and the `mutual` binary itself for the demo.
use clap::Parser;
use mutual_cli::chain::Session;
use mutual_cli::commands::run_in;
use mutual_cli::{run, Cli, CliError};
use serde_json::Value;

/// Runs `mutual <args>` in-process; returns stdout.
fn mutual(args: &[&str], stdin: &str) -> Result<String, CliError> {
    let cli = Cli::try_parse_from(std::iter::once("mutual").chain(args.iter().copied()))
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let mut out = Vec::new();
    let mut input = stdin.as_bytes();
    run(cli, &mut out, &mut input)?;
    Ok(String::from_utf8(out).expect("utf-8 output"))
}

fn json(args: &[&str]) -> Value {
    let out = mutual(args, "").unwrap_or_else(|e| panic!("mutual {args:?} failed: {e}"));
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

const NO_KEY: &str = "/nonexistent/key.json";

#[test]
fn config_show_reports_the_bootstrapped_defaults_as_json() {
    let v = json(&[
        "--url",
        "embedded",
        "--keypair",
        NO_KEY,
        "--json",
        "config",
        "show",
    ]);
    assert_eq!(v["join_fee"], 2_000_000);
    assert_eq!(v["token_buffer_bps"], 100);
    assert_eq!(v["mcr_ratio_bps"], 48_000);
    assert_eq!(v["min_mcr"], 1_000_000_000u64);
    assert_eq!(v["initial_book_value"], 1_000_000);
    assert_eq!(v["capital"], 0);
    assert_eq!(v["stake_supply"], 0);
    assert_eq!(v["book_value"], 1_000_000);
    assert_eq!(v["paused_areas"], 0);
}

#[test]
fn member_join_with_yes_joins_and_reports() {
    let v = json(&[
        "--url",
        "embedded",
        "--keypair",
        NO_KEY,
        "--json",
        "-y",
        "member",
        "join",
    ]);
    assert_eq!(v["join_fee"], 2_000_000);
    let wallet: mutual_sdk::Pubkey = v["wallet"].as_str().unwrap().parse().unwrap();
    assert_eq!(v["member"], mutual_sdk::pda::member(&wallet).0.to_string());
    assert_eq!(
        v["stake_account"],
        mutual_sdk::pda::stake_account(&wallet).to_string()
    );
}

#[test]
fn declining_the_prompt_signs_nothing_and_exits_3() {
    let err = mutual(
        &["--url", "embedded", "--keypair", NO_KEY, "member", "join"],
        "n\n",
    )
    .unwrap_err();
    assert!(matches!(err, CliError::Aborted));
    assert_eq!(err.exit_code(), 3);
}

#[test]
fn dry_run_simulates_without_a_prompt() {
    let v = json(&[
        "--url",
        "embedded",
        "--keypair",
        NO_KEY,
        "--json",
        "--dry-run",
        "member",
        "join",
    ]);
    assert_eq!(v["join_fee"], 2_000_000);
}

#[test]
fn a_non_member_cannot_buy_and_the_error_is_named() {
    let err = mutual(
        &[
            "--url",
            "embedded",
            "--keypair",
            NO_KEY,
            "-y",
            "token",
            "buy",
            "--amount",
            "1000000",
        ],
        "",
    )
    .unwrap_err();
    assert_eq!(err.exit_code(), 1);
    assert!(
        err.to_string()
            .starts_with("not a member: run `mutual member join` first ("),
        "{err}"
    );
}

/// A fresh embedded session (one chain) with `--json -y`, for running several commands on it.
fn embedded_session() -> Session {
    let opts = Cli::try_parse_from([
        "mutual",
        "--url",
        "embedded",
        "--keypair",
        NO_KEY,
        "--json",
        "-y",
        "config",
        "show",
    ])
    .expect("parses")
    .global;
    Session::open(opts).expect("embedded session")
}

/// Parses and runs one command in `session`.
fn run_command(session: &Session, args: &[&str]) -> Result<Vec<u8>, CliError> {
    let cli =
        Cli::try_parse_from(std::iter::once("mutual").chain(args.iter().copied())).expect("parses");
    let mut out = Vec::new();
    run_in(session, cli.command, &mut out, &mut "".as_bytes())?;
    Ok(out)
}

/// Runs several commands on one embedded session (one chain), returning each command's JSON.
fn session_json(commands: &[&[&str]]) -> Vec<Value> {
    let session = embedded_session();
    commands
        .iter()
        .map(|args| {
            let out = run_command(&session, args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
            serde_json::from_slice(&out).expect("JSON")
        })
        .collect()
}

#[test]
fn join_buy_sell_show_through_the_cli_with_exact_amounts() {
    let out = session_json(&[
        &["member", "join"],
        &["token", "buy", "--amount", "2020000000"],
        &["token", "sell", "--amount", "50000000000"],
        &["member", "show"],
        &["config", "show"],
    ]);
    assert_eq!(out[1]["base_in"], 2_020_000_000u64);
    assert_eq!(out[1]["stake_out"], 2_000_000_000_000u64);
    // BV 1.01: 50 MUT pay 50.5 USDC less 1%.
    assert_eq!(out[2]["base_out"], 49_995_000);
    assert_eq!(out[3]["is_member"], true);
    assert_eq!(out[3]["stake_balance"], 1_950_000_000_000u64);
    assert_eq!(out[4]["capital"], 2_020_000_000u64 - 49_995_000);
    assert_eq!(out[4]["stake_supply"], 1_950_000_000_000u64);
}

#[test]
fn a_foreign_program_id_is_a_usage_error() {
    let err = mutual(
        &[
            "--url",
            "embedded",
            "--program-id",
            "11111111111111111111111111111111",
            "config",
            "show",
        ],
        "",
    )
    .unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err
        .to_string()
        .contains("this build of the CLI speaks to program"));
}

#[test]
fn the_demo_binary_tells_the_whole_story() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_mutual"))
        .arg("demo")
        .env("RUST_LOG", "error")
        .output()
        .expect("mutual demo runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "1. Bootstrap",
        "Alice pays 2020.000000 USDC and receives 2000.000000000 MUT",
        "Bob pays 505.000000 USDC and receives 495.049504950 MUT",
        "refused (Token-2022: account is frozen)",
        "refused, BelowMcr: The sale would take capital below the minimum capital requirement",
        "Bob left",
        "executing it at once is refused (TimelockNotElapsed)",
        "into the wSOL vault: worth 0.599400 USDC",
        "MCR ratio 1.52x",
        "Done:",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

/// Port 9 on loopback (discard) has no JSON-RPC server: a command gets as far as the network.
const NO_NODE: &str = "http://127.0.0.1:9";

#[test]
fn read_only_commands_need_no_keypair_file() {
    // config show reaches the network (and fails there), never asking for the missing keypair.
    let err = mutual(
        &["--url", NO_NODE, "--keypair", NO_KEY, "config", "show"],
        "",
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("transport: "), "{err}");
    let wallet = mutual_sdk::Pubkey::new_unique().to_string();
    let err = mutual(
        &[
            "--url",
            NO_NODE,
            "--keypair",
            NO_KEY,
            "member",
            "show",
            &wallet,
        ],
        "",
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("transport: "), "{err}");
    // A command that signs names the keypair it could not load.
    let err = mutual(
        &["--url", NO_NODE, "--keypair", NO_KEY, "member", "show"],
        "",
    )
    .unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(
        err.to_string().starts_with(&format!("keypair {NO_KEY}: ")),
        "{err}"
    );
}

#[test]
fn refusals_print_as_name_code_and_message_before_any_review() {
    // An amount near u64::MAX, zero, and a sale by a member holding nothing: the quote refuses each with the
    // program's own error, by name, before anything is signed.
    let session = embedded_session();
    run_command(&session, &["member", "join"]).expect("joins");
    let cases: [(&[&str], &str); 3] = [
        (
            &["token", "buy", "--amount", "18446744073709551615"],
            "MathOverflow (6000): ",
        ),
        (&["token", "buy", "--amount", "0"], "ZeroAmount (6035): "),
        (
            &["token", "sell", "--amount", "1"],
            "InsufficientBalance (6045): ",
        ),
    ];
    for (command, expected) in cases {
        let err = run_command(&session, command).unwrap_err();
        assert_eq!(err.exit_code(), 1, "{command:?}: {err}");
        assert!(err.to_string().starts_with(expected), "{command:?}: {err}");
    }
}

#[test]
fn products_risk_pools_and_stakes_from_the_cli() {
    let dir = std::env::temp_dir().join(format!("mutual-cli-risk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let signals = dir.join("signals.json");
    std::fs::write(
        &signals,
        r#"{"audits":[{"auditor":"Zellic","date":1700000000,"critical_open":1}],
            "permissions":{"upgradeable":true,"upgrade_authority":"key"},
            "intent":{"promises_immutable":true}}"#,
    )
    .unwrap();
    let signals = signals.to_str().unwrap().to_string();
    let out = session_json(&[
        &[
            "product",
            "create",
            "--name",
            "Lending",
            "--wording-uri",
            "ipfs://w",
        ],
        &["product", "show", "0"],
        &["risk", "update", "0", "--file", &signals],
        &["risk", "show", "0"],
        &["member", "join"],
        &["token", "buy", "--amount", "101000000"],
        &["pool", "create", "--fee-bps", "500"],
        &["pool", "set-products", "0", "--listing", "0:50:300"],
        &[
            "stake",
            "deposit",
            "--pool",
            "0",
            "--amount",
            "40000000000",
            "--lock",
            "7",
        ],
        &["pool", "show", "0", "--period-days", "28"],
        &["stake", "list"],
        &["product", "list"],
        &["pool", "list"],
    ]);
    assert_eq!(out[0]["id"], 0);
    assert_eq!(out[1]["name"], "Lending");
    assert_eq!(out[1]["initial_price_bps"], 200);
    // No signals yet: no audit scores the full 30.
    assert_eq!(out[1]["risk_score"], 30);
    // audits 5 + 10 (+5 stale: the audit date is in 2023) = 20; permissions 12; broken promise 10.
    assert_eq!(out[2]["risk_score"], 20 + 12 + 10);
    assert_eq!(out[3]["risk_score"], 42);
    assert_eq!(out[3]["audits"][0]["critical_open"], 1);
    assert_eq!(out[7]["total_weight"], 50);
    assert_eq!(out[8]["stake_shares"], "40000000000");
    // 40 tokens active for a 28-day cover: 40 · 2x · 50/100 = 40 tokens of capacity.
    assert_eq!(out[9]["listings"][0]["free_capacity"], 40_000_000_000u64);
    assert_eq!(out[9]["active_stake"], 40_000_000_000u64);
    assert_eq!(out[10]["positions"][0]["stake"], 40_000_000_000u64);
    assert_eq!(out[11]["products"][0]["risk_score"], 42);
    assert_eq!(out[12]["pools"][0]["fee_bps"], 500);
}

#[test]
fn token_buy_reads_in_two_round_trips() {
    let session = embedded_session();
    run_command(&session, &["member", "join"]).expect("join");
    let mutual_cli::chain::Chain::Embedded(chain) = &session.chain else {
        panic!("an embedded session");
    };
    let before = chain.reads();
    run_command(&session, &["token", "buy", "--amount", "101000000"]).expect("buy");
    // config, snapshot, stake mint, member and stake account; then the base asset, its vault and its mint.
    assert_eq!(chain.reads() - before, 2);
}

/// Account reads (getAccountInfo / getMultipleAccounts round trips over RPC) of each command after `setup`.
fn reads_of(setup: &[&[&str]], commands: &[&[&str]]) -> Vec<u64> {
    let session = embedded_session();
    for args in setup {
        run_command(&session, args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
    }
    let mutual_cli::chain::Chain::Embedded(chain) = &session.chain else {
        panic!("an embedded session");
    };
    commands
        .iter()
        .map(|args| {
            let before = chain.reads();
            run_command(&session, args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
            chain.reads() - before
        })
        .collect()
}

#[test]
fn staking_commands_batch_their_reads() {
    let reads = reads_of(
        &[
            &["member", "join"],
            &["token", "buy", "--amount", "101000000"],
            &["pool", "create"],
            &["pool", "create"],
        ],
        &[
            &["stake", "deposit", "--pool", "0", "--amount", "10000000000"],
            &["stake", "deposit", "--pool", "1", "--amount", "10000000000"],
            &["stake", "list"],
            &["member", "show"],
        ],
    );
    // deposit: the pool with the clock, then the new position; list: the positions, then both pools at once;
    // show: the member record with the stake account.
    assert_eq!(reads, vec![2, 2, 2, 1]);
}

/// A product (0) backed by one pool (0) at weight 100 and a 3% target, with 1,000 tokens staked for 8 tranches.
const COVER_MARKET: &[&[&str]] = &[
    &[
        "product",
        "create",
        "--name",
        "Lending",
        "--wording-uri",
        "ipfs://w",
    ],
    &["member", "join"],
    &["token", "buy", "--amount", "2020000000"],
    &["pool", "create"],
    &["pool", "set-products", "0", "--listing", "0:100:300"],
    &[
        "stake",
        "deposit",
        "--pool",
        "0",
        "--amount",
        "1000000000000",
        "--lock",
        "7",
    ],
];

#[test]
fn cover_quote_buy_show_auto_renew_and_expire_through_the_cli() {
    let session = embedded_session();
    for args in COVER_MARKET {
        run_command(&session, args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
    }
    let run = |args: &[&str]| -> Value {
        let out = run_command(&session, args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        serde_json::from_slice(&out).expect("JSON")
    };
    let mutual_cli::chain::Chain::Embedded(chain) = &session.chain else {
        panic!("an embedded session");
    };
    // 1,000 USDC for 73 days at 3%: 6 USDC, all from pool 0
    let quote = run(&[
        "cover",
        "quote",
        "0",
        "--amount",
        "1000000000",
        "--days",
        "73",
    ]);
    assert_eq!(quote["premium"], 6_000_000);
    assert_eq!(quote["pools"][0]["pool"], 0);
    assert_eq!(quote["pools"][0]["price"], 300);
    // No risk signals yet: score 30, so 20% + 80% · 30% = 44% of the exposure, priced the same way
    let advice = run(&["quote", "0", "--exposure", "1000000000", "--days", "73"]);
    assert_eq!(advice["risk_score"], 30);
    assert_eq!(advice["amount"], 440_000_000);
    assert_eq!(advice["premium"], 2_640_000);
    let bought = run(&[
        "cover",
        "buy",
        "0",
        "--amount",
        "1000000000",
        "--days",
        "73",
    ]);
    assert_eq!(
        (bought["premium"].clone(), bought["seq"].clone()),
        (6_000_000.into(), 0.into())
    );
    let shown = run(&["cover", "show", "0", "0"]);
    assert_eq!(shown["amount"], 1_000_000_000u64);
    assert_eq!(shown["active"], true);
    assert_eq!(run(&["cover", "list"])["count"], 1);
    run(&["cover", "auto-renew", "0", "0", "--max-premium", "10000000"]);
    assert_eq!(
        run(&["cover", "show", "0", "0"])["auto_renew_max"],
        10_000_000
    );
    let end = shown["end"].as_i64().unwrap();
    chain.warp_days(70).unwrap();
    run(&["cover", "auto-renew", "0", "0", "--crank"]);
    let renewed = run(&["cover", "show", "0", "0"]);
    assert_eq!(renewed["start"], end);
    assert_eq!(renewed["end"], end + 73 * 86_400);
    chain.warp_days(3 + 73 + 30).unwrap();
    let expired = run(&["cover", "expire", "0", "0"]);
    assert_eq!(expired["closed"], true);
    assert_eq!(run(&["cover", "list"])["count"], 0);
}

#[test]
fn cover_buy_by_a_non_member_says_how_to_join() {
    let session = embedded_session();
    let err = run_command(&session, &["cover", "buy", "0", "--amount", "1"]).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("not a member: run `mutual member join`"),
        "{err}"
    );
    for args in COVER_MARKET {
        run_command(&session, args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
    }
    let err = run_command(&session, &["cover", "quote", "0", "--amount", "0"]).unwrap_err();
    assert!(err.to_string().starts_with("ZeroAmount (6035)"), "{err}");
}
