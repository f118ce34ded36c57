//! Cover off chain: quotes with the program's own placement (`mutual::controller::placement::
//! place_segment`), routing over the product's pools cheapest first, and the covers a wallet holds.
//!
//! A quote runs the same checks, in the same order, as `cover_buy`, and fills the same pools the same way, so
//! it refuses exactly what the chain would, with the same error, and agrees with the chain to the unit when
//! nothing changes in between.
use crate::staking::{listings_of, Listing};
use crate::{fetch, pda, Result, SdkError, Transport};
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_spl::token_2022::spl_token_2022::state::Account as TokenAccountState;
use mutual::constants::MAX_COVER_POOLS;
use mutual::controller::placement::{place_segment, Order, SegmentQuote};
use mutual::errors::MutualError;
use mutual::math::cover::{
    commission, placed_amount, segment_charge, unused_premium, validate_period, SegmentCharge,
};
use mutual::math::periods::expiry_bucket;
use mutual::math::Bps;
use mutual::state::{
    Asset, CapitalSnapshot, Config, Cover, Pool, PoolProduct, PriorSegment, Product,
};

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

/// Who buys and how they pay: what `cover_buy` checks beyond the market.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Buyer {
    /// The cover's owner is the buyer; else the buyer must be a broker.
    pub owns: bool,
    pub is_broker: bool,
    /// A commission account is passed (a commission needs one).
    pub commission_account: bool,
    /// The paying account's balance.
    pub balance: u64,
    /// The most the buyer pays, premium and commission together; `None` means the quote.
    pub max_premium: Option<u64>,
}

/// What an edit costs: the new segment, the old segment's unused premium credited, and what is paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditQuote {
    pub quote: CoverQuote,
    pub credit: u64,
    pub paid: u64,
}

