//! Every instruction of the program, each path with its own budget row, in the order a deployment meets them.
use super::measure_cover_and_claims::{measure_claims, measure_cover};
use super::*;
use anchor_spl::token::spl_token;
use anchor_spl::token_2022;
use mutual::constants::{LAMPORTS_PER_SOL, LAZY_PROCESS_STEPS};
use mutual::instructions::{AssetUpdateArgs, PoolCreateArgs, ProductListing};
use mutual::math::Bps;
use mutual::state::pause_area;
use mutual::state::risk_signals::{Audit, Incident, RiskClass, MAX_AUDITS, MAX_INCIDENTS};
use mutual::state::{Params, Signals};
use mutual_sdk::prices::{self, PythPrice};
use mutual_sdk::{capital, ix, pda, spl, Keypair, Signer, Transport};

/// The most signals an account holds: the worst case of `risk_signals_update` and `product_risk`.
fn full_signals(now: i64) -> Signals {
    let audit = Audit {
        auditor: [3; 32],
        date: now - 100 * DAY,
        critical_open: 1,
        high_open: 2,
        medium_open: 3,
        ..Audit::default()
    };
    let incident = Incident {
        date: now - 50 * DAY,
        loss: 1_000 * USDC,
        class: RiskClass::Oracle,
    };
    Signals {
        audits: vec![audit; MAX_AUDITS],
        incidents: vec![incident; MAX_INCIDENTS],
        ..Signals::default()
    }
}

