use crate::constants::POOL_SEED;
use crate::errors::MutualError;
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
