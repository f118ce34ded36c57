use crate::constants::{ASSESSMENT_VAULT_SEED, ASSESSOR_SEED, CONFIG_SEED, MEMBER_SEED};
use crate::cpi_helpers::{
    init_or_update_pda, init_token_account_pda, stake_balance, transfer_from_owner, ConfigSigner,
};
use crate::errors::MutualError;
use crate::events::AssessorStakeEvent;
use crate::state::{pause_area, AssessorStake, Config, Member};
use anchor_lang::prelude::*;
use anchor_lang::system_program;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::Mint;

/// A member moves `amount` of stake token into the assessment vault, to vote on claims. It counts only in polls
/// filed after this moment. The `AssessorStake` (and, the first time anyone stakes, the vault) is created here.
#[derive(Accounts)]
pub struct AssessorStakeDeposit<'info> {
    #[account(mut)]
    pub wallet: Signer<'info>,
    #[account(mut, dup, seeds = [MEMBER_SEED, wallet.key().as_ref()], bump = member.bump)]
    pub member: Box<Account<'info, Member>>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, has_one = stake_mint)]
    pub config: Box<Account<'info, Config>>,
    /// CHECK: the wallet's assessor record, created in the handler on the first stake.
    #[account(mut, dup, seeds = [ASSESSOR_SEED, wallet.key().as_ref()], bump)]
    pub assessor: UncheckedAccount<'info>,
    /// CHECK: the assessment vault, a stake-token account owned by the config PDA; created (and thawed) in the
    /// handler by the first assessor.
    #[account(mut, dup, seeds = [ASSESSMENT_VAULT_SEED], bump)]
    pub assessment_vault: UncheckedAccount<'info>,
    /// CHECK: the member's stake-token account as recorded at join; the wallet signs the transfer out of it.
    #[account(mut, dup, address = member.stake_account @ MutualError::WrongStakeAccount)]
    pub stake_account: UncheckedAccount<'info>,
    pub stake_mint: Box<InterfaceAccount<'info, Mint>>,
    pub token_program: Program<'info, Token2022>,
    pub system_program: Program<'info, System>,
}

impl AssessorStakeDeposit<'_> {
    fn validate(&self) -> Result<()> {
        let Self { config, .. } = self;
        // config
        config.require_active(pause_area::STAKING)
    }

    #[access_control(ctx.accounts.validate())]
    pub fn assessor_stake(ctx: Context<Self>, amount: u64) -> Result<()> {
        let accounts = ctx.accounts;
        let bumps = ctx.bumps;
        let now = Clock::get()?.unix_timestamp;
        let wallet = accounts.wallet.key();
        require!(
            stake_balance(&accounts.stake_account.to_account_info())? >= amount,
            MutualError::InsufficientBalance
        );
        let payer = accounts.wallet.to_account_info();
        let system = accounts.system_program.to_account_info();
        let token_program = accounts.token_program.to_account_info();
        let mint = accounts.stake_mint.to_account_info();
        let vault = accounts.assessment_vault.to_account_info();
        if *vault.owner == system_program::ID {
            init_token_account_pda(
                &payer,
                &vault,
                &mint,
                &accounts.config.to_account_info(),
                &token_program,
                &system,
                &[ASSESSMENT_VAULT_SEED, &[bumps.assessment_vault]],
            )?;
            ConfigSigner::new(&accounts.config).thaw_new(&token_program, &vault, &mint)?;
        }
        let mut stake = 0;
        init_or_update_pda::<AssessorStake>(
            &payer,
            &accounts.assessor.to_account_info(),
            &system,
            AssessorStake::SIZE,
            &[ASSESSOR_SEED, wallet.as_ref(), &[bumps.assessor]],
            |a| a.init(bumps.assessor, wallet),
            |a| {
                a.deposit(amount, now)?;
                stake = a.stake;
                a.invariant()
            },
        )?;
        transfer_from_owner(
            &token_program,
            &accounts.stake_account.to_account_info(),
            &mint,
            &vault,
            &payer,
            amount,
            accounts.stake_mint.decimals,
        )?;
        accounts.member.set_assessor_stake(stake);
        crate::emit_event!(AssessorStakeEvent {
            wallet,
            amount,
            stake
        });
        Ok(())
    }
}
