//! The CLI end to end: commands run in-process on `--url embedded`, and the `mutual` binary itself for the demo.
use mutual::constants::{DAY, STAKE_UNIT};
use mutual_cli::chain::Session;
use mutual_cli::CliError;
use serde_json::Value;

mod support;
use support::as_base_units;
use support::session::*;

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
        "Erin files a claim",
        "claim_submit: 1800.000000 USDC of her 2500.000000 USDC cover",
        "refused (ZeroVoteWeight: No assessor stake from before this poll started",
        "accept 700.000000000 MUT / deny 150.000000000 MUT",
        "(silent ending)",
        "the claim is booked as a pending payout of 1800.000000 USDC: a sale now sees",
        "Erin tries to redeem at once: refused (ClaimNotDecided",
        "claim_redeem_payout pays 1800.000000 USDC from the capital pool",
        "pool 0 (Alice's) burns ",
        "pool 1 (Dave's) burns ",
        "pending payouts 1800.000000 USDC -> 0.000000 USDC",
        "Frank receives ",
        "Done:",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // The five sample products with their risk scores, read through product_risk, in id order
    let lines: Vec<&str> = text.lines().collect();
    let after = |header: &str, count: usize| -> Vec<&str> {
        let at = lines
            .iter()
            .position(|l| l.contains(header))
            .unwrap_or_else(|| panic!("missing {header:?} in:\n{text}"));
        lines[at + 1..at + 1 + count].to_vec()
    };
    assert_eq!(
        after("The authority lists five products, one per risk class", 6),
        [
            "   id  product               class                price/yr  risk score (product_risk)",
            "   0   Lending Protocol      smart-contract        2.00%     14 / 100  (0 open critical, 0 incidents, 0 broken-promise points)",
            "   1   Perp DEX Oracle       oracle                3.50%     24 / 100  (0 open critical, 1 incidents, 0 broken-promise points)",
            "   2   Custodial Exchange    platform-insolvency   5.00%     72 / 100  (0 open critical, 1 incidents, 10 broken-promise points)",
            "   3   Yield Vault Reports   transparency          3.00%     48 / 100  (1 open critical, 0 incidents, 8 broken-promise points)",
            "   4   DAO Treasury          governance            2.50%      5 / 100  (0 open critical, 0 incidents, 0 broken-promise points)",
        ]
    );
    // The two pools and their listings (product, weight)
    for expected in [
        "Alice opens pool 0 (10% fee) and lists products [(0, 100), (1, 60), (4, 80)]",
        "Dave opens pool 1 (10% fee) and lists products [(0, 50), (1, 50), (2, 100), (3, 70), (4, 50)]",
        "Alice stakes 900.000000000 MUT in pool 0",
        "Dave stakes 1000.000000000 MUT in pool 1",
        "Alice stakes 100.000000000 MUT in pool 1",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // A year's capacity per product and pool: stake x 2 x (1 - reduction) x weight; the Lending Protocol (no
    // reduction) has 900 x 2 x 100% in pool 0 and 1,100 x 2 x 50% in pool 1
    assert_eq!(
        after("Capacity per product for a one-year cover", 5),
        [
            "   Lending Protocol      2900.000000000 MUT in all   (pool 0: 1800.000000000 MUT, pool 1: 1100.000000000 MUT)",
            "   Perp DEX Oracle       1962.000000000 MUT in all   (pool 0: 972.000000000 MUT, pool 1: 990.000000000 MUT)",
            "   Custodial Exchange    1760.000000000 MUT in all   (pool 1: 1760.000000000 MUT)",
            "   Yield Vault Reports   1463.000000000 MUT in all   (pool 1: 1463.000000000 MUT)",
            "   DAO Treasury          2540.000000000 MUT in all   (pool 0: 1440.000000000 MUT, pool 1: 1100.000000000 MUT)",
        ]
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

/// A pool left alone for four years: `pool process` sends one crank per 40 boundaries until nothing is left,
/// and a payout or deposit can follow; a second run sends none.
#[test]
fn pool_process_cranks_an_idle_pool_until_it_is_caught_up() {
    use mutual::math::periods::{bucket_end, tranche_end};
    use mutual_sdk::Transport;
    let session = embedded_session();
    for args in COVER_MARKET {
        ok_json(&session, args);
    }
    let chain = chain_of(&session);
    chain.warp_days(4 * 365).unwrap();
    let before = mutual_sdk::fetch::pool(chain, 0).unwrap();
    let now = chain.unix_timestamp().unwrap();
    // Each distinct boundary is one step: a bucket end and a tranche end at the same moment are crossed together.
    let boundaries: std::collections::BTreeSet<i64> = (before.next_bucket..)
        .map(bucket_end)
        .take_while(|end| *end <= now)
        .chain(
            (before.first_active_tranche..)
                .map(tranche_end)
                .take_while(|end| *end <= now),
        )
        .collect();
    let steps = boundaries.len() as u64;

    let processed = ok_json(&session, &["pool", "process", "0"]);

    assert_eq!(processed["caught_up"], true);
    assert_eq!(processed["steps"], steps);
    assert_eq!(processed["cranks"], steps.div_ceil(40));
    assert!(steps > 40, "{steps} steps need more than one crank");
    // the 1,000 tokens' tranche (7 beyond the first) has expired: nothing is active any more
    assert_eq!(processed["active_stake"], 0);
    let pool = mutual_sdk::fetch::pool(chain, 0).unwrap();
    assert!(mutual_sdk::staking::is_processed(&pool, now));
    assert_eq!(processed["first_active_tranche"], pool.first_active_tranche);
    let again = ok_json(&session, &["pool", "process", "0"]);
    assert_eq!(
        (again["cranks"].clone(), again["steps"].clone()),
        (0.into(), 0.into())
    );
}

#[test]
fn cover_quote_buy_show_auto_renew_and_expire_through_the_cli() {
    let session = embedded_session();
    for args in COVER_MARKET {
        run_command(&session, args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
    }
    let run = |args: &[&str]| -> Value {
        let out = run_command(&session, args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        as_base_units(serde_json::from_slice(&out).expect("JSON"))
    };
    let mutual_cli::chain::Endpoint::Embedded(chain) = &session.chain.endpoint else {
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
    assert_eq!(renewed["end"], end + 73 * DAY);
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

// ---- claims, votes, assessors and rewards ----

/// reward = min(50 tokens, stake · 1.3% · period / 365 d) with stake = amount / bv, both rounded down.
fn reward_of(amount: u64, bv: u64, days: u64) -> u64 {
    let stake = u128::from(amount) * u128::from(STAKE_UNIT) / u128::from(bv);
    let reward = stake * 130 * u128::from(days) / (10_000 * 365);
    u64::try_from(reward.min(50_000_000_000)).unwrap()
}

/// The stake a payout burns from a cover's only pool: the amount in stake at bv, halved by the capacity ratio of
/// 2, both rounded up.
fn burn_of(amount: u64, bv: u64) -> u64 {
    let stake = (u128::from(amount) * u128::from(STAKE_UNIT)).div_ceil(u128::from(bv));
    u64::try_from(stake.div_ceil(2)).unwrap()
}

/// 1,000 USDC of cover for 73 days on product 0, and 600 USDC claimed on it.
const COVER_AMOUNT: &str = "1000000000";
const CLAIMED: u64 = 600_000_000;
const BUY_COVER: &[&str] = &[
    "cover",
    "buy",
    "0",
    "--amount",
    COVER_AMOUNT,
    "--days",
    "73",
];
const SUBMIT_CLAIM: &[&str] = &[
    "claim",
    "submit",
    "--cover",
    "0/0",
    "--amount",
    "600000000",
    "--evidence-uri",
    "ipfs://exploit-report",
];

#[test]
fn a_claim_is_filed_voted_paid_out_with_its_burn_and_rewarded_through_the_cli() {
    use mutual::errors::MutualError;
    use mutual_sdk::{ix, Signer, Transport};
    // Arrange: the cover market; Carol stakes 300 tokens as an assessor through the CLI, Bob 100 through the
    // SDK; then the signer, the claimant, buys a cover
    let mut session = embedded_session();
    for args in COVER_MARKET {
        ok_json(&session, args);
    }
    let claimant = session.signer().unwrap().insecure_clone();
    let carol = sdk_member(&session, 606_000_000);
    let staked = ok_json_as(
        &mut session,
        &carol,
        &claimant,
        &["assessor", "stake", "--amount", "300000000000"],
    );
    let bob = sdk_assessor(&session, 202_000_000, 100_000_000_000);
    // The claimant is an assessor too, with 1 token staked before the claim
    ok_json(&session, &["assessor", "stake", "--amount", "1000000000"]);
    ok_json(&session, BUY_COVER);
    chain_of(&session).warp_seconds(60).unwrap();
    // The capital snapshot's book value: the one claims are valued at.
    let bv = mutual_sdk::fetch::capital_snapshot(chain_of(&session))
        .unwrap()
        .book_value;
    let me = session.signer().unwrap().pubkey();
    let usdc = session.deployment().unwrap().base_account(&me);
    let usdc_before = mutual_sdk::fetch::token_balance(chain_of(&session), &usdc).unwrap();

    // Act + Assert: the claim holds the minimum deposit and a reward for 600 USDC over 73 days
    let filed = ok_json(&session, SUBMIT_CLAIM);
    let claim = filed["claim"].as_str().unwrap().to_string();
    let reward = reward_of(CLAIMED, bv, 73);
    assert_eq!(staked["stake"], 300_000_000_000u64);
    assert_eq!(filed["deposit"], 50_000_000);
    assert_eq!(filed["reward"], reward);
    assert_eq!(filed["voting"], "open");
    let cover = mutual_sdk::cover::cover_address(0, 0);
    assert_eq!(filed["cover"], cover.to_string());
    assert_eq!(claim, mutual_sdk::pda::claim(&cover, 0).0.to_string());
    assert_eq!(
        filed["evidence_hash"],
        mutual_cli::output::hex(&solana_sha256(b"ipfs://exploit-report"))
    );

    // Before a vote: the poll ends at the 7-day limit unless someone votes; a member sees it in the open list
    let shown = ok_json(&session, &["claim", "show", &claim]);
    assert_eq!(
        (
            shown["phase"].clone(),
            shown["time_left"].clone(),
            shown["outcome"].clone()
        ),
        ("voting".into(), (7 * DAY).into(), "no votes yet".into())
    );
    assert_eq!(shown["tally"], serde_json::json!({"accept": 0, "deny": 0}));
    assert_eq!(shown["wording_uri"], "ipfs://w");
    let open = ok_json(&session, &["claim", "list", "--open"]);
    assert_eq!(open["count"], 1);
    assert_eq!(open["claims"][0]["claim"], claim);
    assert_eq!(open["claims"][0]["evidence"], "ipfs://exploit-report");
    assert_eq!(open["claims"][0]["wording"], "ipfs://w");
    assert_eq!(ok_json(&session, &["claim", "list", "--mine"])["count"], 1);

    // The claimant can't vote on their own claim
    let err = run_command(&session, &["vote", "accept", &claim]).unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::ClaimantCannotVote));

    // Carol's first vote must accept; it starts 3 days of voting; a second vote by her is refused
    session.set_signer(carol.insecure_clone());
    let err = run_command(&session, &["vote", "deny", &claim]).unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::FirstVoteMustAccept));
    let voted = ok_json(&session, &["vote", "accept", &claim]);
    assert_eq!(voted["weight"], 300_000_000_000u64);
    assert_eq!(voted["accept"], 300_000_000_000u64);
    assert_eq!(voted["ends_in"], 3 * DAY);
    let err = run_command(&session, &["vote", "accept", &claim]).unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::AlreadyInitialized));
    let claim_key: mutual_sdk::Pubkey = claim.parse().unwrap();
    chain_of(&session)
        .send(
            &[ix::claim_vote(&bob.pubkey(), &claim_key, false)],
            &bob,
            &[],
        )
        .unwrap();
    let shown = ok_json(&session, &["claim", "show", &claim]);
    assert_eq!(
        shown["tally"],
        serde_json::json!({"accept": 300_000_000_000u64, "deny": 100_000_000_000u64})
    );
    assert_eq!(shown["outcome"], "accept leads");
    assert_eq!(shown["voters"], 2);

    // No payout while voting or in the cooldown; an assessor who voted can't unstake for 14 days
    session.set_signer(claimant.insecure_clone());
    let not_yet = refusal(MutualError::ClaimNotDecided);
    let err = run_command(&session, &["claim", "redeem", &claim]).unwrap_err();
    assert_eq!(err.to_string(), not_yet);
    chain_of(&session).warp_days(3).unwrap();
    assert_eq!(
        ok_json(&session, &["claim", "show", &claim])["phase"],
        "cooldown"
    );
    let err = run_command(&session, &["claim", "redeem", &claim]).unwrap_err();
    assert_eq!(err.to_string(), not_yet);
    session.set_signer(carol.insecure_clone());
    let err = run_command(&session, &["assessor", "unstake", "--amount", "1"]).unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::AssessorStakeLocked));
    let err = run_command(&session, &["rewards", "claim", &claim]).unwrap_err();
    assert_eq!(err.to_string(), not_yet);
    chain_of(&session).warp_days(1).unwrap();

    // The payout: 600 USDC to the claimant's account, the deposit back, the pool's stake burnt
    session.set_signer(claimant.insecure_clone());
    let lamports_before = mutual_sdk::fetch::lamports(chain_of(&session), &me).unwrap();
    let paid = ok_json(&session, &["claim", "redeem", &claim]);
    let burn = burn_of(CLAIMED, bv);
    assert_eq!(paid["amount"], CLAIMED);
    assert_eq!(paid["to"], usdc.to_string());
    assert_eq!(paid["deposit"], 50_000_000);
    assert_eq!(paid["burns"][0]["pool"], 0);
    assert_eq!(paid["burns"][0]["burnt"], burn);
    assert_eq!(paid["burns"][0]["stake_before"], 1_000_000_000_000u64);
    assert_eq!(paid["burns"][0]["stake_after"], 1_000_000_000_000u64 - burn);
    assert_eq!(
        mutual_sdk::fetch::token_balance(chain_of(&session), &usdc).unwrap(),
        usdc_before + CLAIMED
    );
    assert_eq!(
        mutual_sdk::fetch::lamports(chain_of(&session), &me).unwrap(),
        lamports_before + 50_000_000 - 5_000
    );
    let shown = ok_json(&session, &["claim", "show", &claim]);
    assert_eq!(
        (shown["status"].clone(), shown["outcome"].clone()),
        ("paid".into(), "paid".into())
    );
    assert_eq!(ok_json(&session, &["claim", "list", "--open"])["count"], 0);

    // Rewards: 3/4 of the reward to Carol, 1/4 to Bob (who voted the other way), each rounded down
    session.set_signer(carol.insecure_clone());
    let stake_before = ok_json(&session, &["member", "show"])["stake_balance"]
        .as_u64()
        .unwrap();
    let mine = ok_json(&session, &["rewards", "claim", &claim]);
    assert_eq!(mine["reward"], reward * 3 / 4);
    assert_eq!(
        ok_json(&session, &["member", "show"])["stake_balance"],
        stake_before + reward * 3 / 4
    );
    let receipt = chain_of(&session)
        .send(
            &[ix::vote_reward_claim(&bob.pubkey(), &claim_key)],
            &bob,
            &[],
        )
        .unwrap();
    assert!(matches!(
        receipt.events.as_slice(),
        [mutual_sdk::MutualEvent::VoteRewardClaimEvent(e)] if e.reward == reward / 4
    ));
    let err = run_command(&session, &["rewards", "claim", &claim]).unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("no vote by {} on claim {claim}", carol.pubkey())),
        "{err}"
    );
    // 14 days after the vote the assessor stake unlocks
    chain_of(&session).warp_days(10).unwrap();
    let shown = ok_json(&session, &["assessor", "show"]);
    assert_eq!(shown["stake"], 300_000_000_000u64);
    assert_eq!(shown["fraud"], false);
    let unstaked = ok_json(
        &session,
        &["assessor", "unstake", "--amount", "300000000000"],
    );
    assert_eq!(unstaked["stake"], 0);
}

