use crate::constants::{
    CONFIG_SEED, LAZY_PROCESS_STEPS, MEMBER_SEED, POOL_SEED, POSITION_SEED, TRANCHE_SEED,
};
use crate::controller::staking::PositionTarget;
use crate::cpi_helpers::{stake_balance, transfer_from_owner};
use crate::errors::MutualError;
use crate::events::StakeDepositEvent;
use crate::state::{pause_area, Config, Member, Pool};
use anchor_lang::prelude::*;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::Mint;

/// A member stakes `amount` of stake token into one of the pool's 8 active tranches. The position
/// (`["position", pool, tranche, owner]`) and the tranche's checkpoint are created on the first deposit.
#[derive(Accounts)]
#[instruction(tranche: u32)]
pub struct StakeDeposit<'info> {
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
    /// CHECK: the member's stake-token account as recorded at join; the owner signs the transfer out of it.
    #[account(mut, dup, address = member.stake_account @ MutualError::WrongStakeAccount)]
    pub stake_account: UncheckedAccount<'info>,
    pub stake_mint: Box<InterfaceAccount<'info, Mint>>,
    /// CHECK: the tranche's checkpoint, created in the handler if this is its first deposit.
    #[account(mut, dup, seeds = [TRANCHE_SEED, pool.key().as_ref(), &tranche.to_le_bytes()], bump)]
    pub checkpoint: UncheckedAccount<'info>,
    /// CHECK: the position, created in the handler on the owner's first deposit into this tranche.
    #[account(
        mut,
        dup,
        seeds = [POSITION_SEED, pool.key().as_ref(), &tranche.to_le_bytes(), owner.key().as_ref()],
        bump,
    )]
    pub position: UncheckedAccount<'info>,
    pub token_program: Program<'info, Token2022>,
    pub system_program: Program<'info, System>,
}

impl StakeDeposit<'_> {
    fn validate(&self) -> Result<()> {
        let Self {
            owner,
            config,
            pool,
            ..
        } = self;
        // config
        config.require_active(pause_area::STAKING)?;
        // pool
        pool.require_can_stake(&owner.key())?;
        pool.require_no_open_claims()
    }

    #[access_control(ctx.accounts.validate())]
    pub fn stake_deposit(ctx: Context<Self>, tranche: u32, amount: u64) -> Result<()> {
        let accounts = ctx.accounts;
        let bumps = ctx.bumps;
        let now = Clock::get()?.unix_timestamp;
        let pool_key = accounts.pool.key();
        let owner = accounts.owner.key();
        let pool = &mut accounts.pool;
        Pool::require_caught_up(pool.process(now, LAZY_PROCESS_STEPS, &mut [])?)?;
        require!(
            stake_balance(&accounts.stake_account.to_account_info())? >= amount,
            MutualError::InsufficientBalance
        );
        let minted = pool.deposit(tranche, amount)?;
        let acc = pool.acc_reward_per_share;
        pool.invariant()?;
        transfer_from_owner(
            &accounts.token_program.to_account_info(),
            &accounts.stake_account.to_account_info(),
            &accounts.stake_mint.to_account_info(),
            &accounts.vault.to_account_info(),
            &accounts.owner.to_account_info(),
            amount,
            accounts.stake_mint.decimals,
        )?;
        let payer = accounts.owner.to_account_info();
        let system = accounts.system_program.to_account_info();
        let target = PositionTarget {
            payer: &payer,
            system: &system,
            pool: pool_key,
            tranche,
            owner,
        };
        target.ensure_checkpoint(&accounts.checkpoint.to_account_info(), bumps.checkpoint)?;
        let created = target.credit(
            &accounts.position.to_account_info(),
            bumps.position,
            acc,
            minted,
            0,
        )?;
        if created {
            accounts.member.open_position()?;
        }
        crate::emit_event!(StakeDepositEvent {
            pool_id: accounts.pool.id,
            owner,
            tranche,
            amount,
            stake_shares: minted.stake_shares,
            reward_shares: minted.reward_shares,
            active_stake: accounts.pool.active_stake,
        });
        Ok(())
    }
}
