use crate::constants::ACCOUNT_VERSION;
use crate::errors::MutualError;
use anchor_lang::prelude::*;

/// An SPL mint the capital pool holds and covers may be bought in, `["asset", mint]` (PROTOCOL.md §1).
#[account]
#[derive(InitSpace, Debug)]
pub struct Asset {
    pub version: u8,
    pub bump: u8,
    pub vault_bump: u8,
    /// Registration order; 0 is the base asset.
    pub index: u8,
    pub mint: Pubkey,
    pub decimals: u8,
    /// SPL Token or Token-2022: the program that owns the mint and the vault.
    pub token_program: Pubkey,
    /// Capital-pool vault `["asset_vault", mint]`, a token account whose authority is the config PDA.
    pub vault: Pubkey,
    /// Pyth feed id; all zero for the base asset, which is valued 1:1.
    pub pyth_feed_id: [u8; 32],
    pub is_cover_asset: bool,
    /// An abandoned asset takes no new cover; its vault is still counted as capital.
    pub is_abandoned: bool,
    /// Sum of active cover amounts in this asset.
    pub active_cover_amount: u64,
    /// Mirror of the vault balance as of this program's last write.
    pub capital_balance: u64,
    pub _reserved: [u8; 64],
}

impl Asset {
    pub const SIZE: usize = 8 + Asset::INIT_SPACE;

    pub fn is_base(&self) -> bool {
        self.index == 0
    }

    #[allow(clippy::too_many_arguments)]
    pub fn init(
        &mut self,
        bump: u8,
        vault_bump: u8,
        index: u8,
        mint: Pubkey,
        decimals: u8,
        token_program: Pubkey,
        vault: Pubkey,
        pyth_feed_id: Option<[u8; 32]>,
        is_cover_asset: bool,
    ) -> Result<()> {
        self.version = ACCOUNT_VERSION;
        self.bump = bump;
        self.vault_bump = vault_bump;
        self.index = index;
        self.mint = mint;
        self.decimals = decimals;
        self.token_program = token_program;
        self.vault = vault;
        self.active_cover_amount = 0;
        self.capital_balance = 0;
        self.update(is_cover_asset, false, pyth_feed_id)
    }

    /// Mirrors the vault's balance after a movement in or out of it, so that the capital of every asset can be
    /// read from the `Asset` accounts alone.
    pub fn record_capital_balance(&mut self, vault_balance: u64) {
        self.capital_balance = vault_balance;
    }

    /// Sets the flags and feed. The base asset is valued 1:1 and anchors every value, so it takes no feed and
    /// can't be abandoned; every other asset needs a feed to be valued at all.
    pub fn update(
        &mut self,
        is_cover_asset: bool,
        is_abandoned: bool,
        pyth_feed_id: Option<[u8; 32]>,
    ) -> Result<()> {
        if self.is_base() {
            require!(pyth_feed_id.is_none(), MutualError::BaseAssetHasNoFeed);
            require!(!is_abandoned, MutualError::CannotAbandonBaseAsset);
        } else {
            require!(
                pyth_feed_id.is_some_and(|id| id != [0; 32]),
                MutualError::MissingPriceFeed
            );
        }
        self.pyth_feed_id = pyth_feed_id.unwrap_or_default();
        self.is_cover_asset = is_cover_asset;
        self.is_abandoned = is_abandoned;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
