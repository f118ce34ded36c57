//! `mutual localnet`: the embedded chain served over standard Solana JSON-RPC (HTTP) on 127.0.0.1, so the CLI,
//! `solana-rpc-client` and wallets talk to it as to a validator.
//!
//! The chain lives on one thread; the jsonrpsee server's handlers pass each request to it and wait for the
//! answer, so requests are served one at a time, in order, and a flood of them queues instead of racing.
//! This first cut serves the methods `RpcTransport` (and so the CLI) uses; the rest answer -32601.
mod pubsub;

use crate::ledger::{Ledger, SavedTransaction};
use crate::{CliError, Result};
use anchor_lang::prelude::Pubkey;
use base64::Engine;
use jsonrpsee::server::{RpcModule, Server, ServerConfig, ServerHandle};
use jsonrpsee::types::ErrorObjectOwned;
use mutual_migrations::{bootstrap, BootstrapOptions, Deployment};
use mutual_sdk::prices::PythPrice;
use mutual_sdk::{AccountFilter, EmbeddedChain, Receipt, SdkError, Signer, Transport};
use serde_json::{json, Value};
use solana_account_decoder::parse_account_data::{
    AccountAdditionalDataV3, SplTokenAdditionalDataV2,
};
use solana_account_decoder::parse_token::token_amount_to_ui_amount_v3;
use solana_account_decoder::{encode_ui_account, UiAccountEncoding};
use solana_rpc_client_api::config::{
    RpcAccountInfoConfig, RpcProgramAccountsConfig, RpcSignaturesForAddressConfig,
    RpcSimulateTransactionConfig, RpcTokenAccountsFilter,
};
use solana_rpc_client_api::filter::RpcFilterType;
use solana_transaction::Transaction;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::mpsc;

/// The largest request body accepted: a transaction is at most 1,232 bytes, base64 about 1.7 KB.
const MAX_BODY: u32 = 64 * 1024;
/// Requests waiting for the chain thread before the server answers "busy".
const MAX_CONNECTIONS: u32 = 128;

/// Methods served. Anything else gets JSON-RPC's method-not-found (-32601) from the server.
pub const METHODS: &[&str] = &[
    "getAccountInfo",
    "getMultipleAccounts",
    "getProgramAccounts",
    "getBalance",
    "getTokenAccountBalance",
    "getTokenAccountsByOwner",
    "getMinimumBalanceForRentExemption",
    "getLatestBlockhash",
    "isBlockhashValid",
    "getSlot",
    "getBlockHeight",
    "getEpochInfo",
    "getGenesisHash",
    "getVersion",
    "getHealth",
    "getIdentity",
    "getFeeForMessage",
    "getRecentPrioritizationFees",
    "sendTransaction",
    "simulateTransaction",
    "getSignatureStatuses",
    "getSignaturesForAddress",
    "getTransaction",
    "requestAirdrop",
    FAUCET_METHOD,
    WARP_METHOD,
    PRICE_METHOD,
];

/// Non-standard: `mutual_warp(seconds)` moves the clock forward; returns the new unix time. For testing
/// expiries, tranches and polls.
pub const WARP_METHOD: &str = "mutual_warp";

/// Non-standard: `mutual_set_price(feed_id_hex, price_e8)` publishes a fully verified test price (dollars with 8
/// decimals, confidence 0.1%) for a feed at its Pyth push-oracle address; returns that address. A local stand-in
/// for Pyth's push feeds, which the localnet then keeps fresh.
pub const PRICE_METHOD: &str = "mutual_set_price";

/// Non-standard: `mutual_faucet(wallet, lamports, usdc_units)` gives a wallet SOL and test USDC (created on the
/// wallet's associated account); returns the USDC account. For trying everything with one's own key.
pub const FAUCET_METHOD: &str = "mutual_faucet";

/// What the chain thread keeps beside the chain: the outcome of every transaction it processed.
struct Node {
    chain: EmbeddedChain,
    deployment: Deployment,
    ledger: Option<Ledger>,
    /// What each processed transaction did, for the PubSub subscriptions.
    events: tokio::sync::broadcast::Sender<pubsub::Processed>,
    /// Every processed transaction by signature: its status and its getTransaction answer.
    history: HashMap<String, Processed>,
    /// The test price feeds the localnet keeps fresh (those of the registered non-base assets).
    feeds: Vec<mutual_sdk::prices::FeedId>,
}

struct Processed {
    /// Order of processing: getSignaturesForAddress answers newest first.
    seq: u64,
    /// The accounts the transaction named.
    keys: Vec<Pubkey>,
    status: Value,
    transaction: Value,
}

type Reply = std::result::Result<Value, ErrorObjectOwned>;

/// Accounts the chain creates itself at start: sysvars and the loaders' (the program's ProgramData included).
const BUILT_IN_OWNERS: [Pubkey; 3] = [
    solana_sdk_ids::sysvar::ID,
    solana_sdk_ids::bpf_loader_upgradeable::ID,
    solana_sdk_ids::native_loader::ID,
];

struct Request {
    method: &'static str,
    params: Value,
    reply: mpsc::Sender<Reply>,
}

/// How to start a localnet.
#[derive(Clone, Debug, Default)]
pub struct LocalnetOptions {
    /// 0 picks a free port.
    pub port: u16,
    /// Where the state is saved; none keeps it in memory only.
    pub ledger: Option<std::path::PathBuf>,
    /// Discard the saved state first.
    pub reset: bool,
}

/// A running localnet: the RPC address, the deployment it bootstrapped, and the server's handle.
pub struct Localnet {
    pub addr: SocketAddr,
    /// The PubSub websocket: the RPC port + 1 (any free port when the RPC port was 0).
    pub ws_addr: SocketAddr,
    pub deployment: Deployment,
    /// The protocol authority (the chain's deployer), and its keypair file in the ledger directory.
    pub authority: Pubkey,
    pub authority_key: Option<std::path::PathBuf>,
    handle: ServerHandle,
    ws_handle: ServerHandle,
    _runtime: tokio::runtime::Runtime,
}

