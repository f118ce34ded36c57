//! Unit tests of `state/capital_snapshot.rs`: how a trade, a refresh and a quote value the pool.
use super::*;
use crate::constants::{DAY, STAKE_UNIT};
use crate::math::bps::Bps;
use crate::math::periods::expiry_bucket;
use crate::math::prices::AssetPrice;

const USDC: u64 = 1_000_000;
const SOL: u64 = 1_000_000_000;
/// When the test snapshot was last refreshed, and the test wSOL registered long before (so it counts).
const REFRESHED: i64 = 400 * DAY;
const SUPPLY: u64 = 1_000 * STAKE_UNIT;

#[test]
fn size_is_pinned() {
    // pending_payouts (8) and _reserved (56) became pending_units: 8 assets · 8
    assert_eq!(CapitalSnapshot::SIZE, 8 + 138);
}

fn snapshot() -> CapitalSnapshot {
    let mut s = CapitalSnapshot::try_from_slice(&[0u8; CapitalSnapshot::INIT_SPACE]).unwrap();
    s.init(1, &Params::defaults(1, 1), REFRESHED).unwrap();
    s
}

/// The base asset (6 decimals) and wSOL (9 decimals) at $150 ± `conf` cents, or never priced.
fn assets(sol_price: Option<u64>) -> (Asset, Asset) {
    let make = |index: u8, decimals: u8| {
        let mut a = Asset::try_from_slice(&[0u8; Asset::INIT_SPACE]).unwrap();
        let feed = (index > 0).then_some([7u8; 32]);
        let mint = Pubkey::new_unique();
        a.init(1, 2, index, mint, decimals, mint, mint, feed, true, 0, 0)
            .unwrap();
        a
    };
    let base = make(0, 6);
    let mut wsol = make(1, 9);
    if let Some(conf_cents) = sol_price {
        let price = AssetPrice::from_pyth(15_000, conf_cents, -2, 9, 6, Bps(1_000)).unwrap();
        wsol.record_price(price, REFRESHED);
    }
    (base, wsol)
}

fn view(
    s: &CapitalSnapshot,
    (base, wsol): (&Asset, &Asset),
    (base_vault, sol_vault): (u64, u64),
    now: i64,
) -> Result<CapitalView> {
    let holdings = [
        Holding::recorded(base, base_vault),
        Holding::recorded(wsol, sol_vault),
    ];
    s.view(&holdings, None, now, &Params::defaults(100 * USDC, USDC))
}

fn params() -> Params {
    Params::defaults(100 * USDC, USDC)
}

#[test]
fn a_trade_values_every_vault_as_it_stands_at_the_recorded_price() {
    // 1,000 USDC and 10 SOL at $150 ± $1.50: the SOL counts at μ − σ, 1,485 USDC, the moment it is in the vault
    let s = snapshot();
    let (base, wsol) = assets(Some(150));
    let v = view(&s, (&base, &wsol), (1_000 * USDC, 10 * SOL), REFRESHED + 60).unwrap();
    assert!(v.fresh && v.non_base_in_use);
    assert_eq!(v.non_base_capital, Some(1_485 * USDC));
    let buy = v.market(TradeSide::Buy, SUPPLY, &params()).unwrap();
    assert_eq!(buy.capital, 2_485 * USDC);
    let sell = v.market(TradeSide::Sell, SUPPLY, &params()).unwrap();
    assert_eq!(
        (sell.capital, sell.base_liquidity, sell.mcr),
        (2_485 * USDC, 1_000 * USDC, 100 * USDC)
    );
}

