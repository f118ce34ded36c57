//! Unit tests of `math/prices.rs`.
use super::*;
use proptest::prelude::*;
use test_case::test_case;

const MAX_CONF: Bps = Bps(200);
const USDC_DECIMALS: u8 = 6;

fn refusal(e: MutualError) -> anchor_lang::error::Error {
    e.into()
}

// SOL at $150 with a $0.15 band (10 bp), with either exponent and any decimals: a whole token is always worth
// $149.85 as capital and $150.15 as a liability, in USDC (6 decimals).
#[test_case(15_000_000_000, 15_000_000, -8, 9 => (149_850_000, 150_150_000); "exponent -8, 9 decimals")]
#[test_case(15_000_000, 15_000, -5, 9 => (149_850_000, 150_150_000); "exponent -5, 9 decimals")]
#[test_case(15_000_000_000, 15_000_000, -8, 8 => (149_850_000, 150_150_000); "8 decimals")]
#[test_case(15_000_000_000, 15_000_000, -8, 6 => (149_850_000, 150_150_000); "6 decimals")]
fn one_whole_token_in_usdc(price: i64, conf: u64, exponent: i32, decimals: u8) -> (u64, u64) {
    let p =
        AssetPrice::from_pyth(price, conf, exponent, decimals, USDC_DECIMALS, MAX_CONF).unwrap();
    let one = 10u64.pow(u32::from(decimals));
    (
        p.to_base(one, Side::Capital).unwrap(),
        p.to_base(one, Side::Liability).unwrap(),
    )
}

#[test]
fn a_positive_exponent_multiplies() {
    // An index at 3 · 10^2 = $300 (conf 0), 9 decimals: 2.5 tokens are worth 750 USDC.
    let p = AssetPrice::from_pyth(3, 0, 2, 9, USDC_DECIMALS, MAX_CONF).unwrap();
    assert_eq!(
        p,
        AssetPrice {
            low: 3,
            high: 3,
            exponent: 2 + 6 - 9
        }
    );
    assert_eq!(
        p.to_base(2_500_000_000, Side::Capital).unwrap(),
        750_000_000
    );
}

#[test]
fn capital_rounds_down_and_liabilities_up() {
    // $1.5 per whole token of 9 decimals into 6-decimal USDC: one base unit is worth 0.0015 USDC units.
    let p = AssetPrice::from_pyth(150_000_000, 0, -8, 9, USDC_DECIMALS, MAX_CONF).unwrap();
    assert_eq!(p.to_base(1, Side::Capital).unwrap(), 0);
    assert_eq!(p.to_base(1, Side::Liability).unwrap(), 1);
    assert_eq!(p.to_base(1_000, Side::Capital).unwrap(), 1);
    assert_eq!(p.to_base(1_000, Side::Liability).unwrap(), 2);
}

#[test_case(0, 0, -8 => refusal(MutualError::NonPositivePrice); "zero")]
#[test_case(-15_000_000_000, 0, -8 => refusal(MutualError::NonPositivePrice); "negative")]
#[test_case(15_000_000_000, 300_000_001, -8 => refusal(MutualError::PriceConfidenceTooWide); "conf just above 2%")]
#[test_case(15_000_000_000, 0, -13 => refusal(MutualError::PriceExponentOutOfRange); "exponent below -12")]
#[test_case(15_000_000_000, 0, 5 => refusal(MutualError::PriceExponentOutOfRange); "exponent above +4")]
fn refused(price: i64, conf: u64, exponent: i32) -> anchor_lang::error::Error {
    AssetPrice::from_pyth(price, conf, exponent, 9, USDC_DECIMALS, MAX_CONF).unwrap_err()
}

#[test]
fn conf_at_exactly_the_bound_is_accepted() {
    let p =
        AssetPrice::from_pyth(15_000_000_000, 300_000_000, -8, 9, USDC_DECIMALS, MAX_CONF).unwrap();
    assert_eq!((p.low, p.high), (14_700_000_000, 15_300_000_000));
}

#[test]
fn the_extreme_exponents_are_checked_not_wrapped() {
    // +4 with 0 decimals into an 18-decimal base: 10^22 base units per unit overflows a u64 for any amount.
    let p = AssetPrice::from_pyth(1, 0, 4, 0, 18, MAX_CONF).unwrap();
    assert_eq!(
        p.to_base(1, Side::Capital).unwrap_err(),
        refusal(MutualError::MathOverflow)
    );
    // -12 with 18 decimals into 6: 10^-24 per unit rounds a whole u64 amount down to 0, and up to 1.
    let p = AssetPrice::from_pyth(1, 0, -12, 18, 6, MAX_CONF).unwrap();
    assert_eq!(p.to_base(u64::MAX, Side::Capital).unwrap(), 0);
    assert_eq!(p.to_base(u64::MAX, Side::Liability).unwrap(), 1);
}

#[test]
fn the_base_asset_is_worth_itself() {
    assert_eq!(
        AssetPrice::ONE.to_base(123_456, Side::Capital).unwrap(),
        123_456
    );
    assert_eq!(
        AssetPrice::ONE.to_base(123_456, Side::Liability).unwrap(),
        123_456
    );
}

