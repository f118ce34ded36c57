use super::Governed;
use crate::events::GuardianSetEvent;
use anchor_lang::prelude::*;

impl Governed<'_> {
    /// Replaces the guardian, e.g. after its key is lost or leaked. Only the authority may.
    pub fn guardian_set(ctx: Context<Self>, guardian: Pubkey) -> Result<()> {
        ctx.accounts.config.set_guardian(guardian);
        crate::emit_event!(GuardianSetEvent {
            authority: ctx.accounts.authority.key(),
            guardian,
        });
        Ok(())
    }
}
