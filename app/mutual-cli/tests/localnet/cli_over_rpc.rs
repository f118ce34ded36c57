//! The CLI and the `mutual` binary over JSON-RPC: joins, trades, stakes, prices, governance and claims with
//! exact amounts.
use super::options;
use crate::support::*;
use mutual::constants::{DAY, STAKE_UNIT};
use mutual_cli::localnet::Localnet;
use mutual_sdk::{fetch, pda, Keypair, RpcTransport, Signer};

#[test]
fn the_cli_joins_and_buys_over_json_rpc_with_exact_amounts() {
    // Arrange: a wallet with a keypair file, funded by the localnet's faucet
    let localnet = Localnet::start(0).expect("localnet starts");
    let url = localnet.url();
    let wallet = Keypair::new();
    let key = key_file(&wallet, "cli");
    let key = key.as_str();
    let faucet = format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"mutual_faucet","params":["{}",2000000000,1000000000]}}"#,
        wallet.pubkey()
    );
    let usdc_account = post(localnet.addr, &faucet)["result"]
        .as_str()
        .unwrap()
        .to_string();

    // Act
    let joined = cli(&[
        "--url",
        &url,
        "--keypair",
        key,
        "--json",
        "-y",
        "member",
        "join",
    ]);
    let bought = cli(&[
        "--url",
        &url,
        "--keypair",
        key,
        "--json",
        "-y",
        "token",
        "buy",
        "--amount",
        "101000000",
    ]);
    let shown = cli(&["--url", &url, "--keypair", key, "--json", "member", "show"]);

    // Assert: the first mint, at the initial book value of 1 USDC plus the 1% buffer
    let rpc = RpcTransport::new(&url);
    assert_eq!(
        joined["member"],
        pda::member(&wallet.pubkey()).0.to_string()
    );
    assert_eq!(bought["stake_out"], 100_000_000_000u64);
    assert_eq!(shown["stake_balance"], 100_000_000_000u64);
    assert_eq!(
        fetch::token_balance(&rpc, &pda::stake_account(&wallet.pubkey())).unwrap(),
        100_000_000_000
    );
    let usdc_account: mutual_sdk::Pubkey = usdc_account.parse().unwrap();
    assert_eq!(
        fetch::token_balance(&rpc, &usdc_account).unwrap(),
        1_000_000_000 - 101_000_000
    );
}

fn unix_time(rpc: &RpcTransport) -> i64 {
    let clock = rpc
        .client()
        .get_account(&mutual_sdk::fetch::CLOCK)
        .expect("the clock sysvar");
    bincode::deserialize::<anchor_lang::prelude::Clock>(&clock.data)
        .expect("a clock")
        .unix_timestamp
}

