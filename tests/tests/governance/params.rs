//! params_propose, params_execute and params_cancel: the timelock, replacement, the delay in force, and bounds.
use super::*;
use mutual::errors::MutualError;
use mutual::events::{ParamsCancelEvent, ParamsExecuteEvent, ParamsProposeEvent};
use mutual::math::Bps;
use mutual::state::{pause_area, Params};
use mutual_sdk::{ix, MutualEvent, Signer};
use test_case::test_case;

#[test]
fn params_propose_queues_the_set_with_its_time_and_changes_nothing_else() {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();
    let before = f.config();
    let params = every_param_changed();
    let now = f.now();

    // Act
    let receipt = f.send_ok(
        &[ix::params_propose(&deployer.pubkey(), params)],
        &[deployer],
    );

    // Assert: pending with its eta (now + the current 2-day delay), every other byte of the config untouched
    let eta = now + 2 * DAY;
    let mut expected = before;
    expected.pending_params = params;
    expected.pending_params_eta = eta;
    assert_eq!(f.account_data(&config_address()), serialized(&expected));
    assert_eq!(f.config().params, default_params());
    assert_eq!(
        only_event(&receipt),
        MutualEvent::ParamsProposeEvent(ParamsProposeEvent {
            authority: deployer.pubkey(),
            params,
            eta,
            replaced: false,
        })
    );
}

#[test]
fn params_execute_is_refused_before_the_eta_and_applies_after_it() {
    // Arrange: a proposal, and a stranger to execute it (anyone may)
    let f = initialised();
    let deployer = f.deployer();
    let stranger = f.new_wallet(1);
    let params = every_param_changed();
    f.send_ok(
        &[ix::params_propose(&deployer.pubkey(), params)],
        &[deployer],
    );

    // Act + Assert: one second early
    f.warp_seconds(2 * DAY - 1);
    f.send_err_unchanged(
        &[ix::params_execute()],
        &[&stranger],
        MutualError::TimelockNotElapsed,
        &[config_address()],
    );

    // Act: at the eta
    f.warp_seconds(1);
    let receipt = f.send_ok(&[ix::params_execute()], &[&stranger]);

    // Assert
    let config = f.config();
    assert_eq!(config.params, params);
    assert_eq!((config.pending(), config.pending_params_eta), (None, 0));
    assert_eq!(
        only_event(&receipt),
        MutualEvent::ParamsExecuteEvent(ParamsExecuteEvent {
            params,
            now: f.now(),
        })
    );
    f.send_err(
        &[ix::params_execute()],
        &[&stranger],
        MutualError::NoPendingParams,
    );
}

#[test]
fn params_cancel_withdraws_the_pending_set() {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();
    let before = f.account_data(&config_address());
    let params = every_param_changed();
    f.send_ok(
        &[ix::params_propose(&deployer.pubkey(), params)],
        &[deployer],
    );

    // Act
    let receipt = f.send_ok(&[ix::params_cancel(&deployer.pubkey())], &[deployer]);

    // Assert: the config is as before the proposal; nothing is left to execute or cancel
    assert_eq!(f.account_data(&config_address()), before);
    assert_eq!(
        only_event(&receipt),
        MutualEvent::ParamsCancelEvent(ParamsCancelEvent {
            authority: deployer.pubkey(),
            params,
        })
    );
    f.warp_seconds(2 * DAY);
    f.send_err(
        &[ix::params_execute()],
        &[deployer],
        MutualError::NoPendingParams,
    );
    f.send_err(
        &[ix::params_cancel(&deployer.pubkey())],
        &[deployer],
        MutualError::NoPendingParams,
    );
}

#[test]
fn a_new_proposal_replaces_the_pending_one_and_restarts_its_clock() {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();
    f.send_ok(
        &[ix::params_propose(
            &deployer.pubkey(),
            every_param_changed(),
        )],
        &[deployer],
    );
    f.warp_days(1);
    let second = Params {
        join_fee: 4_000_000,
        ..default_params()
    };

    // Act
    let receipt = f.send_ok(
        &[ix::params_propose(&deployer.pubkey(), second)],
        &[deployer],
    );

    // Assert: the second set, due two days from now, not from the first proposal
    let eta = f.now() + 2 * DAY;
    assert_eq!(
        (f.config().pending(), f.config().pending_params_eta),
        (Some(second), eta)
    );
    assert!(matches!(
        only_event(&receipt),
        MutualEvent::ParamsProposeEvent(ParamsProposeEvent { replaced: true, eta: e, .. }) if e == eta
    ));
    f.warp_seconds(DAY);
    f.send_err(
        &[ix::params_execute()],
        &[deployer],
        MutualError::TimelockNotElapsed,
    );
}

