//! Whole lifecycles: accepted and paid (with burns and rewards), denied, unvoted, lapsed, and a pending payout
//! against token trades.
use super::*;
use mutual::errors::MutualError;
use mutual::math::claims::PollPhase;
use mutual::state::{Claim, ClaimStatus, Vote, VoteChoice};
use mutual_sdk::{claims, ix, pda, MutualEvent, Signer};

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
