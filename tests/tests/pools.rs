//! Pools: pool_create, pool_set_products, pool_set_manager, pool_set_fee.
use anchor_lang::prelude::Pubkey;
use mutual::constants::{ACCOUNT_VERSION, LAZY_PROCESS_STEPS, MAX_TOTAL_WEIGHT};
use mutual::errors::MutualError;
use mutual::events::{PoolCreateEvent, PoolSetFeeEvent, PoolSetManagerEvent, PoolSetProductsEvent};
use mutual::instructions::{PoolCreateArgs, ProductListing};
use mutual::math::periods::bucket_id;
use mutual::math::Bps;
use mutual::state::{Pool, PoolProduct};
use mutual_sdk::{fetch, ix, pda, MutualEvent, Signer};
use mutual_tests::*;

fn listing(product_id: u32, weight: u16, price: u16) -> ProductListing {
    ProductListing {
        product_id,
        weight,
        target_price: Bps(price),
    }
}

fn args(manager: &Pubkey, fee: u16, max: u16) -> PoolCreateArgs {
    PoolCreateArgs {
        manager: *manager,
        is_private: false,
        pool_fee: Bps(fee),
        max_pool_fee: Bps(max),
    }
}

// ---- pool_create ----

#[test]
fn pool_create_opens_a_pool_with_its_own_thawed_vault() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let creator = f.with_member();
    let manager = Pubkey::new_unique();
    let before = f.lamports(&creator.pubkey());

    // Act
    let receipt = f.send_ok(
        &[ix::pool_create(
            &creator.pubkey(),
            0,
            args(&manager, 500, 2_000),
        )],
        &[&creator],
    );

    // Assert
    let pool_address = pda::pool(0).0;
    let vault = pda::pool_vault(&pool_address).0;
    let pool = f.pool(0);
    let now = f.now();
    let tranche = f.current_tranche();
    let bucket = mutual::math::periods::bucket_id(now).unwrap();
    assert_eq!(
        (pool.version, pool.bump, pool.vault_bump, pool.id),
        (
            ACCOUNT_VERSION,
            pda::pool(0).1,
            pda::pool_vault(&pool_address).1,
            0
        )
    );
    assert_eq!(
        (pool.manager, pool.vault, pool.is_private, pool.halted),
        (manager, vault, false, false)
    );
    assert_eq!(
        (pool.pool_fee, pool.max_pool_fee, pool.total_weight),
        (Bps(500), Bps(2_000), 0)
    );
    assert_eq!(
        (
            pool.active_stake,
            pool.stake_share_supply,
            pool.reward_share_supply
        ),
        (0, 0, 0)
    );
    assert_eq!(
        (pool.first_active_tranche, pool.next_bucket),
        (tranche, bucket)
    );
    assert_eq!(
        (pool.processed_at, pool.created_at, pool.reward_rate),
        (now, now, 0)
    );
    let token = fetch::token_account(&f.chain, &vault)
        .unwrap()
        .expect("vault");
    assert_eq!(
        (token.mint, token.owner, token.amount, token.state),
        (
            pda::stake_mint().0,
            pda::config().0,
            0,
            spl_token_2022_state::AccountState::Initialized
        )
    );
    assert_eq!(f.config().pool_count, 1);
    let rent = f.rent(Pool::SIZE) + f.rent(165);
    assert_eq!(f.lamports(&creator.pubkey()), before - rent - SIGNATURE_FEE);
    assert_eq!(
        only_event(&receipt),
        MutualEvent::PoolCreateEvent(PoolCreateEvent {
            id: 0,
            pool: pool_address,
            vault,
            creator: creator.pubkey(),
            manager,
            is_private: false,
            pool_fee: Bps(500),
            max_pool_fee: Bps(2_000),
        })
    );
}

use anchor_spl::token_2022::spl_token_2022::state as spl_token_2022_state;

#[test]
fn pool_create_by_a_non_member_is_refused() {
    let f = TestFixture::bootstrapped();
    let stranger = f.new_wallet(10);
    let ix = ix::pool_create(&stranger.pubkey(), 0, args(&stranger.pubkey(), 0, 0));
    // The creator's Member record does not exist: 3012 AccountNotInitialized.
    f.send_err_code(&[ix], &[&stranger], 3012);
    assert!(!f.account_exists(&pda::pool(0).0));
    assert_eq!(f.config().pool_count, 0);
}

