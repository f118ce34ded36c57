use crate::chain::Session;
use crate::cli::CapitalCommand;
use crate::output::{units, Report};
use crate::Result;
use mutual::constants::STAKE_DECIMALS;
use mutual_sdk::capital;
use serde_json::json;
use std::io::BufRead;

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
                ("vault", units(a.vault_balance, a.decimals), json!(a.vault_balance)),
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
                ("active_cover", units(a.active_cover, a.decimals), json!(a.active_cover)),
            ]
        })
        .collect();
    let ratio = r
        .mcr_ratio_bps
        .map_or("no MCR".to_string(), crate::output::ratio);
    Ok(Report::new("capital pool")
        .field("capital", units(r.capital, d), r.capital)
        .field(
            "pending_payouts",
            units(r.pending_payouts, d),
            r.pending_payouts,
        )
        .field("net_capital", units(r.net_capital, d), r.net_capital)
        .field("active_cover", units(r.active_cover, d), r.active_cover)
        .field("mcr", units(r.mcr, d), r.mcr)
        .field("mcr_ratio", ratio, json!(r.mcr_ratio_bps))
        .field("book_value", units(r.book_value, d), r.book_value)
        .field(
            "stake_supply",
            units(r.stake_supply, STAKE_DECIMALS),
            r.stake_supply,
        )
        .field("refreshed_at", r.refreshed_at.to_string(), r.refreshed_at)
        .field("snapshot_age_s", r.snapshot_age.to_string(), r.snapshot_age)
        .field("fresh", r.fresh.to_string(), r.fresh)
        .list("assets", rows))
}
