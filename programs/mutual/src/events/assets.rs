//! The events of registered assets.
use anchor_lang::prelude::*;

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetRegisterEvent {
    pub mint: Pubkey,
    pub vault: Pubkey,
    pub index: u8,
    pub is_base: bool,
    pub is_cover_asset: bool,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetUpdateEvent {
    pub mint: Pubkey,
    pub is_cover_asset: bool,
    pub is_abandoned: bool,
    pub pyth_feed_id: [u8; 32],
}
