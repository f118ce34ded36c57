use crate::constants::CONFIG_SEED;
use crate::errors::MutualError;
use crate::events::{
    AuthorityProposeEvent, GuardianSetEvent, ParamsCancelEvent, ParamsProposeEvent,
    ProtocolUnpauseEvent,
};
use crate::state::{Config, Params};
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

impl Governed<'_> {
    /// Queues a whole new parameter set, to apply `params_delay` from now (PROTOCOL.md §12). Every bound, and
    /// the size of the step from the current set, is checked now. A new proposal replaces a pending one and
    /// restarts its clock. The set and its time are public on `Config` and in the event, so a member who dislikes
    /// the change can leave first.
    pub fn params_propose(ctx: Context<Self>, params: Params) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let config = &mut ctx.accounts.config;
        let replaced = config.pending().is_some();
        let eta = config.propose_params(params, now)?;
        crate::emit_event!(ParamsProposeEvent {
            authority: ctx.accounts.authority.key(),
            params,
            eta,
            replaced,
        });
        Ok(())
    }

    /// Withdraws the pending parameter set.
    pub fn params_cancel(ctx: Context<Self>) -> Result<()> {
        let params = ctx.accounts.config.cancel_params()?;
        crate::emit_event!(ParamsCancelEvent {
            authority: ctx.accounts.authority.key(),
            params,
        });
        Ok(())
    }

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

    /// Replaces the guardian, e.g. after its key is lost or leaked. Only the authority may.
    pub fn guardian_set(ctx: Context<Self>, guardian: Pubkey) -> Result<()> {
        ctx.accounts.config.set_guardian(guardian);
        crate::emit_event!(GuardianSetEvent {
            authority: ctx.accounts.authority.key(),
            guardian,
        });
        Ok(())
    }

    /// Resumes paused areas. Only the authority may: a leaked guardian key must not be able to undo a pause.
    pub fn protocol_unpause(ctx: Context<Self>, areas: u8) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        ctx.accounts.config.unpause(areas, now)?;
        crate::emit_event!(ProtocolUnpauseEvent {
            by: ctx.accounts.authority.key(),
            areas,
            paused: ctx.accounts.config.paused,
        });
        Ok(())
    }
}
