//! Capital across assets (issue 26): what moves in wrapped SOL counts at once, sales cannot strand a payout, and
//! a wrapped-SOL claim follows SOL's price. Each case is a review's finding with its numbers, attacked through
//! the real instructions; the expected figures are computed here from the spec's formulas (PROTOCOL.md §7), not
//! by the program's own functions.
use anchor_lang::prelude::Pubkey;
use anchor_spl::token::spl_token;
use mutual::errors::MutualError;
use mutual::math::Bps;
use mutual::state::{ClaimStatus, Params};
use mutual_sdk::{ix, pda, prices, Keypair, MutualEvent, Signer};
use mutual_tests::*;
use test_case::test_case;

const QUORUM_TOKENS: u64 = 100;
const PERIOD: i64 = 60 * DAY;
const YEAR: i64 = 365 * DAY;
/// Voting (3 days) and the cooldown (1 day): the payout window opens.
const TO_PAYOUT: i64 = 4 * DAY;
const PAYOUT_WINDOW: i64 = 30 * DAY;

/// `lamports` of SOL in USDC base units at `dollars` a SOL, less 0.1% (μ − σ, rounded down), or plus 0.1%
/// (μ + σ, rounded up): how a refresh at `reprice_sol(dollars)` values capital and liabilities.
fn sol_low(lamports: u64, dollars: u64) -> u64 {
    u64::try_from(u128::from(lamports) * u128::from(dollars) * 999 / 1_000 / 1_000).unwrap()
}

fn sol_high(lamports: u64, dollars: u64) -> u64 {
    u64::try_from((u128::from(lamports) * u128::from(dollars) * 1_001).div_ceil(1_000_000)).unwrap()
}

/// Stake minted for `base_in` on `capital` over `supply`: ⌊⌊base_in · supply / capital⌋ / 1.01⌋.
fn stake_for(base_in: u64, capital: u64, supply: u64) -> u64 {
    let at_book = u128::from(base_in) * u128::from(supply) / u128::from(capital);
    u64::try_from(at_book * 10_000 / 10_100).unwrap()
}

/// Base paid for `stake_in` on `capital` over `supply`: ⌊⌊stake_in · capital / supply⌋ · 0.99⌋.
fn base_for(stake_in: u64, capital: u64, supply: u64) -> u64 {
    let at_book = u128::from(stake_in) * u128::from(capital) / u128::from(supply);
    u64::try_from(at_book * 9_900 / 10_000).unwrap()
}

/// The stake a sale must burn to be paid at least `base_out` (the inverse of `base_for`, rounded up).
fn stake_paying(base_out: u64, capital: u64, supply: u64) -> u64 {
    let at_book = (u128::from(base_out) * 10_000).div_ceil(9_900);
    u64::try_from((at_book * u128::from(supply)).div_ceil(u128::from(capital))).unwrap()
}

/// Capital as a trade sees it now: the base vault and the wSOL vault at SOL's low price.
fn live_capital(f: &TestFixture, dollars: u64) -> u64 {
    f.vault_balance() + sol_low(f.sol_vault_balance(), dollars)
}

/// The stake a one-pool payout worth `value` burns at `book_value` and a 2x capacity ratio.
fn one_pool_burn(value: u64, book_value: u64) -> u64 {
    let stake = (u128::from(value) * u128::from(STAKE)).div_ceil(u128::from(book_value));
    u64::try_from(stake.div_ceil(2)).unwrap()
}

/// A new wallet sends `lamports` straight into the wrapped-SOL vault, past the program.
fn donate_sol(f: &TestFixture, lamports: u64) {
    let vault = pda::asset_vault(&spl_token::native_mint::ID).0;
    let donor = f.new_wallet(lamports / SOL + 1);
    f.send_ok(
        &[
            anchor_lang::solana_program::system_instruction::transfer(
                &donor.pubkey(),
                &vault,
                lamports,
            ),
            spl_token::instruction::sync_native(&spl_token::ID, &vault).unwrap(),
        ],
        &[&donor],
    );
}

// ---- 1. a sale cannot strand a payout ----

