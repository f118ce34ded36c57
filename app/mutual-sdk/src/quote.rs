//! Quotes computed off chain with the program's own rules (`mutual::math::book_value::quote_buy` /
//! `quote_sell`), so a quote refuses exactly what the chain would refuse, with the same error, and agrees with the
//! on-chain result to the unit when nothing changes in between.
//!
//! Everything a trade is priced from is read in two batched round trips (`TradeContext::load`): over a public RPC
//! each read is a round trip, so a CLI command reads once and prices from what it holds. A trade values every
//! registered asset (decision 64), so the context holds them all, and the accounts it builds name them all.
use crate::capital::PoolState;
use crate::fetch::{decode, token_amount_of};
use crate::ix::BaseAccounts;
use crate::{pda, Result, SdkError, Transport};
use anchor_lang::prelude::Pubkey;
use mutual::math::book_value::{self, book_value, minimum_capital, quote_buy, quote_sell};
use mutual::state::{Asset, CapitalSnapshot, CapitalView, Config, Member, TradeSide};

/// The state a stake-token trade is priced from, as a sale sees it (capital net of the pending payouts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Market {
    pub capital: u64,
    pub stake_supply: u64,
    pub book_value: u64,
    pub mcr: u64,
    /// The most one sale can pay: the base vault less what it owes to accepted base-asset claims.
    pub base_liquidity: u64,
}

/// What a trade needs, read in two round trips (`capital::PoolState`): the config, the snapshot, the stake mint,
/// every registered asset with its vault, and the wallet's records.
#[derive(Clone, Debug)]
pub struct TradeContext {
    pub pool: PoolState,
    pub config: Config,
    pub snapshot: CapitalSnapshot,
    pub base: Asset,
    pub base_decimals: u8,
    pub vault_balance: u64,
    pub stake_supply: u64,
    /// The pool valued now as the trade will value it: which figures a buy and a sale use.
    pub view: CapitalView,
    /// The wallet's membership, when a wallet was given and is a member.
    pub member: Option<Member>,
    /// The wallet's stake-token balance (0 without an account).
    pub stake_balance: u64,
    pub market: Market,
    /// The chain's time, read with the rest.
    pub now: i64,
}

impl TradeContext {
    pub fn load(chain: &impl Transport, wallet: Option<&Pubkey>) -> Result<Self> {
        let extra: Vec<Pubkey> = wallet
            .map(|w| vec![pda::member(w).0, pda::stake_account(w)])
            .unwrap_or_default();
        let (pool, mut accounts) = PoolState::load_with(chain, &extra)?;
        let (member, stake_balance) = match wallet {
            None => (None, 0),
            Some(w) => {
                let stake_account = accounts.pop().flatten();
                let member = match accounts.pop().flatten() {
                    Some(account) => Some(decode::<Member>(&pda::member(w).0, Some(account))?),
                    None => None,
                };
                (
                    member,
                    token_amount_of(&pda::stake_account(w), stake_account)?,
                )
            }
        };
        let (base, vault_balance) = pool.base()?.clone();
        let view = pool.view()?;
        let p = pool.config.params;
        // As a sale counts it: the non-base assets at the posted price where that pays the seller less.
        let sale = pool.view_for(Some(TradeSide::Sell))?;
        let capital = sale
            .valued_capital()
            .map_err(SdkError::refused)?
            .saturating_sub(sale.pending_value);
        let market = Market {
            capital,
            stake_supply: pool.stake_supply,
            book_value: book_value(capital, pool.stake_supply, p.initial_book_value)
                .map_err(SdkError::refused)?,
            mcr: minimum_capital(
                sale.active_cover().map_err(SdkError::refused)?,
                p.mcr_ratio,
                p.min_mcr,
            )
            .map_err(SdkError::refused)?,
            base_liquidity: sale.sale_liquidity(),
        };
        Ok(TradeContext {
            config: pool.config.clone(),
            snapshot: pool.snapshot.clone(),
            base_decimals: base.decimals,
            base,
            vault_balance,
            stake_supply: pool.stake_supply,
            view,
            member,
            stake_balance,
            market,
            now: pool.now,
            pool,
        })
    }

    /// The accounts `wallet` trades with: the base asset, its own account of it, and every other asset.
    pub fn accounts(&self, wallet: &Pubkey) -> BaseAccounts {
        BaseAccounts {
            mint: self.base.mint,
            token_program: self.base.token_program,
            wallet_account: pda::associated_token(
                wallet,
                &self.base.mint,
                &self.base.token_program,
            ),
            others: self.pool.traded_assets(),
        }
    }

    /// What a trade of `side` is priced from now, by the program's own rule (`CapitalView::market`).
    fn market_for(&self, side: TradeSide) -> Result<book_value::Market> {
        self.pool.market(side)
    }

    /// Stake units `token_buy(base_in, min_stake_out)` would mint, or the error the program would refuse it with.
    pub fn buy(&self, base_in: u64, min_stake_out: u64) -> Result<u64> {
        let p = self.config.params;
        quote_buy(
            &self.market_for(TradeSide::Buy)?,
            base_in,
            min_stake_out,
            p.token_buffer,
            p.initial_book_value,
        )
        .map_err(SdkError::refused)
    }

    /// Base units `token_sell(stake_in, min_base_out)` would pay the loaded wallet (a wallet without a
    /// stake-token account holds nothing), or the error the program would refuse it with.
    pub fn sell(&self, stake_in: u64, min_base_out: u64) -> Result<u64> {
        quote_sell(
            &self.market_for(TradeSide::Sell)?,
            self.stake_balance,
            stake_in,
            min_base_out,
            self.config.params.token_buffer,
        )
        .map_err(SdkError::refused)
    }
}

pub fn market(chain: &impl Transport) -> Result<Market> {
    Ok(TradeContext::load(chain, None)?.market)
}

/// Stake units `token_buy(base_in, min_stake_out)` would mint, or the error the program would refuse it with.
pub fn token_buy(chain: &impl Transport, base_in: u64, min_stake_out: u64) -> Result<u64> {
    TradeContext::load(chain, None)?.buy(base_in, min_stake_out)
}

/// Base units `token_sell(stake_in, min_base_out)` by `wallet` would pay, or the error the program would refuse
/// it with. A wallet without a stake-token account holds nothing.
pub fn token_sell(
    chain: &impl Transport,
    wallet: &Pubkey,
    stake_in: u64,
    min_base_out: u64,
) -> Result<u64> {
    TradeContext::load(chain, Some(wallet))?.sell(stake_in, min_base_out)
}
