//! What the signer reads before a cover change (`review_of`) and what is printed (`quote_report`, `cover_report`).
use crate::output::{amount_cell, hex, units, Amount, Report, Row};
use crate::Result;
use mutual::constants::DAY;
use mutual::state::Cover;
use mutual_sdk::cover::{CoverMarket, CoverQuote};
use mutual_sdk::Bps;
use mutual_sdk::Pubkey;
use serde_json::json;

fn asset_decimals(market: &CoverMarket) -> u8 {
    market.asset.decimals
}

fn bps(price: Bps) -> String {
    format!("{}.{:02}%", price.0 / 100, price.0 % 100)
}

/// What a signer should read before a purchase: premium per pool, commission, period and wording.
pub(super) fn review_of(
    action: &str,
    market: &CoverMarket,
    q: &CoverQuote,
) -> Vec<(&'static str, String)> {
    let d = asset_decimals(market);
    let terms = &market.product.terms;
    let per_pool = q
        .pools
        .iter()
        .enumerate()
        .filter(|(i, _)| q.placement.taken[*i] > 0)
        .map(|(i, id)| {
            format!(
                "pool {id}: {} at {}",
                units(q.placement.premiums[i], d),
                bps(q.placement.prices[i])
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    vec![
        (
            "action",
            format!("{action} on product {} ({})", market.product.id, terms.name),
        ),
        ("amount", units(q.amount, d)),
        (
            "period",
            format!(
                "{} days, then {} days of grace",
                q.period / DAY as u32,
                q.grace / DAY as u32
            ),
        ),
        ("premium", units(q.placement.premium, d)),
        ("per pool", per_pool),
        ("commission", units(q.commission, d)),
        ("total", units(q.total, d)),
        (
            "wording",
            format!("{} (sha256 {})", terms.wording_uri, hex(&q.wording_hash)),
        ),
    ]
}

pub(super) fn quote_report(title: &str, market: &CoverMarket, q: &CoverQuote) -> Report {
    let d = asset_decimals(market);
    let rows: Vec<Row> = q
        .pools
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let p = &q.placement;
            let stake = mutual_sdk::staking::units_to_stake(p.taken[i]);
            vec![
                ("pool", id.to_string(), json!(id)),
                amount_cell("capacity_used", Amount::stake(stake)),
                ("price", bps(p.prices[i]), json!(p.prices[i].0)),
                amount_cell("amount", Amount::of(p.amounts[i], d)),
                amount_cell("premium", Amount::of(p.premiums[i], d)),
            ]
        })
        .collect();
    Report::new(title)
        .field("product", q.product_id.to_string(), q.product_id)
        .text("asset", q.asset)
        .amount("amount", Amount::of(q.amount, d))
        .field(
            "days",
            (q.period / DAY as u32).to_string(),
            q.period / DAY as u32,
        )
        .amount("premium", Amount::of(q.placement.premium, d))
        .amount("commission", Amount::of(q.commission, d))
        .amount("total", Amount::of(q.total, d))
        .text("wording_hash", hex(&q.wording_hash))
        .list("pools", rows)
}

pub(super) fn cover_report(
    title: String,
    address: &Pubkey,
    c: &Cover,
    decimals: u8,
    now: i64,
) -> Result<Report> {
    let end = c.end().map_err(mutual_sdk::SdkError::refused)?;
    let active = c.is_active(now).map_err(mutual_sdk::SdkError::refused)?;
    let rows: Vec<Row> = c
        .pools()
        .iter()
        .map(|a| {
            let stake = mutual_sdk::staking::units_to_stake(u64::from(a.units));
            vec![
                ("pool", a.pool_id.to_string(), json!(a.pool_id)),
                amount_cell("capacity_used", Amount::stake(stake)),
            ]
        })
        .collect();
    Ok(Report::new(title)
        .text("cover", address)
        .text("owner", c.owner)
        .text("buyer", c.buyer)
        .text("asset", c.asset)
        .amount("amount", Amount::of(c.amount, decimals))
        .amount("paid_out", Amount::of(c.paid_out, decimals))
        .amount("premium", Amount::of(c.premium, decimals))
        .field("start", c.start.to_string(), c.start)
        .field("end", end.to_string(), end)
        .field(
            "grace_days",
            (c.grace / DAY as u32).to_string(),
            c.grace / DAY as u32,
        )
        .field("active", active.to_string(), active)
        .amount("auto_renew_max", Amount::of(c.renew_max_premium, decimals))
        .text("wording_hash", hex(&c.wording_hash))
        .list("pools", rows))
}