#[test]
fn security_economic_sequences_a_sale_leaves_the_base_vault_able_to_pay_an_accepted_base_claim() {
    // Arrange: a 600 USDC claim accepted by a quorum; 100 SOL of capital in wSOL; the base vault at 11,452 USDC,
    // most of it the holder's
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Lending", &[(100, 300, 2_000)]);
    let owner = f.with_funded_member(10_000 * USDC);
    let holder = f.with_funded_member(20_000 * USDC);
    let assessor = f.with_assessor(QUORUM_TOKENS);
    let cover = f.buy_cover(&owner, m.product, 1_000 * USDC, PERIOD, &m.pools);
    f.buy_stake(&holder, 7_000 * USDC);
    let donor = f.new_wallet(200);
    f.with_wrapped_sol(&donor, 100 * SOL);
    f.refresh_capital();
    let top_up = 11_452 * USDC - f.vault_balance();
    f.send_ok(&[f.token_buy_ix(&holder.pubkey(), top_up, 0)], &[&holder]);
    assert_eq!(f.vault_balance(), 11_452 * USDC);
    let claim = f.submit_claim(&owner, &cover, 600 * USDC);
    f.vote(&assessor, &claim, true);
    assert_eq!(f.snapshot().pending_units[0], 600 * USDC);
    f.warp_seconds(TO_PAYOUT);
    f.reprice_sol(150);
    // a sale sees 11,452 + 14,985 (100 SOL at $149.85) − 600 of capital, and may take 11,452 − 600
    let net = 11_452 * USDC + 14_985 * USDC - 600 * USDC;
    let supply = f.stake_supply();

    // Act + Assert: a sale paying 11,000 USDC, which capital allows but the 600 owed does not, is refused
    let greedy = stake_paying(11_000 * USDC, net, supply);
    assert!(greedy <= f.stake_balance(&holder.pubkey()));
    assert!(base_for(greedy, net, supply) > 10_852 * USDC);
    f.send_err_unchanged(
        &[f.token_sell_ix(&holder.pubkey(), greedy, 0)],
        &[&holder],
        MutualError::InsufficientBaseLiquidity,
        &[pda::capital_snapshot().0, f.deployment().base_vault],
    );
    // the largest sale the vault can pay less what it owes goes through, to the unit
    let most = stake_paying(10_852 * USDC, net, supply) - 1;
    let paid = base_for(most, net, supply);
    assert!(paid <= 10_852 * USDC && paid > 10_851 * USDC);
    f.send_ok(&[f.token_sell_ix(&holder.pubkey(), most, 0)], &[&holder]);
    assert_eq!(f.vault_balance(), 11_452 * USDC - paid);
    // and the claimant is paid in full
    let usdc = f.base_balance(&owner.pubkey());
    f.send_ok(&[f.redeem_ix(&owner.pubkey(), &claim)], &[&owner]);
    assert_eq!(f.base_balance(&owner.pubkey()), usdc + 600 * USDC);
    assert_eq!(f.vault_balance(), 11_452 * USDC - paid - 600 * USDC);
    assert_eq!(f.snapshot().pending_units[0], 0);
}

/// A product offering wSOL cover on one pool of `tokens`; a buyer holding 10 wrapped SOL; wSOL registered,
/// counted and priced at $150 ± 0.15, with a refresh now.
fn sol_market(tokens: u64) -> (TestFixture, CoverMarket, Keypair) {
    let f = TestFixture::bootstrapped();
    let buyer = f.with_member();
    f.with_wrapped_sol(&buyer, 0);
    let m = f.with_sol_cover_market("Lending", &[(100, 300, tokens)]);
    f.wrap_sol(&buyer, 8 * SOL);
    f.refresh_capital();
    (f, m, buyer)
}

