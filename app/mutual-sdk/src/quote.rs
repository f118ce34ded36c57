//! Quotes computed off chain with the program's own rules (`mutual::math::book_value::quote_buy` /
//! `quote_sell`), so a quote refuses exactly what the chain would refuse, with the same error, and agrees with the
//! on-chain result to the unit when nothing changes in between.
use crate::{fetch, pda, Result, SdkError, Transport};
use anchor_lang::prelude::Pubkey;
use mutual::math::book_value::{self, book_value, quote_buy, quote_sell};

/// The state a stake-token trade is priced from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Market {
    pub capital: u64,
    pub stake_supply: u64,
    pub book_value: u64,
    pub mcr: u64,
}

impl Market {
    fn pricing(&self) -> book_value::Market {
        book_value::Market {
            capital: self.capital,
            stake_supply: self.stake_supply,
            mcr: self.mcr,
        }
    }
}

pub fn market(chain: &impl Transport) -> Result<Market> {
    let config = fetch::config(chain)?;
    let snapshot = fetch::capital_snapshot(chain)?;
    let base = fetch::asset(chain, &config.base_asset)?;
    let vault = fetch::token_balance(chain, &base.vault)?;
    let supply = fetch::mint(chain, &pda::stake_mint().0)?.supply;
    let p = config.params;
    let m = snapshot
        .market(vault, base.active_cover_amount, supply, &p)
        .map_err(SdkError::refused)?;
    Ok(Market {
        capital: m.capital,
        stake_supply: m.stake_supply,
        book_value: book_value(m.capital, m.stake_supply, p.initial_book_value)
            .map_err(SdkError::refused)?,
        mcr: m.mcr,
    })
}

/// Stake units `token_buy(base_in, min_stake_out)` would mint, or the error the program would refuse it with.
pub fn token_buy(chain: &impl Transport, base_in: u64, min_stake_out: u64) -> Result<u64> {
    let p = fetch::config(chain)?.params;
    let m = market(chain)?;
    quote_buy(
        &m.pricing(),
        base_in,
        min_stake_out,
        p.token_buffer,
        p.initial_book_value,
    )
    .map_err(SdkError::refused)
}

/// Base units `token_sell(stake_in, min_base_out)` by `wallet` would pay, or the error the program would refuse
/// it with. A wallet without a stake-token account holds nothing.
pub fn token_sell(
    chain: &impl Transport,
    wallet: &Pubkey,
    stake_in: u64,
    min_base_out: u64,
) -> Result<u64> {
    let p = fetch::config(chain)?.params;
    let m = market(chain)?;
    let balance = fetch::token_account(chain, &pda::stake_account(wallet))?.map_or(0, |a| a.amount);
    quote_sell(
        &m.pricing(),
        balance,
        stake_in,
        min_base_out,
        p.token_buffer,
    )
    .map_err(SdkError::refused)
}
