//! 7. A renewal buys only what is left.
use super::*;
use anchor_lang::prelude::Pubkey;
use mutual::errors::MutualError;
use mutual::math::Bps;
use mutual_sdk::{ix, Keypair, Signer};

/// A 1,000 USDC cover for 60 days, auto-renewing within 50 USDC, of which claims paid out `paid`.
fn paid_out(paid: u64) -> (TestFixture, CoverMarket, Keypair, Pubkey) {
    let (f, m, owner, cover) = bought();
    f.allow_auto_renewal(&owner, &cover, 50 * USDC);
    let assessor = f.with_assessor(QUORUM_TOKENS);
    f.warp_seconds(60);
    let claim = f.submit_claim(&owner, &cover, paid);
    f.vote(&assessor, &claim, true);
    f.warp_seconds(TO_PAYOUT);
    f.send_ok(&[f.redeem_ix(&owner.pubkey(), &claim)], &[&owner]);
    (f, m, owner, cover)
}

#[test]
fn security_economic_sequences_a_renewal_after_a_partial_payout_prices_and_places_only_what_is_left(
) {
    // Arrange: 600 of 1,000 USDC paid out; the renewal week
    let (f, m, owner, cover) = paid_out(600 * USDC);
    let c = f.cover(&cover).unwrap();
    f.warp_seconds(c.end().unwrap() - 2 * DAY - f.now());
    let market =
        mutual_sdk::cover::CoverMarket::load(&f.chain, m.product, &f.deployment().base_mint)
            .unwrap();
    let quote = market.quote_renewal(&c, &m.pools).unwrap();
    let whole = market
        .quote_from(c.end().unwrap(), c.amount, c.period, Bps::ZERO, &m.pools)
        .unwrap();
    let cranker = f.new_wallet(1);
    let usdc = f.base_balance(&owner.pubkey());

    // Act: a stranger's crank
    let renewed = f.send_ok(
        &[f.auto_renew_ix(&cranker.pubkey(), &owner.pubkey(), m.product, 0, &m.pools)],
        &[&cranker],
    );

    // Assert: the owner paid the premium of 400 USDC, not of 1,000, and the pool holds 400's units
    let (paid, _) = rewards_of(&renewed);
    assert_eq!(quote.amount, 400 * USDC);
    assert_eq!(paid, quote.placement.premium);
    assert!(paid < whole.placement.premium);
    assert_eq!(usdc - f.base_balance(&owner.pubkey()), paid);
    let units: u64 = f
        .cover(&cover)
        .unwrap()
        .pools()
        .iter()
        .map(|a| u64::from(a.units))
        .sum();
    assert_eq!(units, quote.placement.units);
}

#[test]
fn security_economic_sequences_a_cover_paid_out_in_full_renews_no_more_and_reads_inactive() {
    // Arrange: the whole 1,000 USDC paid out
    let (f, m, owner, cover) = paid_out(1_000 * USDC);
    let c = f.cover(&cover).unwrap();
    assert_eq!(c.renew_max_premium, 0);
    let reader = f.new_wallet(1);
    let status = f.send_ok(&[ix::cover_status(&cover)], &[&reader]);
    let status = <mutual::state::CoverStatus as anchor_lang::AnchorDeserialize>::try_from_slice(
        &status.return_data.expect("return data"),
    )
    .unwrap();
    assert_eq!((status.active, status.paid_out), (false, 1_000 * USDC));
    f.warp_seconds(c.end().unwrap() - 2 * DAY - f.now());
    let cranker = f.new_wallet(1);

    // Act + Assert: nobody's crank charges the owner, and the owner can't renew nothing
    f.send_err_unchanged(
        &[f.auto_renew_ix(&cranker.pubkey(), &owner.pubkey(), m.product, 0, &m.pools)],
        &[&cranker],
        MutualError::NothingLeftToCover,
        &[cover, f.deployment().base_account(&owner.pubkey())],
    );
    f.send_err_unchanged(
        &[f.renew_ix(&owner.pubkey(), m.product, 0, &m.pools)],
        &[&owner],
        MutualError::NothingLeftToCover,
        &[cover, f.deployment().base_account(&owner.pubkey())],
    );
    f.send_err(
        &[ix::cover_auto_renew_set(&owner.pubkey(), &cover, 10 * USDC)],
        &[&owner],
        MutualError::NothingLeftToCover,
    );
}
