use crate::constants::{ASSET_SEED, ASSET_VAULT_SEED, CONFIG_SEED};
use crate::cpi_helpers::{init_pda_account, init_token_account_pda, require_safe_mint};
use crate::errors::MutualError;
use crate::events::AssetRegisterEvent;
use crate::state::{Asset, Config};
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenInterface};

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
        dup,
        seeds = [CONFIG_SEED],
        bump = config.bump,
        has_one = authority @ MutualError::NotAuthority,
    )]
    pub config: Box<Account<'info, Config>>,
    #[account(mint::token_program = token_program)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,
    /// CHECK: created in the handler (`init_pda_account`: prefund-proof, refuses an address in use).
    #[account(mut, seeds = [ASSET_SEED, mint.key().as_ref()], bump)]
    pub asset: UncheckedAccount<'info>,
    /// CHECK: created in the handler as a token account of `mint` owned by the config PDA.
    #[account(mut, seeds = [ASSET_VAULT_SEED, mint.key().as_ref()], bump)]
    pub vault: UncheckedAccount<'info>,
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
        let bumps = ctx.bumps;
        let mint = accounts.mint.key();
        let vault = accounts.vault.key();
        let token_program = accounts.token_program.key();
        let decimals = accounts.mint.decimals;
        let index = accounts.config.add_asset(mint)?;
        let payer = accounts.authority.to_account_info();
        let system = accounts.system_program.to_account_info();
        init_token_account_pda(
            &payer,
            &accounts.vault.to_account_info(),
            &accounts.mint.to_account_info(),
            &accounts.config.to_account_info(),
            &accounts.token_program.to_account_info(),
            &system,
            &[ASSET_VAULT_SEED, mint.as_ref(), &[bumps.vault]],
        )?;
        let mut is_base = false;
        let now = Clock::get()?.unix_timestamp;
        let valuation_delay = accounts.config.params.params_delay;
        init_pda_account::<Asset>(
            &payer,
            &accounts.asset.to_account_info(),
            &system,
            Asset::SIZE,
            &[ASSET_SEED, mint.as_ref(), &[bumps.asset]],
            |asset| {
                asset.init(
                    bumps.asset,
                    bumps.vault,
                    index,
                    mint,
                    decimals,
                    token_program,
                    vault,
                    args.pyth_feed_id,
                    args.is_cover_asset,
                    now,
                    valuation_delay,
                )?;
                is_base = asset.is_base();
                asset.invariant()
            },
        )?;
        crate::emit_event!(AssetRegisterEvent {
            mint,
            vault,
            index,
            is_base,
            is_cover_asset: args.is_cover_asset,
        });
        Ok(())
    }
}
