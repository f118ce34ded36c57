//! The attacks of SECURITY.md tried against governance, assets and stake-token trading; each asserts the exact
//! error and that nothing changed. Sysvar spoofing has no test: the program reads the clock with `Clock::get()`
//! and takes no sysvar account, so there is nothing to spoof.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::bpf_loader_upgradeable;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::system_program;
use anchor_lang::AccountSerialize;
use anchor_spl::token::spl_token;
use anchor_spl::token_2022::spl_token_2022;
use mutual::constants::{ASSET_SEED, ASSET_VAULT_SEED, CONFIG_SEED, MEMBER_SEED, TREASURY_SEED};
use mutual::errors::MutualError;
use mutual::events::TokenBuyEvent;
use mutual::instructions::{AssetUpdateArgs, PoolCreateArgs, ProductListing};
use mutual::math::Bps;
use mutual::state::{pause_area, Config, Params, VotingMode};
use mutual_sdk::transport::embedded::{
    program_data_account, program_data_account_of, LAMPORTS_PER_SOL,
};
use mutual_sdk::{ix, pda, spl, Keypair, MutualEvent, Signer, Transport};
use mutual_tests::*;
use solana_account::Account;
use solana_transaction::{InstructionError, TransactionError};
use test_case::test_case;

const FEED: [u8; 32] = [7; 32];

// ---- helpers ----

/// The instruction with every meta of `key` marked as not signing.
fn unsigned(mut ix: Instruction, key: &Pubkey) -> Instruction {
    let metas = ix.accounts.iter_mut().filter(|m| m.pubkey == *key);
    let mut count = 0;
    for meta in metas {
        meta.is_signer = false;
        count += 1;
    }
    assert!(count > 0, "{key} is not an account of the instruction");
    ix
}

/// Bytes of a well-formed `Config` account (discriminator and all) naming `authority`, as an attacker would
/// forge it.
fn forged_config(authority: &Pubkey) -> Vec<u8> {
    let config = Config {
        version: 1,
        bump: pda::config().1,
        stake_mint_bump: pda::stake_mint().1,
        treasury_bump: pda::treasury().1,
        authority: *authority,
        pending_authority: Pubkey::default(),
        guardian: *authority,
        stake_mint: pda::stake_mint().0,
        base_asset: Pubkey::default(),
        paused: 0,
        voting_mode: VotingMode::Open,
        asset_count: 0,
        product_count: 0,
        pool_count: 0,
        params: default_params(),
        pending_params: Params::zeroed(),
        pending_params_eta: 0,
        claims_paused_for: 0,
        claims_paused_at: 0,
        _reserved: [0; 96],
    };
    let mut bytes = Vec::new();
    config.try_serialize(&mut bytes).expect("serialize config");
    assert_eq!(bytes.len(), Config::SIZE);
    bytes
}

fn forged_account(data: Vec<u8>, owner: Pubkey) -> Account {
    Account {
        lamports: LAMPORTS_PER_SOL,
        data,
        owner,
        executable: false,
        rent_epoch: 0,
    }
}

fn loose_params() -> Params {
    let mut params = default_params();
    params.capacity_ratio = Bps(50_000);
    params.token_buffer = Bps(50);
    params
}

/// Everything the governance and trading tests can change, to assert that an attack changed none of it.
struct Watched {
    accounts: Vec<(Pubkey, Option<Account>)>,
}

impl Watched {
    fn new(f: &TestFixture, addresses: &[Pubkey]) -> Self {
        Watched {
            accounts: addresses
                .iter()
                .map(|a| (*a, f.chain.get_account(a).expect("get_account")))
                .collect(),
        }
    }

    fn assert_unchanged(&self, f: &TestFixture) {
        for (address, before) in &self.accounts {
            let now = f.chain.get_account(address).expect("get_account");
            assert_eq!(&now, before, "{address} changed");
        }
    }
}

/// Protocol accounts of a bootstrapped fixture, plus alice's base and stake accounts.
fn protocol_accounts(f: &TestFixture, alice: &Pubkey) -> Vec<Pubkey> {
    let d = f.deployment();
    vec![
        pda::config().0,
        pda::capital_snapshot().0,
        pda::stake_mint().0,
        pda::asset(&d.base_mint).0,
        d.base_vault,
        d.base_account(alice),
        pda::stake_account(alice),
        pda::member(alice).0,
    ]
}

/// A bootstrapped fixture where alice holds 100 stake tokens and 899 USDC.
fn with_alice() -> (TestFixture, Keypair) {
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(1_000 * USDC);
    assert_eq!(f.buy_stake(&alice, 101 * USDC), 100 * STAKE);
    (f, alice)
}

/// A member with a 5-token position in the current tranche of a new pool: (the member, the pool, the tranche).
fn staked(f: &TestFixture) -> (Pubkey, u32, u32) {
    let (_, pool) = f.with_pool();
    let staker = f.with_staker(10);
    let tranche = f.current_tranche();
    f.stake(&staker, pool, tranche, 5 * STAKE);
    (staker.pubkey(), pool, tranche)
}

/// A new member (10 SOL, no stake) who closed their empty stake-token account and created it anew: new accounts
/// of the stake mint start frozen, so this member needs `member_thaw`.
fn with_re_created_stake_account(f: &TestFixture) -> Keypair {
    let member = f.with_member();
    let close = spl_token_2022::instruction::close_account(
        &spl_token_2022::ID,
        &pda::stake_account(&member.pubkey()),
        &member.pubkey(),
        &member.pubkey(),
        &[],
    )
    .expect("close instruction");
    let create = spl::create_associated_account(
        &member.pubkey(),
        &member.pubkey(),
        &pda::stake_mint().0,
        &spl_token_2022::ID,
    );
    f.send_ok(&[close, create], &[&member]);
    assert!(f.stake_account_frozen(&member.pubkey()));
    member
}

/// A member's 30-day cover of 1 USDC (auto-renewal on, up to 1 USDC) on a product one pool backs: the owner,
/// the cover and the market.
fn with_cover(f: &TestFixture) -> (Pubkey, Pubkey, CoverMarket) {
    let m = f.with_cover_market("Covered", &[(100, 300, 100)]);
    let owner = f.with_funded_member(100 * USDC);
    let cover = f.buy_cover(&owner, m.product, USDC, 30 * DAY, &m.pools);
    f.send_ok(
        &[ix::cover_auto_renew_set(&owner.pubkey(), &cover, USDC)],
        &[&owner],
    );
    (owner.pubkey(), cover, m)
}

/// A claim of 5 USDC on a fresh 10 USDC cover, and an assessor who staked before it was filed: (the claimant,
/// the claim, the assessor).
fn with_claim(f: &TestFixture) -> (Pubkey, Pubkey, Pubkey) {
    let m = f.with_cover_market("Claimed", &[(100, 300, 100)]);
    let owner = f.with_funded_member(100 * USDC);
    let cover = f.buy_cover(&owner, m.product, 10 * USDC, 30 * DAY, &m.pools);
    let assessor = f.with_assessor(10);
    f.warp_seconds(60);
    let claim = f.submit_claim(&owner, &cover, 5 * USDC);
    (owner.pubkey(), claim, assessor.pubkey())
}

// ---- missing signer ----

/// Builds an attack from the fixture, alice and the attacker; returns the instruction and the key whose
/// signature the attacker lacks.
type Attack = fn(&TestFixture, &Pubkey, &Pubkey) -> (Instruction, Pubkey);

