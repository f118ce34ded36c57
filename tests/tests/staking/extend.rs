//! stake_extend: a later tranche with more reward shares, merging into a position, and refused tranches.
use super::*;
use mutual::errors::MutualError;
use mutual::events::StakeExtendEvent;
use mutual::state::PoolTranche;
use mutual_sdk::{ix, pda, MutualEvent, Signer};

#[test]
fn extend_moves_the_stake_to_a_later_tranche_with_more_reward_shares() {
    // Arrange
    let (f, pool, staker) = setup();
    let tranche = f.current_tranche();
    f.stake(&staker, pool, tranche, 10 * STAKE);
    let lamports = f.lamports(&staker.pubkey());

    // Act
    let receipt = f.send_ok(
        &[ix::stake_extend(
            &staker.pubkey(),
            pool,
            tranche,
            tranche + 2,
        )],
        &[&staker],
    );

    // Assert
    let pool_address = pda::pool(pool).0;
    assert!(!f.account_exists(&pda::stake_position(&pool_address, tranche, &staker.pubkey()).0));
    let moved = f.position(pool, tranche + 2, &staker.pubkey()).unwrap();
    let reward = 12 * STAKE as u128;
    assert_eq!(
        (moved.stake_shares, moved.reward_shares, moved.fee_shares),
        ((10 * STAKE) as u128, reward, reward / 9)
    );
    let state = f.pool(pool);
    assert_eq!(state.tranches[(tranche % 8) as usize].stake_shares, 0);
    assert_eq!(
        state.tranches[((tranche + 2) % 8) as usize].stake_shares,
        (10 * STAKE) as u128
    );
    assert_eq!(
        (state.active_stake, state.reward_share_supply),
        (10 * STAKE, reward + reward / 9)
    );
    assert_eq!(f.member(&staker.pubkey()).unwrap().active_positions, 1);
    // The old position's rent pays for the new one and the new checkpoint.
    let rent = f.rent(PoolTranche::SIZE);
    assert_eq!(
        f.lamports(&staker.pubkey()),
        lamports - rent - SIGNATURE_FEE
    );
    assert_eq!(
        only_event(&receipt),
        MutualEvent::StakeExtendEvent(StakeExtendEvent {
            pool_id: pool,
            owner: staker.pubkey(),
            from_tranche: tranche,
            to_tranche: tranche + 2,
            stake_shares: (10 * STAKE) as u128,
            reward_shares: reward,
            rewards_moved: 0,
        })
    );
}

#[test]
fn extend_into_an_existing_position_merges_them() {
    let (f, pool, staker) = setup();
    let tranche = f.current_tranche();
    f.stake(&staker, pool, tranche, 10 * STAKE);
    f.stake(&staker, pool, tranche + 1, 5 * STAKE);
    assert_eq!(f.member(&staker.pubkey()).unwrap().active_positions, 2);
    f.send_ok(
        &[ix::stake_extend(
            &staker.pubkey(),
            pool,
            tranche,
            tranche + 1,
        )],
        &[&staker],
    );
    let merged = f.position(pool, tranche + 1, &staker.pubkey()).unwrap();
    assert_eq!(merged.stake_shares, (15 * STAKE) as u128);
    assert_eq!(f.member(&staker.pubkey()).unwrap().active_positions, 1);
}

#[test]
fn extend_to_an_earlier_same_or_inactive_tranche_is_refused() {
    let (f, pool, staker) = setup();
    let tranche = f.current_tranche() + 2;
    f.stake(&staker, pool, tranche, 10 * STAKE);
    let position = pda::stake_position(&pda::pool(pool).0, tranche, &staker.pubkey()).0;
    for (to, err) in [
        (tranche - 1, MutualError::InvalidTranche),
        (tranche, MutualError::InvalidTranche),
        (f.current_tranche() + 8, MutualError::InvalidTranche),
    ] {
        f.send_err_unchanged(
            &[ix::stake_extend(&staker.pubkey(), pool, tranche, to)],
            &[&staker],
            err,
            &[position, pda::pool(pool).0],
        );
    }
    // An expired tranche cannot be extended: its stake is no longer active.
    let first = f.current_tranche();
    f.stake(&staker, pool, first, 2 * STAKE);
    expire(&f, first);
    f.send_ok(&[ix::pool_process_expirations(pool, &[first])], &[&staker]);
    let pool_address = pda::pool(pool).0;
    f.send_err_unchanged(
        &[ix::stake_extend(&staker.pubkey(), pool, first, first + 3)],
        &[&staker],
        MutualError::InvalidTranche,
        &[
            pool_address,
            pda::member(&staker.pubkey()).0,
            pda::stake_position(&pool_address, first, &staker.pubkey()).0,
            pda::pool_tranche(&pool_address, first).0,
            pda::stake_position(&pool_address, first + 3, &staker.pubkey()).0,
            pda::pool_tranche(&pool_address, first + 3).0,
        ],
    );
}
