//! Cover, rewards and payout burns are priced at the recorded capital over the stake supply as it stands (issue
//! 27: the fuzz found it). A fraud flag burns an assessor's stake, and a vote reward mints stake, without
//! recording the supply in the capital snapshot; priced at the recorded book value, the next cover would mint
//! rewards against the supply before the burn.
use mutual::math::book_value::book_value;
use mutual::math::cover::reward_stake;
use mutual::math::prices::AssetPrice;
use mutual::math::Bps;
use mutual_sdk::{ix, MutualEvent, Signer};
use mutual_tests::*;

/// A one-pool purchase of 2,000 USDC for 90 days: its premium, the rewards it minted and the units it took.
fn purchase(f: &TestFixture, buyer: &mutual_sdk::Keypair, market: &CoverMarket) -> (u64, u64, u64) {
    let buy = f.cover_buy_ix(
        &buyer.pubkey(),
        market.product,
        2_000 * USDC,
        90 * DAY,
        u64::MAX,
        &market.pools[..1],
    );
    let receipt = f.send_ok(&[buy], &[buyer]);
    receipt
        .events
        .iter()
        .find_map(|e| match e {
            MutualEvent::CoverBuyEvent(e) => Some((
                e.premium,
                e.placement.iter().map(|p| p.rewards).sum(),
                e.placement.iter().map(|p| p.units).sum(),
            )),
            _ => None,
        })
        .expect("a purchase event")
}

/// A one-pool market, a buyer, and a 2,000-token assessor flagged for fraud (their stake burnt, no snapshot
/// written); with the snapshot as recorded before the flag.
fn after_a_fraud_burn() -> (
    TestFixture,
    CoverMarket,
    mutual_sdk::Keypair,
    mutual::state::CapitalSnapshot,
) {
    let f = TestFixture::bootstrapped();
    let market = f.with_cover_market("Live supply", &[(100, 300, 3_000)]);
    let fraudster = f.with_assessor(2_000);
    let buyer = f.with_funded_member(10_000 * USDC);
    let recorded = f.snapshot();
    let authority = f.deployer();
    f.send_ok(
        &[ix::assessor_flag_fraud(
            &authority.pubkey(),
            &fraudster.pubkey(),
            true,
        )],
        &[authority],
    );
    (f, market, buyer, recorded)
}

#[test]
fn security_economic_rewards_after_a_fraud_burn_are_priced_at_the_supply_after_it() {
    let (f, market, buyer, recorded) = after_a_fraud_burn();
    let supply = f.stake_supply();
    assert_eq!(recorded.stake_supply - supply, 2_000 * STAKE);
    assert_eq!(
        f.snapshot().book_value,
        recorded.book_value,
        "the flag writes no snapshot"
    );

    let (premium, rewards, _) = purchase(&f, &buyer, &market);

    // half the premium, in stake at the recorded capital over the supply after the burn
    let live = book_value(
        recorded.capital,
        supply,
        f.config().params.initial_book_value,
    )
    .unwrap();
    let fair = reward_stake(premium, Bps(5_000), AssetPrice::ONE, live).unwrap();
    assert_eq!(rewards, fair);
    // at the recorded (stale) book value the same premium would have minted more
    let stale = reward_stake(premium, Bps(5_000), AssetPrice::ONE, recorded.book_value).unwrap();
    assert!(stale > fair, "{stale} against {fair}");
    assert_eq!(f.stake_supply(), supply + rewards);
}

#[test]
fn the_sdk_quotes_the_units_a_cover_takes_at_the_supply_after_a_fraud_burn() {
    let (f, market, buyer, _) = after_a_fraud_burn();
    let quote =
        mutual_sdk::cover::CoverMarket::load(&f.chain, market.product, &f.deployment().base_mint)
            .unwrap();
    assert_eq!(quote.stake_supply, f.stake_supply());
    let quoted = quote
        .quote(
            2_000 * USDC,
            u32::try_from(90 * DAY).unwrap(),
            Bps::ZERO,
            &market.pools[..1],
        )
        .unwrap();
    let (premium, _, units) = purchase(&f, &buyer, &market);
    // the units (capacity in stake at book value) are what the chain took after the burn
    assert_eq!(
        (quoted.placement.premium, quoted.placement.units),
        (premium, units)
    );
}
