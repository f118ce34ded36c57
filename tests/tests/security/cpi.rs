//! Arbitrary CPI: a fake token, associated-token or system program in place of the genuine one.
use super::*;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::system_program;
use anchor_spl::token::spl_token;
use anchor_spl::token_2022::spl_token_2022;
use mutual_sdk::{ix, pda, Signer};
use test_case::test_case;

#[test]
fn security_arbitrary_cpi_non_token_program_in_asset_register_is_refused() {
    // Arrange
    let f = TestFixture::new();
    f.init_config(&f.deployer().pubkey());
    let mint = f.create_mint(6, &spl_token::ID);
    let deployer = f.deployer();
    let fake = anchor_spl::associated_token::ID;
    let ix = ix::asset_register(&deployer.pubkey(), &mint, &fake, None, true);

    // Act + Assert: 3008 InvalidProgramId
    f.send_err_code(&[ix], &[deployer], 3008);
    assert!(!f.account_exists(&pda::asset(&mint).0));
    assert_eq!(f.config().asset_count, 0);
}

#[test]
fn security_arbitrary_cpi_spl_token_in_place_of_token_2022_in_member_join_is_refused() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let wallet = f.new_wallet(1);
    let join = ix::member_join(&wallet.pubkey());

    // Act + Assert: 3008 InvalidProgramId
    f.send_err_code_unchanged(
        &[swap_account(join, &spl_token_2022::ID, &spl_token::ID)],
        &[&wallet],
        3008,
        &[pda::treasury().0],
    );
    assert!(f.member(&wallet.pubkey()).is_none());
    assert!(!f.account_exists(&pda::stake_account(&wallet.pubkey())));
}

#[test_case(anchor_spl::associated_token::ID, spl_token::ID; "spl_token as the associated token program")]
#[test_case(system_program::ID, spl_token::ID; "spl_token as the system program")]
#[test_case(system_program::ID, mutual::ID; "the mutual program as the system program")]
fn security_arbitrary_cpi_fake_program_in_member_join_is_refused(genuine: Pubkey, fake: Pubkey) {
    // Arrange: the fake is an executable program, just not the one the instruction names
    let f = TestFixture::bootstrapped();
    let wallet = f.new_wallet(1);
    let join = ix::member_join(&wallet.pubkey());

    // Act + Assert: 3008 InvalidProgramId, from `Program<AssociatedToken>` / `Program<System>`, before the
    // stake-token account (`init_if_needed`) is created or the join fee moves
    f.send_err_code_unchanged(
        &[swap_account(join, &genuine, &fake)],
        &[&wallet],
        3008,
        &[
            pda::config().0,
            pda::stake_mint().0,
            pda::member(&wallet.pubkey()).0,
            pda::stake_account(&wallet.pubkey()),
            pda::treasury().0,
        ],
    );
    assert!(f.member(&wallet.pubkey()).is_none());
}

#[test_case(spl_token::ID; "spl_token")]
#[test_case(mutual::ID; "the mutual program")]
fn security_arbitrary_cpi_fake_system_program_in_config_init_is_refused(fake: Pubkey) {
    // Arrange
    let f = TestFixture::new();
    let deployer = f.deployer();
    let init = ix::config_init(&deployer.pubkey(), &deployer.pubkey(), default_params());
    let protocol = [
        pda::config().0,
        pda::capital_snapshot().0,
        pda::stake_mint().0,
        pda::treasury().0,
    ];

    // Act + Assert: 3008 InvalidProgramId (`Program<System>`), even for the upgrade authority
    f.send_err_code_unchanged(
        &[swap_account(init, &system_program::ID, &fake)],
        &[deployer],
        3008,
        &protocol,
    );
    for address in protocol {
        assert!(!f.account_exists(&address), "{address} was created");
    }
}

/// The other token program in one of `token_buy`'s two token-program places, `from_end` places from the end: in
/// the stake token's (the last), SPL Token is refused as 3008 InvalidProgramId (the base asset is an SPL Token
/// mint, so the trade names the SPL Token program once already); in the base asset's (the one before it),
/// Token-2022 is refused as 2021 ConstraintTokenTokenProgram (alice's USDC account is not a Token-2022 account).
#[test_case(1, spl_token_2022::ID, spl_token::ID, 3008; "security_arbitrary_cpi_spl_token_as_stake_token_program_in_token_buy_is_refused")]
#[test_case(2, spl_token::ID, spl_token_2022::ID, 2021; "security_arbitrary_cpi_other_token_program_as_base_token_program_is_refused")]
fn security_arbitrary_cpi_the_other_token_program_in_token_buy_is_refused(
    from_end: usize,
    genuine: Pubkey,
    fake: Pubkey,
    expected: u32,
) {
    // Arrange
    let (f, alice) = with_alice();
    let buy = f.token_buy_ix(&alice.pubkey(), 101 * USDC, 0);
    let mut attack = buy.clone();
    let program = attack.accounts.len() - from_end;
    assert_eq!(attack.accounts[program].pubkey, genuine);
    attack.accounts[program].pubkey = fake;

    // Act + Assert
    f.send_err_code_unchanged(
        &[attack],
        &[&alice],
        expected,
        &protocol_accounts(&f, &alice.pubkey()),
    );
}
