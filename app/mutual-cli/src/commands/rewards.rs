//! `mutual rewards claim CLAIM`: a voter's share of a claim's assessment reward, reward · weight / counted
//! weight, once the outcome is final; the `Vote` closes and its rent comes back. The share is the program's own
//! `Claim::reward_of`, run off chain for the review.
use super::claim::{decode_claim, parse_claim};
use crate::chain::Session;
use crate::output::{mut_tokens, sol, Amount, Report};
use crate::{CliError, Result};
use clap::Subcommand;
use mutual::state::{AssessorStake, Vote};
use mutual_sdk::{fetch, ix, pda, MutualEvent, SdkError, Transport};
use std::io::BufRead;

#[derive(Subcommand, Debug)]
pub enum RewardsCommand {
    /// Take your share of a claim's assessment reward once its outcome is final; your vote closes.
    Claim {
        /// The claim's address.
        claim: String,
    },
}

pub fn run(session: &Session, cmd: RewardsCommand, input: &mut dyn BufRead) -> Result<Report> {
    match cmd {
        RewardsCommand::Claim { claim } => claim_reward(session, &claim, input),
    }
}

fn claim_reward(session: &Session, claim_arg: &str, input: &mut dyn BufRead) -> Result<Report> {
    let chain = &session.chain;
    let voter = super::require_member(session)?;
    let address = parse_claim(claim_arg)?;
    let addresses = [
        address,
        pda::vote(&address, &voter).0,
        pda::assessor_stake(&voter).0,
    ];
    let [claim, vote, assessor] = fetch::accounts(chain, &addresses)?;
    let claim = decode_claim(&address, claim)?;
    let Some(vote_account) = vote else {
        return Err(CliError::Usage(format!(
            "no vote by {voter} on claim {address}: never cast, or its reward was taken already"
        )));
    };
    let rent = vote_account.lamports;
    let vote: Vote = fetch::decode(&addresses[1], Some(vote_account))?;
    let assessor: AssessorStake = fetch::decode(&addresses[2], assessor)?;
    let weight = vote.earning_weight(assessor.fraud);
    let now = chain.unix_timestamp()?;
    let reward = claim.reward_of(weight, now).map_err(SdkError::refused)?;
    let review = [
        (
            "action",
            format!("take your reward for assessing claim {address}"),
        ),
        ("reward", mut_tokens(reward)),
        (
            "your vote",
            format!("closes; its rent ({}) comes back", sol(rent)),
        ),
    ];
    let receipt = session.execute(&review, &[ix::vote_reward_claim(&voter, &address)], input)?;
    let paid = receipt.events.iter().find_map(|e| match e {
        MutualEvent::VoteRewardClaimEvent(e) => Some(e.reward),
        _ => None,
    });
    let reward = paid.unwrap_or(reward);
    Ok(Report::new("reward claimed")
        .text("claim", address)
        .amount("reward", Amount::stake(reward))
        .amount("rent_back", Amount::sol(rent))
        .text("signature", receipt.signature))
}
