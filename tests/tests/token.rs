//! Trading the stake token against the base asset: `token_buy` and `token_sell` at book value ± the 1% buffer
//! (PROTOCOL.md §7). Every expected amount is worked out here from the formulas of `math/book_value.rs`.
use mutual::errors::MutualError;
use mutual::events::{TokenBuyEvent, TokenSellEvent};
use mutual::state::pause_area;
use mutual_sdk::{ix, pda, Keypair, MutualEvent, Pubkey, Signer};
use mutual_tests::*;

/// MCR floor of the bootstrap defaults.
const MIN_MCR: u64 = 1_000 * USDC;
/// Anchor's `ConstraintTokenOwner`.
const CONSTRAINT_TOKEN_OWNER: u32 = 2015;
/// Anchor's `ConstraintTokenTokenProgram` (2021 in anchor-lang 1.2.2).
const CONSTRAINT_TOKEN_TOKEN_PROGRAM: u32 = 2021;

/// Positions of the accounts in a `token_buy` / `token_sell` instruction (`TokenTrade`).

// ---- token_buy ----

#[test]
fn first_buy_mints_at_the_initial_book_value_less_the_buffer() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(5_000 * USDC);
    let base_in = 1_234_567_891;
    // 1_234.567891 USDC at 1 USDC per token is 1_234_567_891_000 units, times 10_000 / 10_100, rounded down.
    let expected = 1_222_344_446_534;
    assert_eq!(quote_buy(base_in, 0, 0), expected);

    // Act
    let receipt = f.send_ok(&[f.token_buy_ix(&alice.pubkey(), base_in, 0)], &[&alice]);

    // Assert
    assert_eq!(f.stake_balance(&alice.pubkey()), expected);
    assert_eq!(f.base_balance(&alice.pubkey()), 5_000 * USDC - base_in);
    assert_eq!(f.vault_balance(), base_in);
    assert_eq!(f.stake_supply(), expected);
    // BV = 1_234_567_891 · 1e9 / 1_222_344_446_534 = 1_010_000 (rounded down).
    assert_eq!(book_value(base_in, expected), 1_010_000);
    assert_snapshot(&f, base_in, expected);
    assert_eq!(
        only_event(&receipt),
        MutualEvent::TokenBuyEvent(TokenBuyEvent {
            wallet: alice.pubkey(),
            base_in,
            stake_out: expected,
            capital: base_in,
            stake_supply: expected,
            book_value: 1_010_000,
        })
    );
}

#[test]
fn a_first_mint_after_a_donation_pays_for_the_vault() {
    // Arrange: mallory sends 1_000 USDC straight to the vault before anyone has bought.
    let f = TestFixture::bootstrapped();
    let mallory = f.new_wallet(1);
    f.faucet(&mallory.pubkey(), 1_000 * USDC);
    f.donate_to_vault(&mallory, 1_000 * USDC);
    let alice = f.with_funded_member(1_010 * USDC);

    // Act
    let minted = f.buy_stake(&alice, 1_010 * USDC);

    // Assert: one token is priced at max(initial book value, capital) = 1_000 USDC, plus the 1% buffer.
    assert_eq!(minted, STAKE);
    assert_eq!(f.vault_balance(), 2_010 * USDC);
    assert_snapshot(&f, 2_010 * USDC, STAKE);
    assert_eq!(f.snapshot().book_value, 2_010 * USDC);
}

#[test]
fn a_supply_burnt_to_zero_sells_the_vault_only_at_its_value() {
    // Arrange: alice, the sole holder, sells down to the last whole token, then burns it past the program.
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(2_020 * USDC);
    f.buy_stake(&alice, 2_020 * USDC);
    f.send_ok(
        &[f.token_sell_ix(&alice.pubkey(), 999 * STAKE, 0)],
        &[&alice],
    );
    assert_eq!(f.stake_supply(), 1_001 * STAKE);
    let rest = f.stake_balance(&alice.pubkey());
    f.burn_stake_directly(&alice, rest);
    assert_eq!(f.stake_supply(), 0);
    let vault = f.vault_balance();
    assert_eq!(vault, 2_020 * USDC - 998_900_100);
    let bob = f.with_funded_member(2_000 * USDC);

    // Act + Assert: the first buyer owns the whole vault afterwards, so one token costs the vault's value plus
    // the buffer (at the initial book value, 101 USDC would have bought it); less than one token is refused.
    f.send_err_unchanged(
        &[f.token_buy_ix(&bob.pubkey(), 101 * USDC, 0)],
        &[&bob],
        MutualError::FirstMintTooSmall,
        &[
            f.deployment().base_vault,
            f.deployment().base_account(&bob.pubkey()),
        ],
    );
    // vault · 1.01, rounded up to a whole base unit, buys exactly one token.
    let price = (vault as u128 * 10_100).div_ceil(10_000) as u64;
    assert_eq!(f.buy_stake(&bob, price), STAKE);
    assert_eq!(f.vault_balance(), vault + price);
    assert_eq!(f.base_balance(&bob.pubkey()), 2_000 * USDC - price);
    assert_snapshot(&f, vault + price, STAKE);
}

