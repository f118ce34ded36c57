use super::TokenTrade;
use crate::cpi_helpers::{burn_from_owner, ConfigSigner};
use crate::events::TokenSellEvent;
use crate::math::book_value::quote_sell;
use crate::state::TradeSide;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct TokenSellArgs {
    /// Stake-token base units burnt.
    pub stake_in: u64,
    /// Fewest base-asset units the member accepts (slippage guard).
    pub min_base_out: u64,
}

impl<'info> TokenTrade<'info> {
    /// A member sells stake tokens back at book value minus the buffer, as long as capital stays at or above the
    /// minimum capital requirement. Selling is an exit: no pause stops it, so no key can trap members.
    pub fn token_sell(ctx: Context<'info, Self>, args: TokenSellArgs) -> Result<()> {
        let accounts = ctx.accounts;
        let clock = Clock::get()?;
        let now = clock.unix_timestamp;
        let (market, others) = accounts.market(ctx.remaining_accounts, TradeSide::Sell, &clock)?;
        let base_out = quote_sell(
            &market,
            accounts.wallet_stake_account.amount,
            args.stake_in,
            args.min_base_out,
            accounts.config.params.token_buffer,
        )?;

        burn_from_owner(
            &accounts.stake_token_program.to_account_info(),
            &accounts.stake_mint.to_account_info(),
            &accounts.wallet_stake_account.to_account_info(),
            &accounts.wallet.to_account_info(),
            args.stake_in,
        )?;
        ConfigSigner::new(&accounts.config).transfer(
            &accounts.base_token_program.to_account_info(),
            &accounts.base_vault.to_account_info(),
            &accounts.base_mint.to_account_info(),
            &accounts.wallet_base_account.to_account_info(),
            base_out,
            accounts.base_mint.decimals,
        )?;

        let outcome = accounts.record(&others, now)?;
        crate::emit_event!(TokenSellEvent {
            wallet: accounts.wallet.key(),
            stake_in: args.stake_in,
            base_out,
            capital: outcome.capital,
            stake_supply: outcome.stake_supply,
            book_value: outcome.book_value,
        });
        Ok(())
    }
}
