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
        capacity_ratio: Bps(20_000),
        poll_times: crate::state::Params::defaults(1, 1).poll_times(),
        pause_clock: 0,
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
    // + renew_max_premium 8 + bought_slot 8 + claim_count 1 + open_claim 1 + capacity_ratio 2
    // + poll_times 6 · 4 + pause_clock 4 = 292
    assert_eq!(Cover::INIT_SPACE, 292);
    assert_eq!(Cover::SIZE, 8 + 292);
    // Rent-exempt minimum: (128 + size) · 3,480 lamports/byte-year · 2 years: the first purchase's rent
    assert!((128 + Cover::SIZE as u64) * 3_480 * 2 <= 3_000_000);
    // A first renewal adds the replaced segment: until 8 + allocations 32 + pool_count 1 + ratio 2 + grace 4
    // + wording 32 + poll_times 24 = 103 bytes (716,880 lamports), paid by its signer
    assert_eq!(PriorSegment::SIZE, 103);
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
                1_000 * DAY,
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
            .require_expirable(cover.end_with_grace().unwrap() - 1, 0)
            .unwrap_err(),
        MutualError::CoverNotExpired.into()
    );
    cover
        .require_expirable(cover.end_with_grace().unwrap(), 0)
        .unwrap();
}

#[test]
fn auto_renewal_is_capped_and_a_transfer_stops_it() {
    let mut cover = bought();
    assert_eq!(
        cover.require_auto_renew_within(1).unwrap_err(),
        MutualError::AutoRenewOff.into()
    );
    cover.set_auto_renew(3_000).unwrap();
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
            open_claim: false,
        }
    );
    assert!(!cover.status(product, 1_030 * DAY).unwrap().active);
}

#[test]
fn a_cover_paid_out_in_full_is_not_active_renews_no_more_and_its_auto_renewal_ends() {
    let mut cover = bought();
    cover.set_auto_renew(3_000).unwrap();
    let product = Pubkey::new_from_array([1; 32]);
    // a partial payout leaves the rest renewable, and auto-renewal on
    cover.open_claim = true;
    cover.record_payout(600_000).unwrap();
    assert_eq!(cover.renewable().unwrap(), 400_000);
    assert_eq!(cover.renew_max_premium, 3_000);
    assert!(cover.status(product, 1_010 * DAY).unwrap().active);
    // the rest paid out: nothing left
    cover.open_claim = true;
    cover.record_payout(400_000).unwrap();
    assert_eq!(
        cover.renewable().unwrap_err(),
        MutualError::NothingLeftToCover.into()
    );
    assert_eq!(cover.renew_max_premium, 0);
    assert_eq!(
        cover.set_auto_renew(1).unwrap_err(),
        MutualError::NothingLeftToCover.into()
    );
    cover.set_auto_renew(0).unwrap();
    let status = cover.status(product, 1_010 * DAY).unwrap();
    assert_eq!((status.active, status.paid_out), (false, 1_000_000));
}

#[test]
fn an_auto_renewal_is_refused_under_a_changed_wording_or_grace() {
    let cover = bought();
    // zeroed terms (empty name, URI and allow-list), then the ones the cover bought
    let mut terms = crate::state::ProductTerms::try_from_slice(
        &[0u8; 1 + 4 + 32 + 4 + 1 + 4 + 2 + 2 + 2 + 4 + 1 + 1],
    )
    .unwrap();
    terms.wording_hash = [9; 32];
    terms.grace_period = 10 * DAY as u32;
    cover.require_same_terms(&terms).unwrap();
    terms.grace_period = 0;
    assert_eq!(
        cover.require_same_terms(&terms).unwrap_err(),
        MutualError::GracePeriodChanged.into()
    );
    terms.grace_period = 10 * DAY as u32;
    terms.wording_hash = [8; 32];
    assert_eq!(
        cover.require_same_terms(&terms).unwrap_err(),
        MutualError::WordingChanged.into()
    );
}

