use crate::constants::CONFIG_SEED;
use crate::errors::MutualError;
use crate::events::ConfigUpdateParamsEvent;
use crate::state::{Config, Params};
use anchor_lang::prelude::*;

/// Replaces every parameter at once; each is held to its bound, and one out-of-bounds value rejects the whole set.
#[derive(Accounts)]
pub struct ConfigUpdateParams<'info> {
    pub authority: Signer<'info>,
    #[account(
        mut,
        seeds = [CONFIG_SEED],
        bump = config.bump,
        has_one = authority @ MutualError::NotAuthority,
    )]
    pub config: Box<Account<'info, Config>>,
}

impl ConfigUpdateParams<'_> {
    pub fn config_update_params(ctx: Context<Self>, params: Params) -> Result<()> {
        ctx.accounts.config.set_params(params)?;
        crate::emit_event!(ConfigUpdateParamsEvent {
            authority: ctx.accounts.authority.key(),
            params,
        });
        Ok(())
    }
}
