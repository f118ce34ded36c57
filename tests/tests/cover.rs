//! Cover: cover_buy across pools with spill-over, dynamic prices (bump and decay), edit, renew and auto-renew,
//! transfer, expiry, status, brokers and commission, with exact premiums, balances and account state.
use anchor_lang::prelude::Pubkey;
use anchor_lang::AnchorDeserialize;
use anchor_spl::token::spl_token;
use mutual::constants::{COVER_BUCKETS, RENEWAL_WINDOW};
use mutual::errors::MutualError;
use mutual::events::{CoverBuyEvent, CoverExpireEvent};
use mutual::instructions::cover::placement::PoolPlacement;
use mutual::instructions::CoverBuyArgs;
use mutual::math::periods::{booking_tranche, bucket_end, bucket_id, expiry_bucket, tranche_slot};
use mutual::math::Bps;
use mutual::state::{pause_area, Cover, CoverAllocation, CoverState, CoverStatus};
use mutual_sdk::prices::{self, PythPrice};
use mutual_sdk::{capital, ix, pda, spl, Keypair, MutualEvent, Signer};
use mutual_tests::*;
use test_case::test_case;

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

// ---- cover_buy ----

#[test]
fn a_buy_charges_the_premium_books_the_cover_and_streams_rewards() {
    // Arrange: 1,000 USDC for 73 days (a fifth of a year) at the pool's 3% target
    let (f, m, buyer) = one_pool();
    let (pool, product) = (m.pools[0], m.product);
    let bv = f.snapshot().book_value;
    let (buyer_usdc, vault, supply, pool_vault) = (
        usdc(&f, &buyer.pubkey()),
        f.vault_balance(),
        f.stake_supply(),
        f.pool_vault_balance(pool),
    );
    let lamports = f.lamports(&buyer.pubkey());
    let amount = 1_000 * USDC;
    let period = 73 * DAY;

    // Act
    let now = f.now();
    let receipt = f.send_ok(
        &[f.cover_buy_ix(&buyer.pubkey(), product, amount, period, 6 * USDC, &[pool])],
        &[&buyer],
    );

    // Assert: 1,000 · 3% · 1/5 = 6 USDC, half of it minted to the pool as stake
    let premium = 6 * USDC;
    assert_eq!(premium_of(amount, 300, period), premium);
    let units = units_for(amount, bv);
    let rewards = rewards_of(premium, bv);
    assert_eq!(usdc(&f, &buyer.pubkey()), buyer_usdc - premium);
    assert_eq!(f.vault_balance(), vault + premium);
    assert_eq!(f.stake_supply(), supply + rewards);
    assert_eq!(f.pool_vault_balance(pool), pool_vault + rewards);
    let address = mutual_sdk::cover::cover_address(product, 0);
    assert_eq!(
        f.lamports(&buyer.pubkey()),
        lamports - f.rent(Cover::SIZE) - SIGNATURE_FEE
    );
    let cover = f.cover(&address).expect("cover");
    let expiry = expiry_bucket(now + period + GRACE).unwrap();
    assert_eq!(
        (
            cover.state,
            cover.product,
            cover.seq,
            cover.owner,
            cover.buyer,
            cover.asset,
        ),
        (
            CoverState::Active,
            pda::product(product).0,
            0,
            buyer.pubkey(),
            buyer.pubkey(),
            f.deployment().base_mint,
        )
    );
    assert_eq!(
        (
            cover.amount,
            cover.start,
            cover.period,
            cover.grace,
            cover.premium,
            cover.paid_out
        ),
        (amount, now, period as u32, GRACE as u32, premium, 0)
    );
    assert_eq!(cover.wording_hash, [0xAB; 32]);
    assert_eq!(
        cover.pools(),
        &[CoverAllocation {
            pool_id: pool,
            units: units as u32
        }]
    );
    assert_eq!(
        (cover.renew_max_premium, cover.claim_count, cover.open_claim),
        (0, 0, false)
    );
    assert_eq!(f.product(product).next_cover_seq, 1);
    // The listing: units booked in the tranche behind the expiry bucket, the price bumped by 5% of the
    // share of the 200,000-unit capacity (1,000 tokens · 2x) taken, rounded down.
    let listing = f.pool_product(pool, product);
    assert_eq!(
        listing.allocations[tranche_slot(booking_tranche(expiry).unwrap())],
        units as u32
    );
    assert_eq!(
        listing.expiring[expiry as usize % COVER_BUCKETS],
        units as u32
    );
    assert_eq!(
        listing.bumped_price,
        Bps(300 + (500 * units / 200_000) as u16)
    );
    assert_eq!(listing.bumped_at, now);
    // The asset's active cover, by expiry bucket.
    let asset = f.base_asset();
    assert_eq!(asset.active_cover_amount, amount);
    assert_eq!(
        asset.cover_expiring[expiry as usize % COVER_BUCKETS],
        amount
    );
    assert_eq!(asset.capital_balance, f.vault_balance());
    // The rewards stream until the end of the cover's bucket.
    let end_bucket = bucket_id(now + period).unwrap();
    let rate = u128::from(rewards) * 1_000_000_000_000 / (bucket_end(end_bucket) - now) as u128;
    let pool_state = f.pool(pool);
    assert_eq!(pool_state.reward_rate, rate);
    assert_eq!(pool_state.rate_decreases[end_bucket as usize % 16], rate);
    assert_eq!(
        only_event(&receipt),
        MutualEvent::CoverBuyEvent(CoverBuyEvent {
            cover: address,
            product_id: product,
            seq: 0,
            owner: buyer.pubkey(),
            buyer: buyer.pubkey(),
            asset: f.deployment().base_mint,
            amount,
            start: now,
            period: period as u32,
            premium,
            commission: 0,
            placement: vec![PoolPlacement {
                pool_id: pool,
                units,
                price: Bps(300),
                premium,
                rewards,
            }],
        })
    );
}

#[test]
fn the_first_cover_costs_less_than_0_003_sol_of_rent() {
    let (f, m, buyer) = one_pool();
    let address = f.buy_cover(&buyer, m.product, 100 * USDC, 30 * DAY, &m.pools);
    let rent = f.lamports(&address);
    println!(
        "rent of a first cover purchase: {rent} lamports ({:.6} SOL, {} bytes); Sure pays about 0.063 SOL",
        rent as f64 / 1e9,
        Cover::SIZE
    );
    assert_eq!(rent, f.rent(Cover::SIZE));
    assert!(rent <= 3_000_000);
}

/// (amount in USDC units, period in days, target bps, days since a bump to 9%) → premium, by hand.
#[test_case(1_000 * USDC, 365, 300, None => 30 * USDC; "a year at the 3% target")]
#[test_case(1_000 * USDC, 28, 300, None => 2_301_370; "28 days: 2.30136986 rounded up")]
#[test_case(12_345_678, 100, 250, None => 84_560; "odd amounts: 84,559.44 rounded up")]
#[test_case(1_000 * USDC, 365, 300, Some(1) => 70 * USDC; "a day after a bump to 9%: 7%")]
#[test_case(1_000 * USDC, 365, 300, Some(2) => 50 * USDC; "two days: 5%")]
#[test_case(1_000 * USDC, 365, 300, Some(5) => 30 * USDC; "decayed back to the target")]
#[test_case(1, 28, 100, None => 1; "a unit of cover still pays a unit")]
fn premiums_match_a_hand_computed_table(
    amount: u64,
    days: i64,
    target: u16,
    since_bump: Option<i64>,
) -> u64 {
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Table", &[(100, target, 1_000_000)]);
    let buyer = f.with_funded_member(100_000 * USDC);
    if let Some(days_ago) = since_bump {
        let mut listing = f.pool_product(m.pools[0], m.product);
        listing.bumped_price = Bps(900);
        listing.bumped_at = f.now() - days_ago * DAY;
        let address = pda::pool_product(&pda::pool(m.pools[0]).0, &pda::product(m.product).0).0;
        f.write_anchor_account(&address, &listing);
    }
    let before = usdc(&f, &buyer.pubkey());
    let address = f.buy_cover(&buyer, m.product, amount, days * DAY, &m.pools);
    let paid = before - usdc(&f, &buyer.pubkey());
    assert_eq!(f.cover(&address).unwrap().premium, paid);
    paid
}

