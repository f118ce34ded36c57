//! Issue 24's cases through the real `mutual` binary against a localnet, as a person runs them: limits checked
//! before signing, unknown ids named, a --url with nothing behind it, periods, capacity and tranche ends
//! explained, sub-day warps, and the cover reviews (an idle pool's crank, an edit, approvals shared by covers, a
//! broker's refusals) equal to what the chain then did. The suites beside it try the same in-process, over
//! random inputs; these prove the binary says the same.
use mutual::errors::MutualError;
use mutual_cli::localnet::{ClockMode, Localnet, LocalnetOptions};
use mutual_sdk::{fetch, pda, Keypair, Pubkey, RpcTransport, Signer};
use serde_json::Value;

mod support;
use support::session::{refusal, NO_NODE, UNREACHABLE};
use support::*;

/// A localnet on a manual clock (only `localnet warp` moves it), with its authority's key file.
struct Net {
    localnet: Localnet,
    url: String,
    authority: String,
}

fn start(name: &str) -> Net {
    let localnet = Localnet::start_with(LocalnetOptions {
        clock: ClockMode::Manual,
        ledger: Some(temp_ledger(name)),
        ..LocalnetOptions::default()
    })
    .expect("localnet starts");
    let authority = localnet
        .authority_key
        .clone()
        .expect("a ledger keeps the authority's key")
        .to_str()
        .unwrap()
        .to_string();
    Net {
        url: localnet.url(),
        localnet,
        authority,
    }
}

impl Net {
    fn rpc(&self) -> RpcTransport {
        RpcTransport::new(&self.url)
    }

    fn usdc_account(&self, wallet: &Pubkey) -> Pubkey {
        self.localnet.deployment.base_account(wallet)
    }

    fn usdc(&self, wallet: &Pubkey) -> u64 {
        fetch::token_balance(&self.rpc(), &self.usdc_account(wallet)).unwrap()
    }

    fn product_count(&self) -> u32 {
        fetch::config(&self.rpc()).unwrap().product_count
    }

    /// Product 0 on pool 0 (weight 100, 3%), 1,000 MUT staked for 8 tranches by a member it returns: 2,000 USDC
    /// of capacity at 2x.
    fn market(&self, name: &str) -> (Keypair, String) {
        mutual_bin(
            &self.url,
            &self.authority,
            &[
                "product",
                "create",
                "--name",
                "Lending",
                "--wording-uri",
                "ipfs://w",
            ],
        );
        let (member, key) = funded_wallet(&self.url, name, 5, 5_000);
        for args in [
            &["member", "join"][..],
            &["token", "buy", "--amount", "2020000000"],
            &["pool", "create", "--listing", "0:100:300"],
            &[
                "stake",
                "deposit",
                "--pool",
                "0",
                "--amount",
                "1000000000000",
                "--lock",
                "7",
            ],
        ] {
            mutual_bin(&self.url, &key, args);
        }
        (member, key)
    }

    fn warp_days(&self, key: &str, days: u32) {
        mutual_bin(
            &self.url,
            key,
            &["localnet", "warp", "--days", &days.to_string()],
        );
    }

    fn cover(&self, seq: u64) -> mutual::state::Cover {
        mutual_sdk::cover::cover(&self.rpc(), &mutual_sdk::cover::cover_address(0, seq))
            .unwrap()
            .expect("the cover")
    }
}

/// The binary's error line for `args`, which must exit with `code`.
fn refused(url: &str, key: &str, args: &[&str], code: i32) -> String {
    let (exit, line) = mutual_bin_err(url, key, args);
    assert_eq!(exit, code, "{args:?}: {line}");
    line.trim_start_matches("error: ").to_string()
}

