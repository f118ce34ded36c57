//! `mutual vote …`: an assessor's vote on a claim, open (`accept`, `deny`) or hidden (`commit`, then `reveal`).
//! The weight is the assessor's stake from before the claim was filed; the program's own `AssessorStake` and
//! `Claim` methods run on copies first, so the review shows the tally the vote leaves and a refusal prints as
//! the chain's error.
use super::claim::{parse_claim, tally_text};
use crate::chain::{expand_home, parse_hex32, parse_pubkey, Session};
use crate::output::{duration, hex, mut_tokens, units, Amount, Report};
use crate::{CliError, Result};
use clap::{Args, Subcommand};
use mutual::constants::STAKE_DECIMALS;
use mutual::state::Vote;
use mutual_sdk::errors::Missing;
use mutual_sdk::{claims, ix, MutualEvent, Pubkey, SdkError};
use serde_json::json;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// The side of a vote.
#[derive(Args, Debug, Clone, Copy)]
#[group(required = true, multiple = false)]
pub struct VoteChoiceArgs {
    /// Vote to accept the claim.
    #[arg(long)]
    pub accept: bool,
    /// Vote to deny the claim.
    #[arg(long)]
    pub deny: bool,
}

#[derive(Subcommand, Debug)]
pub enum VoteCommand {
    /// Vote to accept a claim (open polls; the first vote must accept).
    Accept {
        /// The claim's address.
        claim: String,
    },
    /// Vote to deny a claim (open polls).
    Deny {
        /// The claim's address.
        claim: String,
    },
    /// Commit a hidden vote (commit-reveal polls): a random salt is saved for `vote reveal`.
    Commit {
        /// The claim's address.
        claim: String,
        #[command(flatten)]
        choice: VoteChoiceArgs,
        /// Where the choice and salt are saved; next to the keypair (KEYPAIR_STEM.vote-CLAIM.json) when omitted.
        #[arg(long)]
        salt_file: Option<std::path::PathBuf>,
    },
    /// Reveal a committed vote in the reveal window, from the saved salt file or --accept/--deny --salt.
    Reveal {
        /// The claim's address.
        claim: String,
        /// The committed choice was to accept (with --salt).
        #[arg(long, conflicts_with = "deny", requires = "salt")]
        accept: bool,
        /// The committed choice was to deny (with --salt).
        #[arg(long, requires = "salt")]
        deny: bool,
        /// The salt of the commitment, 32 bytes of hex (with --accept or --deny).
        #[arg(long, conflicts_with = "salt_file")]
        salt: Option<String>,
        /// The file `vote commit` saved; next to the keypair when omitted.
        #[arg(long)]
        salt_file: Option<std::path::PathBuf>,
    },
}

pub fn run(session: &Session, cmd: VoteCommand, input: &mut dyn BufRead) -> Result<Report> {
    match cmd {
        VoteCommand::Accept { claim } => open_vote(session, &claim, true, input),
        VoteCommand::Deny { claim } => open_vote(session, &claim, false, input),
        VoteCommand::Commit {
            claim,
            choice,
            salt_file,
        } => commit(session, &claim, choice.accept, salt_file, input),
        VoteCommand::Reveal {
            claim,
            accept,
            deny,
            salt,
            salt_file,
        } => {
            let given =
                match (accept, deny, salt) {
                    (false, false, None) => None,
                    (accept, deny, Some(salt)) if accept != deny => {
                        Some((accept, parse_hex32(&salt, "--salt")?))
                    }
                    _ => return Err(CliError::Usage(
                        "--salt needs --accept or --deny (or give neither, to read the salt file)"
                            .into(),
                    )),
                };
            reveal(session, &claim, given, salt_file, input)
        }
    }
}

fn choice_name(accept: bool) -> &'static str {
    if accept {
        "accept"
    } else {
        "deny"
    }
}

/// The signer's ballot on the claim at `claim_arg` (`claims::Ballot`): a member with assessor stake from before
/// the claim was filed, who has not voted on it yet.
struct Ballot(claims::Ballot);

impl std::ops::Deref for Ballot {
    type Target = claims::Ballot;

    fn deref(&self) -> &claims::Ballot {
        &self.0
    }
}

impl Ballot {
    fn load(session: &Session, claim_arg: &str) -> Result<Self> {
        let voter = super::require_member(session)?;
        let address = parse_claim(claim_arg)?;
        match claims::Ballot::load(&session.chain, &voter, &address) {
            Ok(ballot) => Ok(Ballot(ballot)),
            Err(SdkError::Missing(Missing::AssessorStake(voter))) => Err(CliError::Usage(format!(
                "{voter} has no assessor stake: run `mutual assessor stake` (it weighs only in claims filed after it)"
            ))),
            Err(e) => Err(e.into()),
        }
    }

