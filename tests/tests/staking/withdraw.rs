//! stake_withdraw: only after the tranche expires, the position's rent, and every staker of a tranche paid back.
use super::*;
use mutual::constants::LAMPORTS_PER_SOL;
use mutual::errors::MutualError;
use mutual::events::StakeWithdrawEvent;
use mutual::state::StakePosition;
use mutual_sdk::{fetch, ix, pda, MutualEvent, Signer};

#[test]
fn stake_is_withdrawn_only_after_its_tranche_expires() {
    // Arrange
    let (f, pool, staker) = setup();
    let tranche = f.current_tranche();
    f.stake(&staker, pool, tranche, 10 * STAKE);
    let position = pda::stake_position(&pda::pool(pool).0, tranche, &staker.pubkey()).0;
    f.send_err_unchanged(
        &[ix::stake_withdraw(
            &staker.pubkey(),
            pool,
            tranche,
            true,
            true,
        )],
        &[&staker],
        MutualError::TrancheNotExpired,
        &[position, pda::pool(pool).0],
    );
    f.send_err_unchanged(
        &[ix::stake_withdraw(
            &staker.pubkey(),
            pool,
            tranche,
            false,
            true,
        )],
        &[&staker],
        MutualError::NothingToWithdraw,
        &[position, pda::pool(pool).0],
    );
    let balance = f.stake_balance(&staker.pubkey());
    let lamports = f.lamports(&staker.pubkey());
    expire(&f, tranche);

    // Act: the withdrawal processes the expiry itself (lazily) with the tranche's checkpoint
    let receipt = withdraw(&f, &staker, pool, tranche, true);

    // Assert
    assert_eq!(f.stake_balance(&staker.pubkey()), balance + 10 * STAKE);
    assert!(!f.account_exists(&position));
    assert_eq!(
        f.lamports(&staker.pubkey()),
        lamports + f.rent(StakePosition::SIZE) - SIGNATURE_FEE
    );
    assert_eq!(f.member(&staker.pubkey()).unwrap().active_positions, 0);
    let state = f.pool(pool);
    assert_eq!(
        (
            state.active_stake,
            state.stake_share_supply,
            state.first_active_tranche
        ),
        (0, 0, tranche + 1)
    );
    let checkpoint = fetch::pool_tranche(&f.chain, pool, tranche)
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            checkpoint.expired,
            checkpoint.stake_at_expiry,
            checkpoint.shares_at_expiry
        ),
        (true, 0, 0)
    );
    assert_eq!(f.pool_vault_balance(pool), 0);
    let events: Vec<_> = receipt.events.clone();
    assert_eq!(
        events,
        vec![MutualEvent::StakeWithdrawEvent(StakeWithdrawEvent {
            pool_id: pool,
            owner: staker.pubkey(),
            tranche,
            stake: 10 * STAKE,
            rewards: 0,
            closed: true,
        })]
    );
}

#[test]
fn a_position_costs_at_most_0_002_sol_of_rent_and_its_close_refunds_all_of_it() {
    // Arrange: a position (its tranche's checkpoint is another account, paid separately).
    let (f, pool, staker) = setup();
    let tranche = f.current_tranche();
    f.stake(&staker, pool, tranche, 5 * STAKE);
    let position = pda::stake_position(&pda::pool(pool).0, tranche, &staker.pubkey()).0;
    let rent = f.lamports(&position);
    expire(&f, tranche);
    let lamports = f.lamports(&staker.pubkey());

    // Act
    withdraw(&f, &staker, pool, tranche, true);

    // Assert: the position held exactly its rent-exempt minimum, within issue 12's 0.002 SOL, and all of it
    // came back to the owner.
    assert_eq!(rent, f.rent(StakePosition::SIZE));
    assert!(rent <= 2 * LAMPORTS_PER_SOL / 1_000, "{rent} lamports");
    assert!(!f.account_exists(&position));
    assert_eq!(
        f.lamports(&staker.pubkey()),
        lamports + rent - SIGNATURE_FEE
    );
}

#[test]
fn after_expiry_every_staker_of_the_tranche_gets_their_stake_back() {
    let (f, pool, alice) = setup();
    let bob = f.with_staker(50);
    let tranche = f.current_tranche() + 1;
    f.stake(&alice, pool, tranche, 7 * STAKE);
    f.stake(&bob, pool, tranche, 3 * STAKE);
    f.stake(&bob, pool, tranche + 1, 4 * STAKE);
    expire(&f, tranche);
    // The crank expires the tranche with its checkpoint; the later tranche stays active.
    f.send_ok(&[ix::pool_process_expirations(pool, &[tranche])], &[&alice]);
    let state = f.pool(pool);
    assert_eq!(
        (state.first_active_tranche, state.active_stake),
        (tranche + 1, 4 * STAKE)
    );
    for (who, amount) in [(&alice, 7 * STAKE), (&bob, 3 * STAKE)] {
        let before = f.stake_balance(&who.pubkey());
        f.send_ok(
            &[ix::stake_withdraw(
                &who.pubkey(),
                pool,
                tranche,
                true,
                false,
            )],
            &[who],
        );
        assert_eq!(f.stake_balance(&who.pubkey()), before + amount);
    }
    assert_eq!(f.pool_vault_balance(pool), 4 * STAKE);
    assert_eq!(f.member(&bob.pubkey()).unwrap().active_positions, 1);
}
