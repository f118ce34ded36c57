//! Value safety (issue 25): no bogus claim, dust, renewal or admin change may move value that users already hold.
//! Each test tries an attack an adversarial review found, and its variants, and asserts to the unit that nothing
//! was gained, and that nothing changed where a step is refused.
use anchor_lang::prelude::Pubkey;
use mutual::errors::MutualError;
use mutual::math::cover::reward_stake;
use mutual::math::prices::AssetPrice;
use mutual::math::Bps;
use mutual::state::{pause_area, Claim};
use mutual_sdk::{ix, pda, Keypair, MutualEvent, Receipt, Signer};
use mutual_tests::*;
use test_case::test_case;

const PERIOD: i64 = 60 * DAY;
/// What `Params::defaults` asks of a claim's accept side before its liability counts against sales.
const QUORUM_TOKENS: u64 = 100;
/// Open polls: voting, then the cooldown, before the payout window opens.
const TO_PAYOUT: i64 = 4 * DAY;

/// The stakers' rewards a placement minted, over its pools.
fn rewards_of(receipt: &Receipt) -> (u64, u64) {
    receipt
        .events
        .iter()
        .find_map(|e| match e {
            MutualEvent::CoverBuyEvent(e) => Some((e.premium, sum(&e.placement))),
            MutualEvent::CoverEditEvent(e) => Some((e.paid, sum(&e.placement))),
            MutualEvent::CoverRenewEvent(e) => Some((e.premium, sum(&e.placement))),
            _ => None,
        })
        .expect("a cover event")
}

fn sum(placement: &[mutual::instructions::cover::placement::PoolPlacement]) -> u64 {
    placement.iter().map(|p| p.rewards).sum()
}

/// Half of `paid` in stake at `book_value`, as a one-pool placement mints it.
fn fair_rewards(paid: u64, book_value: u64) -> u64 {
    reward_stake(paid, Bps(5_000), AssetPrice::ONE, book_value).unwrap()
}

fn claim_of(f: &TestFixture, claim: &Pubkey) -> Claim {
    f.claim(claim).expect("the claim")
}

/// The USDC a sale of a quarter token would pay `seller` now (the SDK quote, the program's own rules).
fn sale_quote(f: &TestFixture, seller: &Pubkey) -> Result<u64, mutual_sdk::SdkError> {
    mutual_sdk::quote::token_sell(&f.chain, seller, STAKE / 4, 0)
}

// ---- 1. pending liabilities only ever make exits more conservative ----

#[test]
fn security_economic_sequences_a_bogus_claim_mints_no_extra_rewards_on_a_buy_an_edit_or_a_renewal()
{
    // Arrange: a 2,000-MUT pool at 3%; an attacker claims the whole of a 1,500 USDC cover, and a quorum accepts
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Lending", &[(100, 300, 2_000)]);
    let attacker = f.with_funded_member(10_000 * USDC);
    let honest = f.with_funded_member(10_000 * USDC);
    let assessor = f.with_assessor(QUORUM_TOKENS);
    let bogus = f.buy_cover(&attacker, m.product, 1_500 * USDC, PERIOD, &m.pools);
    let honest_cover = f.buy_cover(&honest, m.product, 100 * USDC, PERIOD, &m.pools);
    f.warp_seconds(60);
    let before = f.snapshot();
    let claim = f.submit_claim(&attacker, &bogus, 1_500 * USDC);

    // Act: the accepting vote and an honest buy in the same transaction
    let buy = f.cover_buy_ix(
        &honest.pubkey(),
        m.product,
        200 * USDC,
        PERIOD,
        u64::MAX,
        &m.pools,
    );
    let bought = f.send_ok(
        &[ix::claim_vote(&assessor.pubkey(), &claim, true), buy],
        &[&assessor, &honest],
    );

    // Assert: the liability counts against sales, but the book value every mint is priced at stays gross of
    // it: the whole vault over the supply (the buy's own premium counts at once, decision 64)
    let pending = f.snapshot();
    assert_eq!(pending.pending_units[0], 1_500 * USDC);
    assert_gross(&f);
    let (paid, minted) = rewards_of(&bought);
    assert_eq!(minted, fair_rewards(paid, before.book_value));
    // an edit and a renewal mint at the gross figure too
    f.warp_days(10);
    let bv = f.snapshot().book_value;
    let edited = f.send_ok(
        &[f.edit_ix(
            &honest.pubkey(),
            m.product,
            1,
            &m.pools,
            &m.pools,
            300 * USDC,
            PERIOD,
        )],
        &[&honest],
    );
    let (paid, minted) = rewards_of(&edited);
    assert!(paid > 0);
    assert_eq!(minted, fair_rewards(paid, bv));
    assert_gross(&f);
    let cover = f.cover(&honest_cover).unwrap();
    f.warp_seconds(cover.end().unwrap() - 3 * DAY - f.now());
    let bv = f.snapshot().book_value;
    let renewed = f.send_ok(
        &[f.renew_ix(&honest.pubkey(), m.product, 1, &m.pools)],
        &[&honest],
    );
    assert_eq!(f.snapshot().pending_units[0], 1_500 * USDC);
    let (paid, minted) = rewards_of(&renewed);
    assert_eq!(minted, fair_rewards(paid, bv));
    assert_gross(&f);
}