fn solana_sha256(bytes: &[u8]) -> [u8; 32] {
    solana_sha256_hasher::hash(bytes).to_bytes()
}

#[test]
fn a_commit_reveal_poll_hides_its_tally_until_the_votes_are_revealed() {
    use mutual::errors::MutualError;
    // Arrange: a commit-reveal product and a cover on it; Dora is an assessor, the signer the claimant
    let mut session = embedded_session();
    let mut market = COVER_MARKET.to_vec();
    let commit_reveal = [CREATE_LENDING, &["--commit-reveal"]].concat();
    market[0] = &commit_reveal;
    for args in market {
        ok_json(&session, args);
    }
    let claimant = session.signer().unwrap().insecure_clone();
    let dora = sdk_member(&session, 404_000_000);
    ok_json_as(
        &mut session,
        &dora,
        &claimant,
        &["assessor", "stake", "--amount", "200000000000"],
    );
    ok_json(&session, BUY_COVER);
    chain_of(&session).warp_seconds(60).unwrap();
    let filed = ok_json(&session, SUBMIT_CLAIM);
    let claim = filed["claim"].as_str().unwrap().to_string();
    assert_eq!(filed["voting"], "commit-reveal");

    // Act + Assert: an open vote is refused; a commitment whose salt can't be saved is never sent
    session.set_signer(dora.insecure_clone());
    let err = run_command(&session, &["vote", "accept", &claim]).unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::WrongVotingMode));
    let err = run_command(&session, &["vote", "commit", &claim, "--accept"]).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(
        err.to_string().starts_with(&format!(
            "can't save the salt to /nonexistent/key.vote-{claim}.json"
        )),
        "{err}"
    );
    assert_eq!(ok_json(&session, &["claim", "show", &claim])["voters"], 0);
    let dir = std::env::temp_dir().join(format!("mutual-cli-salt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let salt_file = dir.join("vote.json");
    let salt_path = salt_file.to_str().unwrap();
    let committed = ok_json(
        &session,
        &[
            "vote",
            "commit",
            &claim,
            "--accept",
            "--salt-file",
            salt_path,
        ],
    );
    assert_eq!(committed["weight"], 200_000_000_000u64);
    assert_eq!(committed["reveal_in"], 3 * DAY);
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&salt_file).unwrap()).unwrap();
    assert_eq!(saved["salt"], committed["salt"]);
    assert_eq!(saved["choice"], "accept");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&salt_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // While voting, the tally is hidden: in JSON and in the table a member reads
    let shown = ok_json(&session, &["claim", "show", &claim]);
    assert_eq!(
        (shown["tally"].clone(), shown["outcome"].clone()),
        ("hidden".into(), "hidden".into())
    );
    session.opts.json = false;
    let table =
        String::from_utf8(run_command(&session, &["claim", "list", "--open"]).unwrap()).unwrap();
    session.opts.json = true;
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines[0], "claims taking votes");
    assert_eq!(lines[1], "  count  1");
    let columns: Vec<&str> = lines[2].split_whitespace().collect();
    assert_eq!(
        columns,
        [
            "claim",
            "amount",
            "state",
            "time_left",
            "tally",
            "wording",
            "evidence"
        ]
    );
    let row: Vec<&str> = lines[3].split_whitespace().collect();
    assert_eq!(
        row,
        [
            claim.as_str(),
            "600.000000",
            "voting",
            "3d",
            "0h",
            "0m",
            "hidden",
            "ipfs://w",
            "ipfs://exploit-report"
        ]
    );

    // Reveals wait for the end; a wrong choice doesn't open the commitment; the saved one does
    let err = run_command(
        &session,
        &["vote", "reveal", &claim, "--salt-file", salt_path],
    )
    .unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::PollNotRevealing));
    chain_of(&session).warp_days(3).unwrap();
    let salt = committed["salt"].as_str().unwrap();
    let err = run_command(
        &session,
        &["vote", "reveal", &claim, "--deny", "--salt", salt],
    )
    .unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::CommitmentMismatch));
    let revealed = ok_json(
        &session,
        &["vote", "reveal", &claim, "--salt-file", salt_path],
    );
    assert_eq!(
        (
            revealed["choice"].clone(),
            revealed["accept"].clone(),
            revealed["deny"].clone()
        ),
        ("accept".into(), 200_000_000_000u64.into(), 0.into())
    );
    let shown = ok_json(&session, &["claim", "show", &claim]);
    assert_eq!(shown["phase"], "reveal");
    assert_eq!(
        shown["tally"],
        serde_json::json!({"accept": 200_000_000_000u64, "deny": 0})
    );

    // After the reveal day and the cooldown, the claim pays out
    chain_of(&session).warp_days(2).unwrap();
    let paid = ok_json_as(&mut session, &claimant, &dora, &["claim", "redeem", &claim]);
    assert_eq!(paid["amount"], CLAIMED);
    let rewarded = ok_json(&session, &["rewards", "claim", &claim]);
    assert_eq!(rewarded["reward"], filed["reward"]);
}

