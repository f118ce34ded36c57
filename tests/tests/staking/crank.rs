//! pool_process_expirations: an idle pool over several crank calls, the crank's accounts, a donation to the
//! pool vault, the SDK's withdrawal preview, and tranche ids.
use super::*;
use mutual::constants::{BUCKET_DURATION, MAX_PROCESS_STEPS, STAKE_DECIMALS, TRANCHE_DURATION};
use mutual::errors::MutualError;
use mutual::math::periods::tranche_end;
use mutual::state::Withdrawal;
use mutual_sdk::{fetch, ix, pda, spl, staking, MutualEvent, Receipt, Signer};

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
    let unchanged = [pda::pool(pool).0];
    // Another pool's checkpoint of the same tranche.
    let foreign = ix::pool_process_expirations(other, &[tranche]);
    let mut ix = ix::pool_process_expirations(pool, &[]);
    ix.accounts.push(foreign.accounts[1].clone());
    f.send_err_unchanged(
        &[ix],
        &[&staker],
        MutualError::WrongTrancheAccount,
        &unchanged,
    );
    // The right checkpoint, read-only.
    let mut ix = ix::pool_process_expirations(pool, &[tranche]);
    ix.accounts[1].is_writable = false;
    f.send_err_unchanged(
        &[ix],
        &[&staker],
        MutualError::WrongTrancheAccount,
        &unchanged,
    );
    // Another account type of this program (the position): 3002 AccountDiscriminatorMismatch.
    let mut ix = ix::pool_process_expirations(pool, &[]);
    let position = pda::stake_position(&pda::pool(pool).0, tranche, &staker.pubkey()).0;
    ix.accounts
        .push(anchor_lang::solana_program::instruction::AccountMeta::new(
            position, false,
        ));
    f.send_err_code_unchanged(&[ix], &[&staker], 3002, &unchanged);
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

#[test]
fn tranche_ids_follow_the_clock() {
    let f = TestFixture::bootstrapped();
    assert_eq!(f.current_tranche() as i64, f.now() / TRANCHE_DURATION);
}
