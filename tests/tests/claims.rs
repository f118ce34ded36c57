//! Claims and stake-weighted assessment: whole lifecycles with warped time (accepted and paid, denied, silent
//! ending, commit-reveal, fraud undo), every refusal the issue names, and conservation of value to the unit.
use anchor_lang::prelude::Pubkey;
use mutual::errors::MutualError;
use mutual::math::claims::PollPhase;
use mutual::state::{pause_area, Claim, ClaimStatus, Vote, VoteChoice};
use mutual_sdk::{claims, ix, pda, Keypair, MutualEvent, Signer};
use mutual_tests::*;
use test_case::test_case;

const PERIOD: i64 = 73 * DAY;
const COVER: u64 = 1_000 * USDC;
const CLAIMED: u64 = 600 * USDC;
const MIN_DEPOSIT: u64 = 50_000_000;
const VOTING: i64 = 3 * DAY;

/// reward = min(50 tokens, stake · 1.3% · period / 365 d), stake = amount · 10^9 / bv; both rounded down.
fn reward_of(amount: u64, bv: u64, period: i64) -> u64 {
    let stake = u128::from(amount) * 1_000_000_000 / u128::from(bv);
    let reward = stake * 130 * period as u128 / (10_000 * 365 * DAY as u128);
    u64::try_from(reward.min(50 * u128::from(STAKE))).unwrap()
}

/// The stake a payout of `amount` burns from a cover's only pool: amount in stake at bv (rounded up), divided by
/// the capacity ratio of 2 (rounded up).
fn burn_of(amount: u64, bv: u64) -> u64 {
    let stake = (u128::from(amount) * 1_000_000_000).div_ceil(u128::from(bv));
    u64::try_from(stake.div_ceil(2)).unwrap()
}

/// A cover of 1,000 USDC for 73 days on a one-pool product, its owner, and four assessors staked before any
/// claim (300, 100, 50 and 10 tokens), a minute later (a new slot).
struct Story {
    f: TestFixture,
    market: CoverMarket,
    owner: Keypair,
    cover: Pubkey,
    assessors: [Keypair; 4],
}

fn story_with(commit_reveal: bool) -> Story {
    let f = TestFixture::bootstrapped();
    let mut terms = sample_terms("Lending");
    terms.commit_reveal = commit_reveal;
    let product = f.create_product(terms);
    let market = f.with_pools_for(product, &[(100, 300, 1_000)]);
    let owner = f.with_funded_member(100_000 * USDC);
    let cover = f.buy_cover(&owner, product, COVER, PERIOD, &market.pools);
    let assessors = [
        f.with_assessor(300),
        f.with_assessor(100),
        f.with_assessor(50),
        f.with_assessor(10),
    ];
    f.warp_seconds(60);
    Story {
        f,
        market,
        owner,
        cover,
        assessors,
    }
}

fn story() -> Story {
    story_with(false)
}

impl Story {
    fn claim(&self) -> Pubkey {
        self.f.submit_claim(&self.owner, &self.cover, CLAIMED)
    }

    fn vote(&self, who: usize, claim: &Pubkey, accept: bool) {
        self.f.vote(&self.assessors[who], claim, accept);
    }

    fn pool(&self) -> u32 {
        self.market.pools[0]
    }

    /// The authority flags assessor `who` for fraud: their stake burnt, their votes open to undo.
    fn flag_fraud(&self, who: usize) {
        let authority = self.f.deployer();
        let flag =
            ix::assessor_flag_fraud(&authority.pubkey(), &self.assessors[who].pubkey(), true);
        self.f.send_ok(&[flag], &[authority]);
    }
}

fn state(f: &TestFixture, claim: &Pubkey) -> Claim {
    f.claim(claim).expect("claim exists")
}

// ---- claim_submit ----

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

// ---- lifecycles ----