#[test]
fn claim_commands_refuse_what_the_chain_would_and_settle_a_denied_claim() {
    use mutual::errors::MutualError;
    let session = embedded_session();
    // Not a member: voting, staking and rewards say how to join
    let some_claim = mutual_sdk::Pubkey::new_unique().to_string();
    for args in [
        &["vote", "accept", some_claim.as_str()][..],
        &["vote", "commit", some_claim.as_str(), "--deny"],
        &["assessor", "stake", "--amount", "1"],
        &["rewards", "claim", some_claim.as_str()],
    ] {
        let err = run_command(&session, args).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("not a member: run `mutual member join`"),
            "{args:?}: {err}"
        );
    }
    for args in COVER_MARKET {
        ok_json(&session, args);
    }
    let err = run_command(&session, &["claim", "show", &some_claim]).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("claim {some_claim} does not exist (see `mutual claim list`)")
    );
    let err = run_command(&session, &["vote", "accept", &some_claim]).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("claim {some_claim} does not exist (see `mutual claim list`)")
    );
    let err = run_command(&session, &["assessor", "stake", "--amount", "0"]).unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::ZeroAmount));
    let err = run_command(
        &session,
        &["assessor", "stake", "--amount", "10000000000000"],
    )
    .unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::InsufficientBalance));
    ok_json(&session, BUY_COVER);
    let submit = |amount: &str| {
        run_command(
            &session,
            &[
                "claim",
                "submit",
                "--cover",
                "0/0",
                "--amount",
                amount,
                "--evidence-uri",
                "ipfs://e",
            ],
        )
    };
    // The slot rule is the chain's own: its refusal names the error the same way
    let err = submit("1").unwrap_err();
    assert_eq!(err.exit_code(), 1);
    assert_eq!(
        err.to_string(),
        format!(
            "instruction 0 failed: {}",
            refusal(MutualError::ClaimSameSlot)
        )
    );
    chain_of(&session).warp_seconds(60).unwrap();
    let err = submit("1000000001").unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::ClaimAboveCover));
    let err = submit("0").unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::ZeroAmount));
    let filed: Value =
        as_base_units(serde_json::from_slice(&submit("1000000000").unwrap()).unwrap());
    let claim = filed["claim"].as_str().unwrap().to_string();
    let err = submit("1").unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::CoverHasOpenClaim));
    // Without assessor stake there is nothing to vote with; the claimant may not vote on their own claim, whatever
    // their stake
    let err = run_command(&session, &["vote", "accept", &claim]).unwrap_err();
    let me = mutual_sdk::Signer::pubkey(session.signer().unwrap());
    assert_eq!(
        err.to_string(),
        format!("{me} has no assessor stake: run `mutual assessor stake` (it weighs only in claims filed after it)")
    );
    ok_json(&session, &["assessor", "stake", "--amount", "100000000000"]);
    let err = run_command(&session, &["vote", "accept", &claim]).unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::ClaimantCannotVote));
    let err = run_command(&session, &["claim", "close", &claim]).unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::ClaimNotDecided));

    // Nobody voted: after the 7-day limit and the cooldown the claim is denied, and anyone may close it
    chain_of(&session).warp_days(8).unwrap();
    let err = run_command(&session, &["claim", "redeem", &claim]).unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::ClaimDenied));
    let treasury = mutual_sdk::pda::treasury().0;
    let before = mutual_sdk::fetch::lamports(chain_of(&session), &treasury).unwrap();
    let closed = ok_json(&session, &["claim", "close", &claim]);
    assert_eq!(closed["status"], "denied");
    assert_eq!(closed["deposit"], 50_000_000);
    assert_eq!(closed["deposit_to"], treasury.to_string());
    assert_eq!(
        mutual_sdk::fetch::lamports(chain_of(&session), &treasury).unwrap(),
        before + 50_000_000
    );
    let shown = ok_json(&session, &["claim", "show", &claim]);
    assert_eq!(
        (shown["status"].clone(), shown["outcome"].clone()),
        ("denied".into(), "denied".into())
    );
    let err = run_command(&session, &["claim", "close", &claim]).unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::ClaimNotOpen));
    // The cover takes a new claim again
    submit("1").expect("a second claim once the first is settled");
}

