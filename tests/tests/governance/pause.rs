//! protocol_pause and protocol_unpause: who may pause and unpause which areas, and what a paused area refuses.
use super::*;
use mutual::errors::MutualError;
use mutual::events::{ProtocolPauseEvent, ProtocolUnpauseEvent};
use mutual::math::Bps;
use mutual::state::{pause_area, Params};
use mutual_sdk::{ix, pda, MutualEvent, Signer};
use test_case::test_case;

#[test]
fn guardian_pauses_areas_one_set_at_a_time() {
    // Arrange
    let f = initialised();
    let guardian = f.with_guardian();

    // Act
    let first = f.send_ok(
        &[ix::protocol_pause(&guardian.pubkey(), pause_area::BUY)],
        &[&guardian],
    );
    let second = f.send_ok(
        &[ix::protocol_pause(
            &guardian.pubkey(),
            pause_area::TOKEN | pause_area::CLAIMS,
        )],
        &[&guardian],
    );

    // Assert
    let paused = pause_area::BUY | pause_area::TOKEN | pause_area::CLAIMS;
    assert_eq!(f.config().paused, paused);
    assert_eq!(
        only_event(&first),
        MutualEvent::ProtocolPauseEvent(ProtocolPauseEvent {
            by: guardian.pubkey(),
            areas: pause_area::BUY,
            paused: pause_area::BUY,
        })
    );
    assert_eq!(
        only_event(&second),
        MutualEvent::ProtocolPauseEvent(ProtocolPauseEvent {
            by: guardian.pubkey(),
            areas: pause_area::TOKEN | pause_area::CLAIMS,
            paused,
        })
    );
}

#[test]
fn authority_pauses_and_unpauses_a_subset() {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();
    f.send_ok(
        &[ix::protocol_pause(&deployer.pubkey(), pause_area::ALL)],
        &[deployer],
    );
    assert_eq!(f.config().paused, pause_area::ALL);

    // Act
    let receipt = f.send_ok(
        &[ix::protocol_unpause(
            &deployer.pubkey(),
            pause_area::BUY | pause_area::STAKING,
        )],
        &[deployer],
    );

    // Assert
    let still_paused = pause_area::CLAIMS | pause_area::TOKEN;
    assert_eq!(f.config().paused, still_paused);
    assert_eq!(
        only_event(&receipt),
        MutualEvent::ProtocolUnpauseEvent(ProtocolUnpauseEvent {
            by: deployer.pubkey(),
            areas: pause_area::BUY | pause_area::STAKING,
            paused: still_paused,
        })
    );
}

#[test]
fn guardian_cannot_unpause() {
    // Arrange
    let f = initialised();
    let guardian = f.with_guardian();
    f.send_ok(
        &[ix::protocol_pause(&guardian.pubkey(), pause_area::TOKEN)],
        &[&guardian],
    );

    // Act + Assert
    f.send_err_unchanged(
        &[ix::protocol_unpause(&guardian.pubkey(), pause_area::TOKEN)],
        &[&guardian],
        MutualError::NotAuthority,
        &[config_address()],
    );
    assert_eq!(f.config().paused, pause_area::TOKEN);
}

#[test]
fn stranger_cannot_pause() {
    // Arrange
    let f = initialised();
    let stranger = f.new_wallet(1);

    // Act + Assert
    f.send_err_unchanged(
        &[ix::protocol_pause(&stranger.pubkey(), pause_area::ALL)],
        &[&stranger],
        MutualError::NotPauser,
        &[config_address()],
    );
}

#[test_case(0; "no area")]
#[test_case(1 << 4; "unknown area")]
#[test_case(pause_area::BUY | 1 << 7; "known and unknown areas")]
#[test_case(u8::MAX; "every bit")]
fn pause_of_invalid_areas_is_refused(areas: u8) {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();

    // Act + Assert
    f.send_err_unchanged(
        &[ix::protocol_pause(&deployer.pubkey(), areas)],
        &[deployer],
        MutualError::InvalidPauseAreas,
        &[config_address()],
    );
}

#[test_case(0; "no area")]
#[test_case(1 << 4; "unknown area")]
#[test_case(u8::MAX; "every bit")]
fn unpause_of_invalid_areas_is_refused(areas: u8) {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();
    f.send_ok(
        &[ix::protocol_pause(&deployer.pubkey(), pause_area::ALL)],
        &[deployer],
    );

    // Act + Assert
    f.send_err_unchanged(
        &[ix::protocol_unpause(&deployer.pubkey(), areas)],
        &[deployer],
        MutualError::InvalidPauseAreas,
        &[config_address()],
    );
}

