//! Unit tests of `math/book_value.rs`.
use super::*;
use proptest::prelude::*;
use test_case::test_case;

const USDC: u64 = 1_000_000;
const BUFFER: Bps = Bps(100);

#[test_case(0, 0, 7 => 7; "no supply uses the initial value")]
#[test_case(500 * USDC, 0, USDC => 500 * USDC; "no supply but capital prices a token at the capital")]
#[test_case(1_000 * USDC, 500 * STAKE_UNIT, 1 => 2 * USDC; "two dollars a token")]
#[test_case(10, 3 * STAKE_UNIT, 1 => 3; "rounds down")]
fn book_value_table(capital: u64, supply: u64, initial: u64) -> u64 {
    book_value(capital, supply, initial).unwrap()
}

#[test]
fn a_first_mint_pays_for_what_the_vault_already_holds() {
    // 101 USDC at an initial book value of 1 USDC and a 1% buffer buys exactly 100 tokens from an empty vault...
    assert_eq!(
        stake_for_buy(101 * USDC, 0, 0, BUFFER, USDC).unwrap(),
        100 * STAKE_UNIT
    );
    // ...and one token priced at the 500 USDC a burnt-out supply left behind, not the vault for a song.
    assert_eq!(
        stake_for_buy(101 * USDC, 500 * USDC, 0, BUFFER, USDC).unwrap(),
        200_000_000
    );
    assert_eq!(
        stake_for_buy(505 * USDC, 500 * USDC, 0, BUFFER, USDC).unwrap(),
        STAKE_UNIT
    );
}

#[test]
fn buy_and_sell_at_two_dollars() {
    // capital 2_000 USDC over 1_000 tokens: BV = 2 USDC.
    let bought = stake_for_buy(202 * USDC, 2_000 * USDC, 1_000 * STAKE_UNIT, BUFFER, USDC).unwrap();
    assert_eq!(bought, 100 * STAKE_UNIT);
    let paid = base_for_sell(100 * STAKE_UNIT, 2_000 * USDC, 1_000 * STAKE_UNIT, BUFFER).unwrap();
    assert_eq!(paid, 198 * USDC);
}

#[test]
fn a_dust_supply_prices_as_one_whole_token() {
    // One unit left after a holder burnt the rest, 2 USDC of capital: priced at 2 USDC per token, neither
    // at capital / 1 unit nor at the initial book value.
    let out = stake_for_buy(202 * USDC, 2 * USDC, 1, BUFFER, USDC).unwrap();
    assert_eq!(out, 100 * STAKE_UNIT);
    assert_eq!(
        book_value(2 * USDC, STAKE_UNIT - 1, USDC).unwrap(),
        2 * USDC
    );
    assert_eq!(book_value(2 * USDC, STAKE_UNIT, USDC).unwrap(), 2 * USDC);
    assert_eq!(book_value(2 * USDC, 0, USDC).unwrap(), 2 * USDC);
    assert_eq!(book_value(0, 0, USDC).unwrap(), USDC);
}

#[test]
fn zero_capital_with_supply_cannot_be_priced() {
    let err = stake_for_buy(USDC, 0, STAKE_UNIT, BUFFER, USDC).unwrap_err();
    assert_eq!(err, MutualError::ZeroBookValue.into());
}

#[test]
fn selling_more_than_supply_is_refused_by_name() {
    let err = base_for_sell(2, 10, 1, BUFFER).unwrap_err();
    assert_eq!(err, MutualError::SellExceedsSupply.into());
}

/// 2_000 USDC over 1_000 tokens (BV 2 USDC), MCR 1_000 USDC.
const MARKET: Market = Market {
    capital: 2_000 * USDC,
    stake_supply: 1_000 * STAKE_UNIT,
    mcr: 1_000 * USDC,
    base_liquidity: 2_000 * USDC,
};

#[test_case(&MARKET, 0, 0 => Err("ZeroAmount".to_string()); "zero amount")]
#[test_case(&Market { capital: u64::MAX / 2, stake_supply: STAKE_UNIT, mcr: 0, base_liquidity: u64::MAX / 2 }, 1, 0
    => Err("ZeroAmount".to_string()); "worth no token unit")]
#[test_case(&Market { stake_supply: 0, capital: 0, mcr: 0, base_liquidity: 0 }, 1_000_000, 0
    => Err("FirstMintTooSmall".to_string()); "first mint under one token")]
#[test_case(&Market { stake_supply: 1, ..MARKET }, 1_000_000, 0
    => Err("FirstMintTooSmall".to_string()); "dust supply not restored to one token")]