/// Buys `amount` of wSOL cover for `period` with a refresh in front; returns the cover and the premium.
fn buy_sol_cover(
    f: &TestFixture,
    m: &CoverMarket,
    buyer: &Keypair,
    amount: u64,
    period: i64,
) -> (Pubkey, u64) {
    let seq = f.product(m.product).next_cover_seq;
    let refresh = mutual_sdk::capital::refresh_ix(&f.chain).unwrap();
    let buy = f.sol_cover_buy_ix(&buyer.pubkey(), m.product, amount, period, &m.pools);
    let receipt = f.send_ok(&[refresh, buy], &[buyer]);
    let premium = receipt
        .events
        .iter()
        .find_map(|e| match e {
            MutualEvent::CoverBuyEvent(e) => Some(e.premium),
            _ => None,
        })
        .unwrap();
    (mutual_sdk::cover::cover_address(m.product, seq), premium)
}

// ---- 2. a sale's MCR check counts wSOL cover at once ----

#[test]
fn security_economic_sequences_a_wsol_cover_counts_in_a_sales_mcr_check_with_no_refresh() {
    // Arrange: the MCR is the active cover (ratio 100%); a seller holds 12,000 USDC of stake; 40 SOL of cover
    let (f, m, buyer) = sol_market(3_200);
    f.set_params(Params {
        mcr_ratio: Bps(10_000),
        ..f.config().params
    });
    let seller = f.with_funded_member(12_000 * USDC);
    f.reprice_sol(150);
    f.buy_stake(&seller, 12_000 * USDC);
    buy_sol_cover(&f, &m, &buyer, 40 * SOL, YEAR);

    // Assert: the cover is in the recorded MCR the moment it is bought: 40 SOL at $150.15
    let snapshot = f.snapshot();
    assert_eq!(snapshot.active_cover, sol_high(40 * SOL, 150));
    assert_eq!(snapshot.active_cover, 6_006 * USDC);
    assert_eq!(snapshot.mcr, 6_006 * USDC);

    // Act + Assert: with no refresh, now and once the prices are stale, a sale below the MCR is refused
    let all = f.stake_balance(&seller.pubkey());
    for wait in [0, 61] {
        f.warp_seconds(wait);
        f.send_err_unchanged(
            &[f.token_sell_ix(&seller.pubkey(), all, 0)],
            &[&seller],
            MutualError::BelowMcr,
            &[pda::capital_snapshot().0, f.deployment().base_vault],
        );
    }
    // with a refresh in front, the same
    let refresh = mutual_sdk::capital::refresh_ix(&f.chain).unwrap();
    f.reprice_sol(150);
    f.send_err(
        &[refresh, f.token_sell_ix(&seller.pubkey(), all, 0)],
        &[&seller],
        MutualError::BelowMcr,
    );
    // the largest sale that leaves the MCR goes through on stale prices (the wSOL premium not counted), and
    // leaves capital at or above it
    f.warp_seconds(61);
    let base = f.vault_balance();
    let supply = f.stake_supply();
    let most = stake_paying(base - 6_006 * USDC, base, supply) - 1;
    let paid = base_for(most, base, supply);
    f.send_ok(&[f.token_sell_ix(&seller.pubkey(), most, 0)], &[&seller]);
    assert_eq!(f.vault_balance(), base - paid);
    assert!(f.vault_balance() >= 6_006 * USDC);
}

// ---- 3. value that moved counts at once: no round trip gains ----

#[derive(Clone, Copy, Debug)]
enum Movement {
    Premium,
    Donation,
    Sweep,
    Payout,
}

