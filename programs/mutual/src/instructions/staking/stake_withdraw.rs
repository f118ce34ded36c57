use crate::constants::{
    CONFIG_SEED, LAZY_PROCESS_STEPS, MEMBER_SEED, POOL_SEED, POSITION_SEED, TRANCHE_SEED,
};
use crate::cpi_helpers::ConfigSigner;
use crate::errors::MutualError;
use crate::events::StakeWithdrawEvent;
use crate::state::{Config, Member, Pool, PoolTranche, StakePosition};
use anchor_lang::prelude::*;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::Mint;

/// Withdraws a position's rewards (any time) and/or its stake (once its tranche has expired) to the owner's
/// stake-token account. A position left with nothing closes and refunds its rent. Not paused with staking:
/// exits stay open.
#[derive(Accounts)]
pub struct StakeWithdraw<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(mut, dup, seeds = [MEMBER_SEED, owner.key().as_ref()], bump = member.bump)]
    pub member: Box<Account<'info, Member>>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, has_one = stake_mint)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        mut,
        dup,
        seeds = [POOL_SEED, &pool.id.to_le_bytes()],
        bump = pool.bump,
        has_one = vault @ MutualError::WrongAssetAccount,
    )]
    pub pool: Box<Account<'info, Pool>>,
    /// CHECK: the pool's vault (`has_one`); the token program checks it is a stake-token account.
    #[account(mut, dup)]
    pub vault: UncheckedAccount<'info>,
    /// CHECK: the member's stake-token account as recorded at join.
    #[account(mut, dup, address = member.stake_account @ MutualError::WrongStakeAccount)]
    pub stake_account: UncheckedAccount<'info>,
    pub stake_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(
        mut,
        dup,
        seeds = [TRANCHE_SEED, pool.key().as_ref(), &position.tranche.to_le_bytes()],
        bump = checkpoint.bump,
    )]
    pub checkpoint: Box<Account<'info, PoolTranche>>,
    #[account(
        mut,
        dup,
        seeds = [POSITION_SEED, pool.key().as_ref(), &position.tranche.to_le_bytes(), owner.key().as_ref()],
        bump = position.bump,
        has_one = owner @ MutualError::NotPositionOwner,
    )]
    pub position: Box<Account<'info, StakePosition>>,
    pub token_program: Program<'info, Token2022>,
}

impl StakeWithdraw<'_> {
    pub fn stake_withdraw(ctx: Context<Self>, stake: bool, rewards: bool) -> Result<()> {
        let accounts = ctx.accounts;
        let now = Clock::get()?.unix_timestamp;
        let checkpoint = &mut accounts.checkpoint;
        let processed = accounts
            .pool
            .process(now, LAZY_PROCESS_STEPS, &mut [&mut **checkpoint])?;
        Pool::require_caught_up(processed)?;
        accounts.pool.invariant()?;
        let position = &mut accounts.position;
        let withdrawal = position.withdraw(
            checkpoint,
            accounts.pool.acc_reward_per_share,
            stake,
            rewards,
        )?;
        checkpoint.invariant()?;
        position.invariant()?;
        let amount = withdrawal.total()?;
        ConfigSigner::new(&accounts.config).transfer(
            &accounts.token_program.to_account_info(),
            &accounts.vault.to_account_info(),
            &accounts.stake_mint.to_account_info(),
            &accounts.stake_account.to_account_info(),
            amount,
            accounts.stake_mint.decimals,
        )?;
        let closed = position.is_empty();
        if closed {
            accounts.member.close_position()?;
            position.close(accounts.owner.to_account_info())?;
        }
        crate::emit_event!(StakeWithdrawEvent {
            pool_id: accounts.pool.id,
            owner: accounts.owner.key(),
            tranche: accounts.position.tranche,
            stake: withdrawal.stake,
            rewards: withdrawal.rewards,
            closed,
        });
        Ok(())
    }
}
