//! Assets: asset_register (the base asset, the limit of 8, unsafe Token-2022 mints) and asset_update.
use anchor_lang::prelude::Pubkey;
use anchor_spl::token::spl_token;
use anchor_spl::token_2022::spl_token_2022;
use anchor_spl::token_2022::spl_token_2022::extension::{
    default_account_state, metadata_pointer, transfer_fee, ExtensionType,
};
use anchor_spl::token_2022::spl_token_2022::state::AccountState;
use mutual::errors::MutualError;
use mutual::events::{AssetRegisterEvent, AssetUpdateEvent};
use mutual::instructions::AssetUpdateArgs;
use mutual::state::Asset;
use mutual_sdk::{fetch, ix, pda, MutualEvent, Receipt, Signer};
use mutual_tests::*;
use test_case::test_case;

const FEED: [u8; 32] = [7; 32];
const OTHER_FEED: [u8; 32] = [9; 32];

/// SPL Token account length: every vault of a mint without extensions.
const TOKEN_ACCOUNT_LEN: usize = 165;

/// A fixture with the config initialised and no asset yet.
fn initialised() -> TestFixture {
    let f = TestFixture::new();
    f.init_config(&f.deployer().pubkey());
    f
}

fn register(
    f: &TestFixture,
    mint: &Pubkey,
    token_program: &Pubkey,
    feed: Option<[u8; 32]>,
) -> Receipt {
    let deployer = f.deployer();
    f.send_ok(
        &[ix::asset_register(
            &deployer.pubkey(),
            mint,
            token_program,
            feed,
            true,
        )],
        &[deployer],
    )
}

/// An initialised fixture with a 6-decimal SPL Token base asset; returns its mint.
fn with_base(f: &TestFixture) -> Pubkey {
    let base = f.create_mint(6, &spl_token::ID);
    register(f, &base, &spl_token::ID, None);
    base
}

fn update_args(
    is_cover_asset: bool,
    is_abandoned: bool,
    pyth_feed_id: Option<[u8; 32]>,
) -> AssetUpdateArgs {
    AssetUpdateArgs {
        is_cover_asset,
        is_abandoned,
        pyth_feed_id,
    }
}

// ---- asset_register ----

#[test]
fn first_asset_becomes_the_base_asset() {
    // Arrange
    let f = initialised();
    let deployer = f.deployer().pubkey();
    let mint = f.create_mint(6, &spl_token::ID);
    let deployer_before = f.lamports(&deployer);

    // Act
    let receipt = register(&f, &mint, &spl_token::ID, None);

    // Assert: the asset record
    let (asset_key, asset_bump) = pda::asset(&mint);
    let (vault, vault_bump) = pda::asset_vault(&mint);
    let asset = f.asset(&mint);
    assert_eq!(asset.version, 1);
    assert_eq!(asset.bump, asset_bump);
    assert_eq!(asset.vault_bump, vault_bump);
    assert_eq!(asset.index, 0);
    assert_eq!(asset.mint, mint);
    assert_eq!(asset.decimals, 6);
    assert_eq!(asset.token_program, spl_token::ID);
    assert_eq!(asset.vault, vault);
    assert_eq!(asset.pyth_feed_id, [0; 32]);
    assert!(asset.is_cover_asset);
    assert!(!asset.is_abandoned);
    assert_eq!(asset.active_cover_amount, 0);
    assert_eq!(asset.capital_balance, 0);
    assert_eq!(asset.price_account, Pubkey::default());
    let asset_account = f.account(&asset_key);
    assert_eq!(asset_account.owner, mutual::ID);
    assert_eq!(asset_account.data.len(), Asset::SIZE);
    assert_eq!(asset_account.lamports, f.rent(Asset::SIZE));

    // Assert: config
    let config = f.config();
    assert_eq!(config.base_asset, mint);
    assert_eq!(config.asset_count, 1);

    // Assert: an empty vault of the mint whose authority is the config PDA
    let vault_account = f.account(&vault);
    assert_eq!(vault_account.owner, spl_token::ID);
    assert_eq!(vault_account.data.len(), TOKEN_ACCOUNT_LEN);
    assert_eq!(vault_account.lamports, f.rent(TOKEN_ACCOUNT_LEN));
    let state = fetch::token_account(&f.chain, &vault).unwrap().unwrap();
    assert_eq!(state.mint, mint);
    assert_eq!(state.owner, pda::config().0);
    assert_eq!(state.amount, 0);
    assert_eq!(state.state, AccountState::Initialized);
    assert!(state.delegate.is_none());
    assert!(state.close_authority.is_none());

    // Assert: the authority paid both rents and the fee
    assert_eq!(
        deployer_before - f.lamports(&deployer),
        f.rent(Asset::SIZE) + f.rent(TOKEN_ACCOUNT_LEN) + SIGNATURE_FEE
    );
    assert_eq!(
        only_event(&receipt),
        MutualEvent::AssetRegisterEvent(AssetRegisterEvent {
            mint,
            vault,
            index: 0,
            is_base: true,
            is_cover_asset: true,
        })
    );
}

