use crate::constants::{CONFIG_SEED, LAZY_PROCESS_STEPS, MEMBER_SEED, POOL_SEED};
use crate::cpi_helpers::ConfigSigner;
use crate::errors::MutualError;
use crate::events::PoolFeeWithdrawEvent;
use crate::state::{Config, Member, Pool};
use anchor_lang::prelude::*;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::Mint;

/// The manager takes the pool fee's rewards (the manager's fee shares earn from the reward streams of
/// `cover_buy`) into their stake-token account. Not paused: earned rewards are an exit.
#[derive(Accounts)]
pub struct PoolFeeWithdraw<'info> {
    pub manager: Signer<'info>,
    #[account(seeds = [MEMBER_SEED, manager.key().as_ref()], bump = member.bump)]
    pub member: Box<Account<'info, Member>>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, has_one = stake_mint)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        mut,
        dup,
        seeds = [POOL_SEED, &pool.id.to_le_bytes()],
        bump = pool.bump,
        has_one = manager @ MutualError::NotPoolManager,
        has_one = vault @ MutualError::WrongAssetAccount,
    )]
    pub pool: Box<Account<'info, Pool>>,
    /// CHECK: the pool's vault (`has_one`); the token program checks it is a stake-token account.
    #[account(mut, dup)]
    pub vault: UncheckedAccount<'info>,
    /// CHECK: the manager's stake-token account as recorded at join.
    #[account(mut, dup, address = member.stake_account @ MutualError::WrongStakeAccount)]
    pub stake_account: UncheckedAccount<'info>,
    pub stake_mint: Box<InterfaceAccount<'info, Mint>>,
    pub token_program: Program<'info, Token2022>,
}

impl PoolFeeWithdraw<'_> {
    pub fn pool_fee_withdraw(ctx: Context<Self>) -> Result<()> {
        let accounts = ctx.accounts;
        let now = Clock::get()?.unix_timestamp;
        let pool = &mut accounts.pool;
        Pool::require_caught_up(pool.process(now, LAZY_PROCESS_STEPS, &mut [])?)?;
        let amount = pool.take_manager_rewards()?;
        require!(amount > 0, MutualError::NothingToWithdraw);
        pool.invariant()?;
        ConfigSigner::new(&accounts.config).transfer(
            &accounts.token_program.to_account_info(),
            &accounts.vault.to_account_info(),
            &accounts.stake_mint.to_account_info(),
            &accounts.stake_account.to_account_info(),
            amount,
            accounts.stake_mint.decimals,
        )?;
        crate::emit_event!(PoolFeeWithdrawEvent {
            pool_id: accounts.pool.id,
            manager: accounts.manager.key(),
            amount,
        });
        Ok(())
    }
}
