use crate::constants::CONFIG_SEED;
use crate::errors::MutualError;
use crate::state::Config;
use anchor_lang::prelude::*;

/// Accounts of the authority's config changes (`params_propose`, `params_cancel`, `authority_propose`,
/// `guardian_set`, `protocol_unpause`): the config, writable, and its authority, signing.
#[derive(Accounts)]
pub struct Governed<'info> {
    pub authority: Signer<'info>,
    #[account(
        mut,
        dup,
        seeds = [CONFIG_SEED],
        bump = config.bump,
        has_one = authority @ MutualError::NotAuthority,
    )]
    pub config: Box<Account<'info, Config>>,
}
