mod bootstrap;
mod config;
pub mod demo;
mod member;
mod pool;
mod product;
mod risk;
mod stake;
mod token;

use crate::chain::Session;
use crate::cli::{Cli, Command};
use crate::Result;
use std::io::{BufRead, Write};

pub fn dispatch(cli: Cli, out: &mut dyn Write, input: &mut dyn BufRead) -> Result<()> {
    match cli.command {
        Command::Demo => return demo::run(out),
        Command::Localnet {
            port,
            ledger,
            reset,
            action: None,
        } => return localnet(port, ledger, reset, out),
        _ => {}
    }
    let session = Session::open(cli.global)?;
    run_in(&session, cli.command, out, input)
}

/// Runs a command in an open session (several commands can share one embedded chain this way).
pub fn run_in(
    session: &Session,
    command: Command,
    out: &mut dyn Write,
    input: &mut dyn BufRead,
) -> Result<()> {
    let report = match command {
        Command::Demo => return demo::run(out),
        Command::Localnet {
            port,
            ledger,
            reset,
            action: None,
        } => return localnet(port, ledger, reset, out),
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
        Command::Pool(cmd) => pool::run(session, cmd, input)?,
        Command::Stake(cmd) => stake::run(session, cmd, input)?,
    };
    report.print(session.opts.json, out)?;
    Ok(())
}

/// Starts the localnet, says where it is, and serves until the process is stopped.
fn localnet(port: u16, ledger: std::path::PathBuf, reset: bool, out: &mut dyn Write) -> Result<()> {
    writeln!(
        out,
        "starting the embedded chain from {} (a new one is bootstrapped) ...",
        ledger.display()
    )?;
    out.flush()?;
    let options = crate::localnet::LocalnetOptions {
        port,
        ledger: Some(ledger.clone()),
        reset,
    };
    let localnet = crate::localnet::Localnet::start_with(options)?;
    let d = localnet.deployment;
    writeln!(out, "RPC URL      {}", localnet.url())?;
    writeln!(out, "WebSocket    {}", localnet.ws_url())?;
    writeln!(out, "program id   {}", mutual::ID)?;
    writeln!(out, "stake mint   {}", d.stake_mint)?;
    writeln!(out, "test USDC    {}", d.base_mint)?;
    writeln!(out, "methods      {}", crate::localnet::METHODS.join(", "))?;
    writeln!(out, "ledger       {}", ledger.display())?;
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
    let crate::chain::Chain::Rpc(rpc) = &session.chain else {
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
            let to = crate::chain::parse_pubkey(&to, "--to")?;
            let lamports = sol.saturating_mul(mutual::constants::LAMPORTS_PER_SOL);
            let units = usdc.saturating_mul(mutual_migrations::USDC);
            let account = call(
                crate::localnet::FAUCET_METHOD,
                serde_json::json!([to.to_string(), lamports, units]),
            )?;
            Ok(crate::output::Report::new("funded")
                .text("wallet", to)
                .field("lamports", lamports.to_string(), lamports)
                .field("usdc", units.to_string(), units)
                .field(
                    "usdc_account",
                    account.as_str().unwrap_or_default().to_string(),
                    account,
                ))
        }
        LocalnetAction::Warp { days } => {
            let seconds = days.saturating_mul(mutual::constants::DAY);
            let now = call(crate::localnet::WARP_METHOD, serde_json::json!([seconds]))?;
            Ok(crate::output::Report::new("clock moved")
                .field("days", days.to_string(), days)
                .field("unix_timestamp", now.to_string(), now))
        }
    }
}