#[test_case(|f, _, _| {
    let authority = f.deployer().pubkey();
    (ix::params_propose(&authority, loose_params()), authority)
}; "params_propose")]
#[test_case(|f, _, _| {
    let authority = f.deployer().pubkey();
    (ix::params_cancel(&authority), authority)
}; "params_cancel")]
#[test_case(|f, _, attacker| {
    let authority = f.deployer().pubkey();
    (ix::authority_propose(&authority, attacker), authority)
}; "authority_propose")]
#[test_case(|f, _, attacker| {
    let authority = f.deployer().pubkey();
    (ix::guardian_set(&authority, attacker), authority)
}; "guardian_set")]
#[test_case(|f, _, _| {
    let authority = f.deployer();
    let next = Pubkey::new_unique();
    f.send_ok(&[ix::authority_propose(&authority.pubkey(), &next)], &[authority]);
    (ix::authority_accept(&next), next)
}; "authority_accept")]
#[test_case(|f, _, _| {
    let authority = f.deployer().pubkey();
    (ix::protocol_pause(&authority, pause_area::ALL), authority)
}; "protocol_pause")]
#[test_case(|f, _, _| {
    let authority = f.deployer().pubkey();
    (ix::protocol_unpause(&authority, pause_area::ALL), authority)
}; "protocol_unpause")]
#[test_case(|f, _, _| {
    let authority = f.deployer().pubkey();
    let mint = f.deployment().base_mint;
    let args = AssetUpdateArgs { is_cover_asset: false, is_abandoned: false, pyth_feed_id: None };
    (ix::asset_update(&authority, &mint, args), authority)
}; "asset_update")]
#[test_case(|f, _, _| {
    let authority = f.deployer().pubkey();
    let mint = f.create_mint(6, &spl_token::ID);
    (ix::asset_register(&authority, &mint, &spl_token::ID, Some(FEED), true), authority)
}; "asset_register")]
#[test_case(|f, alice, _| {
    let authority = f.deployer().pubkey();
    (ix::member_set_broker(&authority, alice, true), authority)
}; "member_set_broker")]
#[test_case(|f, _, _| {
    let authority = f.deployer().pubkey();
    (ix::product_create(&authority, 0, sample_terms("A")), authority)
}; "product_create")]
#[test_case(|f, _, _| {
    let authority = f.deployer().pubkey();
    let id = f.with_product("A");
    (ix::product_update(&authority, id, sample_terms("B")), authority)
}; "product_update")]
#[test_case(|f, _, attacker| {
    let authority = f.deployer().pubkey();
    (ix::curator_add(&authority, attacker), authority)
}; "curator_add")]
#[test_case(|f, alice, _| {
    let authority = f.deployer();
    f.send_ok(&[ix::curator_add(&authority.pubkey(), alice)], &[authority]);
    (ix::curator_remove(&authority.pubkey(), alice), authority.pubkey())
}; "curator_remove")]
#[test_case(|f, alice, _| {
    let authority = f.deployer();
    f.send_ok(&[ix::curator_add(&authority.pubkey(), alice)], &[authority]);
    let id = f.with_product("A");
    (ix::risk_signals_update(alice, id, true, Default::default()), *alice)
}; "risk_signals_update by a curator")]
#[test_case(|f, alice, _| {
    let args = PoolCreateArgs { manager: *alice, is_private: false, pool_fee: Bps(0), max_pool_fee: Bps(0) };
    (ix::pool_create(alice, f.config().pool_count, args), *alice)
}; "pool_create")]
#[test_case(|f, _, _| {
    let (manager, pool) = f.with_pool();
    let id = f.with_product("A");
    let listing = ProductListing { product_id: id, weight: 10, target_price: Bps(200) };
    (ix::pool_set_products(&manager.pubkey(), pool, vec![listing]), manager.pubkey())
}; "pool_set_products")]
#[test_case(|f, _, _| {
    let (manager, pool) = f.with_pool();
    (ix::pool_set_fee(&manager.pubkey(), pool, Bps(0)), manager.pubkey())
}; "pool_set_fee")]
#[test_case(|f, _, attacker| {
    let (manager, pool) = f.with_pool();
    (ix::pool_set_manager(&manager.pubkey(), pool, attacker), manager.pubkey())
}; "pool_set_manager")]
#[test_case(|f, alice, _| {
    let (_, pool) = f.with_pool();
    (ix::stake_deposit(alice, pool, f.current_tranche(), 10 * STAKE), *alice)
}; "stake_deposit")]
#[test_case(|f, _, _| {
    let (staker, pool, tranche) = staked(f);
    (ix::stake_extend(&staker, pool, tranche, tranche + 1), staker)
}; "stake_extend")]
#[test_case(|f, _, _| {
    let (staker, pool, tranche) = staked(f);
    f.warp_seconds(mutual::math::periods::tranche_end(tranche) - f.now() + 1);
    (ix::stake_withdraw(&staker, pool, tranche, true, true), staker)
}; "stake_withdraw")]
#[test_case(|f, alice, _| {
    let (staker, pool, tranche) = staked(f);
    (ix::stake_position_transfer(&staker, pool, tranche, alice), staker)
}; "stake_position_transfer")]
#[test_case(|f, alice, _| (f.token_buy_ix(alice, 101 * USDC, 0), *alice); "token_buy")]
#[test_case(|f, alice, _| (f.token_sell_ix(alice, 50 * STAKE, 0), *alice); "token_sell")]
#[test_case(|f, _, _| {
    let wallet = f.new_wallet(1).pubkey();
    (ix::member_join(&wallet), wallet)
}; "member_join")]
#[test_case(|f, _, _| {
    let member = f.with_member().pubkey();
    (ix::member_leave(&member, 0), member)
}; "member_leave")]
#[test_case(|f, _, _| {
    let member = with_re_created_stake_account(f).pubkey();
    (ix::member_thaw(&member), member)
}; "member_thaw")]
#[test_case(|f, _, _| {
    let (_, _, m) = with_cover(f);
    let manager = m.managers[0].pubkey();
    (ix::pool_fee_withdraw(&manager, m.pools[0]), manager)
}; "pool_fee_withdraw")]
#[test_case(|f, alice, _| {
    let m = f.with_cover_market("C", &[(100, 300, 100)]);
    (f.cover_buy_ix(alice, m.product, USDC, 30 * DAY, u64::MAX, &m.pools), *alice)
}; "cover_buy")]
#[test_case(|f, _, _| {
    let (owner, _, m) = with_cover(f);
    let edit = ix::cover_edit(&owner, m.product, 0, &f.base_cover_asset(), &f.deployment().base_account(&owner),
        &m.pools, &m.pools, 2 * USDC, 30 * DAY as u32, u64::MAX);
    (edit, owner)
}; "cover_edit")]
#[test_case(|f, _, _| {
    let (owner, _, m) = with_cover(f);
    f.warp_days(25);
    let renew = ix::cover_renew(&owner, m.product, 0, &f.base_cover_asset(), &f.deployment().base_account(&owner),
        &m.pools, u64::MAX);
    (renew, owner)
}; "cover_renew")]
#[test_case(|f, _, _| {
    let (owner, cover, _) = with_cover(f);
    (ix::cover_auto_renew_set(&owner, &cover, USDC), owner)
}; "cover_auto_renew_set")]
#[test_case(|f, _, _| {
    let (owner, cover, _) = with_cover(f);
    (ix::cover_auto_renew_cancel(&owner, &cover), owner)
}; "cover_auto_renew_cancel")]
#[test_case(|f, _, attacker| {
    let (owner, cover, _) = with_cover(f);
    (ix::cover_transfer(&owner, &cover, attacker), owner)
}; "cover_transfer")]
#[test_case(|_, alice, _| (ix::assessor_stake(alice, STAKE), *alice); "assessor_stake")]
#[test_case(|f, _, _| {
    let assessor = f.with_assessor(5).pubkey();
    (ix::assessor_unstake(&assessor, STAKE), assessor)
}; "assessor_unstake")]
#[test_case(|f, _, _| {
    let assessor = f.with_assessor(5).pubkey();
    let authority = f.deployer().pubkey();
    (ix::assessor_flag_fraud(&authority, &assessor, true), authority)
}; "assessor_flag_fraud")]
#[test_case(|f, _, _| {
    let (owner, cover, _) = with_cover(f);
    f.warp_seconds(60);
    (f.claim_submit_ix(&owner, &cover, USDC).0, owner)
}; "claim_submit")]
#[test_case(|f, _, _| {
    let (_, claim, assessor) = with_claim(f);
    (ix::claim_vote(&assessor, &claim, true), assessor)
}; "claim_vote")]
#[test_case(|f, _, _| {
    let (_, claim, assessor) = with_claim(f);
    (ix::claim_vote_commit(&assessor, &claim, [1; 32]), assessor)
}; "claim_vote_commit")]
#[test_case(|f, _, _| {
    let (_, claim, assessor) = with_claim(f);
    (ix::claim_vote_reveal(&assessor, &claim, true, [1; 32]), assessor)
}; "claim_vote_reveal")]
#[test_case(|f, _, _| {
    let (owner, claim, _) = with_claim(f);
    (f.redeem_ix(&owner, &claim), owner)
}; "claim_redeem_payout")]
#[test_case(|f, _, _| {
    let (_, claim, assessor) = with_claim(f);
    (ix::vote_reward_claim(&assessor, &claim), assessor)
}; "vote_reward_claim")]
fn security_missing_signer_is_refused(attack: Attack) {
    // Arrange
    let (f, alice) = with_alice();
    let attacker = f.new_wallet(10);
    let (ix, victim) = attack(&f, &alice.pubkey(), &attacker.pubkey());
    let mut watched_addresses = protocol_accounts(&f, &alice.pubkey());
    watched_addresses.extend([
        victim,
        pda::member(&victim).0,
        pda::stake_account(&victim),
        pda::treasury().0,
    ]);
    let watched = Watched::new(&f, &watched_addresses);

    // Act + Assert: the attacker names the victim's key but cannot sign for it: 3010 AccountNotSigner
    f.send_err_code(&[unsigned(ix, &victim)], &[&attacker], 3010);
    watched.assert_unchanged(&f);
}