impl Localnet {
    /// Starts a bootstrapped chain in memory and serves it on 127.0.0.1:`port` (0 picks a free port).
    pub fn start(port: u16) -> Result<Self> {
        Self::start_with(LocalnetOptions {
            port,
            ..LocalnetOptions::default()
        })
    }

    /// Starts from the saved ledger if there is one (else a new, bootstrapped chain) and serves it.
    pub fn start_with(options: LocalnetOptions) -> Result<Self> {
        let port = options.port;
        let (to_chain, requests) = mpsc::channel::<Request>();
        let (ready_tx, ready) = mpsc::channel::<Result<Started>>();
        let (events, _) = tokio::sync::broadcast::channel(1_024);
        let chain_events = events.clone();
        std::thread::Builder::new()
            .name("localnet-chain".into())
            .spawn(move || chain_thread(options, chain_events, requests, ready_tx))?;
        let Started {
            deployment,
            authority,
            authority_key,
        } = ready
            .recv()
            .map_err(|_| CliError::Usage("the localnet chain did not start".into()))??;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let ws_module = pubsub::module(pubsub::Context {
            events,
            requests: std::sync::Mutex::new(to_chain.clone()),
        })
        .map_err(|e| CliError::Usage(e.to_string()))?;
        let mut module = RpcModule::new(std::sync::Mutex::new(to_chain));
        for method in METHODS {
            module
                .register_blocking_method(method, move |params, to_chain, _| {
                    let params: Value = params.parse().unwrap_or(Value::Array(Vec::new()));
                    let (reply, answer) = mpsc::channel();
                    let sent = to_chain
                        .lock()
                        .map_err(|_| internal("chain channel poisoned"))?
                        .send(Request {
                            method,
                            params,
                            reply,
                        });
                    sent.map_err(|_| internal("the chain thread stopped"))?;
                    answer
                        .recv()
                        .map_err(|_| internal("the chain thread stopped"))?
                })
                .map_err(|e| CliError::Usage(e.to_string()))?;
        }
        let config = ServerConfig::builder()
            .max_request_body_size(MAX_BODY)
            .max_connections(MAX_CONNECTIONS)
            .http_only()
            .build();
        let server = runtime.block_on(
            Server::builder()
                .set_config(config)
                .build(SocketAddr::from(([127, 0, 0, 1], port))),
        )?;
        let addr = server.local_addr()?;
        let ws_port = if port == 0 { 0 } else { port.saturating_add(1) };
        // No server pings: jsonrpsee sends its first one the moment a client connects, and solana-pubsub-client's
        // blocking PubsubClient takes whatever frame comes first as the subscription's answer.
        let ws_config = ServerConfig::builder()
            .max_request_body_size(MAX_BODY)
            .max_connections(MAX_CONNECTIONS)
            .ws_only()
            .build();
        let ws_server = runtime.block_on(
            Server::builder()
                .set_config(ws_config)
                .build(SocketAddr::from(([127, 0, 0, 1], ws_port))),
        )?;
        let ws_addr = ws_server.local_addr()?;
        // The servers spawn their tasks on the runtime they start in.
        let (handle, ws_handle) = {
            let _entered = runtime.enter();
            (server.start(module), ws_server.start(ws_module))
        };
        Ok(Localnet {
            addr,
            ws_addr,
            deployment,
            authority,
            authority_key,
            handle,
            ws_handle,
            _runtime: runtime,
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn ws_url(&self) -> String {
        format!("ws://{}", self.ws_addr)
    }

    /// Blocks until the server stops (never, unless stopped from elsewhere).
    pub fn wait(self) {
        let handle = self.handle.clone();
        self._runtime.block_on(handle.stopped());
    }
}

impl Drop for Localnet {
    fn drop(&mut self) {
        let _ = self.handle.stop();
        let _ = self.ws_handle.stop();
    }
}

fn internal(message: &str) -> ErrorObjectOwned {
    ErrorObjectOwned::owned(-32603, message.to_string(), None::<()>)
}

fn invalid_params(message: impl Into<String>) -> ErrorObjectOwned {
    ErrorObjectOwned::owned(-32602, message.into(), None::<()>)
}

fn chain_thread(
    options: LocalnetOptions,
    events: tokio::sync::broadcast::Sender<pubsub::Processed>,
    requests: mpsc::Receiver<Request>,
    ready: mpsc::Sender<Result<Started>>,
) {
    let opened = Node::open(&options, events).and_then(|node| {
        let authority_key = match &node.ledger {
            Some(ledger) => Some(ledger.write_authority_key(node.chain.deployer())?),
            None => None,
        };
        let started = Started {
            deployment: node.deployment,
            authority: node.chain.deployer().pubkey(),
            authority_key,
        };
        Ok((node, started))
    });
    let mut node = match opened {
        Ok((node, started)) => {
            if ready.send(Ok(started)).is_err() {
                return;
            }
            node
        }
        Err(e) => {
            let _ = ready.send(Err(e));
            return;
        }
    };
    for request in requests {
        // Prices are republished at the chain's time before anything that could read them.
        if PRICED.contains(&request.method) {
            if let Err(e) = node.keep_prices_fresh() {
                let _ = request.reply.send(Err(internal(&format!(
                    "publishing the test prices failed: {e}"
                ))));
                continue;
            }
        }
        let mut answer = node.handle(request.method, &request.params);
        // What changed is on disk before the answer (a signature) goes out.
        if MUTATING.contains(&request.method) {
            if let Err(e) = node.save() {
                answer = Err(internal(&format!("saving the ledger failed: {e}")));
            }
        }
        let _ = request.reply.send(answer);
    }
}

/// What the chain thread reports once the chain is up.
struct Started {
    deployment: Deployment,
    authority: Pubkey,
    authority_key: Option<std::path::PathBuf>,
}

/// The methods that change the chain, after which the ledger is saved.
const MUTATING: &[&str] = &[
    "sendTransaction",
    "requestAirdrop",
    FAUCET_METHOD,
    WARP_METHOD,
    PRICE_METHOD,
];

/// The methods before which the test prices are republished at the chain's time.
const PRICED: &[&str] = &["sendTransaction", "simulateTransaction"];

/// The test SOL/USD price a new localnet publishes: $150, with Pyth's 8 decimals.
const DEFAULT_SOL_USD_E8: i64 = 15_000_000_000;

/// A new localnet lists the sample catalogue (one product per risk class, with risk signals), so pools and
/// stake can be tried at once.
fn list_sample_products(chain: &EmbeddedChain, deployer: &mutual_sdk::Keypair) -> Result<()> {
    let now = chain.unix_timestamp()?;
    for (id, sample) in mutual_migrations::samples::products(now)
        .into_iter()
        .enumerate()
    {
        let id = u32::try_from(id).map_err(|_| CliError::Usage("too many samples".into()))?;
        let create = mutual_sdk::ix::product_create(&deployer.pubkey(), id, sample.terms);
        let signals =
            mutual_sdk::ix::risk_signals_update(&deployer.pubkey(), id, false, sample.signals);
        chain.send(&[create, signals], deployer, &[])?;
    }
    Ok(())
}

fn param(params: &Value, index: usize) -> Option<&Value> {
    params.as_array().and_then(|p| p.get(index))
}

fn pubkey_param(params: &Value, index: usize) -> std::result::Result<Pubkey, ErrorObjectOwned> {
    param(params, index)
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| invalid_params(format!("parameter {index}: expected a base58 public key")))
}

fn config_param(params: &Value, index: usize) -> Option<&serde_json::Map<String, Value>> {
    param(params, index).and_then(Value::as_object)
}

/// The transaction encoding of a sendTransaction / simulateTransaction config (base58 by default, as the
/// standard says).
fn encoding_of(config: Option<&serde_json::Map<String, Value>>) -> &str {
    config
        .and_then(|c| c.get("encoding"))
        .and_then(Value::as_str)
        .unwrap_or("base58")
}

/// `{"mint": ...}` or `{"programId": ...}`, as clients send the token-accounts filter.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RpcTokenAccountsFilterWire {
    mint: Option<String>,
    program_id: Option<String>,
}

impl RpcTokenAccountsFilterWire {
    fn into_filter(self) -> std::result::Result<RpcTokenAccountsFilter, ErrorObjectOwned> {
        match (self.mint, self.program_id) {
            (Some(mint), None) => Ok(RpcTokenAccountsFilter::Mint(mint)),
            (None, Some(program)) => Ok(RpcTokenAccountsFilter::ProgramId(program)),
            _ => Err(invalid_params("expected exactly one of mint and programId")),
        }
    }
}

/// The account-info config a client sent (`encoding`, `dataSlice`, `commitment`, `minContextSlot`), in the
/// library's own type; a config that does not parse is invalid params.
fn account_config(
    params: &Value,
    index: usize,
) -> std::result::Result<RpcAccountInfoConfig, ErrorObjectOwned> {
    match param(params, index) {
        None | Some(Value::Null) => Ok(RpcAccountInfoConfig::default()),
        Some(config) => serde_json::from_value(config.clone())
            .map_err(|e| invalid_params(format!("parameter {index}: {e}"))),
    }
}

fn program_accounts_config(
    params: &Value,
) -> std::result::Result<RpcProgramAccountsConfig, ErrorObjectOwned> {
    match param(params, 1) {
        None | Some(Value::Null) => Ok(RpcProgramAccountsConfig::default()),
        Some(config) => serde_json::from_value(config.clone())
            .map_err(|e| invalid_params(format!("parameter 1: {e}"))),
    }
}

/// A filter of getProgramAccounts as the SDK's transport filters (memcmp bytes decoded from base58/base64).
fn account_filter(filter: &RpcFilterType) -> std::result::Result<AccountFilter, ErrorObjectOwned> {
    match filter {
        RpcFilterType::DataSize(size) => Ok(AccountFilter::DataSize(*size)),
        RpcFilterType::Memcmp(memcmp) => {
            let bytes = memcmp
                .bytes()
                .ok_or_else(|| invalid_params("memcmp: bytes do not decode"))?;
            Ok(AccountFilter::Memcmp {
                offset: memcmp.offset(),
                bytes: bytes.into_owned(),
            })
        }
        RpcFilterType::TokenAccountState => Err(invalid_params(
            "the tokenAccountState filter is not supported",
        )),
    }
}

impl Node {
    /// An account in the encoding asked for (base58, base64, base64+zstd, jsonParsed), sliced as asked. A
    /// token account parsed as JSON needs its mint's decimals, which are read here.
    fn ui_account(
        &self,
        address: &Pubkey,
        account: &solana_account::Account,
        config: &RpcAccountInfoConfig,
    ) -> Value {
        let encoding = config.encoding.unwrap_or(UiAccountEncoding::Base64);
        let additional = (encoding == UiAccountEncoding::JsonParsed)
            .then(|| self.token_decimals(account))
            .flatten()
            .map(|decimals| AccountAdditionalDataV3 {
                spl_token_additional_data: Some(SplTokenAdditionalDataV2 {
                    decimals,
                    ..SplTokenAdditionalDataV2::default()
                }),
            });
        let ui = encode_ui_account(address, account, encoding, additional, config.data_slice);
        serde_json::to_value(ui).unwrap_or(Value::Null)
    }