/// Every instruction of the program, each path with its own budget row, in the order a deployment meets them.
pub(super) fn measure_every_instruction() -> Measurements {
    let mut m = Measurements::default();
    let mut f = TestFixture::new();
    let deployer = f.deployer().insecure_clone();
    let authority = deployer.pubkey();

    // governance and assets
    let usdc = fixed_key(1);
    let wsol = fixed_key(2);
    for (mint, decimals) in [(&usdc, 6), (&wsol, 9)] {
        let ixs = spl::create_mint(
            &authority,
            &mint.pubkey(),
            &authority,
            decimals,
            &spl_token::ID,
            f.rent(spl::MINT_LEN),
        )
        .expect("mint instructions");
        f.send_ok(&ixs, &[&deployer, mint]);
    }
    let guardian = fixed_key(3);
    f.chain
        .airdrop(&guardian.pubkey(), LAMPORTS_PER_SOL)
        .expect("airdrop");
    let init = ix::config_init(&authority, &guardian.pubkey(), default_params());
    m.send(&f, "config_init", "", init, &[&deployer]);
    let base = ix::asset_register(&authority, &usdc.pubkey(), &spl_token::ID, None, true);
    m.send(&f, "asset_register", "base asset", base, &[&deployer]);
    let feed = Some([7; 32]);
    let priced = ix::asset_register(&authority, &wsol.pubkey(), &spl_token::ID, feed, true);
    m.send(
        &f,
        "asset_register",
        "with a price feed",
        priced,
        &[&deployer],
    );
    let update = AssetUpdateArgs {
        is_cover_asset: false,
        is_abandoned: false,
        pyth_feed_id: feed,
    };
    let update = ix::asset_update(&authority, &wsol.pubkey(), update);
    m.send(&f, "asset_update", "", update, &[&deployer]);
    let changed = Params {
        join_fee: 3_000_000,
        ..default_params()
    };
    let propose = ix::params_propose(&authority, changed);
    m.send(&f, "params_propose", "", propose, &[&deployer]);
    m.send(
        &f,
        "params_cancel",
        "",
        ix::params_cancel(&authority),
        &[&deployer],
    );
    f.send_ok(
        &[ix::params_propose(&authority, default_params())],
        &[&deployer],
    );
    f.warp_seconds(2 * DAY);
    m.send(&f, "params_execute", "", ix::params_execute(), &[&deployer]);
    let set_guardian = ix::guardian_set(&authority, &guardian.pubkey());
    m.send(&f, "guardian_set", "", set_guardian, &[&deployer]);
    let pause = ix::protocol_pause(&guardian.pubkey(), pause_area::BUY);
    m.send(&f, "protocol_pause", "by the guardian", pause, &[&guardian]);
    let unpause = ix::protocol_unpause(&authority, pause_area::BUY);
    m.send(&f, "protocol_unpause", "", unpause, &[&deployer]);
    let deployment = f.adopt_deployment();

    // members and the stake token
    let alice = fixed_key(10);
    let bob = fixed_key(11);
    for wallet in [&alice, &bob] {
        f.chain
            .airdrop(&wallet.pubkey(), 10_000_000_000)
            .expect("airdrop");
    }
    let join = ix::member_join(&alice.pubkey());
    m.send(&f, "member_join", "new stake account", join, &[&alice]);
    f.faucet(&alice.pubkey(), 5_000 * USDC);
    let first = f.token_buy_ix(&alice.pubkey(), 2_020 * USDC, 0);
    m.send(&f, "token_buy", "first mint", first, &[&alice]);
    let buy = f.token_buy_ix(&alice.pubkey(), 1_000 * USDC, 0);
    m.send(&f, "token_buy", "", buy, &[&alice]);
    let sell = f.token_sell_ix(&alice.pubkey(), 100 * STAKE, 0);
    m.send(&f, "token_sell", "", sell, &[&alice]);

    f.send_ok(&[ix::member_join(&bob.pubkey())], &[&bob]);
    let broker = ix::member_set_broker(&authority, &bob.pubkey(), true);
    m.send(&f, "member_set_broker", "", broker, &[&deployer]);
    let leave = ix::member_leave(&bob.pubkey(), 0);
    m.send(&f, "member_leave", "", leave, &[&bob]);
    let rejoin = ix::member_join(&bob.pubkey());
    m.send(
        &f,
        "member_join",
        "re-join, frozen stake account",
        rejoin,
        &[&bob],
    );
    // A closed and re-created stake account starts frozen, which member_thaw undoes.
    let stake_account = pda::stake_account(&bob.pubkey());
    let close = token_2022::spl_token_2022::instruction::close_account(
        &token_2022::ID,
        &stake_account,
        &bob.pubkey(),
        &bob.pubkey(),
        &[],
    )
    .expect("close instruction");
    let create = spl::create_associated_account(
        &bob.pubkey(),
        &bob.pubkey(),
        &deployment.stake_mint,
        &token_2022::ID,
    );
    f.send_ok(&[close, create], &[&bob]);
    let thaw = ix::member_thaw(&bob.pubkey());
    m.send(&f, "member_thaw", "", thaw, &[&bob]);

    // products, curators and risk signals
    let terms = sample_terms("Lending");
    let create = ix::product_create(&authority, 0, terms.clone());
    m.send(&f, "product_create", "", create, &[&deployer]);
    let update = ix::product_update(&authority, 0, terms);
    m.send(&f, "product_update", "", update, &[&deployer]);
    let curator = fixed_key(5);
    f.chain
        .airdrop(&curator.pubkey(), LAMPORTS_PER_SOL)
        .expect("airdrop");
    let add = ix::curator_add(&authority, &curator.pubkey());
    m.send(&f, "curator_add", "", add, &[&deployer]);
    let now = f.now();
    let sample = mutual_migrations::samples::products(now).remove(0).signals;
    let full = full_signals(now);
    let write = ix::risk_signals_update(&curator.pubkey(), 0, true, sample);
    m.send(
        &f,
        "risk_signals_update",
        "by a curator",
        write,
        &[&curator],
    );
    let write = ix::risk_signals_update(&authority, 0, false, full);
    m.send(
        &f,
        "risk_signals_update",
        "8 audits and 8 incidents",
        write,
        &[&deployer],
    );
    m.send(
        &f,
        "product_risk",
        "8 audits and 8 incidents",
        ix::product_risk(0),
        &[&alice],
    );
    let remove = ix::curator_remove(&authority, &curator.pubkey());
    m.send(&f, "curator_remove", "", remove, &[&deployer]);

    // pools and staking, from a fixed point in time (a 364-day cycle starts both a tranche and a bucket), so
    // every boundary the pool crosses, and so every figure, is the same on every run
    let cycle = 364 * DAY;
    let start = (f.now() / cycle + 1) * cycle + DAY;
    f.warp_seconds(start - f.now());
    for i in 1..=8 {
        f.create_product(sample_terms(&format!("P{i}")));
    }
    let pool_args = |manager: &Keypair| PoolCreateArgs {
        manager: manager.pubkey(),
        is_private: false,
        pool_fee: Bps(1_000),
        max_pool_fee: Bps(2_000),
    };
    let create = ix::pool_create(&alice.pubkey(), 0, pool_args(&alice));
    m.send(&f, "pool_create", "", create, &[&alice]);
    let listing = |product_id| ProductListing {
        product_id,
        weight: 50,
        target_price: Bps(300),
    };
    let one = ix::pool_set_products(&alice.pubkey(), 0, vec![listing(0)]);
    m.send(&f, "pool_set_products", "1 new listing", one, &[&alice]);
    let eight = ix::pool_set_products(&alice.pubkey(), 0, (1..=8).map(listing).collect());
    m.send(&f, "pool_set_products", "8 new listings", eight, &[&alice]);
    let reweight = ix::pool_set_products(&alice.pubkey(), 0, vec![listing(0)]);
    m.send(
        &f,
        "pool_set_products",
        "1 existing listing",
        reweight,
        &[&alice],
    );
    let fee = ix::pool_set_fee(&alice.pubkey(), 0, Bps(500));
    m.send(&f, "pool_set_fee", "", fee, &[&alice]);
    let current = f.current_tranche();
    let deposit = ix::stake_deposit(&alice.pubkey(), 0, current + 1, 100 * STAKE);
    m.send(&f, "stake_deposit", "new position", deposit, &[&alice]);
    let again = ix::stake_deposit(&alice.pubkey(), 0, current + 1, 50 * STAKE);
    m.send(&f, "stake_deposit", "existing position", again, &[&alice]);
    let extend = ix::stake_extend(&alice.pubkey(), 0, current + 1, current + 3);
    m.send(&f, "stake_extend", "new position", extend, &[&alice]);
    let transfer = ix::stake_position_transfer(&alice.pubkey(), 0, current + 3, &bob.pubkey());
    m.send(
        &f,
        "stake_position_transfer",
        "new position",
        transfer,
        &[&alice],
    );
    f.stake(&alice, 0, current, 10 * STAKE);
    // a second pool with stake in all 8 tranches, left alone until it has a full batch to process
    f.send_ok(
        &[ix::pool_create(&alice.pubkey(), 1, pool_args(&alice))],
        &[&alice],
    );
    for offset in 0..8 {
        f.stake(&alice, 1, current + offset, 10 * STAKE);
    }
    f.warp_seconds(mutual::math::periods::tranche_end(current) - f.now() + 1);
    let withdraw = ix::stake_withdraw(&alice.pubkey(), 0, current, true, true);
    m.send(
        &f,
        "stake_withdraw",
        "stake, expiring the tranche lazily",
        withdraw,
        &[&alice],
    );
    // The worst withdrawal: a third pool idle for exactly the lazy bound, the position's expiry among the steps.
    f.send_ok(
        &[ix::pool_create(&alice.pubkey(), 2, pool_args(&alice))],
        &[&alice],
    );
    let tranche = f.current_tranche();
    f.stake(&alice, 2, tranche, 10 * STAKE);
    let idle_until = nth_boundary(&f.pool(2), LAZY_PROCESS_STEPS);
    assert!(idle_until > mutual::math::periods::tranche_end(tranche));
    f.warp_seconds(idle_until - f.now());
    let withdraw = ix::stake_withdraw(&alice.pubkey(), 2, tranche, true, true);
    m.send(
        &f,
        "stake_withdraw",
        "stake, after 8 lazy boundaries",
        withdraw,
        &[&alice],
    );
    assert_eq!(f.pool(2).processed_at, idle_until);
    f.warp_seconds(3 * 365 * DAY);
    let tranches: Vec<u32> = (0..8).map(|o| current + o).collect();
    let crank = ix::pool_process_expirations(1, &tranches);
    let receipt = m.send(
        &f,
        "pool_process_expirations",
        "full batch, 8 expiries",
        crank,
        &[&alice],
    );
    assert!(receipt.events.iter().any(|e| matches!(
        e,
        mutual_sdk::MutualEvent::PoolProcessEvent(p) if p.steps == mutual::constants::MAX_PROCESS_STEPS
    )));
    let handover = ix::pool_set_manager(&alice.pubkey(), 0, &bob.pubkey());
    m.send(&f, "pool_set_manager", "", handover, &[&alice]);

    // capital: the refresh over 2 assets (USDC and the feed-[7; 32] asset), then over the most assets (8), with
    // wrapped SOL among them for the treasury sweep
    let now = f.now();
    f.chain
        .set_price([7; 32], PythPrice::usd(100_000_000, now))
        .expect("a price");
    let two = capital::refresh_ix(&f.chain).expect("refresh accounts");
    m.send(&f, "capital_snapshot_refresh", "2 assets", two, &[&alice]);
    mutual_migrations::register_wrapped_sol(&f.chain, &deployer).expect("wSOL");
    f.chain
        .set_price(prices::sol_usd_feed(), PythPrice::usd(15_000_000_000, now))
        .expect("a price");
    for n in 0..5u8 {
        let mint = f.create_mint(8, &spl_token::ID);
        let feed = [20 + n; 32];
        f.send_ok(
            &[ix::asset_register(
                &authority,
                &mint,
                &spl_token::ID,
                Some(feed),
                true,
            )],
            &[&deployer],
        );
        f.chain
            .set_price(feed, PythPrice::usd(2_000_000_000, now))
            .expect("a price");
    }
    assert_eq!(f.config().asset_count, mutual::constants::MAX_ASSETS);
    let eight = capital::refresh_ix(&f.chain).expect("refresh accounts");
    m.send(&f, "capital_snapshot_refresh", "8 assets", eight, &[&alice]);
    let sweep = ix::treasury_sweep(&deployment.base_mint);
    m.send(&f, "treasury_sweep", "", sweep, &[&alice]);

    // cover: a product backed by 4 pools; a buyer with a fixed key
    measure_cover(&mut m, &f);
    measure_claims(&mut m, &f);

    // the authority hands over last, since everything above signs as it
    let successor = fixed_key(4);
    f.chain
        .airdrop(&successor.pubkey(), LAMPORTS_PER_SOL)
        .expect("airdrop");
    let propose = ix::authority_propose(&authority, &successor.pubkey());
    m.send(&f, "authority_propose", "", propose, &[&deployer]);
    let accept = ix::authority_accept(&successor.pubkey());
    m.send(&f, "authority_accept", "", accept, &[&successor]);
    m
}
