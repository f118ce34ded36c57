//! Placing one segment of cover across pools, shared by `cover_buy`, `cover_edit`, `cover_renew`,
//! `cover_auto_renew` and `cover_expire`: loading the pools from `remaining_accounts`, pricing and filling them in
//! order (`place_segment`, which the SDK's quote calls too), minting and streaming the rewards, and releasing a
//! segment's allocations again. What follows a placement is `settlement::settle`.
use crate::constants::{LAZY_PROCESS_STEPS, MAX_COVER_POOLS};
use crate::cpi_helpers::ConfigSigner;
use crate::errors::MutualError;
use crate::events::PoolPlacement;
use crate::math::capacity::ListingCapacity;
use crate::math::cover::{
    cover_units, fill_in_order, paid_share, reward_stake, split_amount, PerPool,
};
use crate::math::periods::{bucket_id, expiry_bucket};
use crate::math::prices::AssetPrice;
use crate::math::pricing::premium;
use crate::math::{Bps, SafeMath};
use crate::state::{
    Cover, CoverAllocation, Params, Pool, PoolProduct, Product, ProductTerms, Segment,
};
use anchor_lang::prelude::*;

/// How a segment is placed: per pool, in the order given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SegmentQuote {
    /// The pool capacity the whole amount uses, in allocation units.
    pub units: u64,
    /// Each pool's capacity before the buy.
    pub capacities: [ListingCapacity; MAX_COVER_POOLS],
    /// Units each pool takes (spill-over in order) and its part of the amount, in the cover asset.
    pub taken: PerPool,
    pub amounts: PerPool,
    /// The annual price each pool charges now, and its premium for its part.
    pub prices: [Bps; MAX_COVER_POOLS],
    pub premiums: PerPool,
    /// Σ premiums.
    pub premium: u64,
}

impl SegmentQuote {
    /// The segment a cover records: `amount` from `start` for `period` at this quote, on the product's terms as
    /// they are now (grace and wording) and the parameters a claim on it depends on (the capacity ratio and the
    /// claim periods), over the pools that took units, with the claims pause clock at `pause_clock`.
    #[allow(clippy::too_many_arguments)]
    pub fn segment(
        &self,
        pool_ids: &[u32],
        amount: u64,
        start: i64,
        period: u32,
        terms: &ProductTerms,
        params: &Params,
        pause_clock: u32,
    ) -> Result<Segment> {
        let (allocations, pool_count) = self.allocations(pool_ids)?;
        Ok(Segment {
            amount,
            start,
            period,
            grace: terms.grace_period,
            premium: self.premium,
            wording_hash: terms.wording_hash,
            allocations,
            pool_count,
            capacity_ratio: params.capacity_ratio,
            poll_times: params.poll_times(),
            pause_clock,
        })
    }

    /// What each pool of the segment took, charged and was rewarded, for the event.
    pub fn summary(&self, pool_ids: &[u32], rewards: &PerPool) -> Vec<PoolPlacement> {
        pool_ids
            .iter()
            .enumerate()
            .map(|(i, pool_id)| PoolPlacement {
                pool_id: *pool_id,
                units: self.taken[i],
                price: self.prices[i],
                premium: self.premiums[i],
                rewards: rewards[i],
            })
            .collect()
    }

    /// The allocations to record on the cover: the pools that took any units, in order.
    pub fn allocations(
        &self,
        pool_ids: &[u32],
    ) -> Result<([CoverAllocation; MAX_COVER_POOLS], u8)> {
        let mut allocations = [CoverAllocation::default(); MAX_COVER_POOLS];
        let mut count = 0;
        for (pool_id, taken) in pool_ids.iter().zip(self.taken) {
            if taken == 0 {
                continue;
            }
            allocations[count] = CoverAllocation {
                pool_id: *pool_id,
                units: u32::try_from(taken).map_err(|_| error!(MutualError::MathOverflow))?,
            };
            count += 1;
        }
        // count ≤ MAX_COVER_POOLS (4): the cast is exact.
        Ok((allocations, count as u8))
    }
}

/// What one segment asks of the pools: `amount` in the cover asset, the capacity `units` it uses, its
/// `period`, the bucket its allocations expire with and the one its rewards finish streaming in, and the
/// asset's `price` and `book_value` it was valued at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Order {
    pub amount: u64,
    pub units: u64,
    pub period: u32,
    pub expiry_bucket: u32,
    pub reward_bucket: u32,
    pub price: AssetPrice,
    pub book_value: u64,
}

impl Order {
    /// The order for `amount` from `start` for `period` with `grace`: its units at the asset's `price` and
    /// `book_value` (`math::cover::cover_units`), the bucket of its end plus grace (allocations) and the bucket
    /// of its end (rewards, PROTOCOL.md §4).
    pub fn new(
        amount: u64,
        price: AssetPrice,
        book_value: u64,
        start: i64,
        period: u32,
        grace: u32,
    ) -> Result<Self> {
        let end = start.safe_add(i64::from(period))?;
        Ok(Order {
            amount,
            units: cover_units(amount, price, book_value)?,
            period,
            expiry_bucket: expiry_bucket(end.safe_add(i64::from(grace))?)?,
            reward_bucket: bucket_id(end)?,
            price,
            book_value,
        })
    }
}

