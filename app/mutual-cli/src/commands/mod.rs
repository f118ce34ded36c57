mod assessor;
mod asset;
mod bootstrap;
mod capital;
pub(crate) mod claim;
mod config;
mod cover;
pub mod demo;
mod governance;
mod member;
mod params;
mod pool;
pub(crate) mod product;
mod rewards;
mod risk;
mod stake;
mod token;
mod treasury;
mod vote;

use crate::chain::Session;
use crate::cli::{Cli, Command};
use crate::{CliError, Result};
use mutual::constants::{DAY, HOUR};
use mutual_sdk::{fetch, Pubkey, Signer};
use std::io::{BufRead, Write};

pub fn dispatch(cli: Cli, out: &mut dyn Write, input: &mut dyn BufRead) -> Result<()> {
    if let Command::Serve { port } = cli.command {
        return serve(crate::chain::resolve_url(&cli.global.url), port, out);
    }
    if needs_no_session(&cli.command) {
        return run_without_session(cli.command, out);
    }
    let session = Session::open(cli.global)?;
    run_in(&session, cli.command, out, input)
}

/// The demo and the localnet server start their own chain: they need no keypair or --url.
fn needs_no_session(command: &Command) -> bool {
    matches!(
        command,
        Command::Demo | Command::Localnet { action: None, .. }
    )
}

fn run_without_session(command: Command, out: &mut dyn Write) -> Result<()> {
    match command {
        Command::Localnet {
            port,
            ledger,
            reset,
            clock,
            web,
            action: None,
        } => localnet(port, ledger, reset, clock, web, out),
        _ => demo::run(out),
    }
}

/// Runs a command in an open session (several commands can share one embedded chain this way).
pub fn run_in(
    session: &Session,
    command: Command,
    out: &mut dyn Write,
    input: &mut dyn BufRead,
) -> Result<()> {
    let report = match command {
        c @ (Command::Demo | Command::Localnet { action: None, .. }) => {
            return run_without_session(c, out)
        }
        Command::Serve { port } => {
            return serve(crate::chain::resolve_url(&session.opts.url), port, out)
        }
        Command::Localnet {
            action: Some(action),
            ..
        } => localnet_action(session, action)?,
        Command::Bootstrap(args) => bootstrap::run(session, args, input)?,
        Command::Config(cmd) => config::run(session, cmd)?,
        Command::Member(cmd) => member::run(session, cmd, input)?,
        Command::Token(cmd) => token::run(session, cmd, input)?,
        Command::Product(cmd) => product::run(session, cmd, input)?,
        Command::Risk(cmd) => risk::run(session, cmd, input)?,
        Command::Capital(cmd) => capital::run(session, cmd, input)?,
        Command::Asset(cmd) => asset::run(session, cmd, input)?,
        Command::Authority(cmd) => governance::authority_command(session, cmd, input)?,
        Command::Guardian(cmd) => governance::guardian_command(session, cmd, input)?,
        Command::Pause { areas } => governance::pause(session, &areas, false, input)?,
        Command::Unpause { areas } => governance::pause(session, &areas, true, input)?,
        Command::Curator(cmd) => governance::curator_command(session, cmd, input)?,
        Command::Params(cmd) => params::run(session, cmd, input)?,
        Command::Treasury(cmd) => treasury::run(session, cmd, input)?,
        Command::Pool(cmd) => pool::run(session, cmd, input)?,
        Command::Stake(cmd) => stake::run(session, cmd, input)?,
        Command::Cover(cmd) => cover::run(session, cmd, input)?,
        Command::Claim(cmd) => claim::run(session, cmd, input)?,
        Command::Vote(cmd) => vote::run(session, cmd, input)?,
        Command::Assessor(cmd) => assessor::run(session, cmd, input)?,
        Command::Rewards(cmd) => rewards::run(session, cmd, input)?,
        Command::Quote {
            product,
            exposure,
            terms,
        } => cover::recommend(session, product, &exposure, terms)?,
    };
    report.print(session.opts.json, out)?;
    Ok(())
}

/// The signer, who must be a member: the chain would refuse with `AccountNotInitialized` on the Member PDA, so
/// the CLI says how to join instead.
fn require_member(session: &Session) -> Result<Pubkey> {
    let wallet = session.signer()?.pubkey();
    if fetch::member(&session.chain, &wallet)?.is_none() {
        return Err(CliError::NotMember(wallet));
    }
    Ok(wallet)
}

/// The program's error `e`, as the chain would report it.
fn refused(e: mutual::errors::MutualError) -> CliError {
    mutual_sdk::SdkError::refused(e.into()).into()
}

/// Starts the localnet, says where it is, and serves until the process is stopped.
/// `mutual serve`: the actions for the cluster at `url`, until the process stops.
fn serve(url: &str, port: u16, out: &mut dyn Write) -> Result<()> {
    let server = crate::actions::server::ActionServer::start(url, port)?;
    writeln!(
        out,
        "actions      {} (for the cluster at {url})",
        server.url()
    )?;
    writeln!(out, "actions.json {}/actions.json", server.url())?;
    out.flush()?;
    server.wait();
    Ok(())
}

fn localnet(
    port: u16,
    ledger: std::path::PathBuf,
    reset: bool,
    clock: crate::localnet::ClockMode,
    web: Option<u16>,
    out: &mut dyn Write,
) -> Result<()> {
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
fn localnet_action(
    session: &Session,
    action: crate::cli::LocalnetAction,
) -> Result<crate::output::Report> {
    use crate::cli::LocalnetAction;
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