/// The recorded book value is the whole base vault (gross of every pending payout) over the supply, and the
/// recorded figures are the chain's.
fn assert_gross(f: &TestFixture) {
    let snapshot = f.snapshot();
    assert_eq!(snapshot.capital, f.vault_balance());
    assert_eq!(snapshot.stake_supply, f.stake_supply());
    let gross =
        u128::from(snapshot.capital) * u128::from(STAKE) / u128::from(snapshot.stake_supply);
    assert_eq!(u128::from(snapshot.book_value), gross);
}

#[test_case(0; "pending payouts exactly capital")]
#[test_case(1; "pending payouts one unit above capital")]
fn security_griefing_and_liveness_a_claim_of_all_capital_blocks_no_payout_filing_or_purchase(
    extra: u64,
) {
    // Arrange: a victim's 500 USDC claim accepted; then an attacker's claim that takes pending payouts to capital
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Lending", &[(100, 300, 1_000)]);
    let other = f.with_cover_market("Bridge", &[(100, 300, 500)]);
    let victim = f.with_funded_member(10_000 * USDC);
    let attacker = f.with_funded_member(10_000 * USDC);
    let third = f.with_funded_member(10_000 * USDC);
    let seller = f.with_staker(50);
    let assessor = f.with_assessor(QUORUM_TOKENS);
    let victim_cover = f.buy_cover(&victim, m.product, 500 * USDC, PERIOD, &m.pools);
    let attacker_cover = f.buy_cover(&attacker, m.product, 1_400 * USDC, PERIOD, &m.pools);
    let third_cover = f.buy_cover(&third, other.product, 100 * USDC, PERIOD, &other.pools);
    f.warp_seconds(60);
    let victim_claim = f.submit_claim(&victim, &victim_cover, 500 * USDC);
    f.vote(&assessor, &victim_claim, true);
    let capital = f.vault_balance();
    let bogus = capital - 500 * USDC + extra;
    let attacker_claim = f.submit_claim(&attacker, &attacker_cover, bogus);
    f.vote(&assessor, &attacker_claim, true);
    let pending = f.snapshot();
    assert_eq!(pending.pending_units[0], capital + extra);
    let book_value = pending.book_value;

    // Act + Assert: a sale, which would pay nothing, is refused by name and moves nothing
    f.send_err_unchanged(
        &[f.token_sell_ix(&seller.pubkey(), STAKE, 0)],
        &[&seller],
        MutualError::LiabilitiesExceedCapital,
        &[
            pda::capital_snapshot().0,
            pda::stake_account(&seller.pubkey()),
        ],
    );
    // a third holder still files, with a reward valued at the book value gross of the others' liabilities
    let third_claim = f.submit_claim(&third, &third_cover, 100 * USDC);
    let reward = claim_of(&f, &third_claim).reward;
    let stake = u128::from(100 * USDC) * u128::from(STAKE) / u128::from(book_value);
    let expected = stake * 130 * PERIOD as u128 / (10_000 * 365 * DAY as u128);
    assert_eq!(u128::from(reward), expected);
    // a purchase still goes through
    f.buy_cover(&third, other.product, 50 * USDC, PERIOD, &other.pools);
    // and the victim is paid in full, its burn priced at the gross book value
    f.warp_seconds(TO_PAYOUT);
    let usdc_before = f.base_balance(&victim.pubkey());
    let pool_before = f.pool(m.pools[0]).active_stake;
    // gross of both liabilities, with the last purchase's premium in it
    let book_value = f.snapshot().book_value;
    assert_gross(&f);
    let redeemed = f.send_ok(&[f.redeem_ix(&victim.pubkey(), &victim_claim)], &[&victim]);
    assert_eq!(f.base_balance(&victim.pubkey()) - usdc_before, 500 * USDC);
    let burnt = redeemed
        .events
        .iter()
        .find_map(|e| match e {
            MutualEvent::ClaimRedeemPayoutEvent(e) => Some(e.burnt[0]),
            _ => None,
        })
        .unwrap();
    let payout_stake =
        (u128::from(500 * USDC) * u128::from(STAKE)).div_ceil(u128::from(book_value));
    assert_eq!(u128::from(burnt), payout_stake.div_ceil(2));
    assert_eq!(f.pool(m.pools[0]).active_stake, pool_before - burnt);
}

#[test]
fn security_economic_sequences_an_accept_vote_below_the_quorum_moves_no_sale() {
    // Arrange: two assessors, 99 and 1 tokens, staked before the claim; a holder files for 600 USDC
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Lending", &[(100, 300, 2_000)]);
    let owner = f.with_funded_member(10_000 * USDC);
    let seller = f.with_staker(50);
    let small = f.with_assessor(QUORUM_TOKENS - 1);
    let last = f.with_assessor(1);
    let cover = f.buy_cover(&owner, m.product, 1_000 * USDC, PERIOD, &m.pools);
    f.warp_seconds(60);
    let claim = f.submit_claim(&owner, &cover, 600 * USDC);
    let sale = sale_quote(&f, &seller.pubkey()).unwrap();

    // Act: accept leads with one unit of stake less than the quorum
    f.vote(&small, &claim, true);

    // Assert: nothing a seller gets moves
    assert!(claim_of(&f, &claim).accepted());
    assert!(!claim_of(&f, &claim).liability_booked);
    assert_eq!(f.snapshot().pending_units[0], 0);
    assert_eq!(sale_quote(&f, &seller.pubkey()).unwrap(), sale);
    // one more token of accept weight reaches the quorum exactly: the liability counts
    f.vote(&last, &claim, true);
    assert!(claim_of(&f, &claim).liability_booked);
    assert_eq!(f.snapshot().pending_units[0], 600 * USDC);
    assert!(sale_quote(&f, &seller.pubkey()).unwrap() < sale);
}