#[test]
fn security_missing_signer_config_init_names_the_upgrade_authority_without_its_signature() {
    // Arrange
    let f = TestFixture::new();
    let attacker = f.new_wallet(10);
    let deployer = f.deployer().pubkey();
    let ix = ix::config_init(&deployer, &attacker.pubkey(), default_params());

    // Act + Assert: 3010 AccountNotSigner
    f.send_err_code(&[unsigned(ix, &deployer)], &[&attacker], 3010);
    assert!(!f.account_exists(&pda::config().0));
}

// ---- front-run init ----

#[test]
fn security_front_run_init_by_a_stranger_is_refused() {
    // Arrange
    let f = TestFixture::new();
    let stranger = f.new_wallet(10);

    // Act + Assert
    f.send_err(
        &[ix::config_init(
            &stranger.pubkey(),
            &stranger.pubkey(),
            default_params(),
        )],
        &[&stranger],
        MutualError::NotUpgradeAuthority,
    );
    for address in [
        pda::config().0,
        pda::capital_snapshot().0,
        pda::stake_mint().0,
        pda::treasury().0,
    ] {
        assert!(!f.account_exists(&address), "{address} was created");
    }

    // Assert: the upgrade authority can still initialise
    f.init_config(&f.deployer().pubkey());
    assert_eq!(f.config().authority, f.deployer().pubkey());
}

#[test]
fn security_front_run_init_with_forged_program_data_owned_by_another_program_is_refused() {
    // Arrange: a ProgramData record naming the stranger, owned by the stranger's own program
    let stranger = Keypair::new();
    let forged = Pubkey::new_unique();
    let stranger_program = Pubkey::new_unique();
    let mut record = program_data_account(&stranger.pubkey());
    record.owner = stranger_program;
    let f = TestFixture::new_with(|pt| pt.add_account(forged, record));
    f.chain
        .airdrop(&stranger.pubkey(), 10 * LAMPORTS_PER_SOL)
        .unwrap();
    let init = ix::config_init(&stranger.pubkey(), &stranger.pubkey(), default_params());

    // Act + Assert: 3007 AccountOwnedByWrongProgram
    f.send_err_code(
        &[swap_account(init, &pda::program_data(&mutual::ID), &forged)],
        &[&stranger],
        3007,
    );
    assert!(!f.account_exists(&pda::config().0));
}

#[test]
fn security_front_run_init_with_the_program_data_of_another_program_is_refused() {
    // Arrange: the stranger's own program is upgradeable by the stranger; its ProgramData is genuine
    let stranger = Keypair::new();
    let stranger_program = Pubkey::new_unique();
    let their_program_data = pda::program_data(&stranger_program);
    let record = program_data_account(&stranger.pubkey());
    assert_eq!(record.owner, bpf_loader_upgradeable::ID);
    let f = TestFixture::new_with(|pt| pt.add_account(their_program_data, record));
    f.chain
        .airdrop(&stranger.pubkey(), 10 * LAMPORTS_PER_SOL)
        .unwrap();
    let init = ix::config_init(&stranger.pubkey(), &stranger.pubkey(), default_params());

    // Act + Assert: 2006 ConstraintSeeds, the record is not this program's
    f.send_err_code(
        &[swap_account(
            init,
            &pda::program_data(&mutual::ID),
            &their_program_data,
        )],
        &[&stranger],
        2006,
    );
    assert!(!f.account_exists(&pda::config().0));
}

#[test]
fn security_front_run_init_of_an_immutable_deploy_is_refused() {
    // Arrange: the program was deployed final, so its ProgramData names no upgrade authority
    let f = TestFixture::new_with(|pt| {
        pt.add_account(
            pda::program_data(&mutual::ID),
            program_data_account_of(None),
        )
    });
    let stranger = f.new_wallet(10);
    let deployer = f.deployer();
    let protocol = [
        pda::config().0,
        pda::capital_snapshot().0,
        pda::stake_mint().0,
        pda::treasury().0,
    ];

    // Act + Assert: nobody may init, neither a stranger nor the key that deployed the program
    for signer in [&stranger, deployer] {
        let init = ix::config_init(&signer.pubkey(), &signer.pubkey(), default_params());
        f.send_err_unchanged(
            &[init],
            &[signer],
            MutualError::NotUpgradeAuthority,
            &protocol,
        );
    }
    for address in protocol {
        assert!(!f.account_exists(&address), "{address} was created");
    }
}

// ---- reinitialisation ----

#[test]
fn security_reinitialisation_config_init_twice_is_refused() {
    // Arrange: a live protocol with a capital snapshot that moved since init
    let (f, alice) = with_alice();
    let deployer = f.deployer();
    let attacker_guardian = Pubkey::new_unique();
    let mut watched_addresses = protocol_accounts(&f, &alice.pubkey());
    watched_addresses.push(pda::treasury().0);
    let watched = Watched::new(&f, &watched_addresses);
    f.warp_days(1);

    // Act + Assert: even the upgrade authority cannot re-run init (e.g. to reset the snapshot or the guardian)
    f.send_err(
        &[ix::config_init(
            &deployer.pubkey(),
            &attacker_guardian,
            loose_params(),
        )],
        &[deployer],
        MutualError::AlreadyInitialized,
    );
    watched.assert_unchanged(&f);
    assert_eq!(f.config().guardian, deployer.pubkey());
}

// ---- arbitrary CPI ----

#[test]
fn security_arbitrary_cpi_non_token_program_in_asset_register_is_refused() {
    // Arrange
    let f = TestFixture::new();
    f.init_config(&f.deployer().pubkey());
    let mint = f.create_mint(6, &spl_token::ID);
    let deployer = f.deployer();
    let fake = anchor_spl::associated_token::ID;
    let ix = ix::asset_register(&deployer.pubkey(), &mint, &fake, None, true);

    // Act + Assert: 3008 InvalidProgramId
    f.send_err_code(&[ix], &[deployer], 3008);
    assert!(!f.account_exists(&pda::asset(&mint).0));
    assert_eq!(f.config().asset_count, 0);
}

#[test]
fn security_arbitrary_cpi_spl_token_in_place_of_token_2022_in_member_join_is_refused() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let wallet = f.new_wallet(1);
    let join = ix::member_join(&wallet.pubkey());
    let treasury_before = f.lamports(&pda::treasury().0);

    // Act + Assert: 3008 InvalidProgramId
    f.send_err_code(
        &[swap_account(join, &spl_token_2022::ID, &spl_token::ID)],
        &[&wallet],
        3008,
    );
    assert!(f.member(&wallet.pubkey()).is_none());
    assert!(!f.account_exists(&pda::stake_account(&wallet.pubkey())));
    assert_eq!(f.lamports(&pda::treasury().0), treasury_before);
}

#[test_case(anchor_spl::associated_token::ID, spl_token::ID; "spl_token as the associated token program")]
#[test_case(system_program::ID, spl_token::ID; "spl_token as the system program")]
#[test_case(system_program::ID, mutual::ID; "the mutual program as the system program")]
fn security_arbitrary_cpi_fake_program_in_member_join_is_refused(genuine: Pubkey, fake: Pubkey) {
    // Arrange: the fake is an executable program, just not the one the instruction names
    let f = TestFixture::bootstrapped();
    let wallet = f.new_wallet(1);
    let join = ix::member_join(&wallet.pubkey());
    let watched = Watched::new(
        &f,
        &[
            pda::config().0,
            pda::stake_mint().0,
            pda::member(&wallet.pubkey()).0,
            pda::stake_account(&wallet.pubkey()),
            pda::treasury().0,
        ],
    );

    // Act + Assert: 3008 InvalidProgramId, from `Program<AssociatedToken>` / `Program<System>`, before the
    // stake-token account (`init_if_needed`) is created or the join fee moves
    f.send_err_code(&[swap_account(join, &genuine, &fake)], &[&wallet], 3008);
    watched.assert_unchanged(&f);
    assert!(f.member(&wallet.pubkey()).is_none());
}

