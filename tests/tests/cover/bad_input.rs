//! Refused buys (bad input), and cover in an asset other than the base.
use super::*;
use anchor_spl::token::spl_token;
use mutual::errors::MutualError;
use mutual::instructions::CoverBuyArgs;
use mutual::math::Bps;
use mutual::state::pause_area;
use mutual_sdk::prices::{self, PythPrice};
use mutual_sdk::{capital, ix, pda, spl, MutualEvent, Signer};
use test_case::test_case;

enum Bad {
    ShortPeriod,
    LongPeriod,
    Deprecated,
    Paused,
    HaltedPool,
    PoolNotAllowed,
    SamePoolTwice,
    ZeroAmount,
    HugeAmount,
    PremiumTooHigh,
    NoPools,
}

#[test_case(Bad::ShortPeriod, MutualError::InvalidCoverPeriod; "27 days")]
#[test_case(Bad::LongPeriod, MutualError::InvalidCoverPeriod; "366 days")]
#[test_case(Bad::Deprecated, MutualError::ProductDeprecated; "a deprecated product")]
#[test_case(Bad::Paused, MutualError::ProtocolPaused; "buying paused")]
#[test_case(Bad::HaltedPool, MutualError::PoolHalted; "a halted pool")]
#[test_case(Bad::PoolNotAllowed, MutualError::PoolNotAllowed; "a pool off the allow-list")]
#[test_case(Bad::SamePoolTwice, MutualError::DuplicatePool; "the same pool twice")]
#[test_case(Bad::ZeroAmount, MutualError::ZeroAmount; "zero")]
#[test_case(Bad::HugeAmount, MutualError::MathOverflow; "near u64 max")]
#[test_case(Bad::PremiumTooHigh, MutualError::PremiumTooHigh; "above max_premium")]
#[test_case(Bad::NoPools, MutualError::InvalidPoolAccounts; "no pools")]
fn a_bad_buy_is_refused_and_changes_nothing(bad: Bad, expected: MutualError) {
    let (f, m, buyer) = one_pool();
    let (pool, product) = (m.pools[0], m.product);
    let mut amount = 1_000 * USDC;
    let mut period = YEAR;
    let mut max_premium = u64::MAX;
    let mut pools = vec![pool];
    match bad {
        Bad::ShortPeriod => period = 27 * DAY,
        Bad::LongPeriod => period = YEAR + DAY,
        Bad::Deprecated | Bad::PoolNotAllowed => {
            let mut terms = f.product(product).terms;
            match bad {
                Bad::Deprecated => terms.deprecated = true,
                _ => {
                    let (_, other) = f.with_pool();
                    terms.allowed_pools = vec![other];
                }
            }
            f.send_ok(
                &[ix::product_update(&f.deployer().pubkey(), product, terms)],
                &[f.deployer()],
            );
        }
        Bad::Paused => {
            f.send_ok(
                &[ix::protocol_pause(&f.deployer().pubkey(), pause_area::BUY)],
                &[f.deployer()],
            );
        }
        Bad::HaltedPool => {
            let mut state = f.pool(pool);
            state.halted = true;
            f.write_anchor_account(&pda::pool(pool).0, &state);
        }
        Bad::SamePoolTwice => pools = vec![pool, pool],
        Bad::ZeroAmount => amount = 0,
        Bad::HugeAmount => amount = u64::MAX,
        Bad::PremiumTooHigh => max_premium = premium_of(amount, 300, period) - 1,
        Bad::NoPools => pools = vec![],
    }
    let watched = [
        pda::product(product).0,
        pda::pool(pool).0,
        pda::pool_product(&pda::pool(pool).0, &pda::product(product).0).0,
        pda::asset(&f.deployment().base_mint).0,
        f.deployment().base_vault,
        f.deployment().base_account(&buyer.pubkey()),
        pda::stake_mint().0,
    ];
    f.send_err_unchanged(
        &[f.cover_buy_ix(
            &buyer.pubkey(),
            product,
            amount,
            period,
            max_premium,
            &pools,
        )],
        &[&buyer],
        expected,
        &watched,
    );
    assert!(!f.account_exists(&mutual_sdk::cover::cover_address(product, 0)));
}