#[test]
fn later_buys_mint_at_capital_over_supply() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(5_000 * USDC);
    let bob = f.with_funded_member(1_000 * USDC);
    let first = f.buy_stake(&alice, 1_234_567_891);
    let (capital, supply) = (1_234_567_891, first);
    let base_in = 500 * USDC;
    // 500 USDC · supply / capital = 495_049_504_949 at book value, then 10_000 / 10_100 of it.
    let expected = 490_148_024_702;
    assert_eq!(quote_buy(base_in, capital, supply), expected);
    f.warp_seconds(17);

    // Act
    let receipt = f.send_ok(&[f.token_buy_ix(&bob.pubkey(), base_in, 0)], &[&bob]);

    // Assert
    assert_eq!(f.stake_balance(&bob.pubkey()), expected);
    assert_eq!(f.base_balance(&bob.pubkey()), 500 * USDC);
    assert_eq!(f.stake_balance(&alice.pubkey()), first);
    assert_eq!(f.vault_balance(), capital + base_in);
    assert_eq!(f.stake_supply(), supply + expected);
    assert_snapshot(&f, capital + base_in, supply + expected);
    // The buffer stays with the remaining holders: book value went up from 1_010_000 to 1_012_890.
    assert_eq!(book_value(capital + base_in, supply + expected), 1_012_890);
    assert_eq!(
        only_event(&receipt),
        MutualEvent::TokenBuyEvent(TokenBuyEvent {
            wallet: bob.pubkey(),
            base_in,
            stake_out: expected,
            capital: capital + base_in,
            stake_supply: supply + expected,
            book_value: 1_012_890,
        })
    );
}

#[test]
fn buy_of_zero_is_refused() {
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(10 * USDC);
    f.send_err_unchanged(
        &[f.token_buy_ix(&alice.pubkey(), 0, 0)],
        &[&alice],
        MutualError::ZeroAmount,
        &observed(&f, &[&alice]),
    );
}

#[test]
fn first_mint_below_one_token_is_refused() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(10 * USDC);
    // 1.009999 USDC buys 999_999_009 units, short of one whole token; 1.01 USDC buys exactly one.
    assert_eq!(quote_buy(1_009_999, 0, 0), 999_999_009);
    assert_eq!(quote_buy(1_010_000, 0, 0), STAKE);

    // Act + Assert
    f.send_err_unchanged(
        &[f.token_buy_ix(&alice.pubkey(), 1_009_999, 0)],
        &[&alice],
        MutualError::FirstMintTooSmall,
        &observed(&f, &[&alice]),
    );
    assert_eq!(f.buy_stake(&alice, 1_010_000), STAKE);
    assert_eq!(f.stake_supply(), STAKE);
}

#[test]
fn buy_slippage_guard_refuses_one_above_and_accepts_the_exact_result() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(5_000 * USDC);
    let bob = f.with_funded_member(1_000 * USDC);
    f.buy_stake(&alice, 2_020 * USDC);
    let expected = quote_buy(333 * USDC, 2_020 * USDC, 2_000 * STAKE);
    // 333 USDC at BV 1.01 is 329_702_970_297 units, less the buffer: 326_438_584_452.
    assert_eq!(expected, 326_438_584_452);

    // Act + Assert: one unit above the exact result is refused...
    f.send_err_unchanged(
        &[f.token_buy_ix(&bob.pubkey(), 333 * USDC, expected + 1)],
        &[&bob],
        MutualError::SlippageExceeded,
        &observed(&f, &[&alice, &bob]),
    );
    // ...exactly the result is accepted.
    f.send_ok(
        &[f.token_buy_ix(&bob.pubkey(), 333 * USDC, expected)],
        &[&bob],
    );
    assert_eq!(f.stake_balance(&bob.pubkey()), expected);
    assert_eq!(f.vault_balance(), 2_353 * USDC);
}

