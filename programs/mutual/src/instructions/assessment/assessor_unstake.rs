use crate::constants::{ASSESSMENT_VAULT_SEED, ASSESSOR_SEED, CONFIG_SEED, MEMBER_SEED};
use crate::cpi_helpers::ConfigSigner;
use crate::errors::MutualError;
use crate::events::AssessorUnstakeEvent;
use crate::state::{AssessorStake, Config, Member};
use anchor_lang::prelude::*;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::Mint;

/// A member takes `amount` of their assessor stake back, once 14 days (`assessor_lock_period`) have passed since
/// their last vote. Never paused: it is an exit.
#[derive(Accounts)]
pub struct AssessorUnstake<'info> {
    pub wallet: Signer<'info>,
    #[account(mut, dup, seeds = [MEMBER_SEED, wallet.key().as_ref()], bump = member.bump)]
    pub member: Box<Account<'info, Member>>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, has_one = stake_mint)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, dup, seeds = [ASSESSOR_SEED, wallet.key().as_ref()], bump = assessor.bump)]
    pub assessor: Box<Account<'info, AssessorStake>>,
    /// CHECK: the assessment vault (its seeds); the token program checks it is a stake-token account.
    #[account(mut, dup, seeds = [ASSESSMENT_VAULT_SEED], bump)]
    pub assessment_vault: UncheckedAccount<'info>,
    /// CHECK: the member's stake-token account as recorded at join.
    #[account(mut, dup, address = member.stake_account @ MutualError::WrongStakeAccount)]
    pub stake_account: UncheckedAccount<'info>,
    pub stake_mint: Box<InterfaceAccount<'info, Mint>>,
    pub token_program: Program<'info, Token2022>,
}

impl AssessorUnstake<'_> {
    pub fn assessor_unstake(ctx: Context<Self>, amount: u64) -> Result<()> {
        let accounts = ctx.accounts;
        let now = Clock::get()?.unix_timestamp;
        accounts.assessor.withdraw(amount, now)?;
        accounts.assessor.invariant()?;
        ConfigSigner::new(&accounts.config).transfer(
            &accounts.token_program.to_account_info(),
            &accounts.assessment_vault.to_account_info(),
            &accounts.stake_mint.to_account_info(),
            &accounts.stake_account.to_account_info(),
            amount,
            accounts.stake_mint.decimals,
        )?;
        let stake = accounts.assessor.stake;
        accounts.member.set_assessor_stake(stake);
        crate::emit_event!(AssessorUnstakeEvent {
            wallet: accounts.wallet.key(),
            amount,
            stake,
        });
        Ok(())
    }
}