#[test]
fn on_stale_prices_a_buy_is_refused_and_a_sale_counts_no_non_base_capital_but_all_its_cover() {
    // 40 SOL of cover booked in wSOL ($150 + $1.50: 6,060 USDC); at an MCR ratio of 480%, an MCR of 1,262.5
    let s = snapshot();
    let (base, mut wsol) = assets(Some(150));
    let now = REFRESHED + 61;
    let expiry = expiry_bucket(now + 30 * DAY).unwrap();
    wsol.book_cover(40 * SOL, expiry, now).unwrap();
    let v = view(&s, (&base, &wsol), (10_000 * USDC, 100 * SOL), now).unwrap();
    assert!(!v.fresh);
    assert_eq!(v.non_base_capital, None);
    assert_eq!(v.non_base_active_cover, 6_060 * USDC);
    assert_eq!(
        v.market(TradeSide::Buy, SUPPLY, &params()).unwrap_err(),
        MutualError::StaleSnapshot.into()
    );
    let sell = v.market(TradeSide::Sell, SUPPLY, &params()).unwrap();
    assert_eq!((sell.capital, sell.mcr), (10_000 * USDC, 1_262_500_000));
    // one second earlier the prices count
    let fresh = view(&s, (&base, &wsol), (10_000 * USDC, 100 * SOL), now - 1).unwrap();
    assert_eq!(fresh.non_base_capital, Some(14_850 * USDC));
}

#[test]
fn nothing_outside_the_base_asset_needs_no_price_and_a_dust_donation_needs_a_fresh_one_to_buy() {
    // wSOL never priced and empty: any age, both sides trade on the base vault
    let s = snapshot();
    let (base, unpriced) = assets(None);
    let late = REFRESHED + 365 * DAY;
    let v = view(&s, (&base, &unpriced), (1_000 * USDC, 0), late).unwrap();
    assert!(!v.non_base_in_use);
    assert_eq!(
        v.market(TradeSide::Buy, SUPPLY, &params()).unwrap().capital,
        1_000 * USDC
    );
    // one lamport donated: a buy waits for a refresh, a sale does not
    let v = view(&s, (&base, &unpriced), (1_000 * USDC, 1), late).unwrap();
    assert_eq!(
        v.market(TradeSide::Buy, SUPPLY, &params()).unwrap_err(),
        MutualError::StaleSnapshot.into()
    );
    assert_eq!(
        v.market(TradeSide::Sell, SUPPLY, &params())
            .unwrap()
            .capital,
        1_000 * USDC
    );
    // fresh but never priced: refused by name, never valued at 0
    assert_eq!(
        view(&s, (&base, &unpriced), (1_000 * USDC, 1), REFRESHED).unwrap_err(),
        MutualError::AssetNotPriced.into()
    );
}

