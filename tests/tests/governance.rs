//! Governance: config_init, timelocked parameters (params_propose / params_execute / params_cancel), the two-step
//! authority transfer, the guardian and pausing.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::program_option::COption;
use anchor_lang::solana_program::{system_instruction, system_program};
use anchor_spl::token_2022::spl_token_2022;
use anchor_spl::token_2022::spl_token_2022::extension::default_account_state::DefaultAccountState;
use anchor_spl::token_2022::spl_token_2022::extension::{
    BaseStateWithExtensions, ExtensionType, StateWithExtensions,
};
use anchor_spl::token_2022::spl_token_2022::state::{AccountState, Mint as MintState};
use mutual::errors::MutualError;
use mutual::events::{
    AuthorityAcceptEvent, AuthorityProposeEvent, ConfigInitEvent, GuardianSetEvent,
    ParamsCancelEvent, ParamsExecuteEvent, ParamsProposeEvent, ProtocolPauseEvent,
    ProtocolUnpauseEvent,
};
use mutual::math::Bps;
use mutual::state::{pause_area, CapitalSnapshot, Config, Params, VotingMode};
use mutual_sdk::{ix, pda, MutualEvent, Signer};
use mutual_tests::*;
use test_case::test_case;

const THIRTY_DAYS: u32 = 30 * DAY as u32;

fn config_address() -> Pubkey {
    pda::config().0
}

/// A fixture whose config is initialised (no asset) with the deployer as both authority and guardian.
fn initialised() -> TestFixture {
    let f = TestFixture::new();
    f.init_config(&f.deployer().pubkey());
    f
}

/// Every parameter moved away from its default, each still within its bound.
fn every_param_changed() -> Params {
    let day = DAY as u32;
    Params {
        capacity_ratio: Bps(30_000),
        price_bump: Bps(600),
        price_decay_per_day: Bps(300),
        min_price: Bps(150),
        max_commission: Bps(2_000),
        rewards_ratio: Bps(4_000),
        join_fee: 3_000_000,
        min_voting_period: 2 * day,
        silent_ending_period: day / 2,
        cooldown_period: 2 * day,
        payout_window: 20 * day,
        assessor_lock_period: 10 * day,
        reveal_period: day / 2,
        max_poll_period: 5 * day,
        min_deposit: 100_000_000,
        max_reward: 40 * STAKE,
        reward_ratio: Bps(200),
        mcr_ratio: Bps(40_000),
        min_mcr: 500 * USDC,
        token_buffer: Bps(200),
        initial_book_value: 2 * USDC,
        max_snapshot_age: 1_800,
        oracle_max_age: 30,
        max_conf: Bps(150),
        params_delay: 3 * day,
        liability_quorum: 250 * STAKE,
    }
}

/// Proposes `params` as the deployer, waits out the current delay and executes: the whole governed path.
fn govern(f: &TestFixture, params: Params) {
    let deployer = f.deployer();
    let delay = i64::from(f.config().params.params_delay);
    f.send_ok(
        &[ix::params_propose(&deployer.pubkey(), params)],
        &[deployer],
    );
    f.warp_seconds(delay);
    f.send_ok(&[ix::params_execute()], &[deployer]);
}

// ---- config_init ----

