use crate::constants::CONFIG_SEED;
use crate::errors::MutualError;
use crate::events::ProtocolUnpauseEvent;
use crate::state::Config;
use anchor_lang::prelude::*;

/// Resumes paused areas. Only the authority may: a leaked guardian key must not be able to undo a pause.
#[derive(Accounts)]
pub struct ProtocolUnpause<'info> {
    pub authority: Signer<'info>,
    #[account(
        mut,
        seeds = [CONFIG_SEED],
        bump = config.bump,
        has_one = authority @ MutualError::NotAuthority,
    )]
    pub config: Box<Account<'info, Config>>,
}

impl ProtocolUnpause<'_> {
    pub fn protocol_unpause(ctx: Context<Self>, areas: u8) -> Result<()> {
        ctx.accounts.config.unpause(areas)?;
        crate::emit_event!(ProtocolUnpauseEvent {
            by: ctx.accounts.authority.key(),
            areas,
            paused: ctx.accounts.config.paused,
        });
        Ok(())
    }
}