#[test_case(&MARKET, 202 * USDC, 100 * STAKE_UNIT + 1 => Err("SlippageExceeded".to_string()); "one above the result")]
#[test_case(&MARKET, 202 * USDC, 100 * STAKE_UNIT => Ok(100 * STAKE_UNIT); "the exact result")]
#[test_case(&MARKET, u64::MAX, 0 => Err("MathOverflow".to_string()); "near u64 max")]
fn quote_buy_table(
    market: &Market,
    base_in: u64,
    min_out: u64,
) -> std::result::Result<u64, String> {
    quote_buy(market, base_in, min_out, BUFFER, USDC).map_err(as_mutual)
}

#[test_case(1_000 * STAKE_UNIT, 0, 0 => Err("ZeroAmount".to_string()); "zero amount")]
#[test_case(1_000 * STAKE_UNIT, 1, 0 => Err("ZeroAmount".to_string()); "worth no base unit")]
#[test_case(0, 10 * STAKE_UNIT, 0 => Err("InsufficientBalance".to_string()); "nothing to sell")]
#[test_case(u64::MAX, 1_001 * STAKE_UNIT, 0 => Err("SellExceedsSupply".to_string()); "more than exists")]
#[test_case(1_000 * STAKE_UNIT, 1_000 * STAKE_UNIT, 0 => Err("SupplyBelowMinimum".to_string()); "the whole supply")]
#[test_case(1_000 * STAKE_UNIT, 600 * STAKE_UNIT, 0 => Err("BelowMcr".to_string()); "capital below the MCR")]
#[test_case(1_000 * STAKE_UNIT, 100 * STAKE_UNIT, 198 * USDC + 1 => Err("SlippageExceeded".to_string()); "one above the result")]
#[test_case(1_000 * STAKE_UNIT, 100 * STAKE_UNIT, 198 * USDC => Ok(198 * USDC); "the exact result")]
fn quote_sell_table(balance: u64, stake_in: u64, min_out: u64) -> std::result::Result<u64, String> {
    quote_sell(&MARKET, balance, stake_in, min_out, BUFFER).map_err(as_mutual)
}

#[test]
fn a_sale_is_paid_from_the_base_vault_only() {
    // 1,300 of the 2,000 USDC of capital is in another asset: 100 tokens pay 198 USDC; 400 pay 792, within the
    // MCR but above the 700 in the vault; 800 pay 1,584 and break the MCR first.
    let split = Market {
        capital: 2_000 * USDC,
        stake_supply: 1_000 * STAKE_UNIT,
        mcr: 500 * USDC,
        base_liquidity: 700 * USDC,
    };
    assert_eq!(
        quote_sell(&split, u64::MAX, 100 * STAKE_UNIT, 0, BUFFER).unwrap(),
        198 * USDC
    );
    assert_eq!(
        quote_sell(&split, u64::MAX, 400 * STAKE_UNIT, 0, BUFFER).map_err(as_mutual),
        Err("InsufficientBaseLiquidity".to_string())
    );
    assert_eq!(
        quote_sell(&split, u64::MAX, 800 * STAKE_UNIT, 0, BUFFER).map_err(as_mutual),
        Err("BelowMcr".to_string())
    );
}

/// The name of the program error inside an Anchor error, for table tests.
fn as_mutual(error: anchor_lang::error::Error) -> String {
    match error {
        anchor_lang::error::Error::AnchorError(e) => e.error_name,
        other => panic!("not a program error: {other}"),
    }
}

#[test_case(0, 48_000, 5 => 5; "min mcr floor")]
#[test_case(4_800, 48_000, 0 => 1_000; "cover over 4.8")]
#[test_case(4_801, 48_000, 0 => 1_001; "rounds up")]
fn mcr_table(active_cover: u64, ratio: u16, min_mcr: u64) -> u64 {
    minimum_capital(active_cover, Bps(ratio), min_mcr).unwrap()
}

#[test]
fn amounts_near_u64_max_fail_cleanly() {
    let err = stake_for_buy(u64::MAX, 1, u64::MAX, BUFFER, USDC).unwrap_err();
    assert_eq!(err, MutualError::MathOverflow.into());
    assert!(base_for_sell(u64::MAX, u64::MAX, u64::MAX, BUFFER).is_ok());
}