#[test]
fn a_pause_during_a_pending_change_takes_effect_at_once() {
    // Arrange: a pending change, and a member ready to buy
    let f = TestFixture::bootstrapped();
    let deployer = f.deployer();
    let guardian = f.with_guardian();
    let alice = f.with_funded_member(1_000 * USDC);
    f.send_ok(
        &[ix::params_propose(
            &deployer.pubkey(),
            every_param_changed(),
        )],
        &[deployer],
    );

    // Act: the guardian pauses the token area
    f.send_ok(
        &[ix::protocol_pause(&guardian.pubkey(), pause_area::TOKEN)],
        &[&guardian],
    );

    // Assert: buying stops now, the change still waits its turn, and it applies on time during the pause
    f.send_err(
        &[f.token_buy_ix(&alice.pubkey(), 101 * USDC, 0)],
        &[&alice],
        MutualError::ProtocolPaused,
    );
    assert_eq!(f.config().pending(), Some(every_param_changed()));
    f.warp_seconds(2 * DAY);
    f.send_ok(&[ix::params_execute()], &[&alice]);
    assert_eq!(f.config().params, every_param_changed());
    assert_eq!(f.config().paused, pause_area::TOKEN);
}

#[test]
fn the_delay_of_a_change_is_the_one_in_force_when_it_was_proposed() {
    // Arrange: the delay goes from 2 to 3 days through the 2-day timelock
    let f = initialised();
    govern(&f, every_param_changed());
    assert_eq!(f.config().params.params_delay, 3 * DAY as u32);
    let deployer = f.deployer();

    // Act
    f.send_ok(
        &[ix::params_propose(&deployer.pubkey(), default_params())],
        &[deployer],
    );

    // Assert: the next change waits the new 3 days
    assert_eq!(f.config().pending_params_eta, f.now() + 3 * DAY);
}

#[test]
fn params_propose_by_non_authority_is_refused() {
    // Arrange
    let f = initialised();
    let stranger = f.new_wallet(1);

    // Act + Assert
    f.send_err_unchanged(
        &[ix::params_propose(
            &stranger.pubkey(),
            every_param_changed(),
        )],
        &[&stranger],
        MutualError::NotAuthority,
        &[config_address()],
    );
}