#[test]
fn config_init_creates_config_snapshot_treasury_and_stake_mint() {
    // Arrange
    let f = TestFixture::new();
    let deployer = f.deployer().pubkey();
    let guardian = Pubkey::new_unique();
    let deployer_before = f.lamports(&deployer);

    // Act
    let receipt = f.init_config(&guardian);

    // Assert: config
    let (config_key, config_bump) = pda::config();
    let (stake_mint, stake_mint_bump) = pda::stake_mint();
    let (treasury, treasury_bump) = pda::treasury();
    let config = f.config();
    assert_eq!(config.version, 1);
    assert_eq!(config.bump, config_bump);
    assert_eq!(config.stake_mint_bump, stake_mint_bump);
    assert_eq!(config.treasury_bump, treasury_bump);
    assert_eq!(config.authority, deployer);
    assert_eq!(config.pending_authority, Pubkey::default());
    assert_eq!(config.guardian, guardian);
    assert_eq!(config.stake_mint, stake_mint);
    assert_eq!(config.base_asset, Pubkey::default());
    assert_eq!(config.paused, 0);
    assert_eq!(config.voting_mode, VotingMode::Open);
    assert_eq!(config.asset_count, 0);
    assert_eq!(config.product_count, 0);
    assert_eq!(config.pool_count, 0);
    assert_eq!(config.params, default_params());
    assert_eq!((config.claims_paused_for, config.claims_paused_at), (0, 0));
    assert_eq!(config._reserved, [0; 96]);
    let config_account = f.account(&config_key);
    assert_eq!(config_account.owner, mutual::ID);
    assert_eq!(config_account.data.len(), Config::SIZE);
    assert_eq!(config_account.lamports, f.rent(Config::SIZE));

    // Assert: capital snapshot at the initial book value and the MCR floor, nothing minted yet
    let (snapshot_key, snapshot_bump) = pda::capital_snapshot();
    let snapshot = f.snapshot();
    assert_eq!((snapshot.version, snapshot.bump), (1, snapshot_bump));
    assert_eq!(snapshot.capital, 0);
    assert_eq!(snapshot.non_base_capital, 0);
    assert_eq!(snapshot.active_cover, 0);
    assert_eq!(snapshot.non_base_active_cover, 0);
    assert_eq!(snapshot.mcr, 1_000 * USDC);
    assert_eq!(snapshot.book_value, USDC);
    assert_eq!(snapshot.stake_supply, 0);
    assert_eq!(snapshot.updated_at, f.now());
    assert_eq!(snapshot.pending_units, [0; 8]);
    let snapshot_account = f.account(&snapshot_key);
    assert_eq!(snapshot_account.owner, mutual::ID);
    assert_eq!(snapshot_account.data.len(), CapitalSnapshot::SIZE);
    assert_eq!(snapshot_account.lamports, f.rent(CapitalSnapshot::SIZE));

    // Assert: the stake mint is a frozen-by-default Token-2022 mint the config PDA controls
    let mint_len = ExtensionType::try_calculate_account_len::<MintState>(&[
        ExtensionType::DefaultAccountState,
    ])
    .unwrap();
    let mint_account = f.account(&stake_mint);
    assert_eq!(mint_account.owner, spl_token_2022::ID);
    assert_eq!(mint_account.data.len(), mint_len);
    assert_eq!(mint_account.lamports, f.rent(mint_len));
    let mint = StateWithExtensions::<MintState>::unpack(&mint_account.data).unwrap();
    assert_eq!(mint.base.decimals, 9);
    assert_eq!(mint.base.supply, 0);
    assert!(mint.base.is_initialized);
    assert_eq!(mint.base.mint_authority, COption::Some(config_key));
    assert_eq!(mint.base.freeze_authority, COption::Some(config_key));
    assert_eq!(
        mint.get_extension_types().unwrap(),
        vec![ExtensionType::DefaultAccountState]
    );
    assert_eq!(
        mint.get_extension::<DefaultAccountState>().unwrap().state,
        AccountState::Frozen as u8
    );

    // Assert: the treasury is a rent-exempt system account
    let treasury_account = f.account(&treasury);
    assert_eq!(treasury_account.owner, system_program::ID);
    assert_eq!(treasury_account.lamports, f.rent(0));
    assert!(treasury_account.data.is_empty());

    // Assert: the deployer paid exactly the rent of the four accounts and the fee
    let rent_paid =
        f.rent(Config::SIZE) + f.rent(CapitalSnapshot::SIZE) + f.rent(mint_len) + f.rent(0);
    assert_eq!(
        deployer_before - f.lamports(&deployer),
        rent_paid + SIGNATURE_FEE
    );

    // Assert: event
    assert_eq!(
        only_event(&receipt),
        MutualEvent::ConfigInitEvent(ConfigInitEvent {
            authority: deployer,
            guardian,
            stake_mint,
            params: default_params(),
        })
    );
}

#[test]
fn config_init_survives_lamports_sent_to_its_addresses_first() {
    // Arrange: a griefer funds every address config_init creates, hoping to make its create_account fail
    let f = TestFixture::new();
    let griefer = f.new_wallet(1);
    let dust = f.rent(0);
    let targets = [
        pda::config().0,
        pda::capital_snapshot().0,
        pda::stake_mint().0,
        pda::treasury().0,
    ];
    let transfers: Vec<_> = targets
        .iter()
        .map(|to| system_instruction::transfer(&griefer.pubkey(), to, dust))
        .collect();
    f.send_ok(&transfers, &[&griefer]);
    let deployer = f.deployer().pubkey();
    let deployer_before = f.lamports(&deployer);

    // Act
    f.init_config(&deployer);

    // Assert: every account is created and topped up to exactly its rent; the treasury already was
    let mint_len = ExtensionType::try_calculate_account_len::<MintState>(&[
        ExtensionType::DefaultAccountState,
    ])
    .unwrap();
    assert_eq!(f.lamports(&targets[0]), f.rent(Config::SIZE));
    assert_eq!(f.lamports(&targets[1]), f.rent(CapitalSnapshot::SIZE));
    assert_eq!(f.lamports(&targets[2]), f.rent(mint_len));
    assert_eq!(f.lamports(&targets[3]), dust);
    assert_eq!(f.account(&targets[2]).owner, spl_token_2022::ID);
    assert_eq!(f.config().authority, deployer);
    let shortfall =
        f.rent(Config::SIZE) + f.rent(CapitalSnapshot::SIZE) + f.rent(mint_len) - 3 * dust;
    assert_eq!(
        deployer_before - f.lamports(&deployer),
        shortfall + SIGNATURE_FEE
    );
}

