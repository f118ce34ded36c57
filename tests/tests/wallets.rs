//! Transactions built for a wallet to sign (issue 28): the Actions and the web page hand a wallet an unsigned
//! transaction; it must land once signed, as built, and a refusal must be known before anyone signs.
use mutual::errors::MutualError;
use mutual_sdk::compute_budget::{self, Price};
use mutual_sdk::{ix, pda, SdkError, Signer};
use mutual_tests::*;
use solana_transaction::{InstructionError, Signature, TransactionError};

#[test]
fn a_transaction_built_for_a_wallet_lands_once_the_wallet_signs_it() {
    // Arrange: a wallet that has not joined
    let f = TestFixture::bootstrapped();
    let wallet = f.new_wallet(1);
    let join = [ix::member_join(&wallet.pubkey())];

    // Act: built without its key, at a fixed price
    let mut tx =
        compute_budget::for_wallet(&f.chain, &join, &wallet.pubkey(), Price::Fixed(7)).unwrap();

    // Assert: paid by the wallet, unsigned, behind the budget a signed simulation of the same instructions gives
    assert_eq!(tx.message.account_keys[0], wallet.pubkey());
    assert_eq!(tx.signatures, vec![Signature::default()]);
    let (limit, price) =
        compute_budget::budget(&f.chain, &join, &wallet, &[], Price::Fixed(7)).unwrap();
    let budgeted = compute_budget::with_budget(limit, price, &join);
    assert_eq!(tx.message.instructions.len(), 3);
    for (compiled, expected) in tx.message.instructions.iter().zip(&budgeted) {
        assert_eq!(compiled.data, expected.data);
    }
    assert!(f.member(&wallet.pubkey()).is_none());
    // signed as a wallet signs it, against the blockhash it was built with, it lands as built
    let blockhash = tx.message.recent_blockhash;
    tx.try_sign(&[&wallet], blockhash).unwrap();
    let outcome = f.chain.process_versioned(&tx.into()).unwrap();
    assert_eq!(outcome.result, Ok(()));
    assert_eq!(f.member(&wallet.pubkey()).unwrap().wallet, wallet.pubkey());
}

#[test]
fn a_transaction_the_chain_would_refuse_is_refused_before_anyone_signs() {
    // Arrange: a wallet that has joined already
    let f = TestFixture::bootstrapped();
    let wallet = f.with_member();
    let treasury = f.lamports(&pda::treasury().0);

    // Act
    let refused = compute_budget::for_wallet(
        &f.chain,
        &[ix::member_join(&wallet.pubkey())],
        &wallet.pubkey(),
        Price::Fixed(0),
    )
    .unwrap_err();

    // Assert: the chain's error, numbered as the caller numbered the instructions (the budget in front is not
    // theirs), and nothing moved
    match refused {
        SdkError::Transaction {
            error: TransactionError::InstructionError(0, InstructionError::Custom(code)),
            ..
        } => assert_eq!(code, u32::from(MutualError::AlreadyInitialized)),
        other => panic!("not the chain's refusal: {other}"),
    }
    assert_eq!(f.lamports(&pda::treasury().0), treasury);
}

#[test]
fn a_transaction_above_the_packet_limit_is_refused_with_its_size() {
    // 40 joins for 40 wallets: 40 signers alone take 2,560 bytes
    let f = TestFixture::bootstrapped();
    let payer = f.new_wallet(1);
    let joins: Vec<_> = (0..40)
        .map(|_| ix::member_join(&f.new_wallet(1).pubkey()))
        .collect();
    match compute_budget::for_wallet(&f.chain, &joins, &payer.pubkey(), Price::Fixed(0)) {
        Err(SdkError::TooLarge(bytes)) => assert!(bytes > 1_232, "{bytes}"),
        other => panic!("not refused for its size: {other:?}"),
    }
}
