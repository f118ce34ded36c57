use crate::constants::CONFIG_SEED;
use crate::errors::MutualError;
use crate::events::AuthorityProposeEvent;
use crate::state::Config;
use anchor_lang::prelude::*;

/// First step of the authority transfer. Nothing changes hands until the new key signs `authority_accept`, so a
/// typo can't brick governance. Proposing again replaces the pending key.
#[derive(Accounts)]
pub struct AuthorityPropose<'info> {
    pub authority: Signer<'info>,
    #[account(
        mut,
        seeds = [CONFIG_SEED],
        bump = config.bump,
        has_one = authority @ MutualError::NotAuthority,
    )]
    pub config: Box<Account<'info, Config>>,
}

impl AuthorityPropose<'_> {
    pub fn authority_propose(ctx: Context<Self>, new_authority: Pubkey) -> Result<()> {
        ctx.accounts.config.propose_authority(new_authority)?;
        crate::emit_event!(AuthorityProposeEvent {
            authority: ctx.accounts.authority.key(),
            pending_authority: new_authority,
        });
        Ok(())
    }
}
