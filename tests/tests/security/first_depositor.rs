//! First depositor and share inflation: donations, dust supplies and burns.
use super::*;
use mutual::errors::MutualError;
use mutual::events::TokenBuyEvent;
use mutual::state::Params;
use mutual_sdk::{pda, MutualEvent, Signer};

#[test]
fn security_first_depositor_a_donation_before_the_first_mint_is_priced_not_gifted() {
    // Arrange: a stranger donates a million USDC straight into the empty vault
    let f = TestFixture::bootstrapped();
    let donor = f.new_wallet(1);
    f.faucet(&donor.pubkey(), 1_000_000 * USDC);
    f.donate_to_vault(&donor, 1_000_000 * USDC);
    let alice = f.with_funded_member(1_010_000 * USDC);

    // Act + Assert: a first mint prices one token at max(initial book value, capital) = 1M USDC (PROTOCOL.md
    // §12), so 101 USDC would buy a dust supply, which is refused...
    let small = f.token_buy_ix(&alice.pubkey(), 101 * USDC, 0);
    f.send_err_unchanged(
        &[small],
        &[&alice],
        MutualError::FirstMintTooSmall,
        &[f.deployment().base_vault, pda::capital_snapshot().0],
    );
    // ...and one whole token costs the vault's value plus the buffer.
    let receipt = f.send_ok(
        &[f.token_buy_ix(&alice.pubkey(), 1_010_000 * USDC, 0)],
        &[&alice],
    );
    assert_eq!(f.stake_balance(&alice.pubkey()), STAKE);
    assert_eq!(f.vault_balance(), 2_010_000 * USDC);
    let snapshot = f.snapshot();
    assert_eq!(snapshot.capital, 2_010_000 * USDC);
    assert_eq!(snapshot.stake_supply, STAKE);
    assert_eq!(snapshot.book_value, 2_010_000 * USDC);
    assert_eq!(
        only_event(&receipt),
        MutualEvent::TokenBuyEvent(TokenBuyEvent {
            wallet: alice.pubkey(),
            base_in: 1_010_000 * USDC,
            stake_out: STAKE,
            capital: 2_010_000 * USDC,
            stake_supply: STAKE,
            book_value: 2_010_000 * USDC,
        })
    );
}

#[test]
fn security_first_depositor_donation_after_a_one_token_mint_costs_later_buyers_at_most_one_unit() {
    // Arrange: the attacker mints the minimum (one token) and donates a million USDC to inflate the price
    let f = TestFixture::bootstrapped();
    let attacker = f.with_funded_member(1_000_002 * USDC);
    assert_eq!(f.buy_stake(&attacker, 1_010_000), STAKE);
    f.donate_to_vault(&attacker, 1_000_000 * USDC);
    let victim = f.with_funded_member(1_000 * USDC);

    // Act
    let bought = f.buy_stake(&victim, 1_000 * USDC);

    // Assert: ⌊1_000 USDC · 10⁹ / 1_000_001.01 USDC⌋ = 999_998 units at book value, less the 1% buffer
    assert_eq!(bought, 990_097);
    let snapshot = f.snapshot();
    assert_eq!(snapshot.stake_supply, STAKE + 990_097);
    assert_eq!(snapshot.capital, 1_001_001_010_000);
    // The victim's tokens are worth 990.107794 USDC at the new book value: no less than 1_000 / 1.01.
    let victim_value =
        u128::from(bought) * u128::from(snapshot.capital) / u128::from(snapshot.stake_supply);
    assert_eq!(victim_value, 990_107_794);
    assert!(victim_value >= 1_000 * u128::from(USDC) * 100 / 101);
}

#[test]
fn security_first_depositor_first_mint_below_one_token_is_refused() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(10 * USDC);

    // Act + Assert: 1.009999 USDC buys 0.999999009 tokens
    f.send_err_unchanged(
        &[f.token_buy_ix(&alice.pubkey(), 1_009_999, 0)],
        &[&alice],
        MutualError::FirstMintTooSmall,
        &protocol_accounts(&f, &alice.pubkey()),
    );

    // Act + Assert: 1.01 USDC buys exactly one token, and later buys may be smaller
    assert_eq!(f.buy_stake(&alice, 1_010_000), STAKE);
    assert_eq!(f.buy_stake(&alice, 10_201), 10_000_000);
}

