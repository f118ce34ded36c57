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
mod tests;
