//! 4. Dust cannot move a price, nor calls faster than a basis point decays hold one up.
use super::*;
use mutual::math::Bps;
use mutual_sdk::Signer;

/// The price a buy of `product` on `pool` pays now.
fn price_now(f: &TestFixture, pool: u32, product: u32) -> Bps {
    let listing = f.pool_product(pool, product);
    let p = f.config().params;
    listing
        .price_now(
            p.price_decay_per_day,
            f.product(product).terms.min_price,
            f.now(),
        )
        .unwrap()
}

#[test]
fn security_rounding_many_small_covers_bump_a_price_no_more_than_one_cover_of_their_total() {
    // Arrange: two identical markets
    let f = TestFixture::bootstrapped();
    let dusty = f.with_cover_market("Dusty", &[(100, 300, 2_000)]);
    let whole = f.with_cover_market("Whole", &[(100, 300, 2_000)]);
    let attacker = f.with_funded_member(10_000 * USDC);

    // Act: 20 covers of 7 USDC (each under a basis point of bump) on one; one of 140 USDC on the other
    for _ in 0..20 {
        f.buy_cover(&attacker, dusty.product, 7 * USDC, 28 * DAY, &dusty.pools);
    }
    f.buy_cover(&attacker, whole.product, 140 * USDC, 28 * DAY, &whole.pools);

    // Assert
    let after_dust = price_now(&f, dusty.pools[0], dusty.product);
    let after_one = price_now(&f, whole.pools[0], whole.product);
    assert_eq!(after_dust, Bps(300));
    assert!(after_one > Bps(300));
    assert!(after_dust <= after_one);
}

#[test]
fn security_griefing_and_liveness_free_edits_never_bump_and_an_auto_renewal_pays_the_market() {
    // Arrange: a victim's auto-renewing cover; an attacker's small cover on the same listing
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Lending", &[(100, 300, 2_000)]);
    let victim = f.with_funded_member(10_000 * USDC);
    let attacker = f.with_funded_member(10_000 * USDC);
    f.buy_cover(&victim, m.product, 500 * USDC, 28 * DAY, &m.pools);
    let cover = mutual_sdk::cover::cover_address(m.product, 0);
    f.allow_auto_renewal(&victim, &cover, 50 * USDC);
    f.buy_cover(&attacker, m.product, 10 * USDC, 28 * DAY, &m.pools);
    f.warp_seconds(28 * DAY - 2 * DAY);
    let market =
        mutual_sdk::cover::CoverMarket::load(&f.chain, m.product, &f.deployment().base_mint)
            .unwrap();
    let fair = market
        .quote_renewal(&f.cover(&cover).unwrap(), &m.pools)
        .unwrap()
        .total;
    let price = price_now(&f, m.pools[0], m.product);

    // Act: 40 free edits by the attacker, the same amount on the same pool, just before the crank
    for _ in 0..40 {
        f.warp_seconds(1);
        f.send_ok(
            &[f.edit_ix(
                &attacker.pubkey(),
                m.product,
                1,
                &m.pools,
                &m.pools,
                10 * USDC,
                28 * DAY,
            )],
            &[&attacker],
        );
    }
    let after_edits = price_now(&f, m.pools[0], m.product);
    let cranked = f.send_ok(
        &[f.auto_renew_ix(&attacker.pubkey(), &victim.pubkey(), m.product, 0, &m.pools)],
        &[&attacker],
    );

    // Assert: the price never rose, and the victim paid what the market asked before the edits
    assert!(after_edits <= price, "{after_edits:?} > {price:?}");
    let (paid, _) = rewards_of(&cranked);
    assert!(paid <= fair, "{paid} > {fair}");
}

#[test]
fn security_griefing_and_liveness_calls_faster_than_a_basis_point_decays_cannot_hold_a_price_up() {
    // Arrange: an attacker's 1-unit cover; an honest 1,000 USDC buy bumps the listing
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Lending", &[(100, 300, 2_000)]);
    let attacker = f.with_funded_member(10 * USDC);
    let buyer = f.with_funded_member(10_000 * USDC);
    f.buy_cover(&attacker, m.product, 1, 28 * DAY, &m.pools);
    f.buy_cover(&buyer, m.product, 1_000 * USDC, 365 * DAY, &m.pools);
    let bumped = price_now(&f, m.pools[0], m.product);
    assert!(bumped.get() >= 340, "{bumped:?}");

    // Act: 40 free edits and 40 dust buys, each 431 s apart (a basis point decays in 432 s at 200 bps a day)
    for i in 0..80 {
        f.warp_seconds(431);
        let call = if i % 2 == 0 {
            f.edit_ix(
                &attacker.pubkey(),
                m.product,
                0,
                &m.pools,
                &m.pools,
                1,
                28 * DAY,
            )
        } else {
            f.cover_buy_ix(
                &attacker.pubkey(),
                m.product,
                1,
                28 * DAY,
                u64::MAX,
                &m.pools,
            )
        };
        f.send_ok(&[call], &[&attacker]);
    }

    // Assert: the price decayed exactly as it would have without the attacker's calls
    let decay = f.config().params.price_decay_per_day.get() as i64 * 80 * 431 / DAY;
    let expected = Bps(u16::try_from((bumped.get() as i64 - decay).max(300)).unwrap());
    assert_eq!(price_now(&f, m.pools[0], m.product), expected);
}
