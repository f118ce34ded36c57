use crate::chain::Session;
use crate::output::{Amount, Report};
use crate::Result;
use clap::Subcommand;
use mutual_sdk::{fetch, quote};

#[derive(Subcommand, Debug)]
pub enum ConfigCommand {
    /// Show the configuration, parameters and capital snapshot.
    Show,
}

pub fn run(session: &Session, cmd: ConfigCommand) -> Result<Report> {
    match cmd {
        ConfigCommand::Show => show(session),
    }
}

fn show(session: &Session) -> Result<Report> {
    let config = fetch::config(&session.chain)?;
    let base = fetch::asset(&session.chain, &config.base_asset)?;
    let market = quote::market(&session.chain)?;
    let p = config.params;
    let d = base.decimals;
    Ok(Report::new("mutual configuration")
        .text("authority", config.authority)
        .text("pending_authority", config.pending_authority)
        .text("guardian", config.guardian)
        .text("stake_mint", config.stake_mint)
        .text("base_asset", config.base_asset)
        .field(
            "paused_areas",
            format!("{:#06b}", config.paused),
            config.paused,
        )
        .field("assets", config.asset_count.to_string(), config.asset_count)
        .amount("join_fee", Amount::sol(p.join_fee))
        .field(
            "token_buffer_bps",
            p.token_buffer.0.to_string(),
            p.token_buffer.0,
        )
        .field(
            "capacity_ratio_bps",
            p.capacity_ratio.0.to_string(),
            p.capacity_ratio.0,
        )
        .field("mcr_ratio_bps", p.mcr_ratio.0.to_string(), p.mcr_ratio.0)
        .amount("min_mcr", Amount::of(p.min_mcr, d))
        .amount("initial_book_value", Amount::of(p.initial_book_value, d))
        .amount("capital", Amount::of(market.capital, d))
        .amount("mcr", Amount::of(market.mcr, d))
        .amount("stake_supply", Amount::stake(market.stake_supply))
        .amount("book_value", Amount::of(market.book_value, d)))
}