#[test]
fn pool_create_refuses_fees_out_of_bounds() {
    let f = TestFixture::bootstrapped();
    let creator = f.with_member();
    let me = creator.pubkey();
    for (fee, max, err) in [
        (0, 10_000, MutualError::InvalidPoolFee),
        (2_001, 2_000, MutualError::PoolFeeAboveMax),
    ] {
        f.send_err_unchanged(
            &[ix::pool_create(&me, 0, args(&me, fee, max))],
            &[&creator],
            err,
            &[
                pda::config().0,
                pda::pool(0).0,
                pda::pool_vault(&pda::pool(0).0).0,
            ],
        );
    }
}

#[test]
fn pool_create_is_refused_while_staking_is_paused() {
    let f = TestFixture::bootstrapped();
    let creator = f.with_member();
    let authority = f.deployer();
    f.send_ok(
        &[ix::protocol_pause(
            &authority.pubkey(),
            mutual::state::pause_area::STAKING,
        )],
        &[authority],
    );
    let me = creator.pubkey();
    f.send_err_unchanged(
        &[ix::pool_create(&me, 0, args(&me, 0, 0))],
        &[&creator],
        MutualError::ProtocolPaused,
        &[pda::config().0],
    );
}

// ---- pool_set_products ----

#[test]
fn pool_set_products_lists_products_with_weights_and_prices() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let a = f.with_product("A");
    let b = f.with_product("B");
    let (manager, pool) = f.with_pool();
    let listings = vec![listing(a, 100, 300), listing(b, 40, 150)];

    // Act
    let receipt = f.send_ok(
        &[ix::pool_set_products(
            &manager.pubkey(),
            pool,
            listings.clone(),
        )],
        &[&manager],
    );

    // Assert
    let pool_address = pda::pool(pool).0;
    let pp = fetch::pool_product(&f.chain, pool, a)
        .unwrap()
        .expect("listing");
    assert_eq!(
        (pp.version, pp.pool, pp.product, pp.pool_id, pp.product_id),
        (ACCOUNT_VERSION, pool_address, pda::product(a).0, pool, a)
    );
    assert_eq!(
        (
            pp.target_weight,
            pp.target_price,
            pp.bumped_price,
            pp.bumped_at
        ),
        (100, Bps(300), Bps(200), f.now())
    );
    assert_eq!(
        (pp.allocations, pp.next_expiry_bucket),
        ([0; 8], mutual::math::periods::bucket_id(f.now()).unwrap())
    );
    assert_eq!(f.pool(pool).total_weight, 140);
    assert_eq!(
        only_event(&receipt),
        MutualEvent::PoolSetProductsEvent(PoolSetProductsEvent {
            pool_id: pool,
            listings,
            total_weight: 140,
        })
    );
    assert_eq!(
        f.account(&pda::pool_product(&pool_address, &pda::product(a).0).0)
            .data
            .len(),
        PoolProduct::SIZE
    );

    // Act: re-weight one, take the other off
    f.send_ok(
        &[ix::pool_set_products(
            &manager.pubkey(),
            pool,
            vec![listing(a, 10, 250), listing(b, 0, 150)],
        )],
        &[&manager],
    );

    // Assert
    assert_eq!(f.pool(pool).total_weight, 10);
    let pp = fetch::pool_product(&f.chain, pool, a).unwrap().unwrap();
    assert_eq!((pp.target_weight, pp.target_price), (10, Bps(250)));
}

#[test]
fn pool_set_products_refuses_bad_listings_and_changes_nothing() {
    let f = TestFixture::bootstrapped();
    let a = f.with_product("A");
    let (manager, pool) = f.with_pool();
    let (other_manager, other_pool) = f.with_pool();
    let mut only_other = sample_terms("Only other");
    only_other.allowed_pools = vec![other_pool];
    let restricted = f.create_product(only_other);
    let mut old = sample_terms("Old");
    old.deprecated = true;
    let deprecated = f.create_product(old);
    let pool_address = pda::pool(pool).0;
    let watched = [
        pool_address,
        pda::pool_product(&pool_address, &pda::product(a).0).0,
    ];
    let cases = [
        (
            vec![listing(a, 50, 200), listing(a, 60, 200)],
            MutualError::DuplicateProduct,
        ),
        (vec![listing(a, 101, 200)], MutualError::InvalidWeight),
        (vec![listing(a, u16::MAX, 200)], MutualError::InvalidWeight),
        (
            vec![listing(a, u16::MAX, u16::MAX)],
            MutualError::InvalidWeight,
        ),
        (vec![listing(a, 50, 99)], MutualError::TargetPriceOutOfRange),
        (
            vec![listing(a, 50, 10_001)],
            MutualError::TargetPriceOutOfRange,
        ),
        (
            vec![listing(a, 50, u16::MAX)],
            MutualError::TargetPriceOutOfRange,
        ),
        (
            vec![listing(restricted, 50, 200)],
            MutualError::PoolNotAllowed,
        ),
        (
            vec![listing(deprecated, 50, 200)],
            MutualError::ProductDeprecated,
        ),
    ];
    for (listings, err) in cases {
        f.send_err_unchanged(
            &[ix::pool_set_products(&manager.pubkey(), pool, listings)],
            &[&manager],
            err,
            &watched,
        );
    }
    // The allow-listed pool may list it.
    f.send_ok(
        &[ix::pool_set_products(
            &other_manager.pubkey(),
            other_pool,
            vec![listing(restricted, 50, 200)],
        )],
        &[&other_manager],
    );
    // A stranger is not the manager.
    let stranger = f.with_member();
    f.send_err_unchanged(
        &[ix::pool_set_products(
            &stranger.pubkey(),
            pool,
            vec![listing(a, 50, 200)],
        )],
        &[&stranger],
        MutualError::NotPoolManager,
        &watched,
    );
}

