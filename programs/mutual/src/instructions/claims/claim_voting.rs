use crate::constants::{
    ASSESSOR_SEED, CAPITAL_SEED, CLAIM_SEED, CONFIG_SEED, MEMBER_SEED, VOTE_SEED,
};
use crate::cpi_helpers::init_pda_account;
use crate::errors::MutualError;
use crate::events::{ClaimVoteCommitEvent, ClaimVoteEvent};
use crate::state::{AssessorStake, CapitalSnapshot, Claim, Config, Member, Vote, VoteChoice};
use anchor_lang::prelude::*;

/// The accounts of a vote or a commitment: the assessor's record (its weight in this poll, and its lock), the
/// claim, the new `Vote` (one per assessor and claim, so a second vote finds it taken), and the capital snapshot
/// (an open vote may book or release the claim's liability). The claimant may not vote on their own claim.
///
/// Write set: the voter (the vote's rent), their member record (its open votes), the assessor record, the
/// claim, the vote, the capital snapshot.
#[derive(Accounts)]
pub struct ClaimVoting<'info> {
    #[account(mut)]
    pub voter: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, dup, seeds = [MEMBER_SEED, voter.key().as_ref()], bump = member.bump)]
    pub member: Box<Account<'info, Member>>,
    #[account(mut, dup, seeds = [ASSESSOR_SEED, voter.key().as_ref()], bump = assessor.bump)]
    pub assessor: Box<Account<'info, AssessorStake>>,
    #[account(mut, dup, seeds = [CLAIM_SEED, claim.cover.as_ref(), &[claim.seq]], bump = claim.bump)]
    pub claim: Box<Account<'info, Claim>>,
    /// CHECK: the new vote, created in the handler (`init_pda_account`, which refuses an address in use).
    #[account(mut, dup, seeds = [VOTE_SEED, claim.key().as_ref(), voter.key().as_ref()], bump)]
    pub vote: UncheckedAccount<'info>,
    #[account(mut, dup, seeds = [CAPITAL_SEED], bump = capital_snapshot.bump)]
    pub capital_snapshot: Box<Account<'info, CapitalSnapshot>>,
    pub system_program: Program<'info, System>,
}

impl<'info> ClaimVoting<'info> {
    pub(super) fn validate(&self) -> Result<()> {
        let Self { voter, claim, .. } = self;
        // claim: no one judges their own claim (decision 41)
        require_keys_neq!(claim.claimant, voter.key(), MutualError::ClaimantCannotVote);
        Ok(())
    }

    /// Creates the voter's `Vote` with `choice`, `weight` and `commitment`, and locks their stake.
    pub(super) fn record(
        &mut self,
        bump: u8,
        choice: VoteChoice,
        weight: u64,
        commitment: [u8; 32],
        now: i64,
    ) -> Result<()> {
        let lock = self.config.params.assessor_lock_period;
        self.assessor.lock_after_vote(now, lock)?;
        self.member.open_vote()?;
        let claim = self.claim.key();
        let voter = self.voter.key();
        init_pda_account::<Vote>(
            &self.voter.to_account_info(),
            &self.vote.to_account_info(),
            &self.system_program.to_account_info(),
            Vote::SIZE,
            &[VOTE_SEED, claim.as_ref(), voter.as_ref(), &[bump]],
            |v| {
                v.init(bump, choice, weight, commitment, now);
                v.invariant()
            },
        )?;
        self.claim.invariant()
    }
}

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
