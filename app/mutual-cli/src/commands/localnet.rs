//! `mutual localnet`: start a local validator in the CLI binary (docs/localnet.md), or act on a running one
//! over --url (`faucet`, `warp`, `price`, the localnet's non-standard methods).
use crate::amounts::TokenAmount;
use crate::chain::Session;
use crate::{CliError, Result};
use clap::{Args, Subcommand};
use mutual::constants::{DAY, HOUR};
use mutual_sdk::{fetch, Signer};
use std::io::Write;

/// `mutual localnet`: where it serves and saves, how its clock moves; or an action on a running one.
#[derive(Args, Debug)]
pub struct LocalnetArgs {
    /// RPC port (solana-test-validator's default).
    #[arg(long, default_value_t = 8899)]
    pub port: u16,
    /// Where the state is saved and restored from.
    #[arg(long, default_value = ".mutual-ledger")]
    pub ledger: std::path::PathBuf,
    /// Discard the saved state and start over.
    #[arg(long)]
    pub reset: bool,
    /// How the clock moves: `wall` follows the wall clock, as a validator's does; `manual` moves only with
    /// `localnet warp`, so the same commands give the same times.
    #[arg(long, value_enum, default_value_t = crate::localnet::ClockMode::Wall)]
    pub clock: crate::localnet::ClockMode,
    /// Also serve the Solana Actions for it on this port (as `mutual serve` does).
    #[arg(long)]
    pub web: Option<u16>,
    #[command(subcommand)]
    pub action: Option<LocalnetAction>,
}

#[derive(Subcommand, Debug)]
pub enum LocalnetAction {
    /// Give a wallet SOL and test USDC on the running localnet.
    Faucet {
        /// The wallet to fund; the signer's when omitted.
        #[arg(long)]
        to: Option<String>,
        /// SOL.
        #[arg(long, default_value = "10", allow_hyphen_values = true)]
        sol: TokenAmount,
        /// Test USDC.
        #[arg(long, default_value = "10000", allow_hyphen_values = true)]
        usdc: TokenAmount,
    },
    /// Move the running localnet's clock forward: by --days, --hours, --seconds (added together), or a span
    /// like `12h`, `90m`, `1d12h`, `30s`.
    Warp {
        /// A span: a number with d, h, m or s (e.g. 1d12h).
        span: Option<String>,
        #[arg(long, default_value_t = 0)]
        days: i64,
        #[arg(long, default_value_t = 0)]
        hours: i64,
        #[arg(long, default_value_t = 0)]
        seconds: i64,
    },
    /// Set the running localnet's test price of a feed (a local stand-in for Pyth's push feeds).
    Price {
        /// `SOL/USD`, or a feed id in hex.
        #[arg(long, default_value = "SOL/USD")]
        feed: String,
        /// Dollars, e.g. 151.25 (up to 8 decimals).
        #[arg(long)]
        price: String,
    },
}

/// Starts the localnet, says where it is, and serves until the process is stopped.
pub fn run(args: LocalnetArgs, out: &mut dyn Write) -> Result<()> {
    let LocalnetArgs {
        port,
        ledger,
        reset,
        clock,
        web,
        action: _,
    } = args;
    writeln!(
        out,
        "starting the embedded chain from {} (a new one is bootstrapped if it holds none) ...",
        ledger.display()
    )?;
    out.flush()?;
    let options = crate::localnet::LocalnetOptions {
        port,
        ledger: Some(ledger.clone()),
        reset,
        clock,
    };
    let localnet = crate::localnet::Localnet::start_with(options)?;
    let d = localnet.deployment;
    let state = if localnet.restored {
        "restored from the ledger: accounts, clock, blocks and transactions as they were"
    } else {
        "new: bootstrapped with test USDC, wrapped SOL and the sample products"
    };
    writeln!(out, "state        {state}")?;
    writeln!(out, "RPC URL      {}", localnet.url())?;
    writeln!(out, "WebSocket    {}", localnet.ws_url())?;
    writeln!(out, "program id   {}", mutual::ID)?;
    writeln!(out, "stake mint   {}", d.stake_mint)?;
    writeln!(out, "test USDC    {}", d.base_mint)?;
    writeln!(out, "authority    {}", localnet.authority)?;
    if let Some(key) = &localnet.authority_key {
        writeln!(
            out,
            "             --keypair {} for the authority's commands",
            key.display()
        )?;
    }
    let clock = match clock {
        crate::localnet::ClockMode::Wall => "wall: it follows the wall clock (and `localnet warp`)",
        crate::localnet::ClockMode::Manual => "manual: only `localnet warp` moves it",
    };
    writeln!(out, "clock        {clock}")?;
    writeln!(out, "methods      {}", crate::localnet::METHODS.join(", "))?;
    writeln!(out, "ledger       {}", ledger.display())?;
    // Kept alive as long as the localnet: the actions read it over its own RPC.
    let _web = match web {
        Some(web) => {
            let server = crate::actions::server::ActionServer::start(&localnet.url(), web)?;
            writeln!(out, "actions      {}", server.url())?;
            Some(server)
        }
        None => None,
    };
    out.flush()?;
    localnet.wait();
    Ok(())
}