// ---- 2. a claim burns the pools that backed its loss ----

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

/// The whole burn of a one-pool payout of `amount` at `book_value` and a 2x capacity ratio: the payout in stake
/// (rounded up), halved (rounded up).
fn one_pool_burn(amount: u64, book_value: u64) -> u64 {
    let stake = (u128::from(amount) * u128::from(STAKE)).div_ceil(u128::from(book_value));
    u64::try_from(stake.div_ceil(2)).unwrap()
}

/// Files 300 USDC on `cover` a second from now, has a quorum accept it, waits out the cooldown and redeems: the
/// stake each of `pools` lost, and the whole burn a one-pool segment owes.
fn claimed_and_paid(
    f: &TestFixture,
    owner: &Keypair,
    cover: &Pubkey,
    pools: &[u32],
) -> (Vec<u64>, u64) {
    let assessor = f.with_assessor(QUORUM_TOKENS);
    f.warp_seconds(1);
    let claim = f.submit_claim(owner, cover, 300 * USDC);
    f.vote(&assessor, &claim, true);
    f.warp_seconds(TO_PAYOUT);
    let before: Vec<u64> = pools.iter().map(|p| f.pool(*p).active_stake).collect();
    let owed = one_pool_burn(300 * USDC, f.snapshot().book_value);
    f.send_ok(&[f.redeem_ix(&owner.pubkey(), &claim)], &[owner]);
    let burnt = pools
        .iter()
        .zip(before)
        .map(|(p, b)| b - f.pool(*p).active_stake)
        .collect();
    (burnt, owed)
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

// ---- 3. a deposit always covers what a denied claim costs the mutual ----

/// One round of the farm: the attacker files on their own cover, accepts from one wallet (the quorum), denies
/// from another, closes the denied claim and collects both votes' rewards. Returns the stake minted.
fn farm_round(
    f: &TestFixture,
    owner: &Keypair,
    cover: &Pubkey,
    voters: &[Keypair; 2],
) -> (u64, Claim) {
    let supply = f.stake_supply();
    let claim = f.submit_claim(owner, cover, 600 * USDC);
    f.vote(&voters[0], &claim, true);
    f.vote(&voters[1], &claim, false);
    f.warp_seconds(TO_PAYOUT);
    f.send_ok(&[f.close_ix(&claim)], &[owner]);
    for voter in voters {
        f.send_ok(&[ix::vote_reward_claim(&voter.pubkey(), &claim)], &[voter]);
    }
    (f.stake_supply() - supply, claim_of(f, &claim))
}

#[test]
fn security_economic_sequences_a_denied_claim_rewards_nothing_while_no_sol_price_values_its_deposit(
) {
    // Arrange: a deployment without a priced wrapped-SOL asset (how a bare bootstrap leaves it)
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Lending", &[(100, 300, 2_000)]);
    let attacker = f.with_funded_member(10_000 * USDC);
    let cover = f.buy_cover(&attacker, m.product, 1_000 * USDC, 365 * DAY, &m.pools);
    let voters = [f.with_assessor(QUORUM_TOKENS), f.with_assessor(150)];
    f.warp_seconds(60);
    let treasury = f.lamports(&pda::treasury().0);

    // Act: three rounds, four days apart
    let mut minted = 0;
    for _ in 0..3 {
        let (round, claim) = farm_round(&f, &attacker, &cover, &voters);
        assert_eq!((claim.reward > 0, claim.denied_reward), (true, 0));
        minted += round;
    }

    // Assert: nothing minted; the deposits (at their floor) went to the treasury
    assert_eq!(minted, 0);
    assert_eq!(
        f.lamports(&pda::treasury().0) - treasury,
        3 * f.config().params.min_deposit
    );
}

#[test]
fn security_economic_sequences_a_denied_claims_rewards_are_never_worth_more_than_the_deposit_it_forfeits(
) {
    // Arrange: wrapped SOL registered and priced at $150 ± 0.15
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Lending", &[(100, 300, 2_000)]);
    let attacker = f.with_funded_member(10_000 * USDC);
    f.with_wrapped_sol(&attacker, 0);
    f.refresh_capital();
    let cover = f.buy_cover(&attacker, m.product, 1_000 * USDC, 365 * DAY, &m.pools);
    let voters = [f.with_assessor(QUORUM_TOKENS), f.with_assessor(150)];
    f.warp_seconds(60);
    let book_value = f.snapshot().book_value;

    // Act
    let (minted, claim) = farm_round(&f, &attacker, &cover, &voters);

    // Assert: the voters shared at most what the deposit is worth at SOL's low price, in stake
    let deposit_usdc = u128::from(claim.deposit) * 14_985_000_000 / 100_000_000 / 1_000;
    let deposit_stake = deposit_usdc * u128::from(STAKE) / u128::from(book_value);
    assert_eq!(
        u128::from(claim.denied_reward),
        u128::from(claim.reward).min(deposit_stake)
    );
    assert!(u128::from(minted) <= deposit_stake);
    assert!(
        minted + 1 >= claim.denied_reward,
        "{minted} of {}",
        claim.denied_reward
    );
}

// ---- 4. dust cannot move a price ----

/// The price a buy of `product` on `pool` pays now.
fn price_now(f: &TestFixture, pool: u32, product: u32) -> Bps {
    let listing = f.pool_product(pool, product);
    let p = f.config().params;
    listing
        .price_now(
            p.price_decay_per_day,
            f.product(product).terms.min_price,
            f.now(),
        )
        .unwrap()
}

#[test]
fn security_rounding_many_small_covers_bump_a_price_no_more_than_one_cover_of_their_total() {
    // Arrange: two identical markets
    let f = TestFixture::bootstrapped();
    let dusty = f.with_cover_market("Dusty", &[(100, 300, 2_000)]);
    let whole = f.with_cover_market("Whole", &[(100, 300, 2_000)]);
    let attacker = f.with_funded_member(10_000 * USDC);

    // Act: 20 covers of 7 USDC (each under a basis point of bump) on one; one of 140 USDC on the other
    for _ in 0..20 {
        f.buy_cover(&attacker, dusty.product, 7 * USDC, 28 * DAY, &dusty.pools);
    }
    f.buy_cover(&attacker, whole.product, 140 * USDC, 28 * DAY, &whole.pools);

    // Assert
    let after_dust = price_now(&f, dusty.pools[0], dusty.product);
    let after_one = price_now(&f, whole.pools[0], whole.product);
    assert_eq!(after_dust, Bps(300));
    assert!(after_one > Bps(300));
    assert!(after_dust <= after_one);
}

#[test]
fn security_griefing_and_liveness_free_edits_never_bump_and_an_auto_renewal_pays_the_market() {
    // Arrange: a victim's auto-renewing cover; an attacker's small cover on the same listing
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Lending", &[(100, 300, 2_000)]);
    let victim = f.with_funded_member(10_000 * USDC);
    let attacker = f.with_funded_member(10_000 * USDC);
    f.buy_cover(&victim, m.product, 500 * USDC, 28 * DAY, &m.pools);
    let cover = mutual_sdk::cover::cover_address(m.product, 0);
    f.allow_auto_renewal(&victim, &cover, 50 * USDC);
    f.buy_cover(&attacker, m.product, 10 * USDC, 28 * DAY, &m.pools);
    f.warp_seconds(28 * DAY - 2 * DAY);
    let market =
        mutual_sdk::cover::CoverMarket::load(&f.chain, m.product, &f.deployment().base_mint)
            .unwrap();
    let fair = market
        .quote_renewal(&f.cover(&cover).unwrap(), &m.pools)
        .unwrap()
        .total;
    let price = price_now(&f, m.pools[0], m.product);

    // Act: 40 free edits by the attacker, the same amount on the same pool, just before the crank
    for _ in 0..40 {
        f.warp_seconds(1);
        f.send_ok(
            &[f.edit_ix(
                &attacker.pubkey(),
                m.product,
                1,
                &m.pools,
                &m.pools,
                10 * USDC,
                28 * DAY,
            )],
            &[&attacker],
        );
    }
    let after_edits = price_now(&f, m.pools[0], m.product);
    let cranked = f.send_ok(
        &[f.auto_renew_ix(&attacker.pubkey(), &victim.pubkey(), m.product, 0, &m.pools)],
        &[&attacker],
    );

    // Assert: the price never rose, and the victim paid what the market asked before the edits
    assert!(after_edits <= price, "{after_edits:?} > {price:?}");
    let (paid, _) = rewards_of(&cranked);
    assert!(paid <= fair, "{paid} > {fair}");
}

// ---- 5. what a user bought stays as bought ----

/// A 1,000 USDC cover for 60 days on a 2,000-MUT pool, bought at the default parameters.
fn bought() -> (TestFixture, CoverMarket, Keypair, Pubkey) {
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Lending", &[(100, 300, 2_000)]);
    let owner = f.with_funded_member(10_000 * USDC);
    let cover = f.buy_cover(&owner, m.product, 1_000 * USDC, PERIOD, &m.pools);
    (f, m, owner, cover)
}

#[test]
fn security_retroactive_changes_a_capacity_ratio_cut_after_the_purchase_burns_at_the_ratio_bought()
{
    // Arrange: bought at 2x; the ratio then goes to 1x (which would double the stakers' burn)
    let (f, m, owner, cover) = bought();
    let mut params = f.config().params;
    params.capacity_ratio = Bps(10_000);
    f.set_params(params);

    // Act
    let (burnt, owed) = claimed_and_paid(&f, &owner, &cover, &m.pools);

    // Assert: the burn of a 2x cover
    assert_eq!(burnt, vec![owed]);
}

#[test]
fn security_retroactive_changes_claim_periods_changed_after_the_purchase_run_as_bought() {
    let (f, _, owner, cover) = bought();
    let bought_times = f.config().params.poll_times();
    let mut params = f.config().params;
    params.payout_window = 3_600;
    params.cooldown_period = 2 * DAY as u32;
    params.min_voting_period = DAY as u32;
    params.max_poll_period = DAY as u32;
    f.set_params(params);
    f.warp_seconds(60);
    let claim = f.submit_claim(&owner, &cover, 300 * USDC);
    assert_eq!(claim_of(&f, &claim).times, bought_times);
}

#[test]
fn security_retroactive_changes_a_grace_cut_refuses_the_auto_renewal_and_keeps_the_claim_deadline()
{
    // Arrange: auto-renewal on; then the product's grace goes from 30 days to none, the wording unchanged
    let (f, m, owner, cover) = bought();
    f.allow_auto_renewal(&owner, &cover, 50 * USDC);
    let mut terms = f.product(m.product).terms;
    terms.grace_period = 0;
    f.send_ok(
        &[ix::product_update(&f.deployer().pubkey(), m.product, terms)],
        &[f.deployer()],
    );
    f.warp_seconds(PERIOD - 2 * DAY);
    let cranker = f.new_wallet(1);

    // Act + Assert: anyone's crank is refused and charges nothing
    f.send_err_unchanged(
        &[f.auto_renew_ix(&cranker.pubkey(), &owner.pubkey(), m.product, 0, &m.pools)],
        &[&cranker],
        MutualError::GracePeriodChanged,
        &[cover, f.deployment().base_account(&owner.pubkey())],
    );
    // the owner may still file for the 30 days of grace bought
    f.warp_seconds(2 * DAY + 29 * DAY);
    f.submit_claim(&owner, &cover, 100 * USDC);
}

#[test]
fn security_retroactive_changes_a_claims_pause_across_the_deadline_extends_the_window_and_holds_off_expiry(
) {
    // Arrange: a day before the end of grace the guardian pauses claims for five days
    let (f, m, owner, cover) = bought();
    let guardian = f.with_guardian();
    let deadline = f.cover(&cover).unwrap().end_with_grace().unwrap();
    f.warp_seconds(deadline - DAY - f.now());
    f.send_ok(
        &[ix::protocol_pause(&guardian.pubkey(), pause_area::CLAIMS)],
        &[&guardian],
    );
    f.warp_days(5);
    let (filing, _) = f.claim_submit_ix(&owner.pubkey(), &cover, 100 * USDC);
    let expire = ix::cover_expire(
        &cover,
        m.product,
        &f.deployment().base_mint,
        &owner.pubkey(),
        &m.pools,
    );

    // Act + Assert: while paused, nobody files and nobody expires the cover
    f.send_err(&[filing], &[&owner], MutualError::ProtocolPaused);
    f.send_err_unchanged(
        std::slice::from_ref(&expire),
        &[&owner],
        MutualError::CoverNotExpired,
        &[cover],
    );
    f.send_ok(
        &[ix::protocol_unpause(
            &f.deployer().pubkey(),
            pause_area::CLAIMS,
        )],
        &[f.deployer()],
    );
    // the window runs five days past its end: the day left before the pause is still there
    f.warp_seconds(DAY - 2);
    f.send_err_unchanged(&[expire], &[&owner], MutualError::CoverNotExpired, &[cover]);
    f.submit_claim(&owner, &cover, 100 * USDC);
}

// ---- 6. the stake that backed a loss pays for it ----

/// A pool whose only stake (1,000 MUT) sits in tranche `k`, the first after the current one that ends on a
/// bucket end (`aligned`) or the first that does not; and a 1,000 USDC cover whose end plus its 30 days of
/// grace is the last second of the last bucket inside `k`: the latest cover `k` can back.
struct Backed {
    f: TestFixture,
    pool: u32,
    owner: Keypair,
    backer: Keypair,
    cover: Pubkey,
    tranche: u32,
    end_with_grace: i64,
}

fn backed_to_the_last_second(aligned: bool) -> Backed {
    use mutual::constants::BUCKET_DURATION;
    use mutual::math::periods::tranche_end;
    let f = TestFixture::bootstrapped();
    let product = f.with_product("Lending");
    let (manager, pool) = f.with_pool();
    f.list_product(&manager, pool, product, 100, 300);
    let backer = f.with_staker(1_100);
    let owner = f.with_funded_member(10_000 * USDC);
    let grace = 30 * DAY;
    let now = f.now();
    let current = f.current_tranche();
    let last_second = |k: u32| {
        let end = tranche_end(k);
        // the last second of the last bucket that ends within tranche k
        end - end.rem_euclid(BUCKET_DURATION) - 1
    };
    let tranche = (current + 1..current + 8)
        .find(|k| {
            let on_bucket_end = tranche_end(*k).rem_euclid(BUCKET_DURATION) == 0;
            let period = last_second(*k) - grace - now;
            on_bucket_end == aligned && (28 * DAY..=365 * DAY).contains(&period)
        })
        .expect("a tranche");
    f.stake(&backer, pool, tranche, 1_000 * STAKE);
    let end_with_grace = last_second(tranche);
    let cover = f.buy_cover(
        &owner,
        product,
        1_000 * USDC,
        end_with_grace - grace - now,
        &[pool],
    );
    assert_eq!(
        f.cover(&cover).unwrap().end_with_grace().unwrap(),
        end_with_grace
    );
    Backed {
        f,
        pool,
        owner,
        backer,
        cover,
        tranche,
        end_with_grace,
    }
}

#[test_case(true, false; "tranche ending on a bucket end, redeemed at the first second")]
#[test_case(true, true; "tranche ending on a bucket end, redeemed at the last second")]
#[test_case(false, false; "tranche ending inside a bucket, redeemed at the first second")]
#[test_case(false, true; "tranche ending inside a bucket, redeemed at the last second")]
fn security_economic_sequences_a_claim_filed_at_the_last_second_of_grace_burns_the_stake_that_backed_it(
    aligned: bool,
    redeem_last: bool,
) {
    // Arrange: a claim of 600 USDC in the last second of grace, accepted by a quorum
    let b = backed_to_the_last_second(aligned);
    let f = &b.f;
    let assessor = f.with_assessor(QUORUM_TOKENS);
    let late = f.with_staker(1_100);
    f.warp_seconds(b.end_with_grace - 1 - f.now());
    let claim = f.submit_claim(&b.owner, &b.cover, 600 * USDC);
    f.vote(&assessor, &claim, true);
    assert_eq!(claim_of(f, &claim).held_tranches[0], b.tranche);

    // Act + Assert: new stake can't join the pool while the claim is open, so it never pays for it
    f.send_err_unchanged(
        &[ix::stake_deposit(
            &late.pubkey(),
            b.pool,
            f.current_tranche() + 1,
            1_000 * STAKE,
        )],
        &[&late],
        MutualError::PoolHasOpenClaims,
        &[pda::pool(b.pool).0, pda::stake_account(&late.pubkey())],
    );
    // the payout window, its first or its last second: the tranche is past its end but still backs the claim
    let window = mutual::constants::DAY * 30;
    let redeem_at = if redeem_last {
        TO_PAYOUT + window - 1
    } else {
        TO_PAYOUT
    };
    f.warp_seconds(redeem_at - 1);
    f.send_ok(
        &[ix::pool_process_expirations(b.pool, &[b.tranche])],
        &[&b.backer],
    );
    assert!(mutual::math::periods::tranche_end(b.tranche) < f.now() || !aligned);
    assert_eq!(f.pool(b.pool).first_active_tranche, b.tranche);
    assert_eq!(f.pool(b.pool).active_stake, 1_000 * STAKE);
    f.send_err(
        &[ix::stake_withdraw(
            &b.backer.pubkey(),
            b.pool,
            b.tranche,
            true,
            false,
        )],
        &[&b.backer],
        MutualError::TrancheNotExpired,
    );
    f.warp_seconds(1);
    let owed = one_pool_burn(600 * USDC, f.snapshot().book_value);
    f.send_ok(&[f.redeem_ix(&b.owner.pubkey(), &claim)], &[&b.owner]);
    assert_eq!(f.pool(b.pool).active_stake, 1_000 * STAKE - owed);
    // once the tranche ends (or at once, if it has), the backer takes back exactly what the burn left
    let end = mutual::math::periods::tranche_end(b.tranche);
    if f.now() < end {
        f.warp_seconds(end - f.now());
    }
    f.send_ok(
        &[ix::pool_process_expirations(b.pool, &[b.tranche])],
        &[&b.backer],
    );
    let before = f.stake_balance(&b.backer.pubkey());
    f.send_ok(
        &[ix::stake_withdraw(
            &b.backer.pubkey(),
            b.pool,
            b.tranche,
            true,
            false,
        )],
        &[&b.backer],
    );
    assert_eq!(
        f.stake_balance(&b.backer.pubkey()) - before,
        1_000 * STAKE - owed
    );
    // and the pool takes deposits again
    f.stake(&late, b.pool, f.current_tranche() + 1, 1_000 * STAKE);
}

#[test]
fn security_remaining_accounts_a_lapsed_claims_close_names_its_pools_and_releases_them() {
    // Arrange: the claim is accepted but never redeemed
    let b = backed_to_the_last_second(true);
    let f = &b.f;
    let assessor = f.with_assessor(QUORUM_TOKENS);
    f.warp_seconds(b.end_with_grace - 1 - f.now());
    let claim = f.submit_claim(&b.owner, &b.cover, 600 * USDC);
    f.vote(&assessor, &claim, true);
    f.warp_seconds(TO_PAYOUT + 30 * DAY);
    assert!(f.pool(b.pool).has_open_claims());
    let other = f.with_pool().1;

    // Act + Assert: a close naming no pool, or another pool, is refused and changes nothing
    for pools in [&[][..], &[other][..], &[b.pool, other][..]] {
        f.send_err_unchanged(
            &[ix::claim_close(
                &claim,
                &b.cover,
                (&f.deployment().base_mint, &f.deployment().base_mint),
                pools,
            )],
            &[&b.backer],
            MutualError::CoverPoolsMismatch,
            &[claim, pda::pool(b.pool).0, pda::pool(other).0],
        );
    }
    // the permissionless close releases the hold: the tranche expires at the next crank
    f.send_ok(&[f.close_ix(&claim)], &[&b.backer]);
    assert!(!f.pool(b.pool).has_open_claims());
    f.send_ok(
        &[ix::pool_process_expirations(b.pool, &[b.tranche])],
        &[&b.backer],
    );
    assert_eq!(f.pool(b.pool).first_active_tranche, b.tranche + 1);
}

// ---- 7. a renewal buys only what is left ----

/// A 1,000 USDC cover for 60 days, auto-renewing within 50 USDC, of which claims paid out `paid`.
fn paid_out(paid: u64) -> (TestFixture, CoverMarket, Keypair, Pubkey) {
    let (f, m, owner, cover) = bought();
    f.allow_auto_renewal(&owner, &cover, 50 * USDC);
    let assessor = f.with_assessor(QUORUM_TOKENS);
    f.warp_seconds(60);
    let claim = f.submit_claim(&owner, &cover, paid);
    f.vote(&assessor, &claim, true);
    f.warp_seconds(TO_PAYOUT);
    f.send_ok(&[f.redeem_ix(&owner.pubkey(), &claim)], &[&owner]);
    (f, m, owner, cover)
}

#[test]
fn security_economic_sequences_a_renewal_after_a_partial_payout_prices_and_places_only_what_is_left(
) {
    // Arrange: 600 of 1,000 USDC paid out; the renewal week
    let (f, m, owner, cover) = paid_out(600 * USDC);
    let c = f.cover(&cover).unwrap();
    f.warp_seconds(c.end().unwrap() - 2 * DAY - f.now());
    let market =
        mutual_sdk::cover::CoverMarket::load(&f.chain, m.product, &f.deployment().base_mint)
            .unwrap();
    let quote = market.quote_renewal(&c, &m.pools).unwrap();
    let whole = market
        .quote_from(c.end().unwrap(), c.amount, c.period, Bps::ZERO, &m.pools)
        .unwrap();
    let cranker = f.new_wallet(1);
    let usdc = f.base_balance(&owner.pubkey());

    // Act: a stranger's crank
    let renewed = f.send_ok(
        &[f.auto_renew_ix(&cranker.pubkey(), &owner.pubkey(), m.product, 0, &m.pools)],
        &[&cranker],
    );

    // Assert: the owner paid the premium of 400 USDC, not of 1,000, and the pool holds 400's units
    let (paid, _) = rewards_of(&renewed);
    assert_eq!(quote.amount, 400 * USDC);
    assert_eq!(paid, quote.placement.premium);
    assert!(paid < whole.placement.premium);
    assert_eq!(usdc - f.base_balance(&owner.pubkey()), paid);
    let units: u64 = f
        .cover(&cover)
        .unwrap()
        .pools()
        .iter()
        .map(|a| u64::from(a.units))
        .sum();
    assert_eq!(units, quote.placement.units);
}

#[test]
fn security_economic_sequences_a_cover_paid_out_in_full_renews_no_more_and_reads_inactive() {
    // Arrange: the whole 1,000 USDC paid out
    let (f, m, owner, cover) = paid_out(1_000 * USDC);
    let c = f.cover(&cover).unwrap();
    assert_eq!(c.renew_max_premium, 0);
    let reader = f.new_wallet(1);
    let status = f.send_ok(&[ix::cover_status(&cover)], &[&reader]);
    let status = <mutual::state::CoverStatus as anchor_lang::AnchorDeserialize>::try_from_slice(
        &status.return_data.expect("return data"),
    )
    .unwrap();
    assert_eq!((status.active, status.paid_out), (false, 1_000 * USDC));
    f.warp_seconds(c.end().unwrap() - 2 * DAY - f.now());
    let cranker = f.new_wallet(1);

    // Act + Assert: nobody's crank charges the owner, and the owner can't renew nothing
    f.send_err_unchanged(
        &[f.auto_renew_ix(&cranker.pubkey(), &owner.pubkey(), m.product, 0, &m.pools)],
        &[&cranker],
        MutualError::NothingLeftToCover,
        &[cover, f.deployment().base_account(&owner.pubkey())],
    );
    f.send_err_unchanged(
        &[f.renew_ix(&owner.pubkey(), m.product, 0, &m.pools)],
        &[&owner],
        MutualError::NothingLeftToCover,
        &[cover, f.deployment().base_account(&owner.pubkey())],
    );
    f.send_err(
        &[ix::cover_auto_renew_set(&owner.pubkey(), &cover, 10 * USDC)],
        &[&owner],
        MutualError::NothingLeftToCover,
    );
}

// ---- 8. banned weight never decides, and leaving strands nothing ----

#[test]
fn security_economic_sequences_a_flagged_assessor_cannot_reveal_a_commitment() {
    // Arrange: a commit-reveal product; a fraudulent assessor commits accept, then is flagged
    let f = TestFixture::bootstrapped();
    let mut terms = sample_terms("Hidden");
    terms.commit_reveal = true;
    let product = f.create_product(terms);
    let m = f.with_pools_for(product, &[(100, 300, 2_000)]);
    let owner = f.with_funded_member(10_000 * USDC);
    let cover = f.buy_cover(&owner, m.product, 1_000 * USDC, PERIOD, &m.pools);
    let fraud = f.with_assessor(300);
    let honest = f.with_assessor(QUORUM_TOKENS);
    f.warp_seconds(60);
    let claim = f.submit_claim(&owner, &cover, 600 * USDC);
    let salt = [5; 32];
    let commit = |voter: &Keypair, accept: bool| {
        let commitment = mutual::state::Vote::commitment(accept, &salt, &voter.pubkey(), &claim);
        ix::claim_vote_commit(&voter.pubkey(), &claim, commitment)
    };
    f.send_ok(&[commit(&fraud, true)], &[&fraud]);
    f.send_ok(&[commit(&honest, false)], &[&honest]);
    f.send_ok(
        &[ix::assessor_flag_fraud(
            &f.deployer().pubkey(),
            &fraud.pubkey(),
            true,
        )],
        &[f.deployer()],
    );
    f.warp_seconds(3 * DAY);

    // Act + Assert: the reveal is refused, and nothing moves
    f.send_err_unchanged(
        &[ix::claim_vote_reveal(&fraud.pubkey(), &claim, true, salt)],
        &[&fraud],
        MutualError::AssessorBanned,
        &[
            claim,
            pda::capital_snapshot().0,
            pda::vote(&claim, &fraud.pubkey()).0,
        ],
    );
    f.send_ok(
        &[ix::claim_vote_reveal(&honest.pubkey(), &claim, false, salt)],
        &[&honest],
    );
    let c = claim_of(&f, &claim);
    assert_eq!((c.accept, c.deny), (0, QUORUM_TOKENS * STAKE));
    assert_eq!(f.snapshot().pending_units[0], 0);
}

#[test]
fn security_griefing_and_liveness_leaving_waits_until_every_vote_is_closed() {
    // Arrange: an assessor votes, and once unlocked takes all their assessor stake back
    let (f, _, owner, cover) = bought();
    let assessor = f.with_assessor(QUORUM_TOKENS);
    f.warp_seconds(60);
    let claim = f.submit_claim(&owner, &cover, 300 * USDC);
    f.vote(&assessor, &claim, true);
    assert_eq!(f.member(&assessor.pubkey()).unwrap().open_votes, 1);
    f.warp_days(15);
    f.send_ok(
        &[ix::assessor_unstake(
            &assessor.pubkey(),
            QUORUM_TOKENS * STAKE,
        )],
        &[&assessor],
    );

    // Act + Assert: leaving now would strand the vote's reward and rent: refused, nothing changes
    let leave = ix::member_leave(&assessor.pubkey(), u64::MAX);
    f.send_err_unchanged(
        std::slice::from_ref(&leave),
        &[&assessor],
        MutualError::MemberHasOpenVotes,
        &[pda::member(&assessor.pubkey()).0],
    );
    f.send_ok(&[f.redeem_ix(&owner.pubkey(), &claim)], &[&owner]);
    let vote = pda::vote(&claim, &assessor.pubkey()).0;
    let rent = f.lamports(&vote);
    let sol = f.lamports(&assessor.pubkey());
    f.send_ok(
        &[ix::vote_reward_claim(&assessor.pubkey(), &claim)],
        &[&assessor],
    );
    assert_eq!(f.lamports(&assessor.pubkey()), sol + rent - SIGNATURE_FEE);
    assert_eq!(f.member(&assessor.pubkey()).unwrap().open_votes, 0);
    // past the vote check, the next one (the member's stake tokens) speaks
    f.send_err(&[leave], &[&assessor], MutualError::MemberHasStakeTokens);
}

#[test]
fn security_griefing_and_liveness_calls_faster_than_a_basis_point_decays_cannot_hold_a_price_up() {
    // Arrange: an attacker's 1-unit cover; an honest 1,000 USDC buy bumps the listing
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Lending", &[(100, 300, 2_000)]);
    let attacker = f.with_funded_member(10 * USDC);
    let buyer = f.with_funded_member(10_000 * USDC);
    f.buy_cover(&attacker, m.product, 1, 28 * DAY, &m.pools);
    f.buy_cover(&buyer, m.product, 1_000 * USDC, 365 * DAY, &m.pools);
    let bumped = price_now(&f, m.pools[0], m.product);
    assert!(bumped.get() >= 340, "{bumped:?}");

    // Act: 40 free edits and 40 dust buys, each 431 s apart (a basis point decays in 432 s at 200 bps a day)
    for i in 0..80 {
        f.warp_seconds(431);
        let call = if i % 2 == 0 {
            f.edit_ix(
                &attacker.pubkey(),
                m.product,
                0,
                &m.pools,
                &m.pools,
                1,
                28 * DAY,
            )
        } else {
            f.cover_buy_ix(
                &attacker.pubkey(),
                m.product,
                1,
                28 * DAY,
                u64::MAX,
                &m.pools,
            )
        };
        f.send_ok(&[call], &[&attacker]);
    }

    // Assert: the price decayed exactly as it would have without the attacker's calls
    let decay = f.config().params.price_decay_per_day.get() as i64 * 80 * 431 / DAY;
    let expected = Bps(u16::try_from((bumped.get() as i64 - decay).max(300)).unwrap());
    assert_eq!(price_now(&f, m.pools[0], m.product), expected);
}

#[test]
fn security_economic_sequences_an_accepted_claim_left_to_lapse_mints_no_more_than_its_forfeited_deposit(
) {
    // Arrange: a confederate with one token of assessor stake accepts the attacker's claim (below the quorum)
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Lending", &[(100, 300, 2_000)]);
    let attacker = f.with_funded_member(10_000 * USDC);
    let confederate = f.with_assessor(1);
    let cover = f.buy_cover(&attacker, m.product, 1_000 * USDC, 365 * DAY, &m.pools);
    f.warp_seconds(60);
    let treasury = f.lamports(&pda::treasury().0);
    let supply = f.stake_supply();
    let claim = f.submit_claim(&attacker, &cover, 1_000 * USDC);
    f.vote(&confederate, &claim, true);
    assert!(!claim_of(&f, &claim).liability_booked);

    // Act + Assert: in the payout window the voters wait for the payout...
    f.warp_seconds(TO_PAYOUT);
    f.send_err_unchanged(
        &[ix::vote_reward_claim(&confederate.pubkey(), &claim)],
        &[&confederate],
        MutualError::ClaimPayoutPending,
        &[claim, pda::vote(&claim, &confederate.pubkey()).0],
    );
    // ...it lapses unpaid: the deposit goes to the treasury, and the voters share only what it can be valued at
    // (nothing, with no SOL price)
    f.warp_seconds(30 * DAY);
    f.send_ok(&[f.close_ix(&claim)], &[&confederate]);
    f.send_ok(
        &[ix::vote_reward_claim(&confederate.pubkey(), &claim)],
        &[&confederate],
    );
    let c = claim_of(&f, &claim);
    assert_eq!(c.status, mutual::state::ClaimStatus::Lapsed);
    assert_eq!(f.lamports(&pda::treasury().0), treasury + c.deposit);
    assert_eq!(f.stake_supply(), supply + c.denied_reward);
    assert_eq!(c.denied_reward, 0);
}
