//! Cover off chain: quotes with the program's own placement (`mutual::instructions::cover::placement::
//! place_segment`), routing over the product's pools cheapest first, and the covers a wallet holds.
//!
//! A quote runs the same checks, in the same order, as `cover_buy`, and fills the same pools the same way, so
//! it refuses exactly what the chain would, with the same error, and agrees with the chain to the unit when
//! nothing changes in between.
use crate::staking::{listings_of, Listing};
use crate::{fetch, pda, Result, SdkError, Transport};
use anchor_lang::prelude::Pubkey;
use mutual::constants::MAX_COVER_POOLS;
use mutual::errors::MutualError;
use mutual::instructions::cover::placement::{place_segment, Order, SegmentQuote};
use mutual::math::cover::{commission, validate_period};
use mutual::math::periods::expiry_bucket;
use mutual::math::Bps;
use mutual::state::{Asset, CapitalSnapshot, Config, Cover, Pool, PoolProduct, Product};

/// What buying `amount` of cover would cost now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoverQuote {
    pub product_id: u32,
    pub asset: Pubkey,
    pub amount: u64,
    pub period: u32,
    /// The pools, in the order they are filled (the ones that take nothing included, as given).
    pub pools: Vec<u32>,
    pub placement: SegmentQuote,
    pub commission: u64,
    /// premium + commission: the least `max_premium` that lets the buy through.
    pub total: u64,
    /// The product's wording hash the cover records.
    pub wording_hash: [u8; 32],
    pub grace: u32,
}

/// Everything a quote reads.
pub struct CoverMarket {
    pub config: Config,
    pub snapshot: CapitalSnapshot,
    pub product: Product,
    pub asset: Asset,
    pub listings: Vec<Listing>,
    pub now: i64,
}

impl CoverMarket {
    pub fn load(chain: &impl Transport, product_id: u32, asset_mint: &Pubkey) -> Result<Self> {
        let now = chain.unix_timestamp()?;
        Ok(CoverMarket {
            config: fetch::config(chain)?,
            snapshot: fetch::capital_snapshot(chain)?,
            product: fetch::product(chain, product_id)?,
            asset: fetch::asset(chain, asset_mint)?,
            listings: listings_of(chain, product_id, now)?,
            now,
        })
    }

    /// The product's listings the program would accept for a cover, cheapest price first (ties by pool id):
    /// open to the product, not halted, with capacity left for a cover of `period`. At most 4.
    pub fn route(&self, period: u32) -> Result<Vec<u32>> {
        let params = &self.config.params;
        let terms = &self.product.terms;
        let expiry = self.expiry(period)?;
        let mut rows = Vec::new();
        for Listing { pool, listing } in &self.listings {
            if pool.halted || !self.product.allows_pool(pool.id) {
                continue;
            }
            let free = listing
                .capacity(
                    pool,
                    params.capacity_ratio,
                    terms.capacity_reduction,
                    expiry,
                    self.now,
                )
                .map_err(SdkError::refused)?
                .free;
            let price = listing
                .price_now(params.price_decay_per_day, terms.min_price, self.now)
                .map_err(SdkError::refused)?;
            if free > 0 {
                rows.push((price, pool.id));
            }
        }
        rows.sort();
        Ok(rows
            .into_iter()
            .take(MAX_COVER_POOLS)
            .map(|(_, id)| id)
            .collect())
    }

    fn expiry(&self, period: u32) -> Result<u32> {
        expiry_bucket(self.now + i64::from(period) + i64::from(self.product.terms.grace_period))
            .map_err(SdkError::refused)
    }

    /// Quotes a buy over `pools` (in order), with the checks of `cover_buy` (less the buyer's membership and
    /// balance, which the caller checks).
    pub fn quote(
        &self,
        amount: u64,
        period: u32,
        commission_bps: Bps,
        pools: &[u32],
    ) -> Result<CoverQuote> {
        self.quote_from(self.now, amount, period, commission_bps, pools)
    }

