//! What a person types and reads: amounts in tokens (exact, with base units on request), amounts in JSON in one
//! convention, limits checked before anything is signed, unknown ids and periods named, a capacity refusal that
//! says what fits, and the environment's flags.
use mutual::errors::MutualError;
use mutual_cli::chain::Session;
use mutual_cli::CliError;
use mutual_sdk::Transport;
use serde_json::{json, Value};

mod support;
use support::session::*;

/// Runs `args` in `session` as a person types them, amounts in tokens (`--base-units` off for the one
/// command); the raw JSON, amounts as objects.
fn in_tokens(session: &mut Session, args: &[&str]) -> Result<Value, CliError> {
    session.opts.base_units = false;
    let out = run_command(session, args);
    session.opts.base_units = true;
    Ok(serde_json::from_slice(&out?).expect("JSON"))
}

fn usdc_balance(session: &Session) -> u64 {
    let wallet = mutual_sdk::Signer::pubkey(session.signer().unwrap());
    let account = session.deployment().unwrap().base_account(&wallet);
    mutual_sdk::fetch::token_balance(&session.chain, &account).unwrap()
}

#[test]
fn amounts_typed_in_tokens_are_exact_and_json_gives_base_units_and_tokens() {
    // Arrange
    let mut session = embedded_session();
    ok_json(&session, &["member", "join"]);
    let before = usdc_balance(&session);

    // Act: 1010.5 USDC typed as tokens; then 1 USDC typed as base units
    let bought = in_tokens(&mut session, &["token", "buy", "--amount", "1010.5"]).unwrap();
    let in_units = ok_json(&session, &["token", "buy", "--amount", "1000000"]);

    // Assert: the chain took exactly 1,010,500,000 and then 1,000,000 base units; JSON carries both forms
    assert_eq!(
        bought["base_in"],
        json!({"amount": "1010500000", "decimals": 6, "uiAmountString": "1010.5"})
    );
    assert_eq!(bought["stake_out"]["decimals"], 9);
    assert_eq!(bought["stake_out"]["amount"], "1000495049504");
    assert_eq!(bought["stake_out"]["uiAmountString"], "1000.495049504");
    assert_eq!(in_units["base_in"], 1_000_000);
    assert_eq!(usdc_balance(&session), before - 1_010_500_000 - 1_000_000);
}

#[test]
fn amounts_that_cannot_be_are_refused_by_name_and_nothing_is_signed() {
    // Arrange
    let mut session = embedded_session();
    ok_json(&session, &["member", "join"]);
    let before = usdc_balance(&session);

    // Act
    let negative = in_tokens(&mut session, &["token", "buy", "--amount", "-5"]).unwrap_err();
    let too_precise =
        in_tokens(&mut session, &["token", "buy", "--amount", "1.0000001"]).unwrap_err();
    let fractional_units = run_command(&session, &["token", "buy", "--amount", "1.5"]).unwrap_err();
    let too_large = in_tokens(
        &mut session,
        &["token", "buy", "--amount", "18446744073710"],
    )
    .unwrap_err();

    // Assert: usage errors (exit 2) naming the option and the value
    assert_eq!(
        negative.to_string(),
        "--amount -5: amounts cannot be negative"
    );
    assert_eq!(
        too_precise.to_string(),
        "--amount 1.0000001: more decimals than the token has (6); with --base-units, amounts are base units"
    );
    assert_eq!(
        fractional_units.to_string(),
        "--amount 1.5: with --base-units, a whole number of base units"
    );
    assert!(too_large
        .to_string()
        .starts_with("--amount 18446744073710: too large"));
    for e in [negative, too_precise, fractional_units, too_large] {
        assert_eq!(e.exit_code(), 2);
    }
    assert_eq!(usdc_balance(&session), before);
}

