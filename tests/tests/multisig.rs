//! The protocol authority handed to a multisig (docs/deploy.md): `authority_propose` by the deployer's key,
//! `authority_accept` signed by a 2-of-3 vault PDA through CPI, after which the old key can do nothing and the
//! multisig governs with two approvals, never with one.
use anchor_lang::prelude::Pubkey;
use mutual::errors::MutualError;
use mutual::state::pause_area;
use mutual_sdk::{ix, pda, Keypair, Signer};
use mutual_tests::multisig::{self, Multisig};
use mutual_tests::*;
use solana_transaction::{InstructionError, TransactionError};

/// A bootstrapped chain with the stand-in, its three members and the 2-of-3 multisig.
fn world() -> (TestFixture, Multisig, [Keypair; 3]) {
    let mut f = TestFixture::new_with(multisig::register);
    f.bootstrap();
    let members = [f.new_keypair(), f.new_keypair(), f.new_keypair()];
    let multisig = Multisig {
        threshold: 2,
        members: members.iter().map(|m| m.pubkey()).collect(),
    };
    (f, multisig, members)
}

/// The stand-in's refusal of too few approvals, in the transaction's only instruction.
fn missing_approval() -> TransactionError {
    TransactionError::InstructionError(0, InstructionError::MissingRequiredSignature)
}

/// The deployer proposes the vault and the vault accepts with `approvers`' signatures.
fn hand_over(f: &TestFixture, multisig: &Multisig, approvers: &[&Keypair]) {
    let vault = multisig.vault().0;
    let deployer = f.deployer();
    f.send_ok(
        &[ix::authority_propose(&deployer.pubkey(), &vault)],
        &[deployer],
    );
    let keys: Vec<Pubkey> = approvers.iter().map(|a| a.pubkey()).collect();
    let mut signers = vec![deployer];
    signers.extend_from_slice(approvers);
    f.send_ok(
        &[multisig.execute(&keys, &ix::authority_accept(&vault))],
        &signers,
    );
}

#[test]
fn security_authority_handover_to_a_multisig_leaves_the_old_key_nothing() {
    // Arrange: the authority moves to the 2-of-3 vault.
    let (f, multisig, [a, b, _]) = world();
    let vault = multisig.vault().0;
    hand_over(&f, &multisig, &[&a, &b]);
    let config = f.config();
    assert_eq!(config.authority, vault);
    assert_eq!(config.pending_authority, Pubkey::default());
    let deployer = f.deployer();
    let old = deployer.pubkey();
    let config_address = pda::config().0;

    // Act + Assert: every authority instruction by the old key is refused, and the config stays as it is.
    let mut params = config.params;
    params.price_bump = mutual::math::Bps(params.price_bump.0 + 1);
    for refused in [
        ix::params_propose(&old, params),
        ix::params_cancel(&old),
        ix::authority_propose(&old, &old),
        ix::guardian_set(&old, &old),
        ix::protocol_unpause(&old, pause_area::ALL),
    ] {
        f.send_err_unchanged(
            &[refused],
            &[deployer],
            MutualError::NotAuthority,
            &[config_address],
        );
    }
}

#[test]
fn the_multisig_governs_with_two_approvals_and_never_with_one() {
    // Arrange
    let (f, multisig, [a, b, c]) = world();
    let vault = multisig.vault().0;
    hand_over(&f, &multisig, &[&b, &c]);
    let deployer = f.deployer();
    let guardian = Pubkey::new_unique();
    let set = ix::guardian_set(&vault, &guardian);

    // Act + Assert: one approval is not enough, and nothing changes...
    let before = f.config();
    assert_eq!(
        f.send_tx_err(&[multisig.execute(&[a.pubkey()], &set)], &[deployer, &a]),
        missing_approval()
    );
    assert_eq!(f.config().guardian, before.guardian);

    // ...two are.
    f.send_ok(
        &[multisig.execute(&[a.pubkey(), c.pubkey()], &set)],
        &[deployer, &a, &c],
    );
    assert_eq!(f.config().guardian, guardian);
    assert_eq!(f.config().authority, vault);
}

#[test]
fn accepting_for_the_multisig_needs_its_approvals_too() {
    // Arrange: the vault is proposed.
    let (f, multisig, [a, _, _]) = world();
    let vault = multisig.vault().0;
    let deployer = f.deployer();
    f.send_ok(
        &[ix::authority_propose(&deployer.pubkey(), &vault)],
        &[deployer],
    );

    // Act: one member alone tries to accept.
    let refused = f.send_tx_err(
        &[multisig.execute(&[a.pubkey()], &ix::authority_accept(&vault))],
        &[deployer, &a],
    );

    // Assert: refused for the missing approval, and the deployer is still the authority with the vault pending.
    assert_eq!(refused, missing_approval());
    let config = f.config();
    assert_eq!(config.authority, deployer.pubkey());
    assert_eq!(config.pending_authority, vault);
}
