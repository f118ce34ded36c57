//! Products, curators and risk signals: product_create, product_update, curator_add, curator_remove,
//! risk_signals_update and product_risk (the score through return data).
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::AnchorDeserialize;
use mutual::constants::ACCOUNT_VERSION;
use mutual::errors::MutualError;
use mutual::events::{
    CuratorAddEvent, CuratorRemoveEvent, ProductCreateEvent, ProductUpdateEvent,
    RiskSignalsUpdateEvent,
};
use mutual::math::Bps;
use mutual::state::risk_signals::{
    Audit, Incident, Intent, Permissions, RiskClass, UpgradeAuthority, MAX_AUDITS,
};
use mutual::state::{Curator, Product, ProductRisk, ProductTerms, RiskSignals, Signals};
use mutual_sdk::{fetch, ix, pda, risk, MutualEvent, Signer};
use mutual_tests::*;

fn signals(now: i64) -> Signals {
    Signals {
        audits: vec![Audit {
            auditor: [1; 32],
            date: now - 10 * DAY,
            critical_open: 1,
            high_open: 2,
            ..Audit::default()
        }],
        incidents: vec![Incident {
            date: now - 20 * DAY,
            loss: 3_000 * USDC,
            class: RiskClass::SmartContract,
        }],
        permissions: Permissions {
            upgradeable: true,
            upgrade_authority: UpgradeAuthority::Key,
            can_move_funds: true,
            ..Permissions::default()
        },
        intent: Intent {
            promises_no_fund_access: true,
            ..Intent::default()
        },
    }
}

fn update_signals_ix(f: &TestFixture, product_id: u32) -> Instruction {
    ix::risk_signals_update(&f.deployer().pubkey(), product_id, false, signals(f.now()))
}

// ---- product_create ----

#[test]
fn product_create_lists_the_product_with_empty_signals() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let authority = f.deployer();
    let before = f.lamports(&authority.pubkey());
    let terms = sample_terms("Lending");

    // Act
    let receipt = f.send_ok(
        &[ix::product_create(&authority.pubkey(), 0, terms.clone())],
        &[authority],
    );

    // Assert
    let product_address = pda::product(0).0;
    let now = f.now();
    let product = f.product(0);
    assert_eq!(
        (
            product.version,
            product.bump,
            product.id,
            product.next_cover_seq
        ),
        (ACCOUNT_VERSION, pda::product(0).1, 0, 0)
    );
    assert_eq!(
        (
            product.terms.clone(),
            product.created_at,
            product.updated_at
        ),
        (terms.clone(), now, now)
    );
    let signals = f.risk_signals(0);
    assert_eq!(
        (
            signals.version,
            signals.bump,
            signals.product,
            signals.signals.clone()
        ),
        (
            ACCOUNT_VERSION,
            pda::risk_signals(&product_address).1,
            product_address,
            Signals::default()
        )
    );
    assert_eq!(
        (signals.updated_by, signals.updated_at),
        (Default::default(), 0)
    );
    assert_eq!(f.config().product_count, 1);
    let rent = f.rent(Product::SIZE) + f.rent(RiskSignals::SIZE);
    assert_eq!(
        f.lamports(&authority.pubkey()),
        before - rent - SIGNATURE_FEE
    );
    assert_eq!(f.account(&product_address).data.len(), Product::SIZE);
    assert_eq!(
        only_event(&receipt),
        MutualEvent::ProductCreateEvent(ProductCreateEvent {
            id: 0,
            product: product_address,
            terms,
        })
    );
}

#[test]
fn product_ids_count_up() {
    let f = TestFixture::bootstrapped();
    assert_eq!(f.with_product("A"), 0);
    assert_eq!(f.with_product("B"), 1);
    assert_eq!(f.product(1).terms.name, "B");
    assert_eq!(fetch::products(&f.chain).unwrap().len(), 2);
}

#[test]
fn product_create_by_a_stranger_is_refused() {
    let f = TestFixture::bootstrapped();
    let stranger = f.new_wallet(10);
    f.send_err_unchanged(
        &[ix::product_create(&stranger.pubkey(), 0, sample_terms("A"))],
        &[&stranger],
        MutualError::NotAuthority,
        &[pda::config().0, pda::product(0).0],
    );
}