#[test]
fn limits_ids_periods_and_a_dead_url_are_named_by_the_binary_and_nothing_is_signed() {
    // Arrange
    let net = start("binary-limits");
    let (_, key) = net.market("binary-limits");
    let name = "n".repeat(33);
    let products = net.product_count();

    // Act + Assert: a product name over 32 bytes is the chain's refusal, before the review; nothing listed
    let long_name = refused(
        &net.url,
        &net.authority,
        &[
            "product",
            "create",
            "--name",
            &name,
            "--wording-uri",
            "ipfs://w",
        ],
        1,
    );
    assert_eq!(long_name, refusal(MutualError::InvalidProductName));
    assert_eq!(net.product_count(), products);

    // unknown ids name the thing and where to look
    for (args, expected) in [
        (
            &["cover", "quote", "999", "--amount", "1"][..],
            "product 999 does not exist (see `mutual product list`)",
        ),
        (
            &["pool", "show", "42"],
            "pool 42 does not exist (see `mutual pool list`)",
        ),
        (
            &["cover", "show", "0", "77"],
            "cover 0/77 does not exist (never bought, or expired and closed) (see `mutual cover list`)",
        ),
    ] {
        assert_eq!(refused(&net.url, &key, args, 1), expected, "{args:?}");
    }

    // a period outside 28–365 days is the chain's error, not a capacity one
    for days in ["27", "366"] {
        let args = ["cover", "quote", "0", "--amount", "1000000", "--days", days];
        assert_eq!(
            refused(&net.url, &key, &args, 1),
            refusal(MutualError::InvalidCoverPeriod)
        );
    }

    // a negative amount is a usage error
    let negative = refused(&net.url, &key, &["token", "buy", "--amount", "-5"], 2);
    assert_eq!(negative, "--amount -5: amounts cannot be negative");

    // nothing listening at --url says so
    let dead = refused(NO_NODE, &key, &["config", "show"], 1);
    assert!(dead.starts_with(UNREACHABLE), "{dead}");
}

