use crate::constants::{
    CONFIG_SEED, LAZY_PROCESS_STEPS, MEMBER_SEED, POOL_SEED, POSITION_SEED, TRANCHE_SEED,
};
use crate::controller::staking::PositionTarget;
use crate::errors::MutualError;
use crate::events::StakeExtendEvent;
use crate::state::{pause_area, Config, Member, Pool, StakePosition};
use anchor_lang::prelude::*;

/// Moves a position's stake and rewards to a later active tranche without withdrawing: a longer lock, more
/// reward shares. The old position closes (rent back to the owner); the new one is created or added to.
#[derive(Accounts)]
#[instruction(new_tranche: u32)]
pub struct StakeExtend<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(mut, dup, seeds = [MEMBER_SEED, owner.key().as_ref()], bump = member.bump)]
    pub member: Box<Account<'info, Member>>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, dup, seeds = [POOL_SEED, &pool.id.to_le_bytes()], bump = pool.bump)]
    pub pool: Box<Account<'info, Pool>>,
    #[account(
        mut,
        dup,
        close = owner,
        seeds = [POSITION_SEED, pool.key().as_ref(), &position.tranche.to_le_bytes(), owner.key().as_ref()],
        bump = position.bump,
        has_one = owner @ MutualError::NotPositionOwner,
    )]
    pub position: Box<Account<'info, StakePosition>>,
    /// CHECK: the later tranche's checkpoint, created in the handler if it has none yet.
    #[account(
        mut,
        dup,
        seeds = [TRANCHE_SEED, pool.key().as_ref(), &new_tranche.to_le_bytes()],
        bump,
    )]
    pub new_checkpoint: UncheckedAccount<'info>,
    /// CHECK: the owner's position in the later tranche, created in the handler or added to.
    #[account(
        mut,
        dup,
        seeds = [POSITION_SEED, pool.key().as_ref(), &new_tranche.to_le_bytes(), owner.key().as_ref()],
        bump,
    )]
    pub new_position: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

impl StakeExtend<'_> {
    fn validate(&self, new_tranche: u32) -> Result<()> {
        let Self {
            owner,
            config,
            pool,
            position,
            ..
        } = self;
        // config
        config.require_active(pause_area::STAKING)?;
        // pool: an extension mints reward shares like a deposit, so a private pool's rule applies (as Nexus)
        pool.require_can_stake(&owner.key())?;
        // position
        require!(new_tranche > position.tranche, MutualError::InvalidTranche);
        Ok(())
    }

    #[access_control(ctx.accounts.validate(new_tranche))]
    pub fn stake_extend(ctx: Context<Self>, new_tranche: u32) -> Result<()> {
        let accounts = ctx.accounts;
        let bumps = ctx.bumps;
        let now = Clock::get()?.unix_timestamp;
        let pool_key = accounts.pool.key();
        let owner = accounts.owner.key();
        let pool = &mut accounts.pool;
        Pool::require_caught_up(pool.process(now, LAZY_PROCESS_STEPS, &mut [])?)?;
        let acc = pool.acc_reward_per_share;
        let old = &mut accounts.position;
        old.settle(acc)?;
        let from = old.tranche;
        let shares = old.take_shares();
        let rewards = old.take_rewards();
        let minted = pool.extend(from, new_tranche, shares)?;
        pool.invariant()?;
        let payer = accounts.owner.to_account_info();
        let system = accounts.system_program.to_account_info();
        let target = PositionTarget {
            payer: &payer,
            system: &system,
            pool: pool_key,
            tranche: new_tranche,
            owner,
        };
        target.ensure_checkpoint(
            &accounts.new_checkpoint.to_account_info(),
            bumps.new_checkpoint,
        )?;
        let new_position = accounts.new_position.to_account_info();
        let created = target.credit(&new_position, bumps.new_position, acc, minted, rewards)?;
        // The old position closes (`close = owner`); merged into an existing one, the owner has one fewer.
        if !created {
            accounts.member.close_position()?;
        }
        crate::emit_event!(StakeExtendEvent {
            pool_id: accounts.pool.id,
            owner,
            from_tranche: from,
            to_tranche: new_tranche,
            stake_shares: minted.stake_shares,
            reward_shares: minted.reward_shares,
            rewards_moved: rewards,
        });
        Ok(())
    }
}
