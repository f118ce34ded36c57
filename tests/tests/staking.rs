//! Staking: stake_deposit, stake_extend, stake_withdraw, stake_position_transfer and the
//! pool_process_expirations crank, with exact shares, balances and counters.
use anchor_lang::prelude::Pubkey;
use mutual::constants::{
    ACCOUNT_VERSION, BUCKET_DURATION, LAMPORTS_PER_SOL, MAX_PROCESS_STEPS, STAKE_DECIMALS,
    TRANCHE_DURATION,
};
use mutual::errors::MutualError;
use mutual::events::{
    StakeDepositEvent, StakeExtendEvent, StakePositionTransferEvent, StakeWithdrawEvent,
};
use mutual::math::periods::tranche_end;
use mutual::state::{pause_area, PoolTranche, StakePosition, Withdrawal};
use mutual_sdk::{fetch, ix, pda, spl, staking, Keypair, MutualEvent, Receipt, Signer};
use mutual_tests::*;

/// A bootstrapped chain, a public pool, and a member holding 100 stake tokens.
fn setup() -> (TestFixture, u32, mutual_sdk::Keypair) {
    let f = TestFixture::bootstrapped();
    let (_, pool) = f.with_pool();
    let staker = f.with_staker(100);
    (f, pool, staker)
}

/// Moves the clock past the end of `tranche`.
fn expire(f: &TestFixture, tranche: u32) {
    let wait = tranche_end(tranche) - f.now() + 1;
    f.warp_seconds(wait);
}

/// `owner` withdraws the stake of an expired `tranche` and gets exactly `amount` into their stake account.
fn withdraws_exactly(f: &TestFixture, owner: &Keypair, pool: u32, tranche: u32, amount: u64) {
    let balance = f.stake_balance(&owner.pubkey());
    withdraw(f, owner, pool, tranche, false);
    assert_eq!(f.stake_balance(&owner.pubkey()), balance + amount);
}

/// `owner` withdraws the stake of an expired `tranche`, and the rewards too when `rewards`.
fn withdraw(f: &TestFixture, owner: &Keypair, pool: u32, tranche: u32, rewards: bool) -> Receipt {
    f.send_ok(
        &[ix::stake_withdraw(
            &owner.pubkey(),
            pool,
            tranche,
            true,
            rewards,
        )],
        &[owner],
    )
}

// ---- stake_deposit ----

#[test]
fn the_first_deposit_opens_a_position_at_one_share_per_unit() {
    // Arrange
    let (f, pool, staker) = setup();
    let tranche = f.current_tranche() + 3;
    let balance = f.stake_balance(&staker.pubkey());
    let lamports = f.lamports(&staker.pubkey());

    // Act
    let receipt = f.stake(&staker, pool, tranche, 10 * STAKE);

    // Assert: 10 tokens, 1.3x reward shares for a lock 3 tranches out, 10% fee shares on top
    let position = f
        .position(pool, tranche, &staker.pubkey())
        .expect("position");
    let pool_address = pda::pool(pool).0;
    assert_eq!(
        (
            position.version,
            position.bump,
            position.pool,
            position.tranche,
            position.owner
        ),
        (
            ACCOUNT_VERSION,
            pda::stake_position(&pool_address, tranche, &staker.pubkey()).1,
            pool_address,
            tranche,
            staker.pubkey()
        )
    );
    let reward = 13 * STAKE as u128;
    let fee = reward / 9;
    assert_eq!(
        (
            position.stake_shares,
            position.reward_shares,
            position.fee_shares,
            position.pending_rewards
        ),
        ((10 * STAKE) as u128, reward, fee, 0)
    );
    let state = f.pool(pool);
    assert_eq!(
        (
            state.active_stake,
            state.stake_share_supply,
            state.reward_share_supply
        ),
        (10 * STAKE, (10 * STAKE) as u128, reward + fee)
    );
    assert_eq!(
        state.tranches[(tranche % 8) as usize].stake_shares,
        (10 * STAKE) as u128
    );
    assert_eq!(state.manager_fee_shares, fee);
    assert_eq!(f.pool_vault_balance(pool), 10 * STAKE);
    assert_eq!(f.stake_balance(&staker.pubkey()), balance - 10 * STAKE);
    assert_eq!(f.member(&staker.pubkey()).unwrap().active_positions, 1);
    let checkpoint: PoolTranche = fetch::pool_tranche(&f.chain, pool, tranche)
        .unwrap()
        .expect("checkpoint");
    assert_eq!(
        (checkpoint.pool, checkpoint.id, checkpoint.expired),
        (pool_address, tranche, false)
    );
    let rent = f.rent(StakePosition::SIZE) + f.rent(PoolTranche::SIZE);
    assert_eq!(
        f.lamports(&staker.pubkey()),
        lamports - rent - SIGNATURE_FEE
    );
    assert_eq!(
        only_event(&receipt),
        MutualEvent::StakeDepositEvent(StakeDepositEvent {
            pool_id: pool,
            owner: staker.pubkey(),
            tranche,
            amount: 10 * STAKE,
            stake_shares: (10 * STAKE) as u128,
            reward_shares: reward,
            active_stake: 10 * STAKE,
        })
    );
}

