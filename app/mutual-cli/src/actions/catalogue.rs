//! What a buyer reads about a product before buying, computed once for the buy-cover action's description and
//! for the page's catalogue: the risk score and its signals, each listing pool's price now and free capacity,
//! the assets cover is sold in, the wording and the join fee.
use super::Refusal;
use crate::commands::product::class_name;
use anchor_lang::prelude::Pubkey;
use anchor_spl::token::spl_token::native_mint;
use mutual::constants::DAY;
use mutual::state::{Asset, Product};
use mutual_sdk::cover::CoverMarket;
use mutual_sdk::Bps;
use mutual_sdk::{capital, fetch, risk, SdkError, Transport};
use serde::Serialize;

/// The period free capacity is given for, in days.
pub const CAPACITY_PERIOD_DAYS: u32 = 30;

/// How far ahead the price's decay is drawn, in days.
pub const DECAY_DAYS: i64 = 14;

/// One pool's offer on a product now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PoolOffer {
    pub pool: u32,
    /// The annual price now (decayed toward its target since the last purchase), basis points.
    pub price_bps: u16,
    /// The largest cover the pool alone takes now for `CAPACITY_PERIOD_DAYS`, in base-asset units.
    pub free: u64,
    /// The price it decays to, basis points.
    pub target_bps: u16,
    /// The price a buy would pay at the start of each of the next `DECAY_DAYS` days, today first, if nobody
    /// buys: the chain's own `price_now` at each moment.
    pub decay: Vec<u16>,
}

/// An asset cover on the product can be bought in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AssetOffer {
    pub mint: String,
    pub name: String,
    pub decimals: u8,
    pub base: bool,
}

/// A product as a buyer reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProductSummary {
    pub id: u32,
    pub name: String,
    pub risk_class: &'static str,
    /// 0 (least risky) to 100.
    pub score: u8,
    pub audits: u8,
    pub open_critical: u16,
    pub open_high: u16,
    pub incidents: u8,
    /// The part of the score from what the admin keys can do beyond what the product promises, 0..=20.
    pub broken_promises: u8,
    pub deprecated: bool,
    pub wording_uri: String,
    pub pools: Vec<PoolOffer>,
    pub assets: Vec<AssetOffer>,
    pub base_decimals: u8,
    /// What a wallet that is not a member pays once, in lamports.
    pub join_fee: u64,
}

impl ProductSummary {
    /// Whether anything can be bought now: not deprecated, an asset open, a pool with capacity.
    pub fn on_sale(&self) -> bool {
        !self.deprecated && !self.assets.is_empty() && self.pools.iter().any(|p| p.free > 0)
    }
}

/// How a person calls an asset: the base asset is the dollar the mutual counts in (decision 21).
pub fn asset_name(asset: &Asset) -> String {
    if asset.is_base() {
        "USDC".to_string()
    } else if asset.mint == native_mint::ID {
        "SOL".to_string()
    } else {
        asset.mint.to_string()
    }
}

/// The assets cover on `product` may be bought in now, in index order.
pub fn cover_assets(chain: &impl Transport, product: &Product) -> Result<Vec<Asset>, Refusal> {
    let now = chain.unix_timestamp()?;
    Ok(capital::assets(chain)?
        .into_iter()
        .filter(|a| product.terms.cover_assets & (1 << a.index) != 0)
        .filter(|a| a.require_open_for_cover(now).is_ok())
        .collect())
}

/// Product `product_id` as a buyer reads it now.
pub fn summary(chain: &impl Transport, product_id: u32) -> Result<ProductSummary, Refusal> {
    let report = risk::product_report(chain, product_id)?;
    let (product, r) = (&report.product, &report.risk);
    let config = fetch::config(chain)?;
    let market = CoverMarket::load(chain, product_id, &config.base_asset)?;
    let period = CAPACITY_PERIOD_DAYS * DAY as u32;
    let params = &config.params;
    let mut pools = Vec::new();
    for listing in &market.listings {
        if listing.pool.halted || !product.allows_pool(listing.pool.id) {
            continue;
        }
        let price_at = |at: i64| {
            listing
                .listing
                .price_now(params.price_decay_per_day, product.terms.min_price, at)
                .map(|p| p.0)
                .map_err(SdkError::refused)
        };
        let decay = (0..DECAY_DAYS)
            .map(|day| price_at(market.now + day * DAY))
            .collect::<Result<Vec<u16>, SdkError>>()?;
        pools.push(PoolOffer {
            pool: listing.pool.id,
            price_bps: decay[0],
            free: market.largest_fit(market.now, period, Bps(0), &[listing.pool.id], u64::MAX),
            target_bps: listing
                .listing
                .target_price
                .0
                .max(product.terms.min_price.0),
            decay,
        });
    }
    let assets = cover_assets(chain, product)?
        .iter()
        .map(|a| AssetOffer {
            mint: a.mint.to_string(),
            name: asset_name(a),
            decimals: a.decimals,
            base: a.is_base(),
        })
        .collect();
    Ok(ProductSummary {
        id: product_id,
        name: product.terms.name.clone(),
        risk_class: class_name(product.terms.risk_class),
        score: r.score,
        audits: r.audit_count,
        open_critical: r.open_critical,
        open_high: r.open_high,
        incidents: r.incident_count,
        broken_promises: r.broken_promises,
        deprecated: product.terms.deprecated,
        wording_uri: product.terms.wording_uri.clone(),
        pools,
        assets,
        base_decimals: market.asset.decimals,
        join_fee: params.join_fee,
    })
}

/// The mint of the base asset among `assets`.
pub fn base_mint(assets: &[AssetOffer]) -> Option<Pubkey> {
    assets
        .iter()
        .find(|a| a.base)
        .and_then(|a| a.mint.parse().ok())
}