#[test]
fn security_first_depositor_dust_supply_is_refused() {
    // Arrange: no MCR floor, so only the supply rule stands between a seller and a dust supply
    let f = TestFixture::bootstrapped();
    f.set_params(Params {
        min_mcr: 1,
        ..default_params()
    });
    let alice = f.with_funded_member(2_020 * USDC);
    assert_eq!(f.buy_stake(&alice, 2_020 * USDC), 2_000 * STAKE);
    let protocol = protocol_accounts(&f, &alice.pubkey());

    // Act + Assert: selling all but one base unit would leave a dust supply
    f.send_err_unchanged(
        &[f.token_sell_ix(&alice.pubkey(), 2_000 * STAKE - 1, 0)],
        &[&alice],
        MutualError::SupplyBelowMinimum,
        &protocol,
    );
    f.send_err_unchanged(
        &[f.token_sell_ix(&alice.pubkey(), 2_000 * STAKE, 0)],
        &[&alice],
        MutualError::SupplyBelowMinimum,
        &protocol,
    );

    // Act + Assert: down to exactly one token is allowed, below it is not
    f.send_ok(
        &[f.token_sell_ix(&alice.pubkey(), 1_999 * STAKE, 0)],
        &[&alice],
    );
    assert_eq!(f.stake_supply(), STAKE);
    f.send_err(
        &[f.token_sell_ix(&alice.pubkey(), STAKE / 2, 0)],
        &[&alice],
        MutualError::SupplyBelowMinimum,
    );
    assert_eq!(f.stake_supply(), STAKE);
}

/// What `stake` tokens are worth at the current vault and supply, in base units.
fn value_of(f: &TestFixture, stake: u64) -> u128 {
    u128::from(stake) * u128::from(f.vault_balance()) / u128::from(f.stake_supply())
}

#[test]
fn security_first_depositor_burning_to_a_dust_supply_cannot_inflate_the_price() {
    // Arrange: token_sell stops at one token, but a holder can burn their own tokens directly: the attacker
    // mints one token, burns all but one base unit, and donates 1_000 USDC so that one unit holds the vault
    let f = TestFixture::bootstrapped();
    let attacker = f.with_funded_member(1_000 * USDC + 1_010_000);
    assert_eq!(f.buy_stake(&attacker, 1_010_000), STAKE);
    f.burn_stake_directly(&attacker, STAKE - 1);
    assert_eq!(f.stake_supply(), 1);
    f.donate_to_vault(&attacker, 1_000 * USDC);
    let attacker_cost = u128::from(1_000 * USDC + 1_010_000);
    let victim = f.with_funded_member(3_000 * USDC);

    // Act
    let bought = f.buy_stake(&victim, 3_000 * USDC);

    // Assert: the victim pays no more than the 1% buffer, and the attacker's unit gains nothing
    assert_eq!(f.vault_balance(), 4_001_010_000);
    assert!(value_of(&f, bought) >= u128::from(3_000 * USDC) * 100 / 101);
    assert!(value_of(&f, 1) <= attacker_cost);
}

#[test]
fn security_first_depositor_burning_below_one_token_cannot_dilute_other_holders() {
    // Arrange: the attacker holds one token and the victim half a token; then capital accrues (a donation
    // stands in for premiums), so each token is worth far more than the initial book value
    let f = TestFixture::bootstrapped();
    let attacker = f.with_funded_member(2_000 * USDC);
    let victim = f.with_funded_member(USDC);
    assert_eq!(f.buy_stake(&attacker, 1_010_000), STAKE);
    assert_eq!(f.buy_stake(&victim, 510_050), STAKE / 2);
    let donor = f.new_wallet(1);
    f.faucet(&donor.pubkey(), 10_000 * USDC);
    f.donate_to_vault(&donor, 10_000 * USDC);
    let victim_before = value_of(&f, STAKE / 2);
    assert_eq!(victim_before, 3_333_840_016);

    // Act: the attacker burns to just below one token of supply, then buys
    f.burn_stake_directly(&attacker, STAKE / 2 + 1);
    assert_eq!(f.stake_supply(), STAKE - 1);
    f.buy_stake(&attacker, 1_010 * USDC);

    // Assert: the victim's half token lost nothing
    assert!(value_of(&f, STAKE / 2) >= victim_before);
}