    /// The decimals of a token account's mint (SPL Token or Token-2022), or of a mint itself.
    fn token_decimals(&self, account: &solana_account::Account) -> Option<u8> {
        use anchor_spl::token_2022::spl_token_2022::extension::StateWithExtensions;
        use anchor_spl::token_2022::spl_token_2022::state::{Account as TokenAccount, Mint};
        if account.owner != anchor_spl::token::ID && account.owner != anchor_spl::token_2022::ID {
            return None;
        }
        if let Ok(mint) = StateWithExtensions::<Mint>::unpack(&account.data) {
            return Some(mint.base.decimals);
        }
        let token = StateWithExtensions::<TokenAccount>::unpack(&account.data).ok()?;
        let mint = self.chain.get_account(&token.base.mint).ok()??;
        StateWithExtensions::<Mint>::unpack(&mint.data)
            .ok()
            .map(|m| m.base.decimals)
    }

    /// Token accounts among the named addresses whose owner is `owner`, filtered by mint or program.
    fn token_accounts_of(
        &self,
        owner: &Pubkey,
        filter: &RpcTokenAccountsFilter,
    ) -> std::result::Result<Vec<(Pubkey, solana_account::Account)>, ErrorObjectOwned> {
        use anchor_spl::token_2022::spl_token_2022::extension::StateWithExtensions;
        use anchor_spl::token_2022::spl_token_2022::state::Account as TokenAccount;
        let parse = |s: &str| {
            s.parse::<Pubkey>()
                .map_err(|_| invalid_params(format!("not a public key: {s}")))
        };
        let (mint, program) = match filter {
            RpcTokenAccountsFilter::Mint(m) => (Some(parse(m)?), None),
            RpcTokenAccountsFilter::ProgramId(p) => (None, Some(parse(p)?)),
        };
        let mut found = Vec::new();
        for token_program in [anchor_spl::token::ID, anchor_spl::token_2022::ID] {
            if program.is_some_and(|p| p != token_program) {
                continue;
            }
            for (address, account) in self
                .chain
                .accounts_of_program(&token_program, &[])
                .map_err(Self::sdk)?
            {
                let Ok(token) = StateWithExtensions::<TokenAccount>::unpack(&account.data) else {
                    continue;
                };
                if token.base.owner == *owner && mint.is_none_or(|m| m == token.base.mint) {
                    found.push((address, account));
                }
            }
        }
        Ok(found)
    }

