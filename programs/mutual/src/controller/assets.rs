use crate::errors::MutualError;
use crate::math::prices::AssetPrice;
use crate::state::{Asset, Params};
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

/// A non-base asset as a trade values it: registered, what its vault holds now, and the newer price its push
/// feed shows, if any (`Asset::posted_price`).
pub struct TradedAsset<'info> {
    pub asset: Account<'info, Asset>,
    pub balance: u64,
    pub posted: Option<AssetPrice>,
}

/// The non-base assets (indices 1 ..`asset_count`) from `remaining`, as `[Asset, vault, price]` triples in index
/// order: every one of them, and nothing else (`InvalidAssetAccounts`); each price account its asset's push feed
/// (`WrongPriceAccount`), read at `clock` against a base asset of `base_decimals`.
pub fn load_traded_assets<'info>(
    remaining: &'info [AccountInfo<'info>],
    asset_count: u8,
    params: &Params,
    clock: &Clock,
    base_decimals: u8,
) -> Result<Vec<TradedAsset<'info>>> {
    let count = usize::from(asset_count.saturating_sub(1));
    require!(
        remaining.len() == 3 * count,
        MutualError::InvalidAssetAccounts
    );
    remaining
        .chunks(3)
        .zip(1..asset_count)
        .map(|(accounts, index)| {
            let (asset, balance) = load_asset(&accounts[0], &accounts[1], index)?;
            let price = &accounts[2];
            let posted = asset.posted_price(
                price.key,
                price.owner,
                &price.try_borrow_data()?,
                params,
                clock,
                base_decimals,
            )?;
            Ok(TradedAsset {
                asset,
                balance,
                posted,
            })
        })
        .collect()
}
