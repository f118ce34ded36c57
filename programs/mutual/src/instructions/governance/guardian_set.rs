use crate::constants::CONFIG_SEED;
use crate::errors::MutualError;
use crate::events::GuardianSetEvent;
use crate::state::Config;
use anchor_lang::prelude::*;

/// Replaces the guardian, e.g. after its key is lost or leaked. Only the authority may.
#[derive(Accounts)]
pub struct GuardianSet<'info> {
    pub authority: Signer<'info>,
    #[account(
        mut,
        seeds = [CONFIG_SEED],
        bump = config.bump,
        has_one = authority @ MutualError::NotAuthority,
    )]
    pub config: Box<Account<'info, Config>>,
}

impl GuardianSet<'_> {
    pub fn guardian_set(ctx: Context<Self>, guardian: Pubkey) -> Result<()> {
        ctx.accounts.config.guardian = guardian;
        crate::emit_event!(GuardianSetEvent {
            authority: ctx.accounts.authority.key(),
            guardian,
        });
        Ok(())
    }
}
