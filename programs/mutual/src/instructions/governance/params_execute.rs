use crate::constants::CONFIG_SEED;
use crate::events::ParamsExecuteEvent;
use crate::state::Config;
use anchor_lang::prelude::*;

/// Applies the pending parameter set once its timelock has passed. Permissionless: the change was public for
/// `params_delay`, and nobody (the authority included) can hold back a change that is due; the authority's way
/// to stop it is `params_cancel` before then.
#[derive(Accounts)]
pub struct ParamsExecute<'info> {
    #[account(mut, dup, seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
}

impl ParamsExecute<'_> {
    pub fn params_execute(ctx: Context<Self>) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let params = ctx.accounts.config.execute_params(now)?;
        crate::emit_event!(ParamsExecuteEvent { params, now });
        Ok(())
    }
}