#[test_case(Movement::Premium; "a wSOL premium")]
#[test_case(Movement::Donation; "wSOL donated to the vault")]
#[test_case(Movement::Sweep; "the treasury swept into wSOL")]
#[test_case(Movement::Payout; "a wSOL claim paid out")]
fn security_economic_sequences_buy_refresh_sell_in_one_transaction_gains_nothing_from_value_that_moved(
    movement: Movement,
) {
    // Arrange: a wSOL market at $150; an attacker with 3,000 USDC
    let (f, m, buyer) = sol_market(8_000);
    let attacker = f.with_funded_member(3_000 * USDC);
    let owner = f.with_member();
    let assessor = f.with_assessor(QUORUM_TOKENS);
    f.reprice_sol(150);
    let recorded_before = f.snapshot().capital;

    // the value moves
    match movement {
        Movement::Premium => {
            let (_, premium) = buy_sol_cover(&f, &m, &buyer, 100 * SOL, YEAR);
            assert_eq!(premium, 3 * SOL);
            assert_eq!(
                f.snapshot().capital,
                recorded_before + sol_low(3 * SOL, 150)
            );
        }
        Movement::Donation => donate_sol(&f, 3 * SOL),
        Movement::Sweep => {
            let sweep = ix::treasury_sweep(&f.deployment().base_mint);
            let receipt = f.send_ok(&[sweep], &[&buyer]);
            let Some(MutualEvent::TreasurySweepEvent(e)) = receipt.events.first().cloned() else {
                panic!("no sweep event")
            };
            assert!(e.lamports > 0);
            assert_eq!(e.value, sol_low(e.lamports, 150));
            assert_eq!(f.snapshot().capital, recorded_before + e.value);
        }
        Movement::Payout => {
            f.wrap_sol(&owner, 5 * SOL);
            let (cover, _) = buy_sol_cover(&f, &m, &owner, 100 * SOL, YEAR);
            f.warp_seconds(1);
            let claim = f.submit_claim(&owner, &cover, 2 * SOL);
            f.vote(&assessor, &claim, true);
            f.warp_seconds(TO_PAYOUT);
            f.reprice_sol(150);
            let recorded = f.snapshot().capital;
            f.send_ok(&[f.sol_redeem_ix(&owner.pubkey(), &claim)], &[&owner]);
            assert_eq!(f.snapshot().capital, recorded - sol_low(2 * SOL, 150));
        }
    }

    // Act + Assert: buy, refresh, sell in one transaction, at the same price
    round_trip_loses_the_spreads(&f, &attacker, 3_000 * USDC, live_capital(&f, 150));
}

/// Buys `base_in` of stake, refreshes and sells it back in one transaction, with the buy priced on `capital`;
/// asserts that the sale is priced on the same capital plus `base_in`, to the unit, and that the attacker loses
/// the spreads.
fn round_trip_loses_the_spreads(f: &TestFixture, attacker: &Keypair, base_in: u64, capital: u64) {
    let supply = f.stake_supply();
    let stake = stake_for(base_in, capital, supply);
    let refresh = mutual_sdk::capital::refresh_ix(&f.chain).unwrap();
    let round_trip = [
        f.token_buy_ix(&attacker.pubkey(), base_in, 0),
        refresh,
        f.token_sell_ix(&attacker.pubkey(), stake, 0),
    ];
    let usdc = f.base_balance(&attacker.pubkey());
    f.send_ok(&round_trip, &[attacker]);
    let base_out = base_for(stake, capital + base_in, supply + stake);
    assert_eq!(
        f.base_balance(&attacker.pubkey()),
        usdc - base_in + base_out
    );
    assert!(base_out < base_in);
    assert_eq!(f.stake_balance(&attacker.pubkey()), 0);
    assert_eq!(f.snapshot().capital, capital + base_in - base_out);
}

/// Publishes SOL at `dollars` ± 0.1% at its feed's push-oracle account, as of now, without a refresh.
fn post_sol(f: &TestFixture, dollars: i64) {
    let price = dollars * 100_000_000;
    f.publish_price(prices::sol_usd_feed(), price, (price / 1_000) as u64, -8);
}

/// A wSOL market (8,000 tokens staked) with 100 SOL donated to its vault, recorded at $150.
fn sol_capital() -> TestFixture {
    let (f, _, _) = sol_market(8_000);
    donate_sol(&f, 100 * SOL);
    f.reprice_sol(150);
    f
}

#[test]
fn security_oracle_manipulation_buy_refresh_sell_around_a_posted_rise_gains_nothing() {
    // Arrange: 100 SOL of capital recorded at $150; Pyth then posts $300, which no refresh has recorded. Before
    // decision 69's fix the buy was priced at $150 and the sale, after the refresh, at $300: the attacker took
    // their share of the rise (the long fuzz run's finding, seed 27).
    let f = sol_capital();
    let attacker = f.with_funded_member(5_000 * USDC);
    f.warp_seconds(10);
    post_sol(&f, 300);
    let recorded = f.snapshot();

    // priced at the recorded $150, the round trip would gain
    let (supply, base_in, capital) = (f.stake_supply(), 5_000 * USDC, live_capital(&f, 300));
    let at_recorded = stake_for(base_in, live_capital(&f, 150), supply);
    assert!(base_for(at_recorded, capital + base_in, supply + at_recorded) > base_in);
    assert!(recorded.capital < capital);

    // Act + Assert: buy, refresh, sell in one transaction; the buy pays for the SOL at the posted $300, so the
    // sale after the refresh is priced on the same capital, to the unit, and the attacker loses the spreads
    round_trip_loses_the_spreads(&f, &attacker, base_in, capital);
}

