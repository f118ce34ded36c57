//! The whole foundation in one pass: bootstrap, join, buy, sell, leave.
use mutual_sdk::{ix, MutualEvent, Signer};
use mutual_tests::*;

#[test]
fn bootstrap_join_buy_sell_leave() {
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(3_000 * USDC);
    // First mint at the initial book value of 1 USDC plus the 1% buffer.
    assert_eq!(f.buy_stake(&alice, 2_020 * USDC), 2_000 * STAKE);
    assert_eq!(f.vault_balance(), 2_020 * USDC);

    // BV = 2_020 / 2_000 = 1.01 USDC; 50 tokens sell for 50.5 USDC less 1%.
    let receipt = f.send_ok(
        &[f.token_sell_ix(&alice.pubkey(), 50 * STAKE, 0)],
        &[&alice],
    );
    let MutualEvent::TokenSellEvent(sold) = only_event(&receipt) else {
        panic!("expected TokenSellEvent");
    };
    assert_eq!((sold.stake_in, sold.base_out), (50 * STAKE, 49_995_000));
    assert_eq!(f.base_balance(&alice.pubkey()), 980 * USDC + 49_995_000);

    // Sell back to exactly one token is fine (capital stays above the 1_000 USDC MCR floor)...
    let rest = f.stake_balance(&alice.pubkey()) - 1_900 * STAKE;
    f.send_ok(&[f.token_sell_ix(&alice.pubkey(), rest, 0)], &[&alice]);
    // ...but alice still holds tokens, so she cannot leave.
    f.send_err(
        &[ix::member_leave(&alice.pubkey(), 0)],
        &[&alice],
        mutual::errors::MutualError::MemberHasStakeTokens,
    );
}

#[test]
fn get_multiple_accounts_returns_each_in_order() {
    use mutual_sdk::{pda, Transport};
    let f = TestFixture::bootstrapped();
    let missing = mutual_sdk::Pubkey::new_unique();
    let got = f
        .chain
        .get_multiple_accounts(&[pda::config().0, missing, pda::treasury().0])
        .unwrap();
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].as_ref().unwrap().owner, mutual::ID);
    assert!(got[1].is_none());
    assert_eq!(
        got[2].as_ref().unwrap().lamports,
        f.lamports(&pda::treasury().0)
    );
}
