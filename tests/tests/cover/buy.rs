//! cover_buy: premiums to the unit, spill-over across pools, capacity, and the price's bump and decay.
use super::*;
use anchor_lang::prelude::Pubkey;
use mutual::constants::COVER_BUCKETS;
use mutual::errors::MutualError;
use mutual::events::CoverBuyEvent;
use mutual::events::PoolPlacement;
use mutual::math::periods::{booking_tranche, bucket_end, bucket_id, expiry_bucket, tranche_slot};
use mutual::math::Bps;
use mutual::state::{Cover, CoverAllocation, CoverState};
use mutual_sdk::{pda, MutualEvent, Signer};
use test_case::test_case;

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
