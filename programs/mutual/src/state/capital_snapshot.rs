use crate::constants::{ACCOUNT_VERSION, MAX_ASSETS};
use crate::errors::MutualError;
pub use crate::math::book_value::TradeSide;
use crate::math::book_value::{book_value, minimum_capital, Market};
use crate::math::prices::{trade_value, AssetPrice, Side};
use crate::math::SafeMath;
use crate::state::{Asset, LiabilityChange, Params};
use anchor_lang::prelude::*;

/// Solvency figures, `["capital"]` (PROTOCOL.md §7). Every instruction that moves value rewrites them in place
/// (trades, premiums, payouts, sweeps); the permissionless `capital_snapshot_refresh` revalues every asset at
/// its Pyth price.
///
/// A trade values the pool itself from every asset as it stands (`view`): the vaults live, each non-base asset
/// at the price its last refresh recorded (docs/architecture.md, decision 64). The figures here are what the
/// last write saw; `book_value` is what cover, rewards, claim terms and burns are priced at between trades.
/// Claims owed but not yet paid are kept per asset, in the asset's own units (`pending_units`), so that they
/// follow its price and a sale can leave their vault able to pay them. They lower only what a sale may take,
/// never the book value (decision 54); a claim counts once accept leads with the quorum behind it (decision
/// 56).
#[account]
#[derive(InitSpace, Debug)]
pub struct CapitalSnapshot {
    pub version: u8,
    pub bump: u8,
    /// Total capital in base-asset units, gross of the pending payouts.
    pub capital: u64,
    /// Value of the non-base vaults at μ−σ as of the last write.
    pub non_base_capital: u64,
    /// Active cover in base-asset units (non-base at μ+σ).
    pub active_cover: u64,
    /// Active cover of the non-base assets at μ+σ as of the last write.
    pub non_base_active_cover: u64,
    /// Minimum capital requirement.
    pub mcr: u64,
    /// Base units per whole stake token, of capital gross of the pending payouts: what cover units, stakers'
    /// rewards, claim rewards and deposits, payout burns and `token_buy` are priced at. Only a sale sees the
    /// net figure (`CapitalView::market`).
    pub book_value: u64,
    pub stake_supply: u64,
    /// Last write of any figure.
    pub updated_at: i64,
    /// When the prices were last recorded (init, or a full refresh).
    pub refreshed_at: i64,
    /// Per asset (by index), the units owed to accepted claims not yet paid (the claims instructions keep it).
    pub pending_units: [u64; MAX_ASSETS as usize],
}

/// One registered asset as a trade, a refresh or a quote values it: its account, what its vault holds now, and
/// for a trade the newer price its push feed shows (`Asset::posted_price`, decision 69).
#[derive(Clone, Copy)]
pub struct Holding<'a> {
    pub asset: &'a Asset,
    pub vault_balance: u64,
    pub posted: Option<AssetPrice>,
}

impl<'a> Holding<'a> {
    /// The asset valued at its recorded price only.
    pub fn recorded(asset: &'a Asset, vault_balance: u64) -> Self {
        Holding {
            asset,
            vault_balance,
            posted: None,
        }
    }

    /// `amount` of the asset in base units on `side`: at the recorded price, or for a trade of `trade`, at
    /// whichever of the recorded and the posted price costs the trader more (`math::prices::trade_value`).
    fn value(&self, amount: u64, side: Side, trade: Option<TradeSide>) -> Result<u64> {
        let recorded = value_of(self.asset, amount, side)?;
        let (Some(trade), Some(posted)) = (trade, self.posted) else {
            return Ok(recorded);
        };
        if amount == 0 {
            return Ok(0);
        }
        Ok(trade_value(
            recorded,
            Some(posted.to_base(amount, side)?),
            side,
            trade,
        ))
    }
}