    fn weight(&self) -> String {
        format!(
            "{} MUT (your assessor stake from before the claim was filed)",
            units(self.weight, STAKE_DECIMALS)
        )
    }

    fn lock(&self) -> String {
        format!(
            "your assessor stake stays locked for {} after this vote",
            duration(i64::from(self.config.params.assessor_lock_period))
        )
    }
}

fn open_vote(
    session: &Session,
    claim_arg: &str,
    accept: bool,
    input: &mut dyn BufRead,
) -> Result<Report> {
    let b = Ballot::load(session, claim_arg)?;
    let after = b.after_vote(accept)?;
    let review = [
        (
            "action",
            format!("vote to {} claim {}", choice_name(accept), b.address),
        ),
        ("weight", b.weight()),
        (
            "tally",
            format!(
                "{} -> {}",
                tally_text(b.claim.accept, b.claim.deny),
                tally_text(after.accept, after.deny)
            ),
        ),
        ("voting ends", format!("in {}", duration(after.end - b.now))),
        ("lock", b.lock()),
    ];
    let vote = ix::claim_vote(&b.voter, &b.address, accept);
    let receipt = session.execute(&review, &[vote], input)?;
    let (weight, accept_total, deny_total, end) = receipt
        .events
        .iter()
        .find_map(|e| match e {
            MutualEvent::ClaimVoteEvent(e) => Some((e.weight, e.accept_total, e.deny_total, e.end)),
            _ => None,
        })
        .unwrap_or((b.weight, after.accept, after.deny, after.end));
    Ok(Report::new("voted")
        .text("claim", b.address)
        .text("choice", choice_name(accept))
        .amount("weight", Amount::stake(weight))
        .amount("accept", Amount::stake(accept_total))
        .amount("deny", Amount::stake(deny_total))
        .field("ends_in", duration(end - b.now), end - b.now)
        .field("end", end.to_string(), end)
        .text("signature", receipt.signature))
}

/// Where `vote commit` keeps the choice and salt when no --salt-file is given: next to the keypair, named after
/// it and the claim (`id.json` → `id.vote-CLAIM.json`), so that each keypair's votes stay apart.
fn default_salt_file(keypair: &str, claim: &Pubkey) -> PathBuf {
    let key = PathBuf::from(expand_home(keypair));
    let stem = key
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("keypair")
        .to_string();
    key.with_file_name(format!("{stem}.vote-{claim}.json"))
}

/// 32 bytes from the operating system's random source.
fn random_salt() -> Result<[u8; 32]> {
    let mut salt = [0u8; 32];
    getrandom::getrandom(&mut salt)
        .map_err(|e| CliError::Usage(format!("no random source for the salt: {e}")))?;
    Ok(salt)
}

/// Writes the salt file, readable by its owner only, and flushes it to disk: a lost salt is a vote that can't be
/// revealed.
fn save_salt(path: &Path, contents: &serde_json::Value) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| {
        CliError::Usage(format!(
            "can't save the salt to {}: {e}; nothing was signed (--salt-file PATH saves it elsewhere)",
            path.display()
        ))
    })?;
    file.write_all(contents.to_string().as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()?;
    Ok(())
}