    /// Restores the saved ledger, or starts and bootstraps a new chain (and saves it).
    fn open(
        options: &LocalnetOptions,
        events: tokio::sync::broadcast::Sender<pubsub::Processed>,
    ) -> Result<Self> {
        let ledger = match &options.ledger {
            Some(dir) => Some(Ledger::open(dir, options.reset)?),
            None => None,
        };
        let saved = match &ledger {
            Some(l) => l.load()?,
            None => None,
        };
        let Some(state) = saved else {
            let chain = EmbeddedChain::start()?;
            let deployer = chain.deployer().insecure_clone();
            let deployment = bootstrap(
                &chain,
                &deployer,
                &BootstrapOptions::test_usdc(&deployer.pubkey()),
            )?;
            list_sample_products(&chain, &deployer)?;
            // Wrapped SOL as a second asset, valued by a test SOL/USD price at $150.
            mutual_migrations::register_wrapped_sol(&chain, &deployer)?;
            let now = chain.unix_timestamp()?;
            let feed = mutual_sdk::prices::sol_usd_feed();
            let address = chain.set_price(feed, PythPrice::usd(DEFAULT_SOL_USD_E8, now))?;
            chain.remember([address])?;
            let node = Node {
                chain,
                deployment,
                ledger,
                events,
                history: HashMap::new(),
                feeds: vec![feed],
            };
            node.save()?;
            return Ok(node);
        };
        let accounts = state.accounts;
        let chain = EmbeddedChain::start_as(
            mutual_sdk::ProgramBuild::from_env(),
            state.deployer,
            |program_test| {
                for (address, account) in &accounts {
                    program_test.add_account(*address, account.clone());
                }
            },
        )?;
        chain.remember(accounts.iter().map(|(a, _)| *a))?;
        chain.set_time(state.unix_timestamp)?;
        let deployment = mutual_migrations::deployment(&chain)?;
        let history = state
            .history
            .into_iter()
            .map(|t| {
                (
                    t.signature,
                    Processed {
                        seq: t.seq,
                        keys: t.keys.iter().filter_map(|k| k.parse().ok()).collect(),
                        status: t.status,
                        transaction: t.transaction,
                    },
                )
            })
            .collect();
        let feeds = mutual_sdk::capital::assets(&chain)?
            .iter()
            .filter(|a| !a.is_base())
            .map(|a| a.pyth_feed_id)
            .collect();
        Ok(Node {
            chain,
            deployment,
            feeds,
            ledger,
            events,
            history,
        })
    }

    /// Writes every account a transaction has named (programs and sysvars aside), the clock, the keys and the
    /// history to the ledger, if there is one.
    /// Republishes every test price with the chain's current time, unchanged otherwise: the local stand-in for
    /// Pyth's push oracle, which keeps its feeds fresh on a cluster.
    fn keep_prices_fresh(&self) -> Result<()> {
        let now = self.chain.unix_timestamp()?;
        for feed in &self.feeds {
            let address = mutual_sdk::prices::feed_address(feed);
            let current = self
                .chain
                .get_account(&address)?
                .as_ref()
                .and_then(mutual_sdk::prices::read_price_update);
            if let Some((_, price)) = current.filter(|(_, p)| p.publish_time < now) {
                self.chain.set_price(
                    *feed,
                    PythPrice {
                        publish_time: now,
                        ..price
                    },
                )?;
            }
        }
        Ok(())
    }