/// The capital pool valued at one moment (`CapitalSnapshot::view`): vaults as they stand, each non-base asset at
/// the price its last refresh recorded, what comes in low (μ − σ) and what is owed high (μ + σ).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CapitalView {
    /// Whether the recorded prices are at most `oracle_max_age` old.
    pub fresh: bool,
    pub base_vault: u64,
    /// Base units owed to counted claims: a sale leaves them in the base vault.
    pub base_pending: u64,
    /// What counted non-base claims are owed beyond what their own vaults hold, in base units at μ + σ: the
    /// base vault pays it (decision 67), so a sale leaves it there too.
    pub non_base_shortfall: u64,
    /// The non-base vaults at μ − σ; `None` when the prices are stale, so they are not valued at all.
    pub non_base_capital: Option<u64>,
    /// Whether any non-base asset holds capital, cover or a payout owed: a buy then needs fresh prices.
    pub non_base_in_use: bool,
    pub base_active_cover: u64,
    /// Non-base active cover at μ + σ, at any age of the price: cover never drops out of the MCR.
    pub non_base_active_cover: u64,
    /// Counted claims of every asset, in base units at μ + σ (any age of the price).
    pub pending_value: u64,
}

impl CapitalView {
    pub fn active_cover(&self) -> Result<u64> {
        self.base_active_cover.safe_add(self.non_base_active_cover)
    }

    /// Capital gross of the pending payouts, counting only what is valued: the base vault, plus the non-base
    /// vaults when the prices are fresh.
    pub fn valued_capital(&self) -> Result<u64> {
        self.base_vault
            .safe_add(self.non_base_capital.unwrap_or_default())
    }

    /// What a stake-token trade of `side` is priced from: the one computation that `token_buy` /
    /// `token_sell` and the SDK's quotes share (docs/architecture.md, decision 64).
    ///
    /// - A buy is priced on capital gross of the pending payouts, and needs fresh prices as soon as any non-base
    ///   asset is in use (`StaleSnapshot`): on old prices a buyer could pay less than the assets are worth.
    /// - A sale is priced on capital net of every counted claim. On stale prices it counts the non-base vaults
    ///   as 0 (it under-pays the seller, never the holders) but still counts their cover and their claims at the
    ///   last price: no exit waits for a refresh, which a dead feed could block for good (decisions 22–23).
    ///   While the claims reach capital a sale would pay nothing, and is refused (`LiabilitiesExceedCapital`).
    /// - The MCR counts the active cover of every asset, whatever the age of its price.
    /// - A sale is paid from the base vault, less what it owes to counted base claims and what counted non-base
    ///   claims are owed beyond their own vaults (the base vault pays that part): a sale cannot leave an accepted
    ///   payout without the units to pay it (`InsufficientBaseLiquidity`).
    pub fn market(&self, side: TradeSide, stake_supply: u64, params: &Params) -> Result<Market> {
        let gross = self.valued_capital()?;
        let capital = match side {
            TradeSide::Buy => {
                require!(
                    self.fresh || !self.non_base_in_use,
                    MutualError::StaleSnapshot
                );
                gross
            }
            TradeSide::Sell => {
                let net = gross.saturating_sub(self.pending_value);
                require!(
                    net > 0 || self.pending_value == 0,
                    MutualError::LiabilitiesExceedCapital
                );
                net
            }
        };
        Ok(Market {
            capital,
            stake_supply,
            mcr: minimum_capital(self.active_cover()?, params.mcr_ratio, params.min_mcr)?,
            base_liquidity: self.sale_liquidity(),
        })
    }

    /// The most a sale may take from the base vault: what the counted claims leave of it.
    pub fn sale_liquidity(&self) -> u64 {
        self.base_vault
            .saturating_sub(self.base_pending)
            .saturating_sub(self.non_base_shortfall)
    }
}

impl CapitalSnapshot {
    pub const SIZE: usize = 8 + CapitalSnapshot::INIT_SPACE;

