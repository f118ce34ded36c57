use crate::constants::{CONFIG_SEED, PRODUCT_SEED};
use crate::errors::MutualError;
use crate::events::ProductUpdateEvent;
use crate::state::{Config, Product, ProductTerms};
use anchor_lang::prelude::*;

/// Replaces a product's terms. Covers already sold keep the wording hash they recorded at purchase.
#[derive(Accounts)]
pub struct ProductUpdate<'info> {
    pub authority: Signer<'info>,
    #[account(
        seeds = [CONFIG_SEED],
        bump = config.bump,
        has_one = authority @ MutualError::NotAuthority,
    )]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, dup, seeds = [PRODUCT_SEED, &product.id.to_le_bytes()], bump = product.bump)]
    pub product: Box<Account<'info, Product>>,
}

impl ProductUpdate<'_> {
    pub fn product_update(ctx: Context<Self>, terms: ProductTerms) -> Result<()> {
        let accounts = ctx.accounts;
        let now = Clock::get()?.unix_timestamp;
        terms.validate(accounts.config.asset_count, accounts.config.pool_count)?;
        accounts.product.update(terms.clone(), now);
        accounts.product.invariant()?;
        crate::emit_event!(ProductUpdateEvent {
            id: accounts.product.id,
            product: accounts.product.key(),
            terms,
        });
        Ok(())
    }
}