#[test]
fn an_accepted_claim_pays_out_burns_stake_and_rewards_its_voters() {
    // Arrange: a claim, accepted 300 to 100
    let s = story();
    let f = &s.f;
    let pool = s.pool();
    let bv = f.snapshot().book_value;
    let claim = s.claim();
    let voted_at = f.now();
    s.vote(0, &claim, true);
    assert_eq!(f.snapshot().pending_units[0], CLAIMED);
    s.vote(1, &claim, false);
    let c = state(f, &claim);
    assert_eq!(
        (c.accept, c.deny, c.voters, c.end),
        (300 * STAKE, 100 * STAKE, 2, voted_at + VOTING)
    );
    let assessor = f.assessor(&s.assessors[0].pubkey()).unwrap();
    assert_eq!(assessor.locked_until, voted_at + 14 * DAY);
    let vote = f.vote_of(&claim, &s.assessors[0].pubkey()).unwrap();
    assert_eq!(
        (vote.choice, vote.weight, vote.cast_at, vote.forfeited),
        (VoteChoice::Accept, 300 * STAKE, voted_at, false)
    );

    // Not before the cooldown is over.
    f.warp_seconds(VOTING);
    assert_eq!(c.phase(f.now()).unwrap(), PollPhase::Cooldown);
    let redeem = f.redeem_ix(&s.owner.pubkey(), &claim);
    f.send_err_unchanged(
        std::slice::from_ref(&redeem),
        &[&s.owner],
        MutualError::ClaimNotDecided,
        &[claim, s.cover],
    );
    f.send_err(
        &[ix::vote_reward_claim(&s.assessors[0].pubkey(), &claim)],
        &[&s.assessors[0]],
        MutualError::ClaimNotDecided,
    );
    f.warp_seconds(DAY);

    let usdc = f.base_balance(&s.owner.pubkey());
    let lamports = f.lamports(&s.owner.pubkey());
    let vault = f.vault_balance();
    let (pool_stake, pool_vault, supply) = (
        f.pool(pool).active_stake,
        f.pool_vault_balance(pool),
        f.stake_supply(),
    );
    let active = f.base_asset().active_cover(f.now()).unwrap();

    // Act
    f.send_ok(&[redeem], &[&s.owner]);

    // Assert: paid to the unit, deposit back, stake burnt, liability and active cover released
    let burn = burn_of(CLAIMED, bv);
    assert_eq!(f.base_balance(&s.owner.pubkey()), usdc + CLAIMED);
    assert_eq!(
        f.lamports(&s.owner.pubkey()),
        lamports + MIN_DEPOSIT - SIGNATURE_FEE
    );
    assert_eq!(f.lamports(&claim), f.rent(Claim::SIZE));
    assert_eq!(f.vault_balance(), vault - CLAIMED);
    assert_eq!(f.pool(pool).active_stake, pool_stake - burn);
    assert_eq!(f.pool_vault_balance(pool), pool_vault - burn);
    assert_eq!(f.stake_supply(), supply - burn);
    assert!(!f.pool(pool).halted);
    assert_eq!(
        f.base_asset().active_cover(f.now()).unwrap(),
        active - CLAIMED
    );
    assert_eq!(f.base_asset().capital_balance, vault - CLAIMED);
    let c = state(f, &claim);
    assert_eq!((c.status, c.liability_booked), (ClaimStatus::Paid, false));
    let cover = f.cover(&s.cover).unwrap();
    assert_eq!((cover.paid_out, cover.open_claim), (CLAIMED, false));
    assert_eq!(f.snapshot().pending_units[0], 0);
    // Paid once.
    f.send_err(
        &[f.redeem_ix(&s.owner.pubkey(), &claim)],
        &[&s.owner],
        MutualError::ClaimNotOpen,
    );

    // Voters take their shares; the votes close and refund their rent.
    for (who, weight) in [(0, 300), (1, 100)] {
        let voter = &s.assessors[who];
        let (tokens, lamports) = (
            f.stake_balance(&voter.pubkey()),
            f.lamports(&voter.pubkey()),
        );
        f.send_ok(&[ix::vote_reward_claim(&voter.pubkey(), &claim)], &[voter]);
        assert_eq!(
            f.stake_balance(&voter.pubkey()),
            tokens + c.reward * weight / 400
        );
        assert_eq!(
            f.lamports(&voter.pubkey()),
            lamports + f.rent(Vote::SIZE) - SIGNATURE_FEE
        );
        assert!(f.vote_of(&claim, &voter.pubkey()).is_none());
    }
    // What is left of the cover can still be claimed: 400 USDC, not 401.
    let (above, _) = f.claim_submit_ix(&s.owner.pubkey(), &s.cover, COVER - CLAIMED + 1);
    f.send_err(&[above], &[&s.owner], MutualError::ClaimAboveCover);
    let (rest, second) = f.claim_submit_ix(&s.owner.pubkey(), &s.cover, COVER - CLAIMED);
    f.send_ok(&[rest], &[&s.owner]);
    assert_eq!(
        (second, state(f, &second).seq),
        (pda::claim(&s.cover, 1).0, 1)
    );
}

