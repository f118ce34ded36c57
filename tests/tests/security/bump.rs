//! Bump canonicalisation: stored bumps, and initialisation at a non-canonical address.
use super::*;
use anchor_lang::prelude::Pubkey;
use anchor_spl::token::spl_token;
use mutual::constants::{ASSET_SEED, ASSET_VAULT_SEED, CONFIG_SEED, MEMBER_SEED, TREASURY_SEED};
use mutual_sdk::transport::embedded::LAMPORTS_PER_SOL;
use mutual_sdk::{ix, pda, Keypair, Signer, Transport};
use test_case::test_case;

#[test]
fn security_bump_every_stored_bump_is_canonical() {
    // Arrange + Act
    let (f, alice) = with_alice();
    let base_mint = f.deployment().base_mint;

    // Assert
    let config = f.config();
    assert_eq!(config.bump, pda::config().1);
    assert_eq!(config.stake_mint_bump, pda::stake_mint().1);
    assert_eq!(config.treasury_bump, pda::treasury().1);
    assert_eq!(f.snapshot().bump, pda::capital_snapshot().1);
    let asset = f.asset(&base_mint);
    assert_eq!(asset.bump, pda::asset(&base_mint).1);
    assert_eq!(asset.vault_bump, pda::asset_vault(&base_mint).1);
    assert_eq!(
        f.member(&alice.pubkey()).unwrap().bump,
        pda::member(&alice.pubkey()).1
    );
}

#[test_case(CONFIG_SEED; "config")]
#[test_case(TREASURY_SEED; "treasury")]
fn security_bump_config_init_at_a_non_canonical_address_is_refused(seed: &[u8]) {
    // Arrange
    let f = TestFixture::new();
    let deployer = f.deployer();
    let canonical = Pubkey::find_program_address(&[seed], &mutual::ID).0;
    let (other, bump) = non_canonical_pda(&[seed]);
    assert!(bump < Pubkey::find_program_address(&[seed], &mutual::ID).1);
    let init = ix::config_init(&deployer.pubkey(), &deployer.pubkey(), default_params());

    // Act + Assert: 2006 ConstraintSeeds
    f.send_err_code(&[swap_account(init, &canonical, &other)], &[deployer], 2006);
    assert!(!f.account_exists(&pda::config().0));
    assert!(!f.account_exists(&other));
}

#[test_case(ASSET_SEED; "asset")]
#[test_case(ASSET_VAULT_SEED; "vault")]
fn security_bump_asset_register_at_a_non_canonical_address_is_refused(seed: &[u8]) {
    // Arrange
    let f = TestFixture::new();
    f.init_config(&f.deployer().pubkey());
    let deployer = f.deployer();
    let mint = f.create_mint(6, &spl_token::ID);
    let seeds: [&[u8]; 2] = [seed, mint.as_ref()];
    let canonical = Pubkey::find_program_address(&seeds, &mutual::ID).0;
    let (other, _) = non_canonical_pda(&seeds);
    let register = ix::asset_register(&deployer.pubkey(), &mint, &spl_token::ID, None, true);

    // Act + Assert: 2006 ConstraintSeeds
    f.send_err_code(
        &[swap_account(register, &canonical, &other)],
        &[deployer],
        2006,
    );
    assert!(!f.account_exists(&other));
    assert!(!f.account_exists(&pda::asset(&mint).0));
    assert_eq!(f.config().asset_count, 0);
}

#[test]
fn security_bump_member_join_at_a_non_canonical_address_is_refused() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let wallet = f.new_wallet(1);
    let wallet_key = wallet.pubkey();
    let seeds: [&[u8]; 2] = [MEMBER_SEED, wallet_key.as_ref()];
    let (other, _) = non_canonical_pda(&seeds);
    let join = ix::member_join(&wallet.pubkey());

    // Act + Assert: 2006 ConstraintSeeds
    f.send_err_code(
        &[swap_account(join, &pda::member(&wallet.pubkey()).0, &other)],
        &[&wallet],
        2006,
    );
    assert!(!f.account_exists(&other));
    assert!(f.member(&wallet.pubkey()).is_none());
}

#[test]
fn security_bump_config_copy_at_a_non_canonical_address_is_refused() {
    // Arrange: a Config the program owns at the address of a non-canonical bump of ["config"]
    let attacker = Keypair::new();
    let (other, _) = non_canonical_pda(&[CONFIG_SEED]);
    let account = forged_account(forged_config(&attacker.pubkey()), mutual::ID);
    let f = TestFixture::new_with(|pt| pt.add_account(other, account));
    f.init_config(&f.deployer().pubkey());
    f.chain
        .airdrop(&attacker.pubkey(), LAMPORTS_PER_SOL)
        .unwrap();
    let update = ix::params_propose(&attacker.pubkey(), loose_params());

    // Act + Assert: 2006 ConstraintSeeds, only the stored canonical bump is accepted
    f.send_err_code_unchanged(
        &[swap_account(update, &pda::config().0, &other)],
        &[&attacker],
        2006,
        &[pda::config().0, other],
    );
}