#[test]
fn product_create_with_bad_terms_is_refused() {
    let f = TestFixture::bootstrapped();
    let authority = f.deployer();
    type Change = fn(&mut ProductTerms);
    let cases: [(Change, MutualError); 4] = [
        (|t| t.cover_assets = 0b10, MutualError::InvalidCoverAssets),
        (|t| t.allowed_pools = vec![0], MutualError::UnknownPool),
        (|t| t.min_price = Bps(300), MutualError::InvalidProductPrice),
        (|t| t.name = "n".repeat(33), MutualError::InvalidProductName),
    ];
    for (change, err) in cases {
        let mut terms = sample_terms("A");
        change(&mut terms);
        f.send_err_unchanged(
            &[ix::product_create(&authority.pubkey(), 0, terms)],
            &[authority],
            err,
            &[pda::config().0, pda::product(0).0],
        );
    }
}

#[test]
fn a_product_address_prefunded_by_a_stranger_is_still_created() {
    let f = TestFixture::bootstrapped();
    let stranger = f.new_wallet(10);
    f.send_ok(
        &[anchor_lang::solana_program::system_instruction::transfer(
            &stranger.pubkey(),
            &pda::product(0).0,
            f.rent(0),
        )],
        &[&stranger],
    );
    assert_eq!(f.with_product("A"), 0);
    assert_eq!(f.lamports(&pda::product(0).0), f.rent(Product::SIZE));
}

// ---- product_update ----

#[test]
fn product_update_replaces_the_terms() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let id = f.with_product("A");
    let created = f.product(id).created_at;
    f.warp_days(1);
    let mut terms = sample_terms("A v2");
    terms.deprecated = true;
    terms.capacity_reduction = Bps(2_500);
    let authority = f.deployer();

    // Act
    let receipt = f.send_ok(
        &[ix::product_update(&authority.pubkey(), id, terms.clone())],
        &[authority],
    );

    // Assert
    let product = f.product(id);
    assert_eq!(
        (
            product.terms.clone(),
            product.created_at,
            product.updated_at
        ),
        (terms.clone(), created, f.now())
    );
    assert_eq!(
        only_event(&receipt),
        MutualEvent::ProductUpdateEvent(ProductUpdateEvent {
            id,
            product: pda::product(id).0,
            terms,
        })
    );
}

#[test]
fn product_update_refuses_strangers_and_bad_terms() {
    let f = TestFixture::bootstrapped();
    let id = f.with_product("A");
    let stranger = f.new_wallet(10);
    f.send_err_unchanged(
        &[ix::product_update(
            &stranger.pubkey(),
            id,
            sample_terms("B"),
        )],
        &[&stranger],
        MutualError::NotAuthority,
        &[pda::product(id).0],
    );
    let mut terms = sample_terms("B");
    terms.grace_period = 91 * DAY as u32;
    let authority = f.deployer();
    f.send_err_unchanged(
        &[ix::product_update(&authority.pubkey(), id, terms)],
        &[authority],
        MutualError::InvalidGracePeriod,
        &[pda::product(id).0],
    );
}

// ---- curators ----

#[test]
fn curator_add_then_remove_refunds_the_rent() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let authority = f.deployer();
    let wallet = f.new_wallet(1).pubkey();
    let before = f.lamports(&authority.pubkey());

    // Act
    let added = f.send_ok(
        &[ix::curator_add(&authority.pubkey(), &wallet)],
        &[authority],
    );

    // Assert
    let curator = fetch::curator(&f.chain, &wallet).unwrap().expect("curator");
    assert_eq!(
        (
            curator.version,
            curator.bump,
            curator.wallet,
            curator.added_at
        ),
        (ACCOUNT_VERSION, pda::curator(&wallet).1, wallet, f.now())
    );
    let rent = f.rent(Curator::SIZE);
    assert_eq!(
        f.lamports(&authority.pubkey()),
        before - rent - SIGNATURE_FEE
    );
    assert_eq!(
        only_event(&added),
        MutualEvent::CuratorAddEvent(CuratorAddEvent { wallet })
    );

    // Act: remove
    let removed = f.send_ok(
        &[ix::curator_remove(&authority.pubkey(), &wallet)],
        &[authority],
    );

    // Assert
    assert!(!f.account_exists(&pda::curator(&wallet).0));
    assert_eq!(f.lamports(&authority.pubkey()), before - 2 * SIGNATURE_FEE);
    assert_eq!(
        only_event(&removed),
        MutualEvent::CuratorRemoveEvent(CuratorRemoveEvent { wallet })
    );
}

