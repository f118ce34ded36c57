//! Unit tests of `state/cover.rs`.
use super::*;
use crate::constants::{DAY, MAX_COVER_PERIOD};

fn segment(pools: &[(u32, u32)]) -> Segment {
    let mut allocations = [CoverAllocation::default(); MAX_COVER_POOLS];
    for (slot, (pool_id, units)) in allocations.iter_mut().zip(pools) {
        *slot = CoverAllocation {
            pool_id: *pool_id,
            units: *units,
        };
    }
    Segment {
        amount: 1_000_000,
        start: 1_000 * DAY,
        period: 30 * DAY as u32,
        grace: 10 * DAY as u32,
        premium: 2_500,
        wording_hash: [9; 32],
        allocations,
        pool_count: pools.len() as u8,
    }
}

fn blank() -> Cover {
    Cover::try_from_slice(&[0u8; Cover::INIT_SPACE]).unwrap()
}

fn bought() -> Cover {
    let mut cover = blank();
    cover
        .init(
            254,
            Pubkey::new_from_array([1; 32]),
            7,
            Pubkey::new_from_array([2; 32]),
            Pubkey::new_from_array([3; 32]),
            Pubkey::new_from_array([4; 32]),
            segment(&[(5, 100), (6, 50)]),
            42,
        )
        .unwrap();
    cover
}

#[test]
fn size_is_pinned_and_its_rent_is_under_0_003_sol() {
    // version 1 + bump 1 + state 1 + product 32 + seq 8 + owner 32 + buyer 32 + asset 32 + amount 8 + start 8
    // + period 4 + grace 4 + premium 8 + paid_out 8 + wording 32 + pool_count 1 + allocations 4 · 8
    // + renew_max_premium 8 + bought_slot 8 + claim_count 1 + open_claim 1 + _reserved 16 = 278
    assert_eq!(Cover::INIT_SPACE, 278);
    assert_eq!(Cover::SIZE, 8 + 278);
    // Rent-exempt minimum: (128 + size) · 3,480 lamports/byte-year · 2 years
    assert!((128 + Cover::SIZE as u64) * 3_480 * 2 <= 3_000_000);
}

#[test]
fn init_records_the_segment_and_the_terms_bought() {
    let cover = bought();
    assert_eq!(
        (cover.version, cover.bump, cover.state),
        (1, 254, CoverState::Active)
    );
    assert_eq!(
        (cover.seq, cover.amount, cover.premium),
        (7, 1_000_000, 2_500)
    );
    assert_eq!(cover.wording_hash, [9; 32]);
    assert_eq!(
        cover.pools(),
        &segment(&[(5, 100), (6, 50)]).allocations[..2]
    );
    assert_eq!(
        (cover.bought_slot, cover.paid_out, cover.renew_max_premium),
        (42, 0, 0)
    );
    assert_eq!(cover.end().unwrap(), 1_030 * DAY);
    assert_eq!(cover.end_with_grace().unwrap(), 1_040 * DAY);
    assert_eq!(cover.expiry_bucket().unwrap(), (1_040 / 28) as u32);
    assert_eq!(cover.reward_bucket().unwrap(), (1_030 / 28) as u32);
}

#[test]
fn the_invariant_refuses_bad_segments() {
    let refuse = |s: Segment, e: MutualError| {
        let mut cover = blank();
        let err = cover
            .init(
                1,
                Pubkey::default(),
                0,
                Pubkey::default(),
                Pubkey::default(),
                Pubkey::default(),
                s,
                0,
            )
            .unwrap_err();
        assert_eq!(err, e.into());
    };
    refuse(segment(&[]), MutualError::InvalidPoolAccounts);
    refuse(segment(&[(5, 0)]), MutualError::InvalidPoolAccounts);
    refuse(segment(&[(5, 1), (5, 2)]), MutualError::DuplicatePool);
    refuse(
        Segment {
            period: MAX_COVER_PERIOD as u32 + 1,
            ..segment(&[(5, 1)])
        },
        MutualError::InvalidCoverPeriod,
    );
    refuse(
        Segment {
            amount: 0,
            ..segment(&[(5, 1)])
        },
        MutualError::ZeroAmount,
    );
    let mut cover = bought();
    cover.paid_out = 600_000;
    assert_eq!(
        cover
            .replace_segment(
                Segment {
                    amount: 500_000,
                    ..segment(&[(5, 1)])
                },
                7
            )
            .unwrap_err(),
        MutualError::AmountBelowPaidOut.into()
    );
}

#[test]
fn active_until_the_end_and_renewable_in_its_last_7_days() {
    let cover = bought();
    let end = cover.end().unwrap();
    assert!(cover.is_active(end - 1).unwrap());
    assert!(!cover.is_active(end).unwrap());
    assert_eq!(
        cover.require_renewal_window(end - 7 * DAY - 1).unwrap_err(),
        MutualError::RenewalWindowClosed.into()
    );
    cover.require_renewal_window(end - 7 * DAY).unwrap();
    cover.require_renewal_window(end - 1).unwrap();
    assert_eq!(
        cover.require_renewal_window(end).unwrap_err(),
        MutualError::RenewalWindowClosed.into()
    );
    assert_eq!(
        cover
            .require_expirable(cover.end_with_grace().unwrap() - 1)
            .unwrap_err(),
        MutualError::CoverNotExpired.into()
    );
    cover
        .require_expirable(cover.end_with_grace().unwrap())
        .unwrap();
}

#[test]
fn auto_renewal_is_capped_and_a_transfer_stops_it() {
    let mut cover = bought();
    assert_eq!(
        cover.require_auto_renew_within(1).unwrap_err(),
        MutualError::AutoRenewOff.into()
    );
    cover.set_auto_renew(3_000);
    cover.require_auto_renew_within(3_000).unwrap();
    assert_eq!(
        cover.require_auto_renew_within(3_001).unwrap_err(),
        MutualError::RenewPremiumAboveCap.into()
    );
    let owner = cover.owner;
    assert_eq!(
        cover.transfer(owner).unwrap_err(),
        MutualError::SameOwner.into()
    );
    let next = Pubkey::new_from_array([8; 32]);
    cover.transfer(next).unwrap();
    assert_eq!((cover.owner, cover.renew_max_premium), (next, 0));
}

#[test]
fn status_reports_what_an_integrator_needs() {
    let cover = bought();
    let product = Pubkey::new_from_array([1; 32]);
    let status = cover.status(product, 1_010 * DAY).unwrap();
    assert_eq!(
        status,
        CoverStatus {
            active: true,
            amount: 1_000_000,
            paid_out: 0,
            premium: 2_500,
            start: 1_000 * DAY,
            end: 1_030 * DAY,
            grace: 10 * DAY as u32,
            product,
            asset: Pubkey::new_from_array([4; 32]),
            owner: Pubkey::new_from_array([2; 32]),
        }
    );
    assert!(!cover.status(product, 1_030 * DAY).unwrap().active);
}
