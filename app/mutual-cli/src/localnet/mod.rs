//! `mutual localnet`: the embedded chain served over standard Solana JSON-RPC (HTTP) on 127.0.0.1, so the CLI,
//! `solana-rpc-client` and wallets talk to it as to a validator.
//!
//! The chain lives on one thread; the jsonrpsee server's handlers pass each request to it and wait for the
//! answer, so requests are served one at a time, in order, and a flood of them queues instead of racing.
//! Nothing the chain thread does can wait on the process's stdout (see `console`).
//!
//! Rooms: `node` (the chain thread's state and the dispatch), `accounts` (account reads), `transactions`
//! (send, simulate and the history), `blocks` (slots, blocks and the clock), `ledger` (the saved state),
//! `pubsub` (the websocket), `params` (reading requests, standard errors).
mod accounts;
mod blocks;
mod cluster;
mod cors;
mod ledger;
mod node;
mod params;
mod pubsub;
mod transactions;

pub use blocks::ClockMode;

use crate::{CliError, Result};
use anchor_lang::prelude::Pubkey;
use jsonrpsee::server::{RpcModule, Server, ServerConfig, ServerHandle};
use mutual_migrations::Deployment;
use mutual_sdk::Signer;
use node::Node;
use params::{internal, Reply};
use serde_json::Value;
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
    "getBlock",
    "getBlockTime",
    "getBlocks",
    "getBlocksWithLimit",
    "getFirstAvailableBlock",
    "minimumLedgerSlot",
    "getTransactionCount",
    "getSlotLeader",
    "getSlotLeaders",
    "getEpochSchedule",
    "getLeaderSchedule",
    "getBlockProduction",
    "getBlockCommitment",
    "getRecentPerformanceSamples",
    "getSupply",
    "getLargestAccounts",
    "getClusterNodes",
    "getVoteAccounts",
    "getStakeMinimumDelegation",
    "getInflationGovernor",
    "getInflationRate",
    "getInflationReward",
    "getMaxRetransmitSlot",
    "getMaxShredInsertSlot",
    "getHighestSnapshotSlot",
    "getTokenSupply",
    "getTokenLargestAccounts",
    "getTokenAccountsByDelegate",
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
    /// How the clock moves: with the wall clock (as a validator's), or only by warps.
    pub clock: ClockMode,
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
    /// The state came from a saved ledger (rather than a new bootstrap).
    pub restored: bool,
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
            restored,
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
                .set_http_middleware(tower::ServiceBuilder::new().layer(cors::CorsLayer))
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
            restored,
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

fn chain_thread(
    options: LocalnetOptions,
    events: tokio::sync::broadcast::Sender<pubsub::Event>,
    requests: mpsc::Receiver<Request>,
    ready: mpsc::Sender<Result<Started>>,
) {
    let opened = Node::open(&options, events).and_then(|(node, restored)| {
        let authority_key = match &node.ledger {
            Some(ledger) => Some(ledger.write_authority_key(node.chain.deployer())?),
            None => None,
        };
        let started = Started {
            deployment: node.deployment,
            authority: node.chain.deployer().pubkey(),
            authority_key,
            restored,
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
    loop {
        // Idle, the slots go on (wall mode), so subscribers see them and blockhashes expire as on a cluster.
        let request = match requests.recv_timeout(IDLE_TICK) {
            Ok(request) => request,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if let Err(e) = node.catch_up() {
                    eprintln!("localnet: the clock: {e}");
                }
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        // The working slot's clock follows the wall clock (in wall mode) before anything reads it.
        if let Err(e) = node.catch_up() {
            let _ = request
                .reply
                .send(Err(internal(&format!("the clock: {e}"))));
            continue;
        }
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
    restored: bool,
}

/// How long the chain thread waits for a request before it moves the idle slots on.
const IDLE_TICK: std::time::Duration = std::time::Duration::from_millis(blocks::SLOT_MS as u64);

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