#[test]
fn buy_while_the_token_area_is_paused_is_refused_and_sell_is_not() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(5_000 * USDC);
    f.buy_stake(&alice, 2_020 * USDC);
    let deployer = f.deployer();
    f.send_ok(
        &[ix::protocol_pause(&deployer.pubkey(), pause_area::TOKEN)],
        &[deployer],
    );

    // Act + Assert: buying is stopped; selling is an exit and no pause stops it (decision 22).
    f.send_err_unchanged(
        &[f.token_buy_ix(&alice.pubkey(), 10 * USDC, 0)],
        &[&alice],
        MutualError::ProtocolPaused,
        &observed(&f, &[&alice]),
    );

    // Unpaused, trading resumes.
    f.send_ok(
        &[ix::protocol_unpause(&deployer.pubkey(), pause_area::TOKEN)],
        &[deployer],
    );
    let expected = quote_buy(10 * USDC, 2_020 * USDC, 2_000 * STAKE);
    assert_eq!(f.buy_stake(&alice, 10 * USDC), expected);
}

#[test]
fn pausing_another_area_does_not_stop_trading() {
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(5_000 * USDC);
    let deployer = f.deployer();
    f.send_ok(
        &[ix::protocol_pause(
            &deployer.pubkey(),
            pause_area::ALL & !pause_area::TOKEN,
        )],
        &[deployer],
    );
    assert_eq!(f.buy_stake(&alice, 2_020 * USDC), 2_000 * STAKE);
}

#[test]
fn buy_with_a_foreign_base_mint_is_refused() {
    // Arrange: a second 6-decimal mint that is not the base asset.
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(100 * USDC);
    let fake_mint = f.create_mint(6, &anchor_spl::token::ID);
    let mut ix = f.token_buy_ix(&alice.pubkey(), 50 * USDC, 0);
    ix = swap_account(ix, &f.deployment().base_mint, &fake_mint);

    // Act + Assert
    f.send_err_unchanged(
        &[ix],
        &[&alice],
        MutualError::WrongAssetAccount,
        &observed(&f, &[&alice]),
    );
}

#[test]
fn buy_into_a_vault_that_is_not_the_assets_is_refused() {
    // Arrange: mallory's own USDC account posing as the capital-pool vault.
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(100 * USDC);
    let mallory = Pubkey::new_unique();
    let fake_vault = f.faucet(&mallory, USDC);
    let mut ix = f.token_buy_ix(&alice.pubkey(), 50 * USDC, 0);
    ix = swap_account(ix, &f.deployment().base_vault, &fake_vault);

    // Act + Assert
    f.send_err_unchanged(
        &[ix],
        &[&alice],
        MutualError::WrongAssetAccount,
        &observed(&f, &[&alice]),
    );
    assert_eq!(token_balance(&f, &fake_vault), USDC);
}

#[test]
fn buy_with_another_token_program_is_refused() {
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(100 * USDC);
    let mut ix = f.token_buy_ix(&alice.pubkey(), 50 * USDC, 0);
    ix = swap_account(ix, &anchor_spl::token::ID, &anchor_spl::token_2022::ID);
    // The wallet's base account is checked against the token program first (it comes earlier in the accounts).
    f.send_err_code_unchanged(
        &[ix],
        &[&alice],
        CONSTRAINT_TOKEN_TOKEN_PROGRAM,
        &observed(&f, &[&alice]),
    );
}

#[test]
fn buy_paid_from_someone_elses_base_account_is_refused() {
    // Arrange: bob's USDC account in alice's instruction, as if alice could spend it.
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(100 * USDC);
    let bob = f.with_funded_member(100 * USDC);
    let mut ix = f.token_buy_ix(&alice.pubkey(), 50 * USDC, 0);
    ix = swap_account(
        ix,
        &f.deployment().base_account(&alice.pubkey()),
        &f.deployment().base_account(&bob.pubkey()),
    );

    // Act + Assert
    f.send_err_code_unchanged(
        &[ix],
        &[&alice],
        CONSTRAINT_TOKEN_OWNER,
        &observed(&f, &[&alice, &bob]),
    );
}

#[test]
fn buy_into_a_stake_account_that_is_not_the_wallets_associated_one_is_refused() {
    // Arrange: Alice owns a second (non-associated) stake-token account. It is frozen like every new account,
    // and the program only ever thaws associated accounts, which is what member_leave relies on.
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(100 * USDC);
    let other = Keypair::new();
    let len = anchor_spl::token_2022::spl_token_2022::extension::ExtensionType::try_calculate_account_len::<
        anchor_spl::token_2022::spl_token_2022::state::Account,
    >(&[])
    .unwrap();
    let create = anchor_lang::solana_program::system_instruction::create_account(
        &alice.pubkey(),
        &other.pubkey(),
        f.rent(len),
        len as u64,
        &anchor_spl::token_2022::ID,
    );
    let init = anchor_spl::token_2022::spl_token_2022::instruction::initialize_account3(
        &anchor_spl::token_2022::ID,
        &other.pubkey(),
        &pda::stake_mint().0,
        &alice.pubkey(),
    )
    .unwrap();
    f.send_ok(&[create, init], &[&alice, &other]);
    let mut ix = f.token_buy_ix(&alice.pubkey(), 50 * USDC, 0);
    ix = swap_account(ix, &pda::stake_account(&alice.pubkey()), &other.pubkey());

    // Act + Assert: not the stake account recorded at join
    f.send_err_unchanged(
        &[ix],
        &[&alice],
        MutualError::WrongStakeAccount,
        &observed(&f, &[&alice]),
    );
}

