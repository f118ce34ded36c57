//! The events of assessors' stake.
use anchor_lang::prelude::*;

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessorStakeEvent {
    pub wallet: Pubkey,
    pub amount: u64,
    /// The assessor's stake after the deposit.
    pub stake: u64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessorUnstakeEvent {
    pub wallet: Pubkey,
    pub amount: u64,
    pub stake: u64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessorFlagFraudEvent {
    pub wallet: Pubkey,
    pub burnt: u64,
}
