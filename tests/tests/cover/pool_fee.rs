//! The pool fee: the manager withdraws its share of the streamed rewards.
use super::*;
use anchor_lang::prelude::Pubkey;
use mutual::errors::MutualError;
use mutual_sdk::{ix, pda, MutualEvent, Signer};

#[test]
fn the_manager_withdraws_the_pool_fee_share_of_the_streamed_rewards() {
    // Arrange: a cover's rewards stream to the pool; the manager's fee shares are 10% of its reward shares
    let (f, m, buyer) = one_pool();
    let (pool, manager) = (m.pools[0], &m.managers[0]);
    let receipt = f.send_ok(
        &[f.cover_buy_ix(
            &buyer.pubkey(),
            m.product,
            1_000 * USDC,
            73 * DAY,
            u64::MAX,
            &m.pools,
        )],
        &[&buyer],
    );
    let MutualEvent::CoverBuyEvent(event) = only_event(&receipt) else {
        panic!("not a buy")
    };
    let rewards = event.placement[0].rewards;
    let pool_address = pda::pool(pool).0;
    let watched = |wallet: &Pubkey| {
        [
            pool_address,
            pda::pool_vault(&pool_address).0,
            pda::stake_account(wallet),
        ]
    };
    f.send_err_unchanged(
        &[ix::pool_fee_withdraw(&buyer.pubkey(), pool)],
        &[&buyer],
        MutualError::NotPoolManager,
        &watched(&buyer.pubkey()),
    );
    // Past the end of the stream every reward has been paid out to the shares.
    f.warp_days(120);
    let mut replica = f.pool(pool);
    replica
        .process(f.now(), mutual::constants::MAX_PROCESS_STEPS, &mut [])
        .unwrap();
    let expected = replica.take_manager_rewards().unwrap();
    let before = f.stake_balance(&manager.pubkey());
    let vault = f.pool_vault_balance(pool);

    // Act
    let receipt = f.send_ok(
        &[ix::pool_fee_withdraw(&manager.pubkey(), pool)],
        &[manager],
    );

    // Assert: exactly the replica's figure, which is 10% of the rewards, rounded down
    assert_eq!(f.stake_balance(&manager.pubkey()), before + expected);
    assert_eq!(f.pool_vault_balance(pool), vault - expected);
    assert!(
        expected <= rewards / 10 && expected + 2 >= rewards / 10,
        "{expected} of {rewards}"
    );
    assert_eq!(
        only_event(&receipt),
        MutualEvent::PoolFeeWithdrawEvent(mutual::events::PoolFeeWithdrawEvent {
            pool_id: pool,
            manager: manager.pubkey(),
            amount: expected,
        })
    );
    assert_eq!(f.pool(pool).manager_rewards, 0);
    f.send_err_unchanged(
        &[ix::pool_fee_withdraw(&manager.pubkey(), pool)],
        &[manager],
        MutualError::NothingToWithdraw,
        &watched(&manager.pubkey()),
    );
}
