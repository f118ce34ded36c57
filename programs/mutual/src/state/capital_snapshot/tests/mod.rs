//! Unit tests of `state/capital_snapshot.rs`.
use super::*;

#[test]
fn size_is_pinned() {
    assert_eq!(CapitalSnapshot::SIZE, 8 + 138);
}

#[test]
fn a_stale_snapshot_refuses_buys_and_prices_sales_on_the_base_vault_alone() {
    // 1,000 USDC in the base vault, 500 more in another asset as of a refresh at t = 1,000; MCR floor 100.
    let params = Params::defaults(100_000_000, 1_000_000);
    let mut s = snapshot();
    s.record_refresh(
        500_000_000,
        0,
        1_000_000_000,
        0,
        1_000 * crate::constants::STAKE_UNIT,
        &params,
        1_000,
    )
    .unwrap();
    let supply = 1_000 * crate::constants::STAKE_UNIT;
    let at = |side, now| s.market_for(side, now, 1_000_000_000, 0, supply, &params);
    // within oracle_max_age (60 s) both sides see 1,500
    assert_eq!(at(TradeSide::Buy, 1_060).unwrap().capital, 1_500_000_000);
    assert_eq!(at(TradeSide::Sell, 1_060).unwrap().capital, 1_500_000_000);
    // after it, a buy is refused and a sale counts the base vault only
    assert_eq!(
        at(TradeSide::Buy, 1_061).unwrap_err(),
        MutualError::StaleSnapshot.into()
    );
    assert_eq!(at(TradeSide::Sell, 1_061).unwrap().capital, 1_000_000_000);
    assert_eq!(at(TradeSide::Sell, 1_061).unwrap().mcr, 100_000_000);
    // with nothing outside the base asset, age never matters
    let mut base_only = snapshot();
    base_only
        .record_refresh(0, 0, 1_000_000_000, 0, supply, &params, 1_000)
        .unwrap();
    assert_eq!(
        base_only
            .market_for(TradeSide::Buy, 1_000_000, 1_000_000_000, 0, supply, &params)
            .unwrap()
            .capital,
        1_000_000_000
    );
}

fn snapshot() -> CapitalSnapshot {
    let mut s = CapitalSnapshot::try_from_slice(&[0u8; CapitalSnapshot::INIT_SPACE]).unwrap();
    s.init(1, &Params::defaults(1, 1), 1_000).unwrap();
    s
}

#[test]
fn pending_payouts_lower_only_what_a_sale_may_take_never_the_book_value() {
    // 2,000 USDC over 1,000 tokens, an MCR floor of 1,000 USDC.
    let params = Params::defaults(1_000_000_000, 1_000_000);
    let supply = 1_000 * crate::constants::STAKE_UNIT;
    let mut s = snapshot();
    s.record(2_000_000_000, supply, 0, &params, 2_000).unwrap();
    assert_eq!(s.book_value, 2_000_000);
    // 500 USDC of accepted payouts: book value stays 2 (everything minted, valued or burnt is priced gross),
    // while the market a sale sees has 1,500 of capital.
    s.pending_payouts = 500_000_000;
    s.record(2_000_000_000, supply, 0, &params, 2_000).unwrap();
    assert_eq!(s.book_value, 2_000_000);
    let market = s.market(2_000_000_000, 0, supply, &params).unwrap();
    assert_eq!((market.capital, market.mcr), (1_500_000_000, 1_000_000_000));
    let at =
        |s: &CapitalSnapshot, side| s.market_for(side, 2_000, 2_000_000_000, 0, supply, &params);
    assert_eq!(at(&s, TradeSide::Sell).unwrap().capital, 1_500_000_000);
    assert_eq!(at(&s, TradeSide::Buy).unwrap().capital, 2_000_000_000);
    // More owed than held: book value unmoved, buys unmoved, and a sale, which would pay nothing, is refused by
    // name; no underflow anywhere.
    s.pending_payouts = 2_000_000_001;
    s.record(2_000_000_000, supply, 0, &params, 2_000).unwrap();
    assert_eq!(s.book_value, 2_000_000);
    assert_eq!(at(&s, TradeSide::Buy).unwrap().capital, 2_000_000_000);
    assert_eq!(
        at(&s, TradeSide::Sell).unwrap_err(),
        MutualError::LiabilitiesExceedCapital.into()
    );
    // exactly capital: the same
    s.pending_payouts = 2_000_000_000;
    assert_eq!(
        at(&s, TradeSide::Sell).unwrap_err(),
        MutualError::LiabilitiesExceedCapital.into()
    );
    // one unit less: a sale sees one unit of capital
    s.pending_payouts = 1_999_999_999;
    assert_eq!(at(&s, TradeSide::Sell).unwrap().capital, 1);
    assert_eq!(s.net_of_liabilities(100), 0);
}

#[test]
fn a_refresh_records_the_non_base_figures_and_restarts_the_clock() {
    let params = Params::defaults(1, 1);
    let mut s = snapshot();
    s.record_refresh(300, 40, 700, 60, 1_000, &params, 5_000)
        .unwrap();
    assert_eq!((s.non_base_capital, s.non_base_active_cover), (300, 40));
    assert_eq!(
        (s.capital, s.active_cover, s.refreshed_at),
        (1_000, 100, 5_000)
    );
    s.require_priced(60, 5_060).unwrap();
    assert!(s.has_non_base_value());
    assert_eq!(
        s.require_priced(60, 5_061).unwrap_err(),
        MutualError::StaleSnapshot.into()
    );
    s.add_non_base_capital(25).unwrap();
    assert_eq!(s.non_base_capital, 325);
    s.remove_non_base_capital(400);
    assert_eq!(s.non_base_capital, 0);
}
