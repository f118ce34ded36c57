//! stake_deposit: shares at the pool price, refusals, overflow, membership, private pools and the pause.
use super::*;
use anchor_lang::prelude::Pubkey;
use mutual::constants::ACCOUNT_VERSION;
use mutual::errors::MutualError;
use mutual::events::StakeDepositEvent;
use mutual::state::{pause_area, PoolTranche, StakePosition};
use mutual_sdk::{fetch, ix, pda, MutualEvent, Signer};

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
        let source = include_str!("../../../programs/mutual/src/state/pool.rs");
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