#[test]
fn the_mutual_binary_over_rpc_joins_trades_stakes_survives_a_restart_warps_and_withdraws_exactly() {
    // Arrange: `mutual localnet` as a subprocess (with the sample products listed) on a manual clock, so the warp
    // below is exactly 92 days from the time read before it, and a funded wallet
    let ledger = temp_ledger("e2e");
    let port = free_port();
    let manual = ["--clock", "manual"];
    let spawn = |ledger: &std::path::Path| {
        spawn_localnet_with(port, ledger, std::process::Stdio::null(), &manual)
    };
    let mut localnet = spawn(&ledger);
    let url = format!("http://127.0.0.1:{port}");
    let wallet = Keypair::new();
    let key = key_file(&wallet, "e2e");
    let run = |args: &[&str]| mutual_bin(&url, &key, args);
    let me = wallet.pubkey().to_string();
    let funded = run(&[
        "localnet",
        "faucet",
        "--to",
        &me,
        "--sol",
        "5000000000",
        "--usdc",
        "2000000000",
    ]);
    let usdc_account: mutual_sdk::Pubkey = funded["usdc_account"]
        .as_str()
        .expect("the test-USDC account")
        .parse()
        .unwrap();

    // Act: join, buy, list, create a pool, stake
    let joined = run(&["member", "join"]);
    let bought = run(&["token", "buy", "--amount", "1010000000"]);
    let products = run(&["product", "list"]);
    let pool = run(&["pool", "create", "--fee-bps", "1000"]);
    run(&["pool", "set-products", "0", "--listing", "0:50:300"]);
    let staked = run(&[
        "stake",
        "deposit",
        "--pool",
        "0",
        "--amount",
        "500000000000",
    ]);
    // a SIGKILL and a restart on the same ledger in the middle
    localnet.kill().expect("SIGKILL");
    localnet.wait().unwrap();
    let mut localnet = spawn(&ledger);
    let rpc = RpcTransport::new(&url);
    let before_warp = unix_time(&rpc);
    let positions = run(&["stake", "list"]);
    let tranche = staked["tranche"].as_u64().unwrap().to_string();
    let warped = run(&["localnet", "warp", "--days", "92"]);
    let withdrawn = run(&[
        "stake",
        "withdraw",
        "--pool",
        "0",
        "--tranche",
        &tranche,
        "--stake",
    ]);
    let sold = run(&["token", "sell", "--amount", "5000000000"]);
    let shown = run(&["member", "show"]);
    let usdc = fetch::token_balance(&rpc, &usdc_account).unwrap();
    localnet.kill().unwrap();
    localnet.wait().unwrap();

    // Assert: 1,010 USDC buy 1,000 MUT at the initial book value + 1%; 5 MUT sell at BV 1.01 less 1%
    assert_eq!(funded["usdc"], 2_000_000_000u64);
    assert_eq!(
        joined["member"],
        pda::member(&wallet.pubkey()).0.to_string()
    );
    assert_eq!(bought["stake_out"], 1_000_000_000_000u64);
    assert_eq!(products["products"].as_array().unwrap().len(), 5);
    assert_eq!(pool["id"], 0);
    assert_eq!(staked["stake_shares"], "500000000000");
    // the position survived the restart
    assert_eq!(positions["positions"][0]["stake"], 500_000_000_000u64);
    assert_eq!(warped["unix_timestamp"], before_warp + 92 * DAY);
    // 500 staked come back whole after the tranche expired
    assert_eq!(withdrawn["stake"], 500_000_000_000u64);
    assert_eq!(sold["base_out"], 4_999_500);
    assert_eq!(shown["stake_balance"], 995_000_000_000u64);
    assert_eq!(shown["active_positions"], 0);
    assert_eq!(usdc, 2_000_000_000 - 1_010_000_000 + 4_999_500);
}

#[test]
fn the_cli_over_rpc_prices_wrapped_sol_sweeps_the_treasury_and_changes_a_parameter_after_the_timelock(
) {
    // Arrange: a localnet with a ledger (so the authority's keypair file exists) and a member
    let ledger = temp_ledger("capital");
    let localnet = Localnet::start_with(options(&ledger)).expect("localnet starts");
    let url = localnet.url();
    let authority = localnet
        .authority_key
        .clone()
        .expect("the authority's keypair file");
    let authority = authority.to_str().unwrap();
    let wallet = Keypair::new();
    let key = key_file(&wallet, "capital");
    let as_wallet = |args: &[&str]| {
        let mut all = vec![
            "--url",
            url.as_str(),
            "--keypair",
            key.as_str(),
            "--json",
            "-y",
        ];
        all.extend_from_slice(args);
        cli(&all)
    };
    let as_authority = |args: &[&str]| {
        let mut all = vec![
            "--url",
            url.as_str(),
            "--keypair",
            authority,
            "--json",
            "-y",
        ];
        all.extend_from_slice(args);
        cli(&all)
    };
    let me = wallet.pubkey().to_string();
    as_wallet(&[
        "localnet",
        "faucet",
        "--to",
        &me,
        "--sol",
        "5000000000",
        "--usdc",
        "2000000000",
    ]);
    as_wallet(&["member", "join"]);
    as_wallet(&["token", "buy", "--amount", "1010000000"]);

    // Act: a new test price, the 2-day wait of a new asset, a refresh and a sweep, all over RPC
    let priced = as_wallet(&[
        "localnet", "price", "--feed", "SOL/USD", "--price", "151.25",
    ]);
    let proposed = as_authority(&["params", "propose", "--set", "join_fee=3000000"]);
    let early = {
        use clap::Parser;
        let cli = mutual_cli::Cli::try_parse_from([
            "mutual",
            "--url",
            &url,
            "--keypair",
            authority,
            "--json",
            "-y",
            "params",
            "execute",
        ])
        .unwrap();
        mutual_cli::run(cli, &mut Vec::new(), &mut "".as_bytes()).unwrap_err()
    };
    as_wallet(&["localnet", "warp", "--days", "2"]);
    let executed = as_wallet(&["params", "execute"]);
    let refreshed = as_wallet(&["capital", "refresh"]);
    let swept = as_wallet(&["treasury", "sweep"]);
    let shown = as_wallet(&["capital", "show"]);

    // Assert: $151.25 ± 0.1%; the join fee of 0.002 SOL at the low side, 151.09875 → 302,197 base units
    assert_eq!(priced["price"], 15_125_000_000i64);
    assert!(proposed["eta"].as_i64().is_some());
    assert!(early.to_string().contains("TimelockNotElapsed"), "{early}");
    assert_eq!(executed["join_fee"], 3_000_000);
    assert_eq!(refreshed["assets"][1]["price"]["low"], 15_109_875_000u64);
    assert_eq!(swept["lamports"], 2_000_000);
    assert_eq!(swept["value"], 302_197);
    assert_eq!(shown["assets"][1]["vault"], 2_000_000);
    assert_eq!(shown["assets"][1]["value"], 302_197);
    assert_eq!(shown["capital"], 1_010_000_000u64 + 302_197);
    assert_eq!(shown["mcr"], 1_000_000_000u64);
    assert_eq!(shown["mcr_ratio"], 10_103);
    assert_eq!(shown["fresh"], true);
}

