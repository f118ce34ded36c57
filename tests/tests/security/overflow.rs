//! Overflow: amounts near u64::MAX, and parameters at their bounds.
use super::*;
use mutual::errors::MutualError;
use mutual::state::Params;
use mutual_sdk::{ix, Signer};
use solana_transaction::{InstructionError, TransactionError};
use test_case::test_case;

#[test]
fn security_overflow_first_buy_of_u64_max_is_refused() {
    // Arrange: nothing minted yet
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(1_000 * USDC);

    // Act + Assert
    f.send_err_unchanged(
        &[f.token_buy_ix(&alice.pubkey(), u64::MAX, 0)],
        &[&alice],
        MutualError::MathOverflow,
        &protocol_accounts(&f, &alice.pubkey()),
    );
}

#[test_case(u64::MAX, 0, MutualError::MathOverflow; "base_in u64 max")]
#[test_case(101 * USDC, u64::MAX, MutualError::SlippageExceeded; "min_stake_out u64 max")]
fn security_overflow_buy_amounts_near_u64_max_are_refused(
    base_in: u64,
    min_stake_out: u64,
    expected: MutualError,
) {
    // Arrange
    let (f, alice) = with_alice();

    // Act + Assert
    f.send_err_unchanged(
        &[f.token_buy_ix(&alice.pubkey(), base_in, min_stake_out)],
        &[&alice],
        expected,
        &protocol_accounts(&f, &alice.pubkey()),
    );
}

#[test_case(u64::MAX, 0, MutualError::InsufficientBalance; "stake_in u64 max")]
#[test_case(50 * STAKE, u64::MAX, MutualError::SlippageExceeded; "min_base_out u64 max")]
fn security_overflow_sell_amounts_near_u64_max_are_refused(
    stake_in: u64,
    min_base_out: u64,
    expected: MutualError,
) {
    // Arrange
    let (f, alice) = with_alice();
    f.set_params(Params {
        min_mcr: 1,
        ..default_params()
    });

    // Act + Assert
    f.send_err_unchanged(
        &[f.token_sell_ix(&alice.pubkey(), stake_in, min_base_out)],
        &[&alice],
        expected,
        &protocol_accounts(&f, &alice.pubkey()),
    );
}

#[test]
fn security_overflow_buy_beyond_the_wallet_balance_fails_in_the_token_program() {
    // Arrange: alice holds 899 USDC
    let (f, alice) = with_alice();
    let watched = Watched::new(&f, &protocol_accounts(&f, &alice.pubkey()));

    // Act
    let error = f.send_tx_err(&[f.token_buy_ix(&alice.pubkey(), 900 * USDC, 0)], &[&alice]);

    // Assert: SPL Token's InsufficientFunds (custom 1)
    assert_eq!(
        error,
        TransactionError::InstructionError(0, InstructionError::Custom(1))
    );
    watched.assert_unchanged(&f);
}

#[test]
fn security_overflow_params_at_their_bounds_do_not_wrap() {
    // Arrange: the amount parameters at their highest (min_mcr has no ceiling, only a step limit per change)
    let (f, alice) = with_alice();
    f.set_params(Params {
        join_fee: mutual::constants::LAMPORTS_PER_SOL,
        min_deposit: 10 * mutual::constants::LAMPORTS_PER_SOL,
        max_reward: 10_000 * STAKE,
        min_mcr: u64::MAX,
        ..default_params()
    });
    let watched = Watched::new(&f, &protocol_accounts(&f, &alice.pubkey()));

    // Act + Assert: selling is refused as below the MCR instead of wrapping
    f.send_err(
        &[f.token_sell_ix(&alice.pubkey(), STAKE, 0)],
        &[&alice],
        MutualError::BelowMcr,
    );
    watched.assert_unchanged(&f);

    // Act + Assert: joining fails in the system program (ResultWithNegativeLamports, custom 1)
    let bob = f.new_wallet(1);
    assert_eq!(
        f.send_tx_err(&[ix::member_join(&bob.pubkey())], &[&bob]),
        TransactionError::InstructionError(0, InstructionError::Custom(1))
    );
    assert!(f.member(&bob.pubkey()).is_none());
    watched.assert_unchanged(&f);

    // Act + Assert: buying still works (at book value 1.01 USDC) and records the MCR at the floor
    assert_eq!(f.buy_stake(&alice, 101 * USDC), 99_009_900_990);
    assert_eq!(f.snapshot().mcr, u64::MAX);
}
