//! Stake positions: deposit, extend, withdraw, transfer.
use super::build;
use crate::pda;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::system_program;

pub fn stake_deposit(owner: &Pubkey, pool_id: u32, tranche: u32, amount: u64) -> Instruction {
    let pool = pda::pool(pool_id).0;
    build(
        mutual::accounts::StakeDeposit {
            owner: *owner,
            member: pda::member(owner).0,
            config: pda::config().0,
            pool,
            vault: pda::pool_vault(&pool).0,
            stake_account: pda::stake_account(owner),
            stake_mint: pda::stake_mint().0,
            checkpoint: pda::pool_tranche(&pool, tranche).0,
            position: pda::stake_position(&pool, tranche, owner).0,
            token_program: anchor_spl::token_2022::ID,
            system_program: system_program::ID,
        },
        mutual::instruction::StakeDeposit { tranche, amount },
    )
}

pub fn stake_extend(owner: &Pubkey, pool_id: u32, tranche: u32, new_tranche: u32) -> Instruction {
    let pool = pda::pool(pool_id).0;
    build(
        mutual::accounts::StakeExtend {
            owner: *owner,
            member: pda::member(owner).0,
            config: pda::config().0,
            pool,
            position: pda::stake_position(&pool, tranche, owner).0,
            new_checkpoint: pda::pool_tranche(&pool, new_tranche).0,
            new_position: pda::stake_position(&pool, new_tranche, owner).0,
            system_program: system_program::ID,
        },
        mutual::instruction::StakeExtend { new_tranche },
    )
}

pub fn stake_withdraw(
    owner: &Pubkey,
    pool_id: u32,
    tranche: u32,
    stake: bool,
    rewards: bool,
) -> Instruction {
    let pool = pda::pool(pool_id).0;
    build(
        mutual::accounts::StakeWithdraw {
            owner: *owner,
            member: pda::member(owner).0,
            config: pda::config().0,
            pool,
            vault: pda::pool_vault(&pool).0,
            stake_account: pda::stake_account(owner),
            stake_mint: pda::stake_mint().0,
            checkpoint: pda::pool_tranche(&pool, tranche).0,
            position: pda::stake_position(&pool, tranche, owner).0,
            token_program: anchor_spl::token_2022::ID,
        },
        mutual::instruction::StakeWithdraw { stake, rewards },
    )
}

pub fn stake_position_transfer(
    owner: &Pubkey,
    pool_id: u32,
    tranche: u32,
    new_owner: &Pubkey,
) -> Instruction {
    let pool = pda::pool(pool_id).0;
    build(
        mutual::accounts::StakePositionTransfer {
            owner: *owner,
            member: pda::member(owner).0,
            new_owner_member: pda::member(new_owner).0,
            pool,
            checkpoint: pda::pool_tranche(&pool, tranche).0,
            position: pda::stake_position(&pool, tranche, owner).0,
            new_position: pda::stake_position(&pool, tranche, new_owner).0,
            system_program: system_program::ID,
        },
        mutual::instruction::StakePositionTransfer {},
    )
}
