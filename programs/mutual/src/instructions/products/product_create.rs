use crate::constants::{CONFIG_SEED, PRODUCT_SEED, RISK_SEED};
use crate::cpi_helpers::init_pda_account;
use crate::errors::MutualError;
use crate::events::ProductCreateEvent;
use crate::state::{Config, Product, ProductTerms, RiskSignals};
use anchor_lang::prelude::*;

/// Lists a new product, with empty risk signals, under the next product id.
#[derive(Accounts)]
pub struct ProductCreate<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,
    #[account(
        mut,
        dup,
        seeds = [CONFIG_SEED],
        bump = config.bump,
        has_one = authority @ MutualError::NotAuthority,
    )]
    pub config: Box<Account<'info, Config>>,
    /// CHECK: created in the handler (`init_pda_account`: prefund-proof, refuses an address in use).
    #[account(mut, seeds = [PRODUCT_SEED, &config.product_count.to_le_bytes()], bump)]
    pub product: UncheckedAccount<'info>,
    /// CHECK: created in the handler, like `product`.
    #[account(mut, seeds = [RISK_SEED, product.key().as_ref()], bump)]
    pub risk_signals: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

impl ProductCreate<'_> {
    pub fn product_create(ctx: Context<Self>, terms: ProductTerms) -> Result<()> {
        let accounts = ctx.accounts;
        let bumps = ctx.bumps;
        let now = Clock::get()?.unix_timestamp;
        terms.validate(accounts.config.asset_count, accounts.config.pool_count)?;
        let id = accounts.config.add_product()?;
        let product = accounts.product.key();
        let payer = accounts.authority.to_account_info();
        let system = accounts.system_program.to_account_info();
        let id_bytes = id.to_le_bytes();
        init_pda_account::<Product>(
            &payer,
            &accounts.product.to_account_info(),
            &system,
            Product::SIZE,
            &[PRODUCT_SEED, &id_bytes, &[bumps.product]],
            |p| {
                p.init(bumps.product, id, terms.clone(), now);
                p.invariant()
            },
        )?;
        init_pda_account::<RiskSignals>(
            &payer,
            &accounts.risk_signals.to_account_info(),
            &system,
            RiskSignals::SIZE,
            &[RISK_SEED, product.as_ref(), &[bumps.risk_signals]],
            |r| {
                r.init(bumps.risk_signals, product);
                Ok(())
            },
        )?;
        crate::emit_event!(ProductCreateEvent { id, product, terms });
        Ok(())
    }
}