#[test]
fn pending_payouts_follow_their_asset_and_lower_only_what_a_sale_may_take() {
    // 2,000 USDC and 10 SOL; claims owed: 500 USDC and 2 SOL (at $151.50: 303 USDC)
    let mut s = snapshot();
    let (base, wsol) = assets(Some(150));
    s.apply_liability(0, LiabilityChange::Booked(500 * USDC))
        .unwrap();
    s.apply_liability(1, LiabilityChange::Booked(2 * SOL))
        .unwrap();
    let at = |s: &CapitalSnapshot, base_vault| {
        view(s, (&base, &wsol), (base_vault, 10 * SOL), REFRESHED).unwrap()
    };
    let v = at(&s, 2_000 * USDC);
    assert_eq!((v.base_pending, v.pending_value), (500 * USDC, 803 * USDC));
    // a buy is priced gross, a sale net; a sale may take the base vault less what base claims are owed
    assert_eq!(
        v.market(TradeSide::Buy, SUPPLY, &params()).unwrap().capital,
        3_485 * USDC
    );
    let sell = v.market(TradeSide::Sell, SUPPLY, &params()).unwrap();
    assert_eq!(
        (sell.capital, sell.base_liquidity),
        (2_682 * USDC, 1_500 * USDC)
    );
    // the SOL claim follows SOL: at $300 ± $3 it is owed 606 USDC
    let (_, mut dearer) = assets(None);
    dearer.record_price(
        AssetPrice::from_pyth(30_000, 300, -2, 9, 6, Bps(1_000)).unwrap(),
        REFRESHED,
    );
    let holdings = [
        Holding::recorded(&base, 2_000 * USDC),
        Holding::recorded(&dearer, 10 * SOL),
    ];
    let v = s.view(&holdings, None, REFRESHED, &params()).unwrap();
    assert_eq!(v.pending_value, 1_106 * USDC);
    // 12 SOL owed with 10 in the vault: the 2 SOL short (303 USDC at μ + σ) are kept in the base vault too
    s.apply_liability(1, LiabilityChange::Booked(10 * SOL))
        .unwrap();
    let v = at(&s, 2_000 * USDC);
    assert_eq!(v.non_base_shortfall, 303 * USDC);
    assert_eq!(
        v.market(TradeSide::Sell, SUPPLY, &params())
            .unwrap()
            .base_liquidity,
        1_197 * USDC
    );
    s.apply_liability(1, LiabilityChange::Released(10 * SOL))
        .unwrap();
    // more owed than held: a sale, which would pay nothing, is refused by name; a buy is unmoved
    let v = view(&s, (&base, &wsol), (0, 0), REFRESHED).unwrap();
    assert_eq!(
        v.market(TradeSide::Sell, SUPPLY, &params()).unwrap_err(),
        MutualError::LiabilitiesExceedCapital.into()
    );
    assert_eq!(
        v.market(TradeSide::Buy, SUPPLY, &params()).unwrap().capital,
        0
    );
    // released to the unit; an unknown asset index is refused
    s.apply_liability(1, LiabilityChange::Released(2 * SOL))
        .unwrap();
    assert_eq!(s.pending_units[1], 0);
    assert_eq!(
        s.apply_liability(1, LiabilityChange::Released(1))
            .unwrap_err(),
        MutualError::MathOverflow.into()
    );
    assert_eq!(
        s.apply_liability(8, LiabilityChange::Booked(1))
            .unwrap_err(),
        MutualError::InvalidAssetAccounts.into()
    );
}

#[test]
fn a_premium_and_its_cover_are_recorded_in_the_same_instruction() {
    let params = params();
    let mut s = snapshot();
    s.record(1_000 * USDC, SUPPLY, 0, &params, REFRESHED)
        .unwrap();
    assert_eq!(s.book_value, USDC);
    let (base, wsol) = assets(Some(150));
    // a 6 SOL premium: 891 USDC at μ − σ joins capital and the non-base figure, and book value moves at once
    let value = s
        .record_inflow(&wsol, 6 * SOL, SUPPLY, &params, REFRESHED + 1)
        .unwrap();
    assert_eq!(value, 891 * USDC);
    assert_eq!(
        (s.capital, s.non_base_capital, s.book_value),
        (1_891 * USDC, 891 * USDC, 1_891_000)
    );
    // 40 SOL of cover at μ + σ: 6,060 USDC of active cover, an MCR of 1,262.5 at 480%
    s.record_cover(&wsol, 40 * SOL, 0, &params, REFRESHED + 1)
        .unwrap();
    assert_eq!(
        (s.active_cover, s.non_base_active_cover, s.mcr),
        (6_060 * USDC, 6_060 * USDC, 1_262_500_000)
    );
    // an edit releases 10 SOL and books 20; a base premium moves capital alone
    s.record_cover(&wsol, 20 * SOL, 10 * SOL, &params, REFRESHED + 2)
        .unwrap();
    assert_eq!(s.non_base_active_cover, 7_575 * USDC);
    s.record_inflow(&base, 9 * USDC, SUPPLY, &params, REFRESHED + 2)
        .unwrap();
    assert_eq!((s.capital, s.non_base_capital), (1_900 * USDC, 891 * USDC));
}