#[test]
fn the_cli_over_rpc_files_a_claim_votes_pays_it_out_burns_stake_and_rewards_the_assessors() {
    use mutual::errors::MutualError;
    // Arrange: Alice stakes 600 tokens behind product 0 and 300 as an assessor, Bob 100 as an assessor, and
    // Carol buys 1,000 USDC of cover for 73 days, all through the CLI over JSON-RPC. The clock moves only by
    // warps: the test asserts times to the second, which a wall clock moves between a vote and its reading.
    let localnet = Localnet::start_with(mutual_cli::localnet::LocalnetOptions {
        clock: mutual_cli::localnet::ClockMode::Manual,
        ..Default::default()
    })
    .expect("localnet starts");
    let url = localnet.url();
    let url = url.as_str();
    let rpc = RpcTransport::new(url);
    let [alice, bob, carol] = [Keypair::new(), Keypair::new(), Keypair::new()];
    let keys = [
        key_file(&alice, "claims-alice"),
        key_file(&bob, "claims-bob"),
        key_file(&carol, "claims-carol"),
    ];
    let [a, b, c] = [keys[0].as_str(), keys[1].as_str(), keys[2].as_str()];
    for (key, wallet) in [(a, &alice), (b, &bob), (c, &carol)] {
        let me = wallet.pubkey().to_string();
        cli_as(
            url,
            key,
            &[
                "localnet",
                "faucet",
                "--to",
                &me,
                "--sol",
                "5000000000",
                "--usdc",
                "2000000000",
            ],
        );
        cli_as(url, key, &["member", "join"]);
    }
    pool_behind_product_0(url, a);
    cli_as(url, a, &["assessor", "stake", "--amount", "300000000000"]);
    cli_as(url, b, &["token", "buy", "--amount", "202000000"]);
    cli_as(url, b, &["assessor", "stake", "--amount", "100000000000"]);
    let bought = cover_on_product_0(url, c);
    cli_as(url, c, &["localnet", "warp", "--days", "1"]);
    // A refresh records the book value and wrapped SOL's price, which the claim's reward and deposit are valued at.
    cli_as(url, c, &["capital", "refresh"]);
    let bv = fetch::capital_snapshot(&rpc).unwrap().book_value;
    let carol_usdc = localnet.deployment.base_account(&carol.pubkey());
    let usdc_before = fetch::token_balance(&rpc, &carol_usdc).unwrap();

    // Act: the claim, the votes, the wait, the payout and the rewards
    let filed = claim_600_on_cover_0_0(url, c);
    let claim = filed["claim"].as_str().unwrap().to_string();
    let open = cli_as(url, a, &["claim", "list", "--open"]);
    let accepted = cli_as(url, a, &["vote", "accept", &claim]);
    let denied = cli_as(url, b, &["vote", "deny", &claim]);
    let shown = cli_as(url, a, &["claim", "show", &claim]);
    cli_as(url, c, &["localnet", "warp", "--days", "3"]);
    let in_cooldown = cli_err(url, c, &["claim", "redeem", &claim]);
    cli_as(url, c, &["localnet", "warp", "--days", "1"]);
    let carol_lamports = fetch::lamports(&rpc, &carol.pubkey()).unwrap();
    let paid = cli_as(url, c, &["claim", "redeem", &claim]);
    let carol_lamports_after = fetch::lamports(&rpc, &carol.pubkey()).unwrap();
    let alice_before = cli_as(url, a, &["member", "show"])["stake_balance"]
        .as_u64()
        .unwrap();
    let alice_reward = cli_as(url, a, &["rewards", "claim", &claim]);
    let bob_reward = cli_as(url, b, &["rewards", "claim", &claim]);
    let alice_after = cli_as(url, a, &["member", "show"])["stake_balance"]
        .as_u64()
        .unwrap();
    let mine = cli_as(url, c, &["claim", "list", "--mine"]);

    // Assert: the deposit is the 0.05 SOL floor (the reward is worth less at $150 a SOL); the reward is 1.3% a
    // year of the claim in stake, for the cover's 73 days
    let stake = u128::from(600_000_000u64) * u128::from(STAKE_UNIT) / u128::from(bv);
    let reward = u64::try_from(stake * 130 * 73 / (10_000 * 365)).unwrap();
    assert_eq!(bought["seq"], 0);
    assert_eq!(filed["deposit"], 50_000_000);
    assert_eq!(filed["reward"], reward);
    assert_eq!(open["count"], 1);
    assert_eq!(open["claims"][0]["claim"], claim);
    assert_eq!(
        open["claims"][0]["tally"],
        serde_json::json!({"accept": 0, "deny": 0})
    );
    assert_eq!(
        open["claims"][0]["wording"],
        "ipfs://mutual-wording/lending-protocol"
    );
    assert_eq!(open["claims"][0]["evidence"], "ipfs://lending-exploit");
    // each assessor votes with the stake they had before the claim
    assert_eq!(accepted["weight"], 300_000_000_000u64);
    assert_eq!(accepted["ends_in"], 3 * DAY);
    assert_eq!(denied["weight"], 100_000_000_000u64);
    assert_eq!(
        shown["tally"],
        serde_json::json!({"accept": 300_000_000_000u64, "deny": 100_000_000_000u64})
    );
    assert_eq!(shown["outcome"], "accept leads");
    let info = mutual_sdk::errors::error_info(u32::from(MutualError::ClaimNotDecided)).unwrap();
    assert_eq!(
        in_cooldown.to_string(),
        format!("{} ({}): {}", info.name, info.code, info.message)
    );
    // the payout, the deposit back (less the fee), and the pool's burn: the claim in stake at bv, halved by the
    // capacity ratio of 2, both rounded up
    let burn = u64::try_from(
        (u128::from(600_000_000u64) * u128::from(STAKE_UNIT))
            .div_ceil(u128::from(bv))
            .div_ceil(2),
    )
    .unwrap();
    assert_eq!(paid["amount"], 600_000_000);
    assert_eq!(paid["to"], carol_usdc.to_string());
    assert_eq!(paid["burns"][0]["burnt"], burn);
    assert_eq!(paid["burns"][0]["stake_before"], 600_000_000_000u64);
    assert_eq!(paid["burns"][0]["stake_after"], 600_000_000_000u64 - burn);
    assert_eq!(
        fetch::pool(&rpc, 0).unwrap().active_stake,
        600_000_000_000 - burn
    );
    assert_eq!(
        fetch::token_balance(&rpc, &carol_usdc).unwrap(),
        usdc_before + 600_000_000
    );
    assert_eq!(carol_lamports_after, carol_lamports + 50_000_000 - 5_000);
    // the reward, 3/4 to Alice and 1/4 to Bob, minted to their stake accounts
    assert_eq!(alice_reward["reward"], reward * 3 / 4);
    assert_eq!(bob_reward["reward"], reward / 4);
    assert_eq!(alice_after, alice_before + reward * 3 / 4);
    assert_eq!(mine["count"], 1);
    assert_eq!(mine["claims"][0]["state"], "paid");
}