proptest! {
    /// Buying with base_in and selling everything bought straight back never returns more than base_in.
    #[test]
    fn round_trip_never_creates_value(
        capital in 1u64..1_000_000_000 * USDC,
        supply in STAKE_UNIT..1_000_000_000 * STAKE_UNIT,
        base_in in 1u64..100_000_000 * USDC,
        buffer in 0u16..=1_000,
    ) {
        let bought = stake_for_buy(base_in, capital, supply, Bps(buffer), USDC);
        prop_assume!(bought.is_ok(), "more than u64::MAX tokens");
        let bought = bought.unwrap();
        let capital_after = capital + base_in;
        let supply_after = supply.checked_add(bought);
        prop_assume!(supply_after.is_some(), "a supply above u64::MAX");
        let supply_after = supply_after.unwrap();
        let back = base_for_sell(bought, capital_after, supply_after, Bps(buffer)).unwrap();
        prop_assert!(back <= base_in);
    }

    /// Neither a buy nor a sell lowers the book value of the tokens that stay outstanding.
    #[test]
    fn trades_never_lower_book_value(
        capital in 1u64..1_000_000_000 * USDC,
        supply in STAKE_UNIT..1_000_000_000 * STAKE_UNIT,
        amount in 1u64..100_000_000 * USDC,
        buffer in 0u16..=1_000,
    ) {
        // Compare capital/supply as exact fractions: c1/s1 >= c0/s0 <=> c1*s0 >= c0*s1.
        let bought = stake_for_buy(amount, capital, supply, Bps(buffer), USDC);
        prop_assume!(bought.is_ok(), "more than u64::MAX tokens");
        let bought = bought.unwrap();
        let (c1, s1) = (capital as u128 + amount as u128, supply as u128 + bought as u128);
        prop_assert!(c1 * supply as u128 >= capital as u128 * s1);

        let sold = amount.min(supply - 1) / 2 + 1;
        let paid = base_for_sell(sold, capital, supply, Bps(buffer)).unwrap();
        let (c2, s2) = (capital as u128 - paid as u128, supply as u128 - sold as u128);
        prop_assert!(c2 * supply as u128 >= capital as u128 * s2);
    }

    /// More base in never buys fewer tokens.
    #[test]
    fn buy_is_monotone(
        capital in 1u64..1_000_000_000 * USDC,
        supply in 0u64..1_000_000_000 * STAKE_UNIT,
        a in 0u64..100_000_000 * USDC,
        b in 0u64..100_000_000 * USDC,
    ) {
        let (lo, hi) = (a.min(b), a.max(b));
        // An amount too large to price fails; whatever is priced is monotone.
        if let (Ok(lo_out), Ok(hi_out)) = (
            stake_for_buy(lo, capital, supply, BUFFER, USDC),
            stake_for_buy(hi, capital, supply, BUFFER, USDC),
        ) {
            prop_assert!(lo_out <= hi_out);
        } else {
            prop_assert!(stake_for_buy(hi, capital, supply, BUFFER, USDC).is_err());
        }
    }
}

proptest! {
    /// Whatever `quote_sell` accepts leaves capital at or above the MCR, a supply of at least one token, and
    /// pays at least the minimum asked.
    #[test]
    fn an_accepted_sale_keeps_the_invariants(
        capital in 0u64..1_000_000_000 * USDC,
        supply in 0u64..1_000_000_000 * STAKE_UNIT,
        mcr in 0u64..1_000_000_000 * USDC,
        stake_in in 0u64..1_000_000_000 * STAKE_UNIT,
        min_out in 0u64..1_000 * USDC,
    ) {
        let market = Market { capital, stake_supply: supply, mcr, base_liquidity: capital };
        if let Ok(paid) = quote_sell(&market, u64::MAX, stake_in, min_out, BUFFER) {
            prop_assert!(capital - paid >= mcr);
            prop_assert!(supply - stake_in >= MIN_STAKE_SUPPLY);
            prop_assert!(paid >= min_out && paid > 0);
        }
    }

    /// Whatever `quote_buy` accepts leaves a supply of at least one whole token and meets the minimum asked.
    #[test]
    fn an_accepted_buy_keeps_the_invariants(
        capital in 0u64..1_000_000_000 * USDC,
        supply in 0u64..1_000_000_000 * STAKE_UNIT,
        base_in in 0u64..1_000_000 * USDC,
        min_out in 0u64..1_000 * STAKE_UNIT,
    ) {
        let market = Market { capital, stake_supply: supply, mcr: 0, base_liquidity: capital };
        if let Ok(out) = quote_buy(&market, base_in, min_out, BUFFER, USDC) {
            prop_assert!(supply + out >= MIN_STAKE_SUPPLY);
            prop_assert!(out >= min_out && out > 0);
        }
    }
}