    fn save(&self) -> Result<()> {
        let Some(ledger) = &self.ledger else {
            return Ok(());
        };
        let addresses = self.chain.touched_addresses()?;
        let accounts: Vec<(Pubkey, solana_account::Account)> = addresses
            .iter()
            .zip(self.chain.get_multiple_accounts(&addresses)?)
            .filter_map(|(address, account)| Some((*address, account?)))
            .filter(|(_, a)| !a.executable && !BUILT_IN_OWNERS.contains(&a.owner))
            .collect();
        let history = self
            .history
            .iter()
            .map(|(signature, p)| SavedTransaction {
                signature: signature.clone(),
                seq: p.seq,
                keys: p.keys.iter().map(Pubkey::to_string).collect(),
                status: p.status.clone(),
                transaction: p.transaction.clone(),
            })
            .collect();
        let now = self.chain.clock()?.unix_timestamp;
        ledger.save(self.chain.deployer(), now, &accounts, history)
    }

    /// The transactions that named `address`, newest first, from `before` (exclusive) back to `until`
    /// (exclusive), at most `limit` (1,000 by default and at most, as a validator).
    fn signatures_for(
        &self,
        address: &Pubkey,
        config: &RpcSignaturesForAddressConfig,
    ) -> Vec<Value> {
        let mut named: Vec<(&String, &Processed)> = self
            .history
            .iter()
            .filter(|(_, p)| p.keys.contains(address))
            .collect();
        named.sort_by_key(|(_, p)| std::cmp::Reverse(p.seq));
        let start = config
            .before
            .as_ref()
            .and_then(|b| named.iter().position(|(s, _)| *s == b))
            .map_or(0, |i| i + 1);
        let limit = config.limit.unwrap_or(1_000).min(1_000);
        named[start..]
            .iter()
            .take_while(|(s, _)| config.until.as_ref() != Some(*s))
            .take(limit)
            .map(|(signature, p)| {
                json!({
                    "signature": signature,
                    "slot": p.status["slot"],
                    "err": p.status["err"],
                    "memo": Value::Null,
                    "blockTime": p.transaction["blockTime"],
                    "confirmationStatus": "finalized",
                })
            })
            .collect()
    }

    fn slot(&self) -> u64 {
        self.chain.clock().map(|c| c.slot).unwrap_or_default()
    }

    fn context(&self, value: Value) -> Value {
        json!({ "context": { "slot": self.slot(), "apiVersion": "3.1.12" }, "value": value })
    }

    fn sdk(e: SdkError) -> ErrorObjectOwned {
        internal(&e.to_string())
    }

