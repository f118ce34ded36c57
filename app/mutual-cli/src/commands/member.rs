use crate::amounts::TokenAmount;
use crate::chain::{parse_pubkey, Session};
use crate::output::{sol, units, Amount, Report};
use crate::Result;
use clap::Subcommand;
use mutual::constants::STAKE_DECIMALS;
use mutual_sdk::{fetch, ix, pda, Signer};
use std::io::BufRead;

#[derive(Subcommand, Debug)]
pub enum MemberCommand {
    /// Join the mutual: pay the join fee and get a stake-token account.
    Join,
    /// Leave the mutual (the stake-token account must be empty, or hold at most --max-burn units, which burn).
    Leave {
        /// MUT left in the account (e.g. dust sent by others) that may be burnt on the way out.
        #[arg(long, default_value = "0", allow_hyphen_values = true)]
        max_burn: TokenAmount,
    },
    /// Thaw the stake-token account again after closing and re-creating it.
    Thaw,
    /// Approve (or with --off revoke) a member as a broker, who may buy cover for others (authority).
    SetBroker {
        wallet: String,
        #[arg(long)]
        off: bool,
    },
    /// Show a wallet's membership (the signer's by default).
    Show { wallet: Option<String> },
}

pub fn run(session: &Session, cmd: MemberCommand, input: &mut dyn BufRead) -> Result<Report> {
    match cmd {
        MemberCommand::Join => join(session, input),
        MemberCommand::Leave { max_burn } => leave(
            session,
            session.stake_amount(&max_burn, "--max-burn")?,
            input,
        ),
        MemberCommand::Thaw => thaw(session, input),
        MemberCommand::SetBroker { wallet, off } => {
            super::governance::set_broker(session, &wallet, off, input)
        }
        MemberCommand::Show { wallet } => {
            let wallet = match wallet {
                Some(w) => parse_pubkey(&w, "wallet")?,
                None => session.signer()?.pubkey(),
            };
            show(session, &wallet)
        }
    }
}

fn join(session: &Session, input: &mut dyn BufRead) -> Result<Report> {
    let wallet = session.signer()?.pubkey();
    let fee = fetch::config(&session.chain)?.params.join_fee;
    let review = [
        ("action", "join the mutual".to_string()),
        ("wallet", wallet.to_string()),
        ("join fee", sol(fee)),
        ("to", format!("treasury {}", pda::treasury().0)),
    ];
    let receipt = session.execute(&review, &[ix::member_join(&wallet)], input)?;
    Ok(Report::new("joined")
        .text("wallet", wallet)
        .text("member", pda::member(&wallet).0)
        .text("stake_account", pda::stake_account(&wallet))
        .amount("join_fee", Amount::sol(fee))
        .text("signature", receipt.signature))
}

fn leave(session: &Session, max_burn: u64, input: &mut dyn BufRead) -> Result<Report> {
    let wallet = super::require_member(session)?;
    // member_leave's first check: no positions, no assessor stake, no vote left open.
    if let Some(member) = mutual_sdk::fetch::member(&session.chain, &wallet)? {
        member
            .require_can_leave()
            .map_err(mutual_sdk::SdkError::refused)?;
    }
    let review = [
        ("action", "leave the mutual".to_string()),
        ("wallet", wallet.to_string()),
        ("burn at most", units(max_burn, STAKE_DECIMALS)),
        ("refund", "the member account's rent".to_string()),
    ];
    let receipt = session.execute(&review, &[ix::member_leave(&wallet, max_burn)], input)?;
    let burnt = receipt.events.iter().find_map(|e| match e {
        mutual_sdk::MutualEvent::MemberLeaveEvent(e) => Some(e.burnt),
        _ => None,
    });
    let burnt = burnt.unwrap_or(0);
    Ok(Report::new("left")
        .text("wallet", wallet)
        .amount("burnt", Amount::stake(burnt))
        .text("signature", receipt.signature))
}

fn thaw(session: &Session, input: &mut dyn BufRead) -> Result<Report> {
    let wallet = super::require_member(session)?;
    let review = [
        ("action", "thaw your stake-token account".to_string()),
        ("account", pda::stake_account(&wallet).to_string()),
    ];
    let receipt = session.execute(&review, &[ix::member_thaw(&wallet)], input)?;
    Ok(Report::new("thawed")
        .text("wallet", wallet)
        .text("signature", receipt.signature))
}

fn show(session: &Session, wallet: &anchor_lang::prelude::Pubkey) -> Result<Report> {
    let (member, stake) = fetch::member_with_stake(&session.chain, wallet)?;
    let report = Report::new("membership")
        .text("wallet", wallet)
        .field("is_member", member.is_some().to_string(), member.is_some())
        .amount("stake_balance", Amount::stake(stake));
    Ok(match member {
        None => report,
        Some(m) => report
            .field("joined_at", m.joined_at.to_string(), m.joined_at)
            .field("is_broker", m.is_broker.to_string(), m.is_broker)
            .field(
                "active_positions",
                m.active_positions.to_string(),
                m.active_positions,
            )
            .amount("assessor_stake", Amount::stake(m.assessor_stake)),
    })
}
