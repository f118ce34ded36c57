//! The `mutual` command-line interface. Every command is written against `mutual_sdk::Transport`, so it runs
//! the same on the embedded chain (`--url embedded`) and on a cluster (`--url http://…`).
pub mod chain;
pub mod cli;
pub mod commands;
pub mod console;
pub mod localnet;
pub mod output;

pub use cli::Cli;

use std::io::{BufRead, Write};

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Sdk(#[from] mutual_sdk::SdkError),
    #[error("{0}")]
    Usage(String),
    #[error("aborted: nothing was signed")]
    Aborted,
    /// A member-only command by a wallet that has not joined; the chain would refuse it
    /// (`AccountNotInitialized` on the Member PDA).
    #[error("not a member: run `mutual member join` first ({0} has no Member account)")]
    NotMember(mutual_sdk::Pubkey),
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
}

impl CliError {
    /// Exit codes scripts can rely on: 1 the chain refused or failed, 2 bad usage, 3 declined at the prompt.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Sdk(_) | CliError::Io(_) | CliError::NotMember(_) => 1,
            CliError::Usage(_) => 2,
            CliError::Aborted => 3,
        }
    }
}

pub type Result<T> = std::result::Result<T, CliError>;

/// Runs one parsed command, writing its result to `out` and reading confirmations from `input`.
pub fn run(cli: Cli, out: &mut dyn Write, input: &mut dyn BufRead) -> Result<()> {
    commands::dispatch(cli, out, input)
}
