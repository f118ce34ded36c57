use crate::constants::POOL_SEED;
use crate::errors::MutualError;
use crate::events::{PoolSetFeeEvent, PoolSetManagerEvent};
use crate::math::Bps;
use crate::state::Pool;
use anchor_lang::prelude::*;

/// Accounts of the manager's pool settings (`pool_set_manager`, `pool_set_fee`): the pool, writable, and its
/// manager, signing.
#[derive(Accounts)]
pub struct PoolManaged<'info> {
    pub manager: Signer<'info>,
    #[account(
        mut,
        dup,
        seeds = [POOL_SEED, &pool.id.to_le_bytes()],
        bump = pool.bump,
        has_one = manager @ MutualError::NotPoolManager,
    )]
    pub pool: Box<Account<'info, Pool>>,
}

impl PoolManaged<'_> {
    /// Hands the pool to a new manager, who then sets products and fees and, in a private pool, alone stakes.
    pub fn pool_set_manager(ctx: Context<Self>, new_manager: Pubkey) -> Result<()> {
        let pool = &mut ctx.accounts.pool;
        pool.process_lazily(Clock::get()?.unix_timestamp)?;
        let previous = pool.manager;
        pool.set_manager(new_manager);
        crate::emit_event!(PoolSetManagerEvent {
            pool_id: pool.id,
            previous_manager: previous,
            manager: new_manager,
        });
        Ok(())
    }

    /// Sets the manager's share of rewards, never above the pool's max fee. It applies to deposits from now on.
    pub fn pool_set_fee(ctx: Context<Self>, pool_fee: Bps) -> Result<()> {
        let pool = &mut ctx.accounts.pool;
        pool.process_lazily(Clock::get()?.unix_timestamp)?;
        pool.set_fee(pool_fee)?;
        crate::emit_event!(PoolSetFeeEvent {
            pool_id: pool.id,
            pool_fee,
        });
        Ok(())
    }
}
