use crate::constants::{ASSESSOR_SEED, CLAIM_SEED, CONFIG_SEED, MEMBER_SEED, VOTE_SEED};
use crate::cpi_helpers::ConfigSigner;
use crate::errors::MutualError;
use crate::events::VoteRewardClaimEvent;
use crate::state::{AssessorStake, Claim, Config, Member, Vote};
use anchor_lang::prelude::*;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::Mint;

/// Once a claim's outcome is final, a voter takes their share of its reward, reward · weight / counted weight
/// (rounded down), minted in stake token to their stake account; then the `Vote` closes and its rent goes back
/// to them. A vote that did not count (never revealed, or undone as fraud) earns nothing but still closes.
/// An assessor flagged for fraud earns nothing either, even before the crank has undone their votes. The poll
/// is over by then, so a closed vote can never be cast again. The member's open votes drop by one: leaving
/// waits for every vote to be closed here.
///
/// Write set: the vote (closed), the voter, their member record, their stake account, the stake mint.
#[derive(Accounts)]
pub struct VoteRewardClaim<'info> {
    #[account(mut)]
    pub voter: Signer<'info>,
    #[account(mut, dup, seeds = [MEMBER_SEED, voter.key().as_ref()], bump = member.bump)]
    pub member: Box<Account<'info, Member>>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, has_one = stake_mint)]
    pub config: Box<Account<'info, Config>>,
    #[account(seeds = [ASSESSOR_SEED, voter.key().as_ref()], bump = assessor.bump)]
    pub assessor: Box<Account<'info, AssessorStake>>,
    #[account(seeds = [CLAIM_SEED, claim.cover.as_ref(), &[claim.seq]], bump = claim.bump)]
    pub claim: Box<Account<'info, Claim>>,
    #[account(
        mut,
        dup,
        seeds = [VOTE_SEED, claim.key().as_ref(), voter.key().as_ref()],
        bump = vote.bump,
        close = voter,
    )]
    pub vote: Box<Account<'info, Vote>>,
    /// CHECK: the voter's stake-token account as recorded at join.
    #[account(mut, dup, address = member.stake_account @ MutualError::WrongStakeAccount)]
    pub stake_account: UncheckedAccount<'info>,
    #[account(mut, dup)]
    pub stake_mint: Box<InterfaceAccount<'info, Mint>>,
    pub token_program: Program<'info, Token2022>,
}

impl VoteRewardClaim<'_> {
    pub fn vote_reward_claim(ctx: Context<Self>) -> Result<()> {
        let accounts = ctx.accounts;
        let now = Clock::get()?.unix_timestamp;
        let weight = accounts.vote.earning_weight(accounts.assessor.fraud);
        let reward = accounts.claim.reward_of(weight, now)?;
        accounts.member.close_vote()?;
        if reward > 0 {
            ConfigSigner::new(&accounts.config).mint_to(
                &accounts.token_program.to_account_info(),
                &accounts.stake_mint.to_account_info(),
                &accounts.stake_account.to_account_info(),
                reward,
            )?;
        }
        crate::emit_event!(VoteRewardClaimEvent {
            claim: accounts.claim.key(),
            voter: accounts.voter.key(),
            reward,
        });
        Ok(())
    }
}
