//! The chain thread's state: the embedded chain, its blocks and clock, the history of transactions, the test
//! price feeds, and the ledger it is saved to; and the dispatch of every method to its handler.
use super::accounts::TokenHolder;
use super::blocks::MAX_PRIORITIZATION_FEE_ACCOUNTS;
use super::blocks::{Blocks, ClockMode};
use super::ledger::{Ledger, SavedTransaction};
use super::params::{internal, invalid_params, param, pubkey_param, u64_param, Reply};
use super::transactions::Processed;
use super::{pubsub, LocalnetOptions, FAUCET_METHOD, PRICE_METHOD, WARP_METHOD};
use crate::{CliError, Result};
use anchor_lang::prelude::Pubkey;
use base64::Engine;
use jsonrpsee::types::ErrorObjectOwned;
use mutual_migrations::{bootstrap, BootstrapOptions, Deployment};
use mutual_sdk::prices::PythPrice;
use mutual_sdk::{EmbeddedChain, SdkError, Signer, Transport};
use serde_json::{json, Value};
use solana_rpc_client_api::config::{RpcBlockConfig, RpcEncodingConfigWrapper};
use solana_rpc_client_api::response::RpcPrioritizationFee;
use solana_transaction::versioned::VersionedTransaction;
use solana_transaction::Transaction;
use solana_transaction_status::{BlockEncodingOptions, ConfirmedBlock, TransactionWithStatusMeta};
use solana_transaction_status_client_types::{TransactionDetails, UiTransactionEncoding};
use std::collections::HashMap;

/// The test SOL/USD price a new localnet publishes: $150, with Pyth's 8 decimals.
const DEFAULT_SOL_USD_E8: i64 = 15_000_000_000;

/// getBlocks answers at most this many slots, as a validator.
const MAX_BLOCK_RANGE: u64 = 500_000;

/// Accounts the chain creates itself at start: sysvars and the loaders' (the program's ProgramData included).
const BUILT_IN_OWNERS: [Pubkey; 3] = [
    solana_sdk_ids::sysvar::ID,
    solana_sdk_ids::bpf_loader_upgradeable::ID,
    solana_sdk_ids::native_loader::ID,
];

/// What the chain thread keeps beside the chain.
pub struct Node {
    pub chain: EmbeddedChain,
    pub deployment: Deployment,
    pub ledger: Option<Ledger>,
    /// What each processed transaction did, for the PubSub subscriptions.
    pub events: tokio::sync::broadcast::Sender<pubsub::Event>,
    /// Every processed transaction by signature.
    pub history: HashMap<String, Processed>,
    pub blocks: Blocks,
    /// The test price feeds the localnet keeps fresh (those of the registered non-base assets).
    feeds: Vec<mutual_sdk::prices::FeedId>,
}

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

