use crate::constants::ACCOUNT_VERSION;
use crate::errors::MutualError;
use crate::math::book_value::{book_value, minimum_capital, Market};
use crate::math::SafeMath;
use crate::state::{LiabilityChange, Params};
use anchor_lang::prelude::*;

/// Which way a stake-token trade goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TradeSide {
    Buy,
    Sell,
}

/// Solvency figures, `["capital"]` (PROTOCOL.md §7). `token_buy` / `token_sell` and `treasury_sweep` rewrite it
/// in place; the permissionless `capital_snapshot_refresh` rewrites it from every asset at its Pyth price.
///
/// The base asset is counted from its vault at the moment of use, so only the other assets' value is carried
/// from the last refresh (`non_base_capital`). Accepted payouts not yet redeemed (`pending_payouts`) are a
/// liability that only ever makes an exit more conservative: a sale and its MCR check use capital net of them
/// (PROTOCOL.md §12), while every price at which the protocol mints, values or burns stake uses `book_value`,
/// gross of them (docs/architecture.md, decision 54). A claim's liability counts once accept leads with the
/// quorum behind it (decision 56).
#[account]
#[derive(InitSpace, Debug)]
pub struct CapitalSnapshot {
    pub version: u8,
    pub bump: u8,
    /// Total capital in base-asset units.
    pub capital: u64,
    /// Value of the non-base vaults at μ−σ as of the last refresh.
    pub non_base_capital: u64,
    /// Active cover in base-asset units (non-base at μ+σ).
    pub active_cover: u64,
    /// Active cover of the non-base assets at μ+σ as of the last refresh.
    pub non_base_active_cover: u64,
    /// Minimum capital requirement.
    pub mcr: u64,
    /// Base units per whole stake token, of capital gross of the pending payouts: what cover units, stakers'
    /// rewards, claim rewards and deposits, payout burns and `token_buy` are priced at. Only a sale sees the
    /// net figure (`market_for`).
    pub book_value: u64,
    pub stake_supply: u64,
    /// Last write of any figure (trades rewrite the base-asset part in place).
    pub updated_at: i64,
    /// When the non-base figures were last valued (init, or a full refresh with prices).
    pub refreshed_at: i64,
    /// Accepted claim payouts not yet redeemed, in base-asset units (the claims instructions keep it).
    pub pending_payouts: u64,
    pub _reserved: [u8; 56],
}

impl CapitalSnapshot {
    pub const SIZE: usize = 8 + CapitalSnapshot::INIT_SPACE;

    pub fn init(&mut self, bump: u8, params: &Params, now: i64) -> Result<()> {
        self.version = ACCOUNT_VERSION;
        self.bump = bump;
        self.refreshed_at = now;
        self.record(0, 0, 0, params, now)
    }

    /// Whether the last refresh found value outside the base asset. Until then the non-base vaults hold nothing
    /// the protocol relies on (a non-base asset only fills through priced cover purchases, which need a fresh
    /// snapshot themselves), so there is nothing to go stale: the base vault is read live.
    pub fn has_non_base_value(&self) -> bool {
        self.non_base_capital > 0 || self.non_base_active_cover > 0
    }

    /// What a stake-token trade of `side` is priced from at `now`, the base vault and the base asset's active
    /// cover as they stand: the one computation that `token_buy` / `token_sell` and the SDK's quotes share.
    ///
    /// The non-base capital counts only while the last refresh is at most `oracle_max_age` old (the age of an
    /// oracle price itself): older figures could let a trader buy below, or sell above, what the assets are
    /// worth now and refresh in between. On older figures a buy is refused (`StaleSnapshot`), while a sale
    /// counts the non-base capital as 0: it under-pays the seller, never the holders, and no exit ever waits for
    /// a refresh (which a dead feed could block for good).
    ///
    /// Pending payouts count against a sale (no one sells ahead of a known payout) but not for a buy, which is
    /// priced on capital gross of them: each side in the holders' favour (docs/architecture.md, decisions 42
    /// and 54). While they reach capital, a sale would pay nothing: it is refused (`LiabilitiesExceedCapital`)
    /// until payouts are made or claims are denied, and nothing else waits for it.
    pub fn market_for(
        &self,
        side: TradeSide,
        now: i64,
        base_vault_balance: u64,
        base_active_cover: u64,
        stake_supply: u64,
        params: &Params,
    ) -> Result<Market> {
        let market = self.market(base_vault_balance, base_active_cover, stake_supply, params)?;
        let current =
            !self.has_non_base_value() || self.require_priced(params.oracle_max_age, now).is_ok();
        let market = match (current, side) {
            (true, TradeSide::Buy) => Market {
                capital: self.capital_with_base(base_vault_balance)?,
                ..market
            },
            (true, TradeSide::Sell) => market,
            (false, TradeSide::Buy) => return err!(MutualError::StaleSnapshot),
            (false, TradeSide::Sell) => Market {
                capital: self.net_of_liabilities(base_vault_balance),
                ..market
            },
        };
        if side == TradeSide::Sell {
            require!(
                market.capital > 0 || self.pending_payouts == 0,
                MutualError::LiabilitiesExceedCapital
            );
        }
        Ok(market)
    }

