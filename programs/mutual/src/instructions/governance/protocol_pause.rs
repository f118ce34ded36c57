use crate::constants::CONFIG_SEED;
use crate::events::ProtocolPauseEvent;
use crate::state::Config;
use anchor_lang::prelude::*;

/// Stops one or more areas (`pause_area`). The guardian may pause as well as the authority: pausing can only
/// stop activity, so a fast hot key is an acceptable risk here. A claims pause extends every claim window it
/// overlaps by as long as it lasts (decision 59), so it never takes a cover holder's exit away.
#[derive(Accounts)]
pub struct ProtocolPause<'info> {
    pub signer: Signer<'info>,
    #[account(mut, dup, seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
}

impl ProtocolPause<'_> {
    pub fn protocol_pause(ctx: Context<Self>, areas: u8) -> Result<()> {
        let by = ctx.accounts.signer.key();
        let now = Clock::get()?.unix_timestamp;
        ctx.accounts.config.pause(by, areas, now)?;
        crate::emit_event!(ProtocolPauseEvent {
            by,
            areas,
            paused: ctx.accounts.config.paused,
        });
        Ok(())
    }
}
