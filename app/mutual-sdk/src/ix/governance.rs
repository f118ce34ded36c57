//! The authority's instructions: the config, parameters through their timelock, the authority's two-step
//! transfer, the guardian, pausing and resuming.
use super::build;
use crate::pda;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::system_program;
use mutual::instructions::ConfigInitArgs;
use mutual::state::Params;
use mutual::ID;

/// `config_init`: `authority` must be the program's upgrade authority.
pub fn config_init(authority: &Pubkey, guardian: &Pubkey, params: Params) -> Instruction {
    build(
        mutual::accounts::ConfigInit {
            authority: *authority,
            program_data: pda::program_data(&ID),
            config: pda::config().0,
            capital_snapshot: pda::capital_snapshot().0,
            stake_mint: pda::stake_mint().0,
            treasury: pda::treasury().0,
            token_program: anchor_spl::token_2022::ID,
            system_program: system_program::ID,
        },
        mutual::instruction::ConfigInit {
            args: ConfigInitArgs {
                guardian: *guardian,
                params,
            },
        },
    )
}

/// `params_propose`: queues `params` to apply after the current `params_delay`.
pub fn params_propose(authority: &Pubkey, params: Params) -> Instruction {
    build(
        mutual::accounts::Governed {
            authority: *authority,
            config: pda::config().0,
        },
        mutual::instruction::ParamsPropose { params },
    )
}

/// `params_execute`: permissionless, once the pending set's time has come.
pub fn params_execute() -> Instruction {
    build(
        mutual::accounts::ParamsExecute {
            config: pda::config().0,
        },
        mutual::instruction::ParamsExecute {},
    )
}

pub fn params_cancel(authority: &Pubkey) -> Instruction {
    build(
        mutual::accounts::Governed {
            authority: *authority,
            config: pda::config().0,
        },
        mutual::instruction::ParamsCancel {},
    )
}

pub fn authority_propose(authority: &Pubkey, new_authority: &Pubkey) -> Instruction {
    build(
        mutual::accounts::Governed {
            authority: *authority,
            config: pda::config().0,
        },
        mutual::instruction::AuthorityPropose {
            new_authority: *new_authority,
        },
    )
}

pub fn authority_accept(new_authority: &Pubkey) -> Instruction {
    build(
        mutual::accounts::AuthorityAccept {
            new_authority: *new_authority,
            config: pda::config().0,
        },
        mutual::instruction::AuthorityAccept {},
    )
}

pub fn guardian_set(authority: &Pubkey, guardian: &Pubkey) -> Instruction {
    build(
        mutual::accounts::Governed {
            authority: *authority,
            config: pda::config().0,
        },
        mutual::instruction::GuardianSet {
            guardian: *guardian,
        },
    )
}

/// `protocol_pause`: `signer` is the authority or the guardian; `areas` is a set of `pause_area` bits.
pub fn protocol_pause(signer: &Pubkey, areas: u8) -> Instruction {
    build(
        mutual::accounts::ProtocolPause {
            signer: *signer,
            config: pda::config().0,
        },
        mutual::instruction::ProtocolPause { areas },
    )
}

pub fn protocol_unpause(authority: &Pubkey, areas: u8) -> Instruction {
    build(
        mutual::accounts::Governed {
            authority: *authority,
            config: pda::config().0,
        },
        mutual::instruction::ProtocolUnpause { areas },
    )
}
