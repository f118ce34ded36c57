//! Duplicate accounts and PDA sharing.
use super::*;
use anchor_spl::token::spl_token;
use mutual::errors::MutualError;
use mutual_sdk::{ix, pda, Signer};
use test_case::test_case;

#[test]
fn security_duplicate_accounts_base_vault_as_the_wallet_account_is_refused() {
    // Arrange: alice names the vault as both source and destination of her payment
    let (f, alice) = with_alice();
    let buy = f.token_buy_ix(&alice.pubkey(), 101 * USDC, 0);
    let d = f.deployment();

    // Act + Assert: the explicit key inequality check (Anchor's generic one is off: `dup`)
    f.send_err_unchanged(
        &[swap_account(
            buy,
            &d.base_account(&alice.pubkey()),
            &d.base_vault,
        )],
        &[&alice],
        MutualError::DuplicateAccount,
        &protocol_accounts(&f, &alice.pubkey()),
    );
}

/// The other writable pairs of a trade that Anchor's generic duplicate check used to catch: each is refused by a
/// constraint of its own (`dup` is only set on accounts that cannot alias).
#[test_case(true; "the stake account as the wallet's base account")]
#[test_case(false; "the base vault as the wallet's stake account")]
fn security_duplicate_accounts_other_trade_pairs_are_refused(stake_as_base: bool) {
    // Arrange
    let (f, alice) = with_alice();
    let d = f.deployment();
    let stake = pda::stake_account(&alice.pubkey());
    let buy = f.token_buy_ix(&alice.pubkey(), 101 * USDC, 0);
    let attack = if stake_as_base {
        swap_account(buy, &d.base_account(&alice.pubkey()), &stake)
    } else {
        swap_account(buy, &stake, &d.base_vault)
    };
    let protocol = protocol_accounts(&f, &alice.pubkey());

    // Act + Assert: Anchor's ConstraintTokenMint (2014), or the recorded stake account
    if stake_as_base {
        f.send_err_code_unchanged(&[attack], &[&alice], 2014, &protocol);
    } else {
        f.send_err_unchanged(
            &[attack],
            &[&alice],
            MutualError::WrongStakeAccount,
            &protocol,
        );
    }
}

#[test]
fn security_pda_sharing_another_assets_vault_as_base_vault_is_refused() {
    // Arrange: a second asset's vault, also owned by the config PDA
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
    let sell = f.token_sell_ix(&alice.pubkey(), 50 * STAKE, 0);

    // Act + Assert
    f.send_err_unchanged(
        &[swap_account(
            sell,
            &f.deployment().base_vault,
            &pda::asset_vault(&other).0,
        )],
        &[&alice],
        MutualError::WrongAssetAccount,
        &protocol_accounts(&f, &alice.pubkey()),
    );
}
