//! `mutual assessor …`: stake-token in the assessment vault, the weight of an assessor's votes. A deposit counts
//! only in the polls of claims filed after it (stake-then-vote can't swing a running poll), and each vote locks
//! the stake for `assessor_lock_period`, so that fraud can still be punished.
use super::refused;
use crate::amounts::TokenAmount;
use crate::chain::{parse_pubkey, Session};
use crate::output::{amount_cell, duration, mut_tokens, Amount, Report, Row};
use crate::{CliError, Result};
use clap::Subcommand;
use mutual::errors::MutualError;
use mutual_sdk::{claims, fetch, ix, pda, MutualEvent, SdkError, Signer, Transport};
use serde_json::json;
use std::io::BufRead;

#[derive(Subcommand, Debug)]
pub enum AssessorCommand {
    /// Move stake-token into the assessment vault; it weighs in the polls of claims filed afterwards.
    Stake {
        /// MUT.
        #[arg(long, allow_hyphen_values = true)]
        amount: TokenAmount,
    },
    /// Take assessor stake back, once the lock after your last vote has passed.
    Unstake {
        /// MUT.
        #[arg(long, allow_hyphen_values = true)]
        amount: TokenAmount,
    },
    /// A wallet's assessor stake, its lock and fraud flag (the signer's by default).
    Show { wallet: Option<String> },
    /// Flag an assessor as fraudulent (authority): its stake burns and its votes can be undone.
    FlagFraud { wallet: String },
}

pub fn run(session: &Session, cmd: AssessorCommand, input: &mut dyn BufRead) -> Result<Report> {
    match cmd {
        AssessorCommand::Stake { amount } => {
            stake(session, session.stake_amount(&amount, "--amount")?, input)
        }
        AssessorCommand::Unstake { amount } => {
            unstake(session, session.stake_amount(&amount, "--amount")?, input)
        }
        AssessorCommand::Show { wallet } => show(session, wallet.as_deref()),
        AssessorCommand::FlagFraud { wallet } => flag_fraud(session, &wallet, input),
    }
}

/// The authority flags `wallet` as a fraudulent assessor: `AssessorStake::flag_fraud` on a copy first.
fn flag_fraud(session: &Session, wallet: &str, input: &mut dyn BufRead) -> Result<Report> {
    let signer = session.signer()?.pubkey();
    if fetch::config(&session.chain)?.authority != signer {
        return Err(refused(MutualError::NotAuthority));
    }
    let wallet = parse_pubkey(wallet, "wallet")?;
    let assessor = claims::assessor(&session.chain, &wallet)?
        .ok_or_else(|| CliError::Usage(format!("{wallet} has never staked as an assessor")))?;
    let burnt = assessor.clone().flag_fraud().map_err(SdkError::refused)?;
    let member = fetch::member(&session.chain, &wallet)?.is_some();
    if !member && burnt > 0 {
        return Err(refused(MutualError::MemberRequired));
    }
    let review = [
        ("action", format!("flag {wallet} as a fraudulent assessor")),
        ("burns", mut_tokens(burnt)),
        (
            "then",
            format!("anyone undoes their votes: `mutual claim undo-fraud {wallet}`"),
        ),
    ];
    let receipt = session.execute(
        &review,
        &[ix::assessor_flag_fraud(&signer, &wallet, member)],
        input,
    )?;
    Ok(Report::new("assessor flagged")
        .text("wallet", wallet)
        .amount("burnt", Amount::stake(burnt))
        .text("signature", receipt.signature))
}