#[test]
fn config_init_with_out_of_bounds_params_is_refused() {
    // Arrange
    let f = TestFixture::new();
    let deployer = f.deployer();
    let mut params = default_params();
    params.capacity_ratio = Bps(50_001);

    // Act + Assert
    f.send_err(
        &[ix::config_init(
            &deployer.pubkey(),
            &deployer.pubkey(),
            params,
        )],
        &[deployer],
        MutualError::InvalidCapacityRatio,
    );
    for address in [
        pda::config().0,
        pda::capital_snapshot().0,
        pda::stake_mint().0,
        pda::treasury().0,
    ] {
        assert!(!f.account_exists(&address), "{address} was created");
    }
}

// ---- params_propose / params_execute / params_cancel ----

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

// ---- authority_propose / authority_accept ----

#[test]
fn authority_propose_records_the_pending_authority() {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();
    let next = Pubkey::new_unique();
    let before = f.config();

    // Act
    let receipt = f.send_ok(
        &[ix::authority_propose(&deployer.pubkey(), &next)],
        &[deployer],
    );

    // Assert: only the pending authority changed
    let mut expected = before;
    expected.pending_authority = next;
    assert_eq!(f.account_data(&config_address()), serialized(&expected));
    assert_eq!(f.config().authority, deployer.pubkey());
    assert_eq!(
        only_event(&receipt),
        MutualEvent::AuthorityProposeEvent(AuthorityProposeEvent {
            authority: deployer.pubkey(),
            pending_authority: next,
        })
    );
}

#[test]
fn authority_propose_by_non_authority_is_refused() {
    // Arrange
    let f = initialised();
    let stranger = f.new_wallet(1);

    // Act + Assert
    f.send_err_unchanged(
        &[ix::authority_propose(
            &stranger.pubkey(),
            &stranger.pubkey(),
        )],
        &[&stranger],
        MutualError::NotAuthority,
        &[config_address()],
    );
}

#[test]
fn authority_propose_of_the_current_authority_is_refused() {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();

    // Act + Assert
    f.send_err_unchanged(
        &[ix::authority_propose(
            &deployer.pubkey(),
            &deployer.pubkey(),
        )],
        &[deployer],
        MutualError::SameAuthority,
        &[config_address()],
    );
}

#[test]
fn authority_accept_without_a_proposal_is_refused() {
    // Arrange
    let f = initialised();
    let hopeful = f.new_wallet(1);

    // Act + Assert
    f.send_err_unchanged(
        &[ix::authority_accept(&hopeful.pubkey())],
        &[&hopeful],
        MutualError::NoPendingAuthority,
        &[config_address()],
    );
}

#[test]
fn authority_accept_by_another_signer_is_refused() {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();
    let next = f.new_wallet(1);
    let stranger = f.new_wallet(1);
    f.send_ok(
        &[ix::authority_propose(&deployer.pubkey(), &next.pubkey())],
        &[deployer],
    );

    // Act + Assert
    f.send_err_unchanged(
        &[ix::authority_accept(&stranger.pubkey())],
        &[&stranger],
        MutualError::NotPendingAuthority,
        &[config_address()],
    );
    assert_eq!(f.config().pending_authority, next.pubkey());
}

