//! The stake token's book value and the prices of `token_buy` / `token_sell` (PROTOCOL.md §7).
//!
//! Book value is capital per stake token. A buyer pays book value plus the token buffer, a seller receives book
//! value minus it, so every trade leaves the book value of the remaining holders unchanged or higher. All results
//! round down: the buyer gets fewer tokens, the seller fewer base units.
use super::{mul_div_down, mul_div_up, Bps, SafeMath};
use crate::constants::{BPS_DENOMINATOR, MIN_STAKE_SUPPLY, STAKE_UNIT};
use crate::errors::MutualError;
use anchor_lang::prelude::*;

/// Which way a stake-token trade goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TradeSide {
    Buy,
    Sell,
}

/// The supply a price is computed from: never less than one whole token. Any holder can burn their own tokens,
/// so the supply can fall to dust; priced from dust, one unit would be worth all the capital (an absurd price
/// that locks later buyers in), and priced at the initial book value, a burner could re-mint cheaply and dilute
/// the other holders. Counting dust as one whole token makes burning a pure loss for the burner.
fn pricing_supply(supply: u64) -> u64 {
    supply.max(MIN_STAKE_SUPPLY)
}

/// The (capital, supply) pair a price is computed from. With no supply, one whole token is priced at
/// max(initial_book_value, capital): whoever mints first owns all the capital already in the vault (left by a
/// supply burnt to zero, or donated), so they must pay its value, not the initial book value (PROTOCOL.md §12);
/// a fresh deployment starts at the initial book value.
fn pricing_pair(capital: u64, supply: u64, initial_book_value: u64) -> (u64, u64) {
    if supply == 0 {
        (capital.max(initial_book_value), STAKE_UNIT)
    } else {
        (capital, pricing_supply(supply))
    }
}

/// Capital per whole stake token (`STAKE_UNIT` base units of stake), in base-asset units, rounded down. With no
/// supply, the price of the first mint: max(initial_book_value, capital).
pub fn book_value(capital: u64, supply: u64, initial_book_value: u64) -> Result<u64> {
    let (capital, supply) = pricing_pair(capital, supply, initial_book_value);
    mul_div_down(capital, STAKE_UNIT, supply)
}

/// Stake tokens minted for `base_in` base units: base_in / (BV · (1 + buffer)), rounded down.
///
/// The first mint (supply 0) prices one token at max(initial_book_value, capital): whatever the vault holds then
/// (a donation, or what is left after every holder sold or burnt out) goes to the first buyer at its value.
pub fn stake_for_buy(
    base_in: u64,
    capital: u64,
    supply: u64,
    buffer: Bps,
    initial_book_value: u64,
) -> Result<u64> {
    let (capital, supply) = pricing_pair(capital, supply, initial_book_value);
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
    require!(stake_in <= supply, MutualError::SellExceedsSupply);
    require!(supply > 0, MutualError::ZeroAmount);
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

/// What a stake-token trade is priced from: capital now (base vault live, other assets as of the last refresh),
/// the stake supply, and the minimum capital requirement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Market {
    pub capital: u64,
    pub stake_supply: u64,
    pub mcr: u64,
    /// What the base vault holds: a sale is paid in the base asset only, whatever else capital is made of.
    pub base_liquidity: u64,
}

/// Every rule of `token_buy` in one place, so that the program and the SDK's quote refuse exactly the same
/// trades: stake minted for `base_in`, or the named error. Refuses a zero amount or a result of zero tokens
/// (`ZeroAmount`), a mint that leaves an empty or dust supply below one whole token (`FirstMintTooSmall`), and
/// a result below `min_stake_out` (`SlippageExceeded`).
pub fn quote_buy(
    market: &Market,
    base_in: u64,
    min_stake_out: u64,
    buffer: Bps,
    initial_book_value: u64,
) -> Result<u64> {
    require!(base_in > 0, MutualError::ZeroAmount);
    let stake_out = stake_for_buy(
        base_in,
        market.capital,
        market.stake_supply,
        buffer,
        initial_book_value,
    )?;
    require!(stake_out > 0, MutualError::ZeroAmount);
    // A mint from no (or dust) supply must leave at least one whole token, or the next trade would again be
    // priced from dust.
    require!(
        market.stake_supply.safe_add(stake_out)? >= MIN_STAKE_SUPPLY,
        MutualError::FirstMintTooSmall
    );
    require!(stake_out >= min_stake_out, MutualError::SlippageExceeded);
    Ok(stake_out)
}

/// Every rule of `token_sell`: base paid for `stake_in` out of a `balance`, or the named error. Refuses a zero
/// amount or a payout of zero (`ZeroAmount`), more than the seller holds (`InsufficientBalance`) or than exists
/// (`SellExceedsSupply`), a supply left below one whole token (`SupplyBelowMinimum`), capital left below the
/// MCR (`BelowMcr`), a payout above what the base vault holds (`InsufficientBaseLiquidity`: the rest of capital
/// may be in other assets), and a payout below `min_base_out` (`SlippageExceeded`).
pub fn quote_sell(
    market: &Market,
    balance: u64,
    stake_in: u64,
    min_base_out: u64,
    buffer: Bps,
) -> Result<u64> {
    require!(stake_in > 0, MutualError::ZeroAmount);
    require!(stake_in <= balance, MutualError::InsufficientBalance);
    let base_out = base_for_sell(stake_in, market.capital, market.stake_supply, buffer)?;
    require!(base_out > 0, MutualError::ZeroAmount);
    require!(
        market.stake_supply - stake_in >= MIN_STAKE_SUPPLY,
        MutualError::SupplyBelowMinimum
    );
    require!(
        market.capital.safe_sub(base_out)? >= market.mcr,
        MutualError::BelowMcr
    );
    require!(
        base_out <= market.base_liquidity,
        MutualError::InsufficientBaseLiquidity
    );
    require!(base_out >= min_base_out, MutualError::SlippageExceeded);
    Ok(base_out)
}
