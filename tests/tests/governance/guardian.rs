//! guardian_set: the authority replaces the guardian; the guardian cannot.
use super::*;
use anchor_lang::prelude::Pubkey;
use mutual::errors::MutualError;
use mutual::events::GuardianSetEvent;
use mutual::state::pause_area;
use mutual_sdk::{ix, MutualEvent, Signer};

#[test]
fn guardian_set_replaces_the_guardian() {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();
    let old_guardian = f.with_guardian();
    let new_guardian = f.new_wallet(1);
    let before = f.config();

    // Act
    let receipt = f.send_ok(
        &[ix::guardian_set(&deployer.pubkey(), &new_guardian.pubkey())],
        &[deployer],
    );

    // Assert
    let mut expected = before;
    expected.guardian = new_guardian.pubkey();
    assert_eq!(f.account_data(&config_address()), serialized(&expected));
    assert_eq!(
        only_event(&receipt),
        MutualEvent::GuardianSetEvent(GuardianSetEvent {
            authority: deployer.pubkey(),
            guardian: new_guardian.pubkey(),
        })
    );
    f.send_err(
        &[ix::protocol_pause(&old_guardian.pubkey(), pause_area::BUY)],
        &[&old_guardian],
        MutualError::NotPauser,
    );
    f.send_ok(
        &[ix::protocol_pause(&new_guardian.pubkey(), pause_area::BUY)],
        &[&new_guardian],
    );
    assert_eq!(f.config().paused, pause_area::BUY);
}

#[test]
fn guardian_set_by_the_guardian_is_refused() {
    // Arrange
    let f = initialised();
    let guardian = f.with_guardian();

    // Act + Assert
    f.send_err_unchanged(
        &[ix::guardian_set(&guardian.pubkey(), &Pubkey::new_unique())],
        &[&guardian],
        MutualError::NotAuthority,
        &[config_address()],
    );
}
