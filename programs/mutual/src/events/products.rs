//! The events of products, curators and risk signals.
use crate::state::{ProductTerms, Signals};
use anchor_lang::prelude::*;

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductCreateEvent {
    pub id: u32,
    pub product: Pubkey,
    pub terms: ProductTerms,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductUpdateEvent {
    pub id: u32,
    pub product: Pubkey,
    pub terms: ProductTerms,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CuratorAddEvent {
    pub wallet: Pubkey,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CuratorRemoveEvent {
    pub wallet: Pubkey,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskSignalsUpdateEvent {
    pub product_id: u32,
    /// The authority or the curator who wrote them.
    pub by: Pubkey,
    /// The risk score right after the update.
    pub score: u8,
    pub signals: Signals,
}
