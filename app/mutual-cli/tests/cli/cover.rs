//! Cover: quote, buy, show, auto-renew and expire, and a non-member told how to join.
use crate::support::as_base_units;
use crate::support::session::*;
use mutual::constants::DAY;
use serde_json::Value;

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
