//! One `<Noun><Verb>Event` per state change. Natively `emit!` is invisible, so `emit_event!` (lib.rs) also writes
//! the event to the log as `EVENT <base64>`, where the SDK's event parser reads it.
use crate::state::Params;
use anchor_lang::prelude::*;

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigInitEvent {
    pub authority: Pubkey,
    pub guardian: Pubkey,
    pub stake_mint: Pubkey,
    pub params: Params,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigUpdateParamsEvent {
    pub authority: Pubkey,
    pub params: Params,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorityProposeEvent {
    pub authority: Pubkey,
    pub pending_authority: Pubkey,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorityAcceptEvent {
    pub previous_authority: Pubkey,
    pub authority: Pubkey,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardianSetEvent {
    pub authority: Pubkey,
    pub guardian: Pubkey,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolPauseEvent {
    pub by: Pubkey,
    pub areas: u8,
    pub paused: u8,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolUnpauseEvent {
    pub by: Pubkey,
    pub areas: u8,
    pub paused: u8,
}

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

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberJoinEvent {
    pub wallet: Pubkey,
    pub join_fee: u64,
    pub joined_at: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberLeaveEvent {
    pub wallet: Pubkey,
    /// Stake units burnt on the way out (dust others sent).
    pub burnt: u64,
    pub left_at: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberThawEvent {
    pub wallet: Pubkey,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberSetBrokerEvent {
    pub wallet: Pubkey,
    pub is_broker: bool,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenBuyEvent {
    pub wallet: Pubkey,
    pub base_in: u64,
    pub stake_out: u64,
    pub capital: u64,
    pub stake_supply: u64,
    pub book_value: u64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSellEvent {
    pub wallet: Pubkey,
    pub stake_in: u64,
    pub base_out: u64,
    pub capital: u64,
    pub stake_supply: u64,
    pub book_value: u64,
}