#[test]
fn security_oracle_manipulation_a_sale_before_a_posted_fall_is_recorded_is_paid_at_the_fall() {
    // Arrange: a holder with 5,000 USDC of stake; 100 SOL of capital recorded at $150; Pyth posts $100
    let f = sol_capital();
    let holder = f.with_funded_member(5_000 * USDC);
    let stake = f.buy_stake(&holder, 5_000 * USDC);
    f.warp_seconds(10);
    post_sol(&f, 100);

    // Act: the holder sells before anyone refreshes
    let capital = live_capital(&f, 100);
    let supply = f.stake_supply();
    let usdc = f.base_balance(&holder.pubkey());
    f.send_ok(&[f.token_sell_ix(&holder.pubkey(), stake, 0)], &[&holder]);

    // Assert: paid on the SOL at the posted $100, to the unit, not the recorded $150
    let base_out = base_for(stake, capital, supply);
    assert!(base_out < base_for(stake, live_capital(&f, 150), supply));
    assert_eq!(f.base_balance(&holder.pubkey()), usdc + base_out);
    assert_eq!(f.stake_balance(&holder.pubkey()), 0);
}

#[test]
fn security_griefing_and_liveness_a_feed_that_does_not_read_blocks_no_sale() {
    // Arrange: SOL recorded at $150; the feed's account then emptied (closed), later stale, later older than the
    // recorded price
    let f = sol_capital();
    let holder = f.with_funded_member(5_000 * USDC);
    let stake = f.buy_stake(&holder, 3_000 * USDC);
    let feed = prices::feed_address(&prices::sol_usd_feed());
    let mut posted = f.account(&feed);
    f.chain.set_account(&feed, Default::default());

    // Act + Assert: each sale is paid at the recorded $150, to the unit
    let sell = |stake_in: u64| {
        let capital = live_capital(&f, 150);
        let supply = f.stake_supply();
        let usdc = f.base_balance(&holder.pubkey());
        f.send_ok(
            &[f.token_sell_ix(&holder.pubkey(), stake_in, 0)],
            &[&holder],
        );
        assert_eq!(
            f.base_balance(&holder.pubkey()),
            usdc + base_for(stake_in, capital, supply)
        );
    };
    sell(stake / 3);
    // the feed back, holding $20 published a second before the recorded price: not newer, so not counted
    let (_, mut old) = prices::read_price_update(&posted).unwrap();
    old.price = 20 * 100_000_000;
    old.conf = 20 * 100_000;
    old.publish_time -= 1;
    posted = prices::price_update_account(
        prices::sol_usd_feed(),
        old,
        prices::VerificationLevel::Full,
        posted.lamports,
    );
    f.chain.set_account(&feed, posted);
    sell(stake / 3);
    // a fall posted long ago (older than oracle_max_age) counts nothing either
    let max_age = i64::from(f.config().params.oracle_max_age);
    post_sol(&f, 20);
    f.warp_seconds(max_age + 1);
    let refresh = mutual_sdk::capital::refresh_ix(&f.chain).unwrap();
    f.send_err(&[refresh], &[&holder], MutualError::StalePrice);
    let rest = f.stake_balance(&holder.pubkey());
    let capital = f.vault_balance();
    let supply = f.stake_supply();
    let usdc = f.base_balance(&holder.pubkey());
    f.send_ok(&[f.token_sell_ix(&holder.pubkey(), rest, 0)], &[&holder]);
    // the recorded prices are stale too by then: the sale counts the SOL as 0 (decision 64), never at $20
    assert_eq!(
        f.base_balance(&holder.pubkey()),
        usdc + base_for(rest, capital, supply)
    );
}

