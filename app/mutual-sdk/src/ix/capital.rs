//! The capital pool: the snapshot's refresh from every asset's price, and the treasury's sweep into capital.
use super::build;
use crate::pda;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::AccountMeta;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::system_program;

/// One registered asset as `capital_snapshot_refresh` takes it: its mint, and for a non-base asset the
/// `PriceUpdateV2` of its feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefreshAsset {
    pub mint: Pubkey,
    pub price_update: Option<Pubkey>,
}

/// `capital_snapshot_refresh` over every registered asset, in index order (the base asset first).
pub fn capital_snapshot_refresh(assets: &[RefreshAsset]) -> Instruction {
    let mut ix = build(
        mutual::accounts::CapitalSnapshotRefresh {
            config: pda::config().0,
            capital_snapshot: pda::capital_snapshot().0,
            stake_mint: pda::stake_mint().0,
        },
        mutual::instruction::CapitalSnapshotRefresh {},
    );
    for asset in assets {
        ix.accounts
            .push(AccountMeta::new(pda::asset(&asset.mint).0, false));
        ix.accounts.push(AccountMeta::new_readonly(
            pda::asset_vault(&asset.mint).0,
            false,
        ));
        if let Some(price) = asset.price_update {
            ix.accounts.push(AccountMeta::new_readonly(price, false));
        }
    }
    ix
}

/// `treasury_sweep`: the treasury's lamports into the wrapped-SOL vault; `base_mint` is the base asset's.
pub fn treasury_sweep(base_mint: &Pubkey) -> Instruction {
    let wsol = anchor_spl::token::spl_token::native_mint::ID;
    build(
        mutual::accounts::TreasurySweep {
            config: pda::config().0,
            treasury: pda::treasury().0,
            capital_snapshot: pda::capital_snapshot().0,
            wsol_asset: pda::asset(&wsol).0,
            wsol_vault: pda::asset_vault(&wsol).0,
            base_asset: pda::asset(base_mint).0,
            base_vault: pda::asset_vault(base_mint).0,
            stake_mint: pda::stake_mint().0,
            token_program: anchor_spl::token::ID,
            system_program: system_program::ID,
        },
        mutual::instruction::TreasurySweep {},
    )
}