#[test_case(spl_token::ID; "spl_token")]
#[test_case(mutual::ID; "the mutual program")]
fn security_arbitrary_cpi_fake_system_program_in_config_init_is_refused(fake: Pubkey) {
    // Arrange
    let f = TestFixture::new();
    let deployer = f.deployer();
    let init = ix::config_init(&deployer.pubkey(), &deployer.pubkey(), default_params());
    let protocol = [
        pda::config().0,
        pda::capital_snapshot().0,
        pda::stake_mint().0,
        pda::treasury().0,
    ];
    let watched = Watched::new(&f, &protocol);

    // Act + Assert: 3008 InvalidProgramId (`Program<System>`), even for the upgrade authority
    f.send_err_code(
        &[swap_account(init, &system_program::ID, &fake)],
        &[deployer],
        3008,
    );
    watched.assert_unchanged(&f);
    for address in protocol {
        assert!(!f.account_exists(&address), "{address} was created");
    }
}

#[test]
fn security_arbitrary_cpi_spl_token_as_stake_token_program_in_token_buy_is_refused() {
    // Arrange: the base asset is an SPL Token mint, so the trade names the SPL Token program once already
    let (f, alice) = with_alice();
    let buy = f.token_buy_ix(&alice.pubkey(), 101 * USDC, 0);
    let mut attack = buy.clone();
    let last = attack.accounts.len() - 1;
    assert_eq!(attack.accounts[last].pubkey, spl_token_2022::ID);
    attack.accounts[last].pubkey = spl_token::ID;
    let watched = Watched::new(&f, &protocol_accounts(&f, &alice.pubkey()));

    // Act + Assert: 3008 InvalidProgramId
    f.send_err_code(&[attack], &[&alice], 3008);
    watched.assert_unchanged(&f);
}

#[test]
fn security_arbitrary_cpi_other_token_program_as_base_token_program_is_refused() {
    // Arrange
    let (f, alice) = with_alice();
    let buy = f.token_buy_ix(&alice.pubkey(), 101 * USDC, 0);
    let mut attack = buy.clone();
    let base_program = attack.accounts.len() - 2;
    assert_eq!(attack.accounts[base_program].pubkey, spl_token::ID);
    attack.accounts[base_program].pubkey = spl_token_2022::ID;
    let watched = Watched::new(&f, &protocol_accounts(&f, &alice.pubkey()));

    // Act + Assert: 2021 ConstraintTokenTokenProgram (alice's USDC account is not a Token-2022 account)
    f.send_err_code(&[attack], &[&alice], 2021);
    watched.assert_unchanged(&f);
}

// ---- owner / type cosplay ----

#[test]
fn security_type_cosplay_capital_snapshot_as_config_is_refused() {
    // Arrange
    let (f, alice) = with_alice();
    let deployer = f.deployer();
    let update = ix::params_propose(&deployer.pubkey(), loose_params());
    let watched = Watched::new(&f, &protocol_accounts(&f, &alice.pubkey()));

    // Act + Assert: 3002 AccountDiscriminatorMismatch
    f.send_err_code(
        &[swap_account(
            update,
            &pda::config().0,
            &pda::capital_snapshot().0,
        )],
        &[deployer],
        3002,
    );
    watched.assert_unchanged(&f);
}

#[test]
fn security_type_cosplay_asset_as_config_is_refused() {
    // Arrange
    let (f, alice) = with_alice();
    let guardian = f.deployer();
    let pause = ix::protocol_pause(&guardian.pubkey(), pause_area::ALL);
    let base_asset = pda::asset(&f.deployment().base_mint).0;
    let watched = Watched::new(&f, &protocol_accounts(&f, &alice.pubkey()));

    // Act + Assert: 3002 AccountDiscriminatorMismatch
    f.send_err_code(
        &[swap_account(pause, &pda::config().0, &base_asset)],
        &[guardian],
        3002,
    );
    watched.assert_unchanged(&f);
}

#[test]
fn security_type_cosplay_capital_snapshot_as_member_is_refused() {
    // Arrange: bob is no member, so he passes an account of the program in place of his member record
    let (f, alice) = with_alice();
    let bob = f.new_wallet(1);
    f.faucet(&bob.pubkey(), 101 * USDC);
    let buy = f.token_buy_ix(&bob.pubkey(), 101 * USDC, 0);
    let mut watched_addresses = protocol_accounts(&f, &alice.pubkey());
    watched_addresses.push(f.deployment().base_account(&bob.pubkey()));
    let watched = Watched::new(&f, &watched_addresses);

    // Act + Assert: 3002 AccountDiscriminatorMismatch
    f.send_err_code(
        &[swap_account(
            buy,
            &pda::member(&bob.pubkey()).0,
            &pda::capital_snapshot().0,
        )],
        &[&bob],
        3002,
    );
    watched.assert_unchanged(&f);
}

#[test]
fn security_owner_cosplay_config_bytes_owned_by_another_program_are_refused() {
    // Arrange: a byte-exact Config naming the attacker as authority, owned by the attacker's program
    let attacker = Keypair::new();
    let forged = Pubkey::new_unique();
    let account = forged_account(forged_config(&attacker.pubkey()), Pubkey::new_unique());
    let f = TestFixture::new_with(|pt| pt.add_account(forged, account));
    f.init_config(&f.deployer().pubkey());
    f.chain
        .airdrop(&attacker.pubkey(), LAMPORTS_PER_SOL)
        .unwrap();
    let update = ix::params_propose(&attacker.pubkey(), loose_params());
    let watched = Watched::new(&f, &[pda::config().0, forged]);

    // Act + Assert: 3007 AccountOwnedByWrongProgram
    f.send_err_code(
        &[swap_account(update, &pda::config().0, &forged)],
        &[&attacker],
        3007,
    );
    watched.assert_unchanged(&f);
}

#[test]
fn security_owner_cosplay_config_at_another_address_is_refused_by_seeds() {
    // Arrange: even a Config the program owned, at any address but the config PDA, is refused
    let attacker = Keypair::new();
    let forged = Pubkey::new_unique();
    let account = forged_account(forged_config(&attacker.pubkey()), mutual::ID);
    let f = TestFixture::new_with(|pt| pt.add_account(forged, account));
    f.init_config(&f.deployer().pubkey());
    f.chain
        .airdrop(&attacker.pubkey(), LAMPORTS_PER_SOL)
        .unwrap();
    let unpause = ix::protocol_unpause(&attacker.pubkey(), pause_area::ALL);
    let watched = Watched::new(&f, &[pda::config().0, forged]);

    // Act + Assert: 2006 ConstraintSeeds
    f.send_err_code(
        &[swap_account(unpause, &pda::config().0, &forged)],
        &[&attacker],
        2006,
    );
    watched.assert_unchanged(&f);
}

#[test]
fn security_type_cosplay_non_base_asset_as_base_asset_is_refused() {
    // Arrange: a second asset the attacker would rather trade against
    let (f, alice) = with_alice();
    let deployer = f.deployer();
    let other = f.create_mint(6, &spl_token::ID);
    f.send_ok(
        &[ix::asset_register(
            &deployer.pubkey(),
            &other,
            &spl_token::ID,
            Some(FEED),
            true,
        )],
        &[deployer],
    );
    let buy = f.token_buy_ix(&alice.pubkey(), 101 * USDC, 0);
    let base_asset = pda::asset(&f.deployment().base_mint).0;
    let watched = Watched::new(&f, &protocol_accounts(&f, &alice.pubkey()));

    // Act + Assert: 2006 ConstraintSeeds (the base asset PDA is derived from config.base_asset)
    f.send_err_code(
        &[swap_account(buy, &base_asset, &pda::asset(&other).0)],
        &[&alice],
        2006,
    );
    watched.assert_unchanged(&f);
}

