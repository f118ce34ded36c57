//! Products, pools and stake: updates, fees, managers, the expiry crank, extensions and withdrawals.
use super::*;
use crate::support::session::*;
use mutual::constants::STAKE_UNIT;
use mutual_cli::chain::Session;

/// A pool left alone for four years: `pool process` sends one crank per 40 boundaries until nothing is left,
/// and a payout or deposit can follow; a second run sends none.
#[test]
fn pool_process_cranks_an_idle_pool_until_it_is_caught_up() {
    use mutual::math::periods::{bucket_end, tranche_end};
    use mutual_sdk::Transport;
    let session = embedded_session();
    for args in COVER_MARKET {
        ok_json(&session, args);
    }
    let chain = chain_of(&session);
    chain.warp_days(4 * 365).unwrap();
    let before = mutual_sdk::fetch::pool(chain, 0).unwrap();
    let now = chain.unix_timestamp().unwrap();
    // Each distinct boundary is one step: a bucket end and a tranche end at the same moment are crossed together.
    let boundaries: std::collections::BTreeSet<i64> = (before.next_bucket..)
        .map(bucket_end)
        .take_while(|end| *end <= now)
        .chain(
            (before.first_active_tranche..)
                .map(tranche_end)
                .take_while(|end| *end <= now),
        )
        .collect();
    let steps = boundaries.len() as u64;

    let processed = ok_json(&session, &["pool", "process", "0"]);

    assert_eq!(processed["caught_up"], true);
    assert_eq!(processed["steps"], steps);
    assert_eq!(processed["cranks"], steps.div_ceil(40));
    assert!(steps > 40, "{steps} steps need more than one crank");
    // the 1,000 tokens' tranche (7 beyond the first) has expired: nothing is active any more
    assert_eq!(processed["active_stake"], 0);
    let pool = mutual_sdk::fetch::pool(chain, 0).unwrap();
    assert!(mutual_sdk::staking::is_processed(&pool, now));
    assert_eq!(processed["first_active_tranche"], pool.first_active_tranche);
    let again = ok_json(&session, &["pool", "process", "0"]);
    assert_eq!(
        (again["cranks"].clone(), again["steps"].clone()),
        (0.into(), 0.into())
    );
}

#[test]
fn product_update_replaces_every_term_and_product_show_reads_them_back() {
    // Arrange: product 0 with the default terms, and two pools for its allow-list
    let session = embedded_session();
    for args in [
        CREATE_LENDING,
        &["member", "join"],
        &["pool", "create"],
        &["pool", "create"],
    ] {
        ok_json(&session, args);
    }

    // Act: the authority (the embedded session's signer) replaces the terms
    let updated = ok_json(
        &session,
        &[
            "product",
            "update",
            "0",
            "--name",
            "Lending v2",
            "--class",
            "oracle",
            "--wording-uri",
            "ipfs://w2",
            "--grace-days",
            "14",
            "--capacity-reduction-bps",
            "1500",
            "--initial-price-bps",
            "350",
            "--min-price-bps",
            "120",
            "--allowed-pools",
            "1,0",
            "--deprecated",
        ],
    );
    let shown = ok_json(&session, &["product", "show", "0"]);
    let listed = ok_json(&session, &["product", "list"]);

    // Assert
    assert_eq!(
        (
            updated["id"].clone(),
            updated["name"].clone(),
            updated["deprecated"].clone()
        ),
        (0.into(), "Lending v2".into(), true.into())
    );
    assert_eq!(shown["id"], 0);
    assert_eq!(shown["address"], mutual_sdk::pda::product(0).0.to_string());
    assert_eq!(shown["name"], "Lending v2");
    assert_eq!(shown["class"], "oracle");
    assert_eq!(shown["wording_uri"], "ipfs://w2");
    assert_eq!(
        shown["wording_hash"],
        mutual_cli::output::hex(&solana_sha256(b"ipfs://w2"))
    );
    assert_eq!(shown["cover_assets"], 1);
    assert_eq!(shown["grace_days"], 14);
    assert_eq!(shown["capacity_reduction_bps"], 1_500);
    assert_eq!(shown["initial_price_bps"], 350);
    assert_eq!(shown["min_price_bps"], 120);
    assert_eq!(shown["allowed_pools"], serde_json::json!([1, 0]));
    assert_eq!(shown["deprecated"], true);
    assert_eq!(shown["next_cover_seq"], 0);
    let row = &listed["products"][0];
    assert_eq!(
        (
            row["name"].clone(),
            row["class"].clone(),
            row["price_bps"].clone(),
            row["deprecated"].clone()
        ),
        (
            "Lending v2".into(),
            "oracle".into(),
            350.into(),
            true.into()
        )
    );
    assert_eq!(listed["products"].as_array().unwrap().len(), 1);
}