impl Node {
    /// Restores the saved ledger, or starts and bootstraps a new chain (and saves it). `restored` says which.
    pub fn open(
        options: &LocalnetOptions,
        events: tokio::sync::broadcast::Sender<pubsub::Event>,
    ) -> Result<(Self, bool)> {
        let ledger = match &options.ledger {
            Some(dir) => Some(Ledger::open(dir, options.reset)?),
            None => None,
        };
        let saved = match &ledger {
            Some(l) => l.load()?,
            None => None,
        };
        let Some(state) = saved else {
            let node = Self::bootstrap(options.clock, ledger, events)?;
            node.save()?;
            return Ok((node, false));
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
        let blocks = Blocks::restore(options.clock, &chain, state.blocks)?;
        let deployment = mutual_migrations::deployment(&chain)?;
        let history = state
            .history
            .into_iter()
            .map(|t| {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(&t.transaction)
                    .map_err(|e| CliError::Usage(format!("ledger: a transaction: {e}")))?;
                let transaction: VersionedTransaction = bincode::deserialize(&bytes)
                    .map_err(|e| CliError::Usage(format!("ledger: a transaction: {e}")))?;
                let processed = Processed {
                    seq: t.seq,
                    slot: t.slot,
                    block_time: t.block_time,
                    transaction,
                    meta: t.meta,
                };
                Ok((processed.signature(), processed))
            })
            .collect::<Result<HashMap<_, _>>>()?;
        let feeds = mutual_sdk::capital::assets(&chain)?
            .iter()
            .filter(|a| !a.is_base())
            .map(|a| a.pyth_feed_id)
            .collect();
        Ok((
            Node {
                chain,
                deployment,
                feeds,
                ledger,
                events,
                history,
                blocks,
            },
            true,
        ))
    }

    /// A new chain: bootstrapped with test USDC, the sample catalogue, and wrapped SOL valued by a test SOL/USD
    /// price at $150.
    fn bootstrap(
        clock: ClockMode,
        ledger: Option<Ledger>,
        events: tokio::sync::broadcast::Sender<pubsub::Event>,
    ) -> Result<Self> {
        let chain = EmbeddedChain::start()?;
        let deployer = chain.deployer().insecure_clone();
        let deployment = bootstrap(
            &chain,
            &deployer,
            &BootstrapOptions::test_usdc(&deployer.pubkey()),
        )?;
        list_sample_products(&chain, &deployer)?;
        mutual_migrations::register_wrapped_sol(&chain, &deployer)?;
        let now = chain.unix_timestamp()?;
        let feed = mutual_sdk::prices::sol_usd_feed();
        let address = chain.set_price(feed, PythPrice::usd(DEFAULT_SOL_USD_E8, now))?;
        chain.remember([address])?;
        let blocks = Blocks::start(clock, &chain)?;
        Ok(Node {
            chain,
            deployment,
            ledger,
            events,
            history: HashMap::new(),
            blocks,
            feeds: vec![feed],
        })
    }

    /// Republishes every test price with the chain's current time, unchanged otherwise: the local stand-in for
    /// Pyth's push oracle, which keeps its feeds fresh on a cluster.
    pub fn keep_prices_fresh(&self) -> Result<()> {
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

    /// Writes every account a transaction has named (programs and sysvars aside), the keys, the blocks and the
    /// history to the ledger, if there is one.
    pub fn save(&self) -> Result<()> {
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
        let mut history = self
            .history
            .values()
            .map(|p| {
                Ok(SavedTransaction {
                    seq: p.seq,
                    slot: p.slot,
                    block_time: p.block_time,
                    transaction: base64::engine::general_purpose::STANDARD.encode(
                        bincode::serialize(&p.transaction)
                            .map_err(|e| CliError::Usage(e.to_string()))?,
                    ),
                    meta: p.meta.clone(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        history.sort_by_key(|t| t.seq);
        ledger.save(
            self.chain.deployer(),
            &accounts,
            history,
            self.blocks.saved(),
        )
    }

    /// Signs `ixs` by `payer` against the latest blockhash and processes them as any sent transaction; returns the
    /// signature. A transaction that fails is an error.
    fn sign_and_process(
        &mut self,
        ixs: &[anchor_lang::solana_program::instruction::Instruction],
        payer: &mutual_sdk::Keypair,
    ) -> std::result::Result<String, ErrorObjectOwned> {
        let blockhash = self.chain.latest_blockhash().map_err(Self::sdk)?;
        let tx =
            Transaction::new_signed_with_payer(ixs, Some(&payer.pubkey()), &[payer], blockhash);
        let signature = tx.signatures[0].to_string();
        self.simulate_and_process(&tx.into())?;
        match self
            .history
            .get(&signature)
            .and_then(|p| p.meta.err.clone())
        {
            None => Ok(signature),
            Some(e) => Err(internal(&format!("{signature} failed: {e}"))),
        }
    }

    /// Closes the working slot as a block and tells the subscriptions.
    pub fn close_slot(&mut self) -> std::result::Result<(), ErrorObjectOwned> {
        let (slot, parent) = self
            .blocks
            .close_slot(&self.chain)
            .map_err(|e| internal(&e.to_string()))?;
        let _ = self.events.send(pubsub::Event::Slot { slot, parent });
        Ok(())
    }

    /// Catches the working slot up with the wall clock (wall mode), telling the subscriptions of every slot
    /// closed on the way.
    pub fn catch_up(&mut self) -> Result<()> {
        for (slot, parent) in self.blocks.catch_up(&self.chain)? {
            let _ = self.events.send(pubsub::Event::Slot { slot, parent });
        }
        Ok(())
    }

    pub fn context(&self, value: Value) -> Value {
        json!({ "context": { "slot": self.blocks.slot(), "apiVersion": "3.1.12" }, "value": value })
    }

    pub fn sdk(e: SdkError) -> ErrorObjectOwned {
        internal(&e.to_string())
    }

    pub fn handle(&mut self, method: &str, params: &Value) -> Reply {
        if let Some(reply) = self.handle_cluster(method, params) {
            return reply;
        }
        match method {
            "getAccountInfo" => self.get_account_info(params),
            "getMultipleAccounts" => self.get_multiple_accounts(params),
            "getProgramAccounts" => self.get_program_accounts(params),
            "getTokenAccountBalance" => self.get_token_account_balance(params),
            "getTokenAccountsByOwner" => self.get_token_accounts_by(TokenHolder::Owner, params),
            "getTokenAccountsByDelegate" => {
                self.get_token_accounts_by(TokenHolder::Delegate, params)
            }
            "getTokenSupply" => self.get_token_supply(params),
            "getTokenLargestAccounts" => self.get_token_largest_accounts(params),
            "getBalance" => self.get_balance(params),
            "getMinimumBalanceForRentExemption" => {
                let len = u64_param(params, 0, "a data length")?;
                let len =
                    usize::try_from(len).map_err(|_| invalid_params("data length too large"))?;
                Ok(json!(self.chain.minimum_balance(len).map_err(Self::sdk)?))
            }
            "getLatestBlockhash" => {
                let (hash, height) = self
                    .chain
                    .latest_blockhash_with_height()
                    .map_err(Self::sdk)?;
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
            "getSlot" => Ok(json!(self.blocks.slot())),
            "getBlockHeight" => Ok(json!(self.blocks.block_height())),
            "getEpochInfo" => {
                let clock = self.chain.clock().map_err(Self::sdk)?;
                let schedule = self.chain.epoch_schedule().map_err(Self::sdk)?;
                let slot = self.blocks.slot();
                let (epoch, index) = schedule.get_epoch_and_slot_index(slot);
                Ok(json!({
                    "absoluteSlot": slot,
                    "blockHeight": self.blocks.block_height(),
                    "epoch": epoch.max(clock.epoch),
                    "slotIndex": index,
                    "slotsInEpoch": schedule.get_slots_in_epoch(epoch),
                    "transactionCount": self.history.len(),
                }))
            }
            "getBlock" => self.get_block(params),
            "getBlockTime" => self.blocks.block_time(u64_param(params, 0, "a slot")?),
            "getBlocks" => {
                let start = u64_param(params, 0, "a start slot")?;
                let end = param(params, 1)
                    .and_then(Value::as_u64)
                    .unwrap_or_else(|| self.blocks.slot());
                if end.saturating_sub(start) > MAX_BLOCK_RANGE {
                    return Err(invalid_params(format!(
                        "Slot range too large; max {MAX_BLOCK_RANGE}"
                    )));
                }
                Ok(json!(self.blocks.slots(start, end, usize::MAX)))
            }
            "getBlocksWithLimit" => {
                let start = u64_param(params, 0, "a start slot")?;
                let limit = u64_param(params, 1, "a limit")?;
                if limit > MAX_BLOCK_RANGE {
                    return Err(invalid_params(format!(
                        "Limit too large; max {MAX_BLOCK_RANGE}"
                    )));
                }
                let limit = usize::try_from(limit).unwrap_or(usize::MAX);
                Ok(json!(self.blocks.slots(start, u64::MAX, limit)))
            }
            "getFirstAvailableBlock" | "minimumLedgerSlot" => Ok(json!(self.blocks.first_slot())),
            "getTransactionCount" => Ok(json!(self.history.len())),
            "getGenesisHash" => Ok(json!(self.blocks.genesis_hash)),
            "getVersion" => Ok(json!({ "solana-core": "3.1.12", "feature-set": 0 })),
            "getHealth" => Ok(json!("ok")),
            "getIdentity" => Ok(json!({ "identity": self.chain.deployer().pubkey().to_string() })),
            "getSlotLeader" => Ok(json!(self.chain.deployer().pubkey().to_string())),
            "getFeeForMessage" => self.get_fee_for_message(params),
            "getRecentPrioritizationFees" => {
                let accounts: Vec<String> = match param(params, 0) {
                    None | Some(Value::Null) => Vec::new(),
                    Some(_) => super::params::pubkeys_param(params, 0)?
                        .iter()
                        .map(Pubkey::to_string)
                        .collect(),
                };
                if accounts.len() > MAX_PRIORITIZATION_FEE_ACCOUNTS {
                    return Err(invalid_params(format!(
                        "Too many inputs provided; max {}",
                        MAX_PRIORITIZATION_FEE_ACCOUNTS
                    )));
                }
                let fees: Vec<RpcPrioritizationFee> = self
                    .blocks
                    .prioritization_fees(&accounts)
                    .into_iter()
                    .map(|(slot, prioritization_fee)| RpcPrioritizationFee {
                        slot,
                        prioritization_fee,
                    })
                    .collect();
                serde_json::to_value(fees).map_err(|e| internal(&e.to_string()))
            }
            "sendTransaction" => self.send_transaction(params),
            "simulateTransaction" => self.simulate_transaction(params),
            "getSignaturesForAddress" => self.get_signatures_for_address(params),
            "getTransaction" => self.get_transaction(params),
            "getSignatureStatuses" => self.get_signature_statuses(params),
            "requestAirdrop" => {
                let to = pubkey_param(params, 0)?;
                let lamports = u64_param(params, 1, "lamports")?;
                let deployer = self.chain.deployer().insecure_clone();
                let transfer = anchor_lang::solana_program::system_instruction::transfer(
                    &deployer.pubkey(),
                    &to,
                    lamports,
                );
                Ok(json!(self.sign_and_process(&[transfer], &deployer)?))
            }
            WARP_METHOD => {
                let seconds = param(params, 0)
                    .and_then(Value::as_i64)
                    .filter(|s| *s > 0)
                    .ok_or_else(|| {
                        invalid_params("parameter 0: expected a positive number of seconds")
                    })?;
                let (slot, parent) = self
                    .blocks
                    .warp(&self.chain, seconds)
                    .map_err(|e| internal(&e.to_string()))?;
                let _ = self.events.send(pubsub::Event::Slot { slot, parent });
                Ok(json!(self.chain.unix_timestamp().map_err(Self::sdk)?))
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
                // Real transactions from the deployer: the history, the blocks and the subscriptions see them.
                if lamports > 0 {
                    let transfer = anchor_lang::solana_program::system_instruction::transfer(
                        &deployer.pubkey(),
                        &to,
                        lamports,
                    );
                    self.sign_and_process(&[transfer], &deployer)?;
                }
                let mint = self
                    .deployment
                    .faucet_instructions(&deployer, &to, usdc)
                    .map_err(Self::sdk)?;
                self.sign_and_process(&mint, &deployer)?;
                Ok(json!(self.deployment.base_account(&to).to_string()))
            }
            other => Err(ErrorObjectOwned::owned(
                -32601,
                format!("Method not found: {other}"),
                None::<()>,
            )),
        }
    }

    /// getBlock: a block's hash, parent, height, time and transactions, in the encoding and detail asked for.
    fn get_block(&self, params: &Value) -> Reply {
        let slot = u64_param(params, 0, "a slot")?;
        let config = match param(params, 1) {
            None | Some(Value::Null) => RpcBlockConfig::default(),
            Some(c) => {
                serde_json::from_value::<RpcEncodingConfigWrapper<RpcBlockConfig>>(c.clone())
                    .map_err(|e| invalid_params(format!("parameter 1: {e}")))?
                    .convert_to_current()
            }
        };
        let block = self.blocks.block(slot)?;
        let confirmed = ConfirmedBlock {
            previous_blockhash: block.previous_blockhash.clone(),
            blockhash: block.blockhash.clone(),
            parent_slot: block.parent_slot,
            transactions: block
                .signatures
                .iter()
                .filter_map(|s| self.history.get(s))
                .map(|p| TransactionWithStatusMeta::Complete(p.with_status_meta()))
                .collect(),
            rewards: Vec::new(),
            num_partitions: None,
            block_time: Some(block.block_time),
            block_height: Some(block.block_height),
        };
        let encoded = confirmed
            .encode_with_options(
                config.encoding.unwrap_or(UiTransactionEncoding::Json),
                BlockEncodingOptions {
                    transaction_details: config
                        .transaction_details
                        .unwrap_or(TransactionDetails::Full),
                    show_rewards: config.rewards.unwrap_or(true),
                    max_supported_transaction_version: config.max_supported_transaction_version,
                },
            )
            .map_err(|e| super::params::custom(e.into()))?;
        serde_json::to_value(encoded).map_err(|e| internal(&e.to_string()))
    }
}