// ---- has_one / relations ----

#[test_case(|f, _, attacker| (ix::params_propose(attacker, loose_params()), f.deployer().pubkey()); "params_propose")]
#[test_case(|f, _, attacker| (ix::params_cancel(attacker), f.deployer().pubkey()); "params_cancel")]
#[test_case(|f, _, attacker| (ix::authority_propose(attacker, attacker), f.deployer().pubkey()); "authority_propose")]
#[test_case(|f, _, attacker| (ix::guardian_set(attacker, attacker), f.deployer().pubkey()); "guardian_set")]
#[test_case(|f, _, attacker| (ix::protocol_unpause(attacker, pause_area::ALL), f.deployer().pubkey()); "protocol_unpause")]
#[test_case(|f, _, attacker| {
    let args = AssetUpdateArgs { is_cover_asset: false, is_abandoned: false, pyth_feed_id: None };
    (ix::asset_update(attacker, &f.deployment().base_mint, args), f.deployer().pubkey())
}; "asset_update")]
#[test_case(|f, _, attacker| {
    let mint = f.create_mint(6, &spl_token::ID);
    (ix::asset_register(attacker, &mint, &spl_token::ID, Some(FEED), true), f.deployer().pubkey())
}; "asset_register")]
#[test_case(|f, alice, attacker| (ix::member_set_broker(attacker, alice, true), f.deployer().pubkey()); "member_set_broker")]
fn security_has_one_non_authority_is_refused(attack: Attack) {
    // Arrange
    let (f, alice) = with_alice();
    let attacker = f.new_wallet(10);
    let (ix, authority) = attack(&f, &alice.pubkey(), &attacker.pubkey());
    assert_eq!(f.config().authority, authority);
    let watched = Watched::new(&f, &protocol_accounts(&f, &alice.pubkey()));

    // Act + Assert
    f.send_err(&[ix], &[&attacker], MutualError::NotAuthority);
    watched.assert_unchanged(&f);
}

#[test]
fn security_has_one_trading_on_another_members_record_is_refused() {
    // Arrange: bob has left the mutual (his stake account stays, frozen) and borrows alice's member record
    let (f, alice) = with_alice();
    let bob = f.with_funded_member(101 * USDC);
    f.send_ok(&[ix::member_leave(&bob.pubkey(), 0)], &[&bob]);
    assert!(f.member(&bob.pubkey()).is_none());
    let buy = f.token_buy_ix(&bob.pubkey(), 101 * USDC, 0);
    let mut watched_addresses = protocol_accounts(&f, &alice.pubkey());
    watched_addresses.push(f.deployment().base_account(&bob.pubkey()));
    let watched = Watched::new(&f, &watched_addresses);

    // Act + Assert: 2006 ConstraintSeeds (the member PDA is derived from the signer)
    f.send_err_code(
        &[swap_account(
            buy,
            &pda::member(&bob.pubkey()).0,
            &pda::member(&alice.pubkey()).0,
        )],
        &[&bob],
        2006,
    );
    watched.assert_unchanged(&f);
}

#[test]
fn security_has_one_buying_with_another_wallets_base_account_is_refused() {
    // Arrange: bob is a member and tries to pay with alice's USDC
    let (f, alice) = with_alice();
    let bob = f.with_member();
    let buy = f.token_buy_ix(&bob.pubkey(), 101 * USDC, 0);
    let watched = Watched::new(&f, &protocol_accounts(&f, &alice.pubkey()));

    // Act + Assert: 2015 ConstraintTokenOwner
    f.send_err_code(
        &[swap_account(
            buy,
            &f.deployment().base_account(&bob.pubkey()),
            &f.deployment().base_account(&alice.pubkey()),
        )],
        &[&bob],
        2015,
    );
    watched.assert_unchanged(&f);
}

#[test]
fn security_has_one_selling_another_wallets_stake_is_refused() {
    // Arrange: bob is a member and tries to sell alice's stake tokens
    let (f, alice) = with_alice();
    let bob = f.with_funded_member(0);
    let sell = f.token_sell_ix(&bob.pubkey(), 50 * STAKE, 0);
    let watched = Watched::new(&f, &protocol_accounts(&f, &alice.pubkey()));

    // Act + Assert: not the stake account recorded in bob's Member
    f.send_err(
        &[swap_account(
            sell,
            &pda::stake_account(&bob.pubkey()),
            &pda::stake_account(&alice.pubkey()),
        )],
        &[&bob],
        MutualError::WrongStakeAccount,
    );
    watched.assert_unchanged(&f);
}

/// Sends `ix` of bob's with carol's stake account in place of his, and asserts it is refused with
/// `WrongStakeAccount` and that neither member's accounts, the config or the stake mint changed.
fn with_carols_stake_account_is_refused(
    f: &TestFixture,
    bob: &Keypair,
    carol: &Keypair,
    ix: Instruction,
) {
    let watched = Watched::new(
        f,
        &[
            pda::config().0,
            pda::stake_mint().0,
            pda::member(&bob.pubkey()).0,
            pda::stake_account(&bob.pubkey()),
            pda::member(&carol.pubkey()).0,
            pda::stake_account(&carol.pubkey()),
        ],
    );
    let attack = swap_account(
        ix,
        &pda::stake_account(&bob.pubkey()),
        &pda::stake_account(&carol.pubkey()),
    );
    f.send_err(&[attack], &[bob], MutualError::WrongStakeAccount);
    watched.assert_unchanged(f);
}

#[test]
fn security_has_one_leaving_with_another_members_stake_account_is_refused() {
    // Arrange: carol's stake account is empty and thawed; were bob to leave with it, the program would freeze it
    let f = TestFixture::bootstrapped();
    let bob = f.with_member();
    let carol = f.with_member();
    assert!(!f.stake_account_frozen(&carol.pubkey()));
    let leave = ix::member_leave(&bob.pubkey(), 0);

    // Act + Assert: not the stake account recorded in bob's Member (`address = member.stake_account`)
    with_carols_stake_account_is_refused(&f, &bob, &carol, leave);
    assert!(f.member(&bob.pubkey()).is_some());
}

#[test]
fn security_has_one_thawing_another_wallets_stake_account_is_refused() {
    // Arrange: carol has left (her stake account is frozen again); bob, a member, would thaw it for her so
    // that a non-member could hold the stake token
    let f = TestFixture::bootstrapped();
    let bob = f.with_member();
    let carol = f.with_member();
    f.send_ok(&[ix::member_leave(&carol.pubkey(), 0)], &[&carol]);
    assert!(f.member(&carol.pubkey()).is_none());
    assert!(f.stake_account_frozen(&carol.pubkey()));
    let thaw = ix::member_thaw(&bob.pubkey());

    // Act + Assert: not the stake account recorded in bob's Member (`address = member.stake_account`)
    with_carols_stake_account_is_refused(&f, &bob, &carol, thaw);
    assert!(f.stake_account_frozen(&carol.pubkey()));
}

// ---- duplicate accounts / PDA sharing ----

#[test]
fn security_duplicate_accounts_base_vault_as_the_wallet_account_is_refused() {
    // Arrange: alice names the vault as both source and destination of her payment
    let (f, alice) = with_alice();
    let buy = f.token_buy_ix(&alice.pubkey(), 101 * USDC, 0);
    let d = f.deployment();
    let watched = Watched::new(&f, &protocol_accounts(&f, &alice.pubkey()));

    // Act + Assert: the explicit key inequality check (Anchor's generic one is off: `dup`)
    f.send_err(
        &[swap_account(
            buy,
            &d.base_account(&alice.pubkey()),
            &d.base_vault,
        )],
        &[&alice],
        MutualError::DuplicateAccount,
    );
    watched.assert_unchanged(&f);
}

/// The other writable pairs of a trade that Anchor's generic duplicate check used to catch: each is refused by a
/// constraint of its own (`dup` is only set on accounts that cannot alias).
#[test_case(true; "the stake account as the wallet's base account")]
#[test_case(false; "the base vault as the wallet's stake account")]
fn security_duplicate_accounts_other_trade_pairs_are_refused(stake_as_base: bool) {
    // Arrange
    let (f, alice) = with_alice();
    let d = f.deployment();
    let stake = pda::stake_account(&alice.pubkey());
    let buy = f.token_buy_ix(&alice.pubkey(), 101 * USDC, 0);
    let attack = if stake_as_base {
        swap_account(buy, &d.base_account(&alice.pubkey()), &stake)
    } else {
        swap_account(buy, &stake, &d.base_vault)
    };
    let watched = Watched::new(&f, &protocol_accounts(&f, &alice.pubkey()));

    // Act + Assert: Anchor's ConstraintTokenMint (2014), or the recorded stake account
    if stake_as_base {
        f.send_err_code(&[attack], &[&alice], 2014);
    } else {
        f.send_err(&[attack], &[&alice], MutualError::WrongStakeAccount);
    }
    watched.assert_unchanged(&f);
}

