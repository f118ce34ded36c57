use super::TokenTrade;
use crate::cpi_helpers::{transfer_from_owner, ConfigSigner};
use crate::events::TokenBuyEvent;
use crate::math::book_value::quote_buy;
use crate::state::pause_area;
use crate::state::TradeSide;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct TokenBuyArgs {
    /// Base-asset units paid in.
    pub base_in: u64,
    /// Fewest stake tokens the member accepts (slippage guard).
    pub min_stake_out: u64,
}

impl<'info> TokenTrade<'info> {
    /// A member buys stake tokens at book value plus the buffer. Buying is an entry, so the TOKEN pause stops it.
    pub fn token_buy(ctx: Context<'info, Self>, args: TokenBuyArgs) -> Result<()> {
        let accounts = ctx.accounts;
        accounts.config.require_active(pause_area::TOKEN)?;
        let params = accounts.config.params;
        let clock = Clock::get()?;
        let now = clock.unix_timestamp;
        let (market, others) = accounts.market(ctx.remaining_accounts, TradeSide::Buy, &clock)?;
        let stake_out = quote_buy(
            &market,
            args.base_in,
            args.min_stake_out,
            params.token_buffer,
            params.initial_book_value,
        )?;

        transfer_from_owner(
            &accounts.base_token_program.to_account_info(),
            &accounts.wallet_base_account.to_account_info(),
            &accounts.base_mint.to_account_info(),
            &accounts.base_vault.to_account_info(),
            &accounts.wallet.to_account_info(),
            args.base_in,
            accounts.base_mint.decimals,
        )?;
        ConfigSigner::new(&accounts.config).mint_to(
            &accounts.stake_token_program.to_account_info(),
            &accounts.stake_mint.to_account_info(),
            &accounts.wallet_stake_account.to_account_info(),
            stake_out,
        )?;

        let outcome = accounts.record(&others, now)?;
        crate::emit_event!(TokenBuyEvent {
            wallet: accounts.wallet.key(),
            base_in: args.base_in,
            stake_out,
            capital: outcome.capital,
            stake_supply: outcome.stake_supply,
            book_value: outcome.book_value,
        });
        Ok(())
    }
}
