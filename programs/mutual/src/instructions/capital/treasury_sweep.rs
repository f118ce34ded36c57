use crate::constants::{CAPITAL_SEED, CONFIG_SEED, TREASURY_SEED};
use crate::cpi_helpers::{sync_native, transfer_lamports_from_pda};
use crate::errors::MutualError;
use crate::events::TreasurySweepEvent;
use crate::math::capital::sweepable;
use crate::state::{Asset, CapitalSnapshot, Config};
use anchor_lang::prelude::*;
use anchor_spl::token::spl_token::native_mint;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

/// Wraps the treasury's lamports (join fees, forfeited claim deposits) into the wrapped-SOL asset's vault, where
/// they count as capital (PROTOCOL.md §12). Permissionless: it only moves value from the treasury into the
/// capital pool, at the price of a fresh snapshot.
///
/// The base asset (a dollar stablecoin, decision 21) is read to record the snapshot in place; wrapped SOL is
/// never the base asset, since it is priced in dollars.
#[derive(Accounts)]
pub struct TreasurySweep<'info> {
    #[account(seeds = [CONFIG_SEED], bump = config.bump, has_one = stake_mint)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, dup, seeds = [TREASURY_SEED], bump = config.treasury_bump)]
    pub treasury: SystemAccount<'info>,
    #[account(mut, dup, seeds = [CAPITAL_SEED], bump = capital_snapshot.bump)]
    pub capital_snapshot: Box<Account<'info, CapitalSnapshot>>,
    /// Pinned by its mint rather than re-derived (like the assets of the refresh): only `asset_register` makes an
    /// `Asset`, at its mint's PDA, so owner, discriminator and mint identify it. Saves a PDA derivation.
    #[account(
        mut,
        dup,
        constraint = wsol_asset.mint == native_mint::ID @ MutualError::NotWrappedSol,
        constraint = !wsol_asset.is_base() @ MutualError::NotWrappedSol,
    )]
    pub wsol_asset: Box<Account<'info, Asset>>,
    #[account(mut, dup, address = wsol_asset.vault @ MutualError::WrongAssetAccount)]
    pub wsol_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(
        constraint = config.has_base_asset() @ MutualError::NoBaseAsset,
        constraint = base_asset.mint == config.base_asset @ MutualError::WrongAssetAccount,
    )]
    pub base_asset: Box<Account<'info, Asset>>,
    #[account(address = base_asset.vault @ MutualError::WrongAssetAccount)]
    pub base_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    pub stake_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(address = wsol_asset.token_program @ MutualError::WrongAssetAccount)]
    pub token_program: Interface<'info, TokenInterface>,
    pub system_program: Program<'info, System>,
}

impl TreasurySweep<'_> {
    fn validate(&self) -> Result<()> {
        let Self {
            config,
            capital_snapshot,
            wsol_asset,
            ..
        } = self;
        // capital_snapshot: the lamports are valued at the recorded wSOL price, so that price must be current
        capital_snapshot
            .require_priced(config.params.max_snapshot_age, Clock::get()?.unix_timestamp)?;
        // wsol_asset: priced by that refresh
        wsol_asset.valuation()?;
        Ok(())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn treasury_sweep(ctx: Context<Self>) -> Result<()> {
        let accounts = ctx.accounts;
        let reserve = Rent::get()?.minimum_balance(0);
        let lamports = sweepable(accounts.treasury.lamports(), reserve);
        require!(lamports > 0, MutualError::NothingToSweep);
        let now = Clock::get()?.unix_timestamp;
        let value = accounts.wsol_asset.capital_value(lamports, now)?;

        let bump = [accounts.config.treasury_bump];
        transfer_lamports_from_pda(
            &accounts.treasury.to_account_info(),
            &[TREASURY_SEED, &bump],
            &accounts.wsol_vault.to_account_info(),
            &accounts.system_program.to_account_info(),
            lamports,
        )?;
        sync_native(
            &accounts.token_program.to_account_info(),
            &accounts.wsol_vault.to_account_info(),
        )?;

        accounts.wsol_vault.reload()?;
        accounts
            .wsol_asset
            .record_capital_balance(accounts.wsol_vault.amount);
        let snapshot = &mut accounts.capital_snapshot;
        snapshot.add_non_base_capital(value)?;
        let capital = snapshot.capital_with_base(accounts.base_vault.amount)?;
        let active_cover =
            snapshot.active_cover_with_base(accounts.base_asset.active_cover(now)?)?;
        snapshot.record(
            capital,
            accounts.stake_mint.supply,
            active_cover,
            &accounts.config.params,
            now,
        )?;
        snapshot.invariant()?;
        accounts.wsol_asset.invariant()?;
        crate::emit_event!(TreasurySweepEvent {
            lamports,
            value,
            capital,
            book_value: snapshot.book_value,
        });
        Ok(())
    }
}
