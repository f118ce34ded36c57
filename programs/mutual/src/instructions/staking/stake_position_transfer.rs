use crate::constants::{LAZY_PROCESS_STEPS, MEMBER_SEED, POOL_SEED, POSITION_SEED, TRANCHE_SEED};
use crate::controller::staking::PositionTarget;
use crate::errors::MutualError;
use crate::events::StakePositionTransferEvent;
use crate::state::{Member, Pool, PoolTranche, StakePosition};
use anchor_lang::prelude::*;

/// Gives a position, with its settled rewards, to another member. It moves to the new owner's address for the
/// same pool and tranche (created, or added to); the old one closes and its rent goes back to the giver.
#[derive(Accounts)]
pub struct StakePositionTransfer<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(mut, dup, seeds = [MEMBER_SEED, owner.key().as_ref()], bump = member.bump)]
    pub member: Box<Account<'info, Member>>,
    /// The receiver's membership: only members hold stake.
    #[account(
        mut,
        dup,
        seeds = [MEMBER_SEED, new_owner_member.wallet.as_ref()],
        bump = new_owner_member.bump,
    )]
    pub new_owner_member: Box<Account<'info, Member>>,
    #[account(mut, dup, seeds = [POOL_SEED, &pool.id.to_le_bytes()], bump = pool.bump)]
    pub pool: Box<Account<'info, Pool>>,
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
        close = owner,
        seeds = [POSITION_SEED, pool.key().as_ref(), &position.tranche.to_le_bytes(), owner.key().as_ref()],
        bump = position.bump,
        has_one = owner @ MutualError::NotPositionOwner,
    )]
    pub position: Box<Account<'info, StakePosition>>,
    /// CHECK: the receiver's position in the same tranche, created in the handler or added to.
    #[account(
        mut,
        dup,
        seeds = [
            POSITION_SEED,
            pool.key().as_ref(),
            &position.tranche.to_le_bytes(),
            new_owner_member.wallet.as_ref(),
        ],
        bump,
    )]
    pub new_position: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

impl StakePositionTransfer<'_> {
    fn validate(&self) -> Result<()> {
        let Self {
            owner,
            new_owner_member,
            ..
        } = self;
        // new_owner_member
        require_keys_neq!(new_owner_member.wallet, owner.key(), MutualError::SameOwner);
        Ok(())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn stake_position_transfer(ctx: Context<Self>) -> Result<()> {
        let accounts = ctx.accounts;
        let bump = ctx.bumps.new_position;
        let now = Clock::get()?.unix_timestamp;
        let pool_key = accounts.pool.key();
        let checkpoint = &mut accounts.checkpoint;
        let processed = accounts
            .pool
            .process(now, LAZY_PROCESS_STEPS, &mut [&mut **checkpoint])?;
        Pool::require_caught_up(processed)?;
        accounts.pool.invariant()?;
        checkpoint.invariant()?;
        // An expired tranche's shares earn up to its expiry; an active one's up to now.
        let acc = if checkpoint.expired {
            checkpoint.acc_at_expiry
        } else {
            accounts.pool.acc_reward_per_share
        };
        let old = &mut accounts.position;
        old.settle(acc)?;
        let tranche = old.tranche;
        let shares = old.take_shares();
        let rewards = old.take_rewards();
        let new_owner = accounts.new_owner_member.wallet;
        let payer = accounts.owner.to_account_info();
        let system = accounts.system_program.to_account_info();
        let target = PositionTarget {
            payer: &payer,
            system: &system,
            pool: pool_key,
            tranche,
            owner: new_owner,
        };
        let created = target.credit(
            &accounts.new_position.to_account_info(),
            bump,
            acc,
            shares,
            rewards,
        )?;
        accounts.member.close_position()?;
        if created {
            accounts.new_owner_member.open_position()?;
        }
        crate::emit_event!(StakePositionTransferEvent {
            pool_id: accounts.pool.id,
            tranche,
            from: accounts.owner.key(),
            to: new_owner,
            stake_shares: shares.stake_shares,
            rewards,
        });
        Ok(())
    }
}
