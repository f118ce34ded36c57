//! Quotes computed off chain with the program's own math, so a quote and the on-chain result agree to the unit
//! when nothing changes in between.
use crate::{fetch, pda, Result, SdkError, Transport};
use mutual::math::book_value::{base_for_sell, book_value, minimum_capital, stake_for_buy};

/// The state a stake-token trade is priced from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Market {
    pub capital: u64,
    pub stake_supply: u64,
    pub book_value: u64,
    pub mcr: u64,
}

pub fn market(chain: &impl Transport) -> Result<Market> {
    let config = fetch::config(chain)?;
    let snapshot = fetch::capital_snapshot(chain)?;
    let base = fetch::asset(chain, &config.base_asset)?;
    let vault = fetch::token_balance(chain, &base.vault)?;
    let supply = fetch::mint(chain, &pda::stake_mint().0)?.supply;
    let program = |e: anchor_lang::error::Error| SdkError::Invalid(e.to_string());
    let capital = snapshot.capital_with_base(vault).map_err(program)?;
    let active_cover = snapshot
        .active_cover_with_base(base.active_cover_amount)
        .map_err(program)?;
    let p = config.params;
    Ok(Market {
        capital,
        stake_supply: supply,
        book_value: book_value(capital, supply, p.initial_book_value).map_err(program)?,
        mcr: minimum_capital(active_cover, p.mcr_ratio, p.min_mcr).map_err(program)?,
    })
}

/// Stake units `token_buy` would mint for `base_in`.
pub fn token_buy(chain: &impl Transport, base_in: u64) -> Result<u64> {
    let p = fetch::config(chain)?.params;
    let m = market(chain)?;
    stake_for_buy(
        base_in,
        m.capital,
        m.stake_supply,
        p.token_buffer,
        p.initial_book_value,
    )
    .map_err(|e| SdkError::Invalid(e.to_string()))
}

/// Base units `token_sell` would pay for `stake_in`.
pub fn token_sell(chain: &impl Transport, stake_in: u64) -> Result<u64> {
    let p = fetch::config(chain)?.params;
    let m = market(chain)?;
    base_for_sell(stake_in, m.capital, m.stake_supply, p.token_buffer)
        .map_err(|e| SdkError::Invalid(e.to_string()))
}
