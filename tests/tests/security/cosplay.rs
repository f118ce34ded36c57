//! Owner and type cosplay: accounts of the wrong type, owner or address in place of the genuine ones.
use super::*;
use anchor_lang::prelude::Pubkey;
use anchor_spl::token::spl_token;
use mutual::state::pause_area;
use mutual_sdk::transport::embedded::LAMPORTS_PER_SOL;
use mutual_sdk::{ix, pda, Keypair, Signer, Transport};
use test_case::test_case;

#[test]
fn security_type_cosplay_capital_snapshot_as_config_is_refused() {
    // Arrange
    let (f, alice) = with_alice();
    let deployer = f.deployer();
    let update = ix::params_propose(&deployer.pubkey(), loose_params());

    // Act + Assert: 3002 AccountDiscriminatorMismatch
    f.send_err_code_unchanged(
        &[swap_account(
            update,
            &pda::config().0,
            &pda::capital_snapshot().0,
        )],
        &[deployer],
        3002,
        &protocol_accounts(&f, &alice.pubkey()),
    );
}

#[test]
fn security_type_cosplay_asset_as_config_is_refused() {
    // Arrange
    let (f, alice) = with_alice();
    let guardian = f.deployer();
    let pause = ix::protocol_pause(&guardian.pubkey(), pause_area::ALL);
    let base_asset = pda::asset(&f.deployment().base_mint).0;

    // Act + Assert: 3002 AccountDiscriminatorMismatch
    f.send_err_code_unchanged(
        &[swap_account(pause, &pda::config().0, &base_asset)],
        &[guardian],
        3002,
        &protocol_accounts(&f, &alice.pubkey()),
    );
}

#[test]
fn security_type_cosplay_capital_snapshot_as_member_is_refused() {
    // Arrange: bob is no member, so he passes an account of the program in place of his member record
    let (f, alice) = with_alice();
    let bob = f.new_wallet(1);
    f.faucet(&bob.pubkey(), 101 * USDC);
    let buy = f.token_buy_ix(&bob.pubkey(), 101 * USDC, 0);
    let mut watched_addresses = protocol_accounts(&f, &alice.pubkey());
    watched_addresses.push(f.deployment().base_account(&bob.pubkey()));

    // Act + Assert: 3002 AccountDiscriminatorMismatch
    f.send_err_code_unchanged(
        &[swap_account(
            buy,
            &pda::member(&bob.pubkey()).0,
            &pda::capital_snapshot().0,
        )],
        &[&bob],
        3002,
        &watched_addresses,
    );
}

/// A byte-exact Config naming the attacker as authority, at another address than the config PDA, in its place:
/// owned by the attacker's program, 3007 AccountOwnedByWrongProgram; even owned by the program itself, 2006
/// ConstraintSeeds.
#[test_case(Pubkey::new_unique(), |attacker| ix::params_propose(attacker, loose_params()), 3007; "security_owner_cosplay_config_bytes_owned_by_another_program_are_refused")]
#[test_case(mutual::ID, |attacker| ix::protocol_unpause(attacker, pause_area::ALL), 2006; "security_owner_cosplay_config_at_another_address_is_refused_by_seeds")]
fn security_owner_cosplay_a_forged_config_is_refused(
    owner: Pubkey,
    attempt: fn(&Pubkey) -> Instruction,
    expected: u32,
) {
    // Arrange
    let attacker = Keypair::new();
    let forged = Pubkey::new_unique();
    let account = forged_account(forged_config(&attacker.pubkey()), owner);
    let f = TestFixture::new_with(|pt| pt.add_account(forged, account));
    f.init_config(&f.deployer().pubkey());
    f.chain
        .airdrop(&attacker.pubkey(), LAMPORTS_PER_SOL)
        .unwrap();

    // Act + Assert
    f.send_err_code_unchanged(
        &[swap_account(
            attempt(&attacker.pubkey()),
            &pda::config().0,
            &forged,
        )],
        &[&attacker],
        expected,
        &[pda::config().0, forged],
    );
}

#[test]
fn security_type_cosplay_non_base_asset_as_base_asset_is_refused() {
    // Arrange: a second asset the attacker would rather trade against
    let (f, alice) = with_alice();
    let deployer = f.deployer();
    let other = f.create_mint(6, &spl_token::ID);
    f.send_ok(
        &[ix::asset_register(
            &deployer.pubkey(),
            &other,
            &spl_token::ID,
            Some(FEED),
            true,
        )],
        &[deployer],
    );
    let buy = f.token_buy_ix(&alice.pubkey(), 101 * USDC, 0);
    let base_asset = pda::asset(&f.deployment().base_mint).0;

    // Act + Assert: 2006 ConstraintSeeds (the base asset PDA is derived from config.base_asset)
    f.send_err_code_unchanged(
        &[swap_account(buy, &base_asset, &pda::asset(&other).0)],
        &[&alice],
        2006,
        &protocol_accounts(&f, &alice.pubkey()),
    );
}