/// Prices and fills an `order` across `listings` in order, then bumps each used listing's price and books its units. Each
/// pool must be processed up to `now`. The one computation behind every cover instruction and the SDK's quote.
///
/// Pool i offers its free capacity (`PoolProduct::capacity`) at its price now (`PoolProduct::price_now`,
/// floored at the product's minimum); the units fill the pools in order (`math::cover::fill_in_order`), each
/// pool's part of the amount is pro rata (`split_amount`) and pays `math::pricing::premium` at that pool's price.
/// The price bump counts only the capacity a pool gives beyond what the same cover just `released` there (an
/// edit's old units, as (pool id, units)): an edit that takes no new capacity bumps nothing (decision 62).
pub fn place_segment(
    listings: &mut [(&Pool, &mut PoolProduct)],
    params: &Params,
    terms: &ProductTerms,
    order: Order,
    released: &[(u32, u64)],
    now: i64,
) -> Result<SegmentQuote> {
    let Order {
        amount,
        units,
        period,
        expiry_bucket,
        ..
    } = order;
    require!(
        !listings.is_empty() && listings.len() <= MAX_COVER_POOLS,
        MutualError::InvalidPoolAccounts
    );
    let mut quote = SegmentQuote {
        units,
        ..SegmentQuote::default()
    };
    let mut free = [0u64; MAX_COVER_POOLS];
    for (i, (pool, listing)) in listings.iter().enumerate() {
        quote.capacities[i] = listing.capacity(
            pool,
            params.capacity_ratio,
            terms.capacity_reduction,
            expiry_bucket,
            now,
        )?;
        free[i] = quote.capacities[i].free;
        quote.prices[i] = listing.price_now(params.price_decay_per_day, terms.min_price, now)?;
    }
    quote.taken = fill_in_order(units, &free[..listings.len()])?;
    quote.amounts = split_amount(amount, &quote.taken)?;
    for (i, (pool, listing)) in listings.iter_mut().enumerate() {
        if quote.taken[i] == 0 {
            continue;
        }
        quote.premiums[i] = premium(quote.amounts[i], quote.prices[i], i64::from(period))?;
        quote.premium = quote.premium.safe_add(quote.premiums[i])?;
        let given_back = released
            .iter()
            .filter(|(id, _)| *id == pool.id)
            .map(|(_, units)| *units)
            .sum::<u64>();
        listing.record_buy_price(
            quote.prices[i],
            params.price_bump,
            quote.taken[i].saturating_sub(given_back),
            quote.capacities[i].total,
            now,
        )?;
        listing.book(quote.taken[i], expiry_bucket, now)?;
    }
    Ok(quote)
}

/// One pool a segment is placed in: three `remaining_accounts`, all writable: the `Pool`, its `PoolProduct` for
/// the cover's product, and its stake vault (where its rewards are minted).
pub struct Leg<'info> {
    pub pool: Account<'info, Pool>,
    pub listing: Account<'info, PoolProduct>,
    pub vault: &'info AccountInfo<'info>,
}

/// The pools of one segment, in the order the buyer gave them.
pub struct Legs<'info> {
    pub legs: Vec<Leg<'info>>,
}