#[test]
fn limits_the_help_states_are_checked_before_anything_is_signed() {
    // Arrange: the signer is the embedded protocol's authority
    let mut session = embedded_session();
    let name = "n".repeat(33);
    let uri = format!("ipfs://{}", "w".repeat(122));

    // Act
    let long_name = refused_before_review(
        &mut session,
        &[
            "product",
            "create",
            "--name",
            &name,
            "--wording-uri",
            "ipfs://w",
        ],
    );
    let long_uri = refused_before_review(
        &mut session,
        &[
            "product",
            "create",
            "--name",
            "Lending",
            "--wording-uri",
            &uri,
        ],
    );
    let price = refused_before_review(
        &mut session,
        &[
            "product",
            "create",
            "--name",
            "Lending",
            "--wording-uri",
            "ipfs://w",
            "--initial-price-bps",
            "50",
            "--min-price-bps",
            "100",
        ],
    );

    // Assert: the chain's own errors, and no product was listed
    assert_eq!(
        long_name.to_string(),
        refusal(MutualError::InvalidProductName)
    );
    assert_eq!(
        long_uri.to_string(),
        refusal(MutualError::InvalidWordingUri)
    );
    assert_eq!(price.to_string(), refusal(MutualError::InvalidProductPrice));
    let config = mutual_sdk::fetch::config(&session.chain).unwrap();
    assert_eq!(config.product_count, 0);
}

#[test]
fn unknown_ids_name_the_thing_and_where_to_look() {
    let session = embedded_session();
    for args in COVER_MARKET {
        ok_json(&session, args);
    }
    let some_claim = mutual_sdk::Pubkey::new_unique().to_string();
    let cases: [(&[&str], String); 5] = [
        (
            &["cover", "quote", "999", "--amount", "1"],
            "product 999 does not exist (see `mutual product list`)".into(),
        ),
        (
            &["pool", "show", "42"],
            "pool 42 does not exist (see `mutual pool list`)".into(),
        ),
        (
            &["cover", "show", "0", "77"],
            "cover 0/77 does not exist (never bought, or expired and closed) (see `mutual cover list`)".into(),
        ),
        (
            &["claim", "show", &some_claim],
            format!("claim {some_claim} does not exist (see `mutual claim list`)"),
        ),
        (
            &["stake", "withdraw", "--pool", "0", "--tranche", "3", "--rewards"],
            "you hold no stake position in pool 0, tranche 3 (see `mutual stake list`)".into(),
        ),
    ];
    for (args, expected) in cases {
        let err = run_command(&session, args).unwrap_err();
        assert_eq!(err.to_string(), expected, "{args:?}");
    }
}

#[test]
fn a_period_outside_28_to_365_days_is_the_chains_error_not_a_capacity_one() {
    let session = embedded_session();
    for args in COVER_MARKET {
        ok_json(&session, args);
    }
    for days in ["27", "366", "0"] {
        let err = run_command(
            &session,
            &["cover", "quote", "0", "--amount", "1000000", "--days", days],
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            refusal(MutualError::InvalidCoverPeriod),
            "{days}"
        );
    }
}

#[test]
fn a_cover_that_outlives_the_staked_tranches_says_a_longer_lock_not_more_stake_helps() {
    // Arrange: the pool's only stake is in the current tranche (no lock), which ends within 91 days
    let session = embedded_session();
    for args in [
        CREATE_LENDING,
        &["member", "join"],
        &["token", "buy", "--amount", "2020000000"],
        &["pool", "create", "--listing", "0:100:300"],
        &[
            "stake",
            "deposit",
            "--pool",
            "0",
            "--amount",
            "1000000000000",
        ],
    ] {
        ok_json(&session, args);
    }

    // Act
    let err = run_command(
        &session,
        &["cover", "buy", "0", "--amount", "1000000", "--days", "365"],
    )
    .unwrap_err();

    // Assert
    let text = err.to_string();
    assert!(
        text.starts_with("a 365-day cover of product 0 runs, with its 30 days of grace, until "),
        "{text}"
    );
    assert!(
        text.contains(
            "more stake in those tranches cannot cover it; a shorter period can, or stake locked into later \
             tranches (`mutual stake deposit --lock 7`)"
        ),
        "{text}"
    );
}

