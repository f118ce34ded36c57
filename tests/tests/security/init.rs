//! Front-running config_init, and initialising twice.
use super::*;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::bpf_loader_upgradeable;
use mutual::errors::MutualError;
use mutual_sdk::transport::embedded::{
    program_data_account, program_data_account_of, LAMPORTS_PER_SOL,
};
use mutual_sdk::{ix, pda, Keypair, Signer, Transport};

#[test]
fn security_front_run_init_by_a_stranger_is_refused() {
    // Arrange
    let f = TestFixture::new();
    let stranger = f.new_wallet(10);

    // Act + Assert
    f.send_err(
        &[ix::config_init(
            &stranger.pubkey(),
            &stranger.pubkey(),
            default_params(),
        )],
        &[&stranger],
        MutualError::NotUpgradeAuthority,
    );
    for address in [
        pda::config().0,
        pda::capital_snapshot().0,
        pda::stake_mint().0,
        pda::treasury().0,
    ] {
        assert!(!f.account_exists(&address), "{address} was created");
    }

    // Assert: the upgrade authority can still initialise
    f.init_config(&f.deployer().pubkey());
    assert_eq!(f.config().authority, f.deployer().pubkey());
}

#[test]
fn security_front_run_init_with_forged_program_data_owned_by_another_program_is_refused() {
    // Arrange: a ProgramData record naming the stranger, owned by the stranger's own program
    let stranger = Keypair::new();
    let forged = Pubkey::new_unique();
    let stranger_program = Pubkey::new_unique();
    let mut record = program_data_account(&stranger.pubkey());
    record.owner = stranger_program;
    let f = TestFixture::new_with(|pt| pt.add_account(forged, record));
    f.chain
        .airdrop(&stranger.pubkey(), 10 * LAMPORTS_PER_SOL)
        .unwrap();
    let init = ix::config_init(&stranger.pubkey(), &stranger.pubkey(), default_params());

    // Act + Assert: 3007 AccountOwnedByWrongProgram
    f.send_err_code(
        &[swap_account(init, &pda::program_data(&mutual::ID), &forged)],
        &[&stranger],
        3007,
    );
    assert!(!f.account_exists(&pda::config().0));
}

#[test]
fn security_front_run_init_with_the_program_data_of_another_program_is_refused() {
    // Arrange: the stranger's own program is upgradeable by the stranger; its ProgramData is genuine
    let stranger = Keypair::new();
    let stranger_program = Pubkey::new_unique();
    let their_program_data = pda::program_data(&stranger_program);
    let record = program_data_account(&stranger.pubkey());
    assert_eq!(record.owner, bpf_loader_upgradeable::ID);
    let f = TestFixture::new_with(|pt| pt.add_account(their_program_data, record));
    f.chain
        .airdrop(&stranger.pubkey(), 10 * LAMPORTS_PER_SOL)
        .unwrap();
    let init = ix::config_init(&stranger.pubkey(), &stranger.pubkey(), default_params());

    // Act + Assert: 2006 ConstraintSeeds, the record is not this program's
    f.send_err_code(
        &[swap_account(
            init,
            &pda::program_data(&mutual::ID),
            &their_program_data,
        )],
        &[&stranger],
        2006,
    );
    assert!(!f.account_exists(&pda::config().0));
}

#[test]
fn security_front_run_init_of_an_immutable_deploy_is_refused() {
    // Arrange: the program was deployed final, so its ProgramData names no upgrade authority
    let f = TestFixture::new_with(|pt| {
        pt.add_account(
            pda::program_data(&mutual::ID),
            program_data_account_of(None),
        )
    });
    let stranger = f.new_wallet(10);
    let deployer = f.deployer();
    let protocol = [
        pda::config().0,
        pda::capital_snapshot().0,
        pda::stake_mint().0,
        pda::treasury().0,
    ];

    // Act + Assert: nobody may init, neither a stranger nor the key that deployed the program
    for signer in [&stranger, deployer] {
        let init = ix::config_init(&signer.pubkey(), &signer.pubkey(), default_params());
        f.send_err_unchanged(
            &[init],
            &[signer],
            MutualError::NotUpgradeAuthority,
            &protocol,
        );
    }
    for address in protocol {
        assert!(!f.account_exists(&address), "{address} was created");
    }
}

#[test]
fn security_reinitialisation_config_init_twice_is_refused() {
    // Arrange: a live protocol with a capital snapshot that moved since init
    let (f, alice) = with_alice();
    let deployer = f.deployer();
    let attacker_guardian = Pubkey::new_unique();
    let mut watched_addresses = protocol_accounts(&f, &alice.pubkey());
    watched_addresses.push(pda::treasury().0);
    let watched = Watched::new(&f, &watched_addresses);
    f.warp_days(1);

    // Act + Assert: even the upgrade authority cannot re-run init (e.g. to reset the snapshot or the guardian)
    f.send_err(
        &[ix::config_init(
            &deployer.pubkey(),
            &attacker_guardian,
            loose_params(),
        )],
        &[deployer],
        MutualError::AlreadyInitialized,
    );
    watched.assert_unchanged(&f);
    assert_eq!(f.config().guardian, deployer.pubkey());
}
