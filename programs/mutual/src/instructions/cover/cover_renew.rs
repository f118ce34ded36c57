use super::cover_change::{Change, CoverChange, NewSegment};
use crate::events::CoverRenewEvent;
use anchor_lang::prelude::*;

impl<'info> CoverChange<'info> {
    /// The owner renews the cover in its last 7 days: the same amount and period again, from the old end, on
    /// the product's current terms; what is priced and placed is what is still claimable, and a cover paid out
    /// in full renews no more (`NothingLeftToCover`). The old segment runs its course, so nothing is credited,
    /// and claims filed before the renewal starts still concern it (`Cover::previous`).
    /// `remaining_accounts` are the new segment's pools.
    pub fn cover_renew(ctx: Context<'info, CoverChange<'info>>, max_premium: u64) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        ctx.accounts.require_owner_signs()?;
        Self::renew(ctx, max_premium, Change::Renew, now)
    }

    /// Anyone renews a cover whose owner turned auto-renewal on, in its last 7 days, through the same pools in
    /// the same order and on the terms the owner bought (wording and grace period). The premium must be within the owner's
    /// `renew_max_premium` and the config PDA's approval on the paying account, which must be the owner's.
    pub fn cover_auto_renew(ctx: Context<'info, CoverChange<'info>>) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = &ctx.accounts;
        accounts.cover.require_same_terms(&accounts.product.terms)?;
        // The owner's cap is checked by name once the premium is known (`Cover::require_auto_renew_within`).
        Self::renew(ctx, u64::MAX, Change::AutoRenew, now)
    }

    fn renew(
        ctx: Context<'info, CoverChange<'info>>,
        max_premium: u64,
        change: Change,
        now: i64,
    ) -> Result<()> {
        let accounts = ctx.accounts;
        accounts.cover.require_renewal_window(now)?;
        accounts.cover.renewable()?;
        let period = accounts.cover.period;
        accounts.validate_segment(period, now)?;
        let start = accounts.cover.end()?;
        let amount = accounts.cover.amount;
        let remaining = ctx.remaining_accounts;
        // A partial triple is left over as an extra account, which a renewal refuses (`InvalidPoolAccounts`).
        let changed = accounts.apply(
            remaining,
            remaining.len() / 3,
            NewSegment {
                amount,
                start,
                period,
            },
            change,
            max_premium,
            now,
        )?;
        crate::emit_event!(CoverRenewEvent {
            cover: accounts.cover.key(),
            by: accounts.signer.key(),
            automatic: change == Change::AutoRenew,
            amount,
            start,
            period,
            premium: changed.paid,
            placement: changed.quote.summary(&changed.pool_ids, &changed.rewards),
        });
        Ok(())
    }
}
