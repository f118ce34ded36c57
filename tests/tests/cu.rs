//! Compute units per instruction, measured on the SBF build (`MUTUAL_SBF_SO`), held to the budgets of
//! `mutual_tests::cu`. Natively the program is charged about 1 CU per instruction, so the measurement reports
//! itself as ignored there instead of passing on meaningless figures. Wallets and mints come from fixed keys, so
//! every PDA's bump search, and so every figure, is the same on every run.
//!
//! `MUTUAL_SBF_SO=target/sbf/mutual.so cargo test -p mutual-tests --test cu` prints the table;
//! `MUTUAL_CU_LOGS=1` also prints each measured transaction's logs, for profiling with `sol_log_compute_units`.
use anchor_lang::solana_program::instruction::Instruction;
use anchor_spl::token::spl_token;
use anchor_spl::token_2022;
use libtest_mimic::{Arguments, Failed, Trial};
use mutual::constants::{LAMPORTS_PER_SOL, LAZY_PROCESS_STEPS, MAX_FRAUD_UNDO_BATCH};
use mutual::instructions::{AssetUpdateArgs, PoolCreateArgs, ProductListing};
use mutual::math::Bps;
use mutual::state::pause_area;
use mutual::state::risk_signals::{Audit, Incident, RiskClass, MAX_AUDITS, MAX_INCIDENTS};
use mutual::state::{Params, Signals};
use mutual_sdk::prices::{self, PythPrice};
use mutual_sdk::{capital, ix, pda, spl, Keypair, ProgramBuild, Receipt, Signer, Transport};
use mutual_tests::cu::{cu_budget, CU_BUDGETS, CU_CEILING};
use mutual_tests::*;
use std::collections::BTreeSet;

fn main() {
    let args = Arguments::from_args();
    let on_sbf = ProgramBuild::from_env().is_sbf();
    let trials = vec![
        Trial::test("cu_budgets_on_the_sbf_build", cu_budgets).with_ignored_flag(!on_sbf),
        Trial::test(
            "every_idl_instruction_has_a_cu_budget",
            every_idl_instruction_has_a_cu_budget,
        ),
        Trial::test("rent_of_every_account_type", rent_of_every_account_type),
    ];
    libtest_mimic::run(&args, trials).exit();
}

/// A key that is the same on every run.
fn fixed_key(seed: u8) -> Keypair {
    Keypair::new_from_array([seed; 32])
}

/// One measured transaction.
struct Measured {
    instruction: &'static str,
    case: &'static str,
    units: u64,
    /// Of `units`, what the CPIs into other programs (token programs, ATA, system) consumed.
    cpi_units: u64,
    accounts: usize,
    bytes: usize,
}

