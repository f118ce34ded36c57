//! The events of the authority's config changes.
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
pub struct ParamsProposeEvent {
    pub authority: Pubkey,
    pub params: Params,
    /// When `params_execute` may apply it.
    pub eta: i64,
    /// Whether it replaced a pending set.
    pub replaced: bool,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamsExecuteEvent {
    pub params: Params,
    pub now: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamsCancelEvent {
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