/// A cover spread over three pools: each burns its units' share, and the SDK's preview (`payout_burns`, the
/// handler's own `Claim::payout_burn`) is the chain's burn to the unit.
#[test]
fn a_payout_burns_each_pools_share_and_the_sdk_previews_it_to_the_unit() {
    // Arrange: 1,000 USDC of cover over pools of 200, 300 and 400 tokens, accepted and cooled
    let f = TestFixture::bootstrapped();
    let market = f.with_cover_market(
        "Spread",
        &[(100, 300, 200), (100, 300, 300), (100, 300, 400)],
    );
    let owner = f.with_funded_member(100_000 * USDC);
    let cover_address = f.buy_cover(&owner, market.product, COVER, PERIOD, &market.pools);
    let assessor = f.with_assessor(300);
    f.warp_seconds(60);
    let claim = f.submit_claim(&owner, &cover_address, CLAIMED);
    f.vote(&assessor, &claim, true);
    f.warp_seconds(VOTING + DAY);
    let cover = f.cover(&cover_address).unwrap();
    let before: Vec<_> = cover
        .pools()
        .iter()
        .map(|a| mutual_sdk::staking::as_processed(&f.pool(a.pool_id), f.now()))
        .collect();
    assert!(before.len() >= 2, "spread over {} pools", before.len());
    let preview = claims::payout_burns(
        &state(&f, &claim),
        &before,
        &f.base_asset(),
        &f.snapshot(),
        f.stake_supply(),
        &f.config().params,
        f.now(),
    )
    .expect("a preview");
    // Pools that are not the cover's, in its order, are refused as the chain refuses them.
    let mut reordered = before.clone();
    reordered.reverse();
    let refused = claims::payout_burns(
        &state(&f, &claim),
        &reordered,
        &f.base_asset(),
        &f.snapshot(),
        f.stake_supply(),
        &f.config().params,
        f.now(),
    )
    .unwrap_err();
    assert_eq!(
        refused.custom_code(),
        Some(u32::from(MutualError::CoverPoolsMismatch))
    );
    let supply = f.stake_supply();

    // Act
    let receipt = f.send_ok(&[f.redeem_ix(&owner.pubkey(), &claim)], &[&owner]);

    // Assert: every pool burnt its previewed share, and the event says the same
    let event = receipt
        .events
        .iter()
        .find_map(|e| match e {
            MutualEvent::ClaimRedeemPayoutEvent(e) => Some(e.clone()),
            _ => None,
        })
        .expect("a payout event");
    let n = before.len();
    assert_eq!(&event.burnt[..n], &preview[..]);
    for (allocation, (pool, burn)) in cover.pools().iter().zip(before.iter().zip(&preview)) {
        assert!(*burn > 0);
        assert!(event.pool_ids[..n].contains(&allocation.pool_id));
        assert_eq!(
            f.pool(allocation.pool_id).active_stake,
            pool.active_stake - burn
        );
    }
    assert_eq!(f.stake_supply(), supply - preview.iter().sum::<u64>());
}

#[test]
fn a_denied_claim_sends_its_deposit_to_the_treasury() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    s.vote(1, &claim, true);
    assert_eq!(f.snapshot().pending_units[0], CLAIMED);
    s.vote(0, &claim, false);
    assert_eq!(f.snapshot().pending_units[0], 0);
    // Closing is for settled claims only.
    f.send_err(
        &[f.close_ix(&claim)],
        &[&s.owner],
        MutualError::ClaimNotDecided,
    );
    f.warp_seconds(VOTING + DAY);
    let redeem = f.redeem_ix(&s.owner.pubkey(), &claim);
    f.send_err_unchanged(&[redeem], &[&s.owner], MutualError::ClaimDenied, &[claim]);
    let treasury = f.lamports(&pda::treasury().0);
    let cranker = f.new_wallet(1);

    f.send_ok(&[f.close_ix(&claim)], &[&cranker]);

    assert_eq!(f.lamports(&pda::treasury().0), treasury + MIN_DEPOSIT);
    assert_eq!(f.lamports(&claim), f.rent(Claim::SIZE));
    assert_eq!(state(f, &claim).status, ClaimStatus::Denied);
    assert!(!f.cover(&s.cover).unwrap().open_claim);
    f.send_err(
        &[f.close_ix(&claim)],
        &[&cranker],
        MutualError::ClaimNotOpen,
    );
    // The cover takes a new claim.
    let (next, _) = f.claim_submit_ix(&s.owner.pubkey(), &s.cover, CLAIMED);
    f.send_ok(&[next], &[&s.owner]);
}

#[test]
fn a_poll_nobody_votes_on_is_denied_after_max_poll_period() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    f.warp_seconds(7 * DAY);
    f.send_err(
        &[ix::claim_vote(&s.assessors[0].pubkey(), &claim, true)],
        &[&s.assessors[0]],
        MutualError::PollNotVoting,
    );
    f.warp_seconds(DAY);
    f.send_ok(&[f.close_ix(&claim)], &[&s.owner]);
    assert_eq!(state(f, &claim).status, ClaimStatus::Denied);
}

#[test]
fn the_first_vote_must_accept_and_one_vote_per_assessor() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    let first_deny = ix::claim_vote(&s.assessors[0].pubkey(), &claim, false);
    f.send_err_unchanged(
        &[first_deny],
        &[&s.assessors[0]],
        MutualError::FirstVoteMustAccept,
        &[claim],
    );
    s.vote(0, &claim, true);
    let again = ix::claim_vote(&s.assessors[0].pubkey(), &claim, false);
    f.send_err_unchanged(
        &[again],
        &[&s.assessors[0]],
        MutualError::AlreadyInitialized,
        &[claim],
    );
    f.warp_seconds(VOTING);
    let late = ix::claim_vote(&s.assessors[1].pubkey(), &claim, false);
    f.send_err_unchanged(
        &[late],
        &[&s.assessors[1]],
        MutualError::PollNotVoting,
        &[claim],
    );
}

