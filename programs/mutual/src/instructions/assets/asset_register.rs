use crate::constants::{ASSET_SEED, ASSET_VAULT_SEED, CONFIG_SEED};
use crate::errors::MutualError;
use crate::events::AssetRegisterEvent;
use crate::state::{Asset, Config};
use crate::token::require_safe_mint;
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct AssetRegisterArgs {
    /// Pyth feed id; none for the first (base) asset, required for every other.
    pub pyth_feed_id: Option<[u8; 32]>,
    pub is_cover_asset: bool,
}

/// Adds an asset and its capital-pool vault. The first asset registered becomes the base asset.
#[derive(Accounts)]
pub struct AssetRegister<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,
    #[account(
        mut,
        seeds = [CONFIG_SEED],
        bump = config.bump,
        has_one = authority @ MutualError::NotAuthority,
    )]
    pub config: Box<Account<'info, Config>>,
    #[account(mint::token_program = token_program)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(
        init,
        payer = authority,
        space = Asset::SIZE,
        seeds = [ASSET_SEED, mint.key().as_ref()],
        bump
    )]
    pub asset: Box<Account<'info, Asset>>,
    #[account(
        init,
        payer = authority,
        seeds = [ASSET_VAULT_SEED, mint.key().as_ref()],
        bump,
        token::mint = mint,
        token::authority = config,
        token::token_program = token_program,
    )]
    pub vault: Box<InterfaceAccount<'info, TokenAccount>>,
    pub token_program: Interface<'info, TokenInterface>,
    pub system_program: Program<'info, System>,
}

impl AssetRegister<'_> {
    fn validate(&self) -> Result<()> {
        let Self { config, mint, .. } = self;
        // mint
        require_keys_neq!(
            mint.key(),
            config.stake_mint,
            MutualError::StakeMintNotAsset
        );
        require_safe_mint(&mint.to_account_info())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn asset_register(ctx: Context<Self>, args: AssetRegisterArgs) -> Result<()> {
        let accounts = ctx.accounts;
        let mint = accounts.mint.key();
        let index = accounts.config.add_asset(mint)?;
        accounts.asset.init(
            ctx.bumps.asset,
            ctx.bumps.vault,
            index,
            mint,
            accounts.mint.decimals,
            accounts.token_program.key(),
            accounts.vault.key(),
            args.pyth_feed_id,
            args.is_cover_asset,
        )?;
        crate::emit_event!(AssetRegisterEvent {
            mint,
            vault: accounts.vault.key(),
            index,
            is_base: accounts.asset.is_base(),
            is_cover_asset: args.is_cover_asset,
        });
        Ok(())
    }
}