#[test]
fn security_pda_sharing_another_assets_vault_as_base_vault_is_refused() {
    // Arrange: a second asset's vault, also owned by the config PDA
    let (f, alice) = with_alice();
    let deployer = f.deployer();
    let other = f.create_mint(6, &spl_token::ID);
    f.send_ok(
        &[ix::asset_register(
            &deployer.pubkey(),
            &other,
            &spl_token::ID,
            Some(FEED),
            true,
        )],
        &[deployer],
    );
    let sell = f.token_sell_ix(&alice.pubkey(), 50 * STAKE, 0);
    let watched = Watched::new(&f, &protocol_accounts(&f, &alice.pubkey()));

    // Act + Assert
    f.send_err(
        &[swap_account(
            sell,
            &f.deployment().base_vault,
            &pda::asset_vault(&other).0,
        )],
        &[&alice],
        MutualError::WrongAssetAccount,
    );
    watched.assert_unchanged(&f);
}

// ---- bump canonicalisation ----

#[test]
fn security_bump_every_stored_bump_is_canonical() {
    // Arrange + Act
    let (f, alice) = with_alice();
    let base_mint = f.deployment().base_mint;

    // Assert
    let config = f.config();
    assert_eq!(config.bump, pda::config().1);
    assert_eq!(config.stake_mint_bump, pda::stake_mint().1);
    assert_eq!(config.treasury_bump, pda::treasury().1);
    assert_eq!(f.snapshot().bump, pda::capital_snapshot().1);
    let asset = f.asset(&base_mint);
    assert_eq!(asset.bump, pda::asset(&base_mint).1);
    assert_eq!(asset.vault_bump, pda::asset_vault(&base_mint).1);
    assert_eq!(
        f.member(&alice.pubkey()).unwrap().bump,
        pda::member(&alice.pubkey()).1
    );
}

#[test_case(CONFIG_SEED; "config")]
#[test_case(TREASURY_SEED; "treasury")]
fn security_bump_config_init_at_a_non_canonical_address_is_refused(seed: &[u8]) {
    // Arrange
    let f = TestFixture::new();
    let deployer = f.deployer();
    let canonical = Pubkey::find_program_address(&[seed], &mutual::ID).0;
    let (other, bump) = non_canonical_pda(&[seed]);
    assert!(bump < Pubkey::find_program_address(&[seed], &mutual::ID).1);
    let init = ix::config_init(&deployer.pubkey(), &deployer.pubkey(), default_params());

    // Act + Assert: 2006 ConstraintSeeds
    f.send_err_code(&[swap_account(init, &canonical, &other)], &[deployer], 2006);
    assert!(!f.account_exists(&pda::config().0));
    assert!(!f.account_exists(&other));
}

#[test_case(ASSET_SEED; "asset")]
#[test_case(ASSET_VAULT_SEED; "vault")]
fn security_bump_asset_register_at_a_non_canonical_address_is_refused(seed: &[u8]) {
    // Arrange
    let f = TestFixture::new();
    f.init_config(&f.deployer().pubkey());
    let deployer = f.deployer();
    let mint = f.create_mint(6, &spl_token::ID);
    let seeds: [&[u8]; 2] = [seed, mint.as_ref()];
    let canonical = Pubkey::find_program_address(&seeds, &mutual::ID).0;
    let (other, _) = non_canonical_pda(&seeds);
    let register = ix::asset_register(&deployer.pubkey(), &mint, &spl_token::ID, None, true);

    // Act + Assert: 2006 ConstraintSeeds
    f.send_err_code(
        &[swap_account(register, &canonical, &other)],
        &[deployer],
        2006,
    );
    assert!(!f.account_exists(&other));
    assert!(!f.account_exists(&pda::asset(&mint).0));
    assert_eq!(f.config().asset_count, 0);
}

#[test]
fn security_bump_member_join_at_a_non_canonical_address_is_refused() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let wallet = f.new_wallet(1);
    let wallet_key = wallet.pubkey();
    let seeds: [&[u8]; 2] = [MEMBER_SEED, wallet_key.as_ref()];
    let (other, _) = non_canonical_pda(&seeds);
    let join = ix::member_join(&wallet.pubkey());

    // Act + Assert: 2006 ConstraintSeeds
    f.send_err_code(
        &[swap_account(join, &pda::member(&wallet.pubkey()).0, &other)],
        &[&wallet],
        2006,
    );
    assert!(!f.account_exists(&other));
    assert!(f.member(&wallet.pubkey()).is_none());
}

#[test]
fn security_bump_config_copy_at_a_non_canonical_address_is_refused() {
    // Arrange: a Config the program owns at the address of a non-canonical bump of ["config"]
    let attacker = Keypair::new();
    let (other, _) = non_canonical_pda(&[CONFIG_SEED]);
    let account = forged_account(forged_config(&attacker.pubkey()), mutual::ID);
    let f = TestFixture::new_with(|pt| pt.add_account(other, account));
    f.init_config(&f.deployer().pubkey());
    f.chain
        .airdrop(&attacker.pubkey(), LAMPORTS_PER_SOL)
        .unwrap();
    let update = ix::params_propose(&attacker.pubkey(), loose_params());
    let watched = Watched::new(&f, &[pda::config().0, other]);

    // Act + Assert: 2006 ConstraintSeeds, only the stored canonical bump is accepted
    f.send_err_code(
        &[swap_account(update, &pda::config().0, &other)],
        &[&attacker],
        2006,
    );
    watched.assert_unchanged(&f);
}

// ---- overflow ----

#[test]
fn security_overflow_first_buy_of_u64_max_is_refused() {
    // Arrange: nothing minted yet
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(1_000 * USDC);
    let watched = Watched::new(&f, &protocol_accounts(&f, &alice.pubkey()));

    // Act + Assert
    f.send_err(
        &[f.token_buy_ix(&alice.pubkey(), u64::MAX, 0)],
        &[&alice],
        MutualError::MathOverflow,
    );
    watched.assert_unchanged(&f);
}

#[test_case(u64::MAX, 0, MutualError::MathOverflow; "base_in u64 max")]
#[test_case(101 * USDC, u64::MAX, MutualError::SlippageExceeded; "min_stake_out u64 max")]
fn security_overflow_buy_amounts_near_u64_max_are_refused(
    base_in: u64,
    min_stake_out: u64,
    expected: MutualError,
) {
    // Arrange
    let (f, alice) = with_alice();
    let watched = Watched::new(&f, &protocol_accounts(&f, &alice.pubkey()));

    // Act + Assert
    f.send_err(
        &[f.token_buy_ix(&alice.pubkey(), base_in, min_stake_out)],
        &[&alice],
        expected,
    );
    watched.assert_unchanged(&f);
}

#[test_case(u64::MAX, 0, MutualError::InsufficientBalance; "stake_in u64 max")]
#[test_case(50 * STAKE, u64::MAX, MutualError::SlippageExceeded; "min_base_out u64 max")]
fn security_overflow_sell_amounts_near_u64_max_are_refused(
    stake_in: u64,
    min_base_out: u64,
    expected: MutualError,
) {
    // Arrange
    let (f, alice) = with_alice();
    f.set_params(Params {
        min_mcr: 1,
        ..default_params()
    });
    let watched = Watched::new(&f, &protocol_accounts(&f, &alice.pubkey()));

    // Act + Assert
    f.send_err(
        &[f.token_sell_ix(&alice.pubkey(), stake_in, min_base_out)],
        &[&alice],
        expected,
    );
    watched.assert_unchanged(&f);
}

