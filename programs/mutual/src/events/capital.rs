//! The events of the capital snapshot and the treasury.
use anchor_lang::prelude::*;

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapitalSnapshotRefreshEvent {
    pub capital: u64,
    pub non_base_capital: u64,
    pub active_cover: u64,
    pub pending_payouts: u64,
    pub mcr: u64,
    pub book_value: u64,
    pub stake_supply: u64,
    /// Assets valued (every registered one).
    pub assets: u8,
    pub now: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreasurySweepEvent {
    /// Lamports moved into the wrapped-SOL vault.
    pub lamports: u64,
    /// Their value in base-asset units at μ − σ.
    pub value: u64,
    pub capital: u64,
    pub book_value: u64,
}