#[test]
fn a_buy_in_an_asset_the_product_does_not_offer_is_refused() {
    let (f, m, buyer) = one_pool();
    let wsol = spl_token::native_mint::ID;
    mutual_migrations::register_wrapped_sol(&f.chain, f.deployer()).expect("wSOL");
    let payer = pda::associated_token(&buyer.pubkey(), &wsol, &spl_token::ID);
    f.send_ok(
        &[spl::create_associated_account(
            &buyer.pubkey(),
            &buyer.pubkey(),
            &wsol,
            &spl_token::ID,
        )],
        &[&buyer],
    );
    let asset = ix::CoverAsset {
        mint: wsol,
        token_program: spl_token::ID,
    };
    let buy = ix::cover_buy(
        &buyer.pubkey(),
        m.product,
        0,
        &asset,
        &payer,
        None,
        &m.pools,
        CoverBuyArgs {
            owner: buyer.pubkey(),
            amount: 1_000_000_000,
            period: YEAR as u32,
            max_premium: u64::MAX,
            commission_bps: Bps::ZERO,
        },
    );
    f.send_err(&[buy], &[&buyer], MutualError::AssetNotAllowed);
}

#[test]
fn cover_in_wrapped_sol_needs_a_valued_asset_and_a_fresh_snapshot_then_uses_its_high_price() {
    // Arrange: a product offering USDC and wSOL; the buyer holds 10 SOL wrapped
    let f = TestFixture::bootstrapped();
    let wsol = spl_token::native_mint::ID;
    mutual_migrations::register_wrapped_sol(&f.chain, f.deployer()).expect("wSOL");
    let mut terms = sample_terms("SOL cover");
    terms.cover_assets = 0b11;
    let product = f.create_product(terms);
    let m = f.with_pools_for(product, &[(100, 300, 1_000_000)]);
    let buyer = f.with_member();
    let payer = pda::associated_token(&buyer.pubkey(), &wsol, &spl_token::ID);
    f.send_ok(
        &[
            spl::create_associated_account(&buyer.pubkey(), &buyer.pubkey(), &wsol, &spl_token::ID),
            anchor_lang::solana_program::system_instruction::transfer(
                &buyer.pubkey(),
                &payer,
                5_000_000_000,
            ),
            spl_token::instruction::sync_native(&spl_token::ID, &payer).unwrap(),
        ],
        &[&buyer],
    );
    let asset = ix::CoverAsset {
        mint: wsol,
        token_program: spl_token::ID,
    };
    let buy = |f: &TestFixture| {
        ix::cover_buy(
            &buyer.pubkey(),
            product,
            f.product(product).next_cover_seq,
            &asset,
            &payer,
            None,
            &m.pools,
            CoverBuyArgs {
                owner: buyer.pubkey(),
                amount: 100_000_000_000,
                period: YEAR as u32,
                max_premium: u64::MAX,
                commission_bps: Bps::ZERO,
            },
        )
    };

    // Before its valuation delay is over the asset takes no cover; after it, a stale snapshot is refused
    f.send_err(&[buy(&f)], &[&buyer], MutualError::AssetNotYetValued);
    f.warp_seconds(2 * DAY);
    f.send_err(&[buy(&f)], &[&buyer], MutualError::StaleSnapshot);

    // Act: refresh at $150 ± 0.15, then buy 100 SOL of cover for a year at 3%: 3 SOL
    let price = PythPrice {
        price: 15_000_000_000,
        conf: 15_000_000,
        exponent: -8,
        publish_time: f.now(),
    };
    f.chain.set_price(prices::sol_usd_feed(), price).unwrap();
    let refresh = capital::refresh_ix(&f.chain).unwrap();
    f.send_ok(&[refresh], &[&buyer]);
    let bv = f.snapshot().book_value;
    let receipt = f.send_ok(&[buy(&f)], &[&buyer]);

    // Assert: 3 SOL paid into the wSOL vault; capacity at the high price (150.15 USDC a SOL)
    let vault = pda::asset_vault(&wsol).0;
    assert_eq!(
        mutual_sdk::fetch::token_balance(&f.chain, &vault).unwrap(),
        3_000_000_000
    );
    let MutualEvent::CoverBuyEvent(event) = receipt
        .events
        .iter()
        .find(|e| matches!(e, MutualEvent::CoverBuyEvent(_)))
        .cloned()
        .unwrap()
    else {
        unreachable!()
    };
    assert_eq!(event.placement[0].units, units_for(15_015 * USDC, bv));
    // and the premium is capital at once, at the low price (149.85 USDC a SOL), with the stakers' rewards in
    // the supply (decision 64)
    let snapshot = f.snapshot();
    assert_eq!(snapshot.non_base_capital, 449_550_000);
    assert_eq!(snapshot.active_cover, 15_015 * USDC);
    assert_eq!(snapshot.stake_supply, f.stake_supply());
    assert_eq!(f.asset(&wsol).active_cover_amount, 100_000_000_000);
}
