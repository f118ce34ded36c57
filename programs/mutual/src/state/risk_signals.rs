//! The risk signals of a product (PROTOCOL.md §9): audits, incidents, and what its admin keys can do versus what
//! the protocol promises. `math::risk::risk_score` turns them into one number. The `RiskSignals` account
//! (`["risk", product]`, written by the authority or a curator) holds up to `MAX_AUDITS` and `MAX_INCIDENTS`.
use crate::constants::ACCOUNT_VERSION;
use crate::errors::MutualError;
use anchor_lang::prelude::*;

pub const MAX_AUDITS: usize = 8;
pub const MAX_INCIDENTS: usize = 8;

// The signals' value types live with the formula that reads them (`math::signals`); their paths stay here too.
pub use crate::math::signals::{Audit, Incident, Intent, Permissions, RiskClass, UpgradeAuthority};

/// The signals themselves, as `risk_signals_update` writes them.
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Debug, Default, PartialEq, Eq)]
pub struct Signals {
    #[max_len(MAX_AUDITS)]
    pub audits: Vec<Audit>,
    #[max_len(MAX_INCIDENTS)]
    pub incidents: Vec<Incident>,
    pub permissions: Permissions,
    pub intent: Intent,
}

impl Signals {
    /// At most `MAX_AUDITS` audits and `MAX_INCIDENTS` incidents, none dated in the future: a future date would
    /// keep an audit fresh or an incident recent for as long as the curator liked.
    pub fn validate(&self, now: i64) -> Result<()> {
        require!(self.audits.len() <= MAX_AUDITS, MutualError::TooManyAudits);
        require!(
            self.incidents.len() <= MAX_INCIDENTS,
            MutualError::TooManyIncidents
        );
        let dates = self.audits.iter().map(|a| a.date);
        for date in dates.chain(self.incidents.iter().map(|i| i.date)) {
            require!((0..=now).contains(&date), MutualError::InvalidSignalDate);
        }
        Ok(())
    }
}

/// A product's risk signals, `["risk", product]`, created empty with the product.
#[account]
#[derive(InitSpace, Debug)]
pub struct RiskSignals {
    pub version: u8,
    pub bump: u8,
    pub product: Pubkey,
    pub signals: Signals,
    /// Who wrote the signals last (the authority or a curator), and when; 0 = never.
    pub updated_by: Pubkey,
    pub updated_at: i64,
    pub _reserved: [u8; 32],
}

impl RiskSignals {
    pub const SIZE: usize = 8 + RiskSignals::INIT_SPACE;

    pub fn init(&mut self, bump: u8, product: Pubkey) {
        self.version = ACCOUNT_VERSION;
        self.bump = bump;
        self.product = product;
        self.signals = Signals::default();
        self.updated_by = Pubkey::default();
        self.updated_at = 0;
    }

    pub fn update(&mut self, signals: Signals, by: Pubkey, now: i64) -> Result<()> {
        signals.validate(now)?;
        self.signals = signals;
        self.updated_by = by;
        self.updated_at = now;
        Ok(())
    }
}

/// What `product_risk` returns through return data: the score and the signals an integrator sizes a position
/// from. Fields are only ever appended, so a caller built against an older layout still decodes the prefix.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProductRisk {
    pub product_id: u32,
    /// 0 (least risky) to 100 (`math::risk::risk_score`).
    pub score: u8,
    pub risk_class: RiskClass,
    pub deprecated: bool,
    pub audit_count: u8,
    pub open_critical: u16,
    pub open_high: u16,
    pub incident_count: u8,
    /// Unix seconds of the latest incident; 0 for none.
    pub last_incident: i64,
    /// Losses across all recorded incidents, base-asset units.
    pub incident_loss: u64,
    pub upgradeable: bool,
    pub upgrade_authority: UpgradeAuthority,
    /// The broken-promise part of the score (permissions versus intent), 0..=20.
    pub broken_promises: u8,
    pub signals_updated_at: i64,
}

impl RiskSignals {
    /// The view of these signals at `now` for the product they belong to.
    pub fn view(
        &self,
        product_id: u32,
        risk_class: RiskClass,
        deprecated: bool,
        now: i64,
    ) -> ProductRisk {
        use crate::math::risk;
        let Signals {
            audits,
            incidents,
            permissions,
            intent,
        } = &self.signals;
        let (open_critical, open_high) = risk::open_findings(audits);
        let (last_incident, incident_loss) = risk::incident_history(incidents);
        let broken = risk::broken_promise_risk(permissions, intent);
        ProductRisk {
            product_id,
            score: risk::risk_score(audits, incidents, permissions, intent, now),
            risk_class,
            deprecated,
            audit_count: u8::try_from(audits.len()).unwrap_or(u8::MAX),
            open_critical,
            open_high,
            incident_count: u8::try_from(incidents.len()).unwrap_or(u8::MAX),
            last_incident,
            incident_loss,
            upgradeable: permissions.upgradeable,
            upgrade_authority: permissions.upgrade_authority,
            broken_promises: u8::try_from(broken).unwrap_or(u8::MAX),
            signals_updated_at: self.updated_at,
        }
    }
}

#[cfg(test)]
mod tests;