#[test]
fn authority_accept_hands_over_and_the_old_authority_is_refused() {
    // Arrange
    let f = initialised();
    let old = f.deployer();
    let next = f.new_wallet(1);
    f.send_ok(
        &[ix::authority_propose(&old.pubkey(), &next.pubkey())],
        &[old],
    );
    let before = f.config();

    // Act
    let receipt = f.send_ok(&[ix::authority_accept(&next.pubkey())], &[&next]);

    // Assert: authority moved, pending cleared, nothing else touched
    let mut expected = before;
    expected.authority = next.pubkey();
    expected.pending_authority = Pubkey::default();
    assert_eq!(f.account_data(&config_address()), serialized(&expected));
    assert_eq!(
        only_event(&receipt),
        MutualEvent::AuthorityAcceptEvent(AuthorityAcceptEvent {
            previous_authority: old.pubkey(),
            authority: next.pubkey(),
        })
    );

    // Assert: the old key is now refused everywhere the authority is needed
    let after = f.account_data(&config_address());
    for refused in [
        ix::params_propose(&old.pubkey(), every_param_changed()),
        ix::params_cancel(&old.pubkey()),
        ix::authority_propose(&old.pubkey(), &old.pubkey()),
        ix::guardian_set(&old.pubkey(), &old.pubkey()),
        ix::protocol_unpause(&old.pubkey(), pause_area::ALL),
    ] {
        f.send_err(&[refused], &[old], MutualError::NotAuthority);
    }
    assert_eq!(f.account_data(&config_address()), after);

    // Assert: the new key governs
    f.send_ok(
        &[ix::params_propose(&next.pubkey(), every_param_changed())],
        &[&next],
    );
    assert_eq!(f.config().pending(), Some(every_param_changed()));
}

#[test]
fn authority_accept_twice_is_refused() {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();
    let next = f.new_wallet(1);
    f.send_ok(
        &[ix::authority_propose(&deployer.pubkey(), &next.pubkey())],
        &[deployer],
    );
    f.send_ok(&[ix::authority_accept(&next.pubkey())], &[&next]);

    // Act + Assert
    f.send_err_unchanged(
        &[ix::authority_accept(&next.pubkey())],
        &[&next],
        MutualError::NoPendingAuthority,
        &[config_address()],
    );
}

#[test]
fn authority_propose_again_replaces_the_pending_authority() {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();
    let first = f.new_wallet(1);
    let second = f.new_wallet(1);
    f.send_ok(
        &[ix::authority_propose(&deployer.pubkey(), &first.pubkey())],
        &[deployer],
    );

    // Act
    f.send_ok(
        &[ix::authority_propose(&deployer.pubkey(), &second.pubkey())],
        &[deployer],
    );

    // Assert
    f.send_err(
        &[ix::authority_accept(&first.pubkey())],
        &[&first],
        MutualError::NotPendingAuthority,
    );
    f.send_ok(&[ix::authority_accept(&second.pubkey())], &[&second]);
    assert_eq!(f.config().authority, second.pubkey());
}

#[test]
fn authority_propose_of_the_default_key_cancels_a_pending_transfer() {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();
    let next = f.new_wallet(1);
    f.send_ok(
        &[ix::authority_propose(&deployer.pubkey(), &next.pubkey())],
        &[deployer],
    );

    // Act
    f.send_ok(
        &[ix::authority_propose(
            &deployer.pubkey(),
            &Pubkey::default(),
        )],
        &[deployer],
    );

    // Assert
    assert_eq!(f.config().pending_authority, Pubkey::default());
    f.send_err(
        &[ix::authority_accept(&next.pubkey())],
        &[&next],
        MutualError::NoPendingAuthority,
    );
    assert_eq!(f.config().authority, deployer.pubkey());
}

// ---- guardian_set ----

#[test]
fn guardian_set_replaces_the_guardian() {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();
    let old_guardian = f.with_guardian();
    let new_guardian = f.new_wallet(1);
    let before = f.config();

    // Act
    let receipt = f.send_ok(
        &[ix::guardian_set(&deployer.pubkey(), &new_guardian.pubkey())],
        &[deployer],
    );

    // Assert
    let mut expected = before;
    expected.guardian = new_guardian.pubkey();
    assert_eq!(f.account_data(&config_address()), serialized(&expected));
    assert_eq!(
        only_event(&receipt),
        MutualEvent::GuardianSetEvent(GuardianSetEvent {
            authority: deployer.pubkey(),
            guardian: new_guardian.pubkey(),
        })
    );
    f.send_err(
        &[ix::protocol_pause(&old_guardian.pubkey(), pause_area::BUY)],
        &[&old_guardian],
        MutualError::NotPauser,
    );
    f.send_ok(
        &[ix::protocol_pause(&new_guardian.pubkey(), pause_area::BUY)],
        &[&new_guardian],
    );
    assert_eq!(f.config().paused, pause_area::BUY);
}

