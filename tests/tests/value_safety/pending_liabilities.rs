//! 1. Pending liabilities only ever make exits more conservative.
use super::*;
use mutual::errors::MutualError;
use mutual_sdk::{ix, pda, MutualEvent, Signer};
use test_case::test_case;

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
