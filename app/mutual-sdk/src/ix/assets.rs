//! The assets of the capital pool: registering a mint, changing one.
use super::build;
use crate::pda;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::system_program;
use mutual::instructions::{AssetRegisterArgs, AssetUpdateArgs};

pub fn asset_register(
    authority: &Pubkey,
    mint: &Pubkey,
    token_program: &Pubkey,
    pyth_feed_id: Option<[u8; 32]>,
    is_cover_asset: bool,
) -> Instruction {
    build(
        mutual::accounts::AssetRegister {
            authority: *authority,
            config: pda::config().0,
            mint: *mint,
            asset: pda::asset(mint).0,
            vault: pda::asset_vault(mint).0,
            token_program: *token_program,
            system_program: system_program::ID,
        },
        mutual::instruction::AssetRegister {
            args: AssetRegisterArgs {
                pyth_feed_id,
                is_cover_asset,
            },
        },
    )
}

pub fn asset_update(authority: &Pubkey, mint: &Pubkey, args: AssetUpdateArgs) -> Instruction {
    build(
        mutual::accounts::AssetUpdate {
            authority: *authority,
            config: pda::config().0,
            asset: pda::asset(mint).0,
        },
        mutual::instruction::AssetUpdate { args },
    )
}