/// The cover's owner, also an assessor with stake from before the claim, may neither vote nor commit on it.
#[test_case(false; "an open poll")]
#[test_case(true; "a commit-reveal poll")]
fn a_claimant_cannot_vote_on_their_own_claim(commit_reveal: bool) {
    // Arrange: the owner buys 100 USDC of MUT and stakes 20 as an assessor, then claims
    let s = story_with(commit_reveal);
    let f = &s.f;
    let owner = s.owner.pubkey();
    f.send_ok(&[f.token_buy_ix(&owner, 100 * USDC, 0)], &[&s.owner]);
    f.send_ok(&[ix::assessor_stake(&owner, 20 * STAKE)], &[&s.owner]);
    f.warp_seconds(60);
    let claim = s.claim();
    assert_eq!(
        f.assessor(&owner).unwrap().weight_for(f.now()).unwrap(),
        20 * STAKE
    );

    // Act + Assert: refused, and the claim, the record and the vote's address are untouched
    let vote = if commit_reveal {
        ix::claim_vote_commit(&owner, &claim, [9; 32])
    } else {
        ix::claim_vote(&owner, &claim, true)
    };
    f.send_err_unchanged(
        &[vote],
        &[&s.owner],
        MutualError::ClaimantCannotVote,
        &[
            claim,
            pda::assessor_stake(&owner).0,
            pda::vote(&claim, &owner).0,
        ],
    );
    assert!(!f.account_exists(&pda::vote(&claim, &owner).0));
    assert_eq!((state(f, &claim).voters, state(f, &claim).end), (0, 0));
}

#[test]
fn a_vote_by_a_non_assessor_is_refused() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    let member = f.with_staker(10);
    // No `AssessorStake` at its address: Anchor's AccountNotInitialized.
    f.send_err_code(
        &[ix::claim_vote(&member.pubkey(), &claim, true)],
        &[&member],
        3012,
    );
}

#[test]
fn silent_ending_extends_the_end_by_each_late_votes_weight_over_the_tally_before_it() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    let t0 = f.now();
    s.vote(0, &claim, true); // 300: end = t0 + 3 d
    f.warp_seconds(VOTING - 3_600);
    s.vote(1, &claim, false); // 100 against the 300 before it, an hour left: + 8 h (Nexus V2's rule)
    let end = t0 + VOTING + 8 * 3_600;
    assert_eq!(state(f, &claim).end, end);
    f.warp_seconds(end - 10 - f.now());
    s.vote(2, &claim, false); // 50 against 400, 10 s left: + 86_400 · 50 / 400 = 10_800 s
    let end = end + 10_800;
    assert_eq!(state(f, &claim).end, end);
    // A vote at the exact end is late.
    let voter = &s.assessors[3];
    f.warp_seconds(end - f.now());
    f.send_err(
        &[ix::claim_vote(&voter.pubkey(), &claim, true)],
        &[voter],
        MutualError::PollNotVoting,
    );
    assert_eq!(state(f, &claim).phase(end).unwrap(), PollPhase::Cooldown);
}

#[test]
fn commit_reveal_hides_votes_and_an_unrevealed_vote_counts_for_nothing() {
    let s = story_with(true);
    let f = &s.f;
    let claim = s.claim();
    assert!(state(f, &claim).commit_reveal);
    let salts = [[1u8; 32], [2u8; 32], [3u8; 32]];
    let choices = [true, false, true];
    let t0 = f.now();
    for (who, voter) in s.assessors[..3].iter().enumerate() {
        let commitment = Vote::commitment(choices[who], &salts[who], &voter.pubkey(), &claim);
        f.send_ok(
            &[ix::claim_vote_commit(&voter.pubkey(), &claim, commitment)],
            &[voter],
        );
    }
    // An open vote on a commit-reveal claim is refused; the tally is hidden.
    let open = ix::claim_vote(&s.assessors[3].pubkey(), &claim, true);
    f.send_err(&[open], &[&s.assessors[3]], MutualError::WrongVotingMode);
    let c = state(f, &claim);
    assert_eq!(
        (c.accept, c.deny, c.committed, c.voters, c.end),
        (0, 0, 450 * STAKE, 3, t0 + VOTING)
    );
    assert_eq!(f.snapshot().pending_units[0], 0);
    let reveal = |who: usize, accept: bool, salt: [u8; 32]| {
        ix::claim_vote_reveal(&s.assessors[who].pubkey(), &claim, accept, salt)
    };
    f.send_err(
        &[reveal(0, true, salts[0])],
        &[&s.assessors[0]],
        MutualError::PollNotRevealing,
    );

    f.warp_seconds(VOTING);
    f.send_ok(&[reveal(0, true, salts[0])], &[&s.assessors[0]]);
    assert_eq!(f.snapshot().pending_units[0], CLAIMED);
    f.send_err_unchanged(
        &[reveal(1, true, salts[1])],
        &[&s.assessors[1]],
        MutualError::CommitmentMismatch,
        &[claim],
    );
    f.send_err(
        &[reveal(1, false, [9; 32])],
        &[&s.assessors[1]],
        MutualError::CommitmentMismatch,
    );
    f.send_ok(&[reveal(1, false, salts[1])], &[&s.assessors[1]]);
    f.send_err(
        &[reveal(1, false, salts[1])],
        &[&s.assessors[1]],
        MutualError::VoteNotHidden,
    );
    // Assessor 2 never reveals.
    f.warp_seconds(DAY);
    f.send_err(
        &[reveal(2, true, salts[2])],
        &[&s.assessors[2]],
        MutualError::PollNotRevealing,
    );
    let c = state(f, &claim);
    assert_eq!((c.accept, c.deny), (300 * STAKE, 100 * STAKE));

    f.warp_seconds(DAY);
    f.send_ok(&[f.redeem_ix(&s.owner.pubkey(), &claim)], &[&s.owner]);
    let late = &s.assessors[2];
    let tokens = f.stake_balance(&late.pubkey());
    f.send_ok(&[ix::vote_reward_claim(&late.pubkey(), &claim)], &[late]);
    assert_eq!(f.stake_balance(&late.pubkey()), tokens);
    assert!(f.vote_of(&claim, &late.pubkey()).is_none());
    let first = &s.assessors[0];
    let tokens = f.stake_balance(&first.pubkey());
    f.send_ok(&[ix::vote_reward_claim(&first.pubkey(), &claim)], &[first]);
    assert_eq!(f.stake_balance(&first.pubkey()), tokens + c.reward * 3 / 4);
}

