use crate::constants::{MAX_PROCESS_STEPS, POOL_SEED};
use crate::errors::MutualError;
use crate::events::PoolProcessEvent;
use crate::state::{Pool, PoolTranche};
use anchor_lang::prelude::*;

/// Permissionless crank: crosses up to `MAX_PROCESS_STEPS` of the pool's bucket ends and tranche expiries, in
/// time order. `remaining_accounts` are the checkpoints (`PoolTranche`, writable) of the tranches that expire
/// with shares in them; without its checkpoint a tranche does not expire and processing stops there. Call again
/// to resume.
#[derive(Accounts)]
pub struct PoolProcessExpirations<'info> {
    #[account(mut, dup, seeds = [POOL_SEED, &pool.id.to_le_bytes()], bump = pool.bump)]
    pub pool: Box<Account<'info, Pool>>,
}

impl<'info> PoolProcessExpirations<'info> {
    /// Each extra account must be a writable `PoolTranche` of this pool (owner and discriminator checked by
    /// `Account`, the pool by its field), named once: anything else is refused, never skipped. A checkpoint
    /// named twice would be expired through one copy and written back unexpired through the other.
    fn checkpoints(
        pool: &Pubkey,
        remaining: &'info [AccountInfo<'info>],
    ) -> Result<Vec<Account<'info, PoolTranche>>> {
        remaining
            .iter()
            .enumerate()
            .map(|(i, info)| {
                require!(info.is_writable, MutualError::WrongTrancheAccount);
                require!(
                    remaining[..i].iter().all(|other| other.key != info.key),
                    MutualError::DuplicateAccount
                );
                let checkpoint = Account::<PoolTranche>::try_from(info)?;
                require_keys_eq!(checkpoint.pool, *pool, MutualError::WrongTrancheAccount);
                Ok(checkpoint)
            })
            .collect()
    }

    pub fn pool_process_expirations(ctx: Context<'info, Self>) -> Result<()> {
        let pool = &mut ctx.accounts.pool;
        let now = Clock::get()?.unix_timestamp;
        let mut checkpoints = Self::checkpoints(&pool.key(), ctx.remaining_accounts)?;
        let mut refs: Vec<&mut PoolTranche> = checkpoints.iter_mut().map(|c| &mut **c).collect();
        let processed = pool.process(now, MAX_PROCESS_STEPS, &mut refs)?;
        pool.invariant()?;
        for checkpoint in &checkpoints {
            checkpoint.invariant()?;
            checkpoint.exit(&crate::ID)?;
        }
        crate::emit_event!(PoolProcessEvent {
            pool_id: pool.id,
            steps: processed.steps,
            caught_up: processed.caught_up,
            first_active_tranche: pool.first_active_tranche,
            next_bucket: pool.next_bucket,
        });
        Ok(())
    }
}
