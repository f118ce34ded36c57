//! The value types of a product's risk signals (PROTOCOL.md §9): audits, incidents, what its admin keys can do
//! and what the protocol promises. `math::risk` scores them; the `RiskSignals` account (state/) stores them.
//! Plain values: no account here.
use anchor_lang::prelude::*;

/// What cover on a product protects against (PROTOCOL.md §2). Stored enums only ever append variants.
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RiskClass {
    SmartContract,
    Oracle,
    PlatformInsolvency,
    Transparency,
    Governance,
}

/// One audit report, with its findings by severity, still open or fixed.
#[derive(
    AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, Default, PartialEq, Eq,
)]
pub struct Audit {
    /// Hash of the auditor's name (or of the report), so that signals stay small and comparable.
    pub auditor: [u8; 32],
    /// Unix seconds of the report.
    pub date: i64,
    pub critical_open: u8,
    pub critical_fixed: u8,
    pub high_open: u8,
    pub high_fixed: u8,
    pub medium_open: u8,
    pub medium_fixed: u8,
}

/// A past exploit or failure of the product.
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Incident {
    /// Unix seconds of the incident.
    pub date: i64,
    /// What was lost, in base-asset units.
    pub loss: u64,
    pub class: RiskClass,
}

/// Who can upgrade the product's contracts.
#[derive(
    AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, Default, PartialEq, Eq,
)]
pub enum UpgradeAuthority {
    /// Immutable: nobody.
    #[default]
    None,
    /// A single key.
    Key,
    Multisig,
    /// A timelock (see `Permissions::timelock_delay`).
    Timelock,
    /// A token vote.
    Dao,
}

/// What the product's admin keys can do.
#[derive(
    AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, Default, PartialEq, Eq,
)]
pub struct Permissions {
    pub upgradeable: bool,
    pub upgrade_authority: UpgradeAuthority,
    /// Seconds between an upgrade's announcement and its execution; 0 without a timelock.
    pub timelock_delay: u32,
    pub can_pause: bool,
    pub can_mint: bool,
    pub can_move_funds: bool,
}

/// What the protocol promises its users about those keys.
#[derive(
    AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, Default, PartialEq, Eq,
)]
pub struct Intent {
    pub promises_immutable: bool,
    pub promises_no_mint: bool,
    pub promises_no_fund_access: bool,
    /// The smallest upgrade delay promised, in seconds; 0 for no promise.
    pub promised_timelock: u32,
}
