use crate::constants::{ASSET_SEED, CONFIG_SEED};
use crate::errors::MutualError;
use crate::events::AssetUpdateEvent;
use crate::state::{Asset, Config};
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct AssetUpdateArgs {
    pub is_cover_asset: bool,
    pub is_abandoned: bool,
    pub pyth_feed_id: Option<[u8; 32]>,
}

/// Changes whether an asset takes new cover, abandons it, or moves it to another price feed.
#[derive(Accounts)]
pub struct AssetUpdate<'info> {
    pub authority: Signer<'info>,
    #[account(
        seeds = [CONFIG_SEED],
        bump = config.bump,
        has_one = authority @ MutualError::NotAuthority,
    )]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, dup, seeds = [ASSET_SEED, asset.mint.as_ref()], bump = asset.bump)]
    pub asset: Box<Account<'info, Asset>>,
}

impl AssetUpdate<'_> {
    pub fn asset_update(ctx: Context<Self>, args: AssetUpdateArgs) -> Result<()> {
        let asset = &mut ctx.accounts.asset;
        asset.update(args.is_cover_asset, args.is_abandoned, args.pyth_feed_id)?;
        asset.invariant()?;
        crate::emit_event!(AssetUpdateEvent {
            mint: asset.mint,
            is_cover_asset: asset.is_cover_asset,
            is_abandoned: asset.is_abandoned,
            pyth_feed_id: asset.pyth_feed_id,
        });
        Ok(())
    }
}