/// Compute units consumed by the programs the top-level instruction invoked (depth 2), from the runtime's
/// `Program <id> invoke [n]` / `Program <id> consumed <u> of <m> compute units` log lines. Builtins such as
/// the system program log no `consumed` line; their fixed cost stays in the caller's figure.
fn cpi_units(logs: &[String]) -> u64 {
    let mut depth = 0usize;
    let mut total = 0;
    for line in logs {
        let Some(rest) = line.strip_prefix("Program ") else {
            continue;
        };
        let words: Vec<&str> = rest.split_whitespace().collect();
        match words.as_slice() {
            [_, "invoke", level] => {
                depth = level
                    .trim_matches(|c| c == '[' || c == ']')
                    .parse()
                    .unwrap_or(depth + 1)
            }
            [_, "consumed", units, "of", _, "compute", "units"] if depth == 2 => {
                total += units.parse::<u64>().unwrap_or(0)
            }
            [_, "success"] | [_, "failed:", ..] => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    total
}

#[derive(Default)]
struct Measurements(Vec<Measured>);

impl Measurements {
    /// Sends `ix` alone, asserts success, and records its figures.
    fn send(
        &mut self,
        f: &TestFixture,
        instruction: &'static str,
        case: &'static str,
        ix: Instruction,
        signers: &[&Keypair],
    ) -> Receipt {
        let receipt = f.send_ok(&[ix], signers);
        if std::env::var_os("MUTUAL_CU_LOGS").is_some() {
            println!("-- {instruction} {case}\n{}", receipt.logs.join("\n"));
        }
        let units = receipt
            .compute_units
            .expect("the embedded chain reports compute units");
        self.0.push(Measured {
            instruction,
            case,
            units,
            cpi_units: cpi_units(&receipt.logs),
            accounts: receipt.size.accounts,
            bytes: receipt.size.bytes,
        });
        receipt
    }
}

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
fn measure_every_instruction() -> Measurements {
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

/// The cover instructions, each on its widest path: 4 pools where the instruction takes pools.
fn measure_cover(m: &mut Measurements, f: &TestFixture) {
    let four = [
        (100, 300, 10),
        (100, 300, 10),
        (100, 300, 10),
        (100, 300, 1_000),
    ];
    let market = f.with_cover_market("Cover", &four);
    let expiring = f.with_cover_market("Expiry", &four);
    let (product, pools) = (market.product, market.pools.clone());
    let buyer = fixed_key(40);
    f.chain
        .airdrop(&buyer.pubkey(), 10_000_000_000)
        .expect("airdrop");
    f.send_ok(&[ix::member_join(&buyer.pubkey())], &[&buyer]);
    f.faucet(&buyer.pubkey(), 100_000 * USDC);
    let asset = f.base_cover_asset();
    let payer = f.deployment().base_account(&buyer.pubkey());
    let month = 28 * DAY;
    let cover = |seq| mutual_sdk::cover::cover_address(product, seq);
    let pools_of = |address: &mutual_sdk::Pubkey| -> Vec<u32> {
        let cover = f.cover(address).expect("cover");
        cover.pools().iter().map(|a| a.pool_id).collect()
    };
    // cover 0 on the big pool alone; cover 1 spills across all four, filling the small pools
    let one = f.cover_buy_ix(
        &buyer.pubkey(),
        product,
        100 * USDC,
        month,
        u64::MAX,
        &pools[3..],
    );
    m.send(f, "cover_buy", "1 pool", one, &[&buyer]);
    let spill = f.cover_buy_ix(
        &buyer.pubkey(),
        product,
        100 * USDC,
        month,
        u64::MAX,
        &pools,
    );
    m.send(f, "cover_buy", "4 pools", spill, &[&buyer]);
    assert_eq!(pools_of(&cover(1)).len(), 4);
    let doomed = f.buy_cover(&buyer, expiring.product, 100 * USDC, month, &expiring.pools);
    assert_eq!(pools_of(&doomed).len(), 4);
    m.send(
        f,
        "cover_status",
        "",
        ix::cover_status(&cover(0)),
        &[&buyer],
    );
    let edit = ix::cover_edit(
        &buyer.pubkey(),
        product,
        1,
        &asset,
        &payer,
        &pools,
        &pools,
        100 * USDC,
        month as u32,
        u64::MAX,
    );
    m.send(f, "cover_edit", "4 pools to 4 pools", edit, &[&buyer]);
    assert_eq!(pools_of(&cover(1)).len(), 4);
    let approve = spl::approve(
        &f.deployment().base_token_program,
        &payer,
        &pda::config().0,
        &buyer.pubkey(),
        100 * USDC,
    )
    .expect("approve");
    f.send_ok(&[approve], &[&buyer]);
    let set = ix::cover_auto_renew_set(&buyer.pubkey(), &cover(1), 100 * USDC);
    m.send(f, "cover_auto_renew_set", "", set, &[&buyer]);
    f.warp_seconds(month - 3 * DAY);
    let renew = ix::cover_renew(
        &buyer.pubkey(),
        product,
        0,
        &asset,
        &payer,
        &pools[3..],
        u64::MAX,
    );
    m.send(f, "cover_renew", "1 pool", renew, &[&buyer]);
    let cranker = fixed_key(41);
    f.chain
        .airdrop(&cranker.pubkey(), LAMPORTS_PER_SOL)
        .expect("airdrop");
    let auto = ix::cover_auto_renew(&cranker.pubkey(), product, 1, &asset, &payer, &pools);
    m.send(f, "cover_auto_renew", "4 pools", auto, &[&cranker]);
    let cancel = ix::cover_auto_renew_cancel(&buyer.pubkey(), &cover(1));
    m.send(f, "cover_auto_renew_cancel", "", cancel, &[&buyer]);
    let transfer = ix::cover_transfer(&buyer.pubkey(), &cover(1), &cranker.pubkey());
    m.send(f, "cover_transfer", "", transfer, &[&buyer]);
    f.warp_seconds(3 * DAY + 30 * DAY);
    let expire = ix::cover_expire(
        &doomed,
        expiring.product,
        &asset.mint,
        &buyer.pubkey(),
        &expiring.pools,
    );
    m.send(f, "cover_expire", "4 pools, releasing", expire, &[&cranker]);
    let manager = &market.managers[3];
    let fee = ix::pool_fee_withdraw(&manager.pubkey(), pools[3]);
    m.send(f, "pool_fee_withdraw", "", fee, &[manager]);
}

/// A member at a fixed key, with `usdc` to spend and `tokens` stake tokens bought.
fn fixed_member(f: &TestFixture, seed: u8, usdc: u64, tokens: u64) -> Keypair {
    let wallet = fixed_key(seed);
    f.chain
        .airdrop(&wallet.pubkey(), 10_000_000_000)
        .expect("airdrop");
    f.send_ok(&[ix::member_join(&wallet.pubkey())], &[&wallet]);
    f.faucet(&wallet.pubkey(), usdc + 2 * tokens * USDC);
    if tokens > 0 {
        f.buy_stake(&wallet, tokens * USDC * 11 / 10);
    }
    wallet
}

/// Publishes every registered asset's price as of now and refreshes: once wrapped SOL holds the swept fees, a
/// buy needs prices at most `oracle_max_age` old (decision 64).
fn reprice_every_asset(f: &TestFixture) {
    let now = f.now();
    let feeds = [
        ([7; 32], 100_000_000),
        (prices::sol_usd_feed(), 15_000_000_000),
    ]
    .into_iter()
    .chain((0..5u8).map(|n| ([20 + n; 32], 2_000_000_000)));
    for (feed, price) in feeds {
        f.chain
            .set_price(feed, PythPrice::usd(price, now))
            .expect("a price");
    }
    f.refresh_capital();
}

/// Claims and assessment: a 4-pool payout, open and hidden votes, and a full fraud-undo batch.
fn measure_claims(m: &mut Measurements, f: &TestFixture) {
    reprice_every_asset(f);
    let four = [
        (100, 300, 10),
        (100, 300, 10),
        (100, 300, 10),
        (100, 300, 1_000),
    ];
    let market = f.with_cover_market("Claims", &four);
    let owner = fixed_member(f, 42, 10_000 * USDC, 0);
    let assessors = [fixed_member(f, 43, 0, 300), fixed_member(f, 44, 0, 100)];
    let first = ix::assessor_stake(&assessors[0].pubkey(), 200 * STAKE);
    m.send(
        f,
        "assessor_stake",
        "first, creating the vault",
        first,
        &[&assessors[0]],
    );
    let second = ix::assessor_stake(&assessors[1].pubkey(), 100 * STAKE);
    m.send(f, "assessor_stake", "new record", second, &[&assessors[1]]);
    let more = ix::assessor_stake(&assessors[0].pubkey(), 100 * STAKE);
    m.send(
        f,
        "assessor_stake",
        "existing record",
        more,
        &[&assessors[0]],
    );
    let spill = f.buy_cover(&owner, market.product, 100 * USDC, 28 * DAY, &market.pools);
    let covers: Vec<_> = (0..MAX_FRAUD_UNDO_BATCH)
        .map(|_| f.buy_cover(&owner, market.product, USDC, 28 * DAY, &market.pools[3..]))
        .collect();
    let mut hidden_terms = sample_terms("Hidden");
    hidden_terms.commit_reveal = true;
    let hidden = f.create_product(hidden_terms);
    let hidden_market = f.with_pools_for(hidden, &[(100, 300, 100)]);
    let hidden_cover = f.buy_cover(&owner, hidden, USDC, 28 * DAY, &hidden_market.pools);
    f.warp_seconds(60);

    let (submit, claim) = f.claim_submit_ix(&owner.pubkey(), &spill, 50 * USDC);
    m.send(f, "claim_submit", "", submit, &[&owner]);
    let accept = ix::claim_vote(&assessors[0].pubkey(), &claim, true);
    m.send(f, "claim_vote", "first vote", accept, &[&assessors[0]]);
    let deny = ix::claim_vote(&assessors[1].pubkey(), &claim, false);
    m.send(f, "claim_vote", "", deny, &[&assessors[1]]);
    let claims: Vec<_> = covers
        .iter()
        .map(|cover| {
            let claim = f.submit_claim(&owner, cover, USDC);
            f.vote(&assessors[1], &claim, true);
            claim
        })
        .collect();
    let hidden_claim = f.submit_claim(&owner, &hidden_cover, USDC);
    let salt = [5; 32];
    let voter = assessors[0].pubkey();
    let commitment = mutual::state::Vote::commitment(true, &salt, &voter, &hidden_claim);
    let commit = ix::claim_vote_commit(&voter, &hidden_claim, commitment);
    m.send(f, "claim_vote_commit", "", commit, &[&assessors[0]]);
    f.warp_seconds(3 * DAY);
    let reveal = ix::claim_vote_reveal(&voter, &hidden_claim, true, salt);
    m.send(f, "claim_vote_reveal", "", reveal, &[&assessors[0]]);

    let authority = f.deployer().insecure_clone();
    let fraud = assessors[1].pubkey();
    let flag = ix::assessor_flag_fraud(&authority.pubkey(), &fraud, true);
    m.send(f, "assessor_flag_fraud", "", flag, &[&authority]);
    let undo = ix::claim_fraud_undo_votes(&fraud, &claims);
    m.send(
        f,
        "claim_fraud_undo_votes",
        "full batch, 8 votes",
        undo,
        &[&authority],
    );
    f.warp_seconds(DAY);
    let redeem = f.redeem_ix(&owner.pubkey(), &claim);
    m.send(f, "claim_redeem_payout", "4 pools", redeem, &[&owner]);
    let close = f.close_ix(&claims[0]);
    m.send(f, "claim_close", "denied", close, &[&owner]);
    let reward = ix::vote_reward_claim(&voter, &claim);
    m.send(f, "vote_reward_claim", "", reward, &[&assessors[0]]);
    f.warp_seconds(14 * DAY);
    let unstake = ix::assessor_unstake(&voter, 100 * STAKE);
    m.send(f, "assessor_unstake", "", unstake, &[&assessors[0]]);
}

fn cu_budgets() -> Result<(), Failed> {
    let measured = measure_every_instruction();
    println!();
    println!("| instruction | case | CU | of which CPIs | budget | accounts | tx bytes |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    let mut failures = Vec::new();
    for row in &measured.0 {
        let budget = cu_budget(row.instruction, row.case);
        println!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            row.instruction,
            row.case,
            row.units,
            row.cpi_units,
            budget.map_or("none".to_string(), |b| b.to_string()),
            row.accounts,
            row.bytes
        );
        match budget {
            None => failures.push(format!(
                "{} ({}) has no budget in mutual_tests::cu",
                row.instruction, row.case
            )),
            Some(b) if row.units > b.min(CU_CEILING) => failures.push(format!(
                "{} ({}) used {} CU, over its budget of {b}",
                row.instruction, row.case, row.units
            )),
            Some(_) => {}
        }
    }
    for budget in CU_BUDGETS {
        let seen = measured
            .0
            .iter()
            .any(|r| (r.instruction, r.case) == (budget.instruction, budget.case));
        if !seen {
            failures.push(format!("{budget:?} was never measured"));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n").into())
    }
}

/// The instruction names of the committed IDL.
fn idl_instructions() -> BTreeSet<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../idl/mutual.json");
    let idl: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("idl/mutual.json"))
            .expect("the IDL is JSON");
    idl["instructions"]
        .as_array()
        .expect("instructions")
        .iter()
        .map(|i| i["name"].as_str().expect("name").to_string())
        .collect()
}

/// Runs on every build: a new instruction fails CI until it has a budget row (and so a measurement).
fn every_idl_instruction_has_a_cu_budget() -> Result<(), Failed> {
    let budgeted: BTreeSet<String> = CU_BUDGETS
        .iter()
        .map(|b| b.instruction.to_string())
        .collect();
    let instructions = idl_instructions();
    let missing: Vec<_> = instructions.difference(&budgeted).collect();
    let unknown: Vec<_> = budgeted.difference(&instructions).collect();
    if missing.is_empty() && unknown.is_empty() {
        Ok(())
    } else {
        Err(
            format!("no CU budget for {missing:?}; budgets for unknown instructions {unknown:?}")
                .into(),
        )
    }
}

/// Each account type as the program creates it: its size on chain is its `SIZE` and it holds exactly the
/// rent-exempt minimum. Prints the rent table of docs/performance.md. Runs on both builds.
fn rent_of_every_account_type() -> Result<(), Failed> {
    use anchor_lang::solana_program::program_pack::Pack;
    use anchor_spl::token_2022::spl_token_2022::extension::ExtensionType;
    use anchor_spl::token_2022::spl_token_2022::state::{Account as TokenAccount, Mint};
    use mutual::state::{
        AssessorStake, Asset, CapitalSnapshot, Claim, Config, Cover, Curator, Member, Pool,
        PoolProduct, PoolTranche, Product, RiskSignals, StakePosition, Vote,
    };
    let stake_mint_len =
        ExtensionType::try_calculate_account_len::<Mint>(&[ExtensionType::DefaultAccountState])?;
    let stake_account_len =
        ExtensionType::try_calculate_account_len::<TokenAccount>(&[ExtensionType::ImmutableOwner])?;
    let f = TestFixture::bootstrapped();
    let treasury = pda::treasury().0;
    let treasury_at_init = f.lamports(&treasury);
    let alice = f.with_member();
    let d = f.deployment();
    let product = pda::product(f.with_product("Lending")).0;
    let authority = f.deployer();
    f.send_ok(
        &[ix::curator_add(&authority.pubkey(), &alice.pubkey())],
        &[authority],
    );
    let (manager, pool_id) = f.with_pool();
    let listing = ProductListing {
        product_id: 0,
        weight: 50,
        target_price: Bps(300),
    };
    f.send_ok(
        &[ix::pool_set_products(
            &manager.pubkey(),
            pool_id,
            vec![listing],
        )],
        &[&manager],
    );
    let staker = f.with_staker(10);
    let tranche = f.current_tranche();
    f.stake(&staker, pool_id, tranche, 5 * STAKE);
    let pool = pda::pool(pool_id).0;
    let bought = f.with_cover_market("Rent", &[(100, 300, 10)]);
    let cover = f.buy_cover(&staker, bought.product, USDC, 28 * DAY, &bought.pools);
    let assessor = f.with_assessor(5);
    f.warp_seconds(60);
    let claim = f.submit_claim(&staker, &cover, USDC / 2);
    f.vote(&assessor, &claim, true);
    let accounts: [(&str, mutual_sdk::Pubkey, usize); 19] = [
        ("Config", d.config, Config::SIZE),
        (
            "CapitalSnapshot",
            pda::capital_snapshot().0,
            CapitalSnapshot::SIZE,
        ),
        ("Asset", pda::asset(&d.base_mint).0, Asset::SIZE),
        (
            "asset vault (SPL Token account)",
            d.base_vault,
            TokenAccount::LEN,
        ),
        (
            "stake mint (Token-2022, DefaultAccountState)",
            d.stake_mint,
            stake_mint_len,
        ),
        ("Member", pda::member(&alice.pubkey()).0, Member::SIZE),
        (
            "stake-token ATA (Token-2022, ImmutableOwner)",
            pda::stake_account(&alice.pubkey()),
            stake_account_len,
        ),
        ("Product", product, Product::SIZE),
        (
            "RiskSignals",
            pda::risk_signals(&product).0,
            RiskSignals::SIZE,
        ),
        ("Curator", pda::curator(&alice.pubkey()).0, Curator::SIZE),
        ("Pool", pool, Pool::SIZE),
        (
            "pool vault (Token-2022 account)",
            pda::pool_vault(&pool).0,
            TokenAccount::LEN,
        ),
        (
            "PoolProduct",
            pda::pool_product(&pool, &product).0,
            PoolProduct::SIZE,
        ),
        (
            "PoolTranche",
            pda::pool_tranche(&pool, tranche).0,
            PoolTranche::SIZE,
        ),
        (
            "StakePosition",
            pda::stake_position(&pool, tranche, &staker.pubkey()).0,
            StakePosition::SIZE,
        ),
        ("Cover", cover, Cover::SIZE),
        (
            "AssessorStake",
            pda::assessor_stake(&assessor.pubkey()).0,
            AssessorStake::SIZE,
        ),
        (
            "assessment vault (Token-2022 account)",
            pda::assessment_vault().0,
            TokenAccount::LEN,
        ),
        (
            "Vote (refunded when its reward is taken)",
            pda::vote(&claim, &assessor.pubkey()).0,
            Vote::SIZE,
        ),
    ];
    println!();
    println!("| account | bytes | rent (lamports) | rent (SOL) |");
    println!("|---|---:|---:|---:|");
    let mut failures = Vec::new();
    for (name, address, size) in accounts {
        let account = f.account(&address);
        let rent = f.rent(size);
        println!("| {name} | {size} | {rent} | {:.6} |", rent as f64 / 1e9);
        if account.data.len() != size || account.lamports != rent {
            failures.push(format!(
                "{name}: {} bytes and {} lamports on chain, expected {size} and {rent}",
                account.data.len(),
                account.lamports
            ));
        }
    }
    // The treasury is a system account with no data, funded with its rent at init; it then holds the join fee of
    // every member on top.
    let (account, rent) = (f.account(&treasury), f.rent(0));
    let joined = mutual_sdk::staking::all_of::<Member>(&f.chain, Member::SIZE)?.len() as u64;
    let fees = joined * f.config().params.join_fee;
    println!(
        "| treasury (system account, plus {fees} lamports of join fees) | 0 | {rent} | {:.6} |",
        rent as f64 / 1e9
    );
    if treasury_at_init != rent
        || account.owner != anchor_lang::solana_program::system_program::ID
        || !account.data.is_empty()
        || account.lamports != rent + fees
    {
        failures.push(format!(
            "treasury: {treasury_at_init} lamports at init, {} bytes owned by {} and {} lamports now, expected \
             {rent} at init, 0 bytes of the system program and {}",
            account.data.len(),
            account.owner,
            account.lamports,
            rent + fees
        ));
    }
    // Issue 12's aim: a position costs at most 0.002 SOL of rent, all of it refunded when it closes (checked in
    // tests/staking.rs).
    let position_rent = f.rent(StakePosition::SIZE);
    if position_rent > 2 * LAMPORTS_PER_SOL / 1_000 {
        failures.push(format!(
            "StakePosition: {position_rent} lamports of rent, above 0.002 SOL"
        ));
    }
    // A claim holds its deposit on top of its rent.
    let (account, rent) = (f.account(&claim), f.rent(Claim::SIZE));
    let deposit = f.claim(&claim).expect("claim").deposit;
    println!(
        "| Claim (plus its deposit, {deposit} lamports) | {} | {rent} | {:.6} |",
        Claim::SIZE,
        rent as f64 / 1e9
    );
    if account.data.len() != Claim::SIZE || account.lamports != rent + deposit {
        failures.push(format!(
            "Claim: {} bytes and {} lamports on chain, expected {} and {}",
            account.data.len(),
            account.lamports,
            Claim::SIZE,
            rent + deposit
        ));
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n").into())
    }
}
