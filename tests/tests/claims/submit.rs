//! claim_submit: the deposit and the cover terms recorded, and every refused filing; the claims pause.
use super::*;
use mutual::errors::MutualError;
use mutual::state::{pause_area, Claim, ClaimStatus};
use mutual_sdk::{claims, ix, pda, Signer};

#[test]
fn a_claim_holds_its_deposit_and_records_the_cover_terms() {
    let s = story();
    let f = &s.f;
    let bv = f.snapshot().book_value;
    let owner_lamports = f.lamports(&s.owner.pubkey());
    let now = f.now();
    let quoted = claims::Filing::load(&f.chain, &f.cover(&s.cover).unwrap())
        .and_then(|filing| filing.terms(&f.cover(&s.cover).unwrap(), CLAIMED))
        .expect("a quote");

    let claim = s.claim();

    let c = state(f, &claim);
    let cover = f.cover(&s.cover).unwrap();
    assert_eq!(claim, pda::claim(&s.cover, 0).0);
    assert_eq!(
        (c.seq, c.status, c.commit_reveal, c.cover, c.claimant),
        (0, ClaimStatus::Open, false, s.cover, s.owner.pubkey())
    );
    assert_eq!((c.amount, c.liability), (CLAIMED, CLAIMED));
    assert_eq!(c.reward, reward_of(CLAIMED, bv, PERIOD));
    assert_eq!(
        (c.deposit, c.wording_hash),
        (MIN_DEPOSIT, cover.wording_hash)
    );
    // The SDK's quote is what the chain charged.
    assert_eq!(
        (quoted.liability, quoted.reward, quoted.deposit),
        (c.liability, c.reward, c.deposit)
    );
    assert_eq!(
        (c.evidence_hash, c.evidence_uri.as_str()),
        ([7; 32], "ipfs://evidence-of-the-exploit")
    );
    assert_eq!(
        (c.submitted_at, c.end, c.accept, c.deny, c.voters),
        (now, 0, 0, 0, 0)
    );
    assert_eq!((cover.claim_count, cover.open_claim), (1, true));
    let rent = f.rent(Claim::SIZE);
    assert_eq!(f.lamports(&claim), rent + MIN_DEPOSIT);
    assert_eq!(
        f.lamports(&s.owner.pubkey()),
        owner_lamports - rent - MIN_DEPOSIT - SIGNATURE_FEE
    );
    assert_eq!(f.snapshot().pending_units[0], 0);
}

/// The deposit is `min_deposit` while wrapped SOL is registered but never priced; once SOL is priced (here $10 ±
/// 0.01, low 9.99 USDC) and the reward is worth more, it is the reward's value in lamports, rounded up.
#[test]
fn the_deposit_is_the_floor_until_wrapped_sol_is_priced_then_the_rewards_value_in_lamports() {
    // Arrange: wrapped SOL registered, no price yet
    let s = story();
    let f = &s.f;
    mutual_migrations::register_wrapped_sol(&f.chain, f.deployer()).expect("wSOL");

    // Act + Assert: unpriced, so the floor
    let claim = s.claim();
    assert_eq!(state(f, &claim).deposit, MIN_DEPOSIT);

    // Arrange: a second story, SOL priced at $10 ± 0.01 and a refresh recording it
    let s = story();
    let f = &s.f;
    mutual_migrations::register_wrapped_sol(&f.chain, f.deployer()).expect("wSOL");
    let price = mutual_sdk::prices::PythPrice {
        price: 1_000_000_000,
        conf: 1_000_000,
        exponent: -8,
        publish_time: f.now(),
    };
    f.chain
        .set_price(mutual_sdk::prices::sol_usd_feed(), price)
        .expect("a price account");
    let refresh = mutual_sdk::capital::refresh_ix(&f.chain).expect("refresh accounts");
    f.send_ok(&[refresh], &[f.deployer()]);
    let bv = f.snapshot().book_value;
    let cover = f.cover(&s.cover).unwrap();
    let filing = claims::Filing::load(&f.chain, &cover).expect("filing");
    assert!(filing.sol_asset.is_some());
    let quoted = filing.terms(&cover, CLAIMED).expect("a quote");

    // Act
    let claim = s.claim();

    // Assert: reward in USDC (rounded down) / 9.99 USDC per SOL, rounded up, above the 0.05 SOL floor
    let c = state(f, &claim);
    let reward_usdc = u128::from(reward_of(CLAIMED, bv, PERIOD)) * u128::from(bv) / 1_000_000_000;
    let deposit = u64::try_from((reward_usdc * 1_000_000_000).div_ceil(9_990_000)).unwrap();
    assert!(deposit > MIN_DEPOSIT);
    assert_eq!(
        (c.reward, c.deposit),
        (reward_of(CLAIMED, bv, PERIOD), deposit)
    );
    assert_eq!(f.lamports(&claim), f.rent(Claim::SIZE) + deposit);
    assert_eq!((quoted.reward, quoted.deposit), (c.reward, deposit));
}

