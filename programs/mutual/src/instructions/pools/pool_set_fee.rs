use crate::events::PoolSetFeeEvent;
use crate::instructions::PoolManaged;
use crate::math::Bps;
use anchor_lang::prelude::*;

impl PoolManaged<'_> {
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