    fn handle(&mut self, method: &str, params: &Value) -> Reply {
        match method {
            "getAccountInfo" => {
                let address = pubkey_param(params, 0)?;
                let config = account_config(params, 1)?;
                let account = self.chain.get_account(&address).map_err(Self::sdk)?;
                let value = account.map_or(Value::Null, |a| self.ui_account(&address, &a, &config));
                Ok(self.context(value))
            }
            "getMultipleAccounts" => {
                let addresses = param(params, 0)
                    .and_then(Value::as_array)
                    .ok_or_else(|| invalid_params("parameter 0: expected an array of public keys"))?
                    .iter()
                    .map(|v| v.as_str().and_then(|s| s.parse::<Pubkey>().ok()))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| invalid_params("parameter 0: expected base58 public keys"))?;
                let config = account_config(params, 1)?;
                let accounts = self
                    .chain
                    .get_multiple_accounts(&addresses)
                    .map_err(Self::sdk)?;
                let values: Vec<Value> = addresses
                    .iter()
                    .zip(&accounts)
                    .map(|(address, a)| {
                        a.as_ref()
                            .map_or(Value::Null, |a| self.ui_account(address, a, &config))
                    })
                    .collect();
                Ok(self.context(Value::Array(values)))
            }
            "getProgramAccounts" => {
                let program = pubkey_param(params, 0)?;
                let config = program_accounts_config(params)?;
                let filters = config
                    .filters
                    .iter()
                    .flatten()
                    .map(account_filter)
                    .collect::<std::result::Result<Vec<_>, _>>()?;
                let accounts = self
                    .chain
                    .accounts_of_program(&program, &filters)
                    .map_err(Self::sdk)?;
                let values: Vec<Value> = accounts
                    .iter()
                    .map(|(address, a)| {
                        json!({
                            "pubkey": address.to_string(),
                            "account": self.ui_account(address, a, &config.account_config),
                        })
                    })
                    .collect();
                Ok(if config.with_context.unwrap_or(false) {
                    self.context(Value::Array(values))
                } else {
                    Value::Array(values)
                })
            }
            "getTokenAccountBalance" => {
                let address = pubkey_param(params, 0)?;
                let account = self
                    .chain
                    .get_account(&address)
                    .map_err(Self::sdk)?
                    .ok_or_else(|| invalid_params(format!("could not find account {address}")))?;
                use anchor_spl::token_2022::spl_token_2022::extension::StateWithExtensions;
                use anchor_spl::token_2022::spl_token_2022::state::Account as TokenAccount;
                let token = StateWithExtensions::<TokenAccount>::unpack(&account.data)
                    .map_err(|_| invalid_params(format!("{address} is not a token account")))?;
                let decimals = self.token_decimals(&account).unwrap_or_default();
                let amount = token_amount_to_ui_amount_v3(
                    token.base.amount,
                    &SplTokenAdditionalDataV2 {
                        decimals,
                        ..SplTokenAdditionalDataV2::default()
                    },
                );
                Ok(self.context(serde_json::to_value(amount).unwrap_or(Value::Null)))
            }
            "getTokenAccountsByOwner" => {
                let owner = pubkey_param(params, 0)?;
                let filter: RpcTokenAccountsFilter = param(params, 1)
                    .cloned()
                    .map(serde_json::from_value::<RpcTokenAccountsFilterWire>)
                    .transpose()
                    .map_err(|e| invalid_params(format!("parameter 1: {e}")))?
                    .ok_or_else(|| invalid_params("parameter 1: expected {mint} or {programId}"))?
                    .into_filter()?;
                let config = account_config(params, 2)?;
                let values: Vec<Value> = self
                    .token_accounts_of(&owner, &filter)?
                    .iter()
                    .map(|(address, a)| {
                        json!({ "pubkey": address.to_string(), "account": self.ui_account(address, a, &config) })
                    })
                    .collect();
                Ok(self.context(Value::Array(values)))
            }
            "getBalance" => {
                let address = pubkey_param(params, 0)?;
                let account = self.chain.get_account(&address).map_err(Self::sdk)?;
                Ok(self.context(json!(account.map_or(0, |a| a.lamports))))
            }
            "getMinimumBalanceForRentExemption" => {
                let len = param(params, 0)
                    .and_then(Value::as_u64)
                    .ok_or_else(|| invalid_params("parameter 0: expected a data length"))?;
                let len =
                    usize::try_from(len).map_err(|_| invalid_params("data length too large"))?;
                Ok(json!(self.chain.minimum_balance(len).map_err(Self::sdk)?))
            }
            "getLatestBlockhash" => {
                let hash = self.chain.latest_blockhash().map_err(Self::sdk)?;
                let height = self.slot() + 150;
                Ok(self.context(
                    json!({ "blockhash": hash.to_string(), "lastValidBlockHeight": height }),
                ))
            }
            "isBlockhashValid" => {
                let hash: solana_hash::Hash = param(params, 0)
                    .and_then(Value::as_str)
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| invalid_params("parameter 0: expected a base58 blockhash"))?;
                let probe = solana_transaction::Message::new_with_blockhash(
                    &[],
                    Some(&self.chain.deployer().pubkey()),
                    &hash,
                );
                let fee = self.chain.fee_for_message(&probe).map_err(Self::sdk)?;
                Ok(self.context(json!(fee.is_some())))
            }
            "getSlot" | "getBlockHeight" => Ok(json!(self.slot())),
            "getEpochInfo" => {
                let clock = self.chain.clock().map_err(Self::sdk)?;
                Ok(json!({
                    "absoluteSlot": clock.slot, "blockHeight": clock.slot, "epoch": clock.epoch,
                    "slotIndex": 0, "slotsInEpoch": 432000, "transactionCount": self.history.len()
                }))
            }
            "getGenesisHash" => Ok(json!(mutual_sdk::Pubkey::default().to_string())),
            "getVersion" => Ok(json!({ "solana-core": "3.1.12", "feature-set": 0 })),
            "getHealth" => Ok(json!("ok")),
            "getIdentity" => Ok(json!({ "identity": self.chain.deployer().pubkey().to_string() })),
            // The fee of a legacy message, or null when its blockhash is unknown (as a validator answers).
            "getFeeForMessage" => {
                let message = message_param(params)?;
                let fee = self.chain.fee_for_message(&message).map_err(Self::sdk)?;
                Ok(self.context(json!(fee)))
            }
            // No fee market here: every slot's minimum priority fee is 0.
            "getRecentPrioritizationFees" => {
                Ok(json!([{ "slot": self.slot(), "prioritizationFee": 0 }]))
            }
            "sendTransaction" => self.send_transaction(params),
            "simulateTransaction" => {
                let config: RpcSimulateTransactionConfig = match param(params, 1) {
                    None | Some(Value::Null) => RpcSimulateTransactionConfig::default(),
                    Some(c) => serde_json::from_value(c.clone())
                        .map_err(|e| invalid_params(format!("parameter 1: {e}")))?,
                };
                let mut tx = if config.sig_verify {
                    transaction_param(params)?
                } else {
                    decode_transaction(params)?
                };
                let mut result = Value::Null;
                if config.replace_recent_blockhash {
                    if config.sig_verify {
                        return Err(invalid_params(
                            "sigVerify may not be used with replaceRecentBlockhash",
                        ));
                    }
                    let hash = self.chain.latest_blockhash().map_err(Self::sdk)?;
                    tx.message.recent_blockhash = hash;
                    result = json!({ "blockhash": hash.to_string(), "lastValidBlockHeight": self.slot() + 150 });
                }
                let mut value = match &config.accounts {
                    None => simulation(&self.chain.simulate_signed(&tx).map_err(Self::sdk)?),
                    Some(asked) => {
                        let addresses = asked
                            .addresses
                            .iter()
                            .map(|a| a.parse())
                            .collect::<std::result::Result<Vec<Pubkey>, _>>()
                            .map_err(|_| {
                                invalid_params("accounts.addresses: expected base58 public keys")
                            })?;
                        let (outcome, after) = self
                            .chain
                            .simulate_with_accounts(&tx, &addresses)
                            .map_err(Self::sdk)?;
                        let encoding = asked.encoding.unwrap_or(UiAccountEncoding::Base64);
                        let encoded: Vec<Value> = addresses
                            .iter()
                            .zip(after)
                            .map(|(address, account)| {
                                account.map_or(Value::Null, |a| {
                                    serde_json::to_value(encode_ui_account(
                                        address, &a, encoding, None, None,
                                    ))
                                    .unwrap_or(Value::Null)
                                })
                            })
                            .collect();
                        let mut value = simulation(&outcome);
                        value["accounts"] = Value::Array(encoded);
                        value
                    }
                };
                value["replacementBlockhash"] = result;
                Ok(self.context(value))
            }
            "getSignaturesForAddress" => {
                let address = pubkey_param(params, 0)?;
                let config: RpcSignaturesForAddressConfig = match param(params, 1) {
                    None | Some(Value::Null) => RpcSignaturesForAddressConfig::default(),
                    Some(c) => serde_json::from_value(c.clone())
                        .map_err(|e| invalid_params(format!("parameter 1: {e}")))?,
                };
                Ok(Value::Array(self.signatures_for(&address, &config)))
            }
            "getTransaction" => {
                let signature = param(params, 0)
                    .and_then(Value::as_str)
                    .ok_or_else(|| invalid_params("parameter 0: expected a signature"))?;
                Ok(self
                    .history
                    .get(signature)
                    .map_or(Value::Null, |p| p.transaction.clone()))
            }
            "getSignatureStatuses" => {
                let signatures = param(params, 0).and_then(Value::as_array).ok_or_else(|| {
                    invalid_params("parameter 0: expected an array of signatures")
                })?;
                let values: Vec<Value> = signatures
                    .iter()
                    .map(|s| {
                        s.as_str()
                            .and_then(|s| self.history.get(s))
                            .map_or(Value::Null, |p| p.status.clone())
                    })
                    .collect();
                Ok(self.context(Value::Array(values)))
            }
            "requestAirdrop" => {
                let to = pubkey_param(params, 0)?;
                let lamports = param(params, 1)
                    .and_then(Value::as_u64)
                    .ok_or_else(|| invalid_params("parameter 1: expected lamports"))?;
                let deployer = self.chain.deployer().insecure_clone();
                let ix = anchor_lang::solana_program::system_instruction::transfer(
                    &deployer.pubkey(),
                    &to,
                    lamports,
                );
                let blockhash = self.chain.latest_blockhash().map_err(Self::sdk)?;
                let tx = Transaction::new_signed_with_payer(
                    &[ix],
                    Some(&deployer.pubkey()),
                    &[&deployer],
                    blockhash,
                );
                self.process(&tx)?;
                Ok(json!(tx.signatures[0].to_string()))
            }
            WARP_METHOD => {
                let seconds = param(params, 0)
                    .and_then(Value::as_i64)
                    .filter(|s| *s > 0)
                    .ok_or_else(|| {
                        invalid_params("parameter 0: expected a positive number of seconds")
                    })?;
                self.chain.warp_seconds(seconds).map_err(Self::sdk)?;
                Ok(json!(self.chain.clock().map_err(Self::sdk)?.unix_timestamp))
            }
            PRICE_METHOD => {
                let feed = param(params, 0)
                    .and_then(Value::as_str)
                    .and_then(|hex| mutual_sdk::prices::get_feed_id_from_hex(hex).ok())
                    .ok_or_else(|| invalid_params("parameter 0: expected a feed id in hex"))?;
                let price = param(params, 1).and_then(Value::as_i64).ok_or_else(|| {
                    invalid_params("parameter 1: expected a price with 8 decimals")
                })?;
                let now = self.chain.unix_timestamp().map_err(Self::sdk)?;
                let address = self
                    .chain
                    .set_price(feed, PythPrice::usd(price, now))
                    .map_err(Self::sdk)?;
                self.chain.remember([address]).map_err(Self::sdk)?;
                if !self.feeds.contains(&feed) {
                    self.feeds.push(feed);
                }
                Ok(json!(address.to_string()))
            }
            FAUCET_METHOD => {
                let to = pubkey_param(params, 0)?;
                let lamports = param(params, 1).and_then(Value::as_u64).unwrap_or(0);
                let usdc = param(params, 2).and_then(Value::as_u64).unwrap_or(0);
                let deployer = self.chain.deployer().insecure_clone();
                if lamports > 0 {
                    self.chain.airdrop(&to, lamports).map_err(Self::sdk)?;
                }
                let account = self
                    .deployment
                    .faucet(&self.chain, &deployer, &to, usdc)
                    .map_err(Self::sdk)?;
                Ok(json!(account.to_string()))
            }
            other => Err(ErrorObjectOwned::owned(
                -32601,
                format!("Method not found: {other}"),
                None::<()>,
            )),
        }
    }

    /// Processes a signed transaction and records its status and its getTransaction answer (logs, balances,
    /// units, return data). A failed transaction is recorded too, as a validator records it.
    fn process(&mut self, tx: &Transaction) -> std::result::Result<(), ErrorObjectOwned> {
        let keys = tx.message.account_keys.clone();
        let lamports = |accounts: &[Option<solana_account::Account>]| -> Vec<u64> {
            accounts
                .iter()
                .map(|a| a.as_ref().map_or(0, |a| a.lamports))
                .collect()
        };
        let pre_balances = lamports(&self.chain.get_multiple_accounts(&keys).map_err(Self::sdk)?);
        let outcome = self.chain.send_signed(tx).map_err(Self::sdk)?;
        let after = self.chain.get_multiple_accounts(&keys).map_err(Self::sdk)?;
        let post_balances = lamports(&after);
        let (err, logs, units, return_data) = match &outcome {
            Ok(r) => (None, r.logs.clone(), r.compute_units, r.return_data.clone()),
            Err(SdkError::Transaction { error, logs }) => {
                (Some(ui_error(error)), logs.clone(), None, None)
            }
            Err(e) => return Err(internal(&e.to_string())),
        };
        let logs = as_cluster_logs(logs);
        let slot = self.slot();
        let status = json!({
            "slot": slot,
            "confirmations": Value::Null,
            "err": err.clone().unwrap_or(Value::Null),
            "status": match &err { None => json!({ "Ok": Value::Null }), Some(e) => json!({ "Err": e }) },
            "confirmationStatus": "finalized",
        });
        let bytes = bincode::serialize(tx).map_err(|e| internal(&e.to_string()))?;
        let transaction = json!({
            "slot": slot,
            "blockTime": self.chain.clock().map(|c| c.unix_timestamp).ok(),
            "transaction": [base64::engine::general_purpose::STANDARD.encode(bytes), "base64"],
            "meta": {
                "err": err.clone(),
                "status": match &err { None => json!({ "Ok": Value::Null }), Some(e) => json!({ "Err": e }) },
                "fee": 5_000 * u64::from(tx.message.header.num_required_signatures),
                "preBalances": pre_balances,
                "postBalances": post_balances,
                "logMessages": logs,
                "computeUnitsConsumed": units,
                "returnData": return_data.map(|d| return_data_json(&d)),
            },
        });
        // Nobody listening is fine: the send fails only without subscribers.
        let _ = self.events.send(pubsub::Processed {
            signature: tx.signatures[0].to_string(),
            slot,
            err: err.clone().unwrap_or(Value::Null),
            logs: logs.clone(),
            accounts: keys.iter().copied().zip(after).collect(),
        });
        self.history.insert(
            tx.signatures[0].to_string(),
            Processed {
                seq: self.history.len() as u64,
                keys: keys.clone(),
                status,
                transaction,
            },
        );
        Ok(())
    }

    /// Preflight (unless `skipPreflight`) refuses a failing transaction with -32002 and its simulation, as a
    /// validator does, and commits nothing; otherwise the transaction is processed and its status recorded.
    fn send_transaction(&mut self, params: &Value) -> Reply {
        let tx = transaction_param(params)?;
        let skip_preflight = config_param(params, 1)
            .and_then(|c| c.get("skipPreflight"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if !skip_preflight {
            let outcome = self.chain.simulate_signed(&tx).map_err(Self::sdk)?;
            if let Err(SdkError::Transaction { error, .. }) = &outcome {
                return Err(ErrorObjectOwned::owned(
                    -32002,
                    format!("Transaction simulation failed: {error}"),
                    Some(simulation(&outcome)),
                ));
            }
        }
        self.process(&tx)?;
        Ok(json!(tx.signatures[0].to_string()))
    }
}

fn transaction_param(params: &Value) -> std::result::Result<Transaction, ErrorObjectOwned> {
    let tx = decode_transaction(params)?;
    // -32003, as a validator answers (RpcCustomError::TransactionSignatureVerificationFailure).
    tx.verify().map_err(|_| {
        ErrorObjectOwned::owned(
            -32003,
            "Transaction signature verification failure",
            None::<()>,
        )
    })?;
    Ok(tx)
}

/// The transaction of a sendTransaction / simulateTransaction request, decoded but not verified.
fn decode_transaction(params: &Value) -> std::result::Result<Transaction, ErrorObjectOwned> {
    let encoded = param(params, 0)
        .and_then(Value::as_str)
        .ok_or_else(|| invalid_params("parameter 0: expected an encoded transaction"))?;
    let encoding = encoding_of(config_param(params, 1));
    let bytes = match encoding {
        "base64" => base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|e| invalid_params(format!("invalid base64 transaction: {e}")))?,
        _ => bs58::decode(encoded)
            .into_vec()
            .map_err(|e| invalid_params(format!("invalid base58 transaction: {e}")))?,
    };
    let tx: solana_transaction::versioned::VersionedTransaction = bincode::deserialize(&bytes)
        .map_err(|e| invalid_params(format!("failed to deserialize transaction: {e}")))?;
    tx.into_legacy_transaction()
        .ok_or_else(versioned_unsupported)
}

