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
    if let Command::Demo = cli.command {
        return demo::run(out);
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