#[test]
fn a_second_deposit_adds_to_the_position_at_the_pool_price() {
    let (f, pool, staker) = setup();
    let other = f.with_staker(50);
    let tranche = f.current_tranche();
    f.stake(&staker, pool, tranche, 10 * STAKE);
    f.stake(&other, pool, tranche + 1, 5 * STAKE);
    f.stake(&staker, pool, tranche, 2 * STAKE);
    let position = f.position(pool, tranche, &staker.pubkey()).unwrap();
    assert_eq!(
        (position.stake_shares, position.reward_shares),
        ((12 * STAKE) as u128, (12 * STAKE) as u128)
    );
    assert_eq!(f.member(&staker.pubkey()).unwrap().active_positions, 1);
    let state = f.pool(pool);
    assert_eq!(
        (state.active_stake, state.stake_share_supply),
        (17 * STAKE, (17 * STAKE) as u128)
    );
    assert_eq!(f.pool_vault_balance(pool), 17 * STAKE);
}

#[test]
fn bad_deposits_are_refused_and_change_nothing() {
    let (f, pool, staker) = setup();
    let current = f.current_tranche();
    let pool_address = pda::pool(pool).0;
    let watched = [
        pool_address,
        pda::pool_vault(&pool_address).0,
        pda::stake_account(&staker.pubkey()),
        pda::member(&staker.pubkey()).0,
    ];
    let cases = [
        (current, 0, MutualError::ZeroAmount),
        (current, STAKE - 1, MutualError::FirstDepositTooSmall),
        (current + 8, STAKE, MutualError::InvalidTranche),
        (current - 1, STAKE, MutualError::InvalidTranche),
        (current, 1_000 * STAKE, MutualError::InsufficientBalance),
        (current, u64::MAX, MutualError::InsufficientBalance),
    ];
    for (tranche, amount, err) in cases {
        f.send_err_unchanged(
            &[ix::stake_deposit(&staker.pubkey(), pool, tranche, amount)],
            &[&staker],
            err,
            &watched,
        );
    }
}

