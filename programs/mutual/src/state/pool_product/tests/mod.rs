//! Unit tests of `state/pool_product.rs`.
use super::*;
use test_case::test_case;

fn listed() -> PoolProduct {
    let mut pp = PoolProduct::deserialize(&mut &[0u8; PoolProduct::INIT_SPACE][..]).unwrap();
    pp.init(
        249,
        Pubkey::new_from_array([1; 32]),
        Pubkey::new_from_array([2; 32]),
        7,
        11,
        Bps(300),
        702,
        1_698_278_400,
    );
    pp
}

#[test]
fn size_is_pinned() {
    // version 1 + bump 1 + pool 32 + product 32 + pool_id 4 + product_id 4 + target_weight 2 + target_price 2
    // + bumped_price 2 + bumped_at 8 + allocations 8 · 4 = 32 + expiring 18 · 4 = 72
    // + next_expiry_bucket 4 + _reserved 32 = 228
    assert_eq!(PoolProduct::INIT_SPACE, 228);
    assert_eq!(PoolProduct::SIZE, 8 + 228);
}

#[test]
fn init_sets_every_field() {
    let pp = listed();
    assert_eq!((pp.version, pp.bump), (1, 249));
    assert_eq!(
        (pp.pool, pp.product),
        (
            Pubkey::new_from_array([1; 32]),
            Pubkey::new_from_array([2; 32])
        )
    );
    assert_eq!((pp.pool_id, pp.product_id), (7, 11));
    assert_eq!((pp.bumped_price, pp.bumped_at), (Bps(300), 1_698_278_400));
    assert_eq!(pp.next_expiry_bucket, 702);
    assert_eq!((pp.target_weight, pp.target_price), (0, Bps(0)));
    assert_eq!(pp.allocations, [0; ACTIVE_TRANCHES]);
    assert_eq!(pp.expiring, [0; COVER_BUCKETS]);
}

#[test]
fn set_listing_returns_the_old_weight() {
    let mut pp = listed();
    assert_eq!(pp.set_listing(60, Bps(250), Bps(100)).unwrap(), 0);
    assert_eq!((pp.target_weight, pp.target_price), (60, Bps(250)));
    assert_eq!(pp.set_listing(100, Bps::ONE, Bps(100)).unwrap(), 60);
    assert_eq!((pp.target_weight, pp.target_price), (100, Bps::ONE));
    assert_eq!(pp.set_listing(0, Bps(100), Bps(100)).unwrap(), 100);
    assert_eq!((pp.target_weight, pp.target_price), (0, Bps(100)));
    // The bumped price and allocations are not the listing's.
    assert_eq!(pp.bumped_price, Bps(300));
}

#[test_case(101, 250, 100, MutualError::InvalidWeight; "weight above 100")]
#[test_case(u16::MAX, 250, 100, MutualError::InvalidWeight; "weight u16::MAX")]
#[test_case(101, 99, 100, MutualError::InvalidWeight; "weight is checked first")]
#[test_case(50, 99, 100, MutualError::TargetPriceOutOfRange; "price below the minimum")]
#[test_case(50, 0, 1, MutualError::TargetPriceOutOfRange; "zero price")]
#[test_case(50, 10_001, 100, MutualError::TargetPriceOutOfRange; "price above 100%")]
#[test_case(50, 10_000, 10_001, MutualError::TargetPriceOutOfRange; "minimum above 100%")]
fn set_listing_refuses_unchanged(weight: u16, price: u16, min: u16, expected: MutualError) {
    let mut pp = listed();
    pp.set_listing(40, Bps(500), Bps(100)).unwrap();
    let before = borsh::to_vec(&pp).unwrap();
    let err = pp.set_listing(weight, Bps(price), Bps(min)).unwrap_err();
    assert_eq!(err, expected.into());
    assert_eq!(borsh::to_vec(&pp).unwrap(), before);
    assert_eq!((pp.target_weight, pp.target_price), (40, Bps(500)));
}

#[test]
fn a_buy_pays_the_decayed_price_and_leaves_it_bumped() {
    // Listed at a 3% target; the last buy left it at 7% a day and a half ago.
    let mut pp = listed();
    pp.set_listing(50, Bps(300), Bps(100)).unwrap();
    pp.bumped_price = Bps(700);
    pp.bumped_at = 1_000_000;
    let now = 1_000_000 + 3 * crate::constants::DAY / 2;
    let decay = Bps(200);
    // 7% less 1.5 days at 2% a day = 4%
    let paid = pp.price_now(decay, Bps(100), now).unwrap();
    assert_eq!(paid, Bps(400));
    // a quarter of the total capacity: +1.25%, from now
    assert_eq!(
        pp.record_buy_price(paid, Bps(500), 25, 100, now).unwrap(),
        Bps(525)
    );
    assert_eq!((pp.bumped_price, pp.bumped_at), (Bps(525), now));
    // a product minimum above the decayed price is the floor
    assert_eq!(pp.price_now(decay, Bps(600), now).unwrap(), Bps(600));
}

