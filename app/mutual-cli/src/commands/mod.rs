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
        } => return localnet(port, ledger, reset, out),
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
    writeln!(out, "program id   {}", mutual::ID)?;
    writeln!(out, "stake mint   {}", d.stake_mint)?;
    writeln!(out, "test USDC    {}", d.base_mint)?;
    writeln!(out, "methods      {}", crate::localnet::METHODS.join(", "))?;
    writeln!(out, "ledger       {}", ledger.display())?;
    out.flush()?;
    localnet.wait();
    Ok(())
}
