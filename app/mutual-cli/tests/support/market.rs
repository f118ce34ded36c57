//! A localnet with a market behind the actions' server, for the suites that drive the actions over HTTP and the
//! page in a browser.
use super::*;
use mutual_cli::actions::server::ActionServer;
use mutual_cli::localnet::{ClockMode, Localnet, LocalnetOptions};
use mutual_sdk::{RpcTransport, Signer};
use serde_json::Value;
use solana_transaction::Transaction;

/// A localnet whose product 0 is listed by pool 0 (600 stake tokens, 1%–3%), and the actions served for it.
pub struct Market {
    pub localnet: Localnet,
    pub actions: ActionServer,
    /// The pool manager's keypair file: a member with 390 stake tokens left.
    pub manager_key: String,
}

/// A market with an open claim: the manager (who staked 300 MUT as an assessor before it) and a second
/// assessor (100 MUT) may vote; the claimant (an assessor too) bought 1,000 USDC of cover on product 0 and claims
/// 600.
pub struct Poll {
    pub market: Market,
    pub claim: String,
    pub manager: (mutual_sdk::Keypair, String),
    pub assessor: (mutual_sdk::Keypair, String),
    pub claimant: (mutual_sdk::Keypair, String),
}

impl Poll {
    pub fn start(name: &str) -> Self {
        Self::start_with(name, false)
    }

    /// The same poll on product 0 made commit-reveal (by the authority, before the cover is bought).
    pub fn start_commit_reveal(name: &str) -> Self {
        Self::start_with(name, true)
    }

    fn start_with(name: &str, commit_reveal: bool) -> Self {
        let market = Market::start(name);
        let url = market.localnet.url();
        if commit_reveal {
            market.update_product_0(&["--commit-reveal"]);
        }
        let manager = (
            mutual_cli::chain::load_keypair(&market.manager_key).unwrap(),
            market.manager_key.clone(),
        );
        cli_as(
            &url,
            &manager.1,
            &["assessor", "stake", "--amount", "300000000000"],
        );
        let assessor = funded_wallet(&url, &format!("{name}-assessor"), 5, 2_000);
        cli_as(&url, &assessor.1, &["member", "join"]);
        cli_as(
            &url,
            &assessor.1,
            &["token", "buy", "--amount", "202000000"],
        );
        cli_as(
            &url,
            &assessor.1,
            &["assessor", "stake", "--amount", "100000000000"],
        );
        let claimant = funded_wallet(&url, &format!("{name}-claimant"), 5, 2_000);
        cli_as(&url, &claimant.1, &["member", "join"]);
        // an assessor too, so that the claimant rule, not a missing stake, is what refuses their vote
        cli_as(
            &url,
            &claimant.1,
            &["token", "buy", "--amount", "202000000"],
        );
        cli_as(
            &url,
            &claimant.1,
            &["assessor", "stake", "--amount", "100000000000"],
        );
        cover_on_product_0(&url, &claimant.1);
        cli_as(&url, &claimant.1, &["localnet", "warp", "--days", "1"]);
        cli_as(&url, &claimant.1, &["capital", "refresh"]);
        let filed = claim_600_on_cover_0_0(&url, &claimant.1);
        let claim = filed["claim"].as_str().unwrap().to_string();
        Poll {
            market,
            claim,
            manager,
            assessor,
            claimant,
        }
    }
}

impl Market {
    /// `name` keeps the test's keypair files apart from the other tests'.
    pub fn start(name: &str) -> Self {
        // Saved to a ledger of its own: the localnet then writes the authority's keypair file.
        let localnet = Localnet::start_with(LocalnetOptions {
            clock: ClockMode::Manual,
            ledger: Some(temp_ledger(name)),
            reset: true,
            ..LocalnetOptions::default()
        })
        .expect("localnet starts");
        let url = localnet.url();
        let (_, key) = funded_wallet(&url, &format!("{name}-manager"), 10, 2_000);
        cli_as(&url, &key, &["member", "join"]);
        pool_behind_product_0(&url, &key);
        let actions = ActionServer::start(&url, 0).expect("actions serve");
        Market {
            localnet,
            actions,
            manager_key: key,
        }
    }

    /// As the authority: product 0's terms replaced by its name and wording and `terms` (the CLI's flags; every
    /// other term at its default).
    pub fn update_product_0(&self, terms: &[&str]) {
        let product = mutual_sdk::fetch::product(&self.rpc(), 0).unwrap();
        let authority = self
            .localnet
            .authority_key
            .clone()
            .expect("the authority's keypair");
        let name = [
            "--name",
            &product.terms.name,
            "--wording-uri",
            &product.terms.wording_uri,
        ];
        let args = [&["product", "update", "0"], &name[..], terms].concat();
        cli_as(&self.localnet.url(), authority.to_str().unwrap(), &args);
    }

    pub fn get(&self, path: &str) -> HttpAnswer {
        http(self.actions.addr, "GET", path, None)
    }

    pub fn post(&self, path: &str, body: &Value) -> HttpAnswer {
        http(self.actions.addr, "POST", path, Some(&body.to_string()))
    }

    pub fn rpc(&self) -> RpcTransport {
        RpcTransport::new(&self.localnet.url())
    }
}

/// Signs the transaction an action returned as `wallet` (its fee payer) and sends it; returns its signature.
pub fn sign_and_send(rpc: &RpcTransport, answer: &Value, wallet: &mutual_sdk::Keypair) -> String {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(answer["transaction"].as_str().unwrap())
        .unwrap();
    assert!(bytes.len() <= 1_232);
    let mut tx: Transaction = bincode::deserialize(&bytes).unwrap();
    assert_eq!(tx.message.account_keys[0], wallet.pubkey());
    let blockhash = tx.message.recent_blockhash;
    tx.try_sign(&[wallet], blockhash).unwrap();
    rpc.client()
        .send_and_confirm_transaction(&tx)
        .unwrap()
        .to_string()
}
