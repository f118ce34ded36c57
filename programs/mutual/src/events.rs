//! One `<Noun><Verb>Event` per state change, and `emit_event!`. Natively `emit!` is invisible, so `emit_event!`
//! also writes the event to the log as `EVENT <base64>`, where the SDK's event parser reads it.
use crate::state::{Params, ProductTerms, Signals};
use anchor_lang::prelude::*;

/// Emits an Anchor event. On chain `emit!` writes it as `Program data:`; natively `emit!` is a no-op, so the event
/// also goes through the program-test log stub as `Program log: EVENT <base64>`, where tests and the SDK read it.
#[macro_export]
macro_rules! emit_event {
    ($event:expr) => {{
        let event = $event;
        #[cfg(not(target_os = "solana"))]
        solana_sysvar::program_stubs::sol_log(&format!(
            "EVENT {}",
            anchor_lang::__private::base64::Engine::encode(
                &anchor_lang::__private::base64::engine::general_purpose::STANDARD,
                anchor_lang::Event::data(&event)
            )
        ));
        anchor_lang::prelude::emit!(event);
    }};
}

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