#[test]
fn fraud_undo_flips_an_accepted_claim_to_denied() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    s.vote(0, &claim, true);
    s.vote(1, &claim, false);
    f.warp_seconds(VOTING); // the cooldown
    let fraud = &s.assessors[0];
    let (vault, supply) = (f.assessment_vault_balance(), f.stake_supply());
    let authority = f.deployer().insecure_clone();
    s.flag_fraud(0);
    assert_eq!(f.assessment_vault_balance(), vault - 300 * STAKE);
    assert_eq!(f.stake_supply(), supply - 300 * STAKE);
    let record = f.assessor(&fraud.pubkey()).unwrap();
    assert_eq!((record.fraud, record.stake), (true, 0));
    assert_eq!(f.member(&fraud.pubkey()).unwrap().assessor_stake, 0);
    assert_eq!(f.snapshot().pending_units[0], CLAIMED);

    let cranker = f.new_wallet(1);
    f.send_ok(
        &[ix::claim_fraud_undo_votes(&fraud.pubkey(), &[claim])],
        &[&cranker],
    );

    let c = state(f, &claim);
    assert_eq!(
        (c.accept, c.deny, c.liability_booked),
        (0, 100 * STAKE, false)
    );
    assert!(f.vote_of(&claim, &fraud.pubkey()).unwrap().forfeited);
    assert_eq!(f.snapshot().pending_units[0], 0);
    // Resumable, each vote once.
    f.send_err(
        &[ix::claim_fraud_undo_votes(&fraud.pubkey(), &[claim])],
        &[&cranker],
        MutualError::VoteAlreadyUndone,
    );
    f.warp_seconds(DAY);
    f.send_err(
        &[f.redeem_ix(&s.owner.pubkey(), &claim)],
        &[&s.owner],
        MutualError::ClaimDenied,
    );
    // The honest voter takes the whole of what a denial pays: here nothing, since no SOL price values the
    // deposit it forfeits (decision 55); the fraudster nothing either.
    assert_eq!(c.denied_reward, 0);
    let honest = &s.assessors[1];
    let tokens = f.stake_balance(&honest.pubkey());
    f.send_ok(
        &[ix::vote_reward_claim(&honest.pubkey(), &claim)],
        &[honest],
    );
    assert_eq!(f.stake_balance(&honest.pubkey()), tokens + c.denied_reward);
    let tokens = f.stake_balance(&fraud.pubkey());
    f.send_ok(&[ix::vote_reward_claim(&fraud.pubkey(), &claim)], &[fraud]);
    assert_eq!(f.stake_balance(&fraud.pubkey()), tokens);
    // A flagged assessor can't vote or stake again.
    let other = f.buy_cover(
        &s.owner,
        s.market.product,
        100 * USDC,
        PERIOD,
        &s.market.pools,
    );
    f.warp_seconds(1);
    let next = f.submit_claim(&s.owner, &other, 100 * USDC);
    f.send_err(
        &[ix::claim_vote(&fraud.pubkey(), &next, true)],
        &[fraud],
        MutualError::AssessorBanned,
    );
    f.send_err(
        &[ix::assessor_stake(&fraud.pubkey(), STAKE)],
        &[fraud],
        MutualError::AssessorBanned,
    );
    f.send_err(
        &[ix::assessor_flag_fraud(
            &authority.pubkey(),
            &fraud.pubkey(),
            true,
        )],
        &[&authority],
        MutualError::AssessorBanned,
    );
}

#[test]
fn fraud_undo_after_the_cooldown_only_forfeits_the_reward() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    s.vote(0, &claim, true);
    f.warp_seconds(VOTING + DAY);
    let authority = f.deployer().insecure_clone();
    let fraud = &s.assessors[0];
    s.flag_fraud(0);
    f.send_ok(
        &[ix::claim_fraud_undo_votes(&fraud.pubkey(), &[claim])],
        &[&authority],
    );
    let c = state(f, &claim);
    assert_eq!((c.accept, c.liability_booked), (300 * STAKE, true));
    f.send_ok(&[f.redeem_ix(&s.owner.pubkey(), &claim)], &[&s.owner]);
    assert_eq!(state(f, &claim).status, ClaimStatus::Paid);
}

