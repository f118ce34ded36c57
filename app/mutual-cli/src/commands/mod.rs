//! One module per area of the command line: its clap types beside its `run`.
pub(crate) mod assessor;
pub(crate) mod asset;
pub(crate) mod bootstrap;
pub(crate) mod capital;
pub(crate) mod claim;
pub(crate) mod config;
pub(crate) mod cover;
pub mod demo;
pub(crate) mod governance;
pub(crate) mod localnet;
pub(crate) mod member;
pub(crate) mod params;
pub(crate) mod pool;
pub(crate) mod product;
pub(crate) mod rewards;
pub(crate) mod risk;
pub(crate) mod serve;
pub(crate) mod stake;
pub(crate) mod token;
pub(crate) mod treasury;
pub(crate) mod vote;

use crate::chain::Session;
use crate::cli::{Cli, Command};
use crate::{CliError, Result};
use mutual_sdk::{fetch, Pubkey, Signer};
use std::io::{BufRead, Write};

pub fn dispatch(cli: Cli, out: &mut dyn Write, input: &mut dyn BufRead) -> Result<()> {
    if let Command::Serve(args) = cli.command {
        return serve::run(crate::chain::resolve_url(&cli.global.url), args, out);
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
        Command::Demo | Command::Localnet(localnet::LocalnetArgs { action: None, .. })
    )
}

fn run_without_session(command: Command, out: &mut dyn Write) -> Result<()> {
    match command {
        Command::Localnet(args @ localnet::LocalnetArgs { action: None, .. }) => {
            localnet::run(args, out)
        }
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
        c @ (Command::Demo | Command::Localnet(localnet::LocalnetArgs { action: None, .. })) => {
            return run_without_session(c, out)
        }
        Command::Serve(args) => {
            return serve::run(crate::chain::resolve_url(&session.opts.url), args, out)
        }
        Command::Localnet(localnet::LocalnetArgs {
            action: Some(action),
            ..
        }) => localnet::action(session, action)?,
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
        Command::Pause(args) => governance::pause(session, &args.areas, false, input)?,
        Command::Unpause(args) => governance::pause(session, &args.areas, true, input)?,
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
        Command::Quote(args) => cover::recommend(session, args)?,
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
