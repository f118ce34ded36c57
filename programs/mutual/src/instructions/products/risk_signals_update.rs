use crate::constants::{CONFIG_SEED, CURATOR_SEED, PRODUCT_SEED, RISK_SEED};
use crate::errors::MutualError;
use crate::events::RiskSignalsUpdateEvent;
use crate::state::{Config, Curator, Product, RiskSignals, Signals};
use anchor_lang::prelude::*;

/// Replaces a product's risk signals: audits, incidents, permissions and intent (PROTOCOL.md §9).
#[derive(Accounts)]
pub struct RiskSignalsUpdate<'info> {
    /// The authority, or a curator (then `curator` is theirs).
    pub updater: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(seeds = [PRODUCT_SEED, &product.id.to_le_bytes()], bump = product.bump)]
    pub product: Box<Account<'info, Product>>,
    #[account(
        mut,
        dup,
        seeds = [RISK_SEED, product.key().as_ref()],
        bump = risk_signals.bump,
    )]
    pub risk_signals: Box<Account<'info, RiskSignals>>,
    /// The updater's curator record; none when the authority signs.
    #[account(seeds = [CURATOR_SEED, updater.key().as_ref()], bump = curator.bump)]
    pub curator: Option<Box<Account<'info, Curator>>>,
}

impl RiskSignalsUpdate<'_> {
    fn validate(&self) -> Result<()> {
        let Self {
            updater,
            config,
            curator,
            ..
        } = self;
        // updater
        require!(
            updater.key() == config.authority || curator.is_some(),
            MutualError::NotCurator
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn risk_signals_update(ctx: Context<Self>, signals: Signals) -> Result<()> {
        let accounts = ctx.accounts;
        let now = Clock::get()?.unix_timestamp;
        let by = accounts.updater.key();
        accounts.risk_signals.update(signals.clone(), by, now)?;
        let risk = accounts.risk_signals.view(
            accounts.product.id,
            accounts.product.terms.risk_class,
            accounts.product.terms.deprecated,
            now,
        );
        crate::emit_event!(RiskSignalsUpdateEvent {
            product_id: accounts.product.id,
            by,
            score: risk.score,
            signals,
        });
        Ok(())
    }
}