#[test]
fn security_overflow_a_deposit_that_would_overflow_the_pool_is_refused() {
    // Arrange: the pool holds 10 tokens, and the staker's stake account is rewritten to hold u64::MAX, so that
    // the wallet-balance check passes and the deposit reaches the pool's checked math.
    let (f, pool, staker) = setup();
    let tranche = f.current_tranche();
    f.stake(&staker, pool, tranche, 10 * STAKE);
    set_stake_balance(&f, &staker.pubkey(), u64::MAX);
    let pool_address = pda::pool(pool).0;
    let watched = [
        pool_address,
        pda::pool_vault(&pool_address).0,
        pda::pool_tranche(&pool_address, tranche).0,
        pda::stake_position(&pool_address, tranche, &staker.pubkey()).0,
        pda::stake_account(&staker.pubkey()),
        pda::member(&staker.pubkey()).0,
    ];

    // Act + Assert: the active stake (10 tokens) plus the deposit overflows u64, checked and never wrapped, from
    // u64::MAX down to the smallest deposit that overflows.
    for amount in [u64::MAX, u64::MAX - 10 * STAKE + 1] {
        f.send_err_unchanged(
            &[ix::stake_deposit(&staker.pubkey(), pool, tranche, amount)],
            &[&staker],
            MutualError::MathOverflow,
            &watched,
        );
    }
    assert_eq!(f.pool(pool).active_stake, 10 * STAKE);
    // On chain the overflow's log names the checked operation that failed (SafeMath's `#[track_caller]`), not
    // math/safe.rs. Natively it logs nothing: the same math runs in the SDK's quotes.
    let deposit = ix::stake_deposit(&staker.pubkey(), pool, tranche, u64::MAX);
    let logs = match f.try_send(&[deposit], &[&staker]) {
        Err(mutual_sdk::SdkError::Transaction { logs, .. }) => logs,
        other => panic!("expected a failed transaction, got {other:?}"),
    };
    let located: Vec<&String> = logs
        .iter()
        .filter(|l| l.contains("Math overflow at "))
        .collect();
    if f.chain.program_build().is_sbf() {
        let source = include_str!("../../programs/mutual/src/state/pool.rs");
        let line = 1 + source
            .lines()
            .position(|l| l.contains("let active_stake = self.active_stake.safe_add(amount)?;"))
            .expect("the checked add in Pool::deposit");
        assert_eq!(located.len(), 1, "{logs:?}");
        assert!(
            located[0].ends_with(&format!("src/state/pool.rs:{line}")),
            "{}",
            located[0]
        );
    } else {
        assert!(located.is_empty(), "{located:?}");
    }
}

/// Rewrites the amount of `wallet`'s stake-token account, past the mint's supply: for overflow tests only.
fn set_stake_balance(f: &TestFixture, wallet: &Pubkey, amount: u64) {
    use anchor_spl::token_2022::spl_token_2022::extension::StateWithExtensionsMut;
    use anchor_spl::token_2022::spl_token_2022::state::Account as TokenAccount;
    let address = pda::stake_account(wallet);
    let mut account = f.account(&address);
    let mut state =
        StateWithExtensionsMut::<TokenAccount>::unpack(&mut account.data).expect("token account");
    state.base.amount = amount;
    state.pack_base();
    f.chain.set_account(&address, account);
    assert_eq!(f.stake_balance(wallet), amount);
}

#[test]
fn a_non_member_cannot_stake() {
    // Arrange: a pool already holding stake, and a wallet that never joined.
    let (f, pool, staker) = setup();
    let tranche = f.current_tranche();
    f.stake(&staker, pool, tranche, 10 * STAKE);
    let stranger = f.new_wallet(10);
    let pool_address = pda::pool(pool).0;
    let lamports = f.lamports(&stranger.pubkey());

    // Act + Assert: no Member record, 3012 AccountNotInitialized; the pool, its vault and checkpoint are
    // untouched and the stranger has no member, stake account or position afterwards.
    f.send_err_code_unchanged(
        &[ix::stake_deposit(&stranger.pubkey(), pool, tranche, STAKE)],
        &[&stranger],
        3012,
        &[
            pool_address,
            pda::pool_vault(&pool_address).0,
            pda::pool_tranche(&pool_address, tranche).0,
            pda::member(&stranger.pubkey()).0,
            pda::stake_account(&stranger.pubkey()),
            pda::stake_position(&pool_address, tranche, &stranger.pubkey()).0,
        ],
    );
    assert!(!f.account_exists(&pda::stake_account(&stranger.pubkey())));
    assert_eq!(f.lamports(&stranger.pubkey()), lamports - SIGNATURE_FEE);
}