fn commit(
    session: &Session,
    claim_arg: &str,
    accept: bool,
    salt_file: Option<PathBuf>,
    input: &mut dyn BufRead,
) -> Result<Report> {
    let b = Ballot::load(session, claim_arg)?;
    let mut after = b.claim.clone();
    after.commit(b.weight, b.now).map_err(SdkError::refused)?;
    let reveal_from = after.end;
    let reveal_until = after.tally_end().map_err(SdkError::refused)?;
    let salt = random_salt()?;
    let commitment = Vote::commitment(accept, &salt, &b.voter, &b.address);
    let path = salt_file.unwrap_or_else(|| default_salt_file(&session.opts.keypair, &b.address));
    let review = [
        (
            "action",
            format!(
                "commit a hidden vote to {} claim {}",
                choice_name(accept),
                b.address
            ),
        ),
        ("weight", b.weight()),
        ("salt file", path.display().to_string()),
        (
            "reveal",
            format!(
                "`mutual vote reveal {}` in {}, within {}",
                b.address,
                duration(reveal_from - b.now),
                duration(reveal_until - reveal_from)
            ),
        ),
        ("lock", b.lock()),
    ];
    session.confirm(&review, input)?;
    // Saved before the commitment is sent: if the file can't be written, nothing is signed.
    if !session.opts.dry_run {
        save_salt(
            &path,
            &json!({
                "claim": b.address.to_string(),
                "voter": b.voter.to_string(),
                "choice": choice_name(accept),
                "salt": hex(&salt),
            }),
        )?;
    }
    let receipt = session.send(&[ix::claim_vote_commit(&b.voter, &b.address, commitment)])?;
    let (weight, end) = receipt
        .events
        .iter()
        .find_map(|e| match e {
            MutualEvent::ClaimVoteCommitEvent(e) => Some((e.weight, e.end)),
            _ => None,
        })
        .unwrap_or((b.weight, reveal_from));
    Ok(Report::new("vote committed")
        .text("claim", b.address)
        .text("choice", choice_name(accept))
        .amount("weight", Amount::stake(weight))
        .text("salt", hex(&salt))
        .text("salt_file", path.display())
        .field("reveal_in", duration(end - b.now), end - b.now)
        .field("reveal_from", end.to_string(), end)
        .field("reveal_until", reveal_until.to_string(), reveal_until)
        .text("signature", receipt.signature))
}

/// The choice and salt `vote commit` saved at `path` for `voter` on `claim`.
fn read_salt(path: &Path, voter: &Pubkey, claim: &Pubkey) -> Result<(bool, [u8; 32])> {
    let what = || format!("salt file {}", path.display());
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::Usage(format!(
            "{}: {e} (give --accept or --deny with --salt)",
            what()
        ))
    })?;
    let saved: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| CliError::Usage(format!("{}: {e}", what())))?;
    let field = |key: &str| saved[key].as_str().unwrap_or_default().to_string();
    let saved_claim = parse_pubkey(&field("claim"), &what())?;
    let saved_voter = parse_pubkey(&field("voter"), &what())?;
    if saved_claim != *claim || saved_voter != *voter {
        return Err(CliError::Usage(format!(
            "{} is for claim {saved_claim} by {saved_voter}",
            what()
        )));
    }
    let accept = match field("choice").as_str() {
        "accept" => true,
        "deny" => false,
        other => {
            return Err(CliError::Usage(format!(
                "{}: unknown choice {other:?}",
                what()
            )))
        }
    };
    Ok((accept, parse_hex32(&field("salt"), &what())?))
}

fn reveal(
    session: &Session,
    claim_arg: &str,
    given: Option<(bool, [u8; 32])>,
    salt_file: Option<PathBuf>,
    input: &mut dyn BufRead,
) -> Result<Report> {
    let voter = super::require_member(session)?;
    let address = parse_claim(claim_arg)?;
    let (accept, salt) = match given {
        Some(given) => given,
        None => {
            let path =
                salt_file.unwrap_or_else(|| default_salt_file(&session.opts.keypair, &address));
            read_salt(&path, &voter, &address)?
        }
    };
    let mutual_sdk::claims::Reveal {
        claim,
        vote,
        after,
        now,
    } = mutual_sdk::claims::Reveal::load(&session.chain, &voter, &address, accept, &salt)?;
    let closes = claim.tally_end().map_err(SdkError::refused)?;
    let review = [
        (
            "action",
            format!(
                "reveal your vote to {} claim {address}",
                choice_name(accept)
            ),
        ),
        ("weight", mut_tokens(vote.weight)),
        (
            "tally",
            format!(
                "{} -> {}",
                tally_text(claim.accept, claim.deny),
                tally_text(after.accept, after.deny)
            ),
        ),
        ("window", format!("closes in {}", duration(closes - now))),
    ];
    let reveal = ix::claim_vote_reveal(&voter, &address, accept, salt);
    let receipt = session.execute(&review, &[reveal], input)?;
    let (weight, accept_total, deny_total) = receipt
        .events
        .iter()
        .find_map(|e| match e {
            MutualEvent::ClaimVoteRevealEvent(e) => Some((e.weight, e.accept_total, e.deny_total)),
            _ => None,
        })
        .unwrap_or((vote.weight, after.accept, after.deny));
    Ok(Report::new("vote revealed")
        .text("claim", address)
        .text("choice", choice_name(accept))
        .amount("weight", Amount::stake(weight))
        .amount("accept", Amount::stake(accept_total))
        .amount("deny", Amount::stake(deny_total))
        .text("signature", receipt.signature))
}
