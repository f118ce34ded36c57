//! stake_position_transfer: to another member, and not to a non-member or the owner.
use super::*;
use anchor_lang::prelude::Pubkey;
use mutual::errors::MutualError;
use mutual::events::StakePositionTransferEvent;
use mutual_sdk::{ix, pda, MutualEvent, Signer};

#[test]
fn a_position_moves_to_another_member() {
    // Arrange
    let (f, pool, alice) = setup();
    let bob = f.with_member();
    let tranche = f.current_tranche() + 1;
    f.stake(&alice, pool, tranche, 10 * STAKE);
    let before = f.position(pool, tranche, &alice.pubkey()).unwrap();
    let old_position = pda::stake_position(&pda::pool(pool).0, tranche, &alice.pubkey()).0;
    let rent = f.lamports(&old_position);
    let alice_lamports = f.lamports(&alice.pubkey());

    // Act
    let receipt = f.send_ok(
        &[ix::stake_position_transfer(
            &alice.pubkey(),
            pool,
            tranche,
            &bob.pubkey(),
        )],
        &[&alice],
    );

    // Assert: the giver's position closed and its rent came back (alice also paid the new position's rent and the
    // fee).
    assert!(!f.account_exists(&old_position));
    let new_position = pda::stake_position(&pda::pool(pool).0, tranche, &bob.pubkey()).0;
    assert_eq!(
        f.lamports(&alice.pubkey()),
        alice_lamports + rent - f.lamports(&new_position) - SIGNATURE_FEE
    );
    let moved = f.position(pool, tranche, &bob.pubkey()).unwrap();
    assert_eq!(
        (
            moved.owner,
            moved.stake_shares,
            moved.reward_shares,
            moved.fee_shares
        ),
        (
            bob.pubkey(),
            before.stake_shares,
            before.reward_shares,
            before.fee_shares
        )
    );
    assert_eq!(f.member(&alice.pubkey()).unwrap().active_positions, 0);
    assert_eq!(f.member(&bob.pubkey()).unwrap().active_positions, 1);
    assert_eq!(
        only_event(&receipt),
        MutualEvent::StakePositionTransferEvent(StakePositionTransferEvent {
            pool_id: pool,
            tranche,
            from: alice.pubkey(),
            to: bob.pubkey(),
            stake_shares: before.stake_shares,
            rewards: 0,
        })
    );
    // Bob withdraws it after expiry.
    expire(&f, tranche);
    let balance = f.stake_balance(&bob.pubkey());
    f.send_ok(
        &[ix::stake_position_transfer(
            &bob.pubkey(),
            pool,
            tranche,
            &alice.pubkey(),
        )],
        &[&bob],
    );
    withdraw(&f, &alice, pool, tranche, false);
    assert_eq!(f.stake_balance(&bob.pubkey()), balance);
    assert_eq!(f.pool_vault_balance(pool), 0);
}

#[test]
fn a_position_cannot_go_to_a_non_member_or_to_its_owner() {
    let (f, pool, alice) = setup();
    let tranche = f.current_tranche();
    f.stake(&alice, pool, tranche, 10 * STAKE);
    let stranger = Pubkey::new_unique();
    f.send_err_code(
        &[ix::stake_position_transfer(
            &alice.pubkey(),
            pool,
            tranche,
            &stranger,
        )],
        &[&alice],
        3012,
    );
    let position = pda::stake_position(&pda::pool(pool).0, tranche, &alice.pubkey()).0;
    f.send_err_unchanged(
        &[ix::stake_position_transfer(
            &alice.pubkey(),
            pool,
            tranche,
            &alice.pubkey(),
        )],
        &[&alice],
        MutualError::SameOwner,
        &[position],
    );
}