#[test]
fn a_buy_spills_over_three_pools_in_the_order_given() {
    // Arrange: pools of 10, 20 and 1,000 tokens at weight 100 (2x): 2,000, 4,000 and 200,000 units
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market(
        "Spill",
        &[(100, 400, 10), (100, 200, 20), (100, 300, 1_000)],
    );
    let buyer = f.with_funded_member(100_000 * USDC);
    let bv = f.snapshot().book_value;
    let amount = 100 * USDC;
    let units = units_for(amount, bv);
    assert!(units > 6_000 && units < 206_000);

    // Act
    let receipt = f.send_ok(
        &[f.cover_buy_ix(&buyer.pubkey(), m.product, amount, YEAR, u64::MAX, &m.pools)],
        &[&buyer],
    );

    // Assert: the first two fill up, the third takes the rest; each part pays its pool's price
    let taken = [2_000, 4_000, units - 6_000];
    let parts = [
        amount * 2_000 / units,
        amount * 4_000 / units,
        amount - amount * 2_000 / units - amount * 4_000 / units,
    ];
    let prices = [400, 200, 300];
    let MutualEvent::CoverBuyEvent(event) = only_event(&receipt) else {
        panic!("not a buy")
    };
    for i in 0..3 {
        assert_eq!(event.placement[i].pool_id, m.pools[i]);
        assert_eq!(event.placement[i].units, taken[i]);
        assert_eq!(event.placement[i].price, Bps(prices[i]));
        assert_eq!(
            event.placement[i].premium,
            premium_of(parts[i], prices[i].into(), YEAR)
        );
        assert_eq!(listing_units(&f, m.pools[i], m.product), taken[i]);
    }
    let premium: u64 = (0..3)
        .map(|i| premium_of(parts[i], prices[i].into(), YEAR))
        .sum();
    assert_eq!(event.premium, premium);
    let cover = f
        .cover(&mutual_sdk::cover::cover_address(m.product, 0))
        .unwrap();
    assert_eq!(cover.pool_count, 3);
    assert_eq!(
        cover
            .pools()
            .iter()
            .map(|a| u64::from(a.units))
            .collect::<Vec<_>>(),
        taken.to_vec()
    );
    // A full pool ahead of others is skipped next time: the first two have nothing left.
    let next = f.send_ok(
        &[f.cover_buy_ix(&buyer.pubkey(), m.product, USDC, YEAR, u64::MAX, &m.pools)],
        &[&buyer],
    );
    let MutualEvent::CoverBuyEvent(next) = only_event(&next) else {
        panic!("not a buy")
    };
    assert_eq!(
        next.placement.iter().map(|p| p.units).collect::<Vec<_>>(),
        vec![0, 0, units_for(USDC, bv)]
    );
    let second = f
        .cover(&mutual_sdk::cover::cover_address(m.product, 1))
        .unwrap();
    assert_eq!(second.pools()[0].pool_id, m.pools[2]);
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

#[test]
fn a_buy_that_exactly_fills_capacity_succeeds_and_one_unit_more_fails() {
    // Arrange: two pools of 10 tokens each: 2,000 + 2,000 units
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Full", &[(100, 300, 10), (100, 300, 10)]);
    let buyer = f.with_funded_member(100_000 * USDC);
    let bv = f.snapshot().book_value;
    let exact = largest_amount_for(4_000, bv);
    assert_eq!(units_for(exact + 1, bv), 4_001);

    // Act / Assert: one unit of cover more than the two pools hold is refused, and nothing changes
    let listings: Vec<Pubkey> = m
        .pools
        .iter()
        .map(|p| pda::pool_product(&pda::pool(*p).0, &pda::product(m.product).0).0)
        .collect();
    let buy = |amount| f.cover_buy_ix(&buyer.pubkey(), m.product, amount, YEAR, u64::MAX, &m.pools);
    f.send_err_unchanged(
        &[buy(exact + 1)],
        &[&buyer],
        MutualError::InsufficientCapacity,
        &[
            listings[0],
            listings[1],
            f.deployment().base_vault,
            pda::product(m.product).0,
        ],
    );
    f.send_ok(&[buy(exact)], &[&buyer]);
    assert_eq!(listing_units(&f, m.pools[0], m.product), 2_000);
    assert_eq!(listing_units(&f, m.pools[1], m.product), 2_000);
    f.send_err(&[buy(1)], &[&buyer], MutualError::InsufficientCapacity);
}

#[test]
fn the_price_bumps_with_each_buy_and_decays_2_percent_a_day() {
    // Arrange: 1,000 tokens at 2x is 200,000 units; a 3% target
    let (f, m, buyer) = one_pool();
    let (pool, product) = (m.pools[0], m.product);
    let bv = f.snapshot().book_value;
    let amount = largest_amount_for(80_000, bv); // 40% of the capacity: +2%

    // Act: buy 40%, then look each day
    f.buy_cover(&buyer, product, amount, YEAR, &m.pools);
    let bumped = 300 + (500 * units_for(amount, bv)).div_ceil(200_000) as u16;
    assert_eq!(bumped, 500);
    let quote = |f: &TestFixture| {
        mutual_sdk::cover::CoverMarket::load(&f.chain, product, &f.deployment().base_mint)
            .unwrap()
            .quote(USDC, YEAR as u32, Bps::ZERO, &[pool])
            .unwrap()
            .placement
            .prices[0]
    };
    assert_eq!(quote(&f), Bps(500));
    f.warp_seconds(DAY / 2);
    assert_eq!(quote(&f), Bps(400));
    f.warp_seconds(DAY / 2);
    assert_eq!(quote(&f), Bps(300));
    f.warp_days(3);
    assert_eq!(quote(&f), Bps(300), "never below the target");

    // A second buy pays the decayed price and bumps from there
    let before = usdc(&f, &buyer.pubkey());
    f.buy_cover(&buyer, product, 1_000 * USDC, YEAR, &m.pools);
    assert_eq!(before - usdc(&f, &buyer.pubkey()), 30 * USDC);
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

/// `cover_renew` of cover 0 of `product` by `owner`, with no premium limit.
fn renew_ix(
    f: &TestFixture,
    owner: &Keypair,
    product: u32,
    pools: &[u32],
) -> anchor_lang::solana_program::instruction::Instruction {
    f.renew_ix(&owner.pubkey(), product, 0, pools)
}

// ---- edit and renew ----

#[test]
fn an_edit_credits_exactly_the_unused_premium_and_releases_the_old_allocation() {
    // Arrange: 1,000 USDC for 100 days at 3%, then 40 days pass
    let (f, m, buyer) = one_pool();
    let (pool, product) = (m.pools[0], m.product);
    let cover = f.buy_cover(&buyer, product, 1_000 * USDC, 100 * DAY, &m.pools);
    let old = f.cover(&cover).unwrap();
    f.warp_days(40);
    let now = f.now();
    // the book value the edit places at: the first premium already counts (decision 64)
    let bv = f.snapshot().book_value;
    // The listing's price has decayed back to its 3% target by now.
    let before = usdc(&f, &buyer.pubkey());
    let vault = f.vault_balance();

    // Act: 2,000 USDC for 200 days from now
    let edit = edit_ix(
        &f,
        &buyer,
        product,
        &[pool],
        &[pool],
        2_000 * USDC,
        200 * DAY,
    );
    let receipt = f.send_ok(&[edit], &[&buyer]);

    // Assert: credit = 60% of the old premium, rounded down; only the difference is paid
    let credit = old.premium * 60 / 100;
    let premium = premium_of(2_000 * USDC, 300, 200 * DAY);
    assert_eq!(before - usdc(&f, &buyer.pubkey()), premium - credit);
    assert_eq!(f.vault_balance(), vault + premium - credit);
    let MutualEvent::CoverEditEvent(event) = only_event(&receipt) else {
        panic!("not an edit")
    };
    assert_eq!(
        (
            event.old_amount,
            event.credit,
            event.premium,
            event.paid,
            event.start
        ),
        (1_000 * USDC, credit, premium, premium - credit, now)
    );
    let edited = f.cover(&cover).unwrap();
    assert_eq!(
        (edited.amount, edited.start, edited.period, edited.premium),
        (2_000 * USDC, now, 200 * DAY as u32, premium)
    );
    // The old units are released and the new ones booked; active cover moves with them.
    assert_eq!(
        listing_units(&f, pool, product),
        units_for(2_000 * USDC, bv)
    );
    let asset = f.base_asset();
    assert_eq!(asset.active_cover_amount, 2_000 * USDC);
    let old_expiry = old.expiry_bucket().unwrap() as usize % COVER_BUCKETS;
    let new_expiry = edited.expiry_bucket().unwrap() as usize % COVER_BUCKETS;
    assert_ne!(old_expiry, new_expiry);
    assert_eq!(asset.cover_expiring[old_expiry], 0);
    assert_eq!(asset.cover_expiring[new_expiry], 2_000 * USDC);
    // Rewards are minted only on what was paid beyond the credit, at the book value before the edit.
    assert_eq!(event.placement[0].rewards, rewards_of(premium - credit, bv));
}

#[test]
fn an_edit_to_a_smaller_cover_pays_nothing_and_forfeits_the_excess_credit() {
    let (f, m, buyer) = one_pool();
    let cover = f.buy_cover(&buyer, m.product, 1_000 * USDC, YEAR, &m.pools);
    f.warp_days(5);
    let before = usdc(&f, &buyer.pubkey());
    let supply = f.stake_supply();
    let edit = ix::cover_edit(
        &buyer.pubkey(),
        m.product,
        0,
        &f.base_cover_asset(),
        &f.deployment().base_account(&buyer.pubkey()),
        &m.pools,
        &m.pools,
        100 * USDC,
        30 * DAY as u32,
        0,
    );
    f.send_ok(&[edit], &[&buyer]);
    assert_eq!(usdc(&f, &buyer.pubkey()), before);
    assert_eq!(f.stake_supply(), supply, "nothing paid, nothing minted");
    assert_eq!(f.cover(&cover).unwrap().amount, 100 * USDC);
}

#[test]
fn an_edit_moves_the_cover_to_other_pools_and_releases_the_old_ones() {
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Move", &[(100, 300, 1_000), (100, 300, 1_000)]);
    let buyer = f.with_funded_member(100_000 * USDC);
    f.buy_cover(&buyer, m.product, 1_000 * USDC, YEAR, &m.pools[..1]);
    let edit = |old: &[u32]| {
        edit_ix(
            &f,
            &buyer,
            m.product,
            &m.pools[1..],
            old,
            1_000 * USDC,
            YEAR,
        )
    };
    // Without the old pool's listing the edit can't release it.
    f.send_err(&[edit(&[])], &[&buyer], MutualError::CoverPoolsMismatch);
    // The old pool keeps streaming the rewards of what it was paid, so leaving it earns no credit: the new pool
    // is paid in full (no cover at half price at the old pool's stakers' expense).
    let before = usdc(&f, &buyer.pubkey());
    let bv = f.snapshot().book_value;
    let receipt = f.send_ok(&[edit(&m.pools[..1])], &[&buyer]);
    let MutualEvent::CoverEditEvent(event) = only_event(&receipt) else {
        panic!("not an edit")
    };
    assert_eq!((event.credit, event.paid), (0, event.premium));
    assert_eq!(
        before - usdc(&f, &buyer.pubkey()),
        premium_of(1_000 * USDC, 300, YEAR)
    );
    assert_eq!(listing_units(&f, m.pools[0], m.product), 0);
    // placed at the book value before the edit: its premium counts from the edit on (decision 64)
    assert_eq!(
        listing_units(&f, m.pools[1], m.product),
        units_for(1_000 * USDC, bv)
    );
}

#[test]
fn a_renewal_continues_from_the_old_end_and_charges_the_full_premium() {
    // Arrange: a 60-day cover, renewed 3 days before its end
    let (f, m, buyer) = one_pool();
    let cover = f.buy_cover(&buyer, m.product, 1_000 * USDC, 60 * DAY, &m.pools);
    let old = f.cover(&cover).unwrap();
    let old_end = old.end().unwrap();
    f.warp_seconds(old_end - f.now() - 3 * DAY);
    let before = usdc(&f, &buyer.pubkey());
    let renew = renew_ix(&f, &buyer, m.product, &m.pools);
    let (old_units, bv) = (
        listing_units(&f, m.pools[0], m.product),
        f.snapshot().book_value,
    );

    let market =
        mutual_sdk::cover::CoverMarket::load(&f.chain, m.product, &f.deployment().base_mint)
            .unwrap();
    let quoted = market
        .quote_from(old_end, old.amount, old.period, Bps::ZERO, &m.pools)
        .unwrap();

    // Act
    let receipt = f.send_ok(&[renew], &[&buyer]);

    // Assert: nothing credited; the same amount and period from the old end, as the SDK quoted it
    let premium = premium_of(1_000 * USDC, 300, 60 * DAY);
    assert_eq!(quoted.total, premium);
    assert_eq!(before - usdc(&f, &buyer.pubkey()), premium);
    let renewed = f.cover(&cover).unwrap();
    assert_eq!(
        (
            renewed.start,
            renewed.period,
            renewed.amount,
            renewed.premium
        ),
        (old_end, old.period, old.amount, premium)
    );
    let MutualEvent::CoverRenewEvent(event) = only_event(&receipt) else {
        panic!("not a renewal")
    };
    assert_eq!(
        (event.by, event.automatic, event.start, event.premium),
        (buyer.pubkey(), false, old_end, premium)
    );
    // The old segment keeps its allocation until its bucket ends: both count for now, the new one placed at the
    // book value before the renewal (its own premium counts from the renewal on).
    let units = units_for(1_000 * USDC, bv);
    assert_eq!(listing_units(&f, m.pools[0], m.product), old_units + units);
    assert!(renewed.is_active(old_end + 1).unwrap());
}

#[test]
fn a_renewal_outside_the_last_7_days_is_refused_unchanged() {
    let (f, m, buyer) = one_pool();
    let cover = f.buy_cover(&buyer, m.product, 1_000 * USDC, 60 * DAY, &m.pools);
    let end = f.cover(&cover).unwrap().end().unwrap();
    let renew = |f: &TestFixture| renew_ix(f, &buyer, m.product, &m.pools);
    f.warp_seconds(end - f.now() - RENEWAL_WINDOW - 1);
    f.send_err_unchanged(
        &[renew(&f)],
        &[&buyer],
        MutualError::RenewalWindowClosed,
        &[cover],
    );
    f.warp_seconds(RENEWAL_WINDOW + 1);
    f.send_err_unchanged(
        &[renew(&f)],
        &[&buyer],
        MutualError::RenewalWindowClosed,
        &[cover],
    );
}

// ---- auto-renewal ----

fn approve_ix(
    f: &TestFixture,
    owner: &Pubkey,
    amount: u64,
) -> anchor_lang::solana_program::instruction::Instruction {
    spl::approve(
        &f.deployment().base_token_program,
        &f.deployment().base_account(owner),
        &pda::config().0,
        owner,
        amount,
    )
    .unwrap()
}

fn auto_renew_ix(
    f: &TestFixture,
    cranker: &Pubkey,
    owner: &Pubkey,
    m: &CoverMarket,
) -> anchor_lang::solana_program::instruction::Instruction {
    f.auto_renew_ix(cranker, owner, m.product, 0, &m.pools)
}

#[test]
fn auto_renewal_within_the_cap_then_above_it_then_after_cancel() {
    // Arrange: a 60-day cover; the owner allows renewals up to 5 USDC and approves the config PDA for it
    let (f, m, buyer) = one_pool();
    let cover = f.buy_cover(&buyer, m.product, 1_000 * USDC, 60 * DAY, &m.pools);
    let premium = premium_of(1_000 * USDC, 300, 60 * DAY);
    assert_eq!(premium, 4_931_507);
    f.send_ok(
        &[
            approve_ix(&f, &buyer.pubkey(), 5 * USDC),
            ix::cover_auto_renew_set(&buyer.pubkey(), &cover, 5 * USDC),
        ],
        &[&buyer],
    );
    assert_eq!(f.cover(&cover).unwrap().renew_max_premium, 5 * USDC);
    let cranker = f.new_wallet(1);

    // Before the window the crank is refused
    f.send_err(
        &[auto_renew_ix(&f, &cranker.pubkey(), &buyer.pubkey(), &m)],
        &[&cranker],
        MutualError::RenewalWindowClosed,
    );

    // Act: within the last 7 days anyone cranks it, and the owner pays from the approved account
    let end = f.cover(&cover).unwrap().end().unwrap();
    f.warp_seconds(end - f.now() - DAY);
    let before = usdc(&f, &buyer.pubkey());
    let receipt = f.send_ok(
        &[auto_renew_ix(&f, &cranker.pubkey(), &buyer.pubkey(), &m)],
        &[&cranker],
    );

    // Assert
    assert_eq!(before - usdc(&f, &buyer.pubkey()), premium);
    let renewed = f.cover(&cover).unwrap();
    assert_eq!((renewed.start, renewed.premium), (end, premium));
    let MutualEvent::CoverRenewEvent(event) = only_event(&receipt) else {
        panic!("not a renewal")
    };
    assert!(event.automatic);
    assert_eq!(event.by, cranker.pubkey());
    let account =
        mutual_sdk::fetch::token_account(&f.chain, &f.deployment().base_account(&buyer.pubkey()))
            .unwrap()
            .unwrap();
    assert_eq!(account.delegated_amount, 5 * USDC - premium);

    // Above the cap: the next renewal (at a bumped price) costs more than the 5 USDC cap allows
    let end = renewed.end().unwrap();
    f.warp_seconds(end - f.now() - DAY);
    f.send_ok(
        &[ix::cover_auto_renew_set(
            &buyer.pubkey(),
            &cover,
            premium - 1,
        )],
        &[&buyer],
    );
    f.send_err_unchanged(
        &[auto_renew_ix(&f, &cranker.pubkey(), &buyer.pubkey(), &m)],
        &[&cranker],
        MutualError::RenewPremiumAboveCap,
        &[cover, f.deployment().base_vault],
    );

    // After cancel: refused
    f.send_ok(
        &[ix::cover_auto_renew_cancel(&buyer.pubkey(), &cover)],
        &[&buyer],
    );
    f.send_err(
        &[auto_renew_ix(&f, &cranker.pubkey(), &buyer.pubkey(), &m)],
        &[&cranker],
        MutualError::AutoRenewOff,
    );
}

#[test]
fn auto_renewal_without_the_approval_or_on_changed_wording_is_refused() {
    let (f, m, buyer) = one_pool();
    let cover = f.buy_cover(&buyer, m.product, 1_000 * USDC, 60 * DAY, &m.pools);
    f.send_ok(
        &[ix::cover_auto_renew_set(&buyer.pubkey(), &cover, 10 * USDC)],
        &[&buyer],
    );
    let end = f.cover(&cover).unwrap().end().unwrap();
    f.warp_seconds(end - f.now() - DAY);
    let cranker = f.new_wallet(1);
    // No approval at all
    f.send_err_unchanged(
        &[auto_renew_ix(&f, &cranker.pubkey(), &buyer.pubkey(), &m)],
        &[&cranker],
        MutualError::RenewNotApproved,
        &[cover],
    );
    // An approval below the premium
    f.send_ok(&[approve_ix(&f, &buyer.pubkey(), USDC)], &[&buyer]);
    f.send_err(
        &[auto_renew_ix(&f, &cranker.pubkey(), &buyer.pubkey(), &m)],
        &[&cranker],
        MutualError::RenewNotApproved,
    );
    // The approval revoked
    f.send_ok(&[approve_ix(&f, &buyer.pubkey(), 10 * USDC)], &[&buyer]);
    let revoke = spl::revoke(
        &f.deployment().base_token_program,
        &f.deployment().base_account(&buyer.pubkey()),
        &buyer.pubkey(),
    )
    .unwrap();
    f.send_ok(&[revoke], &[&buyer]);
    f.send_err(
        &[auto_renew_ix(&f, &cranker.pubkey(), &buyer.pubkey(), &m)],
        &[&cranker],
        MutualError::RenewNotApproved,
    );
    // New wording: the owner must renew by hand to accept it
    f.send_ok(&[approve_ix(&f, &buyer.pubkey(), 10 * USDC)], &[&buyer]);
    let mut terms = f.product(m.product).terms;
    terms.wording_hash = [0xCD; 32];
    f.send_ok(
        &[ix::product_update(&f.deployer().pubkey(), m.product, terms)],
        &[f.deployer()],
    );
    f.send_err(
        &[auto_renew_ix(&f, &cranker.pubkey(), &buyer.pubkey(), &m)],
        &[&cranker],
        MutualError::WordingChanged,
    );
}

#[test]
fn security_has_one_auto_renewal_cannot_charge_another_wallets_approved_account() {
    // A victim approved the config PDA on their USDC; the attacker's own cover has auto-renew on.
    let (f, m, attacker) = one_pool();
    let victim = f.with_funded_member(1_000 * USDC);
    f.send_ok(
        &[approve_ix(&f, &victim.pubkey(), 1_000 * USDC)],
        &[&victim],
    );
    let cover = f.buy_cover(&attacker, m.product, 1_000 * USDC, 60 * DAY, &m.pools);
    f.send_ok(
        &[ix::cover_auto_renew_set(
            &attacker.pubkey(),
            &cover,
            100 * USDC,
        )],
        &[&attacker],
    );
    let end = f.cover(&cover).unwrap().end().unwrap();
    f.warp_seconds(end - f.now() - DAY);
    f.send_err_unchanged(
        &[auto_renew_ix(&f, &attacker.pubkey(), &victim.pubkey(), &m)],
        &[&attacker],
        MutualError::NotCoverOwner,
        &[f.deployment().base_account(&victim.pubkey()), cover],
    );
}

#[test]
fn auto_renewal_uses_the_covers_own_pools_in_order() {
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Own", &[(100, 300, 1_000), (100, 900, 1_000)]);
    let buyer = f.with_funded_member(100_000 * USDC);
    let cover = f.buy_cover(&buyer, m.product, 1_000 * USDC, 60 * DAY, &m.pools[..1]);
    f.send_ok(
        &[
            approve_ix(&f, &buyer.pubkey(), 100 * USDC),
            ix::cover_auto_renew_set(&buyer.pubkey(), &cover, 100 * USDC),
        ],
        &[&buyer],
    );
    let end = f.cover(&cover).unwrap().end().unwrap();
    f.warp_seconds(end - f.now() - DAY);
    let cranker = f.new_wallet(1);
    let expensive = CoverMarket {
        product: m.product,
        pools: vec![m.pools[1]],
        managers: vec![],
    };
    f.send_err(
        &[auto_renew_ix(
            &f,
            &cranker.pubkey(),
            &buyer.pubkey(),
            &expensive,
        )],
        &[&cranker],
        MutualError::CoverPoolsMismatch,
    );
}

// ---- brokers ----

#[test]
fn a_broker_buys_for_a_non_member_and_the_commission_arrives_to_the_unit() {
    // Arrange: a broker (a member the authority marked) with a commission account
    let (f, m, broker) = one_pool();
    f.send_ok(
        &[ix::member_set_broker(
            &f.deployer().pubkey(),
            &broker.pubkey(),
            true,
        )],
        &[f.deployer()],
    );
    let customer = Keypair::new();
    let fees = f.new_wallet(1);
    let fees_account = f.faucet(&fees.pubkey(), 0);
    let before = usdc(&f, &broker.pubkey());
    let amount = 1_000 * USDC;
    let premium = premium_of(amount, 300, YEAR);
    let commission = premium * 1_250 / 10_000;
    let buy = |max_premium| {
        ix::cover_buy(
            &broker.pubkey(),
            m.product,
            0,
            &f.base_cover_asset(),
            &f.deployment().base_account(&broker.pubkey()),
            Some(fees_account),
            &m.pools,
            CoverBuyArgs {
                owner: customer.pubkey(),
                amount,
                period: YEAR as u32,
                max_premium,
                commission_bps: Bps(1_250),
            },
        )
    };

    // The premium limit covers the commission too
    f.send_err(
        &[buy(premium + commission - 1)],
        &[&broker],
        MutualError::PremiumTooHigh,
    );
    let receipt = f.send_ok(&[buy(premium + commission)], &[&broker]);

    // Assert
    assert_eq!(f.base_balance(&fees.pubkey()), commission);
    assert_eq!(commission, 3_750_000);
    assert_eq!(before - usdc(&f, &broker.pubkey()), premium + commission);
    let cover = f
        .cover(&mutual_sdk::cover::cover_address(m.product, 0))
        .unwrap();
    assert_eq!(
        (cover.owner, cover.buyer),
        (customer.pubkey(), broker.pubkey())
    );
    assert!(f.member(&customer.pubkey()).is_none());
    let MutualEvent::CoverBuyEvent(event) = only_event(&receipt) else {
        panic!("not a buy")
    };
    assert_eq!((event.premium, event.commission), (premium, commission));
}

#[test]
fn a_member_who_is_not_a_broker_cannot_buy_for_another_owner() {
    let (f, m, buyer) = one_pool();
    let mut ix = f.cover_buy_ix(&buyer.pubkey(), m.product, USDC, YEAR, u64::MAX, &m.pools);
    let args = CoverBuyArgs {
        owner: Pubkey::new_unique(),
        amount: USDC,
        period: YEAR as u32,
        max_premium: u64::MAX,
        commission_bps: Bps::ZERO,
    };
    ix.data = anchor_lang::InstructionData::data(&mutual::instruction::CoverBuy { args });
    f.send_err(&[ix], &[&buyer], MutualError::NotBroker);
}

#[test]
fn a_commission_above_the_maximum_or_without_its_account_is_refused() {
    let (f, m, buyer) = one_pool();
    let buy = |bps: u16, to: Option<Pubkey>| {
        ix::cover_buy(
            &buyer.pubkey(),
            m.product,
            0,
            &f.base_cover_asset(),
            &f.deployment().base_account(&buyer.pubkey()),
            to,
            &m.pools,
            CoverBuyArgs {
                owner: buyer.pubkey(),
                amount: USDC,
                period: YEAR as u32,
                max_premium: u64::MAX,
                commission_bps: Bps(bps),
            },
        )
    };
    let to = Some(f.deployment().base_account(&buyer.pubkey()));
    f.send_err(&[buy(3_001, to)], &[&buyer], MutualError::CommissionTooHigh);
    f.send_err(
        &[buy(100, None)],
        &[&buyer],
        MutualError::InvalidCommissionAccount,
    );
    f.send_err(
        &[buy(100, Some(f.deployment().base_vault))],
        &[&buyer],
        MutualError::DuplicateAccount,
    );
}

// ---- bad input ----

enum Bad {
    ShortPeriod,
    LongPeriod,
    Deprecated,
    Paused,
    HaltedPool,
    PoolNotAllowed,
    SamePoolTwice,
    ZeroAmount,
    HugeAmount,
    PremiumTooHigh,
    NoPools,
}

#[test_case(Bad::ShortPeriod, MutualError::InvalidCoverPeriod; "27 days")]
#[test_case(Bad::LongPeriod, MutualError::InvalidCoverPeriod; "366 days")]
#[test_case(Bad::Deprecated, MutualError::ProductDeprecated; "a deprecated product")]
#[test_case(Bad::Paused, MutualError::ProtocolPaused; "buying paused")]
#[test_case(Bad::HaltedPool, MutualError::PoolHalted; "a halted pool")]
#[test_case(Bad::PoolNotAllowed, MutualError::PoolNotAllowed; "a pool off the allow-list")]
#[test_case(Bad::SamePoolTwice, MutualError::DuplicatePool; "the same pool twice")]
#[test_case(Bad::ZeroAmount, MutualError::ZeroAmount; "zero")]
#[test_case(Bad::HugeAmount, MutualError::MathOverflow; "near u64 max")]
#[test_case(Bad::PremiumTooHigh, MutualError::PremiumTooHigh; "above max_premium")]
#[test_case(Bad::NoPools, MutualError::InvalidPoolAccounts; "no pools")]
fn a_bad_buy_is_refused_and_changes_nothing(bad: Bad, expected: MutualError) {
    let (f, m, buyer) = one_pool();
    let (pool, product) = (m.pools[0], m.product);
    let mut amount = 1_000 * USDC;
    let mut period = YEAR;
    let mut max_premium = u64::MAX;
    let mut pools = vec![pool];
    match bad {
        Bad::ShortPeriod => period = 27 * DAY,
        Bad::LongPeriod => period = YEAR + DAY,
        Bad::Deprecated | Bad::PoolNotAllowed => {
            let mut terms = f.product(product).terms;
            match bad {
                Bad::Deprecated => terms.deprecated = true,
                _ => {
                    let (_, other) = f.with_pool();
                    terms.allowed_pools = vec![other];
                }
            }
            f.send_ok(
                &[ix::product_update(&f.deployer().pubkey(), product, terms)],
                &[f.deployer()],
            );
        }
        Bad::Paused => {
            f.send_ok(
                &[ix::protocol_pause(&f.deployer().pubkey(), pause_area::BUY)],
                &[f.deployer()],
            );
        }
        Bad::HaltedPool => {
            let mut state = f.pool(pool);
            state.halted = true;
            f.write_anchor_account(&pda::pool(pool).0, &state);
        }
        Bad::SamePoolTwice => pools = vec![pool, pool],
        Bad::ZeroAmount => amount = 0,
        Bad::HugeAmount => amount = u64::MAX,
        Bad::PremiumTooHigh => max_premium = premium_of(amount, 300, period) - 1,
        Bad::NoPools => pools = vec![],
    }
    let watched = [
        pda::product(product).0,
        pda::pool(pool).0,
        pda::pool_product(&pda::pool(pool).0, &pda::product(product).0).0,
        pda::asset(&f.deployment().base_mint).0,
        f.deployment().base_vault,
        f.deployment().base_account(&buyer.pubkey()),
        pda::stake_mint().0,
    ];
    f.send_err_unchanged(
        &[f.cover_buy_ix(
            &buyer.pubkey(),
            product,
            amount,
            period,
            max_premium,
            &pools,
        )],
        &[&buyer],
        expected,
        &watched,
    );
    assert!(!f.account_exists(&mutual_sdk::cover::cover_address(product, 0)));
}

#[test]
fn a_buy_in_an_asset_the_product_does_not_offer_is_refused() {
    let (f, m, buyer) = one_pool();
    let wsol = spl_token::native_mint::ID;
    mutual_migrations::register_wrapped_sol(&f.chain, f.deployer()).expect("wSOL");
    let payer = pda::associated_token(&buyer.pubkey(), &wsol, &spl_token::ID);
    f.send_ok(
        &[spl::create_associated_account(
            &buyer.pubkey(),
            &buyer.pubkey(),
            &wsol,
            &spl_token::ID,
        )],
        &[&buyer],
    );
    let asset = ix::CoverAsset {
        mint: wsol,
        token_program: spl_token::ID,
    };
    let buy = ix::cover_buy(
        &buyer.pubkey(),
        m.product,
        0,
        &asset,
        &payer,
        None,
        &m.pools,
        CoverBuyArgs {
            owner: buyer.pubkey(),
            amount: 1_000_000_000,
            period: YEAR as u32,
            max_premium: u64::MAX,
            commission_bps: Bps::ZERO,
        },
    );
    f.send_err(&[buy], &[&buyer], MutualError::AssetNotAllowed);
}

#[test]
fn cover_in_wrapped_sol_needs_a_valued_asset_and_a_fresh_snapshot_then_uses_its_high_price() {
    // Arrange: a product offering USDC and wSOL; the buyer holds 10 SOL wrapped
    let f = TestFixture::bootstrapped();
    let wsol = spl_token::native_mint::ID;
    mutual_migrations::register_wrapped_sol(&f.chain, f.deployer()).expect("wSOL");
    let mut terms = sample_terms("SOL cover");
    terms.cover_assets = 0b11;
    let product = f.create_product(terms);
    let m = f.with_pools_for(product, &[(100, 300, 1_000_000)]);
    let buyer = f.with_member();
    let payer = pda::associated_token(&buyer.pubkey(), &wsol, &spl_token::ID);
    f.send_ok(
        &[
            spl::create_associated_account(&buyer.pubkey(), &buyer.pubkey(), &wsol, &spl_token::ID),
            anchor_lang::solana_program::system_instruction::transfer(
                &buyer.pubkey(),
                &payer,
                5_000_000_000,
            ),
            spl_token::instruction::sync_native(&spl_token::ID, &payer).unwrap(),
        ],
        &[&buyer],
    );
    let asset = ix::CoverAsset {
        mint: wsol,
        token_program: spl_token::ID,
    };
    let buy = |f: &TestFixture| {
        ix::cover_buy(
            &buyer.pubkey(),
            product,
            f.product(product).next_cover_seq,
            &asset,
            &payer,
            None,
            &m.pools,
            CoverBuyArgs {
                owner: buyer.pubkey(),
                amount: 100_000_000_000,
                period: YEAR as u32,
                max_premium: u64::MAX,
                commission_bps: Bps::ZERO,
            },
        )
    };

    // Before its valuation delay is over the asset takes no cover; after it, a stale snapshot is refused
    f.send_err(&[buy(&f)], &[&buyer], MutualError::AssetNotYetValued);
    f.warp_seconds(2 * DAY);
    f.send_err(&[buy(&f)], &[&buyer], MutualError::StaleSnapshot);

    // Act: refresh at $150 ± 0.15, then buy 100 SOL of cover for a year at 3%: 3 SOL
    let price = PythPrice {
        price: 15_000_000_000,
        conf: 15_000_000,
        exponent: -8,
        publish_time: f.now(),
    };
    f.chain.set_price(prices::sol_usd_feed(), price).unwrap();
    let refresh = capital::refresh_ix(&f.chain).unwrap();
    f.send_ok(&[refresh], &[&buyer]);
    let bv = f.snapshot().book_value;
    let receipt = f.send_ok(&[buy(&f)], &[&buyer]);

    // Assert: 3 SOL paid into the wSOL vault; capacity at the high price (150.15 USDC a SOL)
    let vault = pda::asset_vault(&wsol).0;
    assert_eq!(
        mutual_sdk::fetch::token_balance(&f.chain, &vault).unwrap(),
        3_000_000_000
    );
    let MutualEvent::CoverBuyEvent(event) = receipt
        .events
        .iter()
        .find(|e| matches!(e, MutualEvent::CoverBuyEvent(_)))
        .cloned()
        .unwrap()
    else {
        unreachable!()
    };
    assert_eq!(event.placement[0].units, units_for(15_015 * USDC, bv));
    // and the premium is capital at once, at the low price (149.85 USDC a SOL), with the stakers' rewards in
    // the supply (decision 64)
    let snapshot = f.snapshot();
    assert_eq!(snapshot.non_base_capital, 449_550_000);
    assert_eq!(snapshot.active_cover, 15_015 * USDC);
    assert_eq!(snapshot.stake_supply, f.stake_supply());
    assert_eq!(f.asset(&wsol).active_cover_amount, 100_000_000_000);
}

#[test]
fn security_signer_an_edit_or_transfer_by_someone_else_is_refused() {
    let (f, m, owner) = one_pool();
    let cover = f.buy_cover(&owner, m.product, 1_000 * USDC, YEAR, &m.pools);
    let thief = f.with_funded_member(10_000 * USDC);
    let edit = edit_ix(
        &f,
        &thief,
        m.product,
        &m.pools,
        &m.pools,
        2_000 * USDC,
        YEAR,
    );
    f.send_err_unchanged(&[edit], &[&thief], MutualError::NotCoverOwner, &[cover]);
    f.send_err_unchanged(
        &[ix::cover_transfer(&thief.pubkey(), &cover, &thief.pubkey())],
        &[&thief],
        MutualError::NotCoverOwner,
        &[cover],
    );
    f.send_err_unchanged(
        &[ix::cover_auto_renew_set(&thief.pubkey(), &cover, USDC)],
        &[&thief],
        MutualError::NotCoverOwner,
        &[cover],
    );
}

// ---- transfer, status, expiry ----

#[test]
fn a_transfer_moves_the_cover_and_stops_auto_renewal() {
    let (f, m, owner) = one_pool();
    let cover = f.buy_cover(&owner, m.product, 1_000 * USDC, YEAR, &m.pools);
    f.send_ok(
        &[ix::cover_auto_renew_set(&owner.pubkey(), &cover, USDC)],
        &[&owner],
    );
    let next = Keypair::new();
    f.send_ok(
        &[ix::cover_transfer(&owner.pubkey(), &cover, &next.pubkey())],
        &[&owner],
    );
    let moved = f.cover(&cover).unwrap();
    assert_eq!(
        (moved.owner, moved.buyer, moved.renew_max_premium),
        (next.pubkey(), owner.pubkey(), 0)
    );
    f.send_err(
        &[ix::cover_transfer(&owner.pubkey(), &cover, &owner.pubkey())],
        &[&owner],
        MutualError::NotCoverOwner,
    );
    let next_funded = f.new_wallet(1);
    let to_self = ix::cover_transfer(&next.pubkey(), &cover, &next.pubkey());
    f.send_err(&[to_self], &[&next_funded, &next], MutualError::SameOwner);
}

#[test]
fn cover_status_returns_the_cover_through_return_data() {
    let (f, m, owner) = one_pool();
    let now = f.now();
    let cover = f.buy_cover(&owner, m.product, 1_000 * USDC, YEAR, &m.pools);
    let reader = f.new_wallet(1);
    let receipt = f.send_ok(&[ix::cover_status(&cover)], &[&reader]);
    let status = CoverStatus::try_from_slice(&receipt.return_data.expect("return data")).unwrap();
    assert_eq!(
        status,
        CoverStatus {
            active: true,
            amount: 1_000 * USDC,
            paid_out: 0,
            premium: 30 * USDC,
            start: now,
            end: now + YEAR,
            grace: GRACE as u32,
            product: pda::product(m.product).0,
            asset: f.deployment().base_mint,
            owner: owner.pubkey(),
            open_claim: false,
        }
    );
    f.warp_seconds(YEAR);
    let receipt = f.send_ok(&[ix::cover_status(&cover)], &[&reader]);
    let status = CoverStatus::try_from_slice(&receipt.return_data.unwrap()).unwrap();
    assert!(!status.active);
}

#[test]
fn expiry_frees_capacity_for_a_new_buyer_and_refunds_the_rent_to_the_buyer() {
    // Arrange: one buyer fills the 2,000-unit pool for 28 days
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Expiry", &[(100, 300, 10)]);
    let first = f.with_funded_member(10_000 * USDC);
    let second = f.with_funded_member(10_000 * USDC);
    let bv = f.snapshot().book_value;
    let full = largest_amount_for(2_000, bv);
    let cover = f.buy_cover(&first, m.product, full, 28 * DAY, &m.pools);
    f.send_err(
        &[f.cover_buy_ix(
            &second.pubkey(),
            m.product,
            USDC,
            28 * DAY,
            u64::MAX,
            &m.pools,
        )],
        &[&second],
        MutualError::InsufficientCapacity,
    );
    let expire = ix::cover_expire(
        &cover,
        m.product,
        &f.deployment().base_mint,
        &first.pubkey(),
        &m.pools,
    );
    let cranker = f.new_wallet(1);

    // Not before end plus grace
    f.warp_seconds(28 * DAY + GRACE - 1);
    f.send_err_unchanged(
        std::slice::from_ref(&expire),
        &[&cranker],
        MutualError::CoverNotExpired,
        &[cover],
    );

    // Act
    f.warp_seconds(1);
    let lamports = f.lamports(&first.pubkey());
    let rent = f.lamports(&cover);
    let receipt = f.send_ok(&[expire], &[&cranker]);

    // Assert: closed, rent back to the buyer, capacity and active cover released
    assert!(!f.account_exists(&cover));
    assert_eq!(f.lamports(&first.pubkey()), lamports + rent);
    assert_eq!(listing_units(&f, m.pools[0], m.product), 0);
    assert_eq!(f.base_asset().active_cover_amount, 0);
    assert_eq!(
        only_event(&receipt),
        MutualEvent::CoverExpireEvent(CoverExpireEvent {
            cover,
            owner: first.pubkey(),
            amount: full,
            released: true,
            closed: true,
        })
    );
    f.buy_cover(&second, m.product, full, 28 * DAY, &m.pools);
}

#[test]
fn expired_cover_stops_counting_without_a_crank() {
    // Nexus #748: stale active cover inflated the MCR there. Here its bucket's end is enough.
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Stale", &[(100, 300, 10_000)]);
    let buyer = f.with_funded_member(1_000 * USDC);
    let now = f.now();
    let cover = f.buy_cover(&buyer, m.product, 10_000 * USDC, 28 * DAY, &m.pools);
    // 10,000 USDC of cover / 4.8 is above the 1,000 USDC floor.
    assert_eq!(
        capital::report(&f.chain).unwrap().mcr,
        (10_000 * USDC * 10).div_ceil(48)
    );
    let asset = f.base_asset();
    assert_eq!(asset.active_cover(f.now()).unwrap(), 10_000 * USDC);
    let expiry = f.cover(&cover).unwrap().expiry_bucket().unwrap();
    f.warp_seconds(bucket_end(expiry) - now);
    // No instruction ran: the asset account is as it was, yet its active cover is 0 and capacity is free.
    let asset = f.base_asset();
    assert_eq!(asset.active_cover_amount, 10_000 * USDC);
    assert_eq!(asset.active_cover(f.now()).unwrap(), 0);
    let rows = mutual_sdk::staking::product_capacity(&f.chain, m.product, 28 * DAY).unwrap();
    assert_eq!(rows[0].free, 20_000 * STAKE);
    // A token trade reads the live figure: the MCR floor, not 10,000 USDC of cover, applies.
    let report = capital::report(&f.chain).unwrap();
    assert_eq!(report.mcr, f.config().params.min_mcr);
}

#[test]
fn an_expired_cover_with_an_open_claim_stays_until_the_claim_is_settled() {
    let (f, m, buyer) = one_pool();
    let cover = f.buy_cover(&buyer, m.product, 1_000 * USDC, 28 * DAY, &m.pools);
    // The claims instructions set this; the cover issue only has to respect it.
    let mut state = f.cover(&cover).unwrap();
    state.open_claim = true;
    f.write_anchor_account(&cover, &state);
    f.warp_seconds(28 * DAY + GRACE);
    let expire = |pools: &[u32]| {
        ix::cover_expire(
            &cover,
            m.product,
            &f.deployment().base_mint,
            &buyer.pubkey(),
            pools,
        )
    };
    let receipt = f.send_ok(&[expire(&m.pools)], &[&buyer]);
    assert_eq!(
        only_event(&receipt),
        MutualEvent::CoverExpireEvent(CoverExpireEvent {
            cover,
            owner: buyer.pubkey(),
            amount: 1_000 * USDC,
            released: true,
            closed: false,
        })
    );
    assert_eq!(f.cover(&cover).unwrap().state, CoverState::Expired);
    assert_eq!(listing_units(&f, m.pools[0], m.product), 0);
    f.send_err(&[expire(&[])], &[&buyer], MutualError::CoverClaimOpen);
    let mut state = f.cover(&cover).unwrap();
    state.open_claim = false;
    f.write_anchor_account(&cover, &state);
    f.send_ok(&[expire(&[])], &[&buyer]);
    assert!(!f.account_exists(&cover));
}

// ---- SDK ----

#[test]
fn the_sdk_routes_cheapest_first_and_quotes_to_the_unit() {
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market(
        "Route",
        &[(100, 500, 10), (100, 200, 10), (100, 300, 1_000)],
    );
    let buyer = f.with_funded_member(100_000 * USDC);
    let market =
        mutual_sdk::cover::CoverMarket::load(&f.chain, m.product, &f.deployment().base_mint)
            .unwrap();
    let route = market.route(YEAR as u32).unwrap();
    assert_eq!(route, vec![m.pools[1], m.pools[2], m.pools[0]]);
    let quote = market
        .quote(100 * USDC, YEAR as u32, Bps::ZERO, &route)
        .unwrap();
    let before = usdc(&f, &buyer.pubkey());
    let receipt = f.send_ok(
        &[f.cover_buy_ix(
            &buyer.pubkey(),
            m.product,
            100 * USDC,
            YEAR,
            quote.total,
            &route,
        )],
        &[&buyer],
    );
    assert_eq!(before - usdc(&f, &buyer.pubkey()), quote.total);
    let MutualEvent::CoverBuyEvent(event) = only_event(&receipt) else {
        panic!("not a buy")
    };
    assert_eq!(
        event.placement.iter().map(|p| p.units).collect::<Vec<_>>(),
        quote.placement.taken[..3].to_vec()
    );
    // The quote refuses what the chain refuses, by name.
    let err = market.quote(0, YEAR as u32, Bps::ZERO, &route).unwrap_err();
    assert_eq!(err.error_name(), Some("ZeroAmount"));
    let err = market
        .quote(USDC, YEAR as u32, Bps::ZERO, &[route[0], route[0]])
        .unwrap_err();
    assert_eq!(err.error_name(), Some("DuplicatePool"));
    let covers = mutual_sdk::cover::covers_of(&f.chain, &buyer.pubkey()).unwrap();
    assert_eq!(covers.len(), 1);
}

#[test]
fn a_4_pool_buy_fits_in_one_transaction() {
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market(
        "Four",
        &[
            (100, 300, 10),
            (100, 300, 10),
            (100, 300, 10),
            (100, 300, 1_000),
        ],
    );
    let buyer = f.with_funded_member(100_000 * USDC);
    let receipt = f.send_ok(
        &[f.cover_buy_ix(
            &buyer.pubkey(),
            m.product,
            100 * USDC,
            YEAR,
            u64::MAX,
            &m.pools,
        )],
        &[&buyer],
    );
    println!(
        "cover_buy over 4 pools: {} bytes, {} accounts",
        receipt.size.bytes, receipt.size.accounts
    );
    assert!(receipt.size.bytes <= 1_232);
    let MutualEvent::CoverBuyEvent(event) = only_event(&receipt) else {
        panic!("not a buy")
    };
    assert!(event.placement.iter().all(|p| p.units > 0));
}

// ---- security ----

fn buy_with(
    f: &TestFixture,
    buyer: &Keypair,
    m: &CoverMarket,
    edit: impl Fn(&mut Vec<anchor_lang::solana_program::instruction::AccountMeta>),
) -> anchor_lang::solana_program::instruction::Instruction {
    let mut ix = f.cover_buy_ix(
        &buyer.pubkey(),
        m.product,
        100 * USDC,
        YEAR,
        u64::MAX,
        &m.pools,
    );
    edit(&mut ix.accounts);
    ix
}

/// Index of the first pool triple in `cover_buy`'s accounts (after its 15 named accounts).
const FIRST_LEG: usize = 15;

#[test]
fn security_duplicate_mutable_accounts_the_same_pool_twice_in_one_cover_is_refused() {
    let (f, m, buyer) = one_pool();
    let pools = [m.pools[0], m.pools[0]];
    f.send_err_unchanged(
        &[f.cover_buy_ix(&buyer.pubkey(), m.product, USDC, YEAR, u64::MAX, &pools)],
        &[&buyer],
        MutualError::DuplicatePool,
        &[pda::pool(m.pools[0]).0],
    );
}

#[test]
fn security_remaining_accounts_every_pool_leg_is_checked() {
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("A", &[(100, 300, 100)]);
    let other = f.with_cover_market("B", &[(100, 300, 100)]);
    let buyer = f.with_funded_member(10_000 * USDC);
    let other_listing =
        pda::pool_product(&pda::pool(other.pools[0]).0, &pda::product(other.product).0).0;
    let other_vault = pda::pool_vault(&pda::pool(other.pools[0]).0).0;
    // another product's listing of another pool, with that pool: not this product's
    let foreign = buy_with(&f, &buyer, &m, |a| {
        a[FIRST_LEG].pubkey = pda::pool(other.pools[0]).0;
        a[FIRST_LEG + 1].pubkey = other_listing;
        a[FIRST_LEG + 2].pubkey = other_vault;
    });
    f.send_err(&[foreign], &[&buyer], MutualError::InvalidPoolAccounts);
    // another pool's vault, which would receive the rewards
    let vault = buy_with(&f, &buyer, &m, |a| a[FIRST_LEG + 2].pubkey = other_vault);
    f.send_err(&[vault], &[&buyer], MutualError::InvalidPoolAccounts);
    // a leg passed read-only
    let read_only = buy_with(&f, &buyer, &m, |a| a[FIRST_LEG + 1].is_writable = false);
    f.send_err(&[read_only], &[&buyer], MutualError::InvalidPoolAccounts);
    // an incomplete leg
    let short = buy_with(&f, &buyer, &m, |a| {
        a.pop();
    });
    f.send_err(&[short], &[&buyer], MutualError::InvalidPoolAccounts);
}

#[test]
fn security_type_cosplay_a_listing_in_the_place_of_a_pool_or_a_foreign_account_is_refused() {
    let (f, m, buyer) = one_pool();
    let listing = pda::pool_product(&pda::pool(m.pools[0]).0, &pda::product(m.product).0).0;
    // a PoolProduct where the Pool goes: the discriminator differs (3002)
    let swapped = buy_with(&f, &buyer, &m, |a| a[FIRST_LEG].pubkey = listing);
    f.send_err_code(&[swapped], &[&buyer], 3002);
    // a copy of the pool's bytes in an account the program does not own (3007)
    let pool = pda::pool(m.pools[0]).0;
    let mut copy = f.account(&pool);
    copy.owner = spl_token::ID;
    let fake = Pubkey::new_unique();
    f.chain.set_account(&fake, copy);
    let forged = buy_with(&f, &buyer, &m, |a| a[FIRST_LEG].pubkey = fake);
    f.send_err_code(&[forged], &[&buyer], 3007);
}

#[test]
fn security_arbitrary_cpi_a_fake_token_program_is_refused() {
    let (f, m, buyer) = one_pool();
    // asset_token_program is the 13th account (index 12), stake_token_program the 14th
    // 2021 ConstraintTokenTokenProgram: the payer's account is not the named program's
    let fake_asset_program = buy_with(&f, &buyer, &m, |a| {
        a[12].pubkey = anchor_spl::token_2022::ID
    });
    f.send_err_code(&[fake_asset_program], &[&buyer], 2021);
    let fake_stake_program = buy_with(&f, &buyer, &m, |a| a[13].pubkey = spl_token::ID);
    f.send_err_code(&[fake_stake_program], &[&buyer], 3008);
}

#[test]
fn security_has_one_an_expiry_refunds_only_the_buyer() {
    let (f, m, buyer) = one_pool();
    let cover = f.buy_cover(&buyer, m.product, USDC, 28 * DAY, &m.pools);
    f.warp_seconds(28 * DAY + GRACE);
    let thief = f.new_wallet(1);
    let expire = ix::cover_expire(
        &cover,
        m.product,
        &f.deployment().base_mint,
        &thief.pubkey(),
        &m.pools,
    );
    f.send_err_unchanged(
        &[expire],
        &[&thief],
        MutualError::WrongCoverAccount,
        &[cover],
    );
}

#[test]
fn security_closing_revival_an_expired_cover_stays_closed() {
    let (f, m, buyer) = one_pool();
    let cover = f.buy_cover(&buyer, m.product, USDC, 28 * DAY, &m.pools);
    f.warp_seconds(28 * DAY + GRACE);
    let expire = |pools: &[u32]| {
        ix::cover_expire(
            &cover,
            m.product,
            &f.deployment().base_mint,
            &buyer.pubkey(),
            pools,
        )
    };
    // Closing and topping the address up with lamports in one transaction leaves no cover to act on.
    let top_up = anchor_lang::solana_program::system_instruction::transfer(
        &buyer.pubkey(),
        &cover,
        f.rent(Cover::SIZE),
    );
    f.send_ok(&[expire(&m.pools), top_up], &[&buyer]);
    // 3007 AccountOwnedByWrongProgram: only system-owned lamports are left at the address
    assert_eq!(
        f.account(&cover).owner,
        anchor_lang::solana_program::system_program::ID
    );
    f.send_err_code(&[expire(&[])], &[&buyer], 3007);
    f.send_err_code(&[ix::cover_status(&cover)], &[&buyer], 3007);
    f.send_err_code(
        &[ix::cover_auto_renew_set(&buyer.pubkey(), &cover, USDC)],
        &[&buyer],
        3007,
    );
    // The product's next cover takes the next sequence number: the address is never reused.
    let next = f.buy_cover(&buyer, m.product, USDC, 28 * DAY, &m.pools);
    assert_ne!(next, cover);
}

#[test]
fn security_overflow_amounts_near_u64_max_are_refused_by_name() {
    let (f, m, buyer) = one_pool();
    for amount in [u64::MAX, u64::MAX / 2, u64::MAX / 100] {
        f.send_err(
            &[f.cover_buy_ix(&buyer.pubkey(), m.product, amount, YEAR, u64::MAX, &m.pools)],
            &[&buyer],
            MutualError::MathOverflow,
        );
    }
    let cover = f.buy_cover(&buyer, m.product, USDC, YEAR, &m.pools);
    let edit = edit_ix(&f, &buyer, m.product, &m.pools, &m.pools, u64::MAX, YEAR);
    f.send_err_unchanged(&[edit], &[&buyer], MutualError::MathOverflow, &[cover]);
    f.send_ok(
        &[ix::cover_auto_renew_set(&buyer.pubkey(), &cover, u64::MAX)],
        &[&buyer],
    );
}

// ---- conservation under random sequences ----

mod random {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    pub enum Op {
        /// wallet, amount in whole USDC, period in days, which pools (bit mask over 3)
        Buy(usize, u64, i64, u8),
        /// cover index, amount in whole USDC, period in days
        Edit(usize, u64, i64),
        Warp(i64),
        Expire(usize),
    }

    pub fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (0..2usize, 1u64..=3_000, 28i64..=365, 1u8..8).prop_map(|(w, a, d, p)| Op::Buy(w, a, d, p)),
            2 => (0..6usize, 1u64..=3_000, 28i64..=365).prop_map(|(c, a, d)| Op::Edit(c, a, d)),
            2 => (1i64..=120).prop_map(Op::Warp),
            2 => (0..6usize).prop_map(Op::Expire),
        ]
    }

    /// A cover the model holds: its address, owner index, amount and the bucket it expires with.
    pub struct Held {
        pub address: Pubkey,
        pub owner: usize,
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4))]

    /// After every step: the capital vault moved by exactly what the buyers paid (premiums, less credits), the
    /// stake supply by exactly the rewards minted into the pool vaults, and the asset's active cover and the
    /// listings' live units equal the sums over the covers still booked.
    #[test]
    fn random_cover_sequences_conserve_premiums_rewards_and_bookings(
        ops in proptest::collection::vec(random::op(), 6..=10)
    ) {
        let f = TestFixture::bootstrapped();
        let m = f.with_cover_market("Random", &[(100, 300, 500), (60, 200, 500), (100, 500, 2_000)]);
        let wallets = [f.with_funded_member(50_000 * USDC), f.with_funded_member(50_000 * USDC)];
        let mut held: Vec<random::Held> = Vec::new();
        for op in ops {
            let paid_before: u64 = wallets.iter().map(|w| usdc(&f, &w.pubkey())).sum();
            let (vault, supply) = (f.vault_balance(), f.stake_supply());
            let pool_vaults: u64 = m.pools.iter().map(|p| f.pool_vault_balance(*p)).sum();
            let outcome = match op {
                random::Op::Buy(w, amount, days, mask) => {
                    let pools: Vec<u32> = (0..3).filter(|i| mask & (1 << i) != 0).map(|i| m.pools[i]).collect();
                    let seq = f.product(m.product).next_cover_seq;
                    let ix = f.cover_buy_ix(&wallets[w].pubkey(), m.product, amount * USDC, days * DAY, u64::MAX, &pools);
                    let result = f.try_send(&[ix], &[&wallets[w]]);
                    if result.is_ok() {
                        held.push(random::Held { address: mutual_sdk::cover::cover_address(m.product, seq), owner: w });
                    }
                    result
                }
                random::Op::Edit(c, amount, days) if c < held.len() => {
                    let h = &held[c];
                    let Some(cover) = f.cover(&h.address) else { continue };
                    let old: Vec<u32> = cover.pools().iter().map(|a| a.pool_id).collect();
                    let owner = &wallets[h.owner];
                    let edit = ix::cover_edit(&owner.pubkey(), m.product, cover.seq, &f.base_cover_asset(),
                        &f.deployment().base_account(&owner.pubkey()), &m.pools, &old, amount * USDC,
                        (days * DAY) as u32, u64::MAX);
                    f.try_send(&[edit], &[owner])
                }
                random::Op::Expire(c) if c < held.len() => {
                    let h = &held[c];
                    let Some(cover) = f.cover(&h.address) else { continue };
                    let pools: Vec<u32> = cover.pools().iter().map(|a| a.pool_id).collect();
                    let expire = ix::cover_expire(&h.address, m.product, &f.deployment().base_mint,
                        &cover.buyer, &pools);
                    f.try_send(&[expire], &[&wallets[0]])
                }
                random::Op::Warp(days) => {
                    f.warp_days(days);
                    continue;
                }
                _ => continue,
            };
            let paid_after: u64 = wallets.iter().map(|w| usdc(&f, &w.pubkey())).sum();
            let pool_vaults_after: u64 = m.pools.iter().map(|p| f.pool_vault_balance(*p)).sum();
            // Money only moves from the wallets into the vault; stake is only minted into the pool vaults.
            proptest::prop_assert_eq!(f.vault_balance() - vault, paid_before - paid_after);
            proptest::prop_assert_eq!(f.stake_supply() - supply, pool_vaults_after - pool_vaults);
            if let Ok(receipt) = outcome {
                for event in &receipt.events {
                    match event {
                        MutualEvent::CoverBuyEvent(e) => proptest::prop_assert_eq!(e.premium, paid_before - paid_after),
                        MutualEvent::CoverEditEvent(e) => proptest::prop_assert_eq!(e.paid, paid_before - paid_after),
                        _ => {}
                    }
                    if let MutualEvent::CoverBuyEvent(e) = event {
                        let minted: u64 = e.placement.iter().map(|p| p.rewards).sum();
                        proptest::prop_assert_eq!(minted, f.stake_supply() - supply);
                    }
                }
            }
            // Bookings: the asset's live active cover and each listing's live units are the sums over the covers
            // whose expiry bucket has not ended.
            let now = f.now();
            let current = bucket_id(now).unwrap();
            let live: Vec<Cover> = held.iter().filter_map(|h| f.cover(&h.address))
                .filter(|c| c.state == CoverState::Active && c.expiry_bucket().unwrap() >= current)
                .collect();
            let cover_sum: u64 = live.iter().map(|c| c.amount).sum();
            proptest::prop_assert_eq!(f.base_asset().active_cover(now).unwrap(), cover_sum);
            for pool in &m.pools {
                let listing = f.pool_product(*pool, m.product);
                let units = mutual::math::capacity::live_allocations(
                    &listing.allocations, &listing.expiring, listing.next_expiry_bucket, current).unwrap();
                let booked: u64 = live.iter().flat_map(|c| c.pools().to_vec())
                    .filter(|a| a.pool_id == *pool).map(|a| u64::from(a.units)).sum();
                proptest::prop_assert_eq!(units.iter().sum::<u64>(), booked);
            }
        }
    }
}

