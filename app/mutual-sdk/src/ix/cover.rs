//! Cover: buy, edit, renew, auto-renew, transfer, expire, and the status view, with the pools' accounts they take.
use super::build;
use crate::pda;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::AccountMeta;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::system_program;
use mutual::instructions::{CoverBuyArgs, CoverEditArgs};

/// A cover asset: its mint and the token program that owns it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoverAsset {
    pub mint: Pubkey,
    pub token_program: Pubkey,
}

/// The [Pool, PoolProduct, pool vault] triples of `pools` for `product`, all writable, in order.
fn pool_legs(product: &Pubkey, pools: &[u32]) -> Vec<AccountMeta> {
    pools
        .iter()
        .flat_map(|id| {
            let pool = pda::pool(*id).0;
            [
                AccountMeta::new(pool, false),
                AccountMeta::new(pda::pool_product(&pool, product).0, false),
                AccountMeta::new(pda::pool_vault(&pool).0, false),
            ]
        })
        .collect()
}

/// The listings (`PoolProduct`, writable) of `pools` for `product`.
fn pool_listings(product: &Pubkey, pools: &[u32]) -> Vec<AccountMeta> {
    pools
        .iter()
        .map(|id| AccountMeta::new(pda::pool_product(&pda::pool(*id).0, product).0, false))
        .collect()
}

/// `cover_buy`: the cover takes sequence number `next_seq`, the product's current `next_cover_seq`. `pools` are
/// filled in order; `commission_to` (a token account of the asset) is needed only with a commission.
#[allow(clippy::too_many_arguments)]
pub fn cover_buy(
    buyer: &Pubkey,
    product_id: u32,
    next_seq: u64,
    asset: &CoverAsset,
    payer_token: &Pubkey,
    commission_to: Option<Pubkey>,
    pools: &[u32],
    args: CoverBuyArgs,
) -> Instruction {
    let product = pda::product(product_id).0;
    let mut ix = build(
        mutual::accounts::CoverBuy {
            buyer: *buyer,
            member: pda::member(buyer).0,
            config: pda::config().0,
            capital_snapshot: pda::capital_snapshot().0,
            product,
            asset: pda::asset(&asset.mint).0,
            asset_mint: asset.mint,
            asset_vault: pda::asset_vault(&asset.mint).0,
            payer_token: *payer_token,
            commission_to,
            cover: pda::cover(&product, next_seq).0,
            stake_mint: pda::stake_mint().0,
            asset_token_program: asset.token_program,
            stake_token_program: anchor_spl::token_2022::ID,
            system_program: system_program::ID,
        },
        mutual::instruction::CoverBuy { args },
    );
    ix.accounts.extend(pool_legs(&product, pools));
    ix
}

/// The accounts every new segment of an existing cover takes (edit, renew, auto-renew).
fn cover_change(
    signer: &Pubkey,
    product_id: u32,
    seq: u64,
    asset: &CoverAsset,
    payer_token: &Pubkey,
) -> mutual::accounts::CoverChange {
    let product = pda::product(product_id).0;
    mutual::accounts::CoverChange {
        signer: *signer,
        config: pda::config().0,
        capital_snapshot: pda::capital_snapshot().0,
        product,
        cover: pda::cover(&product, seq).0,
        asset: pda::asset(&asset.mint).0,
        asset_mint: asset.mint,
        asset_vault: pda::asset_vault(&asset.mint).0,
        payer_token: *payer_token,
        stake_mint: pda::stake_mint().0,
        asset_token_program: asset.token_program,
        stake_token_program: anchor_spl::token_2022::ID,
        system_program: system_program::ID,
    }
}

