//! Transfer, cover_status, and expiry with and without a crank.
use super::*;
use anchor_lang::AnchorDeserialize;
use mutual::errors::MutualError;
use mutual::events::CoverExpireEvent;
use mutual::math::periods::bucket_end;
use mutual::state::{CoverState, CoverStatus};
use mutual_sdk::{capital, ix, pda, Keypair, MutualEvent, Signer};

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