// ---- the pool fee ----

#[test]
fn the_manager_withdraws_the_pool_fee_share_of_the_streamed_rewards() {
    // Arrange: a cover's rewards stream to the pool; the manager's fee shares are 10% of its reward shares
    let (f, m, buyer) = one_pool();
    let (pool, manager) = (m.pools[0], &m.managers[0]);
    let receipt = f.send_ok(
        &[f.cover_buy_ix(
            &buyer.pubkey(),
            m.product,
            1_000 * USDC,
            73 * DAY,
            u64::MAX,
            &m.pools,
        )],
        &[&buyer],
    );
    let MutualEvent::CoverBuyEvent(event) = only_event(&receipt) else {
        panic!("not a buy")
    };
    let rewards = event.placement[0].rewards;
    let pool_address = pda::pool(pool).0;
    let watched = |wallet: &Pubkey| {
        [
            pool_address,
            pda::pool_vault(&pool_address).0,
            pda::stake_account(wallet),
        ]
    };
    f.send_err_unchanged(
        &[ix::pool_fee_withdraw(&buyer.pubkey(), pool)],
        &[&buyer],
        MutualError::NotPoolManager,
        &watched(&buyer.pubkey()),
    );
    // Past the end of the stream every reward has been paid out to the shares.
    f.warp_days(120);
    let mut replica = f.pool(pool);
    replica
        .process(f.now(), mutual::constants::MAX_PROCESS_STEPS, &mut [])
        .unwrap();
    let expected = replica.take_manager_rewards().unwrap();
    let before = f.stake_balance(&manager.pubkey());
    let vault = f.pool_vault_balance(pool);

    // Act
    let receipt = f.send_ok(
        &[ix::pool_fee_withdraw(&manager.pubkey(), pool)],
        &[manager],
    );

    // Assert: exactly the replica's figure, which is 10% of the rewards, rounded down
    assert_eq!(f.stake_balance(&manager.pubkey()), before + expected);
    assert_eq!(f.pool_vault_balance(pool), vault - expected);
    assert!(
        expected <= rewards / 10 && expected + 2 >= rewards / 10,
        "{expected} of {rewards}"
    );
    assert_eq!(
        only_event(&receipt),
        MutualEvent::PoolFeeWithdrawEvent(mutual::events::PoolFeeWithdrawEvent {
            pool_id: pool,
            manager: manager.pubkey(),
            amount: expected,
        })
    );
    assert_eq!(f.pool(pool).manager_rewards, 0);
    f.send_err_unchanged(
        &[ix::pool_fee_withdraw(&manager.pubkey(), pool)],
        &[manager],
        MutualError::NothingToWithdraw,
        &watched(&manager.pubkey()),
    );
}

