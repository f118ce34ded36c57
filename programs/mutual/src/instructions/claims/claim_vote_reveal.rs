use crate::constants::{ASSESSOR_SEED, CAPITAL_SEED, CLAIM_SEED, CONFIG_SEED, VOTE_SEED};
use crate::events::ClaimVoteRevealEvent;
use crate::state::{AssessorStake, CapitalSnapshot, Claim, Config, Vote};
use anchor_lang::prelude::*;

/// The voter opens their commitment in the reveal window: the choice and salt must hash to it. The revealed
/// weight joins the tally, which may book or release the claim's liability. Unrevealed votes count for nothing,
/// and an assessor flagged for fraud may not reveal (`AssessorBanned`): banned weight never decides a claim.
///
/// Write set: the claim, the vote, the capital snapshot.
#[derive(Accounts)]
pub struct ClaimVoteReveal<'info> {
    pub voter: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    /// Read for the fraud flag.
    #[account(seeds = [ASSESSOR_SEED, voter.key().as_ref()], bump = assessor.bump)]
    pub assessor: Box<Account<'info, AssessorStake>>,
    #[account(mut, dup, seeds = [CLAIM_SEED, claim.cover.as_ref(), &[claim.seq]], bump = claim.bump)]
    pub claim: Box<Account<'info, Claim>>,
    #[account(
        mut,
        dup,
        seeds = [VOTE_SEED, claim.key().as_ref(), voter.key().as_ref()],
        bump = vote.bump,
    )]
    pub vote: Box<Account<'info, Vote>>,
    #[account(mut, dup, seeds = [CAPITAL_SEED], bump = capital_snapshot.bump)]
    pub capital_snapshot: Box<Account<'info, CapitalSnapshot>>,
}

impl ClaimVoteReveal<'_> {
    fn validate(&self) -> Result<()> {
        let Self { assessor, .. } = self;
        // assessor
        assessor.require_not_banned()
    }

    #[access_control(ctx.accounts.validate())]
    pub fn claim_vote_reveal(ctx: Context<Self>, accept: bool, salt: [u8; 32]) -> Result<()> {
        let accounts = ctx.accounts;
        let now = Clock::get()?.unix_timestamp;
        let claim_key = accounts.claim.key();
        let voter = accounts.voter.key();
        let vote = &mut accounts.vote;
        vote.reveal(accept, &salt, &voter, &claim_key)?;
        let change = accounts.claim.reveal(accept, vote.weight, now)?;
        accounts.claim.invariant()?;
        let asset_index = accounts.claim.asset_index;
        accounts
            .capital_snapshot
            .apply_liability(asset_index, change)?;
        accounts.vote.invariant()?;
        crate::emit_event!(ClaimVoteRevealEvent {
            claim: claim_key,
            voter,
            accept,
            weight: accounts.vote.weight,
            accept_total: accounts.claim.accept,
            deny_total: accounts.claim.deny,
        });
        Ok(())
    }
}