/// Everything a quote reads.
#[derive(Clone)]
pub struct CoverMarket {
    pub config: Config,
    pub snapshot: CapitalSnapshot,
    /// The stake mint's supply: cover is priced at the recorded capital over it (`book_value_at`).
    pub stake_supply: u64,
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
            stake_supply: fetch::mint(chain, &crate::pda::stake_mint().0)?.supply,
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
        for Listing { pool, listing, .. } in &self.listings {
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

    /// Quotes a buy over `pools` (in order), with the market's checks of `cover_buy` (not the buyer's: see
    /// `quote_buy`).
    pub fn quote(
        &self,
        amount: u64,
        period: u32,
        commission_bps: Bps,
        pools: &[u32],
    ) -> Result<CoverQuote> {
        self.quote_from(self.now, amount, period, commission_bps, pools)
    }

    /// A buy with every check `cover_buy` makes, in the handler's order, the buyer's included (broker, commission
    /// account, the premium limit, the balance): what it refuses, the chain refuses with the same error.
    pub fn quote_buy(
        &self,
        amount: u64,
        period: u32,
        commission_bps: Bps,
        pools: &[u32],
        buyer: &Buyer,
    ) -> Result<CoverQuote> {
        let quote = self.quote_segment(
            self.now,
            amount,
            period,
            commission_bps,
            pools,
            Some(buyer),
            &[],
        )?;
        let refuse = |e: MutualError| SdkError::refused(e.into());
        if buyer.max_premium.is_some_and(|max| quote.total > max) {
            return Err(refuse(MutualError::PremiumTooHigh));
        }
        if buyer.balance < quote.total {
            return Err(refuse(MutualError::InsufficientBalance));
        }
        Ok(quote)
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
        self.quote_segment(start, amount, period, commission_bps, pools, None, &[])
    }

    /// `cover_renew` of `cover` over `pools`, as the chain prices it: what is still claimable, from the old end,
    /// for the same period (`NothingLeftToCover` once claims paid it out in full).
    pub fn quote_renewal(&self, cover: &Cover, pools: &[u32]) -> Result<CoverQuote> {
        let claimable = cover.renewable().map_err(SdkError::refused)?;
        let start = cover.end().map_err(SdkError::refused)?;
        self.quote_from(start, claimable, cover.period, Bps::ZERO, pools)
    }

    /// `cover_renew` of `cover` over `pools` with the chain's checks in its order: the renewal week, something left
    /// to claim, the segment, the owner's `max_premium` (none: any), the paying account's `balance`.
    pub fn renewal_quote(
        &self,
        cover: &Cover,
        pools: &[u32],
        max_premium: Option<u64>,
        balance: u64,
    ) -> Result<CoverQuote> {
        let refuse = |e: MutualError| SdkError::refused(e.into());
        cover
            .require_renewal_window(self.now)
            .map_err(SdkError::refused)?;
        let quote = self.quote_renewal(cover, pools)?;
        if max_premium.is_some_and(|max| quote.total > max) {
            return Err(refuse(MutualError::PremiumTooHigh));
        }
        if balance < quote.total {
            return Err(refuse(MutualError::InsufficientBalance));
        }
        Ok(quote)
    }

    /// `cover_auto_renew` of `cover` with the chain's checks in its order: the terms bought (wording and grace),
    /// the renewal week, something left to claim, the segment on the cover's own pools, the owner's cap, the
    /// config PDA's approval on the `paying` account and its balance.
    pub fn auto_renewal_quote(
        &self,
        cover: &Cover,
        paying: Option<&TokenAccountState>,
    ) -> Result<CoverQuote> {
        let refuse = |e: MutualError| SdkError::refused(e.into());
        cover
            .require_same_terms(&self.product.terms)
            .map_err(SdkError::refused)?;
        cover
            .require_renewal_window(self.now)
            .map_err(SdkError::refused)?;
        let pools: Vec<u32> = cover.pools().iter().map(|a| a.pool_id).collect();
        let quote = self.quote_renewal(cover, &pools)?;
        cover
            .require_auto_renew_within(quote.total)
            .map_err(SdkError::refused)?;
        let approved = paying.is_some_and(|a| {
            Option::<Pubkey>::from(a.delegate) == Some(pda::config().0)
                && a.delegated_amount >= quote.total
        });
        if !approved {
            return Err(refuse(MutualError::RenewNotApproved));
        }
        if paying.map_or(0, |a| a.amount) < quote.total {
            return Err(refuse(MutualError::InsufficientBalance));
        }
        Ok(quote)
    }

    /// An edit of `cover` to `amount` for `period` from now over `pools`, with the checks of `cover_edit` in its
    /// order: the cover's old allocations are released from the listings first, as the chain releases them,
    /// then the new segment is placed and the old segment's unused premium credited (`math::cover::segment_charge`).
    pub fn quote_edit(
        &self,
        cover: &Cover,
        amount: u64,
        period: u32,
        pools: &[u32],
        max_premium: Option<u64>,
        balance: u64,
    ) -> Result<EditQuote> {
        let refuse = |e: MutualError| SdkError::refused(e.into());
        cover.require_active(self.now).map_err(SdkError::refused)?;
        cover.require_no_open_claim().map_err(SdkError::refused)?;
        let released = self.released_for(cover, pools)?;
        let old: Vec<(u32, u64)> = cover
            .pools()
            .iter()
            .map(|a| (a.pool_id, u64::from(a.units)))
            .collect();
        // What claims paid out stays paid: the segment prices and places only the rest (decision 61).
        let placed = placed_amount(amount, cover.paid_out).map_err(SdkError::refused)?;
        let quote =
            released.quote_segment(self.now, placed, period, Bps::ZERO, pools, None, &old)?;
        let unused = unused_premium(cover.premium, cover.start, cover.period, self.now)
            .map_err(SdkError::refused)?;
        let new: Vec<(u32, u64)> = pools.iter().copied().zip(quote.placement.taken).collect();
        let SegmentCharge { credit, paid } =
            segment_charge(quote.placement.premium, unused, &old, &new)
                .map_err(SdkError::refused)?;
        if max_premium.is_some_and(|max| paid > max) {
            return Err(refuse(MutualError::PremiumTooHigh));
        }
        if balance < paid {
            return Err(refuse(MutualError::InsufficientBalance));
        }
        Ok(EditQuote {
            quote,
            credit,
            paid,
        })
    }

    /// The market as `cover_edit` of `cover` onto `pools` places the new segment: the cover's allocations released
    /// from the listings of those pools first (`PoolProduct::unbook`), as the chain releases them.
    pub fn released_for(&self, cover: &Cover, pools: &[u32]) -> Result<CoverMarket> {
        let expiry = cover.expiry_bucket().map_err(SdkError::refused)?;
        let mut released = self.clone();
        for allocation in cover.pools() {
            if let Some(l) = released
                .listings
                .iter_mut()
                .find(|l| l.pool.id == allocation.pool_id && pools.contains(&l.pool.id))
            {
                l.listing
                    .unbook(u64::from(allocation.units), expiry, self.now)
                    .map_err(SdkError::refused)?;
            }
        }
        Ok(released)
    }

    /// The cranks the chosen pools need before a cover instruction (`staking::catch_up`), in pool order.
    pub fn cranks(&self, pools: &[u32]) -> Vec<Instruction> {
        pools
            .iter()
            .filter_map(|id| self.listings.iter().find(|l| l.pool.id == *id))
            .flat_map(|l| l.cranks.clone())
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn quote_segment(
        &self,
        start: i64,
        amount: u64,
        period: u32,
        commission_bps: Bps,
        pools: &[u32],
        buyer: Option<&Buyer>,
        given_back: &[(u32, u64)],
    ) -> Result<CoverQuote> {
        let params = &self.config.params;
        let refuse = |e: MutualError| SdkError::refused(e.into());
        self.config
            .require_active(mutual::state::pause_area::BUY)
            .map_err(SdkError::refused)?;
        if buyer.is_some_and(|b| !b.owns && !b.is_broker) {
            return Err(refuse(MutualError::NotBroker));
        }
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
        if buyer.is_some_and(|b| commission_bps != Bps::ZERO && !b.commission_account) {
            return Err(refuse(MutualError::InvalidCommissionAccount));
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
        let book_value = self
            .snapshot
            .book_value_at(self.stake_supply, &self.config.params)
            .map_err(SdkError::refused)?;
        let order = Order::new(
            amount,
            price,
            book_value,
            start,
            period,
            self.product.terms.grace_period,
        )
        .map_err(SdkError::refused)?;
        let mut refs: Vec<(&Pool, &mut PoolProduct)> =
            chosen.iter_mut().map(|(p, l)| (&*p, l)).collect();
        let placement = place_segment(
            &mut refs,
            params,
            &self.product.terms,
            order,
            given_back,
            self.now,
        )
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

    /// When the last staked tranche of `pools` (every pool listing the product if empty) ends: a cover whose end
    /// plus grace comes later finds no capacity there, whatever is staked in the tranches before. `None` with no
    /// stake.
    pub fn staked_until(&self, pools: &[u32]) -> Option<i64> {
        self.listings
            .iter()
            .filter(|l| pools.is_empty() || pools.contains(&l.pool.id))
            .filter_map(|l| crate::staking::last_staked_tranche_end(&l.pool))
            .max()
    }
}

/// A cover, or `None` once it has closed.
pub fn cover(chain: &impl Transport, address: &Pubkey) -> Result<Option<Cover>> {
    fetch::anchor_account(chain, address)
}

/// A cover and the segment a renewal replaced, which the account keeps past the struct until the renewal
/// starts (`PriorSegment::read`), or `None` once the cover has closed.
pub fn cover_with_prior(
    chain: &impl Transport,
    address: &Pubkey,
) -> Result<Option<(Cover, Option<PriorSegment>)>> {
    let Some(account) = chain.get_account(address)? else {
        return Ok(None);
    };
    let prior = PriorSegment::read(&account.data).map_err(SdkError::refused)?;
    let cover: Cover = fetch::decode(address, Some(account))?;
    Ok(Some((cover, prior)))
}

/// A cover period as the chain takes it: 28 to 365 days (`math::cover::validate_period`).
pub fn check_period(period: u32) -> Result<()> {
    validate_period(period).map_err(SdkError::refused)
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
