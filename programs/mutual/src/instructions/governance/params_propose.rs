use super::Governed;
use crate::events::ParamsProposeEvent;
use crate::state::Params;
use anchor_lang::prelude::*;

impl Governed<'_> {
    /// Queues a whole new parameter set, to apply `params_delay` from now (PROTOCOL.md §12). Every bound, and
    /// the size of the step from the current set, is checked now. A new proposal replaces a pending one and
    /// restarts its clock. The set and its time are public on `Config` and in the event, so a member who dislikes
    /// the change can leave first.
    pub fn params_propose(ctx: Context<Self>, params: Params) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let config = &mut ctx.accounts.config;
        let replaced = config.pending().is_some();
        let eta = config.propose_params(params, now)?;
        crate::emit_event!(ParamsProposeEvent {
            authority: ctx.accounts.authority.key(),
            params,
            eta,
            replaced,
        });
        Ok(())
    }
}