    /// An instruction that prices anything in a non-base asset needs the prices of a refresh at most `max_age`
    /// old, whatever the vaults hold (docs/architecture.md, "Freshness").
    pub fn require_priced(&self, max_age: u32, now: i64) -> Result<()> {
        let age = now.safe_sub(self.refreshed_at)?;
        require!(age <= i64::from(max_age), MutualError::StaleSnapshot);
        Ok(())
    }

    /// Capital net of the accepted payouts still owed: what book value and the MCR check see. A liability above
    /// capital leaves nothing (0), never an underflow.
    pub fn net_of_liabilities(&self, capital: u64) -> u64 {
        capital.saturating_sub(self.pending_payouts)
    }

    /// Books or releases a claim's liability in the pending payouts, and re-derives the figures from the capital
    /// last recorded (book value is gross of it; sales net it of the live figures themselves).
    pub fn apply_liability(
        &mut self,
        change: LiabilityChange,
        params: &Params,
        now: i64,
    ) -> Result<()> {
        if change == LiabilityChange::Unchanged {
            return Ok(());
        }
        self.shift_pending(change)?;
        self.rerecord(params, now)
    }

    /// Records a claim payout (its liability already released): `value` (base units at μ − σ) gone from capital
    /// (and from the non-base figure when paid in another asset), and the stake supply after the burns.
    pub fn record_payout(
        &mut self,
        value: u64,
        is_base: bool,
        stake_supply: u64,
        params: &Params,
        now: i64,
    ) -> Result<()> {
        if !is_base {
            self.remove_non_base_capital(value);
        }
        self.capital = self.capital.saturating_sub(value);
        self.stake_supply = stake_supply;
        self.rerecord(params, now)
    }

    fn shift_pending(&mut self, change: LiabilityChange) -> Result<()> {
        self.pending_payouts = match change {
            LiabilityChange::Unchanged => self.pending_payouts,
            LiabilityChange::Booked(value) => self.pending_payouts.safe_add(value)?,
            LiabilityChange::Released(value) => self.pending_payouts.safe_sub(value)?,
        };
        Ok(())
    }

    /// Re-derives MCR and book value from the figures as recorded.
    fn rerecord(&mut self, params: &Params, now: i64) -> Result<()> {
        self.record(
            self.capital,
            self.stake_supply,
            self.active_cover,
            params,
            now,
        )
    }

    /// A non-base vault received `value` (base units at μ − σ): counted until the next refresh revalues it.
    pub fn add_non_base_capital(&mut self, value: u64) -> Result<()> {
        self.non_base_capital = self.non_base_capital.safe_add(value)?;
        Ok(())
    }

    /// A non-base vault paid out `value` (base units at μ − σ). A refresh values each vault as a whole while
    /// outflows are valued one by one, so the two roundings may differ by a unit: the figure stops at 0.
    pub fn remove_non_base_capital(&mut self, value: u64) {
        self.non_base_capital = self.non_base_capital.saturating_sub(value);
    }

    /// Records a full refresh: the non-base figures as valued now, then every figure derived from them.
    #[allow(clippy::too_many_arguments)]
    pub fn record_refresh(
        &mut self,
        non_base_capital: u64,
        non_base_active_cover: u64,
        base_vault_balance: u64,
        base_active_cover: u64,
        stake_supply: u64,
        params: &Params,
        now: i64,
    ) -> Result<()> {
        self.non_base_capital = non_base_capital;
        self.non_base_active_cover = non_base_active_cover;
        self.refreshed_at = now;
        let capital = self.capital_with_base(base_vault_balance)?;
        let active_cover = self.active_cover_with_base(base_active_cover)?;
        self.record(capital, stake_supply, active_cover, params, now)
    }

    /// Capital if the base vault holds `base_vault_balance` now.
    pub fn capital_with_base(&self, base_vault_balance: u64) -> Result<u64> {
        self.non_base_capital.safe_add(base_vault_balance)
    }

    /// Active cover if the base asset's own active cover is `base_active_cover` now.
    pub fn active_cover_with_base(&self, base_active_cover: u64) -> Result<u64> {
        self.non_base_active_cover.safe_add(base_active_cover)
    }

    /// Capital (net of liabilities), supply and MCR with the base vault and the base asset's active cover as they
    /// stand and the non-base part as last recorded, whatever its age (reports; trades use `market_for`).
    pub fn market(
        &self,
        base_vault_balance: u64,
        base_active_cover: u64,
        stake_supply: u64,
        params: &Params,
    ) -> Result<Market> {
        let active_cover = self.active_cover_with_base(base_active_cover)?;
        Ok(Market {
            capital: self.net_of_liabilities(self.capital_with_base(base_vault_balance)?),
            base_liquidity: base_vault_balance,
            stake_supply,
            mcr: minimum_capital(active_cover, params.mcr_ratio, params.min_mcr)?,
        })
    }

    /// Records capital, supply and active cover, and derives MCR and book value (of capital gross of the
    /// pending payouts) from them.
    pub fn record(
        &mut self,
        capital: u64,
        stake_supply: u64,
        active_cover: u64,
        params: &Params,
        now: i64,
    ) -> Result<()> {
        self.capital = capital;
        self.stake_supply = stake_supply;
        self.active_cover = active_cover;
        self.mcr = minimum_capital(active_cover, params.mcr_ratio, params.min_mcr)?;
        self.book_value = book_value(capital, stake_supply, params.initial_book_value)?;
        self.updated_at = now;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
