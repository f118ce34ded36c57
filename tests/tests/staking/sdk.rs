//! The SDK: free capacity, a member's positions, and the crank a client sends first.
use super::*;
use mutual::constants::TRANCHE_DURATION;
use mutual_sdk::{ix, pda, Signer};

#[test]
fn the_sdk_reports_free_capacity_from_the_stake_active_at_the_covers_end() {
    // Arrange: a listing at weight 50 of a product with 25% capacity reduction
    let f = TestFixture::bootstrapped();
    let mut terms = sample_terms("A");
    terms.capacity_reduction = mutual::math::Bps(2_500);
    let product = f.create_product(terms);
    let (manager, pool) = f.with_pool();
    f.send_ok(
        &[ix::pool_set_products(
            &manager.pubkey(),
            pool,
            vec![mutual::instructions::ProductListing {
                product_id: product,
                weight: 50,
                target_price: mutual::math::Bps(300),
            }],
        )],
        &[&manager],
    );
    let staker = f.with_staker(100);
    let current = f.current_tranche();
    f.stake(&staker, pool, current, 40 * STAKE);
    f.stake(&staker, pool, current + 7, 20 * STAKE);

    // Act: a 28-day cover (plus 30 days grace) ends before the current tranche might; a 365-day one far later
    let short = mutual_sdk::staking::product_capacity(&f.chain, product, 28 * DAY).unwrap();
    let long = mutual_sdk::staking::product_capacity(&f.chain, product, 365 * DAY).unwrap();

    // Assert: capacity = stake active at the end · 2x · 75% · 50/100
    let end = |period: i64| mutual::math::periods::tranche_id(f.now() + period + 30 * DAY).unwrap();
    let stake_at = |period: i64| {
        if end(period) == current {
            60 * STAKE
        } else {
            20 * STAKE
        }
    };
    for (rows, period) in [(&short, 28 * DAY), (&long, 365 * DAY)] {
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (
                rows[0].pool_id,
                rows[0].weight,
                rows[0].target_price_bps,
                rows[0].free
            ),
            (pool, 50, 300, stake_at(period) * 2 * 3 / 4 / 2)
        );
    }
    assert_eq!(long[0].free, 15 * STAKE);
}

#[test]
fn the_sdk_lists_a_members_positions_through_program_accounts() {
    let (f, pool, staker) = setup();
    let other = f.with_staker(10);
    let current = f.current_tranche();
    f.stake(&staker, pool, current, 3 * STAKE);
    f.stake(&staker, pool, current + 2, 4 * STAKE);
    f.stake(&other, pool, current, 5 * STAKE);
    let mine = mutual_sdk::staking::positions_of(&f.chain, &staker.pubkey()).unwrap();
    let mut tranches: Vec<u32> = mine.iter().map(|(_, p)| p.tranche).collect();
    tranches.sort();
    assert_eq!(tranches, vec![current, current + 2]);
    for (address, position) in &mine {
        assert_eq!(
            *address,
            pda::stake_position(&pda::pool(pool).0, position.tranche, &staker.pubkey()).0
        );
    }
    let pools =
        mutual_sdk::staking::all_of::<mutual::state::Pool>(&f.chain, mutual::state::Pool::SIZE)
            .unwrap();
    assert_eq!(pools.len(), 1);
}

#[test]
fn the_sdk_prepends_the_crank_only_when_lazy_processing_cannot_catch_up() {
    let (f, pool, staker) = setup();
    let current = f.current_tranche();
    f.stake(&staker, pool, current, 3 * STAKE);
    assert!(mutual_sdk::staking::catch_up(&f.pool(pool), f.now()).is_empty());
    f.warp_seconds(3 * TRANCHE_DURATION);
    let crank = mutual_sdk::staking::catch_up(&f.pool(pool), f.now());
    assert_eq!(crank, vec![ix::pool_process_expirations(pool, &[current])]);
    // Lazy processing alone stops at the expiry that needs its checkpoint; the SDK's view goes past it, as the
    // crank will.
    let mut lazy = f.pool(pool);
    let stopped = lazy
        .process(f.now(), mutual::constants::LAZY_PROCESS_STEPS, &mut [])
        .unwrap();
    assert_eq!((stopped.caught_up, lazy.active_stake), (false, 3 * STAKE));
    let preview = mutual_sdk::staking::as_processed(&f.pool(pool), f.now());
    assert_eq!(preview.active_stake, 0);
    let mut ixs = crank;
    ixs.push(ix::stake_deposit(
        &staker.pubkey(),
        pool,
        f.current_tranche(),
        STAKE,
    ));
    f.send_ok(&ixs, &[&staker]);
    let after = f.pool(pool);
    assert_eq!(after.active_stake, STAKE);
    assert_eq!(
        (preview.first_active_tranche, preview.next_bucket),
        (after.first_active_tranche, after.next_bucket)
    );
}
