//! Quotes computed off chain with the program's own rules (`mutual::math::book_value::quote_buy` /
//! `quote_sell`), so a quote refuses exactly what the chain would refuse, with the same error, and agrees with the
//! on-chain result to the unit when nothing changes in between.
//!
//! Everything a trade is priced from is read in two batched round trips (`TradeContext::load`): over a public RPC
//! each read is a round trip, so a CLI command reads once and prices from what it holds.
use crate::fetch::{decode, mint_state_of, token_amount_of};
use crate::{pda, Result, SdkError, Transport};
use anchor_lang::prelude::Pubkey;
use mutual::math::book_value::{self, book_value, quote_buy, quote_sell};
use mutual::state::{Asset, CapitalSnapshot, Config, Member, TradeSide};

/// The state a stake-token trade is priced from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Market {
    pub capital: u64,
    pub stake_supply: u64,
    pub book_value: u64,
    pub mcr: u64,
    /// What the base vault holds, the most one sale can pay.
    pub base_liquidity: u64,
}

/// What a trade needs, read in two round trips: the config, the snapshot, the stake mint and the wallet's
/// records first, then the base asset, its vault and its mint (their addresses come from the config).
#[derive(Clone, Debug)]
pub struct TradeContext {
    pub config: Config,
    pub snapshot: CapitalSnapshot,
    pub base: Asset,
    pub base_decimals: u8,
    pub vault_balance: u64,
    pub stake_supply: u64,
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
        let config = pda::config().0;
        let snapshot = pda::capital_snapshot().0;
        let stake_mint = pda::stake_mint().0;
        let mut first = vec![config, snapshot, stake_mint, crate::fetch::CLOCK];
        if let Some(w) = wallet {
            first.extend([pda::member(w).0, pda::stake_account(w)]);
        }
        let mut accounts = chain.get_multiple_accounts(&first)?.into_iter();
        let config_state: Config = decode(&config, accounts.next().flatten())?;
        let snapshot_state: CapitalSnapshot = decode(&snapshot, accounts.next().flatten())?;
        let stake_supply = mint_state_of(&stake_mint, accounts.next().flatten())?.supply;
        let now = crate::fetch::unix_timestamp_of(&crate::fetch::CLOCK, accounts.next().flatten())?;
        let (member, stake_balance) = match wallet {
            None => (None, 0),
            Some(w) => {
                let member = match accounts.next().flatten() {
                    Some(account) => Some(decode::<Member>(&pda::member(w).0, Some(account))?),
                    None => None,
                };
                let stake_account = pda::stake_account(w);
                (
                    member,
                    token_amount_of(&stake_account, accounts.next().flatten())?,
                )
            }
        };
        if !config_state.has_base_asset() {
            return Err(SdkError::refused(
                mutual::errors::MutualError::NoBaseAsset.into(),
            ));
        }
        let base_mint = config_state.base_asset;
        let asset = pda::asset(&base_mint).0;
        let vault = pda::asset_vault(&base_mint).0;
        let mut second = chain
            .get_multiple_accounts(&[asset, vault, base_mint])?
            .into_iter();
        let base: Asset = decode(&asset, second.next().flatten())?;
        let vault_account = second.next().flatten();
        let mint_account = second.next().flatten();
        let vault_balance = token_amount_of(&vault, vault_account)?;
        let base_decimals = mint_state_of(&base_mint, mint_account)?.decimals;
        let p = config_state.params;
        let m = snapshot_state
            .market(
                vault_balance,
                base.active_cover(now).map_err(SdkError::refused)?,
                stake_supply,
                &p,
            )
            .map_err(SdkError::refused)?;
        let market = Market {
            capital: m.capital,
            stake_supply: m.stake_supply,
            book_value: book_value(m.capital, m.stake_supply, p.initial_book_value)
                .map_err(SdkError::refused)?,
            mcr: m.mcr,
            base_liquidity: m.base_liquidity,
        };
        Ok(TradeContext {
            config: config_state,
            snapshot: snapshot_state,
            base,
            base_decimals,
            vault_balance,
            stake_supply,
            member,
            stake_balance,
            market,
            now,
        })
    }

    /// What a trade of `side` is priced from now, by the program's own rule (`CapitalSnapshot::market_for`).
    fn market_for(&self, side: TradeSide) -> Result<book_value::Market> {
        self.snapshot
            .market_for(
                side,
                self.now,
                self.vault_balance,
                self.base
                    .active_cover(self.now)
                    .map_err(SdkError::refused)?,
                self.stake_supply,
                &self.config.params,
            )
            .map_err(SdkError::refused)
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