#[test]
fn a_claim_in_the_purchase_slot_is_refused() {
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Lending", &[(100, 300, 1_000)]);
    let owner = f.with_funded_member(100_000 * USDC);
    let cover = f.buy_cover(&owner, m.product, COVER, PERIOD, &m.pools);
    let (submit, claim) = f.claim_submit_ix(&owner.pubkey(), &cover, CLAIMED);
    f.send_err_unchanged(&[submit], &[&owner], MutualError::ClaimSameSlot, &[cover]);
    assert!(!f.account_exists(&claim));
}

#[test]
fn a_claim_above_the_cover_or_while_one_is_open_is_refused() {
    let s = story();
    let f = &s.f;
    let (above, _) = f.claim_submit_ix(&s.owner.pubkey(), &s.cover, COVER + 1);
    f.send_err_unchanged(
        &[above],
        &[&s.owner],
        MutualError::ClaimAboveCover,
        &[s.cover],
    );
    // priced after the check: u64::MAX is above the cover, not an overflow
    let (most, _) = f.claim_submit_ix(&s.owner.pubkey(), &s.cover, u64::MAX);
    f.send_err_unchanged(
        &[most],
        &[&s.owner],
        MutualError::ClaimAboveCover,
        &[s.cover],
    );
    let (zero, _) = f.claim_submit_ix(&s.owner.pubkey(), &s.cover, 0);
    f.send_err(&[zero], &[&s.owner], MutualError::ZeroAmount);
    s.claim();
    let (second, address) = f.claim_submit_ix(&s.owner.pubkey(), &s.cover, 1);
    f.send_err_unchanged(
        &[second],
        &[&s.owner],
        MutualError::CoverHasOpenClaim,
        &[s.cover],
    );
    assert!(!f.account_exists(&address));
}

#[test]
fn a_claim_by_someone_else_or_after_grace_is_refused() {
    let s = story();
    let f = &s.f;
    let stranger = f.with_member();
    let (theirs, _) = f.claim_submit_ix(&stranger.pubkey(), &s.cover, CLAIMED);
    f.send_err(&[theirs], &[&stranger], MutualError::NotCoverOwner);
    // Within the grace period (30 days after the end) a claim is still taken...
    let end = f.cover(&s.cover).unwrap().end().unwrap();
    f.warp_seconds(end + 30 * DAY - 1 - f.now());
    let (late, _) = f.claim_submit_ix(&s.owner.pubkey(), &s.cover, CLAIMED);
    let in_grace = f.snapshot();
    f.send_ok(&[late], &[&s.owner]);
    assert_eq!(f.snapshot().pending_units[0], in_grace.pending_units[0]);

    // ...and after it, not.
    let s = story();
    let end = s.f.cover(&s.cover).unwrap().end().unwrap();
    s.f.warp_seconds(end + 30 * DAY - s.f.now());
    let (after, _) = s.f.claim_submit_ix(&s.owner.pubkey(), &s.cover, CLAIMED);
    s.f.send_err_unchanged(
        &[after],
        &[&s.owner],
        MutualError::ClaimPeriodOver,
        &[s.cover],
    );
}

#[test]
fn claims_pause_stops_new_claims_but_not_votes() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    let guardian = f.with_guardian();
    f.send_ok(
        &[ix::protocol_pause(&guardian.pubkey(), pause_area::CLAIMS)],
        &[&guardian],
    );
    s.vote(0, &claim, true);
    let other = f.buy_cover(
        &s.owner,
        s.market.product,
        100 * USDC,
        PERIOD,
        &s.market.pools,
    );
    f.warp_seconds(1);
    let (submit, _) = f.claim_submit_ix(&s.owner.pubkey(), &other, 100 * USDC);
    f.send_err(&[submit], &[&s.owner], MutualError::ProtocolPaused);
}