// ---- 4. a wSOL claim follows SOL's price ----

#[test]
fn security_economic_sequences_a_wsol_claim_is_owed_and_burns_at_sols_price_of_the_day() {
    // Arrange: a 10 SOL claim filed at $150, accepted by a quorum: booked as 10 SOL
    let (f, m, owner) = sol_market(8_000);
    let assessor = f.with_assessor(QUORUM_TOKENS);
    f.reprice_sol(150);
    let (cover, _) = buy_sol_cover(&f, &m, &owner, 100 * SOL, YEAR);
    donate_sol(&f, 10 * SOL);
    f.warp_seconds(1);
    let claim = f.submit_claim(&owner, &cover, 10 * SOL);
    f.vote(&assessor, &claim, true);
    let filed = f.claim(&claim).unwrap();
    assert_eq!(filed.liability, 1_501_500_000);
    assert_eq!(f.snapshot().pending_units[1], 10 * SOL);

    // Act: SOL doubles
    let event = f.reprice_sol(300);

    // Assert: the refresh revalues what is owed at $300.30: 3,003 USDC, and a sale nets that
    assert_eq!(event.pending_payouts, sol_high(10 * SOL, 300));
    assert_eq!(event.pending_payouts, 3_003 * USDC);
    let report = mutual_sdk::capital::report(&f.chain).unwrap();
    assert_eq!(report.pending_payouts, 3_003 * USDC);
    assert_eq!(report.net_capital, report.capital - 3_003 * USDC);
    // and the payout burns 3,003 USDC's worth of stake, not the 1,501.5 of its filing
    f.warp_seconds(TO_PAYOUT);
    f.reprice_sol(300);
    let book_value = f.snapshot().book_value;
    let pool_before = f.pool(m.pools[0]).active_stake;
    let receipt = f.send_ok(&[f.sol_redeem_ix(&owner.pubkey(), &claim)], &[&owner]);
    let burnt = receipt
        .events
        .iter()
        .find_map(|e| match e {
            MutualEvent::ClaimRedeemPayoutEvent(e) => Some(e.burnt[0]),
            _ => None,
        })
        .unwrap();
    assert_eq!(burnt, one_pool_burn(3_003 * USDC, book_value));
    assert_eq!(f.pool(m.pools[0]).active_stake, pool_before - burnt);
    assert_eq!(f.snapshot().pending_units[1], 0);
}

// ---- 5. a claim its vault cannot pay: the base vault pays the rest, and nothing lapses unpaid ----

/// A 100 SOL cover whose 3 SOL premium is all the wSOL vault holds, and a claim of `claimed` accepted by a
/// quorum; the owner holds a USDC account. Returns the fixture, the owner, the assessor and the claim.
fn accepted_sol_claim(claimed: u64) -> (TestFixture, Keypair, Keypair, Pubkey) {
    let (f, m, owner) = sol_market(8_000);
    let assessor = f.with_assessor(QUORUM_TOKENS);
    f.faucet(&owner.pubkey(), 0);
    f.reprice_sol(150);
    let (cover, _) = buy_sol_cover(&f, &m, &owner, 100 * SOL, YEAR);
    assert_eq!(f.sol_vault_balance(), 3 * SOL);
    f.warp_seconds(1);
    let claim = f.submit_claim(&owner, &cover, claimed);
    f.vote(&assessor, &claim, true);
    (f, owner, assessor, claim)
}

fn wsol_balance(f: &TestFixture, owner: &Pubkey) -> u64 {
    let account = pda::associated_token(owner, &spl_token::native_mint::ID, &spl_token::ID);
    mutual_sdk::fetch::token_balance(&f.chain, &account).unwrap()
}

