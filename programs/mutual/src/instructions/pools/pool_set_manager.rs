use crate::events::PoolSetManagerEvent;
use crate::instructions::PoolManaged;
use anchor_lang::prelude::*;

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
}
