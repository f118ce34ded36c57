use crate::chain::Session;
use crate::output::{amount_cell, units, Amount, Report};
use crate::Result;
use clap::Subcommand;
use mutual_sdk::capital;
use serde_json::{json, Value};
use std::io::BufRead;

#[derive(Subcommand, Debug)]
pub enum CapitalCommand {
    /// Capital per asset, pending payouts, MCR, the MCR ratio, book value and the snapshot's age.
    Show,
    /// Revalue every asset at its Pyth price (permissionless).
    Refresh,
}

pub fn run(session: &Session, cmd: CapitalCommand, input: &mut dyn BufRead) -> Result<Report> {
    match cmd {
        CapitalCommand::Show => show(session),
        CapitalCommand::Refresh => {
            let ix = capital::refresh_ix(&session.chain)?;
            let review = [(
                "action",
                "revalue every asset at its Pyth price".to_string(),
            )];
            let receipt = session.execute(&review, &[ix], input)?;
            Ok(show(session)?.text("signature", receipt.signature))
        }
    }
}

/// Shows the capital pool in the base asset's units (its decimals are asset 0's).
fn show(session: &Session) -> Result<Report> {
    let r = capital::report(&session.chain)?;
    let d = r.assets.first().map_or(6, |a| a.decimals);
    let rows = r
        .assets
        .iter()
        .map(|a| {
            vec![
                ("index", a.index.to_string(), json!(a.index)),
                ("mint", a.mint.to_string(), json!(a.mint.to_string())),
                amount_cell("vault", Amount::of(a.vault_balance, a.decimals)),
                (
                    "value",
                    a.value.map_or("unpriced".into(), |v| units(v, d)),
                    json!(a.value),
                ),
                (
                    "price",
                    format!("{} .. {} e{}", a.price.low, a.price.high, a.price.exponent),
                    json!({ "low": a.price.low, "high": a.price.high, "exponent": a.price.exponent }),
                ),
                ("published_at", a.price_published_at.to_string(), json!(a.price_published_at)),
                amount_cell("active_cover", Amount::of(a.active_cover, a.decimals)),
                amount_cell("owed_to_claims", Amount::of(a.pending_units, a.decimals)),
            ]
        })
        .collect();
    let ratio = r
        .mcr_ratio_bps
        .map_or("no MCR".to_string(), crate::output::ratio);
    Ok(Report::new("capital pool")
        .amount("capital", Amount::of(r.capital, d))
        .amount("pending_payouts", Amount::of(r.pending_payouts, d))
        .amount("net_capital", Amount::of(r.net_capital, d))
        .amount("active_cover", Amount::of(r.active_cover, d))
        .amount("mcr", Amount::of(r.mcr, d))
        .field("mcr_ratio", ratio, json!(r.mcr_ratio_bps))
        .amount("book_value", Amount::of(r.book_value, d))
        .amount("pricing_book_value", Amount::of(r.pricing_book_value, d))
        .field(
            "buy_book_value",
            r.buy_book_value.map_or_else(
                || "none: refresh first (a buy needs a fresh snapshot)".to_string(),
                |v| Amount::of(v, d).to_string(),
            ),
            r.buy_book_value
                .map_or(Value::Null, |v| Amount::of(v, d).json()),
        )
        .amount("sell_book_value", Amount::of(r.sell_book_value, d))
        .amount("sale_liquidity", Amount::of(r.sale_liquidity, d))
        .amount("stake_supply", Amount::stake(r.stake_supply))
        .field("refreshed_at", r.refreshed_at.to_string(), r.refreshed_at)
        .field("snapshot_age_s", r.snapshot_age.to_string(), r.snapshot_age)
        .field("fresh", r.fresh.to_string(), r.fresh)
        .field(
            "trade_prices_fresh",
            r.trade_prices_fresh.to_string(),
            r.trade_prices_fresh,
        )
        .list("assets", rows))
}
