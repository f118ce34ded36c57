//! The basics: config, joining, the confirmation prompt and --dry-run, usage errors, refusals, and the demo
//! binary.
use crate::support::session::*;
use mutual_cli::CliError;

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