fn stake(session: &Session, amount: u64, input: &mut dyn BufRead) -> Result<Report> {
    let chain = &session.chain;
    let wallet = session.signer()?.pubkey();
    let (member, balance) = fetch::member_with_stake(chain, &wallet)?;
    if member.is_none() {
        return Err(CliError::NotMember(wallet));
    }
    if let Some(assessor) = claims::assessor(chain, &wallet)? {
        assessor.require_not_banned().map_err(SdkError::refused)?;
    }
    if amount == 0 {
        return Err(refused(MutualError::ZeroAmount));
    }
    if amount > balance {
        return Err(refused(MutualError::InsufficientBalance));
    }
    let lock = fetch::config(chain)?.params.assessor_lock_period;
    let review = [
        ("action", "stake as an assessor".to_string()),
        ("amount", mut_tokens(amount)),
        (
            "from",
            format!(
                "{} (holds {})",
                pda::stake_account(&wallet),
                mut_tokens(balance)
            ),
        ),
        (
            "weighs in",
            "the polls of claims filed from now on, not those already open".to_string(),
        ),
        (
            "lock",
            format!(
                "each vote locks your assessor stake for {}",
                duration(i64::from(lock))
            ),
        ),
    ];
    let receipt = session.execute(&review, &[ix::assessor_stake(&wallet, amount)], input)?;
    let total = receipt.events.iter().find_map(|e| match e {
        MutualEvent::AssessorStakeEvent(e) => Some(e.stake),
        _ => None,
    });
    let total = total.unwrap_or(amount);
    Ok(Report::new("assessor stake added")
        .text("wallet", wallet)
        .amount("amount", Amount::stake(amount))
        .amount("stake", Amount::stake(total))
        .text("signature", receipt.signature))
}

fn unstake(session: &Session, amount: u64, input: &mut dyn BufRead) -> Result<Report> {
    let chain = &session.chain;
    let wallet = super::require_member(session)?;
    let assessor = claims::assessor(chain, &wallet)?.ok_or_else(|| {
        CliError::Usage(format!(
            "{wallet} has no assessor stake (`mutual assessor stake --amount X` adds some)"
        ))
    })?;
    let now = chain.unix_timestamp()?;
    let mut after = assessor.clone();
    after.withdraw(amount, now).map_err(SdkError::refused)?;
    let review = [
        ("action", "take assessor stake back".to_string()),
        ("amount", mut_tokens(amount)),
        ("to", pda::stake_account(&wallet).to_string()),
        ("left", mut_tokens(after.stake)),
    ];
    let receipt = session.execute(&review, &[ix::assessor_unstake(&wallet, amount)], input)?;
    let left = receipt.events.iter().find_map(|e| match e {
        MutualEvent::AssessorUnstakeEvent(e) => Some(e.stake),
        _ => None,
    });
    let left = left.unwrap_or(after.stake);
    Ok(Report::new("assessor stake withdrawn")
        .text("wallet", wallet)
        .amount("amount", Amount::stake(amount))
        .amount("stake", Amount::stake(left))
        .text("signature", receipt.signature))
}

fn show(session: &Session, wallet: Option<&str>) -> Result<Report> {
    let chain = &session.chain;
    let wallet = match wallet {
        Some(w) => parse_pubkey(w, "wallet")?,
        None => session.signer()?.pubkey(),
    };
    let report = Report::new("assessor").text("wallet", wallet);
    let Some(a) = claims::assessor(chain, &wallet)? else {
        return Ok(report
            .amount("stake", Amount::stake(0))
            .field("locked_until", "-", 0)
            .field("fraud", "false", false));
    };
    let now = chain.unix_timestamp()?;
    let locked_until = if a.locked_until > now {
        format!("{} (in {})", a.locked_until, duration(a.locked_until - now))
    } else {
        format!("{} (unlocked)", a.locked_until)
    };
    let count = usize::from(a.checkpoint_count).min(a.checkpoints.len());
    let rows: Vec<Row> = a.checkpoints[..count]
        .iter()
        .map(|c| {
            vec![
                // Stake of this checkpoint weighs in the polls of claims filed after `at`.
                ("counts_after", c.at.to_string(), json!(c.at)),
                amount_cell("stake", Amount::stake(c.total)),
            ]
        })
        .collect();
    Ok(report
        .amount("stake", Amount::stake(a.stake))
        .field("locked_until", locked_until, a.locked_until)
        .field("fraud", a.fraud.to_string(), a.fraud)
        .list("checkpoints", rows))
}