#[test]
fn second_asset_with_a_feed_is_registered_after_the_base() {
    // Arrange
    let f = initialised();
    let base = with_base(&f);
    let wbtc = f.create_mint(8, &spl_token::ID);
    let deployer = f.deployer();

    // Act
    let receipt = f.send_ok(
        &[ix::asset_register(
            &deployer.pubkey(),
            &wbtc,
            &spl_token::ID,
            Some(FEED),
            false,
        )],
        &[deployer],
    );

    // Assert
    let asset = f.asset(&wbtc);
    assert_eq!(asset.index, 1);
    assert_eq!(asset.decimals, 8);
    assert_eq!(asset.pyth_feed_id, FEED);
    // the feed's push-oracle account, which trades read (decision 69)
    assert_eq!(asset.price_account, mutual_sdk::prices::feed_address(&FEED));
    assert!(!asset.is_cover_asset);
    assert!(!asset.is_abandoned);
    assert_eq!(asset.vault, pda::asset_vault(&wbtc).0);
    let config = f.config();
    assert_eq!(config.base_asset, base);
    assert_eq!(config.asset_count, 2);
    assert_eq!(
        only_event(&receipt),
        MutualEvent::AssetRegisterEvent(AssetRegisterEvent {
            mint: wbtc,
            vault: pda::asset_vault(&wbtc).0,
            index: 1,
            is_base: false,
            is_cover_asset: false,
        })
    );
}

#[test]
fn base_asset_with_a_feed_is_refused() {
    // Arrange
    let f = initialised();
    let mint = f.create_mint(6, &spl_token::ID);
    let deployer = f.deployer();

    // Act + Assert
    f.send_err_unchanged(
        &[ix::asset_register(
            &deployer.pubkey(),
            &mint,
            &spl_token::ID,
            Some(FEED),
            true,
        )],
        &[deployer],
        MutualError::BaseAssetHasNoFeed,
        &[pda::config().0],
    );
    assert!(!f.account_exists(&pda::asset(&mint).0));
    assert!(!f.account_exists(&pda::asset_vault(&mint).0));
}

#[test_case(None; "no feed")]
#[test_case(Some([0; 32]); "all zero feed")]
fn non_base_asset_without_a_feed_is_refused(feed: Option<[u8; 32]>) {
    // Arrange
    let f = initialised();
    with_base(&f);
    let mint = f.create_mint(9, &spl_token::ID);
    let deployer = f.deployer();

    // Act + Assert
    f.send_err_unchanged(
        &[ix::asset_register(
            &deployer.pubkey(),
            &mint,
            &spl_token::ID,
            feed,
            true,
        )],
        &[deployer],
        MutualError::MissingPriceFeed,
        &[pda::config().0],
    );
    assert!(!f.account_exists(&pda::asset(&mint).0));
}

#[test]
fn ninth_asset_is_refused() {
    // Arrange: the base and seven more
    let f = initialised();
    with_base(&f);
    for index in 1..8u8 {
        let mint = f.create_mint(6, &spl_token::ID);
        register(&f, &mint, &spl_token::ID, Some(FEED));
        assert_eq!(f.asset(&mint).index, index);
    }
    assert_eq!(f.config().asset_count, 8);
    let ninth = f.create_mint(6, &spl_token::ID);
    let deployer = f.deployer();

    // Act + Assert
    f.send_err_unchanged(
        &[ix::asset_register(
            &deployer.pubkey(),
            &ninth,
            &spl_token::ID,
            Some(FEED),
            true,
        )],
        &[deployer],
        MutualError::TooManyAssets,
        &[pda::config().0],
    );
    assert!(!f.account_exists(&pda::asset(&ninth).0));
    assert!(!f.account_exists(&pda::asset_vault(&ninth).0));
}

