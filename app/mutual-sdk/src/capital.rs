//! The capital pool off chain: every asset with its vault and recorded price, capital, the pending payouts, MCR,
//! the MCR ratio and book value, computed with the program's own functions from what the chain holds now; and
//! the refresh instruction with every asset's accounts in the order the program takes them.
use crate::transport::AccountFilter;
use crate::{fetch, ix, pda, prices, Result, SdkError, Transport};
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use mutual::errors::MutualError;
use mutual::math::book_value::book_value;
use mutual::math::capital::mcr_ratio_bps;
use mutual::math::prices::AssetPrice;
use mutual::state::{Asset, CapitalSnapshot, Config};

/// One registered asset as the capital pool counts it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssetLine {
    pub index: u8,
    pub mint: Pubkey,
    pub decimals: u8,
    pub vault_balance: u64,
    /// The vault in base-asset units at μ − σ (0 until `valued_from`); `None` for a non-base asset never priced.
    pub value: Option<u64>,
    /// When a new asset starts to count as capital (registration + params_delay).
    pub valued_from: i64,
    /// The price the last refresh recorded (the base asset's is 1).
    pub price: AssetPrice,
    pub price_published_at: i64,
    pub active_cover: u64,
    pub is_cover_asset: bool,
    pub is_abandoned: bool,
}

/// The capital pool now: the base vault as it stands, the other assets as of the last refresh.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CapitalReport {
    pub assets: Vec<AssetLine>,
    pub capital: u64,
    /// Accepted payouts not yet redeemed: a liability.
    pub pending_payouts: u64,
    /// Capital net of the pending payouts: what book value and the MCR check see.
    pub net_capital: u64,
    pub active_cover: u64,
    pub mcr: u64,
    /// net capital / MCR in basis points (10_000 = exactly at the MCR).
    pub mcr_ratio_bps: Option<u64>,
    pub book_value: u64,
    /// The book value the snapshot records: what cover is placed at (capacity units, the stakers' rewards) and
    /// claims and burns are valued at.
    pub pricing_book_value: u64,
    /// The book values `token_buy` and `token_sell` trade at now (before their ±buffer): a buy is priced gross of
    /// pending payouts, a sale net of them (decision 42). `None` for a buy while the non-base figures are too
    /// old to trade on (`token_buy` refuses `StaleSnapshot` until a refresh).
    pub buy_book_value: Option<u64>,
    pub sell_book_value: u64,
    pub stake_supply: u64,
    pub refreshed_at: i64,
    /// Seconds since the last refresh.
    pub snapshot_age: i64,
    /// Whether the refresh is recent enough for instructions that price a non-base asset.
    pub fresh: bool,
}

/// Every registered asset, by index.
pub fn assets(chain: &impl Transport) -> Result<Vec<Asset>> {
    let [size, kind] = AccountFilter::of_type::<Asset>(Asset::SIZE);
    let mut assets = chain
        .program_accounts(&[size, kind])?
        .into_iter()
        .map(|(address, account)| fetch::decode::<Asset>(&address, Some(account)))
        .collect::<Result<Vec<_>>>()?;
    assets.sort_by_key(|a| a.index);
    Ok(assets)
}

/// The price account each non-base asset is read from: its feed's push-oracle account.
pub fn refresh_accounts(assets: &[Asset]) -> Vec<ix::RefreshAsset> {
    assets
        .iter()
        .map(|a| ix::RefreshAsset {
            mint: a.mint,
            price_update: (!a.is_base()).then(|| prices::feed_address(&a.pyth_feed_id)),
        })
        .collect()
}

/// `capital_snapshot_refresh` with every registered asset.
pub fn refresh_ix(chain: &impl Transport) -> Result<Instruction> {
    Ok(ix::capital_snapshot_refresh(&refresh_accounts(&assets(
        chain,
    )?)))
}

/// The report, in two round trips: the assets, then config, snapshot, stake mint, clock and every vault at once.
pub fn report(chain: &impl Transport) -> Result<CapitalReport> {
    let assets = assets(chain)?;
    let fixed = [
        pda::config().0,
        pda::capital_snapshot().0,
        pda::stake_mint().0,
        fetch::CLOCK,
    ];
    let addresses: Vec<Pubkey> = fixed
        .iter()
        .copied()
        .chain(assets.iter().map(|a| a.vault))
        .collect();
    let mut accounts = chain.get_multiple_accounts(&addresses)?.into_iter();
    let mut next = || {
        accounts
            .next()
            .ok_or_else(|| SdkError::Transport("getMultipleAccounts answered a wrong count".into()))
    };
    let config: Config = fetch::decode(&fixed[0], next()?)?;
    let snapshot: CapitalSnapshot = fetch::decode(&fixed[1], next()?)?;
    let stake_supply = fetch::mint_state_of(&fixed[2], next()?)?.supply;
    let now = fetch::unix_timestamp_of(&fixed[3], next()?)?;
    let mut lines = Vec::with_capacity(assets.len());
    let (mut base_vault, mut base_cover) = (0, 0);
    for asset in &assets {
        let vault_balance = fetch::token_amount_of(&asset.vault, next()?)?;
        if asset.is_base() {
            (base_vault, base_cover) = (
                vault_balance,
                asset.active_cover(now).map_err(SdkError::refused)?,
            );
        }
        lines.push(AssetLine {
            index: asset.index,
            mint: asset.mint,
            decimals: asset.decimals,
            vault_balance,
            value: asset.capital_value(vault_balance, now).ok(),
            valued_from: asset.valued_from,
            price: asset.valuation().unwrap_or_default(),
            price_published_at: asset.price_published_at,
            active_cover: asset.active_cover(now).map_err(SdkError::refused)?,
            is_cover_asset: asset.is_cover_asset,
            is_abandoned: asset.is_abandoned,
        });
    }
    let params = &config.params;
    let market = snapshot
        .market(base_vault, base_cover, stake_supply, params)
        .map_err(SdkError::refused)?;
    let capital = snapshot
        .capital_with_base(base_vault)
        .map_err(SdkError::refused)?;
    let active_cover = snapshot
        .active_cover_with_base(base_cover)
        .map_err(SdkError::refused)?;
    let snapshot_age = now.saturating_sub(snapshot.refreshed_at);
    let trade_book_value = |side| -> Result<u64> {
        let m = snapshot
            .market_for(side, now, base_vault, base_cover, stake_supply, params)
            .map_err(SdkError::refused)?;
        book_value(m.capital, m.stake_supply, params.initial_book_value).map_err(SdkError::refused)
    };
    let buy_book_value = match trade_book_value(mutual::state::TradeSide::Buy) {
        Err(SdkError::Refused(e)) if e.code == u32::from(MutualError::StaleSnapshot) => None,
        other => Some(other?),
    };
    let sell_book_value = trade_book_value(mutual::state::TradeSide::Sell)?;
    Ok(CapitalReport {
        assets: lines,
        capital,
        pending_payouts: snapshot.pending_payouts,
        net_capital: market.capital,
        active_cover,
        mcr: market.mcr,
        mcr_ratio_bps: mcr_ratio_bps(market.capital, market.mcr).map_err(SdkError::refused)?,
        book_value: book_value(market.capital, stake_supply, params.initial_book_value)
            .map_err(SdkError::refused)?,
        pricing_book_value: snapshot.book_value,
        buy_book_value,
        sell_book_value,
        stake_supply,
        refreshed_at: snapshot.refreshed_at,
        snapshot_age,
        fresh: snapshot
            .require_priced(params.max_snapshot_age, now)
            .is_ok(),
    })
}