#[test]
fn claim_and_assessor_reads_need_no_keypair_file() {
    let someone = mutual_sdk::Pubkey::new_unique().to_string();
    for args in [
        &["claim", "show", someone.as_str()][..],
        &["claim", "list"],
        &["claim", "list", "--open"],
        &["assessor", "show", someone.as_str()],
    ] {
        let mut all = vec!["--url", NO_NODE, "--keypair", NO_KEY];
        all.extend_from_slice(args);
        let err = mutual(&all, "").unwrap_err();
        assert!(err.to_string().starts_with(UNREACHABLE), "{args:?}: {err}");
    }
}

// ---- products, pools and stake: updates, fees, managers, extensions and withdrawals ----

#[test]
fn product_update_replaces_every_term_and_product_show_reads_them_back() {
    // Arrange: product 0 with the default terms, and two pools for its allow-list
    let session = embedded_session();
    for args in [
        CREATE_LENDING,
        &["member", "join"],
        &["pool", "create"],
        &["pool", "create"],
    ] {
        ok_json(&session, args);
    }

    // Act: the authority (the embedded session's signer) replaces the terms
    let updated = ok_json(
        &session,
        &[
            "product",
            "update",
            "0",
            "--name",
            "Lending v2",
            "--class",
            "oracle",
            "--wording-uri",
            "ipfs://w2",
            "--grace-days",
            "14",
            "--capacity-reduction-bps",
            "1500",
            "--initial-price-bps",
            "350",
            "--min-price-bps",
            "120",
            "--allowed-pools",
            "1,0",
            "--deprecated",
        ],
    );
    let shown = ok_json(&session, &["product", "show", "0"]);
    let listed = ok_json(&session, &["product", "list"]);

    // Assert
    assert_eq!(
        (
            updated["id"].clone(),
            updated["name"].clone(),
            updated["deprecated"].clone()
        ),
        (0.into(), "Lending v2".into(), true.into())
    );
    assert_eq!(shown["id"], 0);
    assert_eq!(shown["address"], mutual_sdk::pda::product(0).0.to_string());
    assert_eq!(shown["name"], "Lending v2");
    assert_eq!(shown["class"], "oracle");
    assert_eq!(shown["wording_uri"], "ipfs://w2");
    assert_eq!(
        shown["wording_hash"],
        mutual_cli::output::hex(&solana_sha256(b"ipfs://w2"))
    );
    assert_eq!(shown["cover_assets"], 1);
    assert_eq!(shown["grace_days"], 14);
    assert_eq!(shown["capacity_reduction_bps"], 1_500);
    assert_eq!(shown["initial_price_bps"], 350);
    assert_eq!(shown["min_price_bps"], 120);
    assert_eq!(shown["allowed_pools"], serde_json::json!([1, 0]));
    assert_eq!(shown["deprecated"], true);
    assert_eq!(shown["next_cover_seq"], 0);
    let row = &listed["products"][0];
    assert_eq!(
        (
            row["name"].clone(),
            row["class"].clone(),
            row["price_bps"].clone(),
            row["deprecated"].clone()
        ),
        (
            "Lending v2".into(),
            "oracle".into(),
            350.into(),
            true.into()
        )
    );
    assert_eq!(listed["products"].as_array().unwrap().len(), 1);
}