#[test]
fn stake_mint_cannot_be_registered() {
    // Arrange
    let f = initialised();
    with_base(&f);
    let stake_mint = pda::stake_mint().0;
    let deployer = f.deployer();

    // Act + Assert
    f.send_err_unchanged(
        &[ix::asset_register(
            &deployer.pubkey(),
            &stake_mint,
            &spl_token_2022::ID,
            Some(FEED),
            true,
        )],
        &[deployer],
        MutualError::StakeMintNotAsset,
        &[pda::config().0],
    );
    assert!(!f.account_exists(&pda::asset(&stake_mint).0));
    assert!(!f.account_exists(&pda::asset_vault(&stake_mint).0));
}

#[test]
fn registering_the_same_mint_twice_is_refused() {
    // Arrange
    let f = initialised();
    let base = with_base(&f);
    let deployer = f.deployer();

    // Act + Assert
    f.send_err_unchanged(
        &[ix::asset_register(
            &deployer.pubkey(),
            &base,
            &spl_token::ID,
            None,
            false,
        )],
        &[deployer],
        MutualError::AlreadyInitialized,
        &[
            pda::asset(&base).0,
            pda::asset_vault(&base).0,
            pda::config().0,
        ],
    );
}

#[test]
fn asset_register_by_non_authority_is_refused() {
    // Arrange
    let f = initialised();
    let mint = f.create_mint(6, &spl_token::ID);
    let stranger = f.new_wallet(1);

    // Act + Assert
    f.send_err_unchanged(
        &[ix::asset_register(
            &stranger.pubkey(),
            &mint,
            &spl_token::ID,
            None,
            true,
        )],
        &[&stranger],
        MutualError::NotAuthority,
        &[pda::config().0],
    );
    assert!(!f.account_exists(&pda::asset(&mint).0));
}

#[test]
fn asset_register_before_config_init_is_refused() {
    // Arrange
    let f = TestFixture::new();
    let mint = f.create_mint(6, &spl_token::ID);
    let deployer = f.deployer();

    // Act + Assert: 3012 AccountNotInitialized (the config)
    f.send_err_code(
        &[ix::asset_register(
            &deployer.pubkey(),
            &mint,
            &spl_token::ID,
            None,
            true,
        )],
        &[deployer],
        3012,
    );
    assert!(!f.account_exists(&pda::asset(&mint).0));
}

#[test]
fn plain_token_2022_mint_is_accepted() {
    // Arrange
    let f = initialised();
    with_base(&f);
    let mint = f.create_token_2022_mint_with(&[], |_| vec![]);

    // Act
    register(&f, &mint, &spl_token_2022::ID, Some(FEED));

    // Assert
    let asset = f.asset(&mint);
    assert_eq!(asset.token_program, spl_token_2022::ID);
    assert_eq!(asset.index, 1);
    assert_eq!(asset.decimals, 6);
    let vault = f.account(&pda::asset_vault(&mint).0);
    assert_eq!(vault.owner, spl_token_2022::ID);
    assert_eq!(vault.data.len(), TOKEN_ACCOUNT_LEN);
    let state = fetch::token_account(&f.chain, &pda::asset_vault(&mint).0)
        .unwrap()
        .unwrap();
    assert_eq!(state.owner, pda::config().0);
    assert_eq!(state.mint, mint);
}

#[test]
fn token_2022_mint_with_a_metadata_pointer_is_accepted() {
    // Arrange
    let f = initialised();
    with_base(&f);
    let deployer = f.deployer().pubkey();
    let mint = f.create_token_2022_mint_with(&[ExtensionType::MetadataPointer], |mint| {
        vec![metadata_pointer::instruction::initialize(
            &spl_token_2022::ID,
            mint,
            Some(deployer),
            Some(*mint),
        )
        .unwrap()]
    });

    // Act
    register(&f, &mint, &spl_token_2022::ID, Some(FEED));

    // Assert
    assert_eq!(f.asset(&mint).token_program, spl_token_2022::ID);
    assert_eq!(f.config().asset_count, 2);
}

