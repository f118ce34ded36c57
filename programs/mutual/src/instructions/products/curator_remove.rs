use crate::constants::{CONFIG_SEED, CURATOR_SEED};
use crate::errors::MutualError;
use crate::events::CuratorRemoveEvent;
use crate::state::{Config, Curator};
use anchor_lang::prelude::*;

/// Withdraws a curator's right to write risk signals; the rent goes back to the authority.
#[derive(Accounts)]
pub struct CuratorRemove<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,
    #[account(
        seeds = [CONFIG_SEED],
        bump = config.bump,
        has_one = authority @ MutualError::NotAuthority,
    )]
    pub config: Box<Account<'info, Config>>,
    #[account(
        mut,
        dup,
        close = authority,
        seeds = [CURATOR_SEED, curator.wallet.as_ref()],
        bump = curator.bump,
    )]
    pub curator: Box<Account<'info, Curator>>,
}

impl CuratorRemove<'_> {
    pub fn curator_remove(ctx: Context<Self>) -> Result<()> {
        crate::emit_event!(CuratorRemoveEvent {
            wallet: ctx.accounts.curator.wallet,
        });
        Ok(())
    }
}