#[test]
fn pool_set_fee_and_set_manager_change_the_pool_and_a_fee_above_the_max_is_refused_first() {
    use mutual::errors::MutualError;
    // Arrange: the signer's pool 0 at 5%, at most 15%
    let mut session = embedded_session();
    ok_json(&session, &["member", "join"]);
    ok_json(
        &session,
        &[
            "pool",
            "create",
            "--fee-bps",
            "500",
            "--max-fee-bps",
            "1500",
        ],
    );

    // Act + Assert: a fee up to the max is the pool's
    let set = ok_json(&session, &["pool", "set-fee", "0", "--fee-bps", "1500"]);
    assert_eq!(
        (set["pool"].clone(), set["fee_bps"].clone()),
        (0.into(), 1_500.into())
    );
    let shown = ok_json(&session, &["pool", "show", "0"]);
    assert_eq!(
        (shown["fee_bps"].clone(), shown["max_fee_bps"].clone()),
        (1_500.into(), 1_500.into())
    );
    // one above it: refused with the program's error before the review, and the fee stays
    let err = refused_before_review(&mut session, &["pool", "set-fee", "0", "--fee-bps", "1501"]);
    assert_eq!(err.exit_code(), 1);
    assert!(
        err.to_string().starts_with("PoolFeeAboveMax (6070): "),
        "{err}"
    );
    assert_eq!(err.to_string(), refusal(MutualError::PoolFeeAboveMax));
    assert_eq!(ok_json(&session, &["pool", "show", "0"])["fee_bps"], 1_500);

    // Handing the pool over: the new manager is the pool's, and the old one can no longer set its fee
    let next = mutual_sdk::Pubkey::new_unique().to_string();
    let handed = ok_json(&session, &["pool", "set-manager", "0", "--manager", &next]);
    assert_eq!(
        (handed["pool"].clone(), handed["manager"].clone()),
        (0.into(), next.clone().into())
    );
    let shown = ok_json(&session, &["pool", "show", "0"]);
    assert_eq!(shown["manager"], next);
    assert_eq!(
        ok_json(&session, &["pool", "list"])["pools"][0]["manager"],
        next
    );
    let err = refused_before_review(&mut session, &["pool", "set-fee", "0", "--fee-bps", "100"]);
    assert_eq!(err.to_string(), refusal(MutualError::NotPoolManager));
    let err = refused_before_review(
        &mut session,
        &["pool", "set-manager", "0", "--manager", &next],
    );
    assert_eq!(err.to_string(), refusal(MutualError::NotPoolManager));
    assert_eq!(ok_json(&session, &["pool", "show", "0"])["fee_bps"], 1_500);
}

/// A member holding 100 tokens with 40 staked in pool 0's current tranche; returns the session and the tranche.
fn staked_40_tokens() -> (Session, u32) {
    let session = embedded_session();
    for args in [
        &["member", "join"][..],
        &["token", "buy", "--amount", "101000000"],
        &["pool", "create"],
    ] {
        ok_json(&session, args);
    }
    let staked = ok_json(
        &session,
        &["stake", "deposit", "--pool", "0", "--amount", "40000000000"],
    );
    assert_eq!(staked["stake_shares"], "40000000000");
    let tranche = u32::try_from(staked["tranche"].as_u64().unwrap()).unwrap();
    (session, tranche)
}

