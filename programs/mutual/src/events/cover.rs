//! The events of cover.
use super::PoolPlacement;
use anchor_lang::prelude::*;

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverBuyEvent {
    pub cover: Pubkey,
    pub product_id: u32,
    pub seq: u64,
    pub owner: Pubkey,
    pub buyer: Pubkey,
    /// The cover asset's mint.
    pub asset: Pubkey,
    pub amount: u64,
    pub start: i64,
    pub period: u32,
    pub premium: u64,
    pub commission: u64,
    /// Per pool given, in order (a pool that took nothing shows 0 units).
    pub placement: Vec<PoolPlacement>,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverEditEvent {
    pub cover: Pubkey,
    pub old_amount: u64,
    pub old_end: i64,
    pub amount: u64,
    pub start: i64,
    pub period: u32,
    pub premium: u64,
    /// The old segment's unused premium, credited against `premium`.
    pub credit: u64,
    /// What the owner paid: premium − credit, never below 0.
    pub paid: u64,
    pub placement: Vec<PoolPlacement>,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverRenewEvent {
    pub cover: Pubkey,
    /// The owner, or the cranker of an auto-renewal.
    pub by: Pubkey,
    pub automatic: bool,
    pub amount: u64,
    pub start: i64,
    pub period: u32,
    pub premium: u64,
    pub placement: Vec<PoolPlacement>,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverAutoRenewEvent {
    pub cover: Pubkey,
    pub owner: Pubkey,
    /// The renewal cap; 0 = auto-renewal off.
    pub max_premium: u64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverTransferEvent {
    pub cover: Pubkey,
    pub from: Pubkey,
    pub to: Pubkey,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverExpireEvent {
    pub cover: Pubkey,
    pub owner: Pubkey,
    pub amount: u64,
    /// Allocations and active cover were released by this call.
    pub released: bool,
    /// The account was closed and its rent refunded to the buyer.
    pub closed: bool,
}
