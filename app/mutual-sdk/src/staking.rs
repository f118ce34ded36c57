//! Pools and staking off chain: which checkpoints a pool's crank needs, free capacity per pool and product
//! (with the program's own `PoolProduct::capacity`), and listings through `Transport::program_accounts`.
use crate::transport::AccountFilter;
use crate::{fetch, ix, pda, Result, SdkError, Transport};
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{AccountDeserialize, AnchorDeserialize, Discriminator, Space};
use mutual::constants::{ACTIVE_TRANCHES, LAZY_PROCESS_STEPS, MAX_PROCESS_STEPS};
use mutual::math::capacity::ALLOCATION_UNIT;
use mutual::math::periods::expiry_bucket;
/// The tranche a time falls in, and the time a tranche ends: stake locks until a tranche's end.
pub use mutual::math::periods::{tranche_end, tranche_id};
use mutual::math::staking::stake_for_shares;
use mutual::state::{Pool, PoolProduct, PoolTranche, Product, StakePosition, Withdrawal};

/// The tranches whose expiry the pool has not processed yet and that hold stake: the checkpoints
/// `pool_process_expirations` needs to catch up to `now`.
pub fn pending_checkpoints(pool: &Pool, now: i64) -> Vec<u32> {
    (0..ACTIVE_TRANCHES as u32)
        .map(|offset| pool.first_active_tranche + offset)
        .take_while(|id| tranche_end(*id) <= now)
        .filter(|id| pool.tranches[*id as usize % ACTIVE_TRANCHES].stake_shares > 0)
        .collect()
}

/// When the last of `pool`'s active tranches that holds stake ends; `None` when none does.
pub fn last_staked_tranche_end(pool: &Pool) -> Option<i64> {
    (0..ACTIVE_TRANCHES as u32)
        .map(|offset| pool.first_active_tranche + offset)
        .filter(|id| pool.tranches[*id as usize % ACTIVE_TRANCHES].stake_shares > 0)
        .map(tranche_end)
        .max()
}

/// Whether `pool` has no bucket end or tranche expiry left to process up to `now`.
pub fn is_processed(pool: &Pool, now: i64) -> bool {
    let mut probe = pool.clone();
    matches!(probe.process(now, 0, &mut []), Ok(p) if p.caught_up)
}

/// `pool_process_expirations` for `pool` at `now`, with the checkpoints it needs.
pub fn crank(pool: &Pool, now: i64) -> Instruction {
    ix::pool_process_expirations(pool.id, &pending_checkpoints(pool, now))
}

/// The most cranks put in front of one instruction: 8 × 40 boundaries, 24 years of an idle pool.
pub const MAX_CRANKS: usize = 8;

/// The cranks to send, in order, before a pool-touching instruction whose own lazy processing would not reach
/// `now` (a missing checkpoint, or more than `LAZY_PROCESS_STEPS` boundaries); empty when none is needed. A pool
/// idle for more than `MAX_PROCESS_STEPS` boundaries needs several.
pub fn catch_up(pool: &Pool, now: i64) -> Vec<Instruction> {
    cranked(pool, now).0
}

/// `pool` as the next pool-touching instruction sees it at `now`: processed by `catch_up`'s cranks when any is
/// needed (with the checkpoints they create), then by the instruction's own lazy processing.
pub fn as_processed(pool: &Pool, now: i64) -> Pool {
    cranked(pool, now).1
}

/// `catch_up`'s cranks and the pool they and the instruction's lazy processing leave.
fn cranked(pool: &Pool, now: i64) -> (Vec<Instruction>, Pool) {
    let lazily_caught_up = |pool: &Pool| {
        let mut probe = pool.clone();
        matches!(probe.process(now, LAZY_PROCESS_STEPS, &mut []), Ok(p) if p.caught_up)
    };
    let mut pool = pool.clone();
    let mut cranks = Vec::new();
    while cranks.len() < MAX_CRANKS && !lazily_caught_up(&pool) {
        cranks.push(crank(&pool, now));
        let mut checkpoints = fresh_checkpoints(&pool, now, None);
        let mut refs: Vec<&mut PoolTranche> = checkpoints.iter_mut().collect();
        pool = processed_copy(&pool, now, MAX_PROCESS_STEPS, &mut refs);
    }
    let seen = processed_copy(&pool, now, LAZY_PROCESS_STEPS, &mut []);
    (cranks, seen)
}

/// The checkpoints the crank needs at `now`, as new ones (zeroed, then `init`, as a deposit creates them),
/// leaving out tranche `except`: an unexpired checkpoint holds nothing else.
fn fresh_checkpoints(pool: &Pool, now: i64, except: Option<u32>) -> Vec<PoolTranche> {
    let address = pda::pool(pool.id).0;
    pending_checkpoints(pool, now)
        .into_iter()
        .filter(|id| Some(*id) != except)
        .filter_map(|id| {
            let zeroed = [0u8; PoolTranche::INIT_SPACE];
            let mut checkpoint = PoolTranche::deserialize(&mut &zeroed[..]).ok()?;
            checkpoint.init(pda::pool_tranche(&address, id).1, address, id);
            Some(checkpoint)
        })
        .collect()
}