#[test]
fn a_deprecated_product_can_be_taken_down_but_not_raised() {
    let f = TestFixture::bootstrapped();
    let a = f.with_product("A");
    let (manager, pool) = f.with_pool();
    f.send_ok(
        &[ix::pool_set_products(
            &manager.pubkey(),
            pool,
            vec![listing(a, 50, 200)],
        )],
        &[&manager],
    );
    let mut terms = sample_terms("A");
    terms.deprecated = true;
    f.send_ok(
        &[ix::product_update(&f.deployer().pubkey(), a, terms)],
        &[f.deployer()],
    );
    f.send_err(
        &[ix::pool_set_products(
            &manager.pubkey(),
            pool,
            vec![listing(a, 60, 200)],
        )],
        &[&manager],
        MutualError::ProductDeprecated,
    );
    f.send_ok(
        &[ix::pool_set_products(
            &manager.pubkey(),
            pool,
            vec![listing(a, 0, 200)],
        )],
        &[&manager],
    );
    assert_eq!(f.pool(pool).total_weight, 0);
}

#[test]
fn a_pool_dropped_from_the_allow_list_can_take_the_product_down_but_not_raise_it() {
    // Arrange: the pool lists the product, then the authority restricts it to another pool.
    let f = TestFixture::bootstrapped();
    let a = f.with_product("A");
    let (manager, pool) = f.with_pool();
    let (_, other_pool) = f.with_pool();
    f.list_product(&manager, pool, a, 50, 200);
    let mut terms = sample_terms("A");
    terms.allowed_pools = vec![other_pool];
    f.send_ok(
        &[ix::product_update(&f.deployer().pubkey(), a, terms)],
        &[f.deployer()],
    );
    let pool_address = pda::pool(pool).0;
    let listing_address = pda::pool_product(&pool_address, &pda::product(a).0).0;

    // Act + Assert: raising is refused and changes nothing; lowering, then taking down, frees the weight.
    f.send_err_unchanged(
        &[ix::pool_set_products(
            &manager.pubkey(),
            pool,
            vec![listing(a, 60, 200)],
        )],
        &[&manager],
        MutualError::PoolNotAllowed,
        &[pool_address, listing_address],
    );
    for weight in [20, 0] {
        f.list_product(&manager, pool, a, weight, 200);
        assert_eq!(f.pool(pool).total_weight, weight);
        assert_eq!(f.pool_product(pool, a).target_weight, weight);
    }
}

#[test]
fn total_weight_is_capped_at_2000() {
    let f = TestFixture::bootstrapped();
    let ids: Vec<u32> = (0..21).map(|i| f.with_product(&format!("P{i}"))).collect();
    let (manager, pool) = f.with_pool();
    for chunk in ids[..20].chunks(5) {
        let listings = chunk.iter().map(|id| listing(*id, 100, 200)).collect();
        f.send_ok(
            &[ix::pool_set_products(&manager.pubkey(), pool, listings)],
            &[&manager],
        );
    }
    assert_eq!(f.pool(pool).total_weight, MAX_TOTAL_WEIGHT);
    f.send_err_unchanged(
        &[ix::pool_set_products(
            &manager.pubkey(),
            pool,
            vec![listing(ids[20], 1, 200)],
        )],
        &[&manager],
        MutualError::TotalWeightExceeded,
        &[pda::pool(pool).0],
    );
}