/// Version 0 messages (address lookup tables) are not served here: docs/localnet.md lists the deviation.
fn versioned_unsupported() -> ErrorObjectOwned {
    invalid_params(
        "versioned (v0) transactions are not supported by the localnet; send a legacy transaction",
    )
}

/// The base64 legacy message of a getFeeForMessage request.
fn message_param(
    params: &Value,
) -> std::result::Result<solana_transaction::Message, ErrorObjectOwned> {
    let encoded = param(params, 0)
        .and_then(Value::as_str)
        .ok_or_else(|| invalid_params("parameter 0: expected a base64 message"))?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|e| invalid_params(format!("invalid base64 message: {e}")))?;
    match bincode::deserialize(&bytes)
        .map_err(|e| invalid_params(format!("failed to deserialize message: {e}")))?
    {
        solana_transaction::VersionedMessage::Legacy(message) => Ok(message),
        solana_transaction::VersionedMessage::V0(_) => Err(versioned_unsupported()),
    }
}

/// The `RpcSimulateTransactionResult` of an outcome: error, logs, units and return data.
fn simulation(outcome: &std::result::Result<Receipt, SdkError>) -> Value {
    let (err, logs, units, return_data) = match outcome {
        Ok(r) => (None, r.logs.clone(), r.compute_units, r.return_data.clone()),
        Err(SdkError::Transaction { error, logs }) => {
            (Some(error.clone()), logs.clone(), None, None)
        }
        Err(_) => (None, Vec::new(), None, None),
    };
    let logs = as_cluster_logs(logs);
    let err = err.as_ref().map(ui_error);
    json!({
        "err": err,
        "logs": logs,
        "accounts": Value::Null,
        "unitsConsumed": units,
        "returnData": return_data.map(|d| return_data_json(&d)),
    })
}

/// The native build's events are `Program log: EVENT <base64>` lines (its `emit!` is a no-op); a cluster runs
/// the SBF build, whose events are `Program data: <base64>`. The localnet serves them in the cluster's form, so
/// RPC clients read events as they would from a validator. Clients still take an event only inside the mutual
/// program's own invoke frame, so a line another program logged stays ignored.
fn as_cluster_logs(logs: Vec<String>) -> Vec<String> {
    logs.into_iter()
        .map(|line| match line.strip_prefix("Program log: EVENT ") {
            Some(data) => format!("Program data: {data}"),
            None => line,
        })
        .collect()
}

fn ui_error(error: &solana_transaction::TransactionError) -> Value {
    serde_json::to_value(
        solana_transaction_status_client_types::UiTransactionError::from(error.clone()),
    )
    .unwrap_or(Value::Null)
}

/// Return data as the RPC shows it. Only the mutual program sets any here (its views).
fn return_data_json(data: &[u8]) -> Value {
    json!({
        "programId": mutual::ID.to_string(),
        "data": [base64::engine::general_purpose::STANDARD.encode(data), "base64"],
    })
}
