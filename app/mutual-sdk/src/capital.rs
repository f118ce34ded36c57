//! The capital pool off chain: every asset with its vault and recorded price, capital, the pending payouts, MCR,
//! the MCR ratio and book value, computed with the program's own functions from what the chain holds now; and
//! the refresh instruction with every asset's accounts in the order the program takes them.
use crate::transport::AccountFilter;
use crate::{fetch, ix, pda, prices, Result, SdkError, Transport};
use anchor_lang::prelude::{Clock, Pubkey};
use anchor_lang::solana_program::instruction::Instruction;
use mutual::errors::MutualError;
use mutual::math::book_value::{book_value, minimum_capital, Market};
use mutual::math::capital::mcr_ratio_bps;
use mutual::math::prices::AssetPrice;
use mutual::state::{Asset, CapitalSnapshot, CapitalView, Config, Holding, TradeSide};

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
    /// Units owed to accepted claims not yet paid, in this asset.
    pub pending_units: u64,
    pub is_cover_asset: bool,
    pub is_abandoned: bool,
}

/// The capital pool now: every vault as it stands, each non-base asset at its recorded price (decision 64).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CapitalReport {
    pub assets: Vec<AssetLine>,
    /// Capital gross of the pending payouts (the non-base vaults at their last recorded value when the prices
    /// are too old for a trade to count them).
    pub capital: u64,
    /// Accepted payouts not yet redeemed, every asset at its recorded high price: a liability.
    pub pending_payouts: u64,
    /// Capital net of the pending payouts: what the MCR check sees.
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
    /// 0 while the pending payouts reach capital (`token_sell` refuses `LiabilitiesExceedCapital`).
    pub sell_book_value: u64,
    /// The most one sale can pay: the base vault less what accepted claims are owed from it (base claims, and
    /// non-base claims beyond their own vaults).
    pub sale_liquidity: u64,
    pub stake_supply: u64,
    pub refreshed_at: i64,
    /// Seconds since the last refresh.
    pub snapshot_age: i64,
    /// Whether the refresh is recent enough for instructions that price a non-base asset (`max_snapshot_age`).
    pub fresh: bool,
    /// Whether it is recent enough for a trade to count the non-base vaults (`oracle_max_age`).
    pub trade_prices_fresh: bool,
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

/// The non-base assets of `assets` (in index order), each with its push-feed account.
fn traded<'a>(assets: impl Iterator<Item = &'a Asset>) -> Vec<ix::TradedAsset> {
    assets
        .filter(|a| !a.is_base())
        .map(|a| ix::TradedAsset {
            mint: a.mint,
            price_account: a.price_account,
        })
        .collect()
}

