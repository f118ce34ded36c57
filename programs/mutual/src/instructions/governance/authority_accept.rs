use crate::constants::CONFIG_SEED;
use crate::events::AuthorityAcceptEvent;
use crate::state::Config;
use anchor_lang::prelude::*;

/// Second step of the authority transfer: the proposed key signs and takes over.
#[derive(Accounts)]
pub struct AuthorityAccept<'info> {
    pub new_authority: Signer<'info>,
    #[account(mut, dup, seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
}

impl AuthorityAccept<'_> {
    pub fn authority_accept(ctx: Context<Self>) -> Result<()> {
        let previous_authority = ctx.accounts.config.authority;
        let new_authority = ctx.accounts.new_authority.key();
        ctx.accounts.config.accept_authority(new_authority)?;
        crate::emit_event!(AuthorityAcceptEvent {
            previous_authority,
            authority: new_authority,
        });
        Ok(())
    }
}