#[test]
fn security_overflow_buy_beyond_the_wallet_balance_fails_in_the_token_program() {
    // Arrange: alice holds 899 USDC
    let (f, alice) = with_alice();
    let watched = Watched::new(&f, &protocol_accounts(&f, &alice.pubkey()));

    // Act
    let error = f.send_tx_err(&[f.token_buy_ix(&alice.pubkey(), 900 * USDC, 0)], &[&alice]);

    // Assert: SPL Token's InsufficientFunds (custom 1)
    assert_eq!(
        error,
        TransactionError::InstructionError(0, InstructionError::Custom(1))
    );
    watched.assert_unchanged(&f);
}

#[test]
fn security_overflow_params_at_their_bounds_do_not_wrap() {
    // Arrange: the amount parameters at their highest (min_mcr has no ceiling, only a step limit per change)
    let (f, alice) = with_alice();
    f.set_params(Params {
        join_fee: mutual::constants::LAMPORTS_PER_SOL,
        min_deposit: 10 * mutual::constants::LAMPORTS_PER_SOL,
        max_reward: 10_000 * STAKE,
        min_mcr: u64::MAX,
        ..default_params()
    });
    let watched = Watched::new(&f, &protocol_accounts(&f, &alice.pubkey()));

    // Act + Assert: selling is refused as below the MCR instead of wrapping
    f.send_err(
        &[f.token_sell_ix(&alice.pubkey(), STAKE, 0)],
        &[&alice],
        MutualError::BelowMcr,
    );
    watched.assert_unchanged(&f);

    // Act + Assert: joining fails in the system program (ResultWithNegativeLamports, custom 1)
    let bob = f.new_wallet(1);
    assert_eq!(
        f.send_tx_err(&[ix::member_join(&bob.pubkey())], &[&bob]),
        TransactionError::InstructionError(0, InstructionError::Custom(1))
    );
    assert!(f.member(&bob.pubkey()).is_none());
    watched.assert_unchanged(&f);

    // Act + Assert: buying still works (at book value 1.01 USDC) and records the MCR at the floor
    assert_eq!(f.buy_stake(&alice, 101 * USDC), 99_009_900_990);
    assert_eq!(f.snapshot().mcr, u64::MAX);
}

// ---- authority (a stolen guardian key) ----

#[test]
fn security_authority_stolen_guardian_key_can_pause_but_do_nothing_else() {
    // Arrange
    let (f, alice) = with_alice();
    let deployer = f.deployer();
    let thief = f.with_guardian();

    // Act: the thief pauses everything (the one power the guardian has)
    f.send_ok(
        &[ix::protocol_pause(&thief.pubkey(), pause_area::ALL)],
        &[&thief],
    );
    let watched = Watched::new(&f, &protocol_accounts(&f, &alice.pubkey()));

    // Assert: nothing else is within reach
    let mint = f.create_mint(6, &spl_token::ID);
    let args = AssetUpdateArgs {
        is_cover_asset: false,
        is_abandoned: false,
        pyth_feed_id: None,
    };
    for attempt in [
        ix::protocol_unpause(&thief.pubkey(), pause_area::ALL),
        ix::params_propose(&thief.pubkey(), loose_params()),
        ix::params_cancel(&thief.pubkey()),
        ix::guardian_set(&thief.pubkey(), &thief.pubkey()),
        ix::authority_propose(&thief.pubkey(), &thief.pubkey()),
        ix::asset_update(&thief.pubkey(), &f.deployment().base_mint, args),
        ix::asset_register(&thief.pubkey(), &mint, &spl_token::ID, Some(FEED), true),
        ix::member_set_broker(&thief.pubkey(), &alice.pubkey(), true),
    ] {
        f.send_err(&[attempt], &[&thief], MutualError::NotAuthority);
    }
    watched.assert_unchanged(&f);

    // Act: the authority rotates the guardian and unpauses
    let guardian = f.new_wallet(1);
    f.send_ok(
        &[
            ix::guardian_set(&deployer.pubkey(), &guardian.pubkey()),
            ix::protocol_unpause(&deployer.pubkey(), pause_area::ALL),
        ],
        &[deployer],
    );

    // Assert: the stolen key is now powerless
    f.send_err(
        &[ix::protocol_pause(&thief.pubkey(), pause_area::TOKEN)],
        &[&thief],
        MutualError::NotPauser,
    );
    let config = f.config();
    assert_eq!(config.paused, 0);
    assert_eq!(config.guardian, guardian.pubkey());
    assert_eq!(config.authority, deployer.pubkey());
    assert_eq!(config.params, default_params());
}

// ---- first depositor / share inflation ----

#[test]
fn security_first_depositor_a_donation_before_the_first_mint_is_priced_not_gifted() {
    // Arrange: a stranger donates a million USDC straight into the empty vault
    let f = TestFixture::bootstrapped();
    let donor = f.new_wallet(1);
    f.faucet(&donor.pubkey(), 1_000_000 * USDC);
    f.donate_to_vault(&donor, 1_000_000 * USDC);
    let alice = f.with_funded_member(1_010_000 * USDC);

    // Act + Assert: a first mint prices one token at max(initial book value, capital) = 1M USDC (PROTOCOL.md
    // §12), so 101 USDC would buy a dust supply, which is refused...
    let small = f.token_buy_ix(&alice.pubkey(), 101 * USDC, 0);
    f.send_err_unchanged(
        &[small],
        &[&alice],
        MutualError::FirstMintTooSmall,
        &[f.deployment().base_vault, pda::capital_snapshot().0],
    );
    // ...and one whole token costs the vault's value plus the buffer.
    let receipt = f.send_ok(
        &[f.token_buy_ix(&alice.pubkey(), 1_010_000 * USDC, 0)],
        &[&alice],
    );
    assert_eq!(f.stake_balance(&alice.pubkey()), STAKE);
    assert_eq!(f.vault_balance(), 2_010_000 * USDC);
    let snapshot = f.snapshot();
    assert_eq!(snapshot.capital, 2_010_000 * USDC);
    assert_eq!(snapshot.stake_supply, STAKE);
    assert_eq!(snapshot.book_value, 2_010_000 * USDC);
    assert_eq!(
        only_event(&receipt),
        MutualEvent::TokenBuyEvent(TokenBuyEvent {
            wallet: alice.pubkey(),
            base_in: 1_010_000 * USDC,
            stake_out: STAKE,
            capital: 2_010_000 * USDC,
            stake_supply: STAKE,
            book_value: 2_010_000 * USDC,
        })
    );
}

#[test]
fn security_first_depositor_donation_after_a_one_token_mint_costs_later_buyers_at_most_one_unit() {
    // Arrange: the attacker mints the minimum (one token) and donates a million USDC to inflate the price
    let f = TestFixture::bootstrapped();
    let attacker = f.with_funded_member(1_000_002 * USDC);
    assert_eq!(f.buy_stake(&attacker, 1_010_000), STAKE);
    f.donate_to_vault(&attacker, 1_000_000 * USDC);
    let victim = f.with_funded_member(1_000 * USDC);

    // Act
    let bought = f.buy_stake(&victim, 1_000 * USDC);

    // Assert: ⌊1_000 USDC · 10⁹ / 1_000_001.01 USDC⌋ = 999_998 units at book value, less the 1% buffer
    assert_eq!(bought, 990_097);
    let snapshot = f.snapshot();
    assert_eq!(snapshot.stake_supply, STAKE + 990_097);
    assert_eq!(snapshot.capital, 1_001_001_010_000);
    // The victim's tokens are worth 990.107794 USDC at the new book value: no less than 1_000 / 1.01.
    let victim_value =
        u128::from(bought) * u128::from(snapshot.capital) / u128::from(snapshot.stake_supply);
    assert_eq!(victim_value, 990_107_794);
    assert!(victim_value >= 1_000 * u128::from(USDC) * 100 / 101);
}

#[test]
fn security_first_depositor_first_mint_below_one_token_is_refused() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(10 * USDC);
    let watched = Watched::new(&f, &protocol_accounts(&f, &alice.pubkey()));

    // Act + Assert: 1.009999 USDC buys 0.999999009 tokens
    f.send_err(
        &[f.token_buy_ix(&alice.pubkey(), 1_009_999, 0)],
        &[&alice],
        MutualError::FirstMintTooSmall,
    );
    watched.assert_unchanged(&f);

    // Act + Assert: 1.01 USDC buys exactly one token, and later buys may be smaller
    assert_eq!(f.buy_stake(&alice, 1_010_000), STAKE);
    assert_eq!(f.buy_stake(&alice, 10_201), 10_000_000);
}

