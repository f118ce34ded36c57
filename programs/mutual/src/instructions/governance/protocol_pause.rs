use crate::constants::CONFIG_SEED;
use crate::events::ProtocolPauseEvent;
use crate::state::Config;
use anchor_lang::prelude::*;

/// Stops one or more areas (`pause_area`). The guardian may pause as well as the authority: pausing can only
/// stop activity, so a fast hot key is an acceptable risk here.
#[derive(Accounts)]
pub struct ProtocolPause<'info> {
    pub signer: Signer<'info>,
    #[account(mut, dup, seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
}

impl ProtocolPause<'_> {
    pub fn protocol_pause(ctx: Context<Self>, areas: u8) -> Result<()> {
        let by = ctx.accounts.signer.key();
        ctx.accounts.config.pause(by, areas)?;
        crate::emit_event!(ProtocolPauseEvent {
            by,
            areas,
            paused: ctx.accounts.config.paused,
        });
        Ok(())
    }
}
