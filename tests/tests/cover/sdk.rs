//! The SDK's routing and quotes, and the size of a 4-pool buy.
use super::*;
use mutual::math::Bps;
use mutual_sdk::{MutualEvent, Signer};

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