#[test]
fn guardian_set_by_the_guardian_is_refused() {
    // Arrange
    let f = initialised();
    let guardian = f.with_guardian();

    // Act + Assert
    f.send_err_unchanged(
        &[ix::guardian_set(&guardian.pubkey(), &Pubkey::new_unique())],
        &[&guardian],
        MutualError::NotAuthority,
        &[config_address()],
    );
}

// ---- protocol_pause / protocol_unpause ----

#[test]
fn guardian_pauses_areas_one_set_at_a_time() {
    // Arrange
    let f = initialised();
    let guardian = f.with_guardian();

    // Act
    let first = f.send_ok(
        &[ix::protocol_pause(&guardian.pubkey(), pause_area::BUY)],
        &[&guardian],
    );
    let second = f.send_ok(
        &[ix::protocol_pause(
            &guardian.pubkey(),
            pause_area::TOKEN | pause_area::CLAIMS,
        )],
        &[&guardian],
    );

    // Assert
    let paused = pause_area::BUY | pause_area::TOKEN | pause_area::CLAIMS;
    assert_eq!(f.config().paused, paused);
    assert_eq!(
        only_event(&first),
        MutualEvent::ProtocolPauseEvent(ProtocolPauseEvent {
            by: guardian.pubkey(),
            areas: pause_area::BUY,
            paused: pause_area::BUY,
        })
    );
    assert_eq!(
        only_event(&second),
        MutualEvent::ProtocolPauseEvent(ProtocolPauseEvent {
            by: guardian.pubkey(),
            areas: pause_area::TOKEN | pause_area::CLAIMS,
            paused,
        })
    );
}

#[test]
fn authority_pauses_and_unpauses_a_subset() {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();
    f.send_ok(
        &[ix::protocol_pause(&deployer.pubkey(), pause_area::ALL)],
        &[deployer],
    );
    assert_eq!(f.config().paused, pause_area::ALL);

    // Act
    let receipt = f.send_ok(
        &[ix::protocol_unpause(
            &deployer.pubkey(),
            pause_area::BUY | pause_area::STAKING,
        )],
        &[deployer],
    );

    // Assert
    let still_paused = pause_area::CLAIMS | pause_area::TOKEN;
    assert_eq!(f.config().paused, still_paused);
    assert_eq!(
        only_event(&receipt),
        MutualEvent::ProtocolUnpauseEvent(ProtocolUnpauseEvent {
            by: deployer.pubkey(),
            areas: pause_area::BUY | pause_area::STAKING,
            paused: still_paused,
        })
    );
}

#[test]
fn guardian_cannot_unpause() {
    // Arrange
    let f = initialised();
    let guardian = f.with_guardian();
    f.send_ok(
        &[ix::protocol_pause(&guardian.pubkey(), pause_area::TOKEN)],
        &[&guardian],
    );

    // Act + Assert
    f.send_err_unchanged(
        &[ix::protocol_unpause(&guardian.pubkey(), pause_area::TOKEN)],
        &[&guardian],
        MutualError::NotAuthority,
        &[config_address()],
    );
    assert_eq!(f.config().paused, pause_area::TOKEN);
}

#[test]
fn stranger_cannot_pause() {
    // Arrange
    let f = initialised();
    let stranger = f.new_wallet(1);

    // Act + Assert
    f.send_err_unchanged(
        &[ix::protocol_pause(&stranger.pubkey(), pause_area::ALL)],
        &[&stranger],
        MutualError::NotPauser,
        &[config_address()],
    );
}

#[test_case(0; "no area")]
#[test_case(1 << 4; "unknown area")]
#[test_case(pause_area::BUY | 1 << 7; "known and unknown areas")]
#[test_case(u8::MAX; "every bit")]
fn pause_of_invalid_areas_is_refused(areas: u8) {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();

    // Act + Assert
    f.send_err_unchanged(
        &[ix::protocol_pause(&deployer.pubkey(), areas)],
        &[deployer],
        MutualError::InvalidPauseAreas,
        &[config_address()],
    );
}

#[test_case(0; "no area")]
#[test_case(1 << 4; "unknown area")]
#[test_case(u8::MAX; "every bit")]
fn unpause_of_invalid_areas_is_refused(areas: u8) {
    // Arrange
    let f = initialised();
    let deployer = f.deployer();
    f.send_ok(
        &[ix::protocol_pause(&deployer.pubkey(), pause_area::ALL)],
        &[deployer],
    );

    // Act + Assert
    f.send_err_unchanged(
        &[ix::protocol_unpause(&deployer.pubkey(), areas)],
        &[deployer],
        MutualError::InvalidPauseAreas,
        &[config_address()],
    );
}

