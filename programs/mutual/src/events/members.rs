//! The events of membership.
use anchor_lang::prelude::*;

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