#[test]
fn an_accepted_claim_lapses_after_its_window_only_when_closed_and_then_pays_nothing() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    s.vote(0, &claim, true);
    f.warp_seconds(VOTING + DAY + 30 * DAY);
    // Past its window the claim still counts, and could still be redeemed, until someone closes it (decision 66)
    assert_eq!(f.snapshot().pending_units[0], CLAIMED);
    let lamports = f.lamports(&s.owner.pubkey());
    let treasury = f.lamports(&pda::treasury().0);
    let cranker = f.new_wallet(1);
    f.send_ok(&[f.close_ix(&claim)], &[&cranker]);
    assert_eq!(state(f, &claim).status, ClaimStatus::Lapsed);
    // Unpaid, the mutual keeps the deposit, which pays for what the voters share (decision 55).
    assert_eq!(f.lamports(&s.owner.pubkey()), lamports);
    assert_eq!(f.lamports(&pda::treasury().0), treasury + MIN_DEPOSIT);
    assert_eq!(f.snapshot().pending_units[0], 0);
    // and once lapsed it pays nothing
    let redeem = f.redeem_ix(&s.owner.pubkey(), &claim);
    f.send_err_unchanged(
        &[redeem],
        &[&s.owner],
        MutualError::ClaimNotOpen,
        &[claim, s.cover],
    );
}

#[test]
fn an_accepted_claim_not_yet_closed_is_still_paid_after_its_window() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    s.vote(0, &claim, true);
    f.warp_seconds(VOTING + DAY + 45 * DAY);
    let usdc = f.base_balance(&s.owner.pubkey());
    f.send_ok(&[f.redeem_ix(&s.owner.pubkey(), &claim)], &[&s.owner]);
    assert_eq!(f.base_balance(&s.owner.pubkey()), usdc + CLAIMED);
    assert_eq!(state(f, &claim).status, ClaimStatus::Paid);
    assert_eq!(f.snapshot().pending_units[0], 0);
}

#[test]
fn a_pending_payout_lowers_what_a_sale_pays_but_not_what_a_buy_costs() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    let before = f.snapshot();
    let seller = s.assessors[2].pubkey();
    let sell = |f: &TestFixture| {
        mutual_sdk::quote::token_sell(&f.chain, &seller, STAKE / 4, 0).expect("quote")
    };
    let buyer = s.owner.pubkey();
    let buy =
        |f: &TestFixture| mutual_sdk::quote::token_buy(&f.chain, 100 * USDC, 0).expect("quote");
    let (sale, purchase) = (sell(f), buy(f));
    s.vote(1, &claim, true); // 100: exactly the quorum
    let pending = f.snapshot();
    assert_eq!(pending.pending_units[0], CLAIMED);
    // The book value everything is minted, valued and burnt at stays gross of it...
    assert_eq!(pending.book_value, before.book_value);
    // ...a sale now is priced net of the payout: the seller can't leave ahead of it at the old book value...
    assert!(sell(f) < sale);
    // ...while a buy is still priced gross of it: one accept vote doesn't make stake cheap.
    assert_eq!(buy(f), purchase);
    let stake_before = f.stake_balance(&buyer);
    f.send_ok(&[f.token_buy_ix(&buyer, 100 * USDC, 0)], &[&s.owner]);
    assert_eq!(f.stake_balance(&buyer), stake_before + purchase);
    s.vote(0, &claim, false);
    assert_eq!(f.snapshot().pending_units[0], 0);
}

// ---- assessor stake ----

#[test]
fn stake_added_after_the_poll_started_does_not_weigh() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    let late = &s.assessors[2];
    f.send_ok(&[ix::assessor_stake(&late.pubkey(), 5 * STAKE)], &[late]);
    assert_eq!(f.assessor(&late.pubkey()).unwrap().stake, 55 * STAKE);
    assert_eq!(f.member(&late.pubkey()).unwrap().assessor_stake, 55 * STAKE);
    s.vote(2, &claim, true);
    assert_eq!(
        f.vote_of(&claim, &late.pubkey()).unwrap().weight,
        50 * STAKE
    );
}

#[test]
fn unstaking_waits_fourteen_days_after_the_last_vote() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    s.vote(0, &claim, true);
    let who = &s.assessors[0];
    let unstake = ix::assessor_unstake(&who.pubkey(), 100 * STAKE);
    f.warp_seconds(14 * DAY - 1);
    f.send_err_unchanged(
        std::slice::from_ref(&unstake),
        &[who],
        MutualError::AssessorStakeLocked,
        &[pda::assessor_stake(&who.pubkey()).0],
    );
    f.warp_seconds(1);
    let tokens = f.stake_balance(&who.pubkey());
    f.send_ok(&[unstake], &[who]);
    assert_eq!(f.stake_balance(&who.pubkey()), tokens + 100 * STAKE);
    assert_eq!(f.assessor(&who.pubkey()).unwrap().stake, 200 * STAKE);
    assert_eq!(f.member(&who.pubkey()).unwrap().assessor_stake, 200 * STAKE);
    f.send_err(
        &[ix::assessor_unstake(&who.pubkey(), 201 * STAKE)],
        &[who],
        MutualError::InsufficientBalance,
    );
    // A member with assessor stake can't leave.
    f.send_err(
        &[ix::member_leave(&who.pubkey(), 0)],
        &[who],
        MutualError::MemberHasAssessorStake,
    );
}