#[test]
fn only_the_manager_stakes_in_a_private_pool() {
    let f = TestFixture::bootstrapped();
    let manager = f.with_staker(20);
    let pool = f.create_pool(&manager, true);
    let stranger = f.with_staker(20);
    let tranche = f.current_tranche();
    f.send_err_unchanged(
        &[ix::stake_deposit(&stranger.pubkey(), pool, tranche, STAKE)],
        &[&stranger],
        MutualError::PrivatePool,
        &[pda::pool(pool).0, pda::stake_account(&stranger.pubkey())],
    );
    f.stake(&manager, pool, tranche, 5 * STAKE);
    assert_eq!(f.pool(pool).active_stake, 5 * STAKE);
}

#[test]
fn in_a_private_pool_only_the_manager_extends_even_a_position_given_away() {
    // Arrange: the manager stakes and gives the position to another member (a transfer adds no stake).
    let f = TestFixture::bootstrapped();
    let manager = f.with_staker(20);
    let pool = f.create_pool(&manager, true);
    let member = f.with_member();
    let tranche = f.current_tranche();
    f.stake(&manager, pool, tranche, 5 * STAKE);
    f.send_ok(
        &[ix::stake_position_transfer(
            &manager.pubkey(),
            pool,
            tranche,
            &member.pubkey(),
        )],
        &[&manager],
    );
    let pool_address = pda::pool(pool).0;
    let position = pda::stake_position(&pool_address, tranche, &member.pubkey()).0;

    // Act: an extension mints reward shares, as a deposit does.
    f.send_err_unchanged(
        &[ix::stake_extend(
            &member.pubkey(),
            pool,
            tranche,
            tranche + 1,
        )],
        &[&member],
        MutualError::PrivatePool,
        &[pool_address, position],
    );

    // Assert: the manager still extends their own position, and the receiver withdraws at expiry.
    f.stake(&manager, pool, tranche, 5 * STAKE);
    f.send_ok(
        &[ix::stake_extend(
            &manager.pubkey(),
            pool,
            tranche,
            tranche + 1,
        )],
        &[&manager],
    );
    assert!(f.position(pool, tranche + 1, &manager.pubkey()).is_some());
    expire(&f, tranche);
    withdraws_exactly(&f, &member, pool, tranche, 5 * STAKE);
}

#[test]
fn deposits_pause_with_staking_but_withdrawals_do_not() {
    let (f, pool, staker) = setup();
    let tranche = f.current_tranche();
    f.stake(&staker, pool, tranche, 5 * STAKE);
    let authority = f.deployer();
    f.send_ok(
        &[ix::protocol_pause(&authority.pubkey(), pause_area::STAKING)],
        &[authority],
    );
    f.send_err(
        &[ix::stake_deposit(&staker.pubkey(), pool, tranche, STAKE)],
        &[&staker],
        MutualError::ProtocolPaused,
    );
    f.send_err(
        &[ix::stake_extend(
            &staker.pubkey(),
            pool,
            tranche,
            tranche + 1,
        )],
        &[&staker],
        MutualError::ProtocolPaused,
    );
    expire(&f, tranche);
    withdraw(&f, &staker, pool, tranche, true);
    assert_eq!(f.pool_vault_balance(pool), 0);
}

// ---- stake_withdraw ----

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

// ---- stake_extend ----

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

// ---- stake_position_transfer ----

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

// ---- pool_process_expirations ----

/// The bucket ends and tranche ends in (from, to], those at the same time (every 364 days) counted once: the
/// steps processing from `from` up to `to` takes.
fn boundaries(from: i64, to: i64) -> u32 {
    let count = |period: i64| u32::try_from(to / period - from / period).expect("count");
    count(BUCKET_DURATION) + count(TRANCHE_DURATION) - count(4 * TRANCHE_DURATION)
}

/// The steps and `caught_up` of the receipt's single `PoolProcessEvent`.
fn processed(receipt: &mutual_sdk::Receipt) -> (u32, bool) {
    match only_event(receipt) {
        MutualEvent::PoolProcessEvent(e) => (e.steps, e.caught_up),
        other => panic!("not a PoolProcessEvent: {other:?}"),
    }
}

