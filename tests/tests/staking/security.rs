//! The SECURITY.md attacks on staking: PDA sharing, has_one, closing revival, duplicate accounts.
use super::*;
use mutual::errors::MutualError;
use mutual::state::StakePosition;
use mutual_sdk::{ix, pda, Signer};

#[test]
fn security_pda_sharing_another_pools_vault_is_refused() {
    // Arrange: two pools, each holding stake of the same staker in the same tranche.
    let (f, pool, staker) = setup();
    let (_, other) = f.with_pool();
    let tranche = f.current_tranche();
    f.stake(&staker, pool, tranche, 5 * STAKE);
    f.stake(&staker, other, tranche, 7 * STAKE);
    let (mine, theirs) = (pda::pool(pool).0, pda::pool(other).0);
    let (my_vault, their_vault) = (pda::pool_vault(&mine).0, pda::pool_vault(&theirs).0);
    let watched = [
        mine,
        theirs,
        my_vault,
        their_vault,
        pda::stake_position(&mine, tranche, &staker.pubkey()).0,
        pda::stake_position(&theirs, tranche, &staker.pubkey()).0,
        pda::stake_account(&staker.pubkey()),
        pda::member(&staker.pubkey()).0,
    ];

    // Act + Assert: a deposit into this pool paid into the other pool's vault.
    let deposit = swap_account(
        ix::stake_deposit(&staker.pubkey(), pool, tranche, STAKE),
        &my_vault,
        &their_vault,
    );
    f.send_err_unchanged(
        &[deposit],
        &[&staker],
        MutualError::WrongAssetAccount,
        &watched,
    );

    // A withdrawal from this pool paid out of the other pool's (larger) vault.
    expire(&f, tranche);
    let withdraw = swap_account(
        ix::stake_withdraw(&staker.pubkey(), pool, tranche, true, true),
        &my_vault,
        &their_vault,
    );
    f.send_err_unchanged(
        &[withdraw],
        &[&staker],
        MutualError::WrongAssetAccount,
        &watched,
    );
    assert_eq!(
        (f.pool_vault_balance(pool), f.pool_vault_balance(other)),
        (5 * STAKE, 7 * STAKE)
    );
}

#[test]
fn security_has_one_another_members_position_is_refused() {
    let (f, pool, alice) = setup();
    let mallory = f.with_staker(10);
    let tranche = f.current_tranche();
    f.stake(&alice, pool, tranche, 5 * STAKE);
    expire(&f, tranche);
    let pool_address = pda::pool(pool).0;
    let theirs = pda::stake_position(&pool_address, tranche, &alice.pubkey()).0;
    let ix = swap_account(
        ix::stake_withdraw(&mallory.pubkey(), pool, tranche, true, true),
        &pda::stake_position(&pool_address, tranche, &mallory.pubkey()).0,
        &theirs,
    );
    // The seeds name the signer: 2006 ConstraintSeeds.
    f.send_err_code_unchanged(&[ix], &[&mallory], 2006, &[theirs]);
}

#[test]
fn security_closing_revival_a_closed_position_refunded_with_lamports_is_not_revived() {
    // Arrange: a position withdrawn and closed.
    let (f, pool, staker) = setup();
    let tranche = f.current_tranche();
    f.stake(&staker, pool, tranche, 5 * STAKE);
    expire(&f, tranche);
    withdraw(&f, &staker, pool, tranche, true);
    let pool_address = pda::pool(pool).0;
    let position = pda::stake_position(&pool_address, tranche, &staker.pubkey()).0;
    assert!(!f.account_exists(&position));
    let rent = f.rent(StakePosition::SIZE);
    let refund = || {
        anchor_lang::solana_program::system_instruction::transfer(&staker.pubkey(), &position, rent)
    };
    let withdraw = || ix::stake_withdraw(&staker.pubkey(), pool, tranche, true, true);
    let watched = [
        pool_address,
        pda::pool_vault(&pool_address).0,
        pda::pool_tranche(&pool_address, tranche).0,
        pda::stake_account(&staker.pubkey()),
        pda::member(&staker.pubkey()).0,
        position,
    ];

    // Act + Assert: refunded in the same transaction as a second withdrawal, the closed address is the system
    // program's, so it is no position (3007 AccountOwnedByWrongProgram); the refund rolls back with it.
    f.send_err_code_unchanged(&[refund(), withdraw()], &[&staker], 3007, &watched);
    assert!(!f.account_exists(&position));

    // Refunded in a transaction of its own first: the lamports alone make a system account with no data, which
    // a withdrawal still refuses and leaves as it is.
    f.send_ok(&[refund()], &[&staker]);
    f.send_err_code_unchanged(&[withdraw()], &[&staker], 3007, &watched);
    let revived = f.account(&position);
    assert_eq!(
        (
            revived.lamports,
            revived.owner,
            revived.data.len(),
            revived.executable
        ),
        (
            rent,
            anchor_lang::solana_program::system_program::ID,
            0,
            false
        )
    );
    assert_eq!(f.member(&staker.pubkey()).unwrap().active_positions, 0);
    assert_eq!(f.pool_vault_balance(pool), 0);
}

#[test]
fn security_duplicate_mutable_accounts_extend_onto_itself_is_refused() {
    let (f, pool, staker) = setup();
    let tranche = f.current_tranche();
    f.stake(&staker, pool, tranche, 5 * STAKE);
    let position = pda::stake_position(&pda::pool(pool).0, tranche, &staker.pubkey()).0;
    f.send_err_unchanged(
        &[ix::stake_extend(&staker.pubkey(), pool, tranche, tranche)],
        &[&staker],
        MutualError::InvalidTranche,
        &[position],
    );
    // The same member as giver and receiver.
    f.send_err(
        &[ix::stake_position_transfer(
            &staker.pubkey(),
            pool,
            tranche,
            &staker.pubkey(),
        )],
        &[&staker],
        MutualError::SameOwner,
    );
}
