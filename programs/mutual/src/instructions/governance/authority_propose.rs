use super::Governed;
use crate::events::AuthorityProposeEvent;
use anchor_lang::prelude::*;

impl Governed<'_> {
    /// First step of the authority transfer. Nothing changes hands until the new key signs `authority_accept`,
    /// so a typo can't brick governance. Proposing again replaces the pending key.
    pub fn authority_propose(ctx: Context<Self>, new_authority: Pubkey) -> Result<()> {
        ctx.accounts.config.propose_authority(new_authority)?;
        crate::emit_event!(AuthorityProposeEvent {
            authority: ctx.accounts.authority.key(),
            pending_authority: new_authority,
        });
        Ok(())
    }
}