#[test]
fn buy_into_someone_elses_stake_account_is_refused() {
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(100 * USDC);
    let bob = f.with_member();
    let mut ix = f.token_buy_ix(&alice.pubkey(), 50 * USDC, 0);
    ix = swap_account(
        ix,
        &pda::stake_account(&alice.pubkey()),
        &pda::stake_account(&bob.pubkey()),
    );
    f.send_err_unchanged(
        &[ix],
        &[&alice],
        MutualError::WrongStakeAccount,
        &observed(&f, &[&alice, &bob]),
    );
}

#[test]
fn token_buy_takes_twelve_accounts() {
    let f = TestFixture::bootstrapped();
    let wallet = Pubkey::new_unique();
    assert_eq!(f.token_buy_ix(&wallet, 1, 0).accounts.len(), 12);
    assert_eq!(f.token_sell_ix(&wallet, 1, 0).accounts.len(), 12);
}

// ---- token_sell ----

#[test]
fn sell_pays_book_value_less_the_buffer() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(5_000 * USDC);
    let bob = f.with_funded_member(1_000 * USDC);
    let first = f.buy_stake(&alice, 1_234_567_891);
    let second = f.buy_stake(&bob, 500 * USDC);
    let (capital, supply) = (1_734_567_891, first + second);
    let stake_in = 100 * STAKE;
    // 100 tokens at BV 1.012890 (exactly 101_291_101 units of capital/supply · 100), less 1%.
    let expected = 100_276_190;
    assert_eq!(quote_sell(stake_in, capital, supply), expected);
    f.warp_seconds(3_600);

    // Act
    let receipt = f.send_ok(&[f.token_sell_ix(&bob.pubkey(), stake_in, 0)], &[&bob]);

    // Assert
    assert_eq!(f.stake_balance(&bob.pubkey()), second - stake_in);
    assert_eq!(f.base_balance(&bob.pubkey()), 500 * USDC + expected);
    assert_eq!(f.vault_balance(), capital - expected);
    assert_eq!(f.stake_supply(), supply - stake_in);
    assert_snapshot(&f, capital - expected, supply - stake_in);
    assert_eq!(book_value(capital - expected, supply - stake_in), 1_013_518);
    assert_eq!(
        only_event(&receipt),
        MutualEvent::TokenSellEvent(TokenSellEvent {
            wallet: bob.pubkey(),
            stake_in,
            base_out: expected,
            capital: capital - expected,
            stake_supply: supply - stake_in,
            book_value: 1_013_518,
        })
    );
}

#[test]
fn sell_of_zero_is_refused() {
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(5_000 * USDC);
    f.buy_stake(&alice, 2_020 * USDC);
    f.send_err_unchanged(
        &[f.token_sell_ix(&alice.pubkey(), 0, 0)],
        &[&alice],
        MutualError::ZeroAmount,
        &observed(&f, &[&alice]),
    );
}

#[test]
fn sell_worth_less_than_one_base_unit_is_refused() {
    // Arrange: at BV 1.01 USDC, 1_980 units are worth 1 base unit before the buffer and 0 after it.
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(5_000 * USDC);
    f.buy_stake(&alice, 2_020 * USDC);
    assert_eq!(quote_sell(1_980, 2_020 * USDC, 2_000 * STAKE), 0);
    assert_eq!(quote_sell(1_981, 2_020 * USDC, 2_000 * STAKE), 1);

    // Act + Assert
    f.send_err_unchanged(
        &[f.token_sell_ix(&alice.pubkey(), 1_980, 0)],
        &[&alice],
        MutualError::ZeroAmount,
        &observed(&f, &[&alice]),
    );
    f.send_ok(&[f.token_sell_ix(&alice.pubkey(), 1_981, 1)], &[&alice]);
    assert_eq!(f.vault_balance(), 2_020 * USDC - 1);
}