#[test]
fn an_idle_pool_processes_four_years_over_several_crank_calls() {
    // Arrange: stake in three tranches, then nobody touches the pool for four years: more boundaries than one
    // crank call crosses (two years, 32 or 33 of them, would fit in one).
    let (f, pool, staker) = setup();
    let first = f.current_tranche();
    for offset in [0, 3, 7] {
        f.stake(&staker, pool, first + offset, 2 * STAKE);
    }
    let idle_from = f.pool(pool).processed_at;
    f.warp_seconds(4 * 365 * DAY);
    let now = f.now();
    let deposit = ix::stake_deposit(&staker.pubkey(), pool, f.current_tranche(), STAKE);
    f.send_err_unchanged(
        std::slice::from_ref(&deposit),
        &[&staker],
        MutualError::PoolProcessingPending,
        &[pda::pool(pool).0],
    );

    // Act: the crank without checkpoints crosses the bucket ends before the first tranche holding stake ends,
    // and stops there.
    let receipt = f.send_ok(&[ix::pool_process_expirations(pool, &[])], &[&staker]);
    let before_first_end = boundaries(idle_from, tranche_end(first) - 1);
    assert_eq!(processed(&receipt), (before_first_end, false));
    assert_eq!(f.pool(pool).first_active_tranche, first);
    // With the checkpoints, each call crosses MAX_PROCESS_STEPS boundaries until the last one catches up.
    let remaining = boundaries(idle_from, now) - before_first_end;
    // Any 1,460 days hold 63 to 66 boundaries, at most 3 of them before the first tranche's end: two calls.
    let calls = remaining.div_ceil(MAX_PROCESS_STEPS);
    assert_eq!(calls, 2, "{remaining} boundaries");
    let tranches: Vec<u32> = [0, 3, 7].iter().map(|o| first + o).collect();
    let mut steps = Vec::new();
    while f.pool(pool).processed_at < now {
        assert!(
            steps.len() < calls as usize,
            "more calls than {calls}: {steps:?}"
        );
        let receipt = f.send_ok(&[ix::pool_process_expirations(pool, &tranches)], &[&staker]);
        let (crossed, caught_up) = processed(&receipt);
        assert!(crossed <= MAX_PROCESS_STEPS);
        assert_eq!(caught_up, f.pool(pool).processed_at == now);
        steps.push(crossed);
    }

    // Assert
    let mut expected = vec![MAX_PROCESS_STEPS; calls as usize - 1];
    expected.push(remaining - (calls - 1) * MAX_PROCESS_STEPS);
    assert_eq!(steps, expected);
    let state = f.pool(pool);
    assert_eq!(
        (
            state.first_active_tranche,
            state.active_stake,
            state.stake_share_supply
        ),
        (f.current_tranche(), 0, 0)
    );
    for tranche in &tranches {
        let checkpoint = fetch::pool_tranche(&f.chain, pool, *tranche)
            .unwrap()
            .unwrap();
        assert_eq!(
            (checkpoint.expired, checkpoint.stake_at_expiry),
            (true, 2 * STAKE)
        );
    }
    f.send_ok(&[deposit], &[&staker]);
    assert_eq!(f.pool(pool).active_stake, STAKE);
}

