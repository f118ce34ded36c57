//! The authority's and the guardian's commands: the two-step authority transfer, the guardian, pausing and
//! resuming areas, curators and brokers. Each runs the program's own rule on a copy of the config first
//! (`Config::pause`, `Config::accept_authority`, ...), so a refusal prints as the chain's error before any review.
use super::refused;
use crate::chain::{parse_pubkey, Session};
use crate::output::Report;
use crate::{CliError, Result};
use clap::{Args, Subcommand};
use mutual::errors::MutualError;
use mutual::state::{pause_area, Config};
use mutual_sdk::{fetch, ix, SdkError, Signer, Transport};
use std::io::BufRead;

#[derive(Subcommand, Debug)]
pub enum AuthorityCommand {
    /// Propose a new authority (the current authority); it takes over when it accepts.
    Propose {
        /// The new authority's public key.
        to: String,
    },
    /// Take over as the authority (the proposed key signs).
    Accept,
}

#[derive(Subcommand, Debug)]
pub enum GuardianCommand {
    /// Set the guardian (authority).
    Set {
        /// The guardian's public key.
        guardian: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum CuratorCommand {
    /// Let a wallet update products' risk signals.
    Add { wallet: String },
    /// Remove a curator (its record's rent comes back).
    Remove { wallet: String },
}

/// The signer, who must be the authority, and the config.
fn authority(session: &Session) -> Result<(mutual_sdk::Pubkey, Config)> {
    let signer = session.signer()?.pubkey();
    let config = fetch::config(&session.chain)?;
    if config.authority != signer {
        return Err(refused(MutualError::NotAuthority));
    }
    Ok((signer, config))
}

pub fn authority_command(
    session: &Session,
    cmd: AuthorityCommand,
    input: &mut dyn BufRead,
) -> Result<Report> {
    match cmd {
        AuthorityCommand::Propose { to } => {
            let to = parse_pubkey(&to, "new authority")?;
            let (signer, config) = authority(session)?;
            config
                .clone()
                .propose_authority(to)
                .map_err(SdkError::refused)?;
            let review = [
                (
                    "action",
                    format!("propose {to} as the protocol's authority"),
                ),
                ("then", "the new key runs `mutual authority accept`".into()),
            ];
            let receipt =
                session.execute(&review, &[ix::authority_propose(&signer, &to)], input)?;
            Ok(Report::new("authority proposed")
                .text("pending_authority", to)
                .text("signature", receipt.signature))
        }
        AuthorityCommand::Accept => {
            let signer = session.signer()?.pubkey();
            let config = fetch::config(&session.chain)?;
            config
                .clone()
                .accept_authority(signer)
                .map_err(SdkError::refused)?;
            let review = [(
                "action",
                format!(
                    "take over as the protocol's authority from {}",
                    config.authority
                ),
            )];
            let receipt = session.execute(&review, &[ix::authority_accept(&signer)], input)?;
            Ok(Report::new("authority accepted")
                .text("authority", signer)
                .text("previous_authority", config.authority)
                .text("signature", receipt.signature))
        }
    }
}

pub fn guardian_command(
    session: &Session,
    cmd: GuardianCommand,
    input: &mut dyn BufRead,
) -> Result<Report> {
    let GuardianCommand::Set { guardian } = cmd;
    let guardian = parse_pubkey(&guardian, "guardian")?;
    let (signer, config) = authority(session)?;
    let review = [
        (
            "action",
            format!("make {guardian} the guardian (it may pause, never resume)"),
        ),
        ("replaces", config.guardian.to_string()),
    ];
    let receipt = session.execute(&review, &[ix::guardian_set(&signer, &guardian)], input)?;
    Ok(Report::new("guardian set")
        .text("guardian", guardian)
        .text("signature", receipt.signature))
}

/// `buy,claims,staking,token` or `all` as `pause_area` bits.
pub fn parse_areas(text: &str) -> Result<u8> {
    text.split(',')
        .map(|area| match area.trim() {
            "all" => Ok(pause_area::ALL),
            "buy" => Ok(pause_area::BUY),
            "claims" => Ok(pause_area::CLAIMS),
            "staking" => Ok(pause_area::STAKING),
            "token" => Ok(pause_area::TOKEN),
            other => Err(CliError::Usage(format!(
                "--areas: unknown area {other} (buy, claims, staking, token or all)"
            ))),
        })
        .try_fold(0u8, |areas, area| Ok(areas | area?))
}

/// The areas of `bits`, by name.
fn area_names(bits: u8) -> String {
    [
        (pause_area::BUY, "buy"),
        (pause_area::CLAIMS, "claims"),
        (pause_area::STAKING, "staking"),
        (pause_area::TOKEN, "token"),
    ]
    .iter()
    .filter(|(bit, _)| bits & bit != 0)
    .map(|(_, name)| *name)
    .collect::<Vec<_>>()
    .join(",")
}

/// `mutual pause` and `mutual unpause`: the areas.
#[derive(Args, Debug)]
pub struct PauseArgs {
    /// buy, claims, staking, token (comma-separated), or all.
    #[arg(long, default_value = "all")]
    pub areas: String,
}

/// `mutual pause` (authority or guardian) and `mutual unpause` (authority). Exits are never paused.
pub fn pause(
    session: &Session,
    areas: &str,
    resume: bool,
    input: &mut dyn BufRead,
) -> Result<Report> {
    let areas = parse_areas(areas)?;
    let signer = session.signer()?.pubkey();
    let config = fetch::config(&session.chain)?;
    let mut after = config.clone();
    let now = session.chain.unix_timestamp()?;
    let (action, instruction) = if resume {
        if config.authority != signer {
            return Err(refused(MutualError::NotAuthority));
        }
        after.unpause(areas, now).map_err(SdkError::refused)?;
        ("resume", ix::protocol_unpause(&signer, areas))
    } else {
        after.pause(signer, areas, now).map_err(SdkError::refused)?;
        ("pause", ix::protocol_pause(&signer, areas))
    };
    let review = [
        ("action", format!("{action} {}", area_names(areas))),
        ("paused after", area_names(after.paused)),
        (
            "note",
            "withdrawals, sales within the MCR, redemptions and exits are never paused".into(),
        ),
    ];
    let receipt = session.execute(&review, &[instruction], input)?;
    Ok(Report::new(format!("{action}d"))
        .text("paused", area_names(after.paused))
        .field("paused_bits", after.paused.to_string(), after.paused)
        .text("signature", receipt.signature))
}

pub fn curator_command(
    session: &Session,
    cmd: CuratorCommand,
    input: &mut dyn BufRead,
) -> Result<Report> {
    let (signer, _) = authority(session)?;
    let (wallet, add) = match &cmd {
        CuratorCommand::Add { wallet } => (parse_pubkey(wallet, "wallet")?, true),
        CuratorCommand::Remove { wallet } => (parse_pubkey(wallet, "wallet")?, false),
    };
    let exists = fetch::curator(&session.chain, &wallet)?.is_some();
    if add && exists {
        return Err(refused(MutualError::AlreadyInitialized));
    }
    if !add && !exists {
        return Err(CliError::Usage(format!("{wallet} is not a curator")));
    }
    let (action, instruction) = if add {
        (
            format!("let {wallet} update products' risk signals"),
            ix::curator_add(&signer, &wallet),
        )
    } else {
        (
            format!("remove {wallet} as a curator (its rent comes back)"),
            ix::curator_remove(&signer, &wallet),
        )
    };
    let receipt = session.execute(&[("action", action)], &[instruction], input)?;
    Ok(Report::new(if add {
        "curator added"
    } else {
        "curator removed"
    })
    .text("curator", wallet)
    .text("signature", receipt.signature))
}

/// `mutual member set-broker WALLET [--off]` (authority): brokers buy cover for others.
pub fn set_broker(
    session: &Session,
    wallet: &str,
    off: bool,
    input: &mut dyn BufRead,
) -> Result<Report> {
    let (signer, _) = authority(session)?;
    let wallet = parse_pubkey(wallet, "wallet")?;
    let member = fetch::member(&session.chain, &wallet)?.ok_or(CliError::NotMember(wallet))?;
    let is_broker = !off;
    let review = [
        (
            "action",
            format!(
                "{} {wallet} as a broker (buys cover for other owners, with a commission)",
                if is_broker { "approve" } else { "revoke" }
            ),
        ),
        ("now", format!("broker: {}", member.is_broker)),
    ];
    let receipt = session.execute(
        &review,
        &[ix::member_set_broker(&signer, &wallet, is_broker)],
        input,
    )?;
    Ok(Report::new("broker set")
        .text("wallet", wallet)
        .field("is_broker", is_broker.to_string(), is_broker)
        .text("signature", receipt.signature))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_parse_by_name() {
        assert_eq!(parse_areas("all").unwrap(), pause_area::ALL);
        assert_eq!(
            parse_areas("buy,token").unwrap(),
            pause_area::BUY | pause_area::TOKEN
        );
        assert!(parse_areas("exits").is_err());
        assert_eq!(
            area_names(pause_area::BUY | pause_area::CLAIMS),
            "buy,claims"
        );
    }
}