#[test]
fn sell_slippage_guard_refuses_one_above_and_accepts_the_exact_result() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(5_000 * USDC);
    f.buy_stake(&alice, 2_020 * USDC);
    // 123 tokens at BV 1.01 = 124.23 USDC, less 1% = 122.9877 USDC.
    let expected = quote_sell(123 * STAKE, 2_020 * USDC, 2_000 * STAKE);
    assert_eq!(expected, 122_987_700);

    // Act + Assert
    f.send_err_unchanged(
        &[f.token_sell_ix(&alice.pubkey(), 123 * STAKE, expected + 1)],
        &[&alice],
        MutualError::SlippageExceeded,
        &observed(&f, &[&alice]),
    );
    f.send_ok(
        &[f.token_sell_ix(&alice.pubkey(), 123 * STAKE, expected)],
        &[&alice],
    );
    assert_eq!(f.base_balance(&alice.pubkey()), 2_980 * USDC + expected);
    assert_eq!(f.vault_balance(), 2_020 * USDC - expected);
}

#[test]
fn sell_below_mcr_is_refused_and_exactly_to_mcr_is_accepted() {
    // Arrange: 2_020 USDC of capital over 2_000 tokens; the MCR floor is 1_000 USDC.
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(5_000 * USDC);
    f.buy_stake(&alice, 2_020 * USDC);
    let (capital, supply) = (2_020 * USDC, 2_000 * STAKE);
    assert_eq!(f.snapshot().mcr, MIN_MCR);
    // The largest sale that keeps capital at or above the MCR takes it to exactly 1_000 USDC.
    let at_mcr = largest_sell_within(capital - MIN_MCR, capital, supply);
    assert_eq!(at_mcr, 1_020_102_011_881);
    assert_eq!(quote_sell(at_mcr, capital, supply), capital - MIN_MCR);
    assert_eq!(
        quote_sell(at_mcr + 1, capital, supply),
        capital - MIN_MCR + 1
    );

    // Act + Assert: one unit more would leave 999.999999 USDC.
    f.send_err_unchanged(
        &[f.token_sell_ix(&alice.pubkey(), at_mcr + 1, 0)],
        &[&alice],
        MutualError::BelowMcr,
        &observed(&f, &[&alice]),
    );
    f.send_ok(&[f.token_sell_ix(&alice.pubkey(), at_mcr, 0)], &[&alice]);
    assert_eq!(f.vault_balance(), MIN_MCR);
    assert_eq!(f.base_balance(&alice.pubkey()), 4_000 * USDC);
    assert_snapshot(&f, MIN_MCR, supply - at_mcr);
    // At the MCR, not even the smallest sale that pays anything goes through.
    let dust = largest_sell_within(0, MIN_MCR, supply - at_mcr) + 1;
    f.send_err_unchanged(
        &[f.token_sell_ix(&alice.pubkey(), dust, 0)],
        &[&alice],
        MutualError::BelowMcr,
        &observed(&f, &[&alice]),
    );
}

#[test]
fn sell_leaving_less_than_one_token_is_refused() {
    // Arrange: enough capital that the MCR does not bind when only one token is left.
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(101_000 * USDC);
    assert_eq!(f.buy_stake(&alice, 101_000 * USDC), 100_000 * STAKE);
    let (capital, supply) = (101_000 * USDC, 100_000 * STAKE);
    let unchanged = observed(&f, &[&alice]);

    // Act + Assert: a sale that leaves one unit less than a whole token is refused...
    f.send_err_unchanged(
        &[f.token_sell_ix(&alice.pubkey(), supply - STAKE + 1, 0)],
        &[&alice],
        MutualError::SupplyBelowMinimum,
        &unchanged,
    );
    f.send_err_unchanged(
        &[f.token_sell_ix(&alice.pubkey(), supply, 0)],
        &[&alice],
        MutualError::SupplyBelowMinimum,
        &unchanged,
    );

    // ...one that leaves exactly one token is accepted.
    let stake_in = supply - STAKE;
    let expected = quote_sell(stake_in, capital, supply);
    assert_eq!(expected, 99_989_000_100);
    f.send_ok(&[f.token_sell_ix(&alice.pubkey(), stake_in, 0)], &[&alice]);
    assert_eq!(f.stake_supply(), STAKE);
    assert_eq!(f.vault_balance(), capital - expected);
    assert_snapshot(&f, capital - expected, STAKE);
}

#[test]
fn sell_of_more_than_held_is_refused() {
    // Arrange: bob holds fewer tokens than alice, and the supply covers the amount.
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(5_000 * USDC);
    let bob = f.with_funded_member(1_000 * USDC);
    f.buy_stake(&alice, 2_020 * USDC);
    let held = f.buy_stake(&bob, 101 * USDC);
    assert_eq!(held, quote_buy(101 * USDC, 2_020 * USDC, 2_000 * STAKE));

    // Act + Assert
    f.send_err_unchanged(
        &[f.token_sell_ix(&bob.pubkey(), held + 1, 0)],
        &[&bob],
        MutualError::InsufficientBalance,
        &observed(&f, &[&alice, &bob]),
    );
}

