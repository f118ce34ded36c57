//! 2. A claim burns the pools that backed its loss.
use super::*;
use anchor_lang::prelude::Pubkey;
use mutual::errors::MutualError;
use mutual_sdk::{ix, pda, Keypair, Signer};

/// A product on two pools (A, B) of 2,000 MUT each; a 600 USDC cover for 60 days on A; its owner renews it
/// onto B three days before its end. Returns the fixture, the pools, the owner and the cover.
fn renewed_onto_another_pool() -> (TestFixture, CoverMarket, Keypair, Pubkey) {
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Lending", &[(100, 300, 2_000), (100, 300, 2_000)]);
    let owner = f.with_funded_member(10_000 * USDC);
    let cover = f.buy_cover(&owner, m.product, 600 * USDC, PERIOD, &m.pools[..1]);
    f.warp_seconds(PERIOD - 3 * DAY);
    f.send_ok(
        &[f.renew_ix(&owner.pubkey(), m.product, 0, &m.pools[1..])],
        &[&owner],
    );
    (f, m, owner, cover)
}

#[test]
fn security_economic_sequences_a_claim_filed_before_a_renewal_starts_burns_the_old_segments_pools()
{
    // Arrange
    let (f, m, owner, cover) = renewed_onto_another_pool();
    let start = f.cover(&cover).unwrap().start;
    // The assessor must stake before the claim: do it now, then file in the last second of the old segment.
    f.warp_seconds(start - 2 - f.now());

    // Act
    let (burnt, owed) = claimed_and_paid(&f, &owner, &cover, &m.pools);

    // Assert: pool A, which was paid for that risk, burns all of it; B, the renewal's, nothing
    assert_eq!(burnt, vec![owed, 0]);
}

#[test]
fn security_economic_sequences_a_claim_filed_once_a_renewal_started_burns_the_new_segments_pools() {
    let (f, m, owner, cover) = renewed_onto_another_pool();
    let start = f.cover(&cover).unwrap().start;
    f.warp_seconds(start - 1 - f.now());
    let (burnt, owed) = claimed_and_paid(&f, &owner, &cover, &m.pools);
    assert_eq!(burnt, vec![0, owed]);
}

#[test]
fn security_remaining_accounts_a_claim_before_a_renewal_starts_cannot_name_the_new_pools() {
    // Arrange: the last day of the old segment
    let (f, m, owner, cover) = renewed_onto_another_pool();
    f.warp_seconds(DAY);
    let c = f.cover(&cover).unwrap();
    let args = mutual::instructions::ClaimSubmitArgs {
        amount: 300 * USDC,
        evidence_hash: [7; 32],
        evidence_uri: "ipfs://e".into(),
    };
    let with = |pools: &[u32]| {
        ix::claim_submit(
            &owner.pubkey(),
            m.product,
            &cover,
            &c.asset,
            c.claim_count,
            pools,
            args.clone(),
        )
    };

    // Act + Assert: the renewal's pool, or none, is refused and nothing changes
    for pools in [&m.pools[1..], &[][..], &m.pools[..]] {
        f.send_err_unchanged(
            &[with(pools)],
            &[&owner],
            MutualError::CoverPoolsMismatch,
            &[cover, pda::pool(m.pools[0]).0, pda::pool(m.pools[1]).0],
        );
    }
    f.send_ok(&[with(&m.pools[..1])], &[&owner]);
}

#[test]
fn security_economic_sequences_both_segments_of_a_renewal_stay_booked_until_their_own_buckets_end()
{
    let (f, m, _, cover) = renewed_onto_another_pool();
    let c = f.cover(&cover).unwrap();
    let old = f.pool_product(m.pools[0], m.product);
    let new = f.pool_product(m.pools[1], m.product);
    let booked =
        |l: &mutual::state::PoolProduct| l.allocations.iter().map(|u| u64::from(*u)).sum::<u64>();
    // A keeps the old segment's units, B holds the renewal's, and the cover records B
    assert!(booked(&old) > 0 && booked(&new) > 0);
    assert_eq!(c.pools()[0].pool_id, m.pools[1]);
    // the account grew by the replaced segment, paid by the renewal's signer
    assert_eq!(
        f.account(&cover).data.len(),
        mutual::state::Cover::SIZE + mutual::state::PriorSegment::SIZE
    );
    let prior = mutual::state::PriorSegment::read(&f.account(&cover).data)
        .unwrap()
        .unwrap();
    assert_eq!((prior.until, prior.pool_count), (c.start, 1));
    assert_eq!(prior.allocations[0].pool_id, m.pools[0]);
}

#[test]
fn security_economic_sequences_a_claim_after_an_edit_that_moves_pools_burns_the_new_pools() {
    // Arrange: the cover moved from A to B by an edit ten days in
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Lending", &[(100, 300, 2_000), (100, 300, 2_000)]);
    let owner = f.with_funded_member(10_000 * USDC);
    let cover = f.buy_cover(&owner, m.product, 600 * USDC, PERIOD, &m.pools[..1]);
    f.warp_days(10);
    f.send_ok(
        &[f.edit_ix(
            &owner.pubkey(),
            m.product,
            0,
            &m.pools[1..],
            &m.pools[..1],
            600 * USDC,
            PERIOD,
        )],
        &[&owner],
    );

    // Act
    let (burnt, owed) = claimed_and_paid(&f, &owner, &cover, &m.pools);

    // Assert
    assert_eq!(burnt, vec![0, owed]);
}