#[test]
fn stake_conversions_round_for_the_protocol() {
    // BV 1.01 USDC: 101 USDC buy exactly 100 tokens; 1 unit of base is a sliver of a token, rounded up.
    assert_eq!(
        base_to_stake(101_000_000, 1_010_000).unwrap(),
        100 * STAKE_UNIT
    );
    assert_eq!(base_to_stake(1, 1_010_000).unwrap(), 991);
    assert_eq!(stake_to_base(991, 1_010_000).unwrap(), 1);
    assert_eq!(stake_to_base(990, 1_010_000).unwrap(), 0);
    assert_eq!(
        base_to_stake(1, 0).unwrap_err(),
        refusal(MutualError::ZeroBookValue)
    );
}

proptest! {
    #[test]
    fn capital_never_exceeds_liability_and_both_grow_with_the_amount(
        price in 1i64..=i64::MAX / 2,
        conf_bps in 0u64..=200,
        exponent in MIN_PRICE_EXPONENT..=MAX_PRICE_EXPONENT,
        decimals in 0u8..=9,
        a in 0u64..=u64::MAX / 2,
        b in 0u64..=u64::MAX / 2,
    ) {
        let conf = (price as u128 * u128::from(conf_bps) / 10_000) as u64;
        let p = AssetPrice::from_pyth(price, conf, exponent, decimals, USDC_DECIMALS, MAX_CONF).unwrap();
        prop_assert!(p.low <= p.high);
        let (small, large) = (a.min(b), a.max(b));
        if let (Ok(low), Ok(high)) = (p.to_base(large, Side::Capital), p.to_base(large, Side::Liability)) {
            prop_assert!(low <= high);
            prop_assert!(p.to_base(small, Side::Capital).unwrap() <= low);
            prop_assert!(p.to_base(small, Side::Liability).unwrap() <= high);
        }
    }

    #[test]
    fn stake_charged_for_a_value_is_worth_at_least_that_value(
        base in 0u64..=u64::MAX / 4,
        book_value in 1u64..=1_000_000_000_000,
    ) {
        // ceil(base · U / BV) tokens, valued back down, are worth at least `base` and less than one unit more
        // than a token's sliver above it.
        if let Ok(stake) = base_to_stake(base, book_value) {
            if let Ok(back) = stake_to_base(stake, book_value) {
                prop_assert!(back >= base);
                prop_assert!(back <= base + book_value / STAKE_UNIT);
            }
        }
    }
}

#[test]
fn any_exponent_a_mint_could_produce_is_valued_without_failing() {
    // 255 decimals against 6: 10^-261 per unit is less than anything; a zero amount is zero everywhere.
    let p = AssetPrice::from_pyth(1, 0, -12, 255, 6, MAX_CONF).unwrap();
    assert_eq!(p.to_base(u64::MAX, Side::Capital).unwrap(), 0);
    assert_eq!(p.to_base(u64::MAX, Side::Liability).unwrap(), 1);
    assert_eq!(p.to_base(0, Side::Liability).unwrap(), 0);
    let huge = AssetPrice::from_pyth(1, 0, 4, 0, 18, MAX_CONF).unwrap();
    assert_eq!(huge.to_base(0, Side::Capital).unwrap(), 0);
}

#[test_case(100, None, Side::Capital, TradeSide::Buy => 100 ; "no posted price: the recorded value")]
#[test_case(100, None, Side::Liability, TradeSide::Sell => 100 ; "no posted price for a sale either")]
#[test_case(100, Some(130), Side::Capital, TradeSide::Buy => 130 ; "a buy pays for capital at the higher")]
#[test_case(130, Some(100), Side::Capital, TradeSide::Buy => 130 ; "a buy keeps a higher recorded value")]
#[test_case(100, Some(130), Side::Capital, TradeSide::Sell => 100 ; "a sale is paid capital at the lower")]
#[test_case(130, Some(100), Side::Capital, TradeSide::Sell => 100 ; "a sale takes a lower posted value")]
#[test_case(100, Some(130), Side::Liability, TradeSide::Sell => 130 ; "a sale owes liabilities at the higher")]
#[test_case(130, Some(100), Side::Liability, TradeSide::Buy => 130 ; "a buy counts liabilities at the higher")]
fn a_trade_counts_the_price_that_costs_the_trader_more(
    recorded: u64,
    posted: Option<u64>,
    side: Side,
    trade: TradeSide,
) -> u64 {
    trade_value(recorded, posted, side, trade)
}

proptest! {
    /// A round trip around a refresh: the buy counted capital at `before` and `posted`; the refresh then records
    /// any price the sale sees as recorded (`after`, with `live` beside it). Whatever the prices, the sale's capital
    /// is at most the buy's as long as the refresh recorded a price the buy saw (`after` ∈ {before, posted}).
    #[test]
    fn a_refresh_between_a_buy_and_a_sale_never_raises_the_sale(
        before in 0u64..=u64::MAX,
        posted in 0u64..=u64::MAX,
        recorded_posted in any::<bool>(),
        live in proptest::option::of(0u64..=u64::MAX),
    ) {
        let bought_at = trade_value(before, Some(posted), Side::Capital, TradeSide::Buy);
        let after = if recorded_posted { posted } else { before };
        let sold_at = trade_value(after, live, Side::Capital, TradeSide::Sell);
        prop_assert!(sold_at <= bought_at);
        prop_assert!(trade_value(after, live, Side::Liability, TradeSide::Sell) >= after);
    }
}
