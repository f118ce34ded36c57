use super::voting::ClaimVoting;
use crate::events::ClaimVoteEvent;
use crate::state::VoteChoice;
use anchor_lang::prelude::*;

impl ClaimVoting<'_> {
    /// `claim_vote`: an open vote, counted at once. Its weight is the assessor's stake from before the poll
    /// started; the first vote must accept, and a late one extends the end (silent ending).
    #[access_control(ctx.accounts.validate())]
    pub fn claim_vote(ctx: Context<Self>, accept: bool) -> Result<()> {
        let accounts = ctx.accounts;
        let now = Clock::get()?.unix_timestamp;
        let weight = accounts.assessor.weight_for(accounts.claim.submitted_at)?;
        let change = accounts.claim.vote(accept, weight, now)?;
        let choice = if accept {
            VoteChoice::Accept
        } else {
            VoteChoice::Deny
        };
        accounts.record(ctx.bumps.vote, choice, weight, [0; 32], now)?;
        let asset_index = accounts.claim.asset_index;
        accounts
            .capital_snapshot
            .apply_liability(asset_index, change)?;
        let claim = &accounts.claim;
        crate::emit_event!(ClaimVoteEvent {
            claim: claim.key(),
            voter: accounts.voter.key(),
            accept,
            weight,
            accept_total: claim.accept,
            deny_total: claim.deny,
            end: claim.end,
        });
        Ok(())
    }
}