/// Seconds into bucket `b`.
fn in_bucket(b: u32) -> i64 {
    crate::math::periods::bucket_end(b) - crate::constants::BUCKET_DURATION + 1
}

#[test]
fn bookings_count_until_their_bucket_ends_and_release_then() {
    let mut pp = listed();
    // Booked at bucket 702: 300 units expiring with bucket 710 and 50 with bucket 712.
    let now = in_bucket(702);
    pp.book(300, 710, now).unwrap();
    pp.book(50, 712, now).unwrap();
    let slot = |b| tranche_slot(booking_tranche(b).unwrap());
    assert_eq!(pp.expiring[710 % COVER_BUCKETS], 300);
    assert_eq!(
        pp.allocations.iter().map(|&u| u64::from(u)).sum::<u64>(),
        350
    );
    // Bucket 710 ends: the next write releases it.
    pp.release_ended(in_bucket(711)).unwrap();
    assert_eq!(pp.next_expiry_bucket, 711);
    assert_eq!(pp.expiring[710 % COVER_BUCKETS], 0);
    assert_eq!(pp.allocations[slot(712)], 50);
    assert_eq!(
        pp.allocations.iter().map(|&u| u64::from(u)).sum::<u64>(),
        50
    );
    // Taking back the rest before its bucket ends empties the listing; taking back an ended booking is a no-op.
    pp.unbook(50, 712, in_bucket(711)).unwrap();
    pp.unbook(300, 710, in_bucket(711)).unwrap();
    assert_eq!(pp.allocations, [0; ACTIVE_TRANCHES]);
    assert_eq!(pp.expiring, [0; COVER_BUCKETS]);
}

#[test]
fn a_booking_beyond_the_ring_or_the_u32_range_is_refused_unchanged() {
    let mut pp = listed();
    let now = in_bucket(702);
    pp.release_ended(now).unwrap();
    let before = borsh::to_vec(&pp).unwrap();
    assert_eq!(
        pp.book(1, 702 + COVER_BUCKETS as u32, now).unwrap_err(),
        MutualError::MathOverflow.into()
    );
    assert_eq!(
        pp.book(u64::from(u32::MAX) + 1, 710, now).unwrap_err(),
        MutualError::MathOverflow.into()
    );
    assert_eq!(borsh::to_vec(&pp).unwrap(), before);
    pp.book(1, 702 + COVER_BUCKETS as u32 - 1, now).unwrap();
}

#[test]
fn capacity_reads_the_same_before_and_after_releasing() {
    let mut pp = listed();
    pp.set_listing(100, Bps(300), Bps(100)).unwrap();
    let start = in_bucket(702);
    let mut pool = Pool::deserialize(&mut &[0u8; Pool::INIT_SPACE][..]).unwrap();
    let key = Pubkey::new_from_array([3; 32]);
    pool.init(1, 2, 7, key, key, false, Bps::ZERO, Bps::ZERO, start)
        .unwrap();
    pool.deposit(
        pool.first_active_tranche + 7,
        1_000 * crate::constants::STAKE_UNIT,
    )
    .unwrap();
    let expiry = 712;
    pp.book(10_000, 705, start).unwrap();
    let later = in_bucket(706);
    let before = pp
        .capacity(&pool, Bps(10_000), Bps::ZERO, expiry, later)
        .unwrap();
    pp.release_ended(later).unwrap();
    assert_eq!(
        pp.capacity(&pool, Bps(10_000), Bps::ZERO, expiry, later)
            .unwrap(),
        before
    );
    assert_eq!(before.free, before.total);
}

#[test]
fn the_invariant_holds_through_booking_and_fails_on_each_broken_figure() {
    let mut pp = listed();
    pp.invariant().unwrap();
    let now = in_bucket(702);
    pp.book(40, 710, now).unwrap();
    pp.unbook(15, 710, now).unwrap();
    pp.invariant().unwrap();
    let broken = MutualError::ListingAccountingBroken.into();
    let mut off = listed();
    off.allocations[0] += 1;
    assert_eq!(off.invariant().unwrap_err(), broken);
    let mut heavy = listed();
    heavy.target_weight = MAX_TARGET_WEIGHT + 1;
    assert_eq!(heavy.invariant().unwrap_err(), broken);
    let mut dear = listed();
    dear.target_price = Bps(Bps::ONE.0 + 1);
    assert_eq!(dear.invariant().unwrap_err(), broken);
}