// ---- conservation ----

#[test]
fn value_is_conserved_to_the_unit_across_accepted_and_fraud_lifecycles() {
    let s = story();
    let f = &s.f;
    let pool = s.pool();
    let supply = f.stake_supply();
    let vault = f.vault_balance();
    let staked = f.pool_vault_balance(pool) + f.assessment_vault_balance();

    let claim = s.claim();
    s.vote(0, &claim, true);
    s.vote(2, &claim, false);
    s.vote(1, &claim, true);
    f.warp_seconds(VOTING);
    let authority = f.deployer().insecure_clone();
    s.flag_fraud(1);
    f.send_ok(
        &[ix::claim_fraud_undo_votes(
            &s.assessors[1].pubkey(),
            &[claim],
        )],
        &[&authority],
    );
    f.warp_seconds(DAY);
    // the burn is priced at the recorded capital over the supply after the fraud burn (decision 68)
    let params = f.config().params;
    let bv = mutual::math::book_value::book_value(
        f.snapshot().capital,
        f.stake_supply(),
        params.initial_book_value,
    )
    .unwrap();
    f.send_ok(&[f.redeem_ix(&s.owner.pubkey(), &claim)], &[&s.owner]);
    let mut rewards = 0;
    for voter in &s.assessors[..3] {
        let before = f.stake_balance(&voter.pubkey());
        f.send_ok(&[ix::vote_reward_claim(&voter.pubkey(), &claim)], &[voter]);
        rewards += f.stake_balance(&voter.pubkey()) - before;
    }
    let reward = state(f, &claim).reward;
    let (burnt, fraud) = (burn_of(CLAIMED, bv), 100 * STAKE);

    // The votes that counted: 300 accept, 50 deny; rewards rounded down, never above the reward.
    assert_eq!(rewards, reward * 300 / 350 + reward * 50 / 350);
    assert!(rewards <= reward);
    assert_eq!(f.stake_supply(), supply + rewards - burnt - fraud);
    assert_eq!(
        f.pool_vault_balance(pool) + f.assessment_vault_balance(),
        staked - burnt - fraud
    );
    assert_eq!(f.vault_balance(), vault - CLAIMED);
}

// ---- security (SECURITY.md) ----

#[test]
fn security_has_one_vote_with_someone_elses_assessor_stake_is_refused() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    let attacker = f.with_staker(2);
    let victim = pda::assessor_stake(&s.assessors[0].pubkey()).0;
    let vote = swap_account(
        ix::claim_vote(&attacker.pubkey(), &claim, true),
        &pda::assessor_stake(&attacker.pubkey()).0,
        &victim,
    );
    // The record's seeds name its wallet: 2006 ConstraintSeeds.
    f.send_err_code(&[vote], &[&attacker], 2006);
    assert_eq!(state(f, &claim).voters, 0);
}

#[test]
fn security_has_one_redeem_a_claim_for_a_cover_you_dont_own_is_refused() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    s.vote(0, &claim, true);
    f.warp_seconds(VOTING + DAY);
    let thief = f.with_funded_member(USDC);
    let redeem = f.redeem_ix(&thief.pubkey(), &claim);
    f.send_err_unchanged(
        &[redeem],
        &[&thief],
        MutualError::NotClaimant,
        &[claim, s.cover],
    );
    // Nor by paying the owner's claim into the thief's account.
    let owner = s.owner.pubkey();
    let mut redeem = f.redeem_ix(&owner, &claim);
    redeem = swap_account(redeem, &owner, &thief.pubkey());
    f.send_err(&[redeem], &[&thief], MutualError::NotClaimant);
}

#[test]
fn security_stake_then_vote_in_one_transaction_weighs_nothing() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    let whale = f.with_staker(500);
    let stake = ix::assessor_stake(&whale.pubkey(), 400 * STAKE);
    let vote = ix::claim_vote(&whale.pubkey(), &claim, true);
    f.send_err_unchanged(
        &[stake.clone(), vote.clone()],
        &[&whale],
        MutualError::ZeroVoteWeight,
        &[
            claim,
            pda::assessor_stake(&whale.pubkey()).0,
            pda::stake_account(&whale.pubkey()),
        ],
    );
    // Staked after the poll started, in separate transactions: still nothing.
    f.send_ok(&[stake], &[&whale]);
    f.warp_seconds(60);
    f.send_err(&[vote], &[&whale], MutualError::ZeroVoteWeight);
}

#[test]
fn security_reinitialisation_a_second_vote_on_the_same_claim_is_refused() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    s.vote(0, &claim, true);
    let vote = pda::vote(&claim, &s.assessors[0].pubkey()).0;
    let again = ix::claim_vote(&s.assessors[0].pubkey(), &claim, true);
    f.send_err_unchanged(
        &[again],
        &[&s.assessors[0]],
        MutualError::AlreadyInitialized,
        &[claim, vote],
    );
}

