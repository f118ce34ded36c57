use crate::constants::{MAX_PRODUCTS_PER_SET, POOL_PRODUCT_SEED, POOL_SEED};
use crate::cpi_helpers::init_or_update_pda;
use crate::errors::MutualError;
use crate::events::PoolSetProductsEvent;
use crate::math::periods::bucket_id;
pub use crate::state::ProductListing;
use crate::state::{Pool, PoolProduct, Product};
use anchor_lang::prelude::*;

/// The manager lists products or changes their weights and prices. `remaining_accounts` holds, per listing in
/// order, the `Product` (read) and the `PoolProduct` (writable; created on first listing).
#[derive(Accounts)]
pub struct PoolSetProducts<'info> {
    #[account(mut)]
    pub manager: Signer<'info>,
    #[account(
        mut,
        dup,
        seeds = [POOL_SEED, &pool.id.to_le_bytes()],
        bump = pool.bump,
        has_one = manager @ MutualError::NotPoolManager,
    )]
    pub pool: Box<Account<'info, Pool>>,
    pub system_program: Program<'info, System>,
}

impl<'info> PoolSetProducts<'info> {
    fn validate(&self, listings: &[ProductListing], remaining: &[AccountInfo]) -> Result<()> {
        // listings
        require!(
            !listings.is_empty()
                && listings.len() <= MAX_PRODUCTS_PER_SET
                && remaining.len() == 2 * listings.len(),
            MutualError::InvalidProductAccounts
        );
        for (i, listing) in listings.iter().enumerate() {
            require!(
                listings[..i]
                    .iter()
                    .all(|l| l.product_id != listing.product_id),
                MutualError::DuplicateProduct
            );
        }
        Ok(())
    }

    /// The product account of a listing: owned by this program with the `Product` discriminator (only
    /// `product_create` makes one, at its id's PDA), with the listing's id.
    fn product(
        info: &'info AccountInfo<'info>,
        listing: &ProductListing,
    ) -> Result<Account<'info, Product>> {
        let product = Account::<Product>::try_from(info)?;
        require!(
            product.id == listing.product_id,
            MutualError::InvalidProductAccounts
        );
        Ok(product)
    }

    pub fn pool_set_products(
        ctx: Context<'info, Self>,
        listings: Vec<ProductListing>,
    ) -> Result<()> {
        ctx.accounts.validate(&listings, ctx.remaining_accounts)?;
        let accounts = ctx.accounts;
        let now = Clock::get()?.unix_timestamp;
        let current_bucket = bucket_id(now)?;
        accounts.pool.process_lazily(now)?;
        let pool_key = accounts.pool.key();
        let payer = accounts.manager.to_account_info();
        let system = accounts.system_program.to_account_info();
        for (listing, pair) in listings.iter().zip(ctx.remaining_accounts.chunks(2)) {
            let product = Self::product(&pair[0], listing)?;
            let target = &pair[1];
            let (address, bump) = Pubkey::find_program_address(
                &[POOL_PRODUCT_SEED, pool_key.as_ref(), product.key().as_ref()],
                &crate::ID,
            );
            require_keys_eq!(target.key(), address, MutualError::InvalidProductAccounts);
            let terms = &product.terms;
            let mut old_weight = 0;
            init_or_update_pda::<PoolProduct>(
                &payer,
                target,
                &system,
                PoolProduct::SIZE,
                &[
                    POOL_PRODUCT_SEED,
                    pool_key.as_ref(),
                    product.key().as_ref(),
                    &[bump],
                ],
                |pp| {
                    pp.init(
                        bump,
                        pool_key,
                        product.key(),
                        accounts.pool.id,
                        product.id,
                        terms.initial_price,
                        current_bucket,
                        now,
                    )
                },
                |pp| {
                    old_weight =
                        pp.set_listing(listing.weight, listing.target_price, terms.min_price)?;
                    pp.invariant()
                },
            )?;
            // A deprecated product, or one whose allow-list no longer names this pool, may be taken down
            // (its weight then stops counting against the pool's total), never listed or raised.
            if listing.weight > old_weight {
                product.require_not_deprecated()?;
                require!(
                    product.allows_pool(accounts.pool.id),
                    MutualError::PoolNotAllowed
                );
            }
            accounts.pool.reweight(old_weight, listing.weight)?;
        }
        accounts.pool.invariant()?;
        crate::emit_event!(PoolSetProductsEvent {
            pool_id: accounts.pool.id,
            listings,
            total_weight: accounts.pool.total_weight,
        });
        Ok(())
    }
}