    /// What must hold after every write: the non-base active cover is part of the active cover (both move
    /// together, saturating alike), and no refresh is recorded after the last write.
    pub fn invariant(&self) -> Result<()> {
        require!(
            self.non_base_active_cover <= self.active_cover && self.refreshed_at <= self.updated_at,
            MutualError::CapitalAccountingBroken
        );
        Ok(())
    }

    pub fn init(&mut self, bump: u8, params: &Params, now: i64) -> Result<()> {
        self.version = ACCOUNT_VERSION;
        self.bump = bump;
        self.refreshed_at = now;
        self.record(0, 0, 0, params, now)
    }

    /// Whether the prices recorded at the last refresh are at most `max_age` old.
    pub fn is_priced(&self, max_age: u32, now: i64) -> Result<bool> {
        Ok(now.safe_sub(self.refreshed_at)? <= i64::from(max_age))
    }

    /// An instruction that prices anything in a non-base asset needs the prices of a refresh at most `max_age`
    /// old, whatever the vaults hold (docs/architecture.md, "Freshness").
    pub fn require_priced(&self, max_age: u32, now: i64) -> Result<()> {
        require!(self.is_priced(max_age, now)?, MutualError::StaleSnapshot);
        Ok(())
    }

    /// Values the pool at `now` from `holdings`, every registered asset in index order with its vault's balance
    /// as it stands (see `CapitalView`). A non-base vault counts from its asset's `valued_from` on; an amount of
    /// 0 needs no price, so an asset never priced with nothing in it blocks nothing. `trade` is the side of the
    /// trade being priced, which counts each holding's posted price where it costs the trader more; `None` values
    /// at the recorded prices (what the snapshot records).
    pub fn view(
        &self,
        holdings: &[Holding],
        trade: Option<TradeSide>,
        now: i64,
        params: &Params,
    ) -> Result<CapitalView> {
        let fresh = self.is_priced(params.oracle_max_age, now)?;
        let mut view = CapitalView {
            fresh,
            ..CapitalView::default()
        };
        let mut non_base_capital = 0u64;
        for (index, holding) in holdings.iter().enumerate() {
            let asset = holding.asset;
            require!(
                usize::from(asset.index) == index,
                MutualError::InvalidAssetAccounts
            );
            let pending = self.pending_units[index];
            let cover = asset.active_cover(now)?;
            if asset.is_base() {
                view.base_vault = holding.vault_balance;
                view.base_pending = pending;
                view.base_active_cover = cover;
                view.pending_value = view.pending_value.safe_add(pending)?;
                continue;
            }
            let counted = if asset.counts_as_capital(now) {
                holding.vault_balance
            } else {
                0
            };
            if counted == 0 && cover == 0 && pending == 0 {
                continue;
            }
            view.non_base_in_use = true;
            let value = |amount, side| holding.value(amount, side, trade);
            view.non_base_active_cover = view
                .non_base_active_cover
                .safe_add(value(cover, Side::Liability)?)?;
            view.pending_value = view
                .pending_value
                .safe_add(value(pending, Side::Liability)?)?;
            let shortfall = pending.saturating_sub(holding.vault_balance);
            view.non_base_shortfall = view
                .non_base_shortfall
                .safe_add(value(shortfall, Side::Liability)?)?;
            if fresh {
                non_base_capital = non_base_capital.safe_add(value(counted, Side::Capital)?)?;
            }
        }
        view.non_base_capital = fresh.then_some(non_base_capital);
        Ok(view)
    }

    /// Records what a trade or a refresh valued: capital gross of the pending payouts (the non-base part as
    /// last recorded when the prices were too old to value it), active cover, and the figures derived from them.
    pub fn record_view(
        &mut self,
        view: &CapitalView,
        stake_supply: u64,
        params: &Params,
        now: i64,
    ) -> Result<()> {
        if let Some(value) = view.non_base_capital {
            self.non_base_capital = value;
        }
        self.non_base_active_cover = view.non_base_active_cover;
        let capital = self.capital_with_base(view.base_vault)?;
        self.record(capital, stake_supply, view.active_cover()?, params, now)
    }

