//! authority_propose and authority_accept: the two-step transfer and its refusals.
use super::*;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use mutual::errors::MutualError;
use mutual::events::{AuthorityAcceptEvent, AuthorityProposeEvent};
use mutual::state::pause_area;
use mutual_sdk::{ix, MutualEvent, Signer};
use test_case::test_case;

#[test]
fn authority_propose_records_the_pending_authority() {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();
    let next = Pubkey::new_unique();
    let before = f.config();

    // Act
    let receipt = f.send_ok(
        &[ix::authority_propose(&deployer.pubkey(), &next)],
        &[deployer],
    );

    // Assert: only the pending authority changed
    let mut expected = before;
    expected.pending_authority = next;
    assert_eq!(f.account_data(&config_address()), serialized(&expected));
    assert_eq!(f.config().authority, deployer.pubkey());
    assert_eq!(
        only_event(&receipt),
        MutualEvent::AuthorityProposeEvent(AuthorityProposeEvent {
            authority: deployer.pubkey(),
            pending_authority: next,
        })
    );
}

/// A new wallet may neither propose an authority (itself) nor accept one that nobody proposed.
#[test_case(|wallet| ix::authority_propose(wallet, wallet), MutualError::NotAuthority; "authority_propose_by_non_authority_is_refused")]
#[test_case(ix::authority_accept, MutualError::NoPendingAuthority; "authority_accept_without_a_proposal_is_refused")]
fn a_new_wallets_authority_transfer_is_refused(
    attempt: fn(&Pubkey) -> Instruction,
    expected: MutualError,
) {
    // Arrange
    let f = initialised();
    let wallet = f.new_wallet(1);

    // Act + Assert
    f.send_err_unchanged(
        &[attempt(&wallet.pubkey())],
        &[&wallet],
        expected,
        &[config_address()],
    );
}

#[test]
fn authority_propose_of_the_current_authority_is_refused() {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();

    // Act + Assert
    f.send_err_unchanged(
        &[ix::authority_propose(
            &deployer.pubkey(),
            &deployer.pubkey(),
        )],
        &[deployer],
        MutualError::SameAuthority,
        &[config_address()],
    );
}

#[test]
fn authority_accept_by_another_signer_is_refused() {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();
    let next = f.new_wallet(1);
    let stranger = f.new_wallet(1);
    f.send_ok(
        &[ix::authority_propose(&deployer.pubkey(), &next.pubkey())],
        &[deployer],
    );

    // Act + Assert
    f.send_err_unchanged(
        &[ix::authority_accept(&stranger.pubkey())],
        &[&stranger],
        MutualError::NotPendingAuthority,
        &[config_address()],
    );
    assert_eq!(f.config().pending_authority, next.pubkey());
}

#[test]
fn authority_accept_hands_over_and_the_old_authority_is_refused() {
    // Arrange
    let f = initialised();
    let old = f.deployer();
    let next = f.new_wallet(1);
    f.send_ok(
        &[ix::authority_propose(&old.pubkey(), &next.pubkey())],
        &[old],
    );
    let before = f.config();

    // Act
    let receipt = f.send_ok(&[ix::authority_accept(&next.pubkey())], &[&next]);

    // Assert: authority moved, pending cleared, nothing else touched
    let mut expected = before;
    expected.authority = next.pubkey();
    expected.pending_authority = Pubkey::default();
    assert_eq!(f.account_data(&config_address()), serialized(&expected));
    assert_eq!(
        only_event(&receipt),
        MutualEvent::AuthorityAcceptEvent(AuthorityAcceptEvent {
            previous_authority: old.pubkey(),
            authority: next.pubkey(),
        })
    );

    // Assert: the old key is now refused everywhere the authority is needed
    for refused in [
        ix::params_propose(&old.pubkey(), every_param_changed()),
        ix::params_cancel(&old.pubkey()),
        ix::authority_propose(&old.pubkey(), &old.pubkey()),
        ix::guardian_set(&old.pubkey(), &old.pubkey()),
        ix::protocol_unpause(&old.pubkey(), pause_area::ALL),
    ] {
        f.send_err_unchanged(
            &[refused],
            &[old],
            MutualError::NotAuthority,
            &[config_address()],
        );
    }

    // Assert: the new key governs
    f.send_ok(
        &[ix::params_propose(&next.pubkey(), every_param_changed())],
        &[&next],
    );
    assert_eq!(f.config().pending(), Some(every_param_changed()));
}

#[test]
fn authority_accept_twice_is_refused() {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();
    let next = f.new_wallet(1);
    f.send_ok(
        &[ix::authority_propose(&deployer.pubkey(), &next.pubkey())],
        &[deployer],
    );
    f.send_ok(&[ix::authority_accept(&next.pubkey())], &[&next]);

    // Act + Assert
    f.send_err_unchanged(
        &[ix::authority_accept(&next.pubkey())],
        &[&next],
        MutualError::NoPendingAuthority,
        &[config_address()],
    );
}

#[test]
fn authority_propose_again_replaces_the_pending_authority() {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();
    let first = f.new_wallet(1);
    let second = f.new_wallet(1);
    f.send_ok(
        &[ix::authority_propose(&deployer.pubkey(), &first.pubkey())],
        &[deployer],
    );

    // Act
    f.send_ok(
        &[ix::authority_propose(&deployer.pubkey(), &second.pubkey())],
        &[deployer],
    );

    // Assert
    f.send_err(
        &[ix::authority_accept(&first.pubkey())],
        &[&first],
        MutualError::NotPendingAuthority,
    );
    f.send_ok(&[ix::authority_accept(&second.pubkey())], &[&second]);
    assert_eq!(f.config().authority, second.pubkey());
}

#[test]
fn authority_propose_of_the_default_key_cancels_a_pending_transfer() {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();
    let next = f.new_wallet(1);
    f.send_ok(
        &[ix::authority_propose(&deployer.pubkey(), &next.pubkey())],
        &[deployer],
    );

    // Act
    f.send_ok(
        &[ix::authority_propose(
            &deployer.pubkey(),
            &Pubkey::default(),
        )],
        &[deployer],
    );

    // Assert
    assert_eq!(f.config().pending_authority, Pubkey::default());
    f.send_err(
        &[ix::authority_accept(&next.pubkey())],
        &[&next],
        MutualError::NoPendingAuthority,
    );
    assert_eq!(f.config().authority, deployer.pubkey());
}