/// What `stake_withdraw(stake, rewards)` of `position` pays at `now`, with the program's own `Pool::process` and
/// `StakePosition::withdraw` run on copies, in the handler's order: the crank `catch_up` puts in front when one is
/// needed, the withdrawal's lazy processing with the position's `checkpoint`, then the withdrawal. Refused with
/// the program's error wherever the chain would refuse it.
pub fn withdrawal(
    pool: &Pool,
    now: i64,
    checkpoint: &PoolTranche,
    position: &StakePosition,
    stake: bool,
    rewards: bool,
) -> Result<Withdrawal> {
    let mut pool = pool.clone();
    let mut checkpoint = checkpoint.clone();
    if !catch_up(&pool, now).is_empty() {
        let mut others = fresh_checkpoints(&pool, now, Some(checkpoint.id));
        let mut refs: Vec<&mut PoolTranche> = others.iter_mut().collect();
        if pending_checkpoints(&pool, now).contains(&checkpoint.id) {
            refs.push(&mut checkpoint);
        }
        pool.process(now, MAX_PROCESS_STEPS, &mut refs)
            .map_err(SdkError::refused)?;
    }
    let processed = pool
        .process(now, LAZY_PROCESS_STEPS, &mut [&mut checkpoint])
        .map_err(SdkError::refused)?;
    Pool::require_caught_up(processed).map_err(SdkError::refused)?;
    position
        .clone()
        .withdraw(&mut checkpoint, pool.acc_reward_per_share, stake, rewards)
        .map_err(SdkError::refused)
}

/// `pool` processed on a copy, or as it was if the processing fails: a refused transaction changes nothing.
fn processed_copy(pool: &Pool, now: i64, steps: u32, checkpoints: &mut [&mut PoolTranche]) -> Pool {
    let mut probe = pool.clone();
    match probe.process(now, steps, checkpoints) {
        Ok(_) => probe,
        Err(_) => pool.clone(),
    }
}

/// Free capacity of one listing, for a cover of `period` seconds bought now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capacity {
    pub pool_id: u32,
    pub product_id: u32,
    pub weight: u16,
    pub target_price_bps: u16,
    /// The annual price a buy pays now (the bump decayed toward the target, floored at the product's minimum).
    pub price_bps: u16,
    /// Stake-token base units of cover the listing can still take.
    pub free: u64,
}

/// One listing of a product, with its pool processed up to `now` as the program would before using it.
#[derive(Clone, Debug)]
pub struct Listing {
    /// The pool as a cover instruction sent after `cranks` sees it.
    pub pool: Pool,
    pub listing: PoolProduct,
    /// The cranks the pool needs first (`catch_up`): a cover instruction processes only `LAZY_PROCESS_STEPS`
    /// boundaries itself and refuses a pool still behind (`PoolProcessingPending`).
    pub cranks: Vec<Instruction>,
}

/// Every pool's listing of `product_id` with a weight above 0, each pool as a cover instruction at `now` sees it
/// after the cranks it needs (off chain, with the program's own `Pool::process`), in pool-id order.
pub fn listings_of(chain: &impl Transport, product_id: u32, now: i64) -> Result<Vec<Listing>> {
    let pools = fetch::pools(chain)?;
    let product_address = pda::product(product_id).0;
    let addresses: Vec<Pubkey> = pools
        .iter()
        .map(|p| pda::pool_product(&pda::pool(p.id).0, &product_address).0)
        .collect();
    let accounts = chain.get_multiple_accounts(&addresses)?;
    let mut rows = Vec::new();
    for (pool, account) in pools.into_iter().zip(accounts) {
        let Some(account) = account else { continue };
        let listing = PoolProduct::try_deserialize(&mut account.data.as_slice())
            .map_err(|e| SdkError::Decode(pda::pool(pool.id).0, e.to_string()))?;
        if listing.target_weight == 0 {
            continue;
        }
        let (cranks, pool) = cranked(&pool, now);
        rows.push(Listing {
            pool,
            listing,
            cranks,
        });
    }
    Ok(rows)
}

/// The capacity of every listing of `product` across all pools, for a cover of `period` seconds from now, by
/// the program's own `PoolProduct::capacity`.
pub fn product_capacity(
    chain: &impl Transport,
    product_id: u32,
    period: i64,
) -> Result<Vec<Capacity>> {
    let config = fetch::config(chain)?;
    let product: Product = fetch::product(chain, product_id)?;
    let now = chain.unix_timestamp()?;
    let terms = &product.terms;
    let expiry =
        expiry_bucket(now + period + i64::from(terms.grace_period)).map_err(SdkError::refused)?;
    listings_of(chain, product_id, now)?
        .iter()
        .map(|Listing { pool, listing, .. }| {
            let capacity = listing
                .capacity(
                    pool,
                    config.params.capacity_ratio,
                    terms.capacity_reduction,
                    expiry,
                    now,
                )
                .map_err(SdkError::refused)?;
            let price = listing
                .price_now(config.params.price_decay_per_day, terms.min_price, now)
                .map_err(SdkError::refused)?;
            Ok(Capacity {
                pool_id: pool.id,
                product_id,
                weight: listing.target_weight,
                target_price_bps: listing.target_price.0,
                price_bps: price.0,
                free: capacity.free.saturating_mul(ALLOCATION_UNIT),
            })
        })
        .collect()
}

