//! 5. What a user bought stays as bought.
use super::*;
use mutual::errors::MutualError;
use mutual::math::Bps;
use mutual::state::pause_area;
use mutual_sdk::{ix, Signer};

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
