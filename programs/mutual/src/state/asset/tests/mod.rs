//! Unit tests of `state/asset.rs`.
use super::*;
use crate::constants::{DAY, LAMPORTS_PER_SOL};

/// The registration time of the test assets, and when wSOL counts as capital (after the 2-day delay).
const REGISTERED: i64 = 1_000;
const DELAY: u32 = 2 * DAY as u32;
const VALUED_FROM: i64 = REGISTERED + DELAY as i64;

#[test]
fn size_is_pinned() {
    // 215 before the cover issue + cover_expiring 18 · 8 + next_cover_bucket 4; _reserved 28 became
    // price_account 32
    assert_eq!(Asset::SIZE, 8 + 367);
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

/// A `PriceUpdateV2` of `feed` at $`dollars` ± 0.1%, published at `publish_time`, as the receiver writes it.
fn price_update(feed: [u8; 32], dollars: i64, publish_time: i64, full: bool) -> Vec<u8> {
    use pyth_solana_receiver_sdk::price_update::{PriceFeedMessage, VerificationLevel};
    let price = dollars * 100_000_000;
    let update = PriceUpdateV2 {
        write_authority: Pubkey::default(),
        verification_level: if full {
            VerificationLevel::Full
        } else {
            VerificationLevel::Partial { num_signatures: 3 }
        },
        price_message: PriceFeedMessage {
            feed_id: feed,
            price,
            conf: price.unsigned_abs() / 1_000,
            exponent: -8,
            publish_time,
            prev_publish_time: publish_time,
            ema_price: price,
            ema_conf: 0,
        },
        posted_slot: 0,
    };
    let mut data = Vec::new();
    update.try_serialize(&mut data).unwrap();
    data
}

#[test]
fn the_push_feed_account_is_set_with_the_feed_and_never_for_the_base_asset() {
    assert_eq!(asset(0).price_account, Pubkey::default());
    assert_eq!(asset(1).price_account, push_feed_address(&[7u8; 32]));
    assert_ne!(push_feed_address(&[7u8; 32]), push_feed_address(&[8u8; 32]));
}

#[test]
fn a_trade_counts_only_a_newer_readable_price_from_the_feed_s_own_account() {
    // wSOL recorded at $150 published at t = 5,000; the feed's account shows $300 at 5,010; now is 5,020
    let mut wsol = asset(1);
    let feed = [7u8; 32];
    let recorded =
        AssetPrice::from_pyth(15_000_000_000, 15_000_000, -8, 9, 6, crate::math::Bps(200)).unwrap();
    wsol.record_price(recorded, 5_000);
    let params = Params::defaults(1, 1);
    let clock = Clock {
        unix_timestamp: 5_020,
        ..Clock::default()
    };
    let receiver = pyth_solana_receiver_sdk::ID;
    let at = wsol.price_account;
    let posted = |address: &Pubkey, owner: &Pubkey, data: &[u8]| {
        wsol.posted_price(address, owner, data, &params, &clock, 6)
    };
    let newer = price_update(feed, 300, 5_010, true);
    let expected =
        AssetPrice::from_pyth(30_000_000_000, 30_000_000, -8, 9, 6, crate::math::Bps(200)).unwrap();
    assert_eq!(posted(&at, &receiver, &newer).unwrap(), Some(expected));
    // another account, however good its price, is refused: a trader could pass one that never reads
    assert_eq!(
        posted(&Pubkey::new_unique(), &receiver, &newer).unwrap_err(),
        MutualError::WrongPriceAccount.into()
    );
    // what does not read counts nothing: another owner, no data, a partial verification, a stale update
    // (oracle_max_age before now), another feed; and neither does an update older than the recorded one
    let unread: [(Pubkey, Vec<u8>); 6] = [
        (Pubkey::new_unique(), newer.clone()),
        (receiver, Vec::new()),
        (receiver, price_update(feed, 300, 5_010, false)),
        (
            receiver,
            price_update(
                feed,
                300,
                5_020 - i64::from(params.oracle_max_age) - 1,
                true,
            ),
        ),
        (receiver, price_update([8u8; 32], 300, 5_010, true)),
        (receiver, price_update(feed, 300, 4_999, true)),
    ];
    for (owner, data) in unread {
        assert_eq!(posted(&at, &owner, &data).unwrap(), None);
    }
    // another price published in the recorded price's second counts: a refresh could record it
    let same_second = price_update(feed, 300, 5_000, true);
    assert_eq!(
        posted(&at, &receiver, &same_second).unwrap(),
        Some(expected)
    );
}

#[test]
fn the_invariant_holds_through_booking_and_fails_on_each_broken_figure() {
    let mut a = asset(1);
    a.invariant().unwrap();
    let now = REGISTERED + i64::from(DELAY);
    let bucket = crate::math::periods::expiry_bucket(now + 30 * DAY).unwrap();
    a.book_cover(500, bucket, now).unwrap();
    a.unbook_cover(200, bucket, now).unwrap();
    a.invariant().unwrap();
    let broken = MutualError::AssetAccountingBroken.into();
    let mut off = asset(1);
    off.active_cover_amount += 1;
    assert_eq!(off.invariant().unwrap_err(), broken);
    let mut inverted = asset(1);
    inverted.price = AssetPrice {
        low: 2,
        high: 1,
        exponent: 0,
    };
    assert_eq!(inverted.invariant().unwrap_err(), broken);
    let mut base = asset(0);
    base.invariant().unwrap();
    base.is_abandoned = true;
    assert_eq!(base.invariant().unwrap_err(), broken);
    let mut beyond = asset(1);
    beyond.index = MAX_ASSETS;
    assert_eq!(beyond.invariant().unwrap_err(), broken);
}
