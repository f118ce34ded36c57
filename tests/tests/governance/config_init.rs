//! config_init: the config, snapshot, treasury and stake mint it creates, lamports sent first, and parameters out
//! of bounds.
use super::*;
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
use mutual::events::ConfigInitEvent;
use mutual::math::Bps;
use mutual::state::{CapitalSnapshot, Config, VotingMode};
use mutual_sdk::{ix, pda, MutualEvent, Signer};

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