#[test]
fn stake_extend_moves_a_position_to_a_later_tranche_with_its_shares() {
    use mutual_sdk::Signer;
    // Arrange
    let (session, from) = staked_40_tokens();
    let to = from + 3;
    let me = session.signer().unwrap().pubkey();

    // Act
    let extended = ok_json(
        &session,
        &[
            "stake",
            "extend",
            "--pool",
            "0",
            "--tranche",
            &from.to_string(),
            "--to",
            &to.to_string(),
        ],
    );
    let listed = ok_json(&session, &["stake", "list"]);
    let pool = ok_json(&session, &["pool", "show", "0"]);

    // Assert: the stake shares moved unchanged; the old position closed
    assert_eq!(
        (
            extended["pool"].clone(),
            extended["tranche"].clone(),
            extended["stake_shares"].clone()
        ),
        (0.into(), to.into(), "40000000000".into())
    );
    let positions = listed["positions"].as_array().unwrap();
    assert_eq!(positions.len(), 1, "{listed}");
    let position = mutual_sdk::pda::stake_position(&mutual_sdk::pda::pool(0).0, to, &me).0;
    assert_eq!(
        positions[0],
        serde_json::json!({
            "pool": 0,
            "tranche": to,
            "stake": 40_000_000_000u64,
            "stake_shares": "40000000000",
            "position": position.to_string(),
        })
    );
    let stake_in = |tranche: u32| {
        pool["tranches"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["tranche"] == tranche)
            .map(|t| t["stake"].clone())
    };
    assert_eq!(stake_in(from), Some(0.into()));
    assert_eq!(stake_in(to), Some(40_000_000_000u64.into()));
    assert_eq!(pool["active_stake"], 40_000_000_000u64);
    assert_eq!(
        ok_json(&session, &["member", "show"])["active_positions"],
        1
    );
}

#[test]
fn stake_withdraw_after_the_tranche_expires_returns_the_stake_exactly() {
    use mutual::errors::MutualError;
    use mutual_sdk::Transport;
    // Arrange: 40 of 100 tokens staked in the current tranche
    let (mut session, tranche) = staked_40_tokens();
    let before = ok_json(&session, &["member", "show"])["stake_balance"]
        .as_u64()
        .unwrap();
    assert_eq!(before, 60_000_000_000);
    let withdraw = [
        "stake",
        "withdraw",
        "--pool",
        "0",
        "--tranche",
        &tranche.to_string(),
        "--stake",
        "--rewards",
    ];
    // the stake stays locked until the tranche ends: the preview refuses it with the chain's error, before any
    // review
    let err = refused_before_review(&mut session, &withdraw);
    assert_eq!(err.exit_code(), 1);
    assert_eq!(err.to_string(), refusal(MutualError::TrancheNotExpired));
    // a tranche with no position of the signer's
    let other = (tranche + 1).to_string();
    let err = run_command(
        &session,
        &[
            "stake",
            "withdraw",
            "--pool",
            "0",
            "--tranche",
            &other,
            "--rewards",
        ],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("you hold no stake position in pool 0, tranche {other} (see `mutual stake list`)")
    );

    // Act: the embedded chain's clock moves to the tranche's end
    let chain = chain_of(&session);
    let end = mutual::math::periods::tranche_end(tranche);
    chain
        .warp_seconds(end - chain.unix_timestamp().unwrap())
        .unwrap();
    let withdrawn = ok_json(&session, &withdraw);

    // Assert: the 40 tokens come back whole (no cover was sold, so no rewards); the position is gone
    assert_eq!(
        withdrawn,
        serde_json::json!({
            "pool": 0,
            "tranche": tranche,
            "stake": 40_000_000_000u64,
            "rewards": 0,
            "quoted_stake": 40_000_000_000u64,
            "quoted_rewards": 0,
            "signature": withdrawn["signature"],
        })
    );
    let shown = ok_json(&session, &["member", "show"]);
    assert_eq!(shown["stake_balance"], before + 40_000_000_000);
    assert_eq!(shown["active_positions"], 0);
    assert_eq!(
        ok_json(&session, &["stake", "list"])["positions"],
        serde_json::json!([])
    );
    assert_eq!(ok_json(&session, &["pool", "show", "0"])["active_stake"], 0);
}