#[test]
fn security_remaining_accounts_in_the_crank_are_checked() {
    let (f, pool, staker) = setup();
    let (_, other) = f.with_pool();
    let tranche = f.current_tranche();
    f.stake(&staker, pool, tranche, 2 * STAKE);
    f.stake(&staker, other, tranche, 2 * STAKE);
    expire(&f, tranche);
    let before = f.account_data(&pda::pool(pool).0);
    // Another pool's checkpoint of the same tranche.
    let foreign = ix::pool_process_expirations(other, &[tranche]);
    let mut ix = ix::pool_process_expirations(pool, &[]);
    ix.accounts.push(foreign.accounts[1].clone());
    f.send_err(&[ix], &[&staker], MutualError::WrongTrancheAccount);
    // The right checkpoint, read-only.
    let mut ix = ix::pool_process_expirations(pool, &[tranche]);
    ix.accounts[1].is_writable = false;
    f.send_err(&[ix], &[&staker], MutualError::WrongTrancheAccount);
    // Another account type of this program (the position): 3002 AccountDiscriminatorMismatch.
    let mut ix = ix::pool_process_expirations(pool, &[]);
    let position = pda::stake_position(&pda::pool(pool).0, tranche, &staker.pubkey()).0;
    ix.accounts
        .push(anchor_lang::solana_program::instruction::AccountMeta::new(
            position, false,
        ));
    f.send_err_code(&[ix], &[&staker], 3002);
    assert_eq!(f.account_data(&pda::pool(pool).0), before);
}

#[test]
fn security_duplicate_mutable_accounts_a_checkpoint_named_twice_in_the_crank_is_refused() {
    // Arrange: a tranche holding stake has expired.
    let (f, pool, staker) = setup();
    let tranche = f.current_tranche();
    f.stake(&staker, pool, tranche, 2 * STAKE);
    expire(&f, tranche);
    let checkpoint = pda::pool_tranche(&pda::pool(pool).0, tranche).0;

    // Act: one copy would be expired and the other written back unexpired after it.
    let mut ix = ix::pool_process_expirations(pool, &[tranche]);
    ix.accounts.push(ix.accounts[1].clone());
    f.send_err_unchanged(
        &[ix],
        &[&staker],
        MutualError::DuplicateAccount,
        &[pda::pool(pool).0, checkpoint],
    );

    // Assert: the honest crank expires the tranche and the stake comes back whole.
    f.send_ok(
        &[ix::pool_process_expirations(pool, &[tranche])],
        &[&staker],
    );
    let expired = fetch::pool_tranche(&f.chain, pool, tranche)
        .unwrap()
        .unwrap();
    assert_eq!(
        (expired.expired, expired.stake_at_expiry),
        (true, 2 * STAKE)
    );
    withdraws_exactly(&f, &staker, pool, tranche, 2 * STAKE);
}

#[test]
fn security_first_depositor_a_donation_to_the_pool_vault_moves_no_share_price() {
    // Arrange: the first staker takes the minimum and donates 50 tokens straight into the vault, past the
    // program, to inflate the price of a share.
    let (f, pool, attacker) = setup();
    let tranche = f.current_tranche();
    f.stake(&attacker, pool, tranche, STAKE);
    let vault = pda::pool_vault(&pda::pool(pool).0).0;
    let donation = spl::transfer_checked(
        &anchor_spl::token_2022::ID,
        &pda::stake_account(&attacker.pubkey()),
        &pda::stake_mint().0,
        &vault,
        &attacker.pubkey(),
        50 * STAKE,
        STAKE_DECIMALS,
    )
    .unwrap();
    f.send_ok(&[donation], &[&attacker]);
    let victim = f.with_staker(20);

    // Act
    f.stake(&victim, pool, tranche, 10 * STAKE);

    // Assert: shares are priced on the recorded stake, so the victim gets 1:1 and the donation stays outside
    // every position.
    let position = f.position(pool, tranche, &victim.pubkey()).unwrap();
    assert_eq!(position.stake_shares, u128::from(10 * STAKE));
    let state = f.pool(pool);
    assert_eq!(
        (state.active_stake, state.stake_share_supply),
        (11 * STAKE, u128::from(11 * STAKE))
    );
    assert_eq!(f.pool_vault_balance(pool), 61 * STAKE);
    // At expiry each takes back exactly their stake.
    expire(&f, tranche);
    withdraws_exactly(&f, &attacker, pool, tranche, STAKE);
    withdraws_exactly(&f, &victim, pool, tranche, 10 * STAKE);
    assert_eq!(f.pool_vault_balance(pool), 50 * STAKE);
}

