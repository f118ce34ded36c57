use crate::errors::MutualError;
use crate::state::Asset;
use anchor_lang::prelude::*;
use anchor_spl::token_interface::TokenAccount;

/// A registered asset and what its vault holds now.
pub type LoadedAsset<'info> = (Account<'info, Asset>, u64);

/// Reads registered asset `index` from its `[Asset, vault]` accounts, as every instruction that values the
/// whole capital pool takes them: the `Asset` ours (owner and discriminator: only `asset_register` makes one, at
/// its mint's PDA) and in index order, the vault the asset's own, read as a token account of its token program.
/// Returns the asset and what its vault holds now.
pub fn load_asset<'info>(
    asset_info: &'info AccountInfo<'info>,
    vault_info: &'info AccountInfo<'info>,
    index: u8,
) -> Result<LoadedAsset<'info>> {
    let asset: Account<Asset> = Account::try_from(asset_info)?;
    require!(asset.index == index, MutualError::InvalidAssetAccounts);
    require_keys_eq!(
        vault_info.key(),
        asset.vault,
        MutualError::InvalidAssetAccounts
    );
    require_keys_eq!(
        *vault_info.owner,
        asset.token_program,
        MutualError::InvalidAssetAccounts
    );
    let vault: InterfaceAccount<TokenAccount> = InterfaceAccount::try_from(vault_info)?;
    Ok((asset, vault.amount))
}

/// The non-base assets (indices 1 ..`asset_count`) from `remaining`, as `[Asset, vault]` pairs in index order:
/// every one of them, and nothing else (`InvalidAssetAccounts`).
pub fn load_non_base_assets<'info>(
    remaining: &'info [AccountInfo<'info>],
    asset_count: u8,
) -> Result<Vec<LoadedAsset<'info>>> {
    let count = usize::from(asset_count.saturating_sub(1));
    require!(
        remaining.len() == 2 * count,
        MutualError::InvalidAssetAccounts
    );
    remaining
        .chunks(2)
        .zip(1..asset_count)
        .map(|(pair, index)| load_asset(&pair[0], &pair[1], index))
        .collect()
}
