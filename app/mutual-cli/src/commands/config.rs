use crate::chain::Session;
use crate::cli::ConfigCommand;
use crate::output::{sol, units, Report};
use crate::Result;
use mutual::constants::STAKE_DECIMALS;
use mutual_sdk::{fetch, quote};

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
        .field("join_fee", sol(p.join_fee), p.join_fee)
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
        .field("min_mcr", units(p.min_mcr, d), p.min_mcr)
        .field(
            "initial_book_value",
            units(p.initial_book_value, d),
            p.initial_book_value,
        )
        .field("capital", units(market.capital, d), market.capital)
        .field("mcr", units(market.mcr, d), market.mcr)
        .field(
            "stake_supply",
            units(market.stake_supply, STAKE_DECIMALS),
            market.stake_supply,
        )
        .field("book_value", units(market.book_value, d), market.book_value))
}
