use super::Governed;
use crate::events::ConfigUpdateParamsEvent;
use crate::state::Params;
use anchor_lang::prelude::*;

impl Governed<'_> {
    /// Replaces every parameter at once; each is held to its bound, and one out-of-bounds value rejects the
    /// whole set.
    pub fn config_update_params(ctx: Context<Self>, params: Params) -> Result<()> {
        ctx.accounts.config.set_params(params)?;
        crate::emit_event!(ConfigUpdateParamsEvent {
            authority: ctx.accounts.authority.key(),
            params,
        });
        Ok(())
    }
}
