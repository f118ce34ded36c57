use crate::constants::{ASSET_SEED, CONFIG_SEED, COVER_SEED};
use crate::controller::placement::{persist_released, release_allocations, Legs};
use crate::errors::MutualError;
use crate::events::CoverExpireEvent;
use crate::state::{Asset, Config, Cover, CoverState};
use anchor_lang::prelude::*;

/// Permissionless, after the cover's claim window (end plus grace, extended by any claims pause since the
/// purchase): releases its allocations and active cover, and closes it
/// (rent to the buyer) unless a claim on it is still open; then it stays, marked expired, and a later call closes
/// it once the claim is settled. `remaining_accounts` are the listings (`PoolProduct`, writable) of the cover's
/// pools, in order, while its allocations are still booked.
///
/// Write set: the cover, its asset, its pools' listings, and the buyer (the rent).
#[derive(Accounts)]
pub struct CoverExpire<'info> {
    /// Its claims pause clock extends the claim window.
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        mut,
        dup,
        seeds = [COVER_SEED, cover.product.as_ref(), &cover.seq.to_le_bytes()],
        bump = cover.bump,
        has_one = buyer @ MutualError::WrongCoverAccount,
    )]
    pub cover: Box<Account<'info, Cover>>,
    #[account(mut, dup, seeds = [ASSET_SEED, cover.asset.as_ref()], bump = asset.bump)]
    pub asset: Box<Account<'info, Asset>>,
    /// CHECK: the buyer who paid the rent (`has_one`); it only receives lamports.
    #[account(mut, dup)]
    pub buyer: UncheckedAccount<'info>,
}

impl<'info> CoverExpire<'info> {
    pub fn cover_expire(ctx: Context<'info, CoverExpire<'info>>) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = ctx.accounts;
        let cover = &mut accounts.cover;
        cover.require_expirable(now, accounts.config.claims_pause_clock(now)?)?;
        let released = cover.state == CoverState::Active;
        if released {
            let expiry = cover.expiry_bucket()?;
            accounts
                .asset
                .unbook_cover(cover.claimable()?, expiry, now)?;
            let mut none = Legs { legs: Vec::new() };
            persist_released(&release_allocations(
                cover,
                &mut none,
                ctx.remaining_accounts,
                now,
            )?)?;
            cover.mark_expired();
        } else {
            require!(
                ctx.remaining_accounts.is_empty(),
                MutualError::CoverPoolsMismatch
            );
        }
        accounts.asset.invariant()?;
        let closed = !cover.open_claim;
        require!(released || closed, MutualError::CoverClaimOpen);
        if closed {
            cover.close(accounts.buyer.to_account_info())?;
        }
        crate::emit_event!(CoverExpireEvent {
            cover: accounts.cover.key(),
            owner: accounts.cover.owner,
            amount: accounts.cover.amount,
            released,
            closed,
        });
        Ok(())
    }
}
