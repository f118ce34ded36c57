//! The stake token's trades at book value, with the accounts of every asset they are priced from.
use super::build;
use crate::pda;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::AccountMeta;
use anchor_lang::solana_program::instruction::Instruction;
use mutual::instructions::{TokenBuyArgs, TokenSellArgs};

/// The base asset a stake-token trade settles in: its mint, token program, and the wallet's account of it; and
/// the other registered assets, which the trade values as they stand (decisions 64 and 69).
#[derive(Clone, Debug)]
pub struct BaseAccounts {
    pub mint: Pubkey,
    pub token_program: Pubkey,
    pub wallet_account: Pubkey,
    /// Every other registered asset, in index order (`capital::PoolState::traded_assets`).
    pub others: Vec<TradedAsset>,
}

/// A non-base asset a trade values: its mint and its feed's push-oracle account (`Asset::price_account`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TradedAsset {
    pub mint: Pubkey,
    pub price_account: Pubkey,
}

/// Each of `others` as `[Asset, vault, price]`, read-only: how a trade takes the other assets.
fn traded_asset_accounts(others: &[TradedAsset]) -> Vec<AccountMeta> {
    others
        .iter()
        .flat_map(|other| {
            [
                AccountMeta::new_readonly(pda::asset(&other.mint).0, false),
                AccountMeta::new_readonly(pda::asset_vault(&other.mint).0, false),
                AccountMeta::new_readonly(other.price_account, false),
            ]
        })
        .collect()
}

fn token_trade(wallet: &Pubkey, base: &BaseAccounts) -> mutual::accounts::TokenTrade {
    mutual::accounts::TokenTrade {
        wallet: *wallet,
        member: pda::member(wallet).0,
        config: pda::config().0,
        capital_snapshot: pda::capital_snapshot().0,
        base_asset: pda::asset(&base.mint).0,
        base_mint: base.mint,
        base_vault: pda::asset_vault(&base.mint).0,
        wallet_base_account: base.wallet_account,
        stake_mint: pda::stake_mint().0,
        wallet_stake_account: pda::stake_account(wallet),
        base_token_program: base.token_program,
        stake_token_program: anchor_spl::token_2022::ID,
    }
}

pub fn token_buy(
    wallet: &Pubkey,
    base: &BaseAccounts,
    base_in: u64,
    min_stake_out: u64,
) -> Instruction {
    let mut ix = build(
        token_trade(wallet, base),
        mutual::instruction::TokenBuy {
            args: TokenBuyArgs {
                base_in,
                min_stake_out,
            },
        },
    );
    ix.accounts.extend(traded_asset_accounts(&base.others));
    ix
}

pub fn token_sell(
    wallet: &Pubkey,
    base: &BaseAccounts,
    stake_in: u64,
    min_base_out: u64,
) -> Instruction {
    let mut ix = build(
        token_trade(wallet, base),
        mutual::instruction::TokenSell {
            args: TokenSellArgs {
                stake_in,
                min_base_out,
            },
        },
    );
    ix.accounts.extend(traded_asset_accounts(&base.others));
    ix
}