#[test_case(|p| p.capacity_ratio = Bps(9_999), MutualError::InvalidCapacityRatio; "capacity ratio below 1x")]
#[test_case(|p| p.capacity_ratio = Bps(50_001), MutualError::InvalidCapacityRatio; "capacity ratio above 5x")]
#[test_case(|p| p.price_bump = Bps(2_001), MutualError::InvalidPriceBump; "price bump above 20 pct")]
#[test_case(|p| p.price_decay_per_day = Bps(2_001), MutualError::InvalidPriceDecay; "price decay above 20 pct")]
#[test_case(|p| p.min_price = Bps(0), MutualError::InvalidMinPrice; "min price zero")]
#[test_case(|p| p.min_price = Bps(10_001), MutualError::InvalidMinPrice; "min price above 100 pct")]
#[test_case(|p| p.max_commission = Bps(5_001), MutualError::InvalidMaxCommission; "max commission above 50 pct")]
#[test_case(|p| p.rewards_ratio = Bps(10_001), MutualError::InvalidRewardsRatio; "rewards ratio above 100 pct")]
#[test_case(|p| p.min_voting_period = 0, MutualError::InvalidAssessmentPeriod; "min voting period zero")]
#[test_case(|p| p.min_voting_period = THIRTY_DAYS + 1, MutualError::InvalidAssessmentPeriod; "min voting period above 30 days")]
#[test_case(|p| p.silent_ending_period = 0, MutualError::InvalidAssessmentPeriod; "silent ending period zero")]
#[test_case(|p| p.silent_ending_period = THIRTY_DAYS + 1, MutualError::InvalidAssessmentPeriod; "silent ending period above 30 days")]
#[test_case(|p| p.cooldown_period = 0, MutualError::InvalidAssessmentPeriod; "cooldown period zero")]
#[test_case(|p| p.cooldown_period = THIRTY_DAYS + 1, MutualError::InvalidAssessmentPeriod; "cooldown period above 30 days")]
#[test_case(|p| p.payout_window = 0, MutualError::InvalidAssessmentPeriod; "payout window zero")]
#[test_case(|p| p.payout_window = THIRTY_DAYS + 1, MutualError::InvalidAssessmentPeriod; "payout window above 30 days")]
#[test_case(|p| p.assessor_lock_period = 0, MutualError::InvalidAssessmentPeriod; "assessor lock period zero")]
#[test_case(|p| p.assessor_lock_period = THIRTY_DAYS + 1, MutualError::InvalidAssessmentPeriod; "assessor lock period above 30 days")]
#[test_case(|p| p.reveal_period = 0, MutualError::InvalidAssessmentPeriod; "reveal period zero")]
#[test_case(|p| p.reveal_period = THIRTY_DAYS + 1, MutualError::InvalidAssessmentPeriod; "reveal period above 30 days")]
#[test_case(|p| p.max_poll_period = 0, MutualError::InvalidAssessmentPeriod; "max poll period zero")]
#[test_case(|p| p.max_poll_period = THIRTY_DAYS + 1, MutualError::InvalidAssessmentPeriod; "max poll period above 30 days")]
#[test_case(|p| p.max_poll_period = p.min_voting_period - 1, MutualError::InvalidMaxPollPeriod; "max poll period below min voting period")]
#[test_case(|p| p.reward_ratio = Bps(10_001), MutualError::InvalidRewardRatio; "reward ratio above 100 pct")]
#[test_case(|p| p.mcr_ratio = Bps(9_999), MutualError::InvalidMcrRatio; "mcr ratio below 1x")]
#[test_case(|p| p.mcr_ratio = Bps(60_001), MutualError::InvalidMcrRatio; "mcr ratio above 6x")]
#[test_case(|p| p.mcr_ratio = Bps(23_999), MutualError::McrRatioChangeTooLarge; "mcr ratio more than halved")]
#[test_case(|p| p.token_buffer = Bps(1_001), MutualError::InvalidTokenBuffer; "token buffer above 10 pct")]
#[test_case(|p| p.token_buffer = Bps(49), MutualError::InvalidTokenBuffer; "token buffer below half a pct")]
#[test_case(|p| p.join_fee = LAMPORTS_PER_SOL + 1, MutualError::InvalidJoinFee; "join fee above 1 SOL")]
#[test_case(|p| p.min_deposit = 10 * LAMPORTS_PER_SOL + 1, MutualError::InvalidMinDeposit; "min deposit above 10 SOL")]
#[test_case(|p| p.max_reward = 0, MutualError::InvalidMaxReward; "max reward zero")]
#[test_case(|p| p.max_reward = 10_000 * STAKE + 1, MutualError::InvalidMaxReward; "max reward above 10k tokens")]
#[test_case(|p| p.min_mcr = 0, MutualError::InvalidMinMcr; "min mcr zero")]
#[test_case(|p| p.min_mcr = 2_000 * USDC + 1, MutualError::MinMcrChangeTooLarge; "min mcr more than doubled")]
#[test_case(|p| p.min_mcr = 500 * USDC - 1, MutualError::MinMcrChangeTooLarge; "min mcr less than halved")]
#[test_case(|p| p.params_delay = DAY as u32 - 1, MutualError::InvalidParamsDelay; "params delay below a day")]
#[test_case(|p| p.params_delay = THIRTY_DAYS + 1, MutualError::InvalidParamsDelay; "params delay above 30 days")]
#[test_case(|p| p.initial_book_value = 0, MutualError::InvalidInitialBookValue; "initial book value zero")]
#[test_case(|p| p.max_snapshot_age = 0, MutualError::InvalidSnapshotAge; "snapshot age zero")]
#[test_case(|p| p.max_snapshot_age = DAY as u32 + 1, MutualError::InvalidSnapshotAge; "snapshot age above a day")]
#[test_case(|p| p.oracle_max_age = 0, MutualError::InvalidOracleMaxAge; "oracle max age zero")]
#[test_case(|p| p.oracle_max_age = 3_601, MutualError::InvalidOracleMaxAge; "oracle max age above an hour")]
#[test_case(|p| p.max_conf = Bps(0), MutualError::InvalidMaxConf; "max conf zero")]
#[test_case(|p| p.max_conf = Bps(1_001), MutualError::InvalidMaxConf; "max conf above 10 pct")]
#[test_case(|p| p.liability_quorum = STAKE - 1, MutualError::InvalidLiabilityQuorum; "liability quorum below a token")]
#[test_case(|p| p.liability_quorum = 1_000_000 * STAKE + 1, MutualError::InvalidLiabilityQuorum; "liability quorum above a million tokens")]
fn params_propose_out_of_bounds_is_refused_at_once(set: fn(&mut Params), expected: MutualError) {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();
    let mut params = default_params();
    set(&mut params);

    // Act + Assert
    f.send_err_unchanged(
        &[ix::params_propose(&deployer.pubkey(), params)],
        &[deployer],
        expected,
        &[config_address()],
    );
    assert_eq!(f.config().pending(), None);
}

