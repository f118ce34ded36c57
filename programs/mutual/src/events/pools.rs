//! The events of pools and their listings.
use crate::math::Bps;
use crate::state::ProductListing;
use anchor_lang::prelude::*;

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolCreateEvent {
    pub id: u32,
    pub pool: Pubkey,
    pub vault: Pubkey,
    pub creator: Pubkey,
    pub manager: Pubkey,
    pub is_private: bool,
    pub pool_fee: Bps,
    pub max_pool_fee: Bps,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolSetProductsEvent {
    pub pool_id: u32,
    pub listings: Vec<ProductListing>,
    pub total_weight: u16,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolSetManagerEvent {
    pub pool_id: u32,
    pub previous_manager: Pubkey,
    pub manager: Pubkey,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolSetFeeEvent {
    pub pool_id: u32,
    pub pool_fee: Bps,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolProcessEvent {
    pub pool_id: u32,
    /// Bucket ends and tranche expiries crossed by this call.
    pub steps: u32,
    /// Whether the pool is processed up to now.
    pub caught_up: bool,
    pub first_active_tranche: u32,
    pub next_bucket: u32,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolFeeWithdrawEvent {
    pub pool_id: u32,
    pub manager: Pubkey,
    /// Stake token paid out of the pool vault.
    pub amount: u64,
}