    /// Quotes a segment that starts at `start` (a renewal starts at the old end), priced now: its expiry bucket,
    /// and so the capacity it can use, follow from the start, as `cover_renew` books it.
    pub fn quote_from(
        &self,
        start: i64,
        amount: u64,
        period: u32,
        commission_bps: Bps,
        pools: &[u32],
    ) -> Result<CoverQuote> {
        let params = &self.config.params;
        let refuse = |e: MutualError| SdkError::refused(e.into());
        self.config
            .require_active(mutual::state::pause_area::BUY)
            .map_err(SdkError::refused)?;
        self.product
            .require_not_deprecated()
            .map_err(SdkError::refused)?;
        self.product
            .require_allows_asset(self.asset.index)
            .map_err(SdkError::refused)?;
        self.asset
            .require_open_for_cover(self.now)
            .map_err(SdkError::refused)?;
        if !self.asset.is_base() {
            self.snapshot
                .require_priced(params.max_snapshot_age, self.now)
                .map_err(SdkError::refused)?;
        }
        if commission_bps > params.max_commission {
            return Err(refuse(MutualError::CommissionTooHigh));
        }
        if amount == 0 {
            return Err(refuse(MutualError::ZeroAmount));
        }
        validate_period(period).map_err(SdkError::refused)?;
        if pools.is_empty() || pools.len() > MAX_COVER_POOLS {
            return Err(refuse(MutualError::InvalidPoolAccounts));
        }
        let mut chosen: Vec<(Pool, PoolProduct)> = Vec::with_capacity(pools.len());
        for (i, id) in pools.iter().enumerate() {
            if pools[..i].contains(id) {
                return Err(refuse(MutualError::DuplicatePool));
            }
            let Some(found) = self.listings.iter().find(|l| l.pool.id == *id) else {
                return Err(SdkError::Invalid(format!(
                    "pool {id} does not list product {}",
                    self.product.id
                )));
            };
            if !self.product.allows_pool(*id) {
                return Err(refuse(MutualError::PoolNotAllowed));
            }
            if found.pool.halted {
                return Err(refuse(MutualError::PoolHalted));
            }
            chosen.push((found.pool.clone(), found.listing.clone()));
        }
        let price = self.asset.valuation().map_err(SdkError::refused)?;
        let order = Order::new(
            amount,
            price,
            self.snapshot.book_value,
            start,
            period,
            self.product.terms.grace_period,
        )
        .map_err(SdkError::refused)?;
        let mut refs: Vec<(&Pool, &mut PoolProduct)> =
            chosen.iter_mut().map(|(p, l)| (&*p, l)).collect();
        let placement = place_segment(&mut refs, params, &self.product.terms, order, self.now)
            .map_err(SdkError::refused)?;
        let commission =
            commission(placement.premium, commission_bps).map_err(SdkError::refused)?;
        Ok(CoverQuote {
            product_id: self.product.id,
            asset: self.asset.mint,
            amount,
            period,
            pools: pools.to_vec(),
            total: placement.premium.saturating_add(commission),
            placement,
            commission,
            wording_hash: self.product.terms.wording_hash,
            grace: self.product.terms.grace_period,
        })
    }
}

impl CoverMarket {
    /// The largest amount a segment from `start` for `period` on `pools` can take now (0 when nothing fits): what
    /// a buy refused `InsufficientCapacity` can still have. Found by bisection over [`CoverMarket::quote_from`]
    /// itself, so it is exactly what the chain would accept; a larger amount needs more capacity, never less.
    pub fn largest_fit(
        &self,
        start: i64,
        period: u32,
        commission_bps: Bps,
        pools: &[u32],
        below: u64,
    ) -> u64 {
        let fits = |amount: u64| {
            self.quote_from(start, amount, period, commission_bps, pools)
                .is_ok()
        };
        let (mut low, mut high) = (0u64, below);
        while low < high {
            let mid = low + (high - low).div_ceil(2);
            if fits(mid) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        low
    }

    /// When the last staked tranche of the pools listing the product ends: a cover whose end plus grace comes
    /// later finds no capacity anywhere, whatever is staked in the tranches before. `None` with no stake.
    pub fn staked_until(&self) -> Option<i64> {
        self.listings
            .iter()
            .filter_map(|l| crate::staking::last_staked_tranche_end(&l.pool))
            .max()
    }
}

/// A cover, or `None` once it has closed.
pub fn cover(chain: &impl Transport, address: &Pubkey) -> Result<Option<Cover>> {
    fetch::anchor_account(chain, address)
}

/// The cover `seq` of `product_id`.
pub fn cover_address(product_id: u32, seq: u64) -> Pubkey {
    pda::cover(&pda::product(product_id).0, seq).0
}

/// Every open cover `owner` holds, with its address, through getProgramAccounts (owner at its offset).
pub fn covers_of(chain: &impl Transport, owner: &Pubkey) -> Result<Vec<(Pubkey, Cover)>> {
    // discriminator 8, version 1, bump 1, state 1, product 32, seq 8
    const OWNER_OFFSET: usize = 8 + 1 + 1 + 1 + 32 + 8;
    let mut covers: Vec<(Pubkey, Cover)> =
        crate::staking::owned_by(chain, Cover::SIZE, OWNER_OFFSET, owner)?;
    covers.sort_by_key(|(_, c)| (c.product, c.seq));
    Ok(covers)
}
