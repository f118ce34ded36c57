//! The `mutual` command-line interface. Every command is written against `mutual_sdk::Transport`, so it runs
//! the same on the embedded chain (`--url embedded`) and on a cluster (`--url http://…`).
pub mod actions;
pub mod amounts;
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
    #[error("{}", describe(.0))]
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
    /// The chain's refusal, and what the user can do about it.
    #[error("{}. {hint}", describe(.error))]
    Explained {
        error: mutual_sdk::SdkError,
        hint: String,
    },
}

impl CliError {
    /// Exit codes scripts can rely on: 1 the chain refused or failed, 2 bad usage, 3 declined at the prompt.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Sdk(_)
            | CliError::Io(_)
            | CliError::NotMember(_)
            | CliError::Explained { .. } => 1,
            CliError::Usage(_) => 2,
            CliError::Aborted => 3,
        }
    }
}

pub type Result<T> = std::result::Result<T, CliError>;

/// An SDK error as a person at the command line reads it: a missing record says where to look, and an RPC URL
/// that does not answer asks whether the localnet is running.
fn describe(error: &mutual_sdk::SdkError) -> String {
    use mutual_sdk::errors::Missing;
    use mutual_sdk::SdkError;
    match error {
        SdkError::Missing(missing) => {
            let hint = match missing {
                Missing::Config => {
                    "check --url, or start a local chain with `mutual localnet`".to_string()
                }
                Missing::Product(_) => "see `mutual product list`".into(),
                Missing::Pool(_) => "see `mutual pool list`".into(),
                Missing::Cover { .. } | Missing::CoverAt(_) => "see `mutual cover list`".into(),
                Missing::Claim(_) => "see `mutual claim list`".into(),
                Missing::Asset(_) => "see `mutual capital show` for the registered assets".into(),
                Missing::Position { .. } => "see `mutual stake list`".into(),
                Missing::AssessorStake(_) => "stake with `mutual assessor stake`".into(),
                Missing::Vote { .. } => "commit one with `mutual vote commit`".into(),
            };
            format!("{missing} ({hint})")
        }
        SdkError::Unreachable { url, reason } => format!(
            "nothing answers at {url}: is `mutual localnet` running, or is --url right? ({reason})"
        ),
        other => other.to_string(),
    }
}

/// Runs one parsed command, writing its result to `out` and reading confirmations from `input`.
pub fn run(cli: Cli, out: &mut dyn Write, input: &mut dyn BufRead) -> Result<()> {
    commands::dispatch(cli, out, input)
}