#[test]
fn pool_set_products_needs_a_pair_of_accounts_per_listing() {
    let f = TestFixture::bootstrapped();
    let a = f.with_product("A");
    let (manager, pool) = f.with_pool();
    let mut ix = ix::pool_set_products(&manager.pubkey(), pool, vec![listing(a, 50, 200)]);
    ix.accounts.pop();
    f.send_err(&[ix], &[&manager], MutualError::InvalidProductAccounts);
    let empty = ix::pool_set_products(&manager.pubkey(), pool, vec![]);
    f.send_err(&[empty], &[&manager], MutualError::InvalidProductAccounts);
    let nine: Vec<ProductListing> = (0..9).map(|i| listing(i, 1, 200)).collect();
    f.send_err(
        &[ix::pool_set_products(&manager.pubkey(), pool, nine)],
        &[&manager],
        MutualError::InvalidProductAccounts,
    );
}

#[test]
fn security_owner_type_cosplay_another_account_type_as_the_product_is_refused() {
    let f = TestFixture::bootstrapped();
    let a = f.with_product("A");
    let (manager, pool) = f.with_pool();
    // The product's RiskSignals: owned by the program, the wrong discriminator (3002).
    let ix = swap_account(
        ix::pool_set_products(&manager.pubkey(), pool, vec![listing(a, 50, 200)]),
        &pda::product(a).0,
        &pda::risk_signals(&pda::product(a).0).0,
    );
    f.send_err_code(&[ix], &[&manager], 3002);
    // Another product than the listing names.
    let b = f.with_product("B");
    let ix = swap_account(
        ix::pool_set_products(&manager.pubkey(), pool, vec![listing(a, 50, 200)]),
        &pda::product(a).0,
        &pda::product(b).0,
    );
    f.send_err(&[ix], &[&manager], MutualError::InvalidProductAccounts);
}

#[test]
fn security_pda_sharing_another_pools_listing_is_refused() {
    let f = TestFixture::bootstrapped();
    let a = f.with_product("A");
    let (manager, pool) = f.with_pool();
    let (other_manager, other) = f.with_pool();
    f.send_ok(
        &[ix::pool_set_products(
            &other_manager.pubkey(),
            other,
            vec![listing(a, 50, 200)],
        )],
        &[&other_manager],
    );
    let product = pda::product(a).0;
    let theirs = pda::pool_product(&pda::pool(other).0, &product).0;
    let ix = swap_account(
        ix::pool_set_products(&manager.pubkey(), pool, vec![listing(a, 90, 200)]),
        &pda::pool_product(&pda::pool(pool).0, &product).0,
        &theirs,
    );
    f.send_err_unchanged(
        &[ix],
        &[&manager],
        MutualError::InvalidProductAccounts,
        &[theirs],
    );
}

// ---- pool_set_manager, pool_set_fee ----

#[test]
fn the_manager_hands_over_and_sets_the_fee() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let (manager, pool) = f.with_pool();
    let next = f.with_member();

    // Act
    let fee = f.send_ok(
        &[ix::pool_set_fee(&manager.pubkey(), pool, Bps(2_000))],
        &[&manager],
    );
    let handed = f.send_ok(
        &[ix::pool_set_manager(
            &manager.pubkey(),
            pool,
            &next.pubkey(),
        )],
        &[&manager],
    );

    // Assert
    let state = f.pool(pool);
    assert_eq!((state.pool_fee, state.manager), (Bps(2_000), next.pubkey()));
    assert_eq!(
        only_event(&fee),
        MutualEvent::PoolSetFeeEvent(PoolSetFeeEvent {
            pool_id: pool,
            pool_fee: Bps(2_000)
        })
    );
    assert_eq!(
        only_event(&handed),
        MutualEvent::PoolSetManagerEvent(PoolSetManagerEvent {
            pool_id: pool,
            previous_manager: manager.pubkey(),
            manager: next.pubkey(),
        })
    );
    // The old manager no longer manages.
    f.send_err_unchanged(
        &[ix::pool_set_fee(&manager.pubkey(), pool, Bps(0))],
        &[&manager],
        MutualError::NotPoolManager,
        &[pda::pool(pool).0],
    );
}