#[test]
fn member_pool_and_stake_commands_by_a_non_member_say_how_to_join() {
    use mutual_sdk::{ix, Signer, Transport};
    let session = embedded_session();
    let me = session.signer().unwrap().pubkey();
    let expected =
        format!("not a member: run `mutual member join` first ({me} has no Member account)");
    let tranche = mutual::math::periods::tranche_id(chain_of(&session).unix_timestamp().unwrap())
        .unwrap()
        .to_string();
    let to = (tranche.parse::<u32>().unwrap() + 1).to_string();
    let commands: [&[&str]; 5] = [
        &["member", "leave"],
        &["member", "thaw"],
        &["pool", "create", "--fee-bps", "500"],
        &["stake", "deposit", "--pool", "0", "--amount", "1"],
        &[
            "stake",
            "extend",
            "--pool",
            "0",
            "--tranche",
            &tranche,
            "--to",
            &to,
        ],
    ];
    let refuse_all = |when: &str| {
        for args in commands {
            let err = run_command(&session, args).unwrap_err();
            assert_eq!(err.exit_code(), 1, "{when}, {args:?}: {err}");
            assert!(
                err.to_string()
                    .starts_with("not a member: run `mutual member join` first ("),
                "{when}, {args:?}: {err}"
            );
            assert_eq!(err.to_string(), expected, "{when}, {args:?}");
        }
    };
    // On a fresh chain, with no pool yet
    refuse_all("no pool");
    // With a pool that another member opened and staked in
    let other = sdk_member(&session, 101_000_000);
    let args = mutual::instructions::PoolCreateArgs {
        manager: other.pubkey(),
        is_private: false,
        pool_fee: mutual::math::Bps(1_000),
        max_pool_fee: mutual::math::Bps(2_000),
    };
    let ixs = [
        ix::pool_create(&other.pubkey(), 0, args),
        ix::stake_deposit(
            &other.pubkey(),
            0,
            tranche.parse().unwrap(),
            10 * STAKE_UNIT,
        ),
    ];
    chain_of(&session).send(&ixs, &other, &[]).unwrap();
    refuse_all("pool 0 open");
    // Nothing was signed: the signer is still no member, and pool 0 is as the other member left it
    assert_eq!(ok_json(&session, &["member", "show"])["is_member"], false);
    assert_eq!(
        ok_json(&session, &["pool", "list"])["pools"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn stake_deposit_refuses_zero_too_much_and_a_strangers_private_pool_before_any_review() {
    use mutual::errors::MutualError;
    // Arrange: the signer holds 100 tokens and manages private pool 0 and public pool 1
    let mut session = embedded_session();
    for args in [
        &["member", "join"][..],
        &["token", "buy", "--amount", "101000000"],
        &["pool", "create", "--private"],
        &["pool", "create"],
    ] {
        ok_json(&session, args);
    }
    assert_eq!(
        ok_json(&session, &["member", "show"])["stake_balance"],
        100 * STAKE_UNIT
    );

    // Act + Assert: nothing, or more than the balance, is refused by name before the review
    let cases: [(&[&str], &str, MutualError); 2] = [
        (
            &["stake", "deposit", "--pool", "1", "--amount", "0"],
            "ZeroAmount (6035): ",
            MutualError::ZeroAmount,
        ),
        (
            &[
                "stake",
                "deposit",
                "--pool",
                "1",
                "--amount",
                "100000000001",
            ],
            "InsufficientBalance (6045): ",
            MutualError::InsufficientBalance,
        ),
    ];
    for (args, prefix, error) in cases {
        let err = refused_before_review(&mut session, args);
        assert_eq!(err.exit_code(), 1, "{args:?}: {err}");
        assert!(err.to_string().starts_with(prefix), "{args:?}: {err}");
        assert_eq!(err.to_string(), refusal(error));
    }
    // a stranger (a member, not the manager) may not stake in the private pool; the manager may
    let owner = session.signer().unwrap().insecure_clone();
    let stranger = sdk_member(&session, 101_000_000);
    session.set_signer(stranger.insecure_clone());
    let err = refused_before_review(
        &mut session,
        &["stake", "deposit", "--pool", "0", "--amount", "10000000000"],
    );
    assert_eq!(err.exit_code(), 1);
    assert!(err.to_string().starts_with("PrivatePool (6072): "), "{err}");
    assert_eq!(err.to_string(), refusal(MutualError::PrivatePool));
    assert_eq!(
        ok_json(&session, &["stake", "list"])["positions"],
        serde_json::json!([])
    );
    session.set_signer(owner);
    let staked = ok_json(
        &session,
        &["stake", "deposit", "--pool", "0", "--amount", "10000000000"],
    );
    assert_eq!(staked["stake_shares"], "10000000000");
    assert_eq!(
        ok_json(&session, &["pool", "show", "0"])["active_stake"],
        10 * STAKE_UNIT
    );
}

#[test]
fn pool_create_with_listings_opens_and_lists_in_one_transaction() {
    // Arrange: a product, and a member who will manage the pool
    let session = embedded_session();
    for args in [CREATE_LENDING, &["member", "join"]] {
        ok_json(&session, args);
    }

    // Act
    let opened = ok_json(&session, &["pool", "create", "--listing", "0:50:300"]);

    // Assert: one transaction opened pool 0 and listed the product
    assert_eq!(
        (opened["id"].clone(), opened["total_weight"].clone()),
        (0.into(), 50.into())
    );
    let listing = &ok_json(&session, &["pool", "show", "0"])["listings"][0];
    assert_eq!(
        (
            listing["product"].clone(),
            listing["weight"].clone(),
            listing["price_bps"].clone()
        ),
        (0.into(), 50.into(), 300.into())
    );
    // A bad listing refuses the whole transaction: no pool is opened.
    let err = run_command(&session, &["pool", "create", "--listing", "0:101:300"]).unwrap_err();
    assert_eq!(err.exit_code(), 1);
    assert!(err.to_string().contains("InvalidWeight"), "{err}");
    assert_eq!(pools_open(&session), 1);
    // Listings need the signer to be the manager, who signs them.
    let other = mutual_sdk::Pubkey::new_unique().to_string();
    let err = run_command(
        &session,
        &[
            "pool",
            "create",
            "--manager",
            &other,
            "--listing",
            "0:50:300",
        ],
    )
    .unwrap_err();
    assert_eq!(err.exit_code(), 2, "{err}");
    assert_eq!(pools_open(&session), 1);
}

fn pools_open(session: &Session) -> usize {
    ok_json(session, &["pool", "list"])["pools"]
        .as_array()
        .map_or(0, Vec::len)
}

#[test]
fn read_only_commands_need_no_keypair_file() {
    // config show reaches the network (and fails there), never asking for the missing keypair.
    let err = mutual(
        &["--url", NO_NODE, "--keypair", NO_KEY, "config", "show"],
        "",
    )
    .unwrap_err();
    assert!(err.to_string().starts_with(UNREACHABLE), "{err}");
    let wallet = mutual_sdk::Pubkey::new_unique().to_string();
    let err = mutual(
        &[
            "--url",
            NO_NODE,
            "--keypair",
            NO_KEY,
            "member",
            "show",
            &wallet,
        ],
        "",
    )
    .unwrap_err();
    assert!(err.to_string().starts_with(UNREACHABLE), "{err}");
    // A command that signs names the keypair it could not load.
    let err = mutual(
        &["--url", NO_NODE, "--keypair", NO_KEY, "member", "show"],
        "",
    )
    .unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(
        err.to_string().starts_with(&format!("keypair {NO_KEY}: ")),
        "{err}"
    );
}