#[test_case(|p| p.capacity_ratio = Bps(10_000); "capacity ratio at 1x")]
#[test_case(|p| p.capacity_ratio = Bps(50_000); "capacity ratio at 5x")]
#[test_case(|p| p.price_bump = Bps(2_000); "price bump at 20 pct")]
#[test_case(|p| p.price_bump = Bps(0); "price bump zero")]
#[test_case(|p| p.price_decay_per_day = Bps(2_000); "price decay at 20 pct")]
#[test_case(|p| p.price_decay_per_day = Bps(0); "price decay zero")]
#[test_case(|p| p.min_price = Bps(1); "min price at 1 bp")]
#[test_case(|p| p.min_price = Bps(10_000); "min price at 100 pct")]
#[test_case(|p| p.max_commission = Bps(5_000); "max commission at 50 pct")]
#[test_case(|p| p.rewards_ratio = Bps(10_000); "rewards ratio at 100 pct")]
#[test_case(|p| p.join_fee = 0; "join fee zero")]
#[test_case(|p| p.join_fee = LAMPORTS_PER_SOL; "join fee at 1 SOL")]
#[test_case(|p| p.min_deposit = 10 * LAMPORTS_PER_SOL; "min deposit at 10 SOL")]
#[test_case(|p| p.max_reward = 10_000 * STAKE; "max reward at 10k tokens")]
#[test_case(|p| p.max_reward = 1; "max reward at one unit")]
#[test_case(|p| p.params_delay = DAY as u32; "params delay at a day")]
#[test_case(|p| p.params_delay = THIRTY_DAYS; "params delay at 30 days")]
#[test_case(|p| {
    p.min_voting_period = 1;
    p.silent_ending_period = 1;
    p.cooldown_period = 1;
    p.payout_window = 1;
    p.assessor_lock_period = 1;
    p.reveal_period = 1;
    p.max_poll_period = 1;
}; "every period at one second")]
#[test_case(|p| {
    p.min_voting_period = THIRTY_DAYS;
    p.silent_ending_period = THIRTY_DAYS;
    p.cooldown_period = THIRTY_DAYS;
    p.payout_window = THIRTY_DAYS;
    p.assessor_lock_period = THIRTY_DAYS;
    p.reveal_period = THIRTY_DAYS;
    p.max_poll_period = THIRTY_DAYS;
}; "every period at 30 days")]
#[test_case(|p| p.max_poll_period = p.min_voting_period; "max poll period equal to min voting period")]
#[test_case(|p| p.reward_ratio = Bps(10_000); "reward ratio at 100 pct")]
#[test_case(|p| p.mcr_ratio = Bps(24_000); "mcr ratio halved")]
#[test_case(|p| p.mcr_ratio = Bps(60_000); "mcr ratio at 6x")]
#[test_case(|p| p.min_mcr = 2_000 * USDC; "min mcr doubled")]
#[test_case(|p| p.min_mcr = 500 * USDC; "min mcr halved")]
#[test_case(|p| p.token_buffer = Bps(1_000); "token buffer at 10 pct")]
#[test_case(|p| p.token_buffer = Bps(50); "token buffer at half a pct")]
#[test_case(|p| p.initial_book_value = 1; "initial book value one unit")]
#[test_case(|p| p.max_snapshot_age = 1; "snapshot age one second")]
#[test_case(|p| p.max_snapshot_age = DAY as u32; "snapshot age one day")]
#[test_case(|p| p.oracle_max_age = 1; "oracle max age one second")]
#[test_case(|p| p.oracle_max_age = 3_600; "oracle max age one hour")]
#[test_case(|p| p.max_conf = Bps(1); "max conf at 1 bp")]
#[test_case(|p| p.liability_quorum = STAKE; "liability quorum at a token")]
#[test_case(|p| p.liability_quorum = 1_000_000 * STAKE; "liability quorum at a million tokens")]
#[test_case(|p| p.max_conf = Bps(1_000); "max conf at 10 pct")]
fn params_on_the_bound_are_accepted_and_apply(set: fn(&mut Params)) {
    // Arrange
    let f = initialised();
    let mut params = default_params();
    set(&mut params);
    assert_ne!(params, default_params(), "the case must change a value");

    // Act
    govern(&f, params);

    // Assert
    assert_eq!(f.config().params, params);
}