/// The withdrawal `stake_withdraw` reports in its event.
fn withdrawn(receipt: &Receipt) -> Withdrawal {
    receipt
        .events
        .iter()
        .find_map(|e| match e {
            MutualEvent::StakeWithdrawEvent(e) => Some(Withdrawal {
                stake: e.stake,
                rewards: e.rewards,
            }),
            _ => None,
        })
        .expect("a StakeWithdrawEvent")
}

#[test]
fn the_sdk_previews_a_withdrawal_to_the_unit_also_when_the_pool_needs_the_crank_first() {
    // Arrange: 10 tokens staked in the next tranche back a 30-day cover, whose premium streams rewards.
    let f = TestFixture::bootstrapped();
    let (manager, pool) = f.with_pool();
    let staker = f.with_staker(100);
    let product = f.with_product("Lending");
    f.list_product(&manager, pool, product, 100, 300);
    let tranche = f.current_tranche() + 1;
    f.stake(&staker, pool, tranche, 10 * STAKE);
    let buyer = f.with_funded_member(1_000 * USDC);
    f.buy_cover(&buyer, product, 10 * USDC, 30 * DAY, &[pool]);
    let preview = |stake, rewards| {
        let (_, (pool_state, now), checkpoint, position) =
            fetch::position_with_pool(&f.chain, &staker.pubkey(), pool, tranche).unwrap();
        staking::withdrawal(
            &pool_state,
            now,
            &checkpoint.unwrap(),
            &position.unwrap(),
            stake,
            rewards,
        )
    };

    // Act + Assert: ten days in, the rewards alone, exactly as the chain pays them.
    f.warp_days(10);
    let expected = preview(false, true).unwrap();
    assert!(expected.rewards > 0 && expected.stake == 0);
    let receipt = f.send_ok(
        &[ix::stake_withdraw(
            &staker.pubkey(),
            pool,
            tranche,
            false,
            true,
        )],
        &[&staker],
    );
    assert_eq!(withdrawn(&receipt), expected);
    // The stake before expiry, and nothing left to take, are refused as the chain refuses them.
    for (stake, rewards, error) in [
        (true, false, MutualError::TrancheNotExpired),
        (false, true, MutualError::NothingToWithdraw),
    ] {
        match preview(stake, rewards) {
            Err(mutual_sdk::SdkError::Refused(info)) => assert_eq!(info.code, u32::from(error)),
            other => panic!("expected {error:?}, got {other:?}"),
        }
        f.send_err(
            &[ix::stake_withdraw(
                &staker.pubkey(),
                pool,
                tranche,
                stake,
                rewards,
            )],
            &[&staker],
            error,
        );
    }

    // A year later the pool is more than the lazy bound behind: the crank goes in front, as the CLI sends it.
    f.warp_days(365);
    let (pool_state, now) = fetch::pool_with_time(&f.chain, pool).unwrap();
    let mut ixs = staking::catch_up(&pool_state, now);
    assert_eq!(ixs.len(), 1);
    let expected = preview(true, true).unwrap();
    assert_eq!(expected.stake, 10 * STAKE);
    ixs.push(ix::stake_withdraw(
        &staker.pubkey(),
        pool,
        tranche,
        true,
        true,
    ));
    let receipt = f.send_ok(&ixs, &[&staker]);
    assert_eq!(withdrawn(&receipt), expected);
    assert!(f.position(pool, tranche, &staker.pubkey()).is_none());
}

// ---- security ----

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
    let before = f.account_data(&theirs);
    // The seeds name the signer: 2006 ConstraintSeeds.
    f.send_err_code(&[ix], &[&mallory], 2006);
    assert_eq!(f.account_data(&theirs), before);
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

#[test]
fn tranche_ids_follow_the_clock() {
    let f = TestFixture::bootstrapped();
    assert_eq!(f.current_tranche() as i64, f.now() / TRANCHE_DURATION);
}

// ---- SDK: capacity, listings, the crank a client sends first ----

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
