//! Membership: joining, leaving, thawing the stake-token account, brokers.
use super::build;
use crate::pda;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::system_program;

pub fn member_join(wallet: &Pubkey) -> Instruction {
    build(
        mutual::accounts::MemberJoin {
            wallet: *wallet,
            config: pda::config().0,
            member: pda::member(wallet).0,
            stake_mint: pda::stake_mint().0,
            stake_account: pda::stake_account(wallet),
            treasury: pda::treasury().0,
            token_program: anchor_spl::token_2022::ID,
            associated_token_program: anchor_spl::associated_token::ID,
            system_program: system_program::ID,
        },
        mutual::instruction::MemberJoin {},
    )
}

/// `member_leave`: burns up to `max_burn` stake units left in the wallet's account (dust sent by others).
pub fn member_leave(wallet: &Pubkey, max_burn: u64) -> Instruction {
    build(
        mutual::accounts::MemberLeave {
            wallet: *wallet,
            config: pda::config().0,
            member: pda::member(wallet).0,
            stake_mint: pda::stake_mint().0,
            stake_account: pda::stake_account(wallet),
            token_program: anchor_spl::token_2022::ID,
        },
        mutual::instruction::MemberLeave { max_burn },
    )
}

pub fn member_thaw(wallet: &Pubkey) -> Instruction {
    build(
        mutual::accounts::MemberThaw {
            wallet: *wallet,
            config: pda::config().0,
            member: pda::member(wallet).0,
            stake_mint: pda::stake_mint().0,
            stake_account: pda::stake_account(wallet),
            token_program: anchor_spl::token_2022::ID,
        },
        mutual::instruction::MemberThaw {},
    )
}

pub fn member_set_broker(authority: &Pubkey, wallet: &Pubkey, is_broker: bool) -> Instruction {
    build(
        mutual::accounts::MemberSetBroker {
            authority: *authority,
            config: pda::config().0,
            member: pda::member(wallet).0,
        },
        mutual::instruction::MemberSetBroker { is_broker },
    )
}
