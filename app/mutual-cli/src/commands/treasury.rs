use crate::chain::Session;
use crate::output::{sol, Amount, Report};
use crate::Result;
use clap::Subcommand;
use mutual_sdk::{capital, fetch, ix, pda, MutualEvent};
use std::io::BufRead;

#[derive(Subcommand, Debug)]
pub enum TreasuryCommand {
    /// Wrap the treasury's lamports above its rent into the wrapped-SOL vault, as capital (permissionless).
    Sweep,
}

pub fn run(session: &Session, cmd: TreasuryCommand, input: &mut dyn BufRead) -> Result<Report> {
    match cmd {
        TreasuryCommand::Sweep => sweep(session, input),
    }
}

/// Refreshes the snapshot first in the same transaction, since the sweep values the lamports at a fresh price.
fn sweep(session: &Session, input: &mut dyn BufRead) -> Result<Report> {
    let config = fetch::config(&session.chain)?;
    let treasury = fetch::lamports(&session.chain, &pda::treasury().0)?;
    let review = [
        (
            "action",
            "wrap the treasury's lamports into the wrapped-SOL vault".to_string(),
        ),
        ("treasury", sol(treasury)),
    ];
    let ixs = [
        capital::refresh_ix(&session.chain)?,
        ix::treasury_sweep(&config.base_asset),
    ];
    let receipt = session.execute(&review, &ixs, input)?;
    let base = fetch::asset(&session.chain, &config.base_asset)?;
    let swept = receipt.events.iter().find_map(|e| match e {
        MutualEvent::TreasurySweepEvent(e) => Some(e.clone()),
        _ => None,
    });
    let (lamports, value, book_value) =
        swept.map_or((0, 0, 0), |e| (e.lamports, e.value, e.book_value));
    Ok(Report::new("treasury swept")
        .amount("lamports", Amount::sol(lamports))
        .amount("value", Amount::of(value, base.decimals))
        .amount("book_value", Amount::of(book_value, base.decimals))
        .text("signature", receipt.signature))
}
