use crate::constants::COVER_SEED;
use crate::errors::MutualError;
use crate::events::{CoverAutoRenewEvent, CoverTransferEvent};
use anchor_lang::prelude::*;

use crate::state::Cover;

/// Accounts of the owner's own settings on a cover: `cover_auto_renew_set`, `cover_auto_renew_cancel` and
/// `cover_transfer`. Write set: the cover only.
#[derive(Accounts)]
pub struct CoverOwned<'info> {
    pub owner: Signer<'info>,
    #[account(
        mut,
        dup,
        seeds = [COVER_SEED, cover.product.as_ref(), &cover.seq.to_le_bytes()],
        bump = cover.bump,
        has_one = owner @ MutualError::NotCoverOwner,
    )]
    pub cover: Box<Account<'info, Cover>>,
}

impl CoverOwned<'_> {
    /// Lets anyone renew the cover in its last 7 days for at most `max_premium` in the cover asset. The owner
    /// also approves the config PDA as delegate of the paying token account for at most that amount (the SDK
    /// puts the SPL `approve` in the same transaction); the renewal checks both. A cover paid out in full has
    /// nothing to renew (`NothingLeftToCover`).
    pub fn cover_auto_renew_set(ctx: Context<Self>, max_premium: u64) -> Result<()> {
        require!(max_premium > 0, MutualError::ZeroAmount);
        let cover = &mut ctx.accounts.cover;
        cover.require_active(Clock::get()?.unix_timestamp)?;
        cover.set_auto_renew(max_premium)?;
        crate::emit_event!(CoverAutoRenewEvent {
            cover: cover.key(),
            owner: cover.owner,
            max_premium,
        });
        Ok(())
    }

    /// Stops auto-renewal (revoking the SPL approval stops it too).
    pub fn cover_auto_renew_cancel(ctx: Context<Self>) -> Result<()> {
        let cover = &mut ctx.accounts.cover;
        require!(cover.renew_max_premium > 0, MutualError::AutoRenewOff);
        cover.set_auto_renew(0)?;
        crate::emit_event!(CoverAutoRenewEvent {
            cover: cover.key(),
            owner: cover.owner,
            max_premium: 0,
        });
        Ok(())
    }

    /// Hands the cover, and the right to claim on it, to `new_owner`. Auto-renewal stops.
    pub fn cover_transfer(ctx: Context<Self>, new_owner: Pubkey) -> Result<()> {
        let cover = &mut ctx.accounts.cover;
        let from = cover.owner;
        cover.transfer(new_owner)?;
        crate::emit_event!(CoverTransferEvent {
            cover: cover.key(),
            from,
            to: new_owner,
        });
        Ok(())
    }
}
