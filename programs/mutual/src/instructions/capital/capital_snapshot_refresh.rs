use crate::constants::{CAPITAL_SEED, CONFIG_SEED};
use crate::controller::assets::{load_asset, LoadedAsset};
use crate::errors::MutualError;
use crate::events::CapitalSnapshotRefreshEvent;
use crate::state::{CapitalSnapshot, Config, Holding, Params};
use anchor_lang::prelude::*;
use anchor_spl::token_interface::Mint;

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

impl CapitalSnapshotRefresh<'_> {
    pub fn capital_snapshot_refresh<'info>(
        ctx: Context<'info, CapitalSnapshotRefresh<'info>>,
    ) -> Result<()> {
        let clock = Clock::get()?;
        let now = clock.unix_timestamp;
        let config = &ctx.accounts.config;
        let params = config.params;
        let mut accounts = ctx.remaining_accounts.iter();
        let mut assets = Vec::with_capacity(usize::from(config.asset_count));
        let mut base_decimals = 0;
        for index in 0..config.asset_count {
            let (asset, balance) =
                price_asset(&mut accounts, index, &params, &clock, base_decimals)?;
            if asset.is_base() {
                base_decimals = asset.decimals;
            }
            assets.push((asset, balance));
        }
        require!(accounts.next().is_none(), MutualError::InvalidAssetAccounts);

        // Valued exactly as a trade values them (`CapitalSnapshot::view`), at the prices just recorded.
        let holdings: Vec<Holding> = assets
            .iter()
            .map(|(asset, balance)| Holding::recorded(asset, *balance))
            .collect();
        let stake_supply = ctx.accounts.stake_mint.supply;
        let snapshot = &mut ctx.accounts.capital_snapshot;
        let view = snapshot.record_refresh(&holdings, stake_supply, &params, now)?;
        snapshot.invariant()?;
        for (asset, _) in &assets {
            asset.invariant()?;
            asset.exit(&crate::ID)?;
        }
        crate::emit_event!(CapitalSnapshotRefreshEvent {
            capital: snapshot.capital,
            non_base_capital: snapshot.non_base_capital,
            active_cover: snapshot.active_cover,
            pending_payouts: view.pending_value,
            mcr: snapshot.mcr,
            book_value: snapshot.book_value,
            stake_supply,
            assets: config.asset_count,
            now,
        });
        Ok(())
    }
}

/// Reads asset `index` (its `Asset`, writable since it records the price, its vault and, unless it is the base
/// asset, its price update), and records the price and the vault's balance in the `Asset`.
fn price_asset<'info>(
    accounts: &mut impl Iterator<Item = &'info AccountInfo<'info>>,
    index: u8,
    params: &Params,
    clock: &Clock,
    base_decimals: u8,
) -> Result<LoadedAsset<'info>> {
    let mut next = || {
        accounts
            .next()
            .ok_or(error!(MutualError::InvalidAssetAccounts))
    };
    let asset_info = next()?;
    require!(asset_info.is_writable, MutualError::InvalidAssetAccounts);
    let (mut asset, balance) = load_asset(asset_info, next()?, index)?;
    if !asset.is_base() {
        let info = next()?;
        let (price, published_at) = asset.price_from_update(
            info.owner,
            &info.try_borrow_data()?,
            params,
            clock,
            base_decimals,
        )?;
        // Prices only move forward: a refresh may not pick an older update than the last one used.
        require!(
            published_at >= asset.price_published_at,
            MutualError::StalePrice
        );
        asset.record_price(price, published_at);
    }
    asset.record_capital_balance(balance);
    Ok((asset, balance))
}
