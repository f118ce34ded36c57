//! has_one and relations: the authority's instructions by another wallet, and other wallets' records and
//! accounts.
use super::*;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_spl::token::spl_token;
use mutual::errors::MutualError;
use mutual::instructions::AssetUpdateArgs;
use mutual::state::pause_area;
use mutual_sdk::{ix, pda, Keypair, Signer};
use test_case::test_case;

#[test_case(|f, _, attacker| (ix::params_propose(attacker, loose_params()), f.deployer().pubkey()); "params_propose")]
#[test_case(|f, _, attacker| (ix::params_cancel(attacker), f.deployer().pubkey()); "params_cancel")]
#[test_case(|f, _, attacker| (ix::authority_propose(attacker, attacker), f.deployer().pubkey()); "authority_propose")]
#[test_case(|f, _, attacker| (ix::guardian_set(attacker, attacker), f.deployer().pubkey()); "guardian_set")]
#[test_case(|f, _, attacker| (ix::protocol_unpause(attacker, pause_area::ALL), f.deployer().pubkey()); "protocol_unpause")]
#[test_case(|f, _, attacker| {
    let args = AssetUpdateArgs { is_cover_asset: false, is_abandoned: false, pyth_feed_id: None };
    (ix::asset_update(attacker, &f.deployment().base_mint, args), f.deployer().pubkey())
}; "asset_update")]
#[test_case(|f, _, attacker| {
    let mint = f.create_mint(6, &spl_token::ID);
    (ix::asset_register(attacker, &mint, &spl_token::ID, Some(FEED), true), f.deployer().pubkey())
}; "asset_register")]
#[test_case(|f, alice, attacker| (ix::member_set_broker(attacker, alice, true), f.deployer().pubkey()); "member_set_broker")]
fn security_has_one_non_authority_is_refused(attack: Attack) {
    // Arrange
    let (f, alice) = with_alice();
    let attacker = f.new_wallet(10);
    let (ix, authority) = attack(&f, &alice.pubkey(), &attacker.pubkey());
    assert_eq!(f.config().authority, authority);

    // Act + Assert
    f.send_err_unchanged(
        &[ix],
        &[&attacker],
        MutualError::NotAuthority,
        &protocol_accounts(&f, &alice.pubkey()),
    );
}

#[test]
fn security_has_one_trading_on_another_members_record_is_refused() {
    // Arrange: bob has left the mutual (his stake account stays, frozen) and borrows alice's member record
    let (f, alice) = with_alice();
    let bob = f.with_funded_member(101 * USDC);
    f.send_ok(&[ix::member_leave(&bob.pubkey(), 0)], &[&bob]);
    assert!(f.member(&bob.pubkey()).is_none());
    let buy = f.token_buy_ix(&bob.pubkey(), 101 * USDC, 0);
    let mut watched_addresses = protocol_accounts(&f, &alice.pubkey());
    watched_addresses.push(f.deployment().base_account(&bob.pubkey()));

    // Act + Assert: 2006 ConstraintSeeds (the member PDA is derived from the signer)
    f.send_err_code_unchanged(
        &[swap_account(
            buy,
            &pda::member(&bob.pubkey()).0,
            &pda::member(&alice.pubkey()).0,
        )],
        &[&bob],
        2006,
        &watched_addresses,
    );
}

#[test]
fn security_has_one_buying_with_another_wallets_base_account_is_refused() {
    // Arrange: bob is a member and tries to pay with alice's USDC
    let (f, alice) = with_alice();
    let bob = f.with_member();
    let buy = f.token_buy_ix(&bob.pubkey(), 101 * USDC, 0);

    // Act + Assert: 2015 ConstraintTokenOwner
    f.send_err_code_unchanged(
        &[swap_account(
            buy,
            &f.deployment().base_account(&bob.pubkey()),
            &f.deployment().base_account(&alice.pubkey()),
        )],
        &[&bob],
        2015,
        &protocol_accounts(&f, &alice.pubkey()),
    );
}

#[test]
fn security_has_one_selling_another_wallets_stake_is_refused() {
    // Arrange: bob is a member and tries to sell alice's stake tokens
    let (f, alice) = with_alice();
    let bob = f.with_funded_member(0);
    let sell = f.token_sell_ix(&bob.pubkey(), 50 * STAKE, 0);

    // Act + Assert: not the stake account recorded in bob's Member
    f.send_err_unchanged(
        &[swap_account(
            sell,
            &pda::stake_account(&bob.pubkey()),
            &pda::stake_account(&alice.pubkey()),
        )],
        &[&bob],
        MutualError::WrongStakeAccount,
        &protocol_accounts(&f, &alice.pubkey()),
    );
}

/// Sends `ix` of bob's with carol's stake account in place of his, and asserts it is refused with
/// `WrongStakeAccount` and that neither member's accounts, the config or the stake mint changed.
fn with_carols_stake_account_is_refused(
    f: &TestFixture,
    bob: &Keypair,
    carol: &Keypair,
    ix: Instruction,
) {
    let attack = swap_account(
        ix,
        &pda::stake_account(&bob.pubkey()),
        &pda::stake_account(&carol.pubkey()),
    );
    f.send_err_unchanged(
        &[attack],
        &[bob],
        MutualError::WrongStakeAccount,
        &[
            pda::config().0,
            pda::stake_mint().0,
            pda::member(&bob.pubkey()).0,
            pda::stake_account(&bob.pubkey()),
            pda::member(&carol.pubkey()).0,
            pda::stake_account(&carol.pubkey()),
        ],
    );
}

#[test]
fn security_has_one_leaving_with_another_members_stake_account_is_refused() {
    // Arrange: carol's stake account is empty and thawed; were bob to leave with it, the program would freeze it
    let f = TestFixture::bootstrapped();
    let bob = f.with_member();
    let carol = f.with_member();
    assert!(!f.stake_account_frozen(&carol.pubkey()));
    let leave = ix::member_leave(&bob.pubkey(), 0);

    // Act + Assert: not the stake account recorded in bob's Member (`address = member.stake_account`)
    with_carols_stake_account_is_refused(&f, &bob, &carol, leave);
    assert!(f.member(&bob.pubkey()).is_some());
}

#[test]
fn security_has_one_thawing_another_wallets_stake_account_is_refused() {
    // Arrange: carol has left (her stake account is frozen again); bob, a member, would thaw it for her so
    // that a non-member could hold the stake token
    let f = TestFixture::bootstrapped();
    let bob = f.with_member();
    let carol = f.with_member();
    f.send_ok(&[ix::member_leave(&carol.pubkey(), 0)], &[&carol]);
    assert!(f.member(&carol.pubkey()).is_none());
    assert!(f.stake_account_frozen(&carol.pubkey()));
    let thaw = ix::member_thaw(&bob.pubkey());

    // Act + Assert: not the stake account recorded in bob's Member (`address = member.stake_account`)
    with_carols_stake_account_is_refused(&f, &bob, &carol, thaw);
    assert!(f.stake_account_frozen(&carol.pubkey()));
}