#[test]
fn a_cover_with_an_open_claim_cannot_be_edited_renewed_or_transferred() {
    let (f, m, buyer) = one_pool();
    let cover = f.buy_cover(&buyer, m.product, 1_000 * USDC, 60 * DAY, &m.pools);
    let mut state = f.cover(&cover).unwrap();
    state.open_claim = true;
    f.write_anchor_account(&cover, &state);
    let edit = edit_ix(
        &f,
        &buyer,
        m.product,
        &m.pools,
        &m.pools,
        2_000 * USDC,
        YEAR,
    );
    f.send_err_unchanged(&[edit], &[&buyer], MutualError::CoverHasOpenClaim, &[cover]);
    let next = Pubkey::new_unique();
    f.send_err_unchanged(
        &[ix::cover_transfer(&buyer.pubkey(), &cover, &next)],
        &[&buyer],
        MutualError::CoverHasOpenClaim,
        &[cover],
    );
    f.warp_seconds(57 * DAY);
    let renew = renew_ix(&f, &buyer, m.product, &m.pools);
    f.send_err_unchanged(
        &[renew],
        &[&buyer],
        MutualError::CoverHasOpenClaim,
        &[cover],
    );
}

#[test]
fn an_edit_in_an_asset_the_product_no_longer_offers_is_refused() {
    let (f, m, buyer) = one_pool();
    mutual_migrations::register_wrapped_sol(&f.chain, f.deployer()).expect("wSOL");
    let cover = f.buy_cover(&buyer, m.product, 1_000 * USDC, 60 * DAY, &m.pools);
    let mut terms = f.product(m.product).terms;
    terms.cover_assets = 0b10;
    f.send_ok(
        &[ix::product_update(&f.deployer().pubkey(), m.product, terms)],
        &[f.deployer()],
    );
    let edit = edit_ix(
        &f,
        &buyer,
        m.product,
        &m.pools,
        &m.pools,
        2_000 * USDC,
        YEAR,
    );
    f.send_err_unchanged(&[edit], &[&buyer], MutualError::AssetNotAllowed, &[cover]);
}
