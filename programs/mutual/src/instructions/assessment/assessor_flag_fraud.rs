use crate::constants::{ASSESSMENT_VAULT_SEED, ASSESSOR_SEED, CONFIG_SEED, MEMBER_SEED};
use crate::cpi_helpers::ConfigSigner;
use crate::errors::MutualError;
use crate::events::AssessorFlagFraudEvent;
use crate::state::{AssessorStake, Config, Member};
use anchor_lang::prelude::*;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::Mint;

/// The authority flags an assessor as fraudulent: their whole assessor stake is burnt and they may not vote or
/// stake again. `claim_fraud_undo_votes` then takes their votes back out of the polls still open.
#[derive(Accounts)]
pub struct AssessorFlagFraud<'info> {
    pub authority: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, has_one = authority, has_one = stake_mint)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, dup, seeds = [ASSESSOR_SEED, assessor.wallet.as_ref()], bump = assessor.bump)]
    pub assessor: Box<Account<'info, AssessorStake>>,
    /// The assessor's member record, whose mirror of the stake drops to 0. Needed while they hold stake (a
    /// member with assessor stake can't leave); without stake they may have left.
    #[account(mut, dup, seeds = [MEMBER_SEED, assessor.wallet.as_ref()], bump = member.bump)]
    pub member: Option<Box<Account<'info, Member>>>,
    /// CHECK: the assessment vault (its seeds); the token program checks it is a stake-token account.
    #[account(mut, dup, seeds = [ASSESSMENT_VAULT_SEED], bump)]
    pub assessment_vault: UncheckedAccount<'info>,
    #[account(mut, dup)]
    pub stake_mint: Box<InterfaceAccount<'info, Mint>>,
    pub token_program: Program<'info, Token2022>,
}

impl AssessorFlagFraud<'_> {
    pub fn assessor_flag_fraud(ctx: Context<Self>) -> Result<()> {
        let accounts = ctx.accounts;
        let burnt = accounts.assessor.flag_fraud()?;
        accounts.assessor.invariant()?;
        match accounts.member.as_mut() {
            Some(member) => member.set_assessor_stake(0),
            None => require!(burnt == 0, MutualError::MemberRequired),
        }
        ConfigSigner::new(&accounts.config).burn(
            &accounts.token_program.to_account_info(),
            &accounts.stake_mint.to_account_info(),
            &accounts.assessment_vault.to_account_info(),
            burnt,
        )?;
        crate::emit_event!(AssessorFlagFraudEvent {
            wallet: accounts.assessor.wallet,
            burnt,
        });
        Ok(())
    }
}
