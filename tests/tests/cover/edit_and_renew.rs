//! cover_edit and cover_renew: the unused-premium credit, other pools, the renewal window, and what an open claim
//! or a withdrawn asset blocks.
use super::*;
use anchor_lang::prelude::Pubkey;
use mutual::constants::{COVER_BUCKETS, RENEWAL_WINDOW};
use mutual::errors::MutualError;
use mutual::math::Bps;
use mutual_sdk::{ix, Keypair, MutualEvent, Signer};

/// `cover_renew` of cover 0 of `product` by `owner`, with no premium limit.
fn renew_ix(
    f: &TestFixture,
    owner: &Keypair,
    product: u32,
    pools: &[u32],
) -> anchor_lang::solana_program::instruction::Instruction {
    f.renew_ix(&owner.pubkey(), product, 0, pools)
}

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