#[test]
fn sell_from_a_foreign_vault_or_mint_is_refused() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(5_000 * USDC);
    f.buy_stake(&alice, 2_020 * USDC);
    let mallory = Pubkey::new_unique();
    let fake_vault = f.faucet(&mallory, 3_000 * USDC);
    let fake_mint = f.create_mint(6, &anchor_spl::token::ID);
    let sell = f.token_sell_ix(&alice.pubkey(), 100 * STAKE, 0);
    let wrong_vault = swap_account(sell.clone(), &f.deployment().base_vault, &fake_vault);
    let wrong_mint = swap_account(sell, &f.deployment().base_mint, &fake_mint);
    let unchanged = observed(&f, &[&alice]);

    // Act + Assert
    f.send_err_unchanged(
        &[wrong_vault],
        &[&alice],
        MutualError::WrongAssetAccount,
        &unchanged,
    );
    f.send_err_unchanged(
        &[wrong_mint],
        &[&alice],
        MutualError::WrongAssetAccount,
        &unchanged,
    );
    assert_eq!(token_balance(&f, &fake_vault), 3_000 * USDC);
}

#[test]
fn sell_paid_to_someone_elses_base_account_is_refused() {
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(5_000 * USDC);
    let bob = f.with_funded_member(USDC);
    f.buy_stake(&alice, 2_020 * USDC);
    let mut ix = f.token_sell_ix(&alice.pubkey(), 100 * STAKE, 0);
    ix = swap_account(
        ix,
        &f.deployment().base_account(&alice.pubkey()),
        &f.deployment().base_account(&bob.pubkey()),
    );
    f.send_err_code_unchanged(
        &[ix],
        &[&alice],
        CONSTRAINT_TOKEN_OWNER,
        &observed(&f, &[&alice, &bob]),
    );
}

// ---- rounding ----

#[test]
fn many_tiny_trades_never_lower_book_value_or_drain_the_vault() {
    // Arrange: alice seeds 2_020 USDC; bob then trades the smallest amounts that are still allowed.
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(5_000 * USDC);
    let bob = f.with_funded_member(USDC);
    f.buy_stake(&alice, 2_020 * USDC);
    let (mut capital, mut supply) = (2_020 * USDC, 2_000 * STAKE);
    let mut bob_base = USDC;
    let mut bob_stake = 0;
    let mut book = f.snapshot().book_value;

    for step in 0..50 {
        // Act: buy 3 base units, then sell the fewest tokens that pay out a single base unit.
        if step % 2 == 0 {
            let minted = quote_buy(3, capital, supply);
            assert!(minted > 0);
            f.send_ok(&[f.token_buy_ix(&bob.pubkey(), 3, minted)], &[&bob]);
            (capital, supply) = (capital + 3, supply + minted);
            (bob_base, bob_stake) = (bob_base - 3, bob_stake + minted);
        } else {
            let stake_in = largest_sell_within(0, capital, supply) + 1;
            assert_eq!(quote_sell(stake_in, capital, supply), 1);
            assert!(stake_in <= bob_stake, "step {step}: bob holds {bob_stake}");
            f.send_ok(&[f.token_sell_ix(&bob.pubkey(), stake_in, 1)], &[&bob]);
            (capital, supply) = (capital - 1, supply - stake_in);
            (bob_base, bob_stake) = (bob_base + 1, bob_stake - stake_in);
        }

        // Assert: exact balances, a book value that never falls, and a vault that covers every holder.
        assert_eq!(f.vault_balance(), capital, "step {step}");
        assert_eq!(f.stake_supply(), supply, "step {step}");
        assert_eq!(f.base_balance(&bob.pubkey()), bob_base, "step {step}");
        assert_eq!(f.stake_balance(&bob.pubkey()), bob_stake, "step {step}");
        assert_snapshot(&f, capital, supply);
        let snapshot_bv = f.snapshot().book_value;
        assert!(snapshot_bv >= book, "step {step}: {snapshot_bv} < {book}");
        book = snapshot_bv;
        let redeemable = quote_sell(bob_stake, capital, supply)
            + quote_sell(f.stake_balance(&alice.pubkey()), capital, supply);
        assert!(redeemable <= capital, "step {step}");
    }

    // Bob bought 25 × 3 units and sold 25 × 1 unit: he is 50 units poorer and still holds some tokens, which
    // are worth less than he paid.
    assert_eq!(bob_base, USDC - 50);
    assert_eq!(capital, 2_020 * USDC + 50);
    assert!(quote_sell(bob_stake, capital, supply) < 50);
    // Exact-fraction check over the whole run: capital/supply only went up.
    assert!(
        u128::from(capital) * 2_000 * u128::from(STAKE)
            >= 2_020 * u128::from(USDC) * u128::from(supply)
    );
}

