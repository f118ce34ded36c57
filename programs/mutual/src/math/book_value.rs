//! The stake token's book value and the prices of `token_buy` / `token_sell` (PROTOCOL.md §7).
//!
//! Book value is capital per stake token. A buyer pays book value plus the token buffer, a seller receives book
//! value minus it, so every trade leaves the book value of the remaining holders unchanged or higher. All results
//! round down: the buyer gets fewer tokens, the seller fewer base units.
use super::{mul_div_down, mul_div_up, Bps, SafeMath};
use crate::constants::{BPS_DENOMINATOR, MIN_STAKE_SUPPLY, STAKE_UNIT};
use crate::errors::MutualError;
use anchor_lang::prelude::*;

/// The supply a price is computed from: never less than one whole token. Any holder can burn their own tokens,
/// so the supply can fall to dust; priced from dust, one unit would be worth all the capital (an absurd price
/// that locks later buyers in), and priced at the initial book value, a burner could re-mint cheaply and dilute
/// the other holders. Counting dust as one whole token makes burning a pure loss for the burner.
fn pricing_supply(supply: u64) -> u64 {
    supply.max(MIN_STAKE_SUPPLY)
}

/// Capital per whole stake token (`STAKE_UNIT` base units of stake), in base-asset units, rounded down. With no
/// supply yet, the configured initial book value applies.
pub fn book_value(capital: u64, supply: u64, initial_book_value: u64) -> Result<u64> {
    if supply == 0 {
        return Ok(initial_book_value);
    }
    mul_div_down(capital, STAKE_UNIT, pricing_supply(supply))
}

/// Stake tokens minted for `base_in` base units: base_in / (BV · (1 + buffer)), rounded down.
///
/// The first mint (supply 0) prices at `initial_book_value` whatever the vault holds, so a donation to the vault
/// before it cannot inflate the first buyer's price.
pub fn stake_for_buy(
    base_in: u64,
    capital: u64,
    supply: u64,
    buffer: Bps,
    initial_book_value: u64,
) -> Result<u64> {
    let (capital, supply) = if supply == 0 {
        (initial_book_value, STAKE_UNIT)
    } else {
        (capital, pricing_supply(supply))
    };
    require!(capital > 0, MutualError::ZeroBookValue);
    let at_book_value = mul_div_down(base_in, supply, capital)?;
    mul_div_down(
        at_book_value,
        BPS_DENOMINATOR,
        BPS_DENOMINATOR.safe_add(buffer.get())?,
    )
}

/// Base units paid for `stake_in` stake tokens: stake_in · BV · (1 − buffer), rounded down.
pub fn base_for_sell(stake_in: u64, capital: u64, supply: u64, buffer: Bps) -> Result<u64> {
    require!(supply > 0 && stake_in <= supply, MutualError::MathOverflow);
    let at_book_value = mul_div_down(stake_in, capital, supply)?;
    mul_div_down(
        at_book_value,
        BPS_DENOMINATOR.safe_sub(buffer.get())?,
        BPS_DENOMINATOR,
    )
}

/// Minimum capital requirement: max(min_mcr, active cover / mcr_ratio), rounded up.
pub fn minimum_capital(active_cover: u64, mcr_ratio: Bps, min_mcr: u64) -> Result<u64> {
    let from_cover = mul_div_up(active_cover, BPS_DENOMINATOR, mcr_ratio.get())?;
    Ok(from_cover.max(min_mcr))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use test_case::test_case;

    const USDC: u64 = 1_000_000;
    const BUFFER: Bps = Bps(100);

    #[test_case(0, 0, 7 => 7; "no supply uses the initial value")]
    #[test_case(1_000 * USDC, 500 * STAKE_UNIT, 1 => 2 * USDC; "two dollars a token")]
    #[test_case(10, 3 * STAKE_UNIT, 1 => 3; "rounds down")]
    fn book_value_table(capital: u64, supply: u64, initial: u64) -> u64 {
        book_value(capital, supply, initial).unwrap()
    }

    #[test]
    fn first_mint_ignores_a_donated_vault() {
        // 101 USDC at an initial book value of 1 USDC and a 1% buffer buys exactly 100 tokens, donation or not.
        let clean = stake_for_buy(101 * USDC, 0, 0, BUFFER, USDC).unwrap();
        let donated = stake_for_buy(101 * USDC, 1_000_000 * USDC, 0, BUFFER, USDC).unwrap();
        assert_eq!(clean, 100 * STAKE_UNIT);
        assert_eq!(donated, clean);
    }

    #[test]
    fn buy_and_sell_at_two_dollars() {
        // capital 2_000 USDC over 1_000 tokens: BV = 2 USDC.
        let bought =
            stake_for_buy(202 * USDC, 2_000 * USDC, 1_000 * STAKE_UNIT, BUFFER, USDC).unwrap();
        assert_eq!(bought, 100 * STAKE_UNIT);
        let paid =
            base_for_sell(100 * STAKE_UNIT, 2_000 * USDC, 1_000 * STAKE_UNIT, BUFFER).unwrap();
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
        assert_eq!(book_value(2 * USDC, 0, USDC).unwrap(), USDC);
    }

    #[test]
    fn zero_capital_with_supply_cannot_be_priced() {
        let err = stake_for_buy(USDC, 0, STAKE_UNIT, BUFFER, USDC).unwrap_err();
        assert_eq!(err, MutualError::ZeroBookValue.into());
    }

    #[test]
    fn selling_more_than_supply_is_refused() {
        let err = base_for_sell(2, 10, 1, BUFFER).unwrap_err();
        assert_eq!(err, MutualError::MathOverflow.into());
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
            let supply_after = supply + bought;
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
}