#[test]
fn curator_add_twice_is_refused_and_re_adding_after_removal_works() {
    let f = TestFixture::bootstrapped();
    let authority = f.deployer();
    let wallet = f.new_wallet(1).pubkey();
    f.send_ok(
        &[ix::curator_add(&authority.pubkey(), &wallet)],
        &[authority],
    );
    f.send_err_unchanged(
        &[ix::curator_add(&authority.pubkey(), &wallet)],
        &[authority],
        MutualError::AlreadyInitialized,
        &[pda::curator(&wallet).0],
    );
    f.send_ok(
        &[ix::curator_remove(&authority.pubkey(), &wallet)],
        &[authority],
    );
    f.send_ok(
        &[ix::curator_add(&authority.pubkey(), &wallet)],
        &[authority],
    );
    assert!(fetch::curator(&f.chain, &wallet).unwrap().is_some());
}

#[test]
fn curator_add_and_remove_by_a_stranger_are_refused() {
    let f = TestFixture::bootstrapped();
    let stranger = f.new_wallet(10);
    let wallet = Pubkey::new_unique();
    f.send_err_unchanged(
        &[ix::curator_add(&stranger.pubkey(), &wallet)],
        &[&stranger],
        MutualError::NotAuthority,
        &[pda::curator(&wallet).0],
    );
    let authority = f.deployer();
    f.send_ok(
        &[ix::curator_add(&authority.pubkey(), &wallet)],
        &[authority],
    );
    f.send_err_unchanged(
        &[ix::curator_remove(&stranger.pubkey(), &wallet)],
        &[&stranger],
        MutualError::NotAuthority,
        &[pda::curator(&wallet).0],
    );
}

// ---- risk_signals_update ----

#[test]
fn the_authority_writes_risk_signals() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let id = f.with_product("A");
    let authority = f.deployer();
    let now = f.now();

    // Act
    let receipt = f.send_ok(&[update_signals_ix(&f, id)], &[authority]);

    // Assert
    let stored = f.risk_signals(id);
    assert_eq!(
        (stored.signals.clone(), stored.updated_by, stored.updated_at),
        (signals(now), authority.pubkey(), now)
    );
    // audits 5 + 25 + 6, capped at 30; incidents 10; permissions 12 + 8 = 20; broken promises 10.
    let score = 30 + 10 + 20 + 10;
    assert_eq!(
        only_event(&receipt),
        MutualEvent::RiskSignalsUpdateEvent(RiskSignalsUpdateEvent {
            product_id: id,
            by: authority.pubkey(),
            score,
            signals: signals(now),
        })
    );
}

#[test]
fn a_curator_writes_risk_signals_until_removed() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let id = f.with_product("A");
    let authority = f.deployer();
    let curator = f.new_wallet(1);
    f.send_ok(
        &[ix::curator_add(&authority.pubkey(), &curator.pubkey())],
        &[authority],
    );
    let write =
        |f: &TestFixture| ix::risk_signals_update(&curator.pubkey(), id, true, signals(f.now()));

    // Act
    f.send_ok(&[write(&f)], &[&curator]);

    // Assert
    assert_eq!(f.risk_signals(id).updated_by, curator.pubkey());

    // Act: removed, the curator is refused (its record is gone: 3012 AccountNotInitialized)
    f.send_ok(
        &[ix::curator_remove(&authority.pubkey(), &curator.pubkey())],
        &[authority],
    );
    f.warp_seconds(5);
    let risk = pda::risk_signals(&pda::product(id).0).0;
    f.send_err_code_unchanged(&[write(&f)], &[&curator], 3012, &[risk]);
}

#[test]
fn a_stranger_without_a_curator_record_is_refused() {
    let f = TestFixture::bootstrapped();
    let id = f.with_product("A");
    let stranger = f.new_wallet(1);
    f.send_err_unchanged(
        &[ix::risk_signals_update(
            &stranger.pubkey(),
            id,
            false,
            signals(f.now()),
        )],
        &[&stranger],
        MutualError::NotCurator,
        &[pda::risk_signals(&pda::product(id).0).0],
    );
}

