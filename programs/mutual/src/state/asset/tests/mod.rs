//! Unit tests of `state/asset.rs`.
use super::*;
use crate::constants::{DAY, LAMPORTS_PER_SOL};

/// The registration time of the test assets, and when wSOL counts as capital (after the 2-day delay).
const REGISTERED: i64 = 1_000;
const DELAY: u32 = 2 * DAY as u32;
const VALUED_FROM: i64 = REGISTERED + DELAY as i64;

#[test]
fn size_is_pinned() {
    // 215 before the cover issue + cover_expiring 18 · 8 + next_cover_bucket 4
    assert_eq!(Asset::SIZE, 8 + 363);
}

fn asset(index: u8) -> Asset {
    let mut a = Asset::try_from_slice(&[0u8; Asset::INIT_SPACE]).unwrap();
    let feed = (index > 0).then_some([7u8; 32]);
    a.init(
        1,
        2,
        index,
        Pubkey::new_unique(),
        9,
        Pubkey::new_unique(),
        Pubkey::new_unique(),
        feed,
        true,
        REGISTERED,
        DELAY,
    )
    .unwrap();
    a
}

#[test]
fn the_base_asset_is_worth_itself_and_others_need_a_recorded_price() {
    assert_eq!(asset(0).to_base(123, Side::Capital).unwrap(), 123);
    let mut wsol = asset(1);
    assert_eq!(
        wsol.to_base(1, Side::Capital).unwrap_err(),
        MutualError::AssetNotPriced.into()
    );
    // $150 ± 0.15 per SOL into 6-decimal USDC
    let price =
        AssetPrice::from_pyth(15_000_000_000, 15_000_000, -8, 9, 6, crate::math::Bps(200)).unwrap();
    wsol.record_price(price, 1_700_000_000);
    assert_eq!(
        wsol.to_base(LAMPORTS_PER_SOL, Side::Capital).unwrap(),
        149_850_000
    );
    assert_eq!(
        wsol.to_base(LAMPORTS_PER_SOL, Side::Liability).unwrap(),
        150_150_000
    );
    assert_eq!(wsol.price_published_at, 1_700_000_000);
}

#[test]
fn a_new_asset_counts_as_capital_only_after_its_delay_and_keeps_its_feed() {
    let mut wsol = asset(1);
    assert_eq!(wsol.valued_from, VALUED_FROM);
    let price = AssetPrice::from_pyth(100_000_000, 0, -8, 9, 6, crate::math::Bps(200)).unwrap();
    wsol.record_price(price, 1_000);
    assert_eq!(
        wsol.capital_value(LAMPORTS_PER_SOL, VALUED_FROM - 1)
            .unwrap(),
        0
    );
    assert_eq!(
        wsol.capital_value(LAMPORTS_PER_SOL, VALUED_FROM).unwrap(),
        1_000_000
    );
    assert_eq!(asset(0).valued_from, 0);
    assert_eq!(
        wsol.update(true, false, Some([8; 32])).unwrap_err(),
        MutualError::PriceFeedFixed.into()
    );
    wsol.update(false, true, Some([7; 32])).unwrap();
}

/// A second into bucket `b`.
fn in_bucket(b: u32) -> i64 {
    crate::math::periods::bucket_end(b) - crate::constants::BUCKET_DURATION + 1
}

#[test]
fn active_cover_stops_counting_when_its_bucket_ends_without_a_write() {
    let mut usdc = asset(0);
    usdc.next_cover_bucket = 700;
    usdc.book_cover(1_000, 703, in_bucket(700)).unwrap();
    usdc.book_cover(500, 705, in_bucket(701)).unwrap();
    assert_eq!(usdc.active_cover(in_bucket(703)).unwrap(), 1_500);
    assert_eq!(usdc.active_cover(in_bucket(704)).unwrap(), 500);
    assert_eq!(usdc.active_cover(in_bucket(706)).unwrap(), 0);
    assert_eq!(usdc.active_cover(in_bucket(2_000)).unwrap(), 0);
    // The booked total still holds both until a write releases the ended buckets.
    assert_eq!(usdc.active_cover_amount, 1_500);
    usdc.unbook_cover(500, 705, in_bucket(704)).unwrap();
    assert_eq!((usdc.active_cover_amount, usdc.next_cover_bucket), (0, 704));
    // Unbooking cover whose bucket already ended changes nothing.
    usdc.unbook_cover(1_000, 703, in_bucket(704)).unwrap();
    assert_eq!(usdc.active_cover_amount, 0);
}

#[test]
fn cover_opens_only_in_a_valued_cover_asset() {
    let mut wsol = asset(1);
    assert_eq!(
        wsol.require_open_for_cover(VALUED_FROM - 1).unwrap_err(),
        MutualError::AssetNotYetValued.into()
    );
    wsol.require_open_for_cover(VALUED_FROM).unwrap();
    wsol.update(true, true, Some([7; 32])).unwrap();
    assert_eq!(
        wsol.require_open_for_cover(VALUED_FROM).unwrap_err(),
        MutualError::NotCoverAsset.into()
    );
    wsol.update(false, false, Some([7; 32])).unwrap();
    assert_eq!(
        wsol.require_open_for_cover(VALUED_FROM).unwrap_err(),
        MutualError::NotCoverAsset.into()
    );
}

#[test]
fn a_payout_is_made_in_kind_up_to_the_vault_and_the_rest_in_the_base_asset_at_the_high_price() {
    let mut wsol = asset(1);
    let price = AssetPrice::from_pyth(15_000, 15, -2, 9, 6, crate::math::Bps(1_000)).unwrap();
    wsol.record_price(price, VALUED_FROM);
    // 10 SOL owed, 3 in the vault: 7 SOL short, 1,051.05 USDC at $150.15
    let split = wsol
        .payout_split(10 * LAMPORTS_PER_SOL, 3 * LAMPORTS_PER_SOL)
        .unwrap();
    assert_eq!(
        (split.in_kind, split.shortfall, split.in_base),
        (3 * LAMPORTS_PER_SOL, 7 * LAMPORTS_PER_SOL, 1_051_050_000)
    );
    assert!(split.payable(1_051_050_000));
    assert!(!split.payable(1_051_049_999));
    // a full vault pays in kind alone
    let full = wsol.payout_split(10 * LAMPORTS_PER_SOL, u64::MAX).unwrap();
    assert_eq!((full.in_kind, full.in_base), (10 * LAMPORTS_PER_SOL, 0));
    assert!(full.payable(0));
    // the base asset has nothing behind it
    let usdc = asset(0);
    let short = usdc.payout_split(1_000, 999).unwrap();
    assert_eq!((short.in_kind, short.shortfall, short.in_base), (999, 1, 0));
    assert!(!short.payable(u64::MAX));
    assert!(usdc.payout_split(1_000, 1_000).unwrap().payable(0));
}