// ---- dust supply and stale snapshots ----

#[test]
fn security_burning_the_supply_to_dust_does_not_lock_later_buyers() {
    // Arrange: the only holder buys one token, then burns all of it but one unit (any holder may burn).
    let f = TestFixture::bootstrapped();
    let mallory = f.with_funded_member(10 * USDC);
    let alice = f.with_funded_member(2_000 * USDC);
    let minted = f.buy_stake(&mallory, 1_010_000);
    assert_eq!(minted, STAKE);
    let burn = anchor_spl::token_2022::spl_token_2022::instruction::burn(
        &anchor_spl::token_2022::ID,
        &pda::stake_account(&mallory.pubkey()),
        &pda::stake_mint().0,
        &mallory.pubkey(),
        &[],
        STAKE - 1,
    )
    .unwrap();
    f.send_ok(&[burn], &[&mallory]);
    assert_eq!(f.stake_supply(), 1);

    // Act: the next buyer is priced as if the dust were one whole token (1.01 USDC), not at capital / 1 unit.
    let bought = f.buy_stake(&alice, 1_111 * USDC);

    // Assert: 1_100 / 1.01 tokens, and she can sell them again (the supply is whole again).
    assert_eq!(bought, quote_buy(1_111 * USDC, 1_010_000, 1));
    assert_eq!(bought, 1_089_108_910_891);
    assert_eq!(f.stake_supply(), bought + 1);
    let capital = f.vault_balance();
    assert_eq!(capital, 1_010_000 + 1_111 * USDC);
    let before = f.base_balance(&alice.pubkey());
    f.send_ok(&[f.token_sell_ix(&alice.pubkey(), STAKE, 0)], &[&alice]);
    assert_eq!(
        f.base_balance(&alice.pubkey()) - before,
        quote_sell(STAKE, capital, bought + 1)
    );
}

#[test]
fn a_mint_on_dust_supply_must_restore_a_whole_token() {
    let f = TestFixture::bootstrapped();
    let mallory = f.with_funded_member(10 * USDC);
    f.buy_stake(&mallory, 1_010_000);
    let burn = anchor_spl::token_2022::spl_token_2022::instruction::burn(
        &anchor_spl::token_2022::ID,
        &pda::stake_account(&mallory.pubkey()),
        &pda::stake_mint().0,
        &mallory.pubkey(),
        &[],
        STAKE / 2,
    )
    .unwrap();
    f.send_ok(&[burn], &[&mallory]);
    // Half a token left, priced as one token of 1.01 USDC: 0.5 tokens cost 0.505 USDC plus 1%. One base unit
    // less would leave dust again.
    let ix_small = f.token_buy_ix(&mallory.pubkey(), 510_049, 0);
    f.send_err(&[ix_small], &[&mallory], MutualError::FirstMintTooSmall);
    assert_eq!(f.stake_supply(), STAKE / 2);
    let ix_enough = f.token_buy_ix(&mallory.pubkey(), 510_050, 0);
    f.send_ok(&[ix_enough], &[&mallory]);
    assert_eq!(f.stake_supply(), STAKE);
}

#[test]
fn a_registered_but_empty_second_asset_does_not_stop_trading() {
    // Arrange: a second asset with a feed; nothing of it is in the capital pool.
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(5_000 * USDC);
    f.buy_stake(&alice, 2_020 * USDC);
    let other = f.create_mint(6, &anchor_spl::token::ID);
    let register = ix::asset_register(
        &f.deployer().pubkey(),
        &other,
        &anchor_spl::token::ID,
        Some([7; 32]),
        true,
    );
    f.send_ok(&[register], &[f.deployer()]);

    // Act: long past max_snapshot_age since init.
    f.warp_days(2);

    // Assert: the base vault is read live, so there is nothing stale to refuse.
    let before = f.base_balance(&alice.pubkey());
    f.send_ok(&[f.token_sell_ix(&alice.pubkey(), STAKE, 0)], &[&alice]);
    assert_eq!(
        f.base_balance(&alice.pubkey()) - before,
        quote_sell(STAKE, 2_020 * USDC, 2_000 * STAKE)
    );
}

