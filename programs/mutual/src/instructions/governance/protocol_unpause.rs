use super::Governed;
use crate::events::ProtocolUnpauseEvent;
use anchor_lang::prelude::*;

impl Governed<'_> {
    /// Resumes paused areas. Only the authority may: a leaked guardian key must not be able to undo a pause.
    pub fn protocol_unpause(ctx: Context<Self>, areas: u8) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        ctx.accounts.config.unpause(areas, now)?;
        crate::emit_event!(ProtocolUnpauseEvent {
            by: ctx.accounts.authority.key(),
            areas,
            paused: ctx.accounts.config.paused,
        });
        Ok(())
    }
}