impl<'info> Legs<'info> {
    /// Loads `count` legs from the start of `remaining`, refusing anything that is not, per leg, a writable
    /// `Pool` (owner and discriminator checked by `Account`; only `pool_create` makes one, at its PDA), a
    /// writable `PoolProduct` of that pool and `product`, and that pool's vault. A pool twice is
    /// `DuplicatePool`; a pool the product does not allow, `PoolNotAllowed`; a halted pool, `PoolHalted`. Each
    /// pool is then processed up to `now` (lazily, within the per-instruction bound).
    pub fn load(
        remaining: &'info [AccountInfo<'info>],
        count: usize,
        product: &Account<'info, Product>,
        now: i64,
    ) -> Result<Self> {
        require!(
            (1..=MAX_COVER_POOLS).contains(&count) && remaining.len() >= 3 * count,
            MutualError::InvalidPoolAccounts
        );
        let mut legs: Vec<Leg<'info>> = Vec::with_capacity(count);
        for chunk in remaining[..3 * count].chunks(3) {
            require!(
                chunk.iter().all(|info| info.is_writable),
                MutualError::InvalidPoolAccounts
            );
            let mut pool = Account::<Pool>::try_from(&chunk[0])?;
            let listing = Account::<PoolProduct>::try_from(&chunk[1])?;
            require!(
                listing.pool == pool.key()
                    && listing.product == product.key()
                    && chunk[2].key() == pool.vault,
                MutualError::InvalidPoolAccounts
            );
            require!(
                legs.iter().all(|leg| leg.pool.id != pool.id),
                MutualError::DuplicatePool
            );
            require!(product.allows_pool(pool.id), MutualError::PoolNotAllowed);
            require!(!pool.halted, MutualError::PoolHalted);
            Pool::require_caught_up(pool.process(now, LAZY_PROCESS_STEPS, &mut [])?)?;
            legs.push(Leg {
                pool,
                listing,
                vault: &chunk[2],
            });
        }
        Ok(Legs { legs })
    }

    /// Loads every account of `remaining` as legs: a whole number of triples, 1 to 4 of them.
    pub fn load_all(
        remaining: &'info [AccountInfo<'info>],
        product: &Account<'info, Product>,
        now: i64,
    ) -> Result<Self> {
        require!(
            remaining.len().is_multiple_of(3),
            MutualError::InvalidPoolAccounts
        );
        Self::load(remaining, remaining.len() / 3, product, now)
    }

    pub fn pool_ids(&self) -> Vec<u32> {
        self.legs.iter().map(|leg| leg.pool.id).collect()
    }

    /// `place_segment` over these pools.
    pub fn place(
        &mut self,
        params: &Params,
        terms: &ProductTerms,
        order: Order,
        released: &[(u32, u64)],
        now: i64,
    ) -> Result<SegmentQuote> {
        let mut listings: Vec<(&Pool, &mut PoolProduct)> = self
            .legs
            .iter_mut()
            .map(|leg| (&*leg.pool, &mut *leg.listing))
            .collect();
        place_segment(&mut listings, params, terms, order, released, now)
    }

    /// Mints each pool's rewards for the premium actually `paid` (the whole premium on a buy; less the credit
    /// on an edit) to its vault, valued as the `order` was, and streams them from now to the end of the order's
    /// reward bucket (`Pool::stream_rewards`). Returns the stake minted per pool.
    #[allow(clippy::too_many_arguments)]
    pub fn stream_rewards(
        &mut self,
        quote: &SegmentQuote,
        order: &Order,
        paid: u64,
        rewards_ratio: Bps,
        now: i64,
        signer: &ConfigSigner<'_, 'info>,
        stake_mint: &AccountInfo<'info>,
        stake_token_program: &AccountInfo<'info>,
    ) -> Result<PerPool> {
        let mut minted = [0u64; MAX_COVER_POOLS];
        for (i, leg) in self.legs.iter_mut().enumerate() {
            let share = paid_share(quote.premiums[i], paid, quote.premium)?;
            let reward = reward_stake(share, rewards_ratio, order.price, order.book_value)?;
            if reward == 0 {
                continue;
            }
            signer.mint_to(stake_token_program, stake_mint, leg.vault, reward)?;
            leg.pool.stream_rewards(reward, now, order.reward_bucket)?;
            minted[i] = reward;
        }
        Ok(minted)
    }

    /// Checks each pool and writes the pools and listings back.
    pub fn persist(&self) -> Result<()> {
        for leg in &self.legs {
            leg.pool.invariant()?;
            leg.listing.invariant()?;
            leg.pool.exit(&crate::ID)?;
            leg.listing.exit(&crate::ID)?;
        }
        Ok(())
    }

    /// The listing of `pool_id` among these legs, if any.
    fn listing_of(&mut self, pool_id: u32) -> Option<&mut PoolProduct> {
        self.legs
            .iter_mut()
            .find(|leg| leg.pool.id == pool_id)
            .map(|leg| &mut *leg.listing)
    }
}

/// The listings a cover's current allocations are booked in, to release them: each is one of `legs` (the
/// pools of a new segment) or else one of `extra`, writable `PoolProduct`s of the cover's product, in the
/// order of the cover's pools. Every allocation must find its listing and every extra must be used, else
/// `CoverPoolsMismatch`.
pub fn release_allocations<'info>(
    cover: &Cover,
    legs: &mut Legs<'info>,
    extra: &'info [AccountInfo<'info>],
    now: i64,
) -> Result<Vec<Account<'info, PoolProduct>>> {
    let expiry_bucket = cover.expiry_bucket()?;
    let mut extras = extra.iter();
    let mut released = Vec::with_capacity(extra.len());
    for allocation in cover.pools() {
        let units = u64::from(allocation.units);
        if let Some(listing) = legs.listing_of(allocation.pool_id) {
            listing.unbook(units, expiry_bucket, now)?;
            continue;
        }
        let info = extras.next().ok_or(MutualError::CoverPoolsMismatch)?;
        require!(info.is_writable, MutualError::CoverPoolsMismatch);
        let mut listing = Account::<PoolProduct>::try_from(info)?;
        require!(
            listing.product == cover.product && listing.pool_id == allocation.pool_id,
            MutualError::CoverPoolsMismatch
        );
        listing.unbook(units, expiry_bucket, now)?;
        released.push(listing);
    }
    require!(extras.next().is_none(), MutualError::CoverPoolsMismatch);
    Ok(released)
}

/// Checks and writes back the listings `release_allocations` released outside a segment's own pools.
pub fn persist_released(listings: &[Account<PoolProduct>]) -> Result<()> {
    for listing in listings {
        listing.invariant()?;
        listing.exit(&crate::ID)?;
    }
    Ok(())
}