#[test]
fn security_economic_sequences_a_wsol_claim_its_vault_cannot_pay_is_paid_the_rest_in_usdc_at_the_high_price(
) {
    // Arrange: 10 SOL accepted, 3 SOL in the vault
    let (f, owner, _, claim) = accepted_sol_claim(10 * SOL);
    // a sale may not take the 7 SOL short (1,051.05 USDC at $150.15) from the base vault
    let report = mutual_sdk::capital::report(&f.chain).unwrap();
    assert_eq!(report.sale_liquidity, f.vault_balance() - 1_051_050_000);
    f.warp_seconds(TO_PAYOUT);
    // the base part is priced now: on prices older than oracle_max_age it waits for a refresh
    f.send_err_unchanged(
        &[f.sol_redeem_ix(&owner.pubkey(), &claim)],
        &[&owner],
        MutualError::StaleSnapshot,
        &[claim],
    );
    f.reprice_sol(150);
    let (sol, usdc, base_vault) = (
        wsol_balance(&f, &owner.pubkey()),
        f.base_balance(&owner.pubkey()),
        f.vault_balance(),
    );

    // the base part goes to an account of the base mint, never the base vault itself
    let wsol = pda::associated_token(&owner.pubkey(), &spl_token::native_mint::ID, &spl_token::ID);
    let base_to = |to: &Pubkey| {
        mutual_sdk::claims::redeem_ix_to(&f.chain, &owner.pubkey(), &claim, &wsol, to).unwrap()
    };
    let refusals = [
        (f.deployment().base_vault, MutualError::DuplicateAccount),
        (wsol, MutualError::WrongAssetAccount),
    ];
    for (to, error) in refusals {
        f.send_err_unchanged(&[base_to(&to)], &[&owner], error, &[claim]);
    }

    // Act
    let receipt = f.send_ok(&[f.sol_redeem_ix(&owner.pubkey(), &claim)], &[&owner]);

    // Assert: 3 SOL in kind, the other 7 SOL as 1,051.05 USDC, each to the unit, and nothing left owed
    let Some(MutualEvent::ClaimRedeemPayoutEvent(e)) = receipt
        .events
        .iter()
        .find(|e| matches!(e, MutualEvent::ClaimRedeemPayoutEvent(_)))
        .cloned()
    else {
        panic!("no payout event")
    };
    assert_eq!(
        (e.amount, e.in_kind, e.in_base),
        (10 * SOL, 3 * SOL, sol_high(7 * SOL, 150))
    );
    assert_eq!(e.in_base, 1_051_050_000);
    assert_eq!(wsol_balance(&f, &owner.pubkey()), sol + 3 * SOL);
    assert_eq!(f.base_balance(&owner.pubkey()), usdc + 1_051_050_000);
    assert_eq!(f.vault_balance(), base_vault - 1_051_050_000);
    assert_eq!(f.sol_vault_balance(), 0);
    assert_eq!(f.claim(&claim).unwrap().status, ClaimStatus::Paid);
    assert_eq!(f.snapshot().pending_units[1], 0);
}

#[test]
fn security_griefing_and_liveness_a_claim_no_vault_can_pay_never_lapses_and_is_paid_once_one_can() {
    // Arrange: the whole 100 SOL claimed: 3 SOL in the vault, and 97 SOL (14,564.55 USDC) more than the base
    // vault holds
    let (f, owner, assessor, claim) = accepted_sol_claim(100 * SOL);
    assert!(f.vault_balance() < sol_high(97 * SOL, 150));
    f.warp_seconds(TO_PAYOUT);
    let redeem = f.sol_redeem_ix(&owner.pubkey(), &claim);
    f.send_err_unchanged(
        std::slice::from_ref(&redeem),
        &[&owner],
        MutualError::InsufficientCapital,
        &[claim],
    );

    // Act + Assert: once the window has closed, nobody can lapse it while it cannot be paid; its voters wait
    f.warp_seconds(PAYOUT_WINDOW + DAY);
    let cranker = f.new_wallet(1);
    let cover = f.claim(&claim).unwrap().cover;
    f.send_err_unchanged(
        &[f.close_ix(&claim)],
        &[&cranker],
        MutualError::PayoutVaultShort,
        &[claim, cover, pda::treasury().0],
    );
    f.send_err(
        &[ix::vote_reward_claim(&assessor.pubkey(), &claim)],
        &[&assessor],
        MutualError::ClaimPayoutPending,
    );
    // the vault fills (97 SOL more), and the claimant is paid in full, in kind, weeks after the window
    donate_sol(&f, 97 * SOL);
    let before = wsol_balance(&f, &owner.pubkey());
    f.send_ok(&[redeem], &[&owner]);
    assert_eq!(wsol_balance(&f, &owner.pubkey()), before + 100 * SOL);
    assert_eq!(f.claim(&claim).unwrap().status, ClaimStatus::Paid);
    assert_eq!(f.sol_vault_balance(), 0);
    assert_eq!(f.snapshot().pending_units[1], 0);
}