#[test_case(ExtensionType::TransferFeeConfig; "transfer fee")]
#[test_case(ExtensionType::PermanentDelegate; "permanent delegate")]
#[test_case(ExtensionType::DefaultAccountState; "default frozen accounts")]
#[test_case(ExtensionType::MintCloseAuthority; "mint close authority")]
#[test_case(ExtensionType::NonTransferable; "non transferable")]
fn token_2022_mint_with_an_unsafe_extension_is_refused(extension: ExtensionType) {
    // Arrange
    let f = initialised();
    with_base(&f);
    let deployer = f.deployer().pubkey();
    let mint = f.create_token_2022_mint_with(&[extension], |mint| {
        let tp = &spl_token_2022::ID;
        let ix = match extension {
            ExtensionType::TransferFeeConfig => {
                transfer_fee::instruction::initialize_transfer_fee_config(
                    tp,
                    mint,
                    Some(&deployer),
                    Some(&deployer),
                    100,
                    1_000_000,
                )
            }
            ExtensionType::PermanentDelegate => {
                spl_token_2022::instruction::initialize_permanent_delegate(tp, mint, &deployer)
            }
            ExtensionType::DefaultAccountState => {
                default_account_state::instruction::initialize_default_account_state(
                    tp,
                    mint,
                    &AccountState::Frozen,
                )
            }
            ExtensionType::MintCloseAuthority => {
                spl_token_2022::instruction::initialize_mint_close_authority(
                    tp,
                    mint,
                    Some(&deployer),
                )
            }
            ExtensionType::NonTransferable => {
                spl_token_2022::instruction::initialize_non_transferable_mint(tp, mint)
            }
            other => panic!("no builder for {other:?}"),
        };
        vec![ix.unwrap()]
    });
    let signer = f.deployer();

    // Act + Assert
    f.send_err_unchanged(
        &[ix::asset_register(
            &signer.pubkey(),
            &mint,
            &spl_token_2022::ID,
            Some(FEED),
            true,
        )],
        &[signer],
        MutualError::UnsupportedMintExtension,
        &[pda::config().0],
    );
    assert!(!f.account_exists(&pda::asset(&mint).0));
    assert!(!f.account_exists(&pda::asset_vault(&mint).0));
}

#[test]
fn spl_token_mint_with_the_token_2022_program_is_refused() {
    // Arrange
    let f = initialised();
    let mint = f.create_mint(6, &spl_token::ID);
    let deployer = f.deployer();

    // Act + Assert: 2022 ConstraintMintTokenProgram
    f.send_err_code(
        &[ix::asset_register(
            &deployer.pubkey(),
            &mint,
            &spl_token_2022::ID,
            None,
            true,
        )],
        &[deployer],
        2022,
    );
    assert!(!f.account_exists(&pda::asset(&mint).0));
    assert_eq!(f.config().asset_count, 0);
}

// ---- asset_update ----

#[test]
fn asset_update_changes_the_flags_only() {
    // Arrange
    let f = initialised();
    with_base(&f);
    let mint = f.create_mint(8, &spl_token::ID);
    register(&f, &mint, &spl_token::ID, Some(FEED));
    let before = f.asset(&mint);
    let deployer = f.deployer();

    // Act
    let receipt = f.send_ok(
        &[ix::asset_update(
            &deployer.pubkey(),
            &mint,
            update_args(false, true, Some(FEED)),
        )],
        &[deployer],
    );

    // Assert: only the flags changed
    let mut expected = before;
    expected.is_cover_asset = false;
    expected.is_abandoned = true;
    assert_eq!(f.account_data(&pda::asset(&mint).0), serialized(&expected));
    assert_eq!(
        only_event(&receipt),
        MutualEvent::AssetUpdateEvent(AssetUpdateEvent {
            mint,
            is_cover_asset: false,
            is_abandoned: true,
            pyth_feed_id: FEED,
        })
    );
}

#[test]
fn asset_update_to_another_feed_is_refused() {
    // Arrange: moving an asset to another feed would revalue the capital pool in one transaction
    let f = initialised();
    with_base(&f);
    let mint = f.create_mint(8, &spl_token::ID);
    register(&f, &mint, &spl_token::ID, Some(FEED));
    let deployer = f.deployer();

    // Act + Assert
    f.send_err_unchanged(
        &[ix::asset_update(
            &deployer.pubkey(),
            &mint,
            update_args(true, false, Some(OTHER_FEED)),
        )],
        &[deployer],
        MutualError::PriceFeedFixed,
        &[pda::asset(&mint).0],
    );
}