#[test]
fn pool_set_fee_and_set_manager_change_the_pool_and_a_fee_above_the_max_is_refused_first() {
    use mutual::errors::MutualError;
    // Arrange: the signer's pool 0 at 5%, at most 15%
    let mut session = embedded_session();
    ok_json(&session, &["member", "join"]);
    ok_json(
        &session,
        &[
            "pool",
            "create",
            "--fee-bps",
            "500",
            "--max-fee-bps",
            "1500",
        ],
    );

    // Act + Assert: a fee up to the max is the pool's
    let set = ok_json(&session, &["pool", "set-fee", "0", "--fee-bps", "1500"]);
    assert_eq!(
        (set["pool"].clone(), set["fee_bps"].clone()),
        (0.into(), 1_500.into())
    );
    let shown = ok_json(&session, &["pool", "show", "0"]);
    assert_eq!(
        (shown["fee_bps"].clone(), shown["max_fee_bps"].clone()),
        (1_500.into(), 1_500.into())
    );
    // one above it: refused with the program's error before the review, and the fee stays
    let err = refused_before_review(&mut session, &["pool", "set-fee", "0", "--fee-bps", "1501"]);
    assert_eq!(err.exit_code(), 1);
    assert!(
        err.to_string().starts_with("PoolFeeAboveMax (6070): "),
        "{err}"
    );
    assert_eq!(err.to_string(), refusal(MutualError::PoolFeeAboveMax));
    assert_eq!(ok_json(&session, &["pool", "show", "0"])["fee_bps"], 1_500);

    // Handing the pool over: the new manager is the pool's, and the old one can no longer set its fee
    let next = mutual_sdk::Pubkey::new_unique().to_string();
    let handed = ok_json(&session, &["pool", "set-manager", "0", "--manager", &next]);
    assert_eq!(
        (handed["pool"].clone(), handed["manager"].clone()),
        (0.into(), next.clone().into())
    );
    let shown = ok_json(&session, &["pool", "show", "0"]);
    assert_eq!(shown["manager"], next);
    assert_eq!(
        ok_json(&session, &["pool", "list"])["pools"][0]["manager"],
        next
    );
    let err = refused_before_review(&mut session, &["pool", "set-fee", "0", "--fee-bps", "100"]);
    assert_eq!(err.to_string(), refusal(MutualError::NotPoolManager));
    let err = refused_before_review(
        &mut session,
        &["pool", "set-manager", "0", "--manager", &next],
    );
    assert_eq!(err.to_string(), refusal(MutualError::NotPoolManager));
    assert_eq!(ok_json(&session, &["pool", "show", "0"])["fee_bps"], 1_500);
}

