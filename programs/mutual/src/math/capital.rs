//! Capital-pool arithmetic beyond the book value: the treasury's sweepable lamports and the solvency ratio.
use crate::constants::BPS_DENOMINATOR;
use crate::math::mul_div_down;
use anchor_lang::prelude::*;

/// Lamports the treasury can give up: its balance above the rent reserve it must keep (0 if none).
pub fn sweepable(balance: u64, rent_reserve: u64) -> u64 {
    balance.saturating_sub(rent_reserve)
}

/// The MCR ratio, capital / MCR, in basis points (10_000 = capital exactly at the MCR), rounded down so that
/// the protocol never looks more solvent than it is. `None` when the MCR is 0 (nothing required).
pub fn mcr_ratio_bps(capital: u64, mcr: u64) -> Result<Option<u64>> {
    if mcr == 0 {
        return Ok(None);
    }
    mul_div_down(capital, BPS_DENOMINATOR, mcr).map(Some)
}

#[cfg(test)]
mod tests;
