use super::cover_change::{Change, CoverChange, NewSegment};
use crate::events::CoverEditEvent;
use crate::math::cover::unused_premium;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoverEditArgs {
    /// The new amount, in the asset's base units (not below what claims paid out).
    pub amount: u64,
    /// The new period from now, seconds: 28 to 365 days.
    pub period: u32,
    /// Most the owner pays beyond the credit.
    pub max_premium: u64,
    /// How many [Pool, PoolProduct, vault] triples open `remaining_accounts`; the listings of the old pools
    /// that are not among them follow.
    pub pool_count: u8,
}

impl<'info> CoverChange<'info> {
    /// The owner replaces the cover with a new segment from now. The unused part of the old premium is
    /// credited against the new one for the capacity that stays in the same pools (an excess credit is not paid
    /// out, as in Nexus), and the old allocations and active cover are released.
    pub fn cover_edit(ctx: Context<'info, CoverChange<'info>>, args: CoverEditArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = ctx.accounts;
        accounts.require_owner_signs()?;
        accounts.cover.require_active(now)?;
        accounts.validate_segment(args.period, now)?;
        let cover = &accounts.cover;
        let unused = unused_premium(cover.premium, cover.start, cover.period, now)?;
        let (old_amount, old_end) = (cover.amount, cover.end()?);
        let changed = accounts.apply(
            ctx.remaining_accounts,
            usize::from(args.pool_count),
            NewSegment {
                amount: args.amount,
                start: now,
                period: args.period,
            },
            Change::Edit { unused },
            args.max_premium,
            now,
        )?;
        crate::emit_event!(CoverEditEvent {
            cover: accounts.cover.key(),
            old_amount,
            old_end,
            amount: args.amount,
            start: now,
            period: args.period,
            premium: changed.quote.premium,
            credit: changed.credit,
            paid: changed.paid,
            placement: changed.quote.summary(&changed.pool_ids, &changed.rewards),
        });
        Ok(())
    }
}