#[test]
fn a_refusal_for_capacity_says_the_largest_amount_that_fits_and_that_amount_does() {
    // Arrange: 1,000 MUT staked at 2x capacity, listed at weight 100
    let mut session = embedded_session();
    for args in COVER_MARKET {
        ok_json(&session, args);
    }

    // Act: far more cover than the pool takes
    let err = refused_before_review(
        &mut session,
        &[
            "cover",
            "buy",
            "0",
            "--amount",
            "5000000000000",
            "--days",
            "90",
            "--pools",
            "0",
        ],
    );

    // Assert: the chain's error, then the largest amount; exactly that amount is accepted, one unit more is not
    let text = err.to_string();
    let prefix = format!(
        "{}. The most pools [0] take now for 90 days is ",
        refusal(MutualError::InsufficientCapacity)
    );
    assert!(text.starts_with(&prefix), "{text}");
    let most: u64 = text
        .rsplit_once('(')
        .and_then(|(_, units)| units.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("base units in the message");
    assert!(most > 0);
    let one_more = (most + 1).to_string();
    let over = refused_before_review(
        &mut session,
        &[
            "cover", "quote", "0", "--amount", &one_more, "--days", "90", "--pools", "0",
        ],
    );
    assert!(over
        .to_string()
        .starts_with(&refusal(MutualError::InsufficientCapacity)));
    let fits = ok_json(
        &session,
        &[
            "cover",
            "buy",
            "0",
            "--amount",
            &most.to_string(),
            "--days",
            "90",
            "--pools",
            "0",
        ],
    );
    assert_eq!(fits["amount"], most);
}

#[test]
fn boolean_environment_variables_take_1_yes_and_true() {
    // Arrange: the binary on a fresh embedded chain, nothing on stdin
    let bin = env!("CARGO_BIN_EXE_mutual");
    let run = |value: &str| {
        std::process::Command::new(bin)
            .args(["--url", "embedded", "--json", "member", "join"])
            .env("MUTUAL_YES", value)
            .stdin(std::process::Stdio::null())
            .output()
            .expect("runs")
    };

    // Act + Assert: each signs without a prompt; "0" asks, and with nothing typed declines (exit 3)
    for value in ["1", "yes", "true"] {
        let out = run(value);
        assert_eq!(out.status.code(), Some(0), "MUTUAL_YES={value}");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["join_fee"]["amount"], "2000000", "MUTUAL_YES={value}");
    }
    assert_eq!(run("0").status.code(), Some(3));
}

#[test]
fn the_demo_prints_its_story_and_no_raw_program_log_lines() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mutual"))
        .arg("demo")
        .output()
        .expect("the demo runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1. "), "{text}");
    for noise in ["AnchorError", "Program log", "Error Code:", "Program data"] {
        assert!(!text.contains(noise), "{noise} in the demo's output");
    }
    // The demo's refusals (an early payout, a stake-then-vote) still reach the reader, by name.
    assert!(text.contains("refused"), "{text}");
}

#[test]
fn a_refusal_typed_in_tokens_moves_nothing() {
    let mut session = embedded_session();
    ok_json(&session, &["member", "join"]);
    let wallet = mutual_sdk::Signer::pubkey(session.signer().unwrap());
    let lamports = |session: &Session| {
        let account = chain_of(session).get_account(&wallet).unwrap().unwrap();
        account.lamports
    };
    let before = lamports(&session);
    let err = in_tokens(&mut session, &["token", "sell", "--amount", "1"]).unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::InsufficientBalance));
    assert_eq!(lamports(&session), before);
}

