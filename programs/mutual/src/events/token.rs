//! The events of the stake token's trades.
use anchor_lang::prelude::*;

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