/// A member holding 100 tokens with 40 staked in pool 0's current tranche; returns the session and the tranche.
fn staked_40_tokens() -> (Session, u32) {
    let session = embedded_session();
    for args in [
        &["member", "join"][..],
        &["token", "buy", "--amount", "101000000"],
        &["pool", "create"],
    ] {
        ok_json(&session, args);
    }
    let staked = ok_json(
        &session,
        &["stake", "deposit", "--pool", "0", "--amount", "40000000000"],
    );
    assert_eq!(staked["stake_shares"], "40000000000");
    let tranche = u32::try_from(staked["tranche"].as_u64().unwrap()).unwrap();
    (session, tranche)
}

#[test]
fn stake_extend_moves_a_position_to_a_later_tranche_with_its_shares() {
    use mutual_sdk::Signer;
    // Arrange
    let (session, from) = staked_40_tokens();
    let to = from + 3;
    let me = session.signer().unwrap().pubkey();

    // Act
    let extended = ok_json(
        &session,
        &[
            "stake",
            "extend",
            "--pool",
            "0",
            "--tranche",
            &from.to_string(),
            "--to",
            &to.to_string(),
        ],
    );
    let listed = ok_json(&session, &["stake", "list"]);
    let pool = ok_json(&session, &["pool", "show", "0"]);

    // Assert: the stake shares moved unchanged; the old position closed
    assert_eq!(
        (
            extended["pool"].clone(),
            extended["tranche"].clone(),
            extended["stake_shares"].clone()
        ),
        (0.into(), to.into(), "40000000000".into())
    );
    let positions = listed["positions"].as_array().unwrap();
    assert_eq!(positions.len(), 1, "{listed}");
    let position = mutual_sdk::pda::stake_position(&mutual_sdk::pda::pool(0).0, to, &me).0;
    assert_eq!(
        positions[0],
        serde_json::json!({
            "pool": 0,
            "tranche": to,
            "stake": 40_000_000_000u64,
            "stake_shares": "40000000000",
            "position": position.to_string(),
        })
    );
    let stake_in = |tranche: u32| {
        pool["tranches"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["tranche"] == tranche)
            .map(|t| t["stake"].clone())
    };
    assert_eq!(stake_in(from), Some(0.into()));
    assert_eq!(stake_in(to), Some(40_000_000_000u64.into()));
    assert_eq!(pool["active_stake"], 40_000_000_000u64);
    assert_eq!(
        ok_json(&session, &["member", "show"])["active_positions"],
        1
    );
}

