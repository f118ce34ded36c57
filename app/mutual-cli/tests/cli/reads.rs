//! Reads: products, risk, pools and stakes from the CLI, and the round trips a command takes.
use crate::support::session::*;

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
        CREATE_LENDING,
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
    // audits 5 + 25 for the open critical (+5 stale: the audit date is in 2023), capped at 30; permissions 12;
    // broken promise 10.
    assert_eq!(out[2]["risk_score"], 30 + 12 + 10);
    assert_eq!(out[3]["risk_score"], 52);
    assert_eq!(out[3]["audits"][0]["critical_open"], 1);
    assert_eq!(out[7]["total_weight"], 50);
    assert_eq!(out[8]["stake_shares"], "40000000000");
    // 40 tokens active for a 28-day cover: 40 · 2x · 50/100 = 40 tokens of capacity.
    assert_eq!(out[9]["listings"][0]["free_capacity"], 40_000_000_000u64);
    assert_eq!(out[9]["active_stake"], 40_000_000_000u64);
    assert_eq!(out[10]["positions"][0]["stake"], 40_000_000_000u64);
    assert_eq!(out[11]["products"][0]["risk_score"], 52);
    assert_eq!(out[12]["pools"][0]["fee_bps"], 500);
}

#[test]
fn token_buy_reads_in_two_round_trips() {
    let session = embedded_session();
    run_command(&session, &["member", "join"]).expect("join");
    let mutual_cli::chain::Endpoint::Embedded(chain) = &session.chain.endpoint else {
        panic!("an embedded session");
    };
    let before = chain.reads();
    run_command(&session, &["token", "buy", "--amount", "101000000"]).expect("buy");
    // the registered assets (getProgramAccounts); then config, snapshot, stake mint, clock, every vault, the
    // member and the stake account (getMultipleAccounts).
    assert_eq!(chain.reads() - before, 2);
}

/// Account reads (getAccountInfo / getMultipleAccounts round trips over RPC) of each command after `setup`.
fn reads_of(setup: &[&[&str]], commands: &[&[&str]]) -> Vec<u64> {
    let session = embedded_session();
    for args in setup {
        run_command(&session, args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
    }
    let mutual_cli::chain::Endpoint::Embedded(chain) = &session.chain.endpoint else {
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
    // deposit: the member, the stake account, the pool and the clock at once (`fetch::staker_with_pool`), then
    // the new position; list: the positions, then both pools at once; show: the member with the stake account.
    assert_eq!(reads, vec![2, 2, 2, 1]);
}
