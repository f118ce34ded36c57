//! Assessor stake: staking, unstaking, and the authority's fraud flag.
use super::build;
use crate::pda;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::system_program;

/// `assessor_stake`: the wallet moves `amount` of stake token into the assessment vault.
pub fn assessor_stake(wallet: &Pubkey, amount: u64) -> Instruction {
    build(
        mutual::accounts::AssessorStakeDeposit {
            wallet: *wallet,
            member: pda::member(wallet).0,
            config: pda::config().0,
            assessor: pda::assessor_stake(wallet).0,
            assessment_vault: pda::assessment_vault().0,
            stake_account: pda::stake_account(wallet),
            stake_mint: pda::stake_mint().0,
            token_program: anchor_spl::token_2022::ID,
            system_program: system_program::ID,
        },
        mutual::instruction::AssessorStake { amount },
    )
}

/// `assessor_unstake`: the wallet takes `amount` of its assessor stake back, once its lock has passed.
pub fn assessor_unstake(wallet: &Pubkey, amount: u64) -> Instruction {
    build(
        mutual::accounts::AssessorUnstake {
            wallet: *wallet,
            member: pda::member(wallet).0,
            config: pda::config().0,
            assessor: pda::assessor_stake(wallet).0,
            assessment_vault: pda::assessment_vault().0,
            stake_account: pda::stake_account(wallet),
            stake_mint: pda::stake_mint().0,
            token_program: anchor_spl::token_2022::ID,
        },
        mutual::instruction::AssessorUnstake { amount },
    )
}

/// `assessor_flag_fraud`: the authority burns the assessor `wallet`'s stake and bans it. `member` is false once
/// the assessor has left the mutual (possible only without stake).
pub fn assessor_flag_fraud(authority: &Pubkey, wallet: &Pubkey, member: bool) -> Instruction {
    build(
        mutual::accounts::AssessorFlagFraud {
            authority: *authority,
            config: pda::config().0,
            assessor: pda::assessor_stake(wallet).0,
            member: member.then(|| pda::member(wallet).0),
            assessment_vault: pda::assessment_vault().0,
            stake_mint: pda::stake_mint().0,
            token_program: anchor_spl::token_2022::ID,
        },
        mutual::instruction::AssessorFlagFraud {},
    )
}
