use crate::amounts::TokenAmount;
use crate::chain::Session;
use crate::output::{units, Amount, Report};
use crate::{CliError, Result};
use clap::Subcommand;
use mutual::constants::STAKE_DECIMALS;
use mutual::state::TradeSide;
use mutual_sdk::{ix, quote, MutualEvent, Signer};
use std::io::BufRead;

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Buy MUT with the base asset at book value plus the buffer.
    Buy {
        /// What to pay, in tokens of the base asset.
        #[arg(long, allow_hyphen_values = true)]
        amount: TokenAmount,
        /// Fewest MUT accepted; the quote when omitted.
        #[arg(long, allow_hyphen_values = true)]
        min_out: Option<TokenAmount>,
    },
    /// Sell MUT for the base asset at book value minus the buffer.
    Sell {
        /// MUT to sell.
        #[arg(long, allow_hyphen_values = true)]
        amount: TokenAmount,
        /// Fewest tokens of the base asset accepted; the quote when omitted.
        #[arg(long, allow_hyphen_values = true)]
        min_out: Option<TokenAmount>,
    },
}

pub fn run(session: &Session, cmd: TokenCommand, input: &mut dyn BufRead) -> Result<Report> {
    let wallet = session.signer()?.pubkey();
    // One batched read of everything the trade is priced from (two round trips).
    let mut trade = quote::TradeContext::load(&session.chain, Some(&wallet))?;
    // Other assets count only at prices at most oracle_max_age old (a buy is refused, a sale counts them as 0):
    // refresh first when they are older.
    let age = trade.now.saturating_sub(trade.snapshot.refreshed_at);
    if trade.view.non_base_in_use && !trade.view.fresh {
        let review = [(
            "action",
            format!("refresh the capital snapshot first (its prices are {age} s old)"),
        )];
        session.execute(
            &review,
            &[mutual_sdk::capital::refresh_ix(&session.chain)?],
            input,
        )?;
        trade = quote::TradeContext::load(&session.chain, Some(&wallet))?;
    }
    if trade.member.is_none() {
        return Err(CliError::NotMember(wallet));
    }
    let decimals = trade.base_decimals;
    let base = trade.accounts(&wallet);
    let market = trade.market;
    match cmd {
        TokenCommand::Buy { amount, min_out } => {
            let amount = session.amount(&amount, decimals, "--amount")?;
            let min_out = min_out
                .map(|m| session.stake_amount(&m, "--min-out"))
                .transpose()?;
            // Refuses what the program would refuse (a zero amount, slippage...) before the review.
            let quoted = trade.buy(amount, min_out.unwrap_or(0))?;
            let min_out = min_out.unwrap_or(quoted);
            let pending = trade.view.pending_value;
            let book_value = if pending == 0 {
                units(market.book_value, decimals)
            } else {
                format!(
                    "{} net of {} of pending claim payouts; a buy is priced gross of them",
                    units(market.book_value, decimals),
                    units(pending, decimals)
                )
            };
            let review = [
                ("action", "buy stake tokens".to_string()),
                ("pay", units(amount, decimals)),
                (
                    "receive",
                    format!("{} (quoted)", units(quoted, STAKE_DECIMALS)),
                ),
                ("at least", units(min_out, STAKE_DECIMALS)),
                ("book value", book_value),
                ("priced from", priced_from(&trade, TradeSide::Buy)),
            ];
            let ixs = [ix::token_buy(&wallet, &base, amount, min_out)];
            let receipt = session.execute(&review, &ixs, input)?;
            let minted = receipt.events.iter().find_map(|e| match e {
                MutualEvent::TokenBuyEvent(e) => Some(e.stake_out),
                _ => None,
            });
            let stake_out = minted.unwrap_or(quoted);
            Ok(Report::new("bought")
                .amount("base_in", Amount::of(amount, decimals))
                .amount("stake_out", Amount::stake(stake_out))
                .amount("quoted", Amount::stake(quoted))
                .text("priced_from", priced_from(&trade, TradeSide::Buy))
                .text("signature", receipt.signature))
        }
        TokenCommand::Sell { amount, min_out } => {
            let amount = session.stake_amount(&amount, "--amount")?;
            let min_out = min_out
                .map(|m| session.amount(&m, decimals, "--min-out"))
                .transpose()?;
            let quoted = trade.sell(amount, min_out.unwrap_or(0))?;
            let min_out = min_out.unwrap_or(quoted);
            let review = [
                ("action", "sell stake tokens".to_string()),
                ("sell", units(amount, STAKE_DECIMALS)),
                ("receive", format!("{} (quoted)", units(quoted, decimals))),
                ("at least", units(min_out, decimals)),
                ("book value", units(market.book_value, decimals)),
                ("priced from", priced_from(&trade, TradeSide::Sell)),
            ];
            let ixs = [ix::token_sell(&wallet, &base, amount, min_out)];
            let receipt = session.execute(&review, &ixs, input)?;
            let paid = receipt.events.iter().find_map(|e| match e {
                MutualEvent::TokenSellEvent(e) => Some(e.base_out),
                _ => None,
            });
            let base_out = paid.unwrap_or(quoted);
            Ok(Report::new("sold")
                .amount("stake_in", Amount::stake(amount))
                .amount("base_out", Amount::of(base_out, decimals))
                .amount("quoted", Amount::of(quoted, decimals))
                .text("priced_from", priced_from(&trade, TradeSide::Sell))
                .text("signature", receipt.signature))
        }
    }
}

/// The figures a trade of `side` is priced from (its review and its report say them), as the program takes them (`CapitalView::market`): every
/// vault as it stands, the other assets at the prices of the last refresh, what is owed at the high side.
fn priced_from(trade: &quote::TradeContext, side: TradeSide) -> String {
    let d = trade.base_decimals;
    let view = &trade.view;
    let age = trade.now.saturating_sub(trade.snapshot.refreshed_at);
    let others = match view.non_base_capital {
        _ if !view.non_base_in_use => "no other asset in use".to_string(),
        Some(value) => format!(
            "other assets {} at μ−σ, prices {age} s old",
            units(value, d)
        ),
        None => format!("other assets not counted: prices {age} s old"),
    };
    let cover = format!(
        "MCR {} on active cover {} (other assets at μ+σ)",
        units(trade.market.mcr, d),
        units(view.active_cover().unwrap_or(u64::MAX), d)
    );
    match side {
        TradeSide::Buy => format!(
            "base vault {}, {others}; gross of {} pending payouts",
            units(view.base_vault, d),
            units(view.pending_value, d)
        ),
        TradeSide::Sell => format!(
            "base vault {}, {others}; net of {} pending payouts; {cover}; at most {} paid from the base vault \
             (it keeps {} owed to accepted claims)",
            units(view.base_vault, d),
            units(view.pending_value, d),
            units(trade.market.base_liquidity, d),
            units(view.base_pending, d)
        ),
    }
}