#[test]
fn abandoned_asset_can_be_restored() {
    // Arrange
    let f = initialised();
    with_base(&f);
    let mint = f.create_mint(8, &spl_token::ID);
    register(&f, &mint, &spl_token::ID, Some(FEED));
    let deployer = f.deployer();
    f.send_ok(
        &[ix::asset_update(
            &deployer.pubkey(),
            &mint,
            update_args(false, true, Some(FEED)),
        )],
        &[deployer],
    );

    // Act
    f.send_ok(
        &[ix::asset_update(
            &deployer.pubkey(),
            &mint,
            update_args(true, false, Some(FEED)),
        )],
        &[deployer],
    );

    // Assert
    let asset = f.asset(&mint);
    assert!(asset.is_cover_asset);
    assert!(!asset.is_abandoned);
    assert_eq!(asset.pyth_feed_id, FEED);
}

#[test]
fn base_asset_can_stop_taking_cover() {
    // Arrange
    let f = initialised();
    let base = with_base(&f);
    let deployer = f.deployer();

    // Act
    let receipt = f.send_ok(
        &[ix::asset_update(
            &deployer.pubkey(),
            &base,
            update_args(false, false, None),
        )],
        &[deployer],
    );

    // Assert
    let asset = f.asset(&base);
    assert!(!asset.is_cover_asset);
    assert!(!asset.is_abandoned);
    assert_eq!(asset.pyth_feed_id, [0; 32]);
    assert_eq!(
        only_event(&receipt),
        MutualEvent::AssetUpdateEvent(AssetUpdateEvent {
            mint: base,
            is_cover_asset: false,
            is_abandoned: false,
            pyth_feed_id: [0; 32],
        })
    );
}

/// The base asset is never abandoned and never priced by a feed.
#[test_case(update_args(false, true, None), MutualError::CannotAbandonBaseAsset; "abandoning_the_base_asset_is_refused")]
#[test_case(update_args(true, false, Some(FEED)), MutualError::BaseAssetHasNoFeed; "base_asset_update_with_a_feed_is_refused")]
fn a_base_asset_update_is_refused(args: AssetUpdateArgs, expected: MutualError) {
    // Arrange
    let f = initialised();
    let base = with_base(&f);
    let deployer = f.deployer();

    // Act + Assert
    f.send_err_unchanged(
        &[ix::asset_update(&deployer.pubkey(), &base, args)],
        &[deployer],
        expected,
        &[pda::asset(&base).0],
    );
}

#[test_case(None; "no feed")]
#[test_case(Some([0; 32]); "all zero feed")]
fn non_base_asset_update_without_a_feed_is_refused(feed: Option<[u8; 32]>) {
    // Arrange
    let f = initialised();
    with_base(&f);
    let mint = f.create_mint(8, &spl_token::ID);
    register(&f, &mint, &spl_token::ID, Some(FEED));
    let deployer = f.deployer();

    // Act + Assert
    f.send_err_unchanged(
        &[ix::asset_update(
            &deployer.pubkey(),
            &mint,
            update_args(true, false, feed),
        )],
        &[deployer],
        MutualError::MissingPriceFeed,
        &[pda::asset(&mint).0],
    );
}

#[test]
fn asset_update_by_non_authority_is_refused() {
    // Arrange
    let f = initialised();
    let base = with_base(&f);
    let stranger = f.new_wallet(1);

    // Act + Assert
    f.send_err_unchanged(
        &[ix::asset_update(
            &stranger.pubkey(),
            &base,
            update_args(false, false, None),
        )],
        &[&stranger],
        MutualError::NotAuthority,
        &[pda::asset(&base).0],
    );
}

#[test]
fn asset_update_of_an_unregistered_mint_is_refused() {
    // Arrange
    let f = initialised();
    with_base(&f);
    let unregistered = f.create_mint(6, &spl_token::ID);
    let deployer = f.deployer();

    // Act + Assert: 3012 AccountNotInitialized (the asset)
    f.send_err_code(
        &[ix::asset_update(
            &deployer.pubkey(),
            &unregistered,
            update_args(true, false, Some(FEED)),
        )],
        &[deployer],
        3012,
    );
    assert!(!f.account_exists(&pda::asset(&unregistered).0));
}