#[test]
fn a_claims_pause_extends_the_window_by_its_length_and_holds_off_expiry() {
    let cover = bought();
    let deadline = cover.end_with_grace().unwrap();
    // bought with the clock at 0: no pause since, the window is end plus grace
    assert_eq!(cover.claim_deadline(0).unwrap(), deadline);
    // 5 days of claims pause since: 5 days more, for filing and before any expiry
    assert_eq!(
        cover.claim_deadline(5 * DAY as u32).unwrap(),
        deadline + 5 * DAY
    );
    assert_eq!(
        cover
            .require_expirable(deadline, 5 * DAY as u32)
            .unwrap_err(),
        MutualError::CoverNotExpired.into()
    );
    cover
        .require_expirable(deadline + 5 * DAY, 5 * DAY as u32)
        .unwrap();
    // a pause before the purchase extends nothing
    let mut later = bought();
    later.pause_clock = 7 * DAY as u32;
    assert_eq!(later.claim_deadline(7 * DAY as u32).unwrap(), deadline);
    let mut filing = bought();
    filing.bought_slot = 0;
    assert_eq!(
        filing
            .file_claim(1, deadline + 5 * DAY, 1, 5 * DAY as u32, None)
            .unwrap_err(),
        MutualError::ClaimPeriodOver.into()
    );
    filing
        .file_claim(1, deadline + 5 * DAY - 1, 1, 5 * DAY as u32, None)
        .unwrap();
}

#[test]
fn a_renewal_keeps_the_old_segment_for_claims_filed_before_it_starts() {
    let mut cover = bought();
    let old_end = cover.end().unwrap();
    let renewal = Segment {
        start: old_end,
        capacity_ratio: Bps(30_000),
        ..segment(&[(7, 80)])
    };
    // renewed a day before the end: the old segment is kept until the renewal starts
    let prior = cover.replace_segment(renewal, old_end - DAY, 50).unwrap();
    assert_eq!(prior.until, old_end);
    assert_eq!(prior.allocations, segment(&[(5, 100), (6, 50)]).allocations);
    assert_eq!(prior.pool_count, 2);
    assert_eq!(prior.capacity_ratio, Bps(20_000));
    let before = cover.backing_at(old_end - 1, Some(&prior)).unwrap();
    assert_eq!(
        before.pools(),
        &segment(&[(5, 100), (6, 50)]).allocations[..2]
    );
    assert_eq!(before.capacity_ratio, Bps(20_000));
    assert_eq!(before.expiry_bucket, ((1_030 + 10) / 28) as u32);
    // from the renewal's start, the new one
    let after = cover.backing_at(old_end, Some(&prior)).unwrap();
    assert_eq!(after.pools(), &segment(&[(7, 80)]).allocations[..1]);
    assert_eq!(after.capacity_ratio, Bps(30_000));
    // a stale prior (another renewal's) never counts
    let stale = PriorSegment {
        until: old_end - 1,
        ..prior
    };
    let current = cover.backing_at(old_end - DAY, Some(&stale)).unwrap();
    assert_eq!(current.pools(), &segment(&[(7, 80)]).allocations[..1]);
    // an edit starts now and keeps none
    let edited = cover
        .replace_segment(
            Segment {
                start: old_end - DAY / 2,
                ..segment(&[(8, 10)])
            },
            old_end - DAY / 2,
            60,
        )
        .unwrap();
    assert_eq!(edited, PriorSegment::default());
}

#[test]
fn the_prior_segment_is_read_from_past_the_struct() {
    let mut data = vec![0u8; Cover::SIZE];
    assert_eq!(PriorSegment::read(&data).unwrap(), None);
    let prior = PriorSegment {
        until: 5,
        pool_count: 1,
        ..PriorSegment::default()
    };
    let mut tail = Vec::new();
    prior.serialize(&mut tail).unwrap();
    assert_eq!(tail.len(), PriorSegment::SIZE);
    data.extend_from_slice(&tail);
    assert_eq!(PriorSegment::read(&data).unwrap(), Some(prior));
    // cleared by an edit
    let mut cleared = vec![0u8; Cover::SIZE + PriorSegment::SIZE];
    PriorSegment::default()
        .serialize(&mut &mut cleared[Cover::SIZE..])
        .unwrap();
    assert_eq!(PriorSegment::read(&cleared).unwrap(), None);
}