    /// Records a full refresh: its prices are now the recorded ones (already written to the assets), and the
    /// figures are valued from them.
    pub fn record_refresh(
        &mut self,
        holdings: &[Holding],
        stake_supply: u64,
        params: &Params,
        now: i64,
    ) -> Result<CapitalView> {
        self.refreshed_at = now;
        let view = self.view(holdings, None, now, params)?;
        self.record_view(&view, stake_supply, params, now)?;
        Ok(view)
    }

    /// Books or releases `units` owed by a claim in asset `asset_index`. Book value is gross of them; a sale
    /// nets them from the live figures itself.
    pub fn apply_liability(&mut self, asset_index: u8, change: LiabilityChange) -> Result<()> {
        let pending = self
            .pending_units
            .get_mut(usize::from(asset_index))
            .ok_or(error!(MutualError::InvalidAssetAccounts))?;
        *pending = match change {
            LiabilityChange::Unchanged => *pending,
            LiabilityChange::Booked(units) => pending.safe_add(units)?,
            LiabilityChange::Released(units) => pending.safe_sub(units)?,
        };
        Ok(())
    }

    /// Records `amount` of `asset` that came into its vault (a premium) with the stake supply after the rewards
    /// it minted: its value at μ − σ joins capital in the same instruction, so no price waits for a trade.
    pub fn record_inflow(
        &mut self,
        asset: &Asset,
        amount: u64,
        stake_supply: u64,
        params: &Params,
        now: i64,
    ) -> Result<u64> {
        let value = value_of(asset, amount, Side::Capital)?;
        if !asset.is_base() {
            self.add_non_base_capital(value)?;
        }
        self.capital = self.capital.safe_add(value)?;
        self.stake_supply = stake_supply;
        self.rerecord(params, now)?;
        Ok(value)
    }

    /// Records cover of `asset` booked (`booked`) and released (`released`) by a purchase, an edit or a
    /// renewal, at μ + σ, in the active cover and the MCR. Released cover stops at 0: the figure valued it at
    /// an older price.
    pub fn record_cover(
        &mut self,
        asset: &Asset,
        booked: u64,
        released: u64,
        params: &Params,
        now: i64,
    ) -> Result<()> {
        let booked = value_of(asset, booked, Side::Liability)?;
        let released = value_of(asset, released, Side::Liability)?;
        if !asset.is_base() {
            self.non_base_active_cover = self
                .non_base_active_cover
                .saturating_sub(released)
                .safe_add(booked)?;
        }
        self.active_cover = self
            .active_cover
            .saturating_sub(released)
            .safe_add(booked)?;
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

    /// Book value of the recorded capital at the stake supply as it stands (the mint's): what cover, rewards and
    /// burns are priced at. A burn or mint no instruction records in the snapshot (a fraud flag, a vote reward,
    /// a leaving member's dust) changes the supply without moving the recorded book value, so pricing at the
    /// recorded figure would mint or burn against a stale supply (found by the fuzz, docs/testing.md).
    pub fn book_value_at(&self, stake_supply: u64, params: &Params) -> Result<u64> {
        book_value(self.capital, stake_supply, params.initial_book_value)
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

    /// Capital if the base vault holds `base_vault_balance` now.
    pub fn capital_with_base(&self, base_vault_balance: u64) -> Result<u64> {
        self.non_base_capital.safe_add(base_vault_balance)
    }

    /// Active cover if the base asset's own active cover is `base_active_cover` now.
    pub fn active_cover_with_base(&self, base_active_cover: u64) -> Result<u64> {
        self.non_base_active_cover.safe_add(base_active_cover)
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

/// `amount` of `asset` in base units at the recorded price on `side`; 0 needs no price.
fn value_of(asset: &Asset, amount: u64, side: Side) -> Result<u64> {
    if amount == 0 {
        return Ok(0);
    }
    asset.to_base(amount, side)
}

#[cfg(test)]
mod tests;