#[test]
fn paused_token_area_refuses_buys_until_unpaused_and_never_sells() {
    // Arrange: alice holds 100 tokens bought at 1.01 USDC each; an MCR floor of 1 USDC lets her sell
    let f = TestFixture::bootstrapped();
    f.set_params(Params {
        min_mcr: USDC,
        ..default_params()
    });
    let deployer = f.deployer();
    let guardian = f.with_guardian();
    let alice = f.with_funded_member(1_000 * USDC);
    assert_eq!(f.buy_stake(&alice, 101 * USDC), 100 * STAKE);
    f.send_ok(
        &[ix::protocol_pause(&guardian.pubkey(), pause_area::TOKEN)],
        &[&guardian],
    );
    let snapshot_before = f.account_data(&pda::capital_snapshot().0);

    // Act + Assert: buying is refused and moves nothing...
    f.send_err(
        &[f.token_buy_ix(&alice.pubkey(), 102_010_000, 0)],
        &[&alice],
        MutualError::ProtocolPaused,
    );
    assert_eq!(f.base_balance(&alice.pubkey()), 899 * USDC);
    assert_eq!(f.stake_balance(&alice.pubkey()), 100 * STAKE);
    assert_eq!(f.vault_balance(), 101 * USDC);
    assert_eq!(f.account_data(&pda::capital_snapshot().0), snapshot_before);
    // ...while selling, an exit, stays open: 1 token at BV 1.01 less 1%
    f.send_ok(&[f.token_sell_ix(&alice.pubkey(), STAKE, 0)], &[&alice]);
    assert_eq!(f.base_balance(&alice.pubkey()), 899 * USDC + 999_900);
    assert_eq!(f.stake_supply(), 99 * STAKE);

    // Act: the authority unpauses
    let receipt = f.send_ok(
        &[ix::protocol_unpause(&deployer.pubkey(), pause_area::TOKEN)],
        &[deployer],
    );

    // Assert: trading resumes at book value 1.01 USDC plus the 1% buffer
    assert_eq!(
        only_event(&receipt),
        MutualEvent::ProtocolUnpauseEvent(ProtocolUnpauseEvent {
            by: deployer.pubkey(),
            areas: pause_area::TOKEN,
            paused: 0,
        })
    );
    // (the sale's 1% spread stayed in the vault, so book value is a little above 1.01 now)
    let expected = mutual::math::book_value::stake_for_buy(
        102_010_000,
        101 * USDC - 999_900,
        99 * STAKE,
        Bps(100),
        USDC,
    )
    .unwrap();
    assert_eq!(expected, 99_989_900_009);
    assert_eq!(f.buy_stake(&alice, 102_010_000), expected);
    assert_eq!(f.vault_balance(), 101 * USDC - 999_900 + 102_010_000);
}

#[test]
fn pausing_other_areas_leaves_token_trading_open() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let guardian = f.with_guardian();
    let alice = f.with_funded_member(101 * USDC);

    // Act
    f.send_ok(
        &[ix::protocol_pause(
            &guardian.pubkey(),
            pause_area::BUY | pause_area::CLAIMS | pause_area::STAKING,
        )],
        &[&guardian],
    );

    // Assert
    assert_eq!(f.buy_stake(&alice, 101 * USDC), 100 * STAKE);
    assert_eq!(f.vault_balance(), 101 * USDC);
}

#[test]
fn the_deployer_holds_no_special_power_after_handing_over() {
    // Arrange: the deployer (also the guardian here) hands authority and guardianship to a multisig key
    let f = initialised();
    let deployer = f.deployer();
    let multisig = f.new_wallet(1);
    f.send_ok(
        &[
            ix::guardian_set(&deployer.pubkey(), &multisig.pubkey()),
            ix::authority_propose(&deployer.pubkey(), &multisig.pubkey()),
        ],
        &[deployer],
    );
    f.send_ok(&[ix::authority_accept(&multisig.pubkey())], &[&multisig]);

    // Act + Assert
    f.send_err(
        &[ix::protocol_pause(&deployer.pubkey(), pause_area::ALL)],
        &[deployer],
        MutualError::NotPauser,
    );
    f.send_err_unchanged(
        &[ix::guardian_set(&deployer.pubkey(), &deployer.pubkey())],
        &[deployer],
        MutualError::NotAuthority,
        &[config_address()],
    );
}
