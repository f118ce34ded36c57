//! The events of stake positions.
use anchor_lang::prelude::*;

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StakeDepositEvent {
    pub pool_id: u32,
    pub owner: Pubkey,
    pub tranche: u32,
    pub amount: u64,
    pub stake_shares: u128,
    pub reward_shares: u128,
    /// The pool's active stake after the deposit.
    pub active_stake: u64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StakeExtendEvent {
    pub pool_id: u32,
    pub owner: Pubkey,
    pub from_tranche: u32,
    pub to_tranche: u32,
    pub stake_shares: u128,
    /// Reward shares minted in the new tranche.
    pub reward_shares: u128,
    /// Settled rewards carried to the new position.
    pub rewards_moved: u64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StakeWithdrawEvent {
    pub pool_id: u32,
    pub owner: Pubkey,
    pub tranche: u32,
    pub stake: u64,
    pub rewards: u64,
    /// The position had nothing left and closed.
    pub closed: bool,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StakePositionTransferEvent {
    pub pool_id: u32,
    pub tranche: u32,
    pub from: Pubkey,
    pub to: Pubkey,
    pub stake_shares: u128,
    pub rewards: u64,
}