#[test]
fn security_has_one_a_curator_record_of_another_wallet_is_refused() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let id = f.with_product("A");
    let authority = f.deployer();
    let curator = Pubkey::new_unique();
    f.send_ok(
        &[ix::curator_add(&authority.pubkey(), &curator)],
        &[authority],
    );
    let stranger = f.new_wallet(1);
    let ix = swap_account(
        ix::risk_signals_update(&stranger.pubkey(), id, true, signals(f.now())),
        &pda::curator(&stranger.pubkey()).0,
        &pda::curator(&curator).0,
    );

    // Act + Assert: 2006 ConstraintSeeds
    let risk = pda::risk_signals(&pda::product(id).0).0;
    f.send_err_code_unchanged(&[ix], &[&stranger], 2006, &[risk]);
}

#[test]
fn security_has_one_signals_of_another_product_are_refused() {
    let f = TestFixture::bootstrapped();
    let a = f.with_product("A");
    let b = f.with_product("B");
    let ix = swap_account(
        update_signals_ix(&f, a),
        &pda::risk_signals(&pda::product(a).0).0,
        &pda::risk_signals(&pda::product(b).0).0,
    );
    f.send_err_code_unchanged(
        &[ix],
        &[f.deployer()],
        2006,
        &[pda::risk_signals(&pda::product(b).0).0],
    );
}

#[test]
fn too_many_audits_or_a_future_date_are_refused() {
    let f = TestFixture::bootstrapped();
    let id = f.with_product("A");
    let authority = f.deployer();
    let risk = pda::risk_signals(&pda::product(id).0).0;
    let now = f.now();
    let mut nine = signals(now);
    nine.audits = vec![nine.audits[0]; MAX_AUDITS + 1];
    f.send_err_unchanged(
        &[ix::risk_signals_update(
            &authority.pubkey(),
            id,
            false,
            nine,
        )],
        &[authority],
        MutualError::TooManyAudits,
        &[risk],
    );
    let mut future = signals(now);
    future.incidents[0].date = now + 1;
    f.send_err_unchanged(
        &[ix::risk_signals_update(
            &authority.pubkey(),
            id,
            false,
            future,
        )],
        &[authority],
        MutualError::InvalidSignalDate,
        &[risk],
    );
}

// ---- product_risk ----

#[test]
fn product_risk_returns_the_score_through_return_data() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let id = f.with_product("A");
    let authority = f.deployer();
    f.send_ok(&[update_signals_ix(&f, id)], &[authority]);
    let reader = f.new_wallet(1);

    // Act
    let receipt = f.send_ok(&[ix::product_risk(id)], &[&reader]);

    // Assert
    let on_chain = ProductRisk::try_from_slice(&receipt.return_data.expect("return data")).unwrap();
    let now = f.now();
    assert_eq!(
        on_chain,
        ProductRisk {
            product_id: id,
            score: 70,
            risk_class: RiskClass::SmartContract,
            deprecated: false,
            audit_count: 1,
            open_critical: 1,
            open_high: 2,
            incident_count: 1,
            last_incident: now - 20 * DAY,
            incident_loss: 3_000 * USDC,
            upgradeable: true,
            upgrade_authority: UpgradeAuthority::Key,
            broken_promises: 10,
            signals_updated_at: now,
        }
    );
    assert!(receipt.events.is_empty());
    // The SDK computes the same view off chain, and reads it by simulation.
    assert_eq!(risk::product_report(&f.chain, id).unwrap().risk, on_chain);
    assert_eq!(
        risk::product_risk_on_chain(&f.chain, &reader, id).unwrap(),
        on_chain
    );
}

#[test]
fn an_incident_ages_out_of_the_recent_window() {
    let f = TestFixture::bootstrapped();
    let id = f.with_product("A");
    f.send_ok(&[update_signals_ix(&f, id)], &[f.deployer()]);
    let fresh = risk::product_report(&f.chain, id).unwrap().risk.score;
    f.warp_days(400);
    // The incident now weighs 4 instead of 10; the audit (410 days) is not yet stale.
    assert_eq!(
        risk::product_report(&f.chain, id).unwrap().risk.score,
        fresh - 6
    );
}
