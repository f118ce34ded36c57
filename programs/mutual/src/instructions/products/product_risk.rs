use crate::constants::{PRODUCT_SEED, RISK_SEED};
use crate::cpi_helpers::set_return_data_natively;
use crate::state::{Product, ProductRisk, RiskSignals};
use anchor_lang::prelude::*;

/// Reads a product's risk score and key signals. Writes nothing; the result is the instruction's return data, so
/// an integrator program can CPI into it and size a position from the answer.
#[derive(Accounts)]
pub struct ProductRiskView<'info> {
    #[account(seeds = [PRODUCT_SEED, &product.id.to_le_bytes()], bump = product.bump)]
    pub product: Box<Account<'info, Product>>,
    #[account(seeds = [RISK_SEED, product.key().as_ref()], bump = risk_signals.bump)]
    pub risk_signals: Box<Account<'info, RiskSignals>>,
}

impl ProductRiskView<'_> {
    pub fn product_risk(ctx: Context<Self>) -> Result<ProductRisk> {
        let accounts = ctx.accounts;
        let now = Clock::get()?.unix_timestamp;
        let product = &accounts.product;
        let risk = accounts.risk_signals.view(
            product.id,
            product.terms.risk_class,
            product.terms.deprecated,
            now,
        );
        set_return_data_natively(&risk)?;
        Ok(risk)
    }
}