#[test]
fn pool_show_gives_free_capacity_in_the_cover_asset_and_capital_show_the_book_values_that_price() {
    // Arrange
    let mut session = embedded_session();
    for args in COVER_MARKET {
        ok_json(&session, args);
    }
    ok_json(
        &session,
        &["cover", "buy", "0", "--amount", "300000000", "--days", "90"],
    );

    // Act
    let pool = ok_json(&session, &["pool", "show", "0", "--period-days", "90"]);
    let capital = ok_json(&session, &["capital", "show"]);

    // Assert: the free capacity as cover is exactly what a buy on the pool takes for the period
    let free_cover = pool["listings"][0]["free_cover"].as_u64().unwrap();
    assert!(free_cover > 0);
    let over = refused_before_review(
        &mut session,
        &[
            "cover",
            "quote",
            "0",
            "--amount",
            &(free_cover + 1).to_string(),
            "--days",
            "90",
            "--pools",
            "0",
        ],
    );
    assert!(over
        .to_string()
        .starts_with(&refusal(MutualError::InsufficientCapacity)));
    ok_json(
        &session,
        &[
            "cover",
            "quote",
            "0",
            "--amount",
            &free_cover.to_string(),
            "--days",
            "90",
            "--pools",
            "0",
        ],
    );
    // the book value the snapshot records is what cover and claims are priced at; trades see theirs
    let snapshot = mutual_sdk::fetch::capital_snapshot(&session.chain).unwrap();
    assert_eq!(capital["pricing_book_value"], snapshot.book_value);
    assert_eq!(capital["buy_book_value"], capital["book_value"]);
    assert_eq!(capital["sell_book_value"], capital["book_value"]);
}

#[test]
fn pool_and_risk_limits_are_the_chains_refusals_before_the_review() {
    // Arrange: product 0 and a pool of the signer's; a stranger
    let mut session = embedded_session();
    for args in [CREATE_LENDING, &["member", "join"], &["pool", "create"]] {
        ok_json(&session, args);
    }
    let signals = std::env::temp_dir().join(format!("mutual-signals-{}.json", std::process::id()));
    std::fs::write(
        &signals,
        r#"{"audits": [{"auditor": "Zellic", "date": 99999999999}]}"#,
    )
    .unwrap();
    let signals = signals.to_str().unwrap();

    // Act + Assert
    let cases: [(&[&str], MutualError); 8] = [
        (
            &[
                "pool",
                "create",
                "--fee-bps",
                "3000",
                "--max-fee-bps",
                "2000",
            ],
            MutualError::PoolFeeAboveMax,
        ),
        (
            &["pool", "create", "--fee-bps", "0", "--max-fee-bps", "10000"],
            MutualError::InvalidPoolFee,
        ),
        (
            &["pool", "set-products", "0", "--listing", "0:101:300"],
            MutualError::InvalidWeight,
        ),
        (
            &["pool", "set-products", "0", "--listing", "0:50:50"],
            MutualError::TargetPriceOutOfRange,
        ),
        (
            &[
                "pool",
                "set-products",
                "0",
                "--listing",
                "0:50:300",
                "--listing",
                "0:60:300",
            ],
            MutualError::DuplicateProduct,
        ),
        (
            &["risk", "update", "0", "--file", signals],
            MutualError::InvalidSignalDate,
        ),
        (
            &["risk", "update", "0", "--file", signals, "--as-curator"],
            MutualError::NotCurator,
        ),
        (
            &[
                "cover",
                "buy",
                "0",
                "--amount",
                "1",
                "--commission-bps",
                "5000",
            ],
            MutualError::CommissionTooHigh,
        ),
    ];
    for (args, error) in cases {
        let err = refused_before_review(&mut session, args);
        assert!(
            err.to_string().starts_with(&refusal(error)),
            "{args:?}: {err}"
        );
    }
    session.set_signer(mutual_sdk::Keypair::new());
    let stranger = refused_before_review(
        &mut session,
        &["pool", "set-products", "0", "--listing", "0:50:300"],
    );
    assert_eq!(stranger.to_string(), refusal(MutualError::NotPoolManager));
    assert_eq!(
        mutual_sdk::fetch::config(&session.chain)
            .unwrap()
            .pool_count,
        1
    );
}