#[test]
fn security_closing_revival_a_closed_vote_refunded_in_the_same_transaction_cannot_vote_again() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    s.vote(0, &claim, true);
    f.warp_seconds(VOTING + DAY);
    // Paid: the voters' rewards are due.
    f.send_ok(&[f.redeem_ix(&s.owner.pubkey(), &claim)], &[&s.owner]);
    let voter = &s.assessors[0];
    let vote = pda::vote(&claim, &voter.pubkey()).0;
    let refund = anchor_lang::solana_program::system_instruction::transfer(
        &voter.pubkey(),
        &vote,
        f.rent(Vote::SIZE),
    );
    let txs = [
        ix::vote_reward_claim(&voter.pubkey(), &claim),
        refund,
        ix::claim_vote(&voter.pubkey(), &claim, true),
    ];
    f.send_err(&txs, &[voter], MutualError::PollNotVoting);
    // Closed for good once the reward is taken: the poll is over.
    f.send_ok(&[ix::vote_reward_claim(&voter.pubkey(), &claim)], &[voter]);
    f.send_err(
        &[ix::claim_vote(&voter.pubkey(), &claim, true)],
        &[voter],
        MutualError::PollNotVoting,
    );
    f.send_err_code(
        &[ix::vote_reward_claim(&voter.pubkey(), &claim)],
        &[voter],
        3012,
    );
}

#[test]
fn security_remaining_accounts_fraud_undo_takes_only_the_flagged_assessors_votes() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    s.vote(0, &claim, true);
    s.vote(1, &claim, false);
    let authority = f.deployer().insecure_clone();
    let fraud = s.assessors[1].pubkey();
    s.flag_fraud(1);
    let honest_vote = pda::vote(&claim, &s.assessors[0].pubkey()).0;
    // Another assessor's vote in the fraudster's place.
    let mut undo = ix::claim_fraud_undo_votes(&fraud, &[claim]);
    undo.accounts[4].pubkey = honest_vote;
    f.send_err_unchanged(
        &[undo],
        &[&authority],
        MutualError::InvalidVoteAccounts,
        &[claim, honest_vote],
    );
    // The pair in the wrong order: 3002 AccountDiscriminatorMismatch.
    let mut swapped = ix::claim_fraud_undo_votes(&fraud, &[claim]);
    swapped.accounts.swap(3, 4);
    f.send_err_code(&[swapped], &[&authority], 3002);
    // Read-only, or more than a batch.
    let mut readonly = ix::claim_fraud_undo_votes(&fraud, &[claim]);
    readonly.accounts[3].is_writable = false;
    f.send_err(&[readonly], &[&authority], MutualError::InvalidVoteAccounts);
    let batch = ix::claim_fraud_undo_votes(&fraud, &[claim; 9]);
    f.send_err(&[batch], &[&authority], MutualError::InvalidVoteAccounts);
    // A pair passed twice is undone once.
    let twice = ix::claim_fraud_undo_votes(&fraud, &[claim, claim]);
    f.send_err(&[twice], &[&authority], MutualError::VoteAlreadyUndone);
    // An assessor not flagged.
    let honest = ix::claim_fraud_undo_votes(&s.assessors[0].pubkey(), &[claim]);
    f.send_err(&[honest], &[&authority], MutualError::AssessorNotFlagged);
    assert_eq!(state(f, &claim).deny, 100 * STAKE);
}

/// A `Vote` (the program's own account, another type) where a claim belongs: Anchor's discriminator check
/// refuses it (3002 AccountDiscriminatorMismatch) before any seed is derived from its bytes.
#[test]
fn security_type_cosplay_a_vote_in_the_place_of_a_claim_is_refused() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    s.vote(0, &claim, true);
    let vote = pda::vote(&claim, &s.assessors[0].pubkey()).0;
    let cosplay = swap_account(
        ix::claim_vote(&s.assessors[1].pubkey(), &claim, false),
        &claim,
        &vote,
    );
    f.send_err_code(&[cosplay], &[&s.assessors[1]], 3002);
    assert_eq!((state(f, &claim).deny, state(f, &claim).voters), (0, 1));
}

#[test]
fn security_remaining_accounts_a_payout_burns_only_the_covers_own_pools() {
    let s = story();
    let f = &s.f;
    let claim = s.claim();
    s.vote(0, &claim, true);
    f.warp_seconds(VOTING + DAY);
    let other = f.with_cover_market("Other", &[(100, 300, 100)]);
    let other_pool = pda::pool(other.pools[0]).0;
    let redeem = f.redeem_ix(&s.owner.pubkey(), &claim);
    let elsewhere = swap_account(redeem.clone(), &pda::pool(s.pool()).0, &other_pool);
    f.send_err_unchanged(
        &[elsewhere],
        &[&s.owner],
        MutualError::CoverPoolsMismatch,
        &[claim, other_pool],
    );
    let mut missing = redeem.clone();
    missing.accounts.truncate(missing.accounts.len() - 2);
    f.send_err(&[missing], &[&s.owner], MutualError::CoverPoolsMismatch);
    // Paid into the capital pool's own vault.
    let vault = f.deployment().base_vault;
    let into_vault = swap_account(
        redeem,
        &f.deployment().base_account(&s.owner.pubkey()),
        &vault,
    );
    f.send_err(&[into_vault], &[&s.owner], MutualError::DuplicateAccount);
}