#[test]
fn paused_token_area_refuses_buys_until_unpaused_and_never_sells() {
    // Arrange: alice holds 100 tokens bought at 1.01 USDC each; an MCR floor of 1 USDC lets her sell
    let f = TestFixture::bootstrapped();
    f.set_params(Params {
        min_mcr: USDC,
        ..default_params()
    });
    let deployer = f.deployer();
    let guardian = f.with_guardian();
    let alice = f.with_funded_member(1_000 * USDC);
    assert_eq!(f.buy_stake(&alice, 101 * USDC), 100 * STAKE);
    f.send_ok(
        &[ix::protocol_pause(&guardian.pubkey(), pause_area::TOKEN)],
        &[&guardian],
    );

    // Act + Assert: buying is refused and moves nothing...
    f.send_err_unchanged(
        &[f.token_buy_ix(&alice.pubkey(), 102_010_000, 0)],
        &[&alice],
        MutualError::ProtocolPaused,
        &[pda::capital_snapshot().0],
    );
    assert_eq!(f.base_balance(&alice.pubkey()), 899 * USDC);
    assert_eq!(f.stake_balance(&alice.pubkey()), 100 * STAKE);
    assert_eq!(f.vault_balance(), 101 * USDC);
    // ...while selling, an exit, stays open: 1 token at BV 1.01 less 1%
    f.send_ok(&[f.token_sell_ix(&alice.pubkey(), STAKE, 0)], &[&alice]);
    assert_eq!(f.base_balance(&alice.pubkey()), 899 * USDC + 999_900);
    assert_eq!(f.stake_supply(), 99 * STAKE);

    // Act: the authority unpauses
    let receipt = f.send_ok(
        &[ix::protocol_unpause(&deployer.pubkey(), pause_area::TOKEN)],
        &[deployer],
    );

    // Assert: trading resumes at book value 1.01 USDC plus the 1% buffer
    assert_eq!(
        only_event(&receipt),
        MutualEvent::ProtocolUnpauseEvent(ProtocolUnpauseEvent {
            by: deployer.pubkey(),
            areas: pause_area::TOKEN,
            paused: 0,
        })
    );
    // (the sale's 1% spread stayed in the vault, so book value is a little above 1.01 now)
    let expected = mutual::math::book_value::stake_for_buy(
        102_010_000,
        101 * USDC - 999_900,
        99 * STAKE,
        Bps(100),
        USDC,
    )
    .unwrap();
    assert_eq!(expected, 99_989_900_009);
    assert_eq!(f.buy_stake(&alice, 102_010_000), expected);
    assert_eq!(f.vault_balance(), 101 * USDC - 999_900 + 102_010_000);
}

#[test]
fn pausing_other_areas_leaves_token_trading_open() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let guardian = f.with_guardian();
    let alice = f.with_funded_member(101 * USDC);

    // Act
    f.send_ok(
        &[ix::protocol_pause(
            &guardian.pubkey(),
            pause_area::BUY | pause_area::CLAIMS | pause_area::STAKING,
        )],
        &[&guardian],
    );

    // Assert
    assert_eq!(f.buy_stake(&alice, 101 * USDC), 100 * STAKE);
    assert_eq!(f.vault_balance(), 101 * USDC);
}

#[test]
fn the_deployer_holds_no_special_power_after_handing_over() {
    // Arrange: the deployer (also the guardian here) hands authority and guardianship to a multisig key
    let f = initialised();
    let deployer = f.deployer();
    let multisig = f.new_wallet(1);
    f.send_ok(
        &[
            ix::guardian_set(&deployer.pubkey(), &multisig.pubkey()),
            ix::authority_propose(&deployer.pubkey(), &multisig.pubkey()),
        ],
        &[deployer],
    );
    f.send_ok(&[ix::authority_accept(&multisig.pubkey())], &[&multisig]);

    // Act + Assert
    f.send_err(
        &[ix::protocol_pause(&deployer.pubkey(), pause_area::ALL)],
        &[deployer],
        MutualError::NotPauser,
    );
    f.send_err_unchanged(
        &[ix::guardian_set(&deployer.pubkey(), &deployer.pubkey())],
        &[deployer],
        MutualError::NotAuthority,
        &[config_address()],
    );
}