#[test]
fn stake_withdraw_after_the_tranche_expires_returns_the_stake_exactly() {
    use mutual::errors::MutualError;
    use mutual_sdk::Transport;
    // Arrange: 40 of 100 tokens staked in the current tranche
    let (mut session, tranche) = staked_40_tokens();
    let before = ok_json(&session, &["member", "show"])["stake_balance"]
        .as_u64()
        .unwrap();
    assert_eq!(before, 60_000_000_000);
    let withdraw = [
        "stake",
        "withdraw",
        "--pool",
        "0",
        "--tranche",
        &tranche.to_string(),
        "--stake",
        "--rewards",
    ];
    // the stake stays locked until the tranche ends: the preview refuses it with the chain's error, before any
    // review
    let err = refused_before_review(&mut session, &withdraw);
    assert_eq!(err.exit_code(), 1);
    assert_eq!(err.to_string(), refusal(MutualError::TrancheNotExpired));
    // a tranche with no position of the signer's
    let other = (tranche + 1).to_string();
    let err = run_command(
        &session,
        &[
            "stake",
            "withdraw",
            "--pool",
            "0",
            "--tranche",
            &other,
            "--rewards",
        ],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("you hold no stake position in pool 0, tranche {other} (see `mutual stake list`)")
    );

    // Act: the embedded chain's clock moves to the tranche's end
    let chain = chain_of(&session);
    let end = mutual::math::periods::tranche_end(tranche);
    chain
        .warp_seconds(end - chain.unix_timestamp().unwrap())
        .unwrap();
    let withdrawn = ok_json(&session, &withdraw);

    // Assert: the 40 tokens come back whole (no cover was sold, so no rewards); the position is gone
    assert_eq!(
        withdrawn,
        serde_json::json!({
            "pool": 0,
            "tranche": tranche,
            "stake": 40_000_000_000u64,
            "rewards": 0,
            "quoted_stake": 40_000_000_000u64,
            "quoted_rewards": 0,
            "signature": withdrawn["signature"],
        })
    );
    let shown = ok_json(&session, &["member", "show"]);
    assert_eq!(shown["stake_balance"], before + 40_000_000_000);
    assert_eq!(shown["active_positions"], 0);
    assert_eq!(
        ok_json(&session, &["stake", "list"])["positions"],
        serde_json::json!([])
    );
    assert_eq!(ok_json(&session, &["pool", "show", "0"])["active_stake"], 0);
}