/// The non-base assets in index order, each with its push-feed account: the accounts a trade values
/// (`ix::BaseAccounts::others`).
pub fn traded_assets(chain: &impl Transport) -> Result<Vec<ix::TradedAsset>> {
    Ok(traded(assets(chain)?.iter()))
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

/// The whole capital pool as the program values it: the config, the snapshot, the stake supply, the chain's
/// time, and every registered asset with what its vault holds now. Read in two round trips (the assets, then
/// everything else at once, with any `extra` accounts a caller wants in the same batch).
#[derive(Clone, Debug)]
pub struct PoolState {
    pub config: Config,
    pub snapshot: CapitalSnapshot,
    pub stake_supply: u64,
    pub now: i64,
    /// Every registered asset by index, with its vault's balance.
    pub assets: Vec<(Asset, u64)>,
    /// By index, the newer price each asset's push feed shows, as a trade reads it (`Asset::posted_price`).
    pub posted: Vec<Option<AssetPrice>>,
}

impl PoolState {
    pub fn load(chain: &impl Transport) -> Result<Self> {
        Ok(Self::load_with(chain, &[])?.0)
    }

    /// The pool, and the `extra` accounts as `getMultipleAccounts` answered them.
    pub fn load_with(
        chain: &impl Transport,
        extra: &[Pubkey],
    ) -> Result<(Self, Vec<Option<solana_account::Account>>)> {
        let assets = assets(chain)?;
        let feeds: Vec<Pubkey> = assets
            .iter()
            .filter(|a| !a.is_base())
            .map(|a| a.price_account)
            .collect();
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
            .chain(feeds.iter().copied())
            .chain(extra.iter().copied())
            .collect();
        let answered = chain.get_multiple_accounts(&addresses)?;
        if answered.len() != addresses.len() {
            return Err(SdkError::Transport(
                "getMultipleAccounts answered a wrong count".into(),
            ));
        }
        let mut accounts = answered.into_iter();
        let mut next = || accounts.next().flatten();
        let config: Config = fetch::decode(&fixed[0], next())?;
        let snapshot: CapitalSnapshot = fetch::decode(&fixed[1], next())?;
        let stake_supply = fetch::mint_state_of(&fixed[2], next())?.supply;
        let now = fetch::unix_timestamp_of(&fixed[3], next())?;
        let mut holdings = Vec::with_capacity(assets.len());
        for asset in assets {
            let balance = fetch::token_amount_of(&asset.vault, next())?;
            holdings.push((asset, balance));
        }
        let clock = Clock {
            unix_timestamp: now,
            ..Clock::default()
        };
        let base_decimals = holdings
            .first()
            .map(|(asset, _)| asset.decimals)
            .unwrap_or_default();
        let mut posted = Vec::with_capacity(holdings.len());
        for (asset, _) in &holdings {
            if asset.is_base() {
                posted.push(None);
                continue;
            }
            let feed = next().unwrap_or_default();
            let price = asset
                .posted_price(
                    &asset.price_account,
                    &feed.owner,
                    &feed.data,
                    &config.params,
                    &clock,
                    base_decimals,
                )
                .map_err(SdkError::refused)?;
            posted.push(price);
        }
        let pool = PoolState {
            config,
            snapshot,
            stake_supply,
            now,
            assets: holdings,
            posted,
        };
        Ok((pool, accounts.collect()))
    }

    /// The base asset and its vault's balance (`NoBaseAsset` before one is registered).
    pub fn base(&self) -> Result<&(Asset, u64)> {
        self.assets
            .first()
            .filter(|(asset, _)| asset.is_base())
            .ok_or_else(|| SdkError::refused(MutualError::NoBaseAsset.into()))
    }

    /// The non-base assets in index order, each with its push-feed account: the accounts a trade values
    /// (`ix::BaseAccounts::others`).
    pub fn traded_assets(&self) -> Vec<ix::TradedAsset> {
        traded(self.assets.iter().map(|(asset, _)| asset))
    }

    /// The pool valued now at the recorded prices, as the snapshot records it (`CapitalSnapshot::view`).
    pub fn view(&self) -> Result<CapitalView> {
        self.view_for(None)
    }

    /// The pool valued now as a trade of `trade` values it: each non-base asset at its recorded price, or the
    /// newer one its push feed shows where that costs the trader more (decision 69); `None`, the recorded prices.
    pub fn view_for(&self, trade: Option<TradeSide>) -> Result<CapitalView> {
        let holdings: Vec<Holding> = self
            .assets
            .iter()
            .zip(&self.posted)
            .map(|((asset, balance), posted)| Holding {
                asset,
                vault_balance: *balance,
                posted: *posted,
            })
            .collect();
        self.snapshot
            .view(&holdings, trade, self.now, &self.config.params)
            .map_err(SdkError::refused)
    }

    /// What a trade of `side` is priced from now, or the error the program would refuse it with.
    pub fn market(&self, side: TradeSide) -> Result<Market> {
        self.view_for(Some(side))?
            .market(side, self.stake_supply, &self.config.params)
            .map_err(SdkError::refused)
    }
}

/// The report: the pool valued as a trade would value it now (vaults live, recorded prices), with the non-base
/// vaults at their last recorded value when the prices are too old for a trade to count them.
pub fn report(chain: &impl Transport) -> Result<CapitalReport> {
    let pool = PoolState::load(chain)?;
    let (config, snapshot, now, stake_supply) =
        (&pool.config, &pool.snapshot, pool.now, pool.stake_supply);
    let params = &config.params;
    let view = pool.view()?;
    let lines = pool
        .assets
        .iter()
        .map(|(asset, vault_balance)| {
            Ok(AssetLine {
                index: asset.index,
                mint: asset.mint,
                decimals: asset.decimals,
                vault_balance: *vault_balance,
                value: asset.capital_value(*vault_balance, now).ok(),
                valued_from: asset.valued_from,
                price: asset.valuation().unwrap_or_default(),
                price_published_at: asset.price_published_at,
                active_cover: asset.active_cover(now).map_err(SdkError::refused)?,
                pending_units: snapshot.pending_units[usize::from(asset.index)],
                is_cover_asset: asset.is_cover_asset,
                is_abandoned: asset.is_abandoned,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let capital = view
        .base_vault
        .saturating_add(view.non_base_capital.unwrap_or(snapshot.non_base_capital));
    let net_capital = capital.saturating_sub(view.pending_value);
    let active_cover = view.active_cover().map_err(SdkError::refused)?;
    let mcr = minimum_capital(active_cover, params.mcr_ratio, params.min_mcr)
        .map_err(SdkError::refused)?;
    let trade_book_value = |side| -> Result<u64> {
        let m = pool.market(side)?;
        book_value(m.capital, m.stake_supply, params.initial_book_value).map_err(SdkError::refused)
    };
    let buy_book_value = match trade_book_value(TradeSide::Buy) {
        Err(SdkError::Refused(e)) if e.code == u32::from(MutualError::StaleSnapshot) => None,
        other => Some(other?),
    };
    let sell_book_value = match trade_book_value(TradeSide::Sell) {
        Err(SdkError::Refused(e)) if e.code == u32::from(MutualError::LiabilitiesExceedCapital) => {
            0
        }
        other => other?,
    };
    Ok(CapitalReport {
        assets: lines,
        capital,
        pending_payouts: view.pending_value,
        net_capital,
        active_cover,
        mcr,
        mcr_ratio_bps: mcr_ratio_bps(net_capital, mcr).map_err(SdkError::refused)?,
        book_value: book_value(net_capital, stake_supply, params.initial_book_value)
            .map_err(SdkError::refused)?,
        pricing_book_value: snapshot.book_value,
        buy_book_value,
        sell_book_value,
        sale_liquidity: pool.view_for(Some(TradeSide::Sell))?.sale_liquidity(),
        stake_supply,
        refreshed_at: snapshot.refreshed_at,
        snapshot_age: now.saturating_sub(snapshot.refreshed_at),
        fresh: snapshot
            .require_priced(params.max_snapshot_age, now)
            .is_ok(),
        trade_prices_fresh: view.fresh,
    })
}