/// `cover_edit`: a new segment from now over `pools`; `old_pools` are the cover's current pools (their
/// listings are passed too, once, when not among `pools`).
#[allow(clippy::too_many_arguments)]
pub fn cover_edit(
    owner: &Pubkey,
    product_id: u32,
    seq: u64,
    asset: &CoverAsset,
    payer_token: &Pubkey,
    pools: &[u32],
    old_pools: &[u32],
    amount: u64,
    period: u32,
    max_premium: u64,
) -> Instruction {
    let product = pda::product(product_id).0;
    let mut ix = build(
        cover_change(owner, product_id, seq, asset, payer_token),
        mutual::instruction::CoverEdit {
            args: CoverEditArgs {
                amount,
                period,
                max_premium,
                // At most 4 pools: the cast is exact for any valid edit.
                pool_count: pools.len() as u8,
            },
        },
    );
    ix.accounts.extend(pool_legs(&product, pools));
    let released: Vec<u32> = old_pools
        .iter()
        .copied()
        .filter(|id| !pools.contains(id))
        .collect();
    ix.accounts.extend(pool_listings(&product, &released));
    ix
}

/// `cover_renew`: the owner renews from the old end over `pools`.
pub fn cover_renew(
    owner: &Pubkey,
    product_id: u32,
    seq: u64,
    asset: &CoverAsset,
    payer_token: &Pubkey,
    pools: &[u32],
    max_premium: u64,
) -> Instruction {
    let product = pda::product(product_id).0;
    let mut ix = build(
        cover_change(owner, product_id, seq, asset, payer_token),
        mutual::instruction::CoverRenew { max_premium },
    );
    ix.accounts.extend(pool_legs(&product, pools));
    ix
}

/// `cover_auto_renew`: anyone cranks the renewal over the cover's own `pools`, paid from the owner's
/// `payer_token`, which approved the config PDA.
pub fn cover_auto_renew(
    cranker: &Pubkey,
    product_id: u32,
    seq: u64,
    asset: &CoverAsset,
    payer_token: &Pubkey,
    pools: &[u32],
) -> Instruction {
    let product = pda::product(product_id).0;
    let mut ix = build(
        cover_change(cranker, product_id, seq, asset, payer_token),
        mutual::instruction::CoverAutoRenew {},
    );
    ix.accounts.extend(pool_legs(&product, pools));
    ix
}

fn cover_owned(owner: &Pubkey, cover: &Pubkey) -> mutual::accounts::CoverOwned {
    mutual::accounts::CoverOwned {
        owner: *owner,
        cover: *cover,
    }
}

/// `cover_auto_renew_set`: allows auto-renewal up to `max_premium`. Pair it with an SPL `approve` of the config
/// PDA on the paying account ([`crate::spl::approve`]).
pub fn cover_auto_renew_set(owner: &Pubkey, cover: &Pubkey, max_premium: u64) -> Instruction {
    build(
        cover_owned(owner, cover),
        mutual::instruction::CoverAutoRenewSet { max_premium },
    )
}

pub fn cover_auto_renew_cancel(owner: &Pubkey, cover: &Pubkey) -> Instruction {
    build(
        cover_owned(owner, cover),
        mutual::instruction::CoverAutoRenewCancel {},
    )
}

pub fn cover_transfer(owner: &Pubkey, cover: &Pubkey, new_owner: &Pubkey) -> Instruction {
    build(
        cover_owned(owner, cover),
        mutual::instruction::CoverTransfer {
            new_owner: *new_owner,
        },
    )
}

/// `cover_expire`: permissionless. `pools` are the cover's pools while its allocations are booked (state
/// `Active`); none once it is `Expired`.
pub fn cover_expire(
    cover: &Pubkey,
    product_id: u32,
    asset_mint: &Pubkey,
    buyer: &Pubkey,
    pools: &[u32],
) -> Instruction {
    let product = pda::product(product_id).0;
    let mut ix = build(
        mutual::accounts::CoverExpire {
            config: pda::config().0,
            cover: *cover,
            asset: pda::asset(asset_mint).0,
            buyer: *buyer,
        },
        mutual::instruction::CoverExpire {},
    );
    ix.accounts.extend(pool_listings(&product, pools));
    ix
}

/// `cover_status`: read-only; the `CoverStatus` comes back as return data.
pub fn cover_status(cover: &Pubkey) -> Instruction {
    build(
        mutual::accounts::CoverStatusView { cover: *cover },
        mutual::instruction::CoverStatus {},
    )
}
