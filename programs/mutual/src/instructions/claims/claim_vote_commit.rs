use super::voting::ClaimVoting;
use crate::events::ClaimVoteCommitEvent;
use crate::state::VoteChoice;
use anchor_lang::prelude::*;

impl ClaimVoting<'_> {
    /// `claim_vote_commit`: a hidden vote, `commitment` = sha256(choice ‖ salt ‖ voter ‖ claim)
    /// (`Vote::commitment`). Its weight is fixed now; it counts only once revealed.
    #[access_control(ctx.accounts.validate())]
    pub fn claim_vote_commit(ctx: Context<Self>, commitment: [u8; 32]) -> Result<()> {
        let accounts = ctx.accounts;
        let now = Clock::get()?.unix_timestamp;
        let weight = accounts.assessor.weight_for(accounts.claim.submitted_at)?;
        accounts.claim.commit(weight, now)?;
        accounts.record(ctx.bumps.vote, VoteChoice::Hidden, weight, commitment, now)?;
        crate::emit_event!(ClaimVoteCommitEvent {
            claim: accounts.claim.key(),
            voter: accounts.voter.key(),
            weight,
            end: accounts.claim.end,
        });
        Ok(())
    }
}
