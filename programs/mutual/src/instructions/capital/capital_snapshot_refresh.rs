use crate::constants::{CAPITAL_SEED, CONFIG_SEED};
use crate::errors::MutualError;
use crate::events::CapitalSnapshotRefreshEvent;
use crate::math::prices::{AssetPrice, Side};
use crate::math::SafeMath;
use crate::state::{Asset, CapitalSnapshot, Config, Params};
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount};
use pyth_solana_receiver_sdk::error::GetPriceError;
use pyth_solana_receiver_sdk::price_update::PriceUpdateV2;

/// Revalues the capital pool from every registered asset (PROTOCOL.md §7). Permissionless: anyone may bring the
/// snapshot up to date, and nobody can make it wrong, since every account is checked and every price refused
/// rather than guessed.
///
/// Remaining accounts, for each registered asset in index order (0, the base asset, first): the `Asset`
/// (writable: it records the price used), its vault, and for every non-base asset its Pyth `PriceUpdateV2`.
#[derive(Accounts)]
pub struct CapitalSnapshotRefresh<'info> {
    #[account(seeds = [CONFIG_SEED], bump = config.bump, has_one = stake_mint)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, dup, seeds = [CAPITAL_SEED], bump = capital_snapshot.bump)]
    pub capital_snapshot: Box<Account<'info, CapitalSnapshot>>,
    pub stake_mint: Box<InterfaceAccount<'info, Mint>>,
}

/// What the assets add up to, in base-asset units.
#[derive(Default)]
struct Totals {
    base_vault: u64,
    base_active_cover: u64,
    base_decimals: u8,
    /// Σ non-base vault at μ − σ.
    non_base_capital: u64,
    /// Σ non-base active cover at μ + σ.
    non_base_active_cover: u64,
}

impl CapitalSnapshotRefresh<'_> {
    pub fn capital_snapshot_refresh<'info>(
        ctx: Context<'info, CapitalSnapshotRefresh<'info>>,
    ) -> Result<()> {
        let clock = Clock::get()?;
        let config = &ctx.accounts.config;
        let params = config.params;
        let mut accounts = ctx.remaining_accounts.iter();
        let mut totals = Totals::default();
        for index in 0..config.asset_count {
            value_asset(&mut accounts, index, &params, &clock, &mut totals)?;
        }
        require!(accounts.next().is_none(), MutualError::InvalidAssetAccounts);

        let stake_supply = ctx.accounts.stake_mint.supply;
        let snapshot = &mut ctx.accounts.capital_snapshot;
        snapshot.record_refresh(
            totals.non_base_capital,
            totals.non_base_active_cover,
            totals.base_vault,
            totals.base_active_cover,
            stake_supply,
            &params,
            clock.unix_timestamp,
        )?;
        crate::emit_event!(CapitalSnapshotRefreshEvent {
            capital: snapshot.capital,
            non_base_capital: snapshot.non_base_capital,
            active_cover: snapshot.active_cover,
            pending_payouts: snapshot.pending_payouts,
            mcr: snapshot.mcr,
            book_value: snapshot.book_value,
            stake_supply,
            assets: config.asset_count,
            now: clock.unix_timestamp,
        });
        Ok(())
    }
}

/// Reads asset `index` (its `Asset`, vault and, unless it is the base asset, price update), records its price
/// and vault balance in the `Asset`, and adds its value to `totals`.
fn value_asset<'info>(
    accounts: &mut impl Iterator<Item = &'info AccountInfo<'info>>,
    index: u8,
    params: &Params,
    clock: &Clock,
    totals: &mut Totals,
) -> Result<()> {
    let mut next = || {
        accounts
            .next()
            .ok_or(error!(MutualError::InvalidAssetAccounts))
    };
    // asset: ours (owner and discriminator: only asset_register makes one, at its mint's PDA), in index order,
    // and writable, since it records the price
    let asset_info = next()?;
    require!(asset_info.is_writable, MutualError::InvalidAssetAccounts);
    let mut asset: Account<Asset> = Account::try_from(asset_info)?;
    require!(asset.index == index, MutualError::InvalidAssetAccounts);
    // vault: the asset's own, read as a token account of its token program
    let vault_info = next()?;
    require_keys_eq!(
        vault_info.key(),
        asset.vault,
        MutualError::InvalidAssetAccounts
    );
    let vault: InterfaceAccount<TokenAccount> = InterfaceAccount::try_from(vault_info)?;
    require_keys_eq!(
        *vault_info.owner,
        asset.token_program,
        MutualError::InvalidAssetAccounts
    );

    if asset.is_base() {
        totals.base_vault = vault.amount;
        totals.base_active_cover = asset.active_cover(clock.unix_timestamp)?;
        totals.base_decimals = asset.decimals;
    } else {
        let (price, published_at) =
            read_price(next()?, &asset, params, clock, totals.base_decimals)?;
        // Prices only move forward: a refresh may not pick an older update than the last one used.
        require!(
            published_at >= asset.price_published_at,
            MutualError::StalePrice
        );
        asset.record_price(price, published_at);
        // A new asset's vault counts only once its valuation delay is over; its cover counts at once.
        totals.non_base_capital = totals
            .non_base_capital
            .safe_add(asset.capital_value(vault.amount, clock.unix_timestamp)?)?;
        totals.non_base_active_cover = totals
            .non_base_active_cover
            .safe_add(asset.to_base(asset.active_cover(clock.unix_timestamp)?, Side::Liability)?)?;
    }
    asset.record_capital_balance(vault.amount);
    asset.exit(&crate::ID)
}

/// The asset's price from a Pyth `PriceUpdateV2`: owned by the receiver program, for the asset's feed, fully
/// verified, no older than `oracle_max_age`; then normalised (price > 0, confidence ≤ `max_conf`, exponent
/// −12..=+4). Each refusal is named; a refused price fails the refresh, never records 0.
fn read_price(
    info: &AccountInfo,
    asset: &Asset,
    params: &Params,
    clock: &Clock,
    base_decimals: u8,
) -> Result<(AssetPrice, i64)> {
    require_keys_eq!(
        *info.owner,
        pyth_solana_receiver_sdk::ID,
        MutualError::WrongPriceAccountOwner
    );
    let update = PriceUpdateV2::try_deserialize(&mut &info.try_borrow_data()?[..])
        .map_err(|_| error!(MutualError::InvalidPriceAccount))?;
    let price = update
        .get_price_no_older_than(clock, u64::from(params.oracle_max_age), &asset.pyth_feed_id)
        .map_err(|e| match e {
            GetPriceError::PriceTooOld => error!(MutualError::StalePrice),
            GetPriceError::MismatchedFeedId => error!(MutualError::WrongPriceFeed),
            GetPriceError::InsufficientVerificationLevel => {
                error!(MutualError::PartialPriceVerification)
            }
            _ => error!(MutualError::InvalidPriceAccount),
        })?;
    let normalised = AssetPrice::from_pyth(
        price.price,
        price.conf,
        price.exponent,
        asset.decimals,
        base_decimals,
        params.max_conf,
    )?;
    Ok((normalised, price.publish_time))
}