#[test]
fn security_has_one_a_wrong_manager_is_refused_everywhere() {
    // Arrange: a pool with a listing, stake, and pool-fee rewards streamed from a cover, so that each setting
    // and the fee withdrawal has something to take; the signer is a member, but not the manager.
    let f = TestFixture::bootstrapped();
    let market = f.with_cover_market("A", &[(100, 300, 1_000)]);
    let (product, pool) = (market.product, market.pools[0]);
    let buyer = f.with_funded_member(1_000 * USDC);
    f.buy_cover(&buyer, product, 100 * USDC, 28 * DAY, &market.pools);
    f.warp_days(14);
    let mut replica = f.pool(pool);
    replica
        .process(f.now(), LAZY_PROCESS_STEPS, &mut [])
        .unwrap();
    assert!(replica.take_manager_rewards().unwrap() > 0);
    let stranger = f.with_member();
    let me = stranger.pubkey();
    let pool_address = pda::pool(pool).0;
    let watched = [
        pool_address,
        pda::pool_vault(&pool_address).0,
        pda::pool_product(&pool_address, &pda::product(product).0).0,
        pda::stake_account(&me),
        pda::member(&me).0,
    ];

    // Act + Assert: every manager instruction checks the pool's manager (`has_one`) against the signer.
    for ix in [
        ix::pool_set_products(&me, pool, vec![listing(product, 1, 10_000)]),
        ix::pool_set_fee(&me, pool, Bps(0)),
        ix::pool_set_manager(&me, pool, &me),
        ix::pool_fee_withdraw(&me, pool),
    ] {
        f.send_err_unchanged(&[ix], &[&stranger], MutualError::NotPoolManager, &watched);
    }
    let state = f.pool(pool);
    let manager = &market.managers[0];
    assert_eq!(
        (state.manager, state.pool_fee, state.total_weight),
        (manager.pubkey(), Bps(1_000), 100)
    );
    // The same fee withdrawal signed by the manager goes through.
    let before = f.stake_balance(&manager.pubkey());
    f.send_ok(
        &[ix::pool_fee_withdraw(&manager.pubkey(), pool)],
        &[manager],
    );
    assert!(f.stake_balance(&manager.pubkey()) > before);
}

#[test]
fn the_managers_settings_process_the_pool_lazily_and_never_refuse_a_pool_behind() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let a = f.with_product("A");
    let (manager, pool) = f.with_pool();
    f.warp_days(30);

    // Act + Assert: one bucket end behind, the fee change catches the pool up.
    f.send_ok(
        &[ix::pool_set_fee(&manager.pubkey(), pool, Bps(1_000))],
        &[&manager],
    );
    let state = f.pool(pool);
    assert_eq!(
        (state.processed_at, state.next_bucket),
        (f.now(), bucket_id(f.now()).unwrap())
    );

    // Two idle years: each setting crosses its fixed bound of boundaries and goes through.
    f.warp_days(730);
    let boundaries = (1..)
        .take_while(|n| nth_boundary(&f.pool(pool), *n) <= f.now())
        .count() as u32;
    let sends = [
        ix::pool_set_products(&manager.pubkey(), pool, vec![listing(a, 10, 200)]),
        ix::pool_set_manager(&manager.pubkey(), pool, &manager.pubkey()),
        ix::pool_set_fee(&manager.pubkey(), pool, Bps(500)),
    ];
    for send in sends {
        let expected = nth_boundary(&f.pool(pool), LAZY_PROCESS_STEPS);
        f.send_ok(&[send], &[&manager]);
        assert_eq!(f.pool(pool).processed_at, expected);
        assert!(expected < f.now());
    }
    // The rest of the two years goes over more calls, 8 boundaries each, until the pool is processed.
    let mut calls = 3;
    while f.pool(pool).processed_at < f.now() {
        f.send_ok(
            &[ix::pool_set_fee(&manager.pubkey(), pool, Bps(500))],
            &[&manager],
        );
        calls += 1;
        assert!(calls <= boundaries, "each call must make progress");
    }
    assert!(boundaries > 3 * LAZY_PROCESS_STEPS);
    assert_eq!(calls, boundaries.div_ceil(LAZY_PROCESS_STEPS));
    let state = f.pool(pool);
    assert_eq!(
        (state.pool_fee, state.total_weight, state.manager),
        (Bps(500), 10, manager.pubkey())
    );
    assert_eq!(state.next_bucket, bucket_id(f.now()).unwrap());
}

#[test]
fn a_fee_above_the_max_is_refused() {
    let f = TestFixture::bootstrapped();
    let (manager, pool) = f.with_pool();
    f.send_err_unchanged(
        &[ix::pool_set_fee(&manager.pubkey(), pool, Bps(2_001))],
        &[&manager],
        MutualError::PoolFeeAboveMax,
        &[pda::pool(pool).0],
    );
}