#[test]
fn capacity_and_tranche_ends_are_explained_and_the_amount_said_to_fit_does() {
    // Arrange: stake in the current tranche only, which ends within 91 days, beside the 8-tranche market
    let net = start("binary-capacity");
    let (me, key) = net.market("binary-capacity");
    mutual_bin(
        &net.url,
        &key,
        &["pool", "create", "--listing", "0:100:300"],
    );
    mutual_bin(
        &net.url,
        &key,
        &[
            "stake",
            "deposit",
            "--pool",
            "1",
            "--amount",
            "500000000000",
        ],
    );

    // Act: far more cover than pool 0 takes; then a year on pool 1, past its stake's end
    let too_much = refused(
        &net.url,
        &key,
        &[
            "cover",
            "buy",
            "0",
            "--amount",
            "9000000000",
            "--days",
            "90",
            "--pools",
            "0",
        ],
        1,
    );
    let outlives = refused(
        &net.url,
        &key,
        &[
            "cover", "buy", "0", "--amount", "1000000", "--days", "365", "--pools", "1",
        ],
        1,
    );

    // Assert: the refusal names the largest amount that fits, and that amount goes through
    let prefix = format!(
        "{}. The most pools [0] take now for 90 days is ",
        refusal(MutualError::InsufficientCapacity)
    );
    assert!(too_much.starts_with(&prefix), "{too_much}");
    let most: u64 = too_much
        .rsplit_once('(')
        .and_then(|(_, units)| units.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no base units in: {too_much}"));
    let before = net.usdc(&me.pubkey());
    let bought = mutual_bin(
        &net.url,
        &key,
        &[
            "cover",
            "buy",
            "0",
            "--amount",
            &most.to_string(),
            "--days",
            "90",
            "--pools",
            "0",
        ],
    );
    assert_eq!(bought["amount"], most);
    assert_eq!(
        before - net.usdc(&me.pubkey()),
        bought["total"].as_u64().unwrap()
    );
    let because = format!(
        "{}. a 365-day cover of product 0 runs, with its 30 days of grace, until ",
        refusal(MutualError::InsufficientCapacity)
    );
    assert!(outlives.starts_with(&because), "{outlives}");
    assert!(
        outlives.contains("after the last staked tranche of pools [1] ends"),
        "{outlives}"
    );
    assert!(
        outlives.contains(
            "more stake in those tranches cannot cover it; a shorter period can, or stake locked into later \
             tranches (`mutual stake deposit --lock 7`)"
        ),
        "{outlives}"
    );
}

#[test]
fn a_sub_day_warp_moves_the_clock_by_exactly_that() {
    let net = start("binary-warp");
    let (_, key) = funded_wallet(&net.url, "binary-warp", 1, 0);
    let before = mutual_sdk::Transport::unix_timestamp(&net.rpc()).unwrap();
    let after_12h = mutual_bin(&net.url, &key, &["localnet", "warp", "12h"]);
    let after_1h = mutual_bin(&net.url, &key, &["localnet", "warp", "--hours", "1"]);
    let after_90s = mutual_bin(&net.url, &key, &["localnet", "warp", "--seconds", "90"]);
    let t = |v: &Value| v["unix_timestamp"].as_i64().unwrap();
    assert_eq!(t(&after_12h), before + 12 * 3_600);
    assert_eq!(t(&after_1h), t(&after_12h) + 3_600);
    assert_eq!(t(&after_90s), t(&after_1h) + 90);
}

#[test]
fn the_cover_reviews_through_the_binary_are_what_the_chain_did() {
    // Arrange
    let net = start("binary-reviews");
    let (me, key) = net.market("binary-reviews");
    let paid_as_shown = |args: &[&str], shown: &str| -> Value {
        let before = net.usdc(&me.pubkey());
        let out = mutual_bin(&net.url, &key, args);
        assert_eq!(
            before - net.usdc(&me.pubkey()),
            out[shown].as_u64().unwrap(),
            "{args:?}: {out}"
        );
        out
    };

    // Act + Assert: a buy, then ten months idle: the next buy sends the crank in front and charges its review
    paid_as_shown(
        &["cover", "buy", "0", "--amount", "500000000", "--days", "60"],
        "total",
    );
    net.warp_days(&key, 300);
    let idle = net.rpc();
    let lagging = mutual_sdk::staking::catch_up(
        &fetch::pool(&idle, 0).unwrap(),
        mutual_sdk::Transport::unix_timestamp(&idle).unwrap(),
    );
    assert_eq!(lagging.len(), 1, "the pool needs a crank");
    let after_idle = paid_as_shown(
        &[
            "cover",
            "buy",
            "0",
            "--amount",
            "1200000000",
            "--days",
            "90",
        ],
        "total",
    );
    assert_eq!(after_idle["premium"], net.cover(1).premium);

    // an edit frees the old allocation first: 1,500 of 2,000 with 1,200 already in this cover
    net.warp_days(&key, 10);
    let edited = paid_as_shown(
        &[
            "cover",
            "edit",
            "0",
            "1",
            "--amount",
            "1500000000",
            "--days",
            "120",
        ],
        "paid",
    );
    let cover = net.cover(1);
    assert_eq!(cover.amount, 1_500_000_000);
    assert_eq!(edited["premium"], cover.premium);
    assert_eq!(edited["max_premium"], edited["paid"]);

    // two covers on one paying account share one approval of both caps; a cancel keeps the other's
    mutual_bin(
        &net.url,
        &key,
        &["cover", "buy", "0", "--amount", "100000000", "--days", "30"],
    );
    let account = net.usdc_account(&me.pubkey());
    let approval = || {
        let a = fetch::token_account(&net.rpc(), &account).unwrap().unwrap();
        (Option::<Pubkey>::from(a.delegate), a.delegated_amount)
    };
    let first = mutual_bin(
        &net.url,
        &key,
        &["cover", "auto-renew", "0", "1", "--max-premium", "2000000"],
    );
    let second = mutual_bin(
        &net.url,
        &key,
        &["cover", "auto-renew", "0", "2", "--max-premium", "3000000"],
    );
    assert_eq!(
        (first["approved"].clone(), second["approved"].clone()),
        (2_000_000.into(), 5_000_000.into())
    );
    assert_eq!(approval(), (Some(pda::config().0), 5_000_000));
    let cancelled = mutual_bin(
        &net.url,
        &key,
        &["cover", "auto-renew", "0", "1", "--cancel"],
    );
    assert_eq!(cancelled["approved"], 3_000_000);
    assert_eq!(approval(), (Some(pda::config().0), 3_000_000));

    // a commission without an account, and a stranger's cover bought by a non-broker: the chain's refusals
    let buy = ["cover", "buy", "0", "--amount", "100000000", "--days", "30"];
    let stranger = Pubkey::new_unique().to_string();
    let covers = fetch::product(&net.rpc(), 0).unwrap().next_cover_seq;
    let no_account = refused(
        &net.url,
        &key,
        &[&buy[..], &["--commission-bps", "500"]].concat(),
        1,
    );
    let not_broker = refused(
        &net.url,
        &key,
        &[&buy[..], &["--owner", &stranger]].concat(),
        1,
    );
    assert_eq!(no_account, refusal(MutualError::InvalidCommissionAccount));
    assert_eq!(not_broker, refusal(MutualError::NotBroker));
    assert_eq!(
        fetch::product(&net.rpc(), 0).unwrap().next_cover_seq,
        covers
    );
}