#[test]
fn security_griefing_and_liveness_a_claim_lapses_once_its_vault_could_pay_it() {
    // Arrange: a 2 SOL claim accepted and never redeemed; the vault holds its 3 SOL premium
    let (f, m, owner) = sol_market(8_000);
    let assessor = f.with_assessor(QUORUM_TOKENS);
    f.reprice_sol(150);
    let (cover, _) = buy_sol_cover(&f, &m, &owner, 100 * SOL, YEAR);
    f.warp_seconds(1);
    let claim = f.submit_claim(&owner, &cover, 2 * SOL);
    f.vote(&assessor, &claim, true);
    f.warp_seconds(TO_PAYOUT + PAYOUT_WINDOW + 1);

    // Act
    let cranker = f.new_wallet(1);
    f.send_ok(&[f.close_ix(&claim)], &[&cranker]);

    // Assert: lapsed, released, and no longer redeemable
    assert_eq!(f.claim(&claim).unwrap().status, ClaimStatus::Lapsed);
    assert_eq!(f.snapshot().pending_units[1], 0);
    f.send_err(
        &[f.sol_redeem_ix(&owner.pubkey(), &claim)],
        &[&owner],
        MutualError::ClaimNotOpen,
    );
}

#[test]
fn security_remaining_accounts_a_trade_must_name_every_other_asset_its_own_vault_and_its_feed() {
    let (f, _, buyer) = sol_market(1_000);
    let member = f.with_funded_member(1_000 * USDC);
    f.reprice_sol(150);
    let good = f.token_buy_ix(&member.pubkey(), 100 * USDC, 0);
    let base = f.deployment();
    let wsol_asset = pda::asset(&spl_token::native_mint::ID).0;
    let wsol_vault = pda::asset_vault(&spl_token::native_mint::ID).0;
    let buyer_wsol =
        pda::associated_token(&buyer.pubkey(), &spl_token::native_mint::ID, &spl_token::ID);
    let n = good.accounts.len();
    // left out, whole or its price account
    let mut none = good.clone();
    none.accounts.truncate(n - 3);
    let mut no_price = good.clone();
    no_price.accounts.truncate(n - 1);
    // another token account of the asset's mint in place of its vault
    let wrong_vault = swap_account(good.clone(), &wsol_vault, &buyer_wsol);
    // the base asset and vault again, in place of wSOL's
    let mut base_twice = good.clone();
    base_twice.accounts[n - 3].pubkey = pda::asset(&base.base_mint).0;
    base_twice.accounts[n - 2].pubkey = base.base_vault;
    // one asset too many
    let mut extra = good.clone();
    extra.accounts.extend(good.accounts[n - 3..].to_vec());
    for bad in [none, no_price, wrong_vault, base_twice, extra] {
        f.send_err_unchanged(
            &[bad],
            &[&member],
            MutualError::InvalidAssetAccounts,
            &[pda::capital_snapshot().0, wsol_asset],
        );
    }
    // a price account other than the feed's own: one holding an older SOL price, or none at all
    let feed = prices::feed_address(&prices::sol_usd_feed());
    assert_eq!(good.accounts[n - 1].pubkey, feed);
    let elsewhere = Pubkey::new_unique();
    f.chain.set_account(&elsewhere, f.account(&feed));
    for price_account in [elsewhere, Pubkey::default(), wsol_vault] {
        let bad = swap_account(good.clone(), &feed, &price_account);
        f.send_err_unchanged(
            &[bad],
            &[&member],
            MutualError::WrongPriceAccount,
            &[pda::capital_snapshot().0, wsol_asset],
        );
    }
    f.send_ok(&[good], &[&member]);
}