#[test]
fn a_refresh_records_the_view_and_restarts_the_clock() {
    let params = params();
    let mut s = snapshot();
    let (base, wsol) = assets(Some(150));
    let holdings = [
        Holding::recorded(&base, 700 * USDC),
        Holding::recorded(&wsol, 2 * SOL),
    ];
    let now = REFRESHED + 10 * DAY;
    let v = s.record_refresh(&holdings, SUPPLY, &params, now).unwrap();
    assert!(v.fresh);
    assert_eq!(
        (s.capital, s.non_base_capital, s.refreshed_at),
        (997 * USDC, 297 * USDC, now)
    );
    s.require_priced(60, now + 60).unwrap();
    assert_eq!(
        s.require_priced(60, now + 61).unwrap_err(),
        MutualError::StaleSnapshot.into()
    );
    // a trade on stale prices keeps the non-base figure as last recorded
    let stale = s.view(&holdings, None, now + 61, &params).unwrap();
    s.record_view(&stale, SUPPLY, &params, now + 61).unwrap();
    assert_eq!((s.capital, s.non_base_capital), (997 * USDC, 297 * USDC));
    s.remove_non_base_capital(400 * USDC);
    assert_eq!(s.non_base_capital, 0);
}

#[test]
fn a_trade_counts_a_newer_posted_price_where_it_costs_the_trader_more() {
    // 1,000 USDC, 10 SOL recorded at $150 ± $1.50 and 2 SOL owed to an accepted claim; the feed now shows
    // $300 ± $3. A buy pays for the SOL at $297 (2,970 USDC); a sale is paid for it at $148.50 (1,485 USDC) and
    // owes the claim at $303 (606 USDC) rather than $151.50 (303 USDC).
    let mut s = snapshot();
    s.apply_liability(1, LiabilityChange::Booked(2 * SOL))
        .unwrap();
    let (base, wsol) = assets(Some(150));
    let posted = AssetPrice::from_pyth(30_000, 300, -2, 9, 6, Bps(1_000)).unwrap();
    let holdings = |posted| {
        [
            Holding::recorded(&base, 1_000 * USDC),
            Holding {
                asset: &wsol,
                vault_balance: 10 * SOL,
                posted,
            },
        ]
    };
    let now = REFRESHED + 10;
    let market = |posted, trade, side| {
        s.view(&holdings(posted), trade, now, &params())
            .unwrap()
            .market(side, SUPPLY, &params())
            .unwrap()
    };
    let buy = market(Some(posted), Some(TradeSide::Buy), TradeSide::Buy);
    assert_eq!(buy.capital, 3_970 * USDC);
    let sell = market(Some(posted), Some(TradeSide::Sell), TradeSide::Sell);
    assert_eq!(sell.capital, 2_485 * USDC - 606 * USDC);
    // what the snapshot records (no trade side) ignores the posted price
    let recorded = s
        .view(&holdings(Some(posted)), None, now, &params())
        .unwrap();
    assert_eq!(
        (recorded.non_base_capital, recorded.pending_value),
        (Some(1_485 * USDC), 303 * USDC)
    );
    // a lower posted price ($100 ± $1): the buy keeps the recorded $148.50, the sale takes $99
    let lower = AssetPrice::from_pyth(10_000, 100, -2, 9, 6, Bps(1_000)).unwrap();
    assert_eq!(
        market(Some(lower), Some(TradeSide::Buy), TradeSide::Buy).capital,
        2_485 * USDC
    );
    let sell = market(Some(lower), Some(TradeSide::Sell), TradeSide::Sell);
    assert_eq!(sell.capital, 1_990 * USDC - 303 * USDC);
    // without a posted price both sides trade at the recorded one
    assert_eq!(
        market(None, Some(TradeSide::Sell), TradeSide::Sell).capital,
        2_485 * USDC - 303 * USDC
    );
}

#[test]
fn the_invariant_fails_on_non_base_cover_above_the_total_or_a_refresh_after_the_last_write() {
    let s = snapshot();
    s.invariant().unwrap();
    let broken = MutualError::CapitalAccountingBroken.into();
    let mut cover = snapshot();
    cover.non_base_active_cover = cover.active_cover + 1;
    assert_eq!(cover.invariant().unwrap_err(), broken);
    let mut times = snapshot();
    times.refreshed_at = times.updated_at + 1;
    assert_eq!(times.invariant().unwrap_err(), broken);
}