/// `localnet faucet` and `localnet warp`: the localnet's non-standard methods, over --url.
pub fn action(session: &Session, action: LocalnetAction) -> Result<crate::output::Report> {
    use solana_rpc_client_api::request::RpcRequest;
    let crate::chain::Endpoint::Rpc(rpc) = &session.chain.endpoint else {
        return Err(crate::CliError::Usage(
            "localnet faucet and warp talk to a running localnet: pass its --url".into(),
        ));
    };
    let call = |method: &'static str, params: serde_json::Value| -> Result<serde_json::Value> {
        rpc.client()
            .send(RpcRequest::Custom { method }, params)
            .map_err(|e| crate::CliError::Usage(format!("{method}: {e}")))
    };
    match action {
        LocalnetAction::Faucet { to, sol, usdc } => {
            let to = match &to {
                Some(to) => crate::chain::parse_pubkey(to, "--to")?,
                None => session.signer()?.pubkey(),
            };
            let decimals =
                fetch::asset(&session.chain, &fetch::config(&session.chain)?.base_asset)?.decimals;
            let lamports = session.amount(&sol, crate::output::SOL_DECIMALS, "--sol")?;
            let units = session.amount(&usdc, decimals, "--usdc")?;
            let account = call(
                crate::localnet::FAUCET_METHOD,
                serde_json::json!([to.to_string(), lamports, units]),
            )?;
            Ok(crate::output::Report::new("funded")
                .text("wallet", to)
                .amount("sol", crate::output::Amount::sol(lamports))
                .amount("usdc", crate::output::Amount::of(units, decimals))
                .field(
                    "usdc_account",
                    account.as_str().unwrap_or_default().to_string(),
                    account,
                ))
        }
        LocalnetAction::Price { feed, price } => {
            let feed_hex = match feed.as_str() {
                "SOL/USD" => mutual_sdk::prices::SOL_USD_FEED.to_string(),
                hex => hex.to_string(),
            };
            let e8 = dollars_e8(&price)?;
            let account = call(
                crate::localnet::PRICE_METHOD,
                serde_json::json!([feed_hex, e8]),
            )?;
            Ok(crate::output::Report::new("test price set")
                .text("feed", feed)
                .field("price", price, e8)
                .field(
                    "price_account",
                    account.as_str().unwrap_or_default().to_string(),
                    account,
                ))
        }
        LocalnetAction::Warp {
            span,
            days,
            hours,
            seconds,
        } => {
            let spanned = span.as_deref().map(parse_span).transpose()?.unwrap_or(0);
            let seconds = [days.checked_mul(DAY), hours.checked_mul(HOUR), Some(seconds), Some(spanned)]
                .into_iter()
                .try_fold(0i64, |sum, part| part.and_then(|p| sum.checked_add(p)))
                .filter(|s| *s > 0)
                .ok_or_else(|| {
                    CliError::Usage(
                        "localnet warp: give a positive span (12h, 90m, 1d12h) or --days/--hours/--seconds".into(),
                    )
                })?;
            let now = call(crate::localnet::WARP_METHOD, serde_json::json!([seconds]))?;
            Ok(crate::output::Report::new("clock moved")
                .field("seconds", crate::output::duration(seconds), seconds)
                .field("unix_timestamp", now.to_string(), now))
        }
    }
}

/// A span of time as `1d12h`, `90m`, `30s` or `2h30m`: numbers each followed by d, h, m or s.
fn parse_span(text: &str) -> Result<i64> {
    let bad = || {
        CliError::Usage(format!(
            "localnet warp {text}: expected a span like 12h, 90m or 1d12h"
        ))
    };
    let (mut total, mut number) = (0i64, String::new());
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            'd' => DAY,
            'h' => HOUR,
            'm' => 60,
            's' => 1,
            _ => return Err(bad()),
        };
        let n: i64 = std::mem::take(&mut number).parse().map_err(|_| bad())?;
        total = n
            .checked_mul(unit)
            .and_then(|part| total.checked_add(part))
            .ok_or_else(bad)?;
    }
    if !number.is_empty() || total == 0 {
        return Err(bad());
    }
    Ok(total)
}

/// "151.25" as dollars with 8 decimals (15_125_000_000), without floats.
fn dollars_e8(text: &str) -> Result<i64> {
    let bad = || crate::CliError::Usage(format!("--price {text}: expected dollars, e.g. 151.25"));
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 8 || !fraction.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let fraction: i64 = format!("{fraction:0<8}").parse().map_err(|_| bad())?;
    whole
        .checked_mul(100_000_000)
        .and_then(|w| w.checked_add(fraction))
        .filter(|p| *p > 0)
        .ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    #[test]
    fn spans_parse_to_seconds() {
        use mutual::constants::{DAY, HOUR};
        assert_eq!(super::parse_span("12h").unwrap(), 12 * HOUR);
        assert_eq!(super::parse_span("1d12h").unwrap(), DAY + 12 * HOUR);
        assert_eq!(super::parse_span("90m").unwrap(), 90 * 60);
        assert_eq!(
            super::parse_span("2h30m15s").unwrap(),
            2 * HOUR + 30 * 60 + 15
        );
        for bad in ["", "12", "h", "-1h", "1x", "0h", "1.5h"] {
            assert!(super::parse_span(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dollar_prices_parse_to_eight_decimals() {
        assert_eq!(super::dollars_e8("151.25").unwrap(), 15_125_000_000);
        assert_eq!(super::dollars_e8("150").unwrap(), 15_000_000_000);
        assert_eq!(super::dollars_e8("0.00000001").unwrap(), 1);
        for bad in ["", "-1", "1.123456789", "1.2x", "0"] {
            assert!(super::dollars_e8(bad).is_err(), "{bad}");
        }
    }
}
