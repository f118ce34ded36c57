//! Missing signer: every instruction that needs a signature, sent without it.
use super::*;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_spl::token::spl_token;
use anchor_spl::token_2022::spl_token_2022;
use mutual::instructions::{AssetUpdateArgs, PoolCreateArgs, ProductListing};
use mutual::math::Bps;
use mutual::state::pause_area;
use mutual_sdk::{ix, pda, spl, Keypair, Signer};
use test_case::test_case;

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

    // Act + Assert: the attacker names the victim's key but cannot sign for it: 3010 AccountNotSigner
    f.send_err_code_unchanged(
        &[unsigned(ix, &victim)],
        &[&attacker],
        3010,
        &watched_addresses,
    );
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
