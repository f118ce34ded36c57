use super::Governed;
use crate::events::ParamsCancelEvent;
use anchor_lang::prelude::*;

impl Governed<'_> {
    /// Withdraws the pending parameter set.
    pub fn params_cancel(ctx: Context<Self>) -> Result<()> {
        let params = ctx.accounts.config.cancel_params()?;
        crate::emit_event!(ParamsCancelEvent {
            authority: ctx.accounts.authority.key(),
            params,
        });
        Ok(())
    }
}
