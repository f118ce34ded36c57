//! Cover: cover_buy across pools with spill-over, dynamic prices (bump and decay), edit, renew and auto-renew,
//! transfer, expiry, status, brokers and commission, with exact premiums, balances and account state.
use anchor_lang::prelude::Pubkey;
use mutual_sdk::{Keypair, Signer};
use mutual_tests::*;

mod auto_renew;
mod bad_input;
mod brokers;
mod buy;
mod conservation;
mod edit_and_renew;
mod pool_fee;
mod sdk;
mod security;
mod transfer_and_expiry;

const YEAR: i64 = 365 * DAY;
const GRACE: i64 = 30 * DAY;

/// Allocation units (0.01 token) that `amount` USDC units use at book value `bv`: both steps rounded up.
fn units_for(amount: u64, bv: u64) -> u64 {
    let stake = (u128::from(amount) * 1_000_000_000).div_ceil(u128::from(bv));
    u64::try_from(stake.div_ceil(10_000_000)).unwrap()
}

/// amount · price · period / (10_000 · 365 d), rounded up.
fn premium_of(amount: u64, price_bps: u64, period: i64) -> u64 {
    let n = u128::from(amount) * u128::from(price_bps) * period as u128;
    u64::try_from(n.div_ceil(10_000 * YEAR as u128)).unwrap()
}

/// Rewards of `premium`: half, in stake at book value `bv`, both rounded down.
fn rewards_of(premium: u64, bv: u64) -> u64 {
    u64::try_from(u128::from(premium / 2) * 1_000_000_000 / u128::from(bv)).unwrap()
}

/// A product backed by one pool (weight 100, 3% target, 1,000 tokens) and a member holding 100,000 USDC.
fn one_pool() -> (TestFixture, CoverMarket, Keypair) {
    let f = TestFixture::bootstrapped();
    let market = f.with_cover_market("Lending", &[(100, 300, 1_000)]);
    let buyer = f.with_funded_member(100_000 * USDC);
    (f, market, buyer)
}

fn usdc(f: &TestFixture, wallet: &Pubkey) -> u64 {
    f.base_balance(wallet)
}

fn listing_units(f: &TestFixture, pool: u32, product: u32) -> u64 {
    f.pool_product(pool, product)
        .allocations
        .iter()
        .map(|u| u64::from(*u))
        .sum()
}

/// The largest amount whose cover uses at most `units`, at book value `bv`.
fn largest_amount_for(units: u64, bv: u64) -> u64 {
    let (mut lo, mut hi) = (1u64, u64::MAX / 2_000_000_000);
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if units_for(mid, bv) <= units {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo
}

/// `cover_edit` of cover 0 of `product` by `owner`, paid from their USDC account, with no premium limit.
fn edit_ix(
    f: &TestFixture,
    owner: &Keypair,
    product: u32,
    pools: &[u32],
    old: &[u32],
    amount: u64,
    period: i64,
) -> anchor_lang::solana_program::instruction::Instruction {
    f.edit_ix(&owner.pubkey(), product, 0, pools, old, amount, period)
}
