use super::TokenTrade;
use crate::constants::MIN_STAKE_SUPPLY;
use crate::errors::MutualError;
use crate::events::TokenSellEvent;
use crate::math::book_value::{base_for_sell, minimum_capital};
use crate::math::SafeMath;
use crate::token::{burn_from_owner, ConfigSigner};
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct TokenSellArgs {
    /// Stake-token base units burnt.
    pub stake_in: u64,
    /// Fewest base-asset units the member accepts (slippage guard).
    pub min_base_out: u64,
}

impl TokenTrade<'_> {
    /// A member sells stake tokens back at book value minus the buffer, as long as capital stays at or above the
    /// minimum capital requirement.
    #[access_control(ctx.accounts.validate(args.stake_in))]
    pub fn token_sell(ctx: Context<Self>, args: TokenSellArgs) -> Result<()> {
        let accounts = ctx.accounts;
        let params = accounts.config.params;
        let supply = accounts.stake_mint.supply;
        let capital = accounts.capital()?;
        require!(
            args.stake_in <= accounts.wallet_stake_account.amount,
            MutualError::InsufficientBalance
        );
        let base_out = base_for_sell(args.stake_in, capital, supply, params.token_buffer)?;
        require!(base_out > 0, MutualError::ZeroAmount);
        require!(
            supply.safe_sub(args.stake_in)? >= MIN_STAKE_SUPPLY,
            MutualError::SupplyBelowMinimum
        );
        let mcr = minimum_capital(accounts.active_cover()?, params.mcr_ratio, params.min_mcr)?;
        require!(capital.safe_sub(base_out)? >= mcr, MutualError::BelowMcr);
        require!(base_out >= args.min_base_out, MutualError::SlippageExceeded);

        burn_from_owner(
            &accounts.stake_token_program.to_account_info(),
            &accounts.stake_mint.to_account_info(),
            &accounts.wallet_stake_account.to_account_info(),
            &accounts.wallet.to_account_info(),
            args.stake_in,
        )?;
        let config_info = accounts.config.to_account_info();
        ConfigSigner::new(&config_info, &accounts.config).transfer_from_vault(
            &accounts.base_token_program.to_account_info(),
            &accounts.base_vault.to_account_info(),
            &accounts.base_mint.to_account_info(),
            &accounts.wallet_base_account.to_account_info(),
            base_out,
            accounts.base_mint.decimals,
        )?;

        let outcome = accounts.record()?;
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
