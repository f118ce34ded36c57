use crate::constants::COVER_SEED;
use crate::cpi_helpers::set_return_data_natively;
use crate::state::{Cover, CoverStatus};
use anchor_lang::prelude::*;

/// Reads a cover's status. Writes nothing; the result is the instruction's return data, so an integrator
/// program can CPI into it (one account) and act on the answer.
#[derive(Accounts)]
pub struct CoverStatusView<'info> {
    #[account(seeds = [COVER_SEED, cover.product.as_ref(), &cover.seq.to_le_bytes()], bump = cover.bump)]
    pub cover: Box<Account<'info, Cover>>,
}

impl CoverStatusView<'_> {
    pub fn cover_status(ctx: Context<Self>) -> Result<CoverStatus> {
        let cover = &ctx.accounts.cover;
        let status = cover.status(cover.product, Clock::get()?.unix_timestamp)?;
        set_return_data_natively(&status)?;
        Ok(status)
    }
}