#[test]
fn member_pool_and_stake_commands_by_a_non_member_say_how_to_join() {
    use mutual_sdk::{ix, Signer, Transport};
    let session = embedded_session();
    let me = session.signer().unwrap().pubkey();
    let expected =
        format!("not a member: run `mutual member join` first ({me} has no Member account)");
    let tranche = mutual::math::periods::tranche_id(chain_of(&session).unix_timestamp().unwrap())
        .unwrap()
        .to_string();
    let to = (tranche.parse::<u32>().unwrap() + 1).to_string();
    let commands: [&[&str]; 5] = [
        &["member", "leave"],
        &["member", "thaw"],
        &["pool", "create", "--fee-bps", "500"],
        &["stake", "deposit", "--pool", "0", "--amount", "1"],
        &[
            "stake",
            "extend",
            "--pool",
            "0",
            "--tranche",
            &tranche,
            "--to",
            &to,
        ],
    ];
    let refuse_all = |when: &str| {
        for args in commands {
            let err = run_command(&session, args).unwrap_err();
            assert_eq!(err.exit_code(), 1, "{when}, {args:?}: {err}");
            assert!(
                err.to_string()
                    .starts_with("not a member: run `mutual member join` first ("),
                "{when}, {args:?}: {err}"
            );
            assert_eq!(err.to_string(), expected, "{when}, {args:?}");
        }
    };
    // On a fresh chain, with no pool yet
    refuse_all("no pool");
    // With a pool that another member opened and staked in
    let other = sdk_member(&session, 101_000_000);
    let args = mutual::instructions::PoolCreateArgs {
        manager: other.pubkey(),
        is_private: false,
        pool_fee: mutual::math::Bps(1_000),
        max_pool_fee: mutual::math::Bps(2_000),
    };
    let ixs = [
        ix::pool_create(&other.pubkey(), 0, args),
        ix::stake_deposit(
            &other.pubkey(),
            0,
            tranche.parse().unwrap(),
            10 * STAKE_UNIT,
        ),
    ];
    chain_of(&session).send(&ixs, &other, &[]).unwrap();
    refuse_all("pool 0 open");
    // Nothing was signed: the signer is still no member, and pool 0 is as the other member left it
    assert_eq!(ok_json(&session, &["member", "show"])["is_member"], false);
    assert_eq!(
        ok_json(&session, &["pool", "list"])["pools"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn stake_deposit_refuses_zero_too_much_and_a_strangers_private_pool_before_any_review() {
    use mutual::errors::MutualError;
    // Arrange: the signer holds 100 tokens and manages private pool 0 and public pool 1
    let mut session = embedded_session();
    for args in [
        &["member", "join"][..],
        &["token", "buy", "--amount", "101000000"],
        &["pool", "create", "--private"],
        &["pool", "create"],
    ] {
        ok_json(&session, args);
    }
    assert_eq!(
        ok_json(&session, &["member", "show"])["stake_balance"],
        100 * STAKE_UNIT
    );

    // Act + Assert: nothing, or more than the balance, is refused by name before the review
    let cases: [(&[&str], &str, MutualError); 2] = [
        (
            &["stake", "deposit", "--pool", "1", "--amount", "0"],
            "ZeroAmount (6035): ",
            MutualError::ZeroAmount,
        ),
        (
            &[
                "stake",
                "deposit",
                "--pool",
                "1",
                "--amount",
                "100000000001",
            ],
            "InsufficientBalance (6045): ",
            MutualError::InsufficientBalance,
        ),
    ];
    for (args, prefix, error) in cases {
        let err = refused_before_review(&mut session, args);
        assert_eq!(err.exit_code(), 1, "{args:?}: {err}");
        assert!(err.to_string().starts_with(prefix), "{args:?}: {err}");
        assert_eq!(err.to_string(), refusal(error));
    }
    // a stranger (a member, not the manager) may not stake in the private pool; the manager may
    let owner = session.signer().unwrap().insecure_clone();
    let stranger = sdk_member(&session, 101_000_000);
    session.set_signer(stranger.insecure_clone());
    let err = refused_before_review(
        &mut session,
        &["stake", "deposit", "--pool", "0", "--amount", "10000000000"],
    );
    assert_eq!(err.exit_code(), 1);
    assert!(err.to_string().starts_with("PrivatePool (6072): "), "{err}");
    assert_eq!(err.to_string(), refusal(MutualError::PrivatePool));
    assert_eq!(
        ok_json(&session, &["stake", "list"])["positions"],
        serde_json::json!([])
    );
    session.set_signer(owner);
    let staked = ok_json(
        &session,
        &["stake", "deposit", "--pool", "0", "--amount", "10000000000"],
    );
    assert_eq!(staked["stake_shares"], "10000000000");
    assert_eq!(
        ok_json(&session, &["pool", "show", "0"])["active_stake"],
        10 * STAKE_UNIT
    );
}

#[test]
fn pool_create_with_listings_opens_and_lists_in_one_transaction() {
    // Arrange: a product, and a member who will manage the pool
    let session = embedded_session();
    for args in [CREATE_LENDING, &["member", "join"]] {
        ok_json(&session, args);
    }

    // Act
    let opened = ok_json(&session, &["pool", "create", "--listing", "0:50:300"]);

    // Assert: one transaction opened pool 0 and listed the product
    assert_eq!(
        (opened["id"].clone(), opened["total_weight"].clone()),
        (0.into(), 50.into())
    );
    let listing = &ok_json(&session, &["pool", "show", "0"])["listings"][0];
    assert_eq!(
        (
            listing["product"].clone(),
            listing["weight"].clone(),
            listing["price_bps"].clone()
        ),
        (0.into(), 50.into(), 300.into())
    );
    // A bad listing refuses the whole transaction: no pool is opened.
    let err = run_command(&session, &["pool", "create", "--listing", "0:101:300"]).unwrap_err();
    assert_eq!(err.exit_code(), 1);
    assert!(err.to_string().contains("InvalidWeight"), "{err}");
    assert_eq!(pools_open(&session), 1);
    // Listings need the signer to be the manager, who signs them.
    let other = mutual_sdk::Pubkey::new_unique().to_string();
    let err = run_command(
        &session,
        &[
            "pool",
            "create",
            "--manager",
            &other,
            "--listing",
            "0:50:300",
        ],
    )
    .unwrap_err();
    assert_eq!(err.exit_code(), 2, "{err}");
    assert_eq!(pools_open(&session), 1);
}

fn pools_open(session: &Session) -> usize {
    ok_json(session, &["pool", "list"])["pools"]
        .as_array()
        .map_or(0, Vec::len)
}

#[test]
fn read_only_commands_need_no_keypair_file() {
    // config show reaches the network (and fails there), never asking for the missing keypair.
    let err = mutual(
        &["--url", NO_NODE, "--keypair", NO_KEY, "config", "show"],
        "",
    )
    .unwrap_err();
    assert!(err.to_string().starts_with(UNREACHABLE), "{err}");
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
    assert!(err.to_string().starts_with(UNREACHABLE), "{err}");
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