/// What `pool_set_products` would leave of pool `pool_id`'s total weight: the handler's rules in its order, on
/// copies (at most 8 listings, none twice, each product existing, `PoolProduct::set_listing`'s weight and price
/// bounds, a deprecated or disallowed product only lowered, `Pool::reweight`'s total). The manager is checked by
/// the caller.
pub fn preview_set_products(
    chain: &impl Transport,
    pool_id: u32,
    listings: &[mutual::instructions::ProductListing],
    now: i64,
) -> Result<u16> {
    use mutual::errors::MutualError;
    let refuse = |e: MutualError| SdkError::refused(e.into());
    if listings.is_empty() || listings.len() > mutual::constants::MAX_PRODUCTS_PER_SET {
        return Err(refuse(MutualError::InvalidProductAccounts));
    }
    for (i, listing) in listings.iter().enumerate() {
        if listings[..i]
            .iter()
            .any(|l| l.product_id == listing.product_id)
        {
            return Err(refuse(MutualError::DuplicateProduct));
        }
    }
    let mut pool = as_processed(&fetch::pool(chain, pool_id)?, now);
    for listing in listings {
        let product = fetch::product(chain, listing.product_id)?;
        let mut pp = match fetch::pool_product(chain, pool_id, listing.product_id)? {
            Some(pp) => pp,
            None => {
                let zeroed = [0u8; PoolProduct::INIT_SPACE];
                let mut pp = PoolProduct::deserialize(&mut &zeroed[..])
                    .map_err(|e| SdkError::Invalid(e.to_string()))?;
                pp.init(
                    0,
                    pda::pool(pool_id).0,
                    pda::product(listing.product_id).0,
                    pool_id,
                    listing.product_id,
                    product.terms.initial_price,
                    mutual::math::periods::bucket_id(now).map_err(SdkError::refused)?,
                    now,
                );
                pp
            }
        };
        let old = pp
            .set_listing(
                listing.weight,
                listing.target_price,
                product.terms.min_price,
            )
            .map_err(SdkError::refused)?;
        if listing.weight > old {
            product
                .require_not_deprecated()
                .map_err(SdkError::refused)?;
            if !product.allows_pool(pool_id) {
                return Err(refuse(MutualError::PoolNotAllowed));
            }
        }
        pool.reweight(old, listing.weight)
            .map_err(SdkError::refused)?;
    }
    Ok(pool.total_weight)
}

/// Every stake position of `owner`, with its address, through getProgramAccounts (owner at its offset).
pub fn positions_of(
    chain: &impl Transport,
    owner: &Pubkey,
) -> Result<Vec<(Pubkey, StakePosition)>> {
    // discriminator 8, version 1, bump 1, pool 32, tranche 4
    const OWNER_OFFSET: usize = 8 + 1 + 1 + 32 + 4;
    owned_by(chain, StakePosition::SIZE, OWNER_OFFSET, owner)
}

/// Every account of type `T` (of `size` bytes) whose owner key, at `offset`, is `owner`.
pub(crate) fn owned_by<T: AccountDeserialize + Discriminator>(
    chain: &impl Transport,
    size: usize,
    offset: usize,
    owner: &Pubkey,
) -> Result<Vec<(Pubkey, T)>> {
    let [size, kind] = AccountFilter::of_type::<T>(size);
    let filters = [
        size,
        kind,
        AccountFilter::Memcmp {
            offset,
            bytes: owner.to_bytes().to_vec(),
        },
    ];
    decode_listing(chain.program_accounts(&filters)?)
}

/// Every account of type `T` the program owns.
pub fn all_of<T: AccountDeserialize + Discriminator>(
    chain: &impl Transport,
    size: usize,
) -> Result<Vec<(Pubkey, T)>> {
    decode_listing(chain.program_accounts(&AccountFilter::of_type::<T>(size))?)
}

pub(crate) fn decode_listing<T: AccountDeserialize>(
    accounts: Vec<(Pubkey, solana_account::Account)>,
) -> Result<Vec<(Pubkey, T)>> {
    accounts
        .into_iter()
        .map(|(address, account)| {
            T::try_deserialize(&mut account.data.as_slice())
                .map(|value| (address, value))
                .map_err(|e| SdkError::Decode(address, e.to_string()))
        })
        .collect()
}

/// The stake `units` of pool capacity stand for (a cover's allocation, a pool's free capacity).
pub fn units_to_stake(units: u64) -> u64 {
    units.saturating_mul(ALLOCATION_UNIT)
}

/// The stake a position's shares are worth in its pool now (`math::staking::stake_for_shares`, rounded down);
/// 0 when the pool cannot value them.
pub fn position_stake(position: &StakePosition, pool: &Pool) -> u64 {
    stake_for_shares(
        position.stake_shares,
        pool.active_stake,
        pool.stake_share_supply,
    )
    .unwrap_or(0)
}