#[test]
fn security_first_depositor_dust_supply_is_refused() {
    // Arrange: no MCR floor, so only the supply rule stands between a seller and a dust supply
    let f = TestFixture::bootstrapped();
    f.set_params(Params {
        min_mcr: 1,
        ..default_params()
    });
    let alice = f.with_funded_member(2_020 * USDC);
    assert_eq!(f.buy_stake(&alice, 2_020 * USDC), 2_000 * STAKE);
    let watched = Watched::new(&f, &protocol_accounts(&f, &alice.pubkey()));

    // Act + Assert: selling all but one base unit would leave a dust supply
    f.send_err(
        &[f.token_sell_ix(&alice.pubkey(), 2_000 * STAKE - 1, 0)],
        &[&alice],
        MutualError::SupplyBelowMinimum,
    );
    f.send_err(
        &[f.token_sell_ix(&alice.pubkey(), 2_000 * STAKE, 0)],
        &[&alice],
        MutualError::SupplyBelowMinimum,
    );
    watched.assert_unchanged(&f);

    // Act + Assert: down to exactly one token is allowed, below it is not
    f.send_ok(
        &[f.token_sell_ix(&alice.pubkey(), 1_999 * STAKE, 0)],
        &[&alice],
    );
    assert_eq!(f.stake_supply(), STAKE);
    f.send_err(
        &[f.token_sell_ix(&alice.pubkey(), STAKE / 2, 0)],
        &[&alice],
        MutualError::SupplyBelowMinimum,
    );
    assert_eq!(f.stake_supply(), STAKE);
}

/// What `stake` tokens are worth at the current vault and supply, in base units.
fn value_of(f: &TestFixture, stake: u64) -> u128 {
    u128::from(stake) * u128::from(f.vault_balance()) / u128::from(f.stake_supply())
}

#[test]
fn security_first_depositor_burning_to_a_dust_supply_cannot_inflate_the_price() {
    // Arrange: token_sell stops at one token, but a holder can burn their own tokens directly: the attacker
    // mints one token, burns all but one base unit, and donates 1_000 USDC so that one unit holds the vault
    let f = TestFixture::bootstrapped();
    let attacker = f.with_funded_member(1_000 * USDC + 1_010_000);
    assert_eq!(f.buy_stake(&attacker, 1_010_000), STAKE);
    f.burn_stake_directly(&attacker, STAKE - 1);
    assert_eq!(f.stake_supply(), 1);
    f.donate_to_vault(&attacker, 1_000 * USDC);
    let attacker_cost = u128::from(1_000 * USDC + 1_010_000);
    let victim = f.with_funded_member(3_000 * USDC);

    // Act
    let bought = f.buy_stake(&victim, 3_000 * USDC);

    // Assert: the victim pays no more than the 1% buffer, and the attacker's unit gains nothing
    assert_eq!(f.vault_balance(), 4_001_010_000);
    assert!(value_of(&f, bought) >= u128::from(3_000 * USDC) * 100 / 101);
    assert!(value_of(&f, 1) <= attacker_cost);
}

#[test]
fn security_first_depositor_burning_below_one_token_cannot_dilute_other_holders() {
    // Arrange: the attacker holds one token and the victim half a token; then capital accrues (a donation
    // stands in for premiums), so each token is worth far more than the initial book value
    let f = TestFixture::bootstrapped();
    let attacker = f.with_funded_member(2_000 * USDC);
    let victim = f.with_funded_member(USDC);
    assert_eq!(f.buy_stake(&attacker, 1_010_000), STAKE);
    assert_eq!(f.buy_stake(&victim, 510_050), STAKE / 2);
    let donor = f.new_wallet(1);
    f.faucet(&donor.pubkey(), 10_000 * USDC);
    f.donate_to_vault(&donor, 10_000 * USDC);
    let victim_before = value_of(&f, STAKE / 2);
    assert_eq!(victim_before, 3_333_840_016);

    // Act: the attacker burns to just below one token of supply, then buys
    f.burn_stake_directly(&attacker, STAKE / 2 + 1);
    assert_eq!(f.stake_supply(), STAKE - 1);
    f.buy_stake(&attacker, 1_010 * USDC);

    // Assert: the victim's half token lost nothing
    assert!(value_of(&f, STAKE / 2) >= victim_before);
}

#[test]
fn security_authority_a_stolen_authority_key_cannot_freeze_exits_or_move_funds_in_one_transaction()
{
    // Arrange: alice holds 2,000 MUT over 2,020 USDC (an MCR floor of 1 USDC, so that she may sell nearly all);
    // the thief holds the authority key itself
    let f = TestFixture::bootstrapped();
    f.set_params(Params {
        min_mcr: USDC,
        ..default_params()
    });
    let alice = f.with_funded_member(3_000 * USDC);
    assert_eq!(f.buy_stake(&alice, 2_020 * USDC), 2_000 * STAKE);
    let thief = f.deployer();
    let vault = f.deployment().base_vault;

    // Act + Assert: a hostile parameter set (the widest spread, the MCR floor doubled, the highest join fee)
    // cannot be applied in the transaction that proposes it; the whole transaction fails
    let hostile = Params {
        token_buffer: Bps(1_000),
        min_mcr: 2 * USDC,
        join_fee: mutual::constants::LAMPORTS_PER_SOL,
        ..f.config().params
    };
    let config_before = f.account_data(&pda::config().0);
    f.send_err_unchanged(
        &[
            ix::params_propose(&thief.pubkey(), hostile),
            ix::params_execute(),
        ],
        &[thief],
        MutualError::TimelockNotElapsed,
        &[pda::config().0, vault],
    );
    assert_eq!(f.account_data(&pda::config().0), config_before);

    // Act + Assert: pausing every area is immediate, but exits stay open: alice sells at the old terms
    f.send_ok(
        &[ix::protocol_pause(&thief.pubkey(), pause_area::ALL)],
        &[thief],
    );
    let usdc_before = f.base_balance(&alice.pubkey());
    f.send_ok(
        &[f.token_sell_ix(&alice.pubkey(), 1_000 * STAKE, 0)],
        &[&alice],
    );
    // 1,000 × 1.01, less the 1% spread in force (not the thief's 10%)
    assert_eq!(f.base_balance(&alice.pubkey()) - usdc_before, 999_900_000);

    // Act + Assert: a rogue asset (a mint the thief controls, valued by a feed the thief picked) adds nothing to
    // book value before the delay, so it cannot be used to sell at an inflated price
    let rogue = f.create_mint(9, &spl_token::ID);
    f.send_ok(
        &[ix::asset_register(
            &thief.pubkey(),
            &rogue,
            &spl_token::ID,
            Some(FEED),
            true,
        )],
        &[thief],
    );
    let rogue_vault = pda::asset_vault(&rogue).0;
    f.send_ok(
        &[spl::mint_to(
            &spl_token::ID,
            &rogue,
            &rogue_vault,
            &thief.pubkey(),
            u64::MAX / 2,
        )
        .unwrap()],
        &[thief],
    );
    f.chain
        .set_price(
            FEED,
            mutual_sdk::prices::PythPrice::usd(100_000_000_000, f.now()),
        )
        .unwrap();
    let book_value = f.snapshot().book_value;
    f.send_ok(
        &[mutual_sdk::capital::refresh_ix(&f.chain).unwrap()],
        &[thief],
    );
    assert_eq!(f.snapshot().book_value, book_value);
    // ...nor can an asset be moved to another feed
    f.send_err(
        &[ix::asset_update(
            &thief.pubkey(),
            &rogue,
            AssetUpdateArgs {
                is_cover_asset: true,
                is_abandoned: false,
                pyth_feed_id: Some([8; 32]),
            },
        )],
        &[thief],
        MutualError::PriceFeedFixed,
    );
    // and no instruction lets the authority take from the vault: it holds exactly what alice left in it
    assert_eq!(fetch_balance(&f, &vault), 2_020 * USDC - 999_900_000);
    // Alice can still sell the rest of what the MCR floor allows, and leave the protocol's reach entirely.
    f.send_ok(
        &[f.token_sell_ix(&alice.pubkey(), 990 * STAKE, 0)],
        &[&alice],
    );
}

fn fetch_balance(f: &TestFixture, account: &Pubkey) -> u64 {
    mutual_sdk::fetch::token_balance(&f.chain, account).unwrap()
}