#[test]
fn once_other_assets_hold_value_buys_wait_for_a_fresh_snapshot_and_sales_do_not() {
    // Arrange: 10 SOL in the wrapped-SOL vault, refreshed at $150 ± 0.15: 1,498.5 USDC at μ − σ
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(5_000 * USDC);
    f.buy_stake(&alice, 2_020 * USDC);
    let donor = f.new_wallet(20);
    f.with_wrapped_sol(&donor, 10 * SOL);
    f.refresh_capital();
    let max_age = i64::from(f.config().params.oracle_max_age);

    // Act + Assert: within oracle_max_age a sale is priced with the other asset's value...
    f.warp_seconds(max_age);
    let before = f.base_balance(&alice.pubkey());
    f.send_ok(&[f.token_sell_ix(&alice.pubkey(), STAKE, 0)], &[&alice]);
    assert_eq!(
        f.base_balance(&alice.pubkey()) - before,
        quote_sell(STAKE, 2_020 * USDC + 1_498_500_000, 2_000 * STAKE)
    );
    // ...a second later a buy is refused, and a sale counts the base vault alone (under-paying the seller)
    f.warp_seconds(1);
    f.send_err_unchanged(
        &[f.token_buy_ix(&alice.pubkey(), USDC, 0)],
        &[&alice],
        MutualError::StaleSnapshot,
        &observed(&f, &[&alice]),
    );
    let vault = f.vault_balance();
    let before = f.base_balance(&alice.pubkey());
    f.send_ok(&[f.token_sell_ix(&alice.pubkey(), STAKE, 0)], &[&alice]);
    assert_eq!(
        f.base_balance(&alice.pubkey()) - before,
        quote_sell(STAKE, vault, 1_999 * STAKE)
    );
}

// ---- helpers ----

/// `stake_for_buy` of `math/book_value.rs` with the 1% buffer and an initial book value of 1 USDC: base_in at
/// capital/supply (1 USDC per token while the supply is 0; a dust supply counts as one token), then 10_000/10_100 of it, each step rounded down.
fn quote_buy(base_in: u64, capital: u64, supply: u64) -> u64 {
    let (capital, supply) = if supply == 0 {
        (USDC, STAKE)
    } else {
        (capital, supply.max(STAKE))
    };
    let at_book_value = u128::from(base_in) * u128::from(supply) / u128::from(capital);
    u64::try_from(at_book_value * 10_000 / 10_100).expect("fits")
}

/// `base_for_sell` with the 1% buffer: stake_in at capital/supply, then 9_900/10_000 of it, each rounded down.
fn quote_sell(stake_in: u64, capital: u64, supply: u64) -> u64 {
    let at_book_value = u128::from(stake_in) * u128::from(capital) / u128::from(supply);
    u64::try_from(at_book_value * 9_900 / 10_000).expect("fits")
}

/// Base units per whole token, rounded down.
fn book_value(capital: u64, supply: u64) -> u64 {
    u64::try_from(u128::from(capital) * u128::from(STAKE) / u128::from(supply)).expect("fits")
}

/// The largest sale whose payout is at most `max_out` (binary search; the payout grows with the amount).
fn largest_sell_within(max_out: u64, capital: u64, supply: u64) -> u64 {
    let (mut lo, mut hi) = (0, supply);
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if quote_sell(mid, capital, supply) <= max_out {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo
}

/// The snapshot and the base asset's mirror after a trade that left `capital` and `supply`.
fn assert_snapshot(f: &TestFixture, capital: u64, supply: u64) {
    let snapshot = f.snapshot();
    assert_eq!(snapshot.capital, capital);
    assert_eq!(snapshot.stake_supply, supply);
    assert_eq!(snapshot.book_value, book_value(capital, supply));
    assert_eq!(snapshot.mcr, MIN_MCR);
    assert_eq!(snapshot.active_cover, 0);
    assert_eq!(snapshot.non_base_capital, 0);
    assert_eq!(snapshot.updated_at, f.now());
    assert_eq!(f.base_asset().capital_balance, capital);
}

/// Everything a refused trade must leave as it was: the capital snapshot, the base vault, the stake mint (the
/// supply), the base asset (its capital balance), and each wallet's base and stake accounts.
fn observed(f: &TestFixture, wallets: &[&Keypair]) -> Vec<Pubkey> {
    let d = f.deployment();
    let mut accounts = vec![
        pda::capital_snapshot().0,
        d.base_vault,
        pda::stake_mint().0,
        pda::asset(&d.base_mint).0,
    ];
    for wallet in wallets {
        accounts.push(d.base_account(&wallet.pubkey()));
        accounts.push(pda::stake_account(&wallet.pubkey()));
    }
    accounts
}

fn token_balance(f: &TestFixture, account: &Pubkey) -> u64 {
    mutual_sdk::fetch::token_balance(&f.chain, account).expect("balance")
}
