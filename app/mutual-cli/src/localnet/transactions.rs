//! Transactions: sendTransaction and simulateTransaction (legacy and version 0, with address lookup tables),
//! what the localnet records of each processed one, and getTransaction, getSignatureStatuses and
//! getSignaturesForAddress in the standard shapes (solana-transaction-status's own encoders, so json,
//! jsonParsed, base58 and base64 read as from a validator).
use super::accounts::token_account;
use super::blocks::PriorityFee;
use super::node::Node;
use super::params::{config, custom, internal, invalid_params, param, Reply};
use super::pubsub;
use anchor_lang::prelude::Pubkey;
use base64::Engine;
use jsonrpsee::types::ErrorObjectOwned;
use mutual_sdk::Transport;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use solana_account_decoder::parse_account_data::SplTokenAdditionalDataV2;
use solana_account_decoder::parse_token::token_amount_to_ui_amount_v3;
use solana_account_decoder::{encode_ui_account, UiAccountEncoding};
use solana_banks_interface::BanksTransactionResultWithSimulation;
use solana_message::compiled_instruction::CompiledInstruction;
use solana_message::v0::LoadedAddresses;
use solana_message::{AccountKeys, VersionedMessage};
use solana_rpc_client_api::config::{
    RpcEncodingConfigWrapper, RpcSendTransactionConfig, RpcSignaturesForAddressConfig,
    RpcSimulateTransactionConfig, RpcTransactionConfig,
};
use solana_rpc_client_api::custom_error::RpcCustomError;
use solana_rpc_client_api::response::{
    RpcBlockhash, RpcConfirmedTransactionStatusWithSignature, RpcSimulateTransactionResult,
};
use solana_transaction::versioned::VersionedTransaction;
use solana_transaction::TransactionError;
use solana_transaction_status::{
    map_inner_instructions, parse_ui_inner_instructions, ConfirmedTransactionWithStatusMeta,
    TransactionWithStatusMeta, VersionedTransactionWithStatusMeta,
};
use solana_transaction_status_client_types::{
    InnerInstructions, TransactionConfirmationStatus, TransactionStatus, TransactionStatusMeta,
    TransactionTokenBalance, UiTransactionEncoding, UiTransactionError,
};

/// The address lookup table program's account header: what precedes the addresses in a table's data.
const LOOKUP_TABLE_META_SIZE: usize = 56;

/// What the localnet keeps of a processed transaction (and saves in the ledger).
#[derive(Clone, Debug)]
pub struct Processed {
    /// Order of processing: getSignaturesForAddress answers newest first.
    pub seq: u64,
    pub slot: u64,
    pub block_time: i64,
    pub transaction: VersionedTransaction,
    pub meta: Meta,
}

/// The status meta of a processed transaction, in a form the ledger can save.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Meta {
    pub err: Option<TransactionError>,
    pub fee: u64,
    pub pre_balances: Vec<u64>,
    pub post_balances: Vec<u64>,
    pub logs: Vec<String>,
    /// From the transaction's simulation in the same state (the bank's processing does not report them).
    pub inner_instructions: Option<Vec<InnerInstructions>>,
    pub pre_token_balances: Vec<TokenBalance>,
    pub post_token_balances: Vec<TokenBalance>,
    pub loaded_writable: Vec<String>,
    pub loaded_readonly: Vec<String>,
    /// The program that set return data, and the data.
    pub return_data: Option<(String, Vec<u8>)>,
    pub compute_units: u64,
}

/// A token account's balance before or after a transaction (index among the transaction's accounts).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct TokenBalance {
    pub index: u8,
    pub mint: String,
    pub owner: String,
    pub program: String,
    pub amount: u64,
    pub decimals: u8,
}

impl TokenBalance {
    fn status(&self) -> TransactionTokenBalance {
        TransactionTokenBalance {
            account_index: self.index,
            mint: self.mint.clone(),
            ui_token_amount: token_amount_to_ui_amount_v3(
                self.amount,
                &SplTokenAdditionalDataV2 {
                    decimals: self.decimals,
                    ..SplTokenAdditionalDataV2::default()
                },
            ),
            owner: self.owner.clone(),
            program_id: self.program.clone(),
        }
    }
}

fn keys(list: &[String]) -> Vec<Pubkey> {
    list.iter().filter_map(|k| k.parse().ok()).collect()
}

impl Meta {
    pub fn loaded_addresses(&self) -> LoadedAddresses {
        LoadedAddresses {
            writable: keys(&self.loaded_writable),
            readonly: keys(&self.loaded_readonly),
        }
    }

    /// The meta as solana-transaction-status encodes it; rewards are none.
    pub fn status_meta(&self) -> TransactionStatusMeta {
        TransactionStatusMeta {
            status: self.err.clone().map_or(Ok(()), Err),
            fee: self.fee,
            pre_balances: self.pre_balances.clone(),
            post_balances: self.post_balances.clone(),
            inner_instructions: self.inner_instructions.clone(),
            log_messages: Some(self.logs.clone()),
            pre_token_balances: Some(
                self.pre_token_balances
                    .iter()
                    .map(TokenBalance::status)
                    .collect(),
            ),
            post_token_balances: Some(
                self.post_token_balances
                    .iter()
                    .map(TokenBalance::status)
                    .collect(),
            ),
            rewards: Some(Vec::new()),
            loaded_addresses: self.loaded_addresses(),
            return_data: self.return_data.as_ref().and_then(|(program, data)| {
                Some(solana_transaction_context::TransactionReturnData {
                    program_id: program.parse().ok()?,
                    data: data.clone(),
                })
            }),
            compute_units_consumed: Some(self.compute_units),
            cost_units: None,
        }
    }
}

impl Processed {
    pub fn signature(&self) -> String {
        self.transaction.signatures[0].to_string()
    }

    /// Every account the transaction loaded: its own, then its lookup tables' writable and read-only ones.
    pub fn keys(&self) -> Vec<Pubkey> {
        all_keys(&self.transaction.message, &self.meta.loaded_addresses())
    }

    /// getSignatureStatuses' entry: every processed transaction is final at once.
    pub fn status(&self) -> Value {
        serde_json::to_value(TransactionStatus {
            slot: self.slot,
            confirmations: None,
            status: self.meta.err.clone().map_or(Ok(()), Err),
            err: self.meta.err.clone(),
            confirmation_status: Some(TransactionConfirmationStatus::Finalized),
        })
        .unwrap_or(Value::Null)
    }

    pub fn with_status_meta(&self) -> VersionedTransactionWithStatusMeta {
        VersionedTransactionWithStatusMeta {
            transaction: self.transaction.clone(),
            meta: self.meta.status_meta(),
        }
    }

    /// getTransaction's answer in `encoding`; a version-0 transaction to a client that did not say it reads
    /// them is -32015, as a validator answers.
    pub fn encode(&self, encoding: UiTransactionEncoding, max_version: Option<u8>) -> Reply {
        let confirmed = ConfirmedTransactionWithStatusMeta {
            slot: self.slot,
            tx_with_meta: TransactionWithStatusMeta::Complete(self.with_status_meta()),
            block_time: Some(self.block_time),
        };
        let encoded = confirmed
            .encode(encoding, max_version)
            .map_err(|e| custom(e.into()))?;
        serde_json::to_value(encoded).map_err(|e| internal(&e.to_string()))
    }
}

fn all_keys(message: &VersionedMessage, loaded: &LoadedAddresses) -> Vec<Pubkey> {
    message
        .static_account_keys()
        .iter()
        .chain(&loaded.writable)
        .chain(&loaded.readonly)
        .copied()
        .collect()
}

/// The transaction of a sendTransaction / simulateTransaction request in `encoding` (base58 by default, as the
/// standard says), decoded but not verified.
fn decode_transaction(
    params: &Value,
    encoding: Option<UiTransactionEncoding>,
) -> std::result::Result<VersionedTransaction, ErrorObjectOwned> {
    let encoded = param(params, 0)
        .and_then(Value::as_str)
        .ok_or_else(|| invalid_params("parameter 0: expected an encoded transaction"))?;
    let bytes = match encoding.unwrap_or(UiTransactionEncoding::Base58) {
        UiTransactionEncoding::Base64 => base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|e| invalid_params(format!("invalid base64 transaction: {e}")))?,
        UiTransactionEncoding::Base58 | UiTransactionEncoding::Binary => bs58::decode(encoded)
            .into_vec()
            .map_err(|e| invalid_params(format!("invalid base58 transaction: {e}")))?,
        other => {
            return Err(invalid_params(format!(
                "unsupported encoding: {other}. Supported encodings: base58, base64"
            )))
        }
    };
    bincode::deserialize(&bytes)
        .map_err(|e| invalid_params(format!("failed to deserialize transaction: {e}")))
}

/// -32003, as a validator answers a signature that does not verify.
fn verify(tx: &VersionedTransaction) -> std::result::Result<(), ErrorObjectOwned> {
    if tx.signatures.is_empty() || !tx.verify_with_results().into_iter().all(|ok| ok) {
        return Err(custom(
            RpcCustomError::TransactionSignatureVerificationFailure,
        ));
    }
    Ok(())
}

/// The compute-unit price a message sets (ComputeBudgetInstruction::SetComputeUnitPrice: tag 3, a u64), 0 if
/// none.
pub fn compute_unit_price(message: &VersionedMessage) -> u64 {
    let keys = message.static_account_keys();
    message
        .instructions()
        .iter()
        .filter(|ix| {
            keys.get(usize::from(ix.program_id_index)) == Some(&solana_sdk_ids::compute_budget::ID)
        })
        .filter_map(|ix| match ix.data.as_slice() {
            [3, price @ ..] => <[u8; 8]>::try_from(price).ok().map(u64::from_le_bytes),
            _ => None,
        })
        .next_back()
        .unwrap_or_default()
}

/// A legacy message with the same fee as `message`: the fee depends on the signatures, the programs called and
/// their compute-budget instructions, not on the accounts, so a version-0 message's own keys with its
/// instructions' loaded accounts left out price the same.
fn fee_message(message: &VersionedMessage) -> solana_transaction::Message {
    match message {
        VersionedMessage::Legacy(m) => m.clone(),
        VersionedMessage::V0(m) => {
            let count = m.account_keys.len();
            solana_transaction::Message {
                header: m.header,
                account_keys: m.account_keys.clone(),
                recent_blockhash: m.recent_blockhash,
                instructions: m
                    .instructions
                    .iter()
                    .map(|ix| CompiledInstruction {
                        program_id_index: ix.program_id_index,
                        accounts: ix
                            .accounts
                            .iter()
                            .copied()
                            .filter(|i| usize::from(*i) < count)
                            .collect(),
                        data: ix.data.clone(),
                    })
                    .collect(),
            }
        }
    }
}

impl Node {
    /// The fee the bank charges for `message`, or `None` when its blockhash is unknown.
    pub fn fee(
        &self,
        message: &VersionedMessage,
    ) -> std::result::Result<Option<u64>, ErrorObjectOwned> {
        self.chain
            .fee_for_message(&fee_message(message))
            .map_err(Self::sdk)
    }

    /// The addresses a version-0 message's lookup tables load, read from the tables as they are; none for a
    /// legacy message, or when a table or an index is missing (the bank then refuses the transaction).
    fn loaded_addresses(&self, message: &VersionedMessage) -> LoadedAddresses {
        let VersionedMessage::V0(m) = message else {
            return LoadedAddresses::default();
        };
        let mut loaded = LoadedAddresses::default();
        for lookup in &m.address_table_lookups {
            let Ok(Some(table)) = self.chain.get_account(&lookup.account_key) else {
                return LoadedAddresses::default();
            };
            let addresses: Vec<Pubkey> = match table.data.get(LOOKUP_TABLE_META_SIZE..) {
                Some(data) if table.owner == solana_sdk_ids::address_lookup_table::ID => data
                    .chunks_exact(32)
                    .filter_map(|c| <[u8; 32]>::try_from(c).ok().map(Pubkey::from))
                    .collect(),
                _ => return LoadedAddresses::default(),
            };
            for (indexes, into) in [
                (&lookup.writable_indexes, &mut loaded.writable),
                (&lookup.readonly_indexes, &mut loaded.readonly),
            ] {
                for i in indexes {
                    match addresses.get(usize::from(*i)) {
                        Some(address) => into.push(*address),
                        None => return LoadedAddresses::default(),
                    }
                }
            }
        }
        loaded
    }

    /// The token balances among `accounts`, by their index in the transaction.
    fn token_balances(&self, accounts: &[Option<solana_account::Account>]) -> Vec<TokenBalance> {
        accounts
            .iter()
            .enumerate()
            .filter_map(|(index, account)| {
                let account = account.as_ref()?;
                let token = token_account(account)?;
                Some(TokenBalance {
                    index: u8::try_from(index).ok()?,
                    mint: token.mint.to_string(),
                    owner: token.owner.to_string(),
                    program: account.owner.to_string(),
                    amount: token.amount,
                    decimals: self.token_decimals(account)?,
                })
            })
            .collect()
    }

    /// Processes a signed transaction in the working slot, records what it did (a failed one too, as a validator
    /// records it), tells the subscriptions and closes the slot. `simulated` is the transaction's simulation in
    /// the same state, which gives the inner instructions the bank's processing does not report. A transaction
    /// the bank does not take at all (an unknown blockhash, one already processed) is not recorded: its error is
    /// returned.
    pub fn process(
        &mut self,
        tx: &VersionedTransaction,
        simulated: &BanksTransactionResultWithSimulation,
    ) -> std::result::Result<(), TransactionError> {
        let loaded = self.loaded_addresses(&tx.message);
        let keys = all_keys(&tx.message, &loaded);
        let read = |node: &Node| node.chain.get_multiple_accounts(&keys).unwrap_or_default();
        let before = read(self);
        let fee = self.fee(&tx.message).ok().flatten().unwrap_or_default();
        let clock = self
            .chain
            .clock()
            .map_err(|_| TransactionError::ClusterMaintenance)?;
        let outcome = self
            .chain
            .process_versioned(tx)
            .map_err(|_| TransactionError::ClusterMaintenance)?;
        let Some(metadata) = outcome.metadata else {
            return Err(outcome
                .result
                .err()
                .unwrap_or(TransactionError::ClusterMaintenance));
        };
        let _ = self.chain.remember(keys.iter().copied());
        let after = read(self);
        let lamports = |accounts: &[Option<solana_account::Account>]| -> Vec<u64> {
            (0..keys.len())
                .map(|i| {
                    accounts
                        .get(i)
                        .and_then(Option::as_ref)
                        .map_or(0, |a| a.lamports)
                })
                .collect()
        };
        let logs = as_cluster_logs(metadata.log_messages);
        let inner = simulated
            .simulation_details
            .as_ref()
            .and_then(|d| d.inner_instructions.clone())
            .map(|list| map_inner_instructions(list).collect());
        let meta = Meta {
            err: outcome.result.err(),
            fee,
            pre_balances: lamports(&before),
            post_balances: lamports(&after),
            logs: logs.clone(),
            inner_instructions: inner,
            pre_token_balances: self.token_balances(&before),
            post_token_balances: self.token_balances(&after),
            loaded_writable: loaded.writable.iter().map(Pubkey::to_string).collect(),
            loaded_readonly: loaded.readonly.iter().map(Pubkey::to_string).collect(),
            return_data: metadata
                .return_data
                .map(|r| (r.program_id.to_string(), r.data)),
            compute_units: metadata.compute_units_consumed,
        };
        let writable = keys
            .iter()
            .enumerate()
            .filter(|(i, _)| is_writable(&tx.message, &loaded, *i))
            .map(|(_, k)| k.to_string())
            .collect();
        let record = Processed {
            seq: self.history.len() as u64,
            slot: clock.slot,
            block_time: clock.unix_timestamp,
            transaction: tx.clone(),
            meta,
        };
        let signature = record.signature();
        self.blocks.add(
            signature.clone(),
            PriorityFee {
                price: compute_unit_price(&tx.message),
                writable,
            },
        );
        let err = record
            .meta
            .err
            .clone()
            .map_or(Value::Null, |e| ui_error(&e));
        self.history.insert(signature.clone(), record);
        // Nobody listening is fine: the send fails only without subscribers.
        let _ = self
            .events
            .send(pubsub::Event::Transaction(pubsub::Processed {
                signature,
                slot: clock.slot,
                err,
                logs,
                accounts: keys.iter().copied().zip(after).collect(),
            }));
        if let Err(e) = self.close_slot() {
            log_to_stderr(&format!("closing slot {}: {}", clock.slot, e.message()));
        }
        Ok(())
    }

    /// Simulates, then processes `tx` in the working slot (see `process`).
    pub fn simulate_and_process(
        &mut self,
        tx: &VersionedTransaction,
    ) -> std::result::Result<(), ErrorObjectOwned> {
        let simulated = self.chain.simulate_versioned(tx).map_err(Self::sdk)?;
        self.process(tx, &simulated)
            .map_err(|e| internal(&e.to_string()))
    }

    /// sendTransaction: the preflight (unless `skipPreflight`) refuses a failing transaction with -32002 and its
    /// simulation, as a validator does, and commits nothing; otherwise the transaction is processed. One the bank
    /// does not take with the preflight skipped is dropped, as a validator drops it: its signature is returned and
    /// it never lands.
    pub fn send_transaction(&mut self, params: &Value) -> Reply {
        let config: RpcSendTransactionConfig = config(params, 1)?;
        let tx = decode_transaction(params, config.encoding)?;
        verify(&tx)?;
        let simulated = self.chain.simulate_versioned(&tx).map_err(Self::sdk)?;
        if !config.skip_preflight {
            let simulation = self.simulation_result(&tx, simulated.clone(), false)?;
            if let Some(err) = &simulation.err {
                let error: TransactionError = err.clone().into();
                return Err(custom(RpcCustomError::SendTransactionPreflightFailure {
                    message: format!("Transaction simulation failed: {error}"),
                    result: simulation,
                }));
            }
        }
        let _ = self.process(&tx, &simulated);
        Ok(json!(tx.signatures[0].to_string()))
    }

    /// What simulating `tx` gives, as RpcSimulateTransactionResult: the error, logs, units (0 when it did not
    /// load), return data, the fee, and with `inner` the inner instructions.
    fn simulation_result(
        &self,
        tx: &VersionedTransaction,
        outcome: BanksTransactionResultWithSimulation,
        inner: bool,
    ) -> std::result::Result<RpcSimulateTransactionResult, ErrorObjectOwned> {
        let details = outcome.simulation_details;
        let loaded = self.loaded_addresses(&tx.message);
        let err = outcome
            .result
            .and_then(Result::err)
            .map(UiTransactionError::from);
        let account_keys = AccountKeys::new(tx.message.static_account_keys(), Some(&loaded));
        Ok(RpcSimulateTransactionResult {
            err,
            logs: Some(as_cluster_logs(
                details.as_ref().map(|d| d.logs.clone()).unwrap_or_default(),
            )),
            accounts: None,
            units_consumed: Some(details.as_ref().map_or(0, |d| d.units_consumed)),
            loaded_accounts_data_size: details.as_ref().map(|d| d.loaded_accounts_data_size),
            return_data: details
                .as_ref()
                .and_then(|d| d.return_data.clone())
                .map(Into::into),
            inner_instructions: inner.then(|| {
                map_inner_instructions(
                    details
                        .as_ref()
                        .and_then(|d| d.inner_instructions.clone())
                        .unwrap_or_default(),
                )
                .map(|i| parse_ui_inner_instructions(i, &account_keys))
                .collect()
            }),
            replacement_blockhash: None,
            fee: self.fee(&tx.message)?,
            pre_balances: None,
            post_balances: None,
            pre_token_balances: None,
            post_token_balances: None,
            loaded_addresses: None,
        })
    }

    /// simulateTransaction: `sigVerify` (off by default, -32003 when it fails), `replaceRecentBlockhash`,
    /// `innerInstructions`, and `accounts` as the transaction would leave them.
    pub fn simulate_transaction(&mut self, params: &Value) -> Reply {
        let config: RpcSimulateTransactionConfig = config(params, 1)?;
        let mut tx = decode_transaction(params, config.encoding)?;
        if config.sig_verify {
            verify(&tx)?;
        }
        let mut replacement = None;
        if config.replace_recent_blockhash {
            if config.sig_verify {
                return Err(invalid_params(
                    "sigVerify may not be used with replaceRecentBlockhash",
                ));
            }
            let (hash, last_valid_block_height) = self
                .chain
                .latest_blockhash_with_height()
                .map_err(Self::sdk)?;
            tx.message.set_recent_blockhash(hash);
            replacement = Some(RpcBlockhash {
                blockhash: hash.to_string(),
                last_valid_block_height,
            });
        }
        let outcome = self.chain.simulate_versioned(&tx).map_err(Self::sdk)?;
        let mut result = self.simulation_result(&tx, outcome, config.inner_instructions)?;
        result.replacement_blockhash = replacement;
        if let Some(asked) = &config.accounts {
            let addresses = asked
                .addresses
                .iter()
                .map(|a| a.parse())
                .collect::<std::result::Result<Vec<Pubkey>, _>>()
                .map_err(|_| invalid_params("accounts.addresses: expected base58 public keys"))?;
            let encoding = asked.encoding.unwrap_or(UiAccountEncoding::Base64);
            let after = self.accounts_after(&tx, &addresses)?;
            result.accounts = Some(
                addresses
                    .iter()
                    .zip(after)
                    .map(|(address, account)| {
                        account.map(|a| encode_ui_account(address, &a, encoding, None, None))
                    })
                    .collect(),
            );
        }
        Ok(self.context(serde_json::to_value(result).map_err(|e| internal(&e.to_string()))?))
    }

    /// `addresses` as `tx` would leave them: the transaction runs on a copy signed against another recent
    /// blockhash (never the transaction itself, which can still be sent once), then everything is put back.
    fn accounts_after(
        &mut self,
        tx: &VersionedTransaction,
        addresses: &[Pubkey],
    ) -> std::result::Result<Vec<Option<solana_account::Account>>, ErrorObjectOwned> {
        let own = *tx.message.recent_blockhash();
        let other = match self.blocks.recent_blockhash_other_than(&own.to_string()) {
            Some(hash) => hash,
            None => {
                self.blocks
                    .close_slot(&self.chain)
                    .map_err(|e| internal(&e.to_string()))?;
                self.chain.latest_blockhash().map_err(Self::sdk)?
            }
        };
        let named = all_keys(&tx.message, &self.loaded_addresses(&tx.message));
        let (_, after) = self
            .chain
            .simulate_with_accounts(tx, &named, addresses, other)
            .map_err(Self::sdk)?;
        Ok(after)
    }

    pub fn get_transaction(&self, params: &Value) -> Reply {
        let signature = param(params, 0)
            .and_then(Value::as_str)
            .ok_or_else(|| invalid_params("parameter 0: expected a signature"))?;
        let config = match param(params, 1) {
            None | Some(Value::Null) => RpcTransactionConfig::default(),
            Some(c) => {
                serde_json::from_value::<RpcEncodingConfigWrapper<RpcTransactionConfig>>(c.clone())
                    .map_err(|e| invalid_params(format!("parameter 1: {e}")))?
                    .convert_to_current()
            }
        };
        match self.history.get(signature) {
            None => Ok(Value::Null),
            Some(p) => p.encode(
                config.encoding.unwrap_or(UiTransactionEncoding::Json),
                config.max_supported_transaction_version,
            ),
        }
    }

    pub fn get_signature_statuses(&self, params: &Value) -> Reply {
        let signatures = param(params, 0)
            .and_then(Value::as_array)
            .ok_or_else(|| invalid_params("parameter 0: expected an array of signatures"))?;
        let values: Vec<Value> = signatures
            .iter()
            .map(|s| {
                s.as_str()
                    .and_then(|s| self.history.get(s))
                    .map_or(Value::Null, Processed::status)
            })
            .collect();
        Ok(self.context(Value::Array(values)))
    }

    /// The transactions that loaded `address`, newest first, from `before` (exclusive) back to `until`
    /// (exclusive), at most `limit` (1,000 by default and at most, as a validator).
    pub fn get_signatures_for_address(&self, params: &Value) -> Reply {
        let address = super::params::pubkey_param(params, 0)?;
        let config: RpcSignaturesForAddressConfig = config(params, 1)?;
        let mut named: Vec<&Processed> = self
            .history
            .values()
            .filter(|p| p.keys().contains(&address))
            .collect();
        named.sort_by_key(|p| std::cmp::Reverse(p.seq));
        let start = config
            .before
            .as_ref()
            .and_then(|b| named.iter().position(|p| p.signature() == *b))
            .map_or(0, |i| i + 1);
        let limit = config.limit.unwrap_or(1_000).min(1_000);
        let values: Vec<RpcConfirmedTransactionStatusWithSignature> = named[start..]
            .iter()
            .take_while(|p| config.until.as_ref() != Some(&p.signature()))
            .take(limit)
            .map(|p| RpcConfirmedTransactionStatusWithSignature {
                signature: p.signature(),
                slot: p.slot,
                err: p.meta.err.clone().map(Into::into),
                memo: None,
                block_time: Some(p.block_time),
                confirmation_status: Some(TransactionConfirmationStatus::Finalized),
            })
            .collect();
        serde_json::to_value(values).map_err(|e| internal(&e.to_string()))
    }

    /// getFeeForMessage: the fee of a base64 legacy or version-0 message, `null` when its blockhash is unknown.
    pub fn get_fee_for_message(&self, params: &Value) -> Reply {
        let message = message_param(params)?;
        Ok(self.context(json!(self.fee(&message)?)))
    }
}

fn is_writable(message: &VersionedMessage, loaded: &LoadedAddresses, index: usize) -> bool {
    let own = message.static_account_keys().len();
    if index < own {
        message.is_maybe_writable(index, None)
    } else {
        index - own < loaded.writable.len()
    }
}

/// The base64 message of a getFeeForMessage request.
fn message_param(params: &Value) -> std::result::Result<VersionedMessage, ErrorObjectOwned> {
    let encoded = param(params, 0)
        .and_then(Value::as_str)
        .ok_or_else(|| invalid_params("parameter 0: expected a base64 message"))?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|e| invalid_params(format!("invalid base64 message: {e}")))?;
    bincode::deserialize(&bytes)
        .map_err(|e| invalid_params(format!("failed to deserialize message: {e}")))
}

/// The native build's events are `Program log: EVENT <base64>` lines (its `emit!` is a no-op); a cluster runs
/// the SBF build, whose events are `Program data: <base64>`. The localnet serves them in the cluster's form, so
/// RPC clients read events as they would from a validator. Clients still take an event only inside the mutual
/// program's own invoke frame, so a line another program logged stays ignored.
pub fn as_cluster_logs(logs: Vec<String>) -> Vec<String> {
    logs.into_iter()
        .map(|line| match line.strip_prefix("Program log: EVENT ") {
            Some(data) => format!("Program data: {data}"),
            None => line,
        })
        .collect()
}

pub fn ui_error(error: &TransactionError) -> Value {
    serde_json::to_value(UiTransactionError::from(error.clone())).unwrap_or(Value::Null)
}

/// The localnet writes nothing to stdout (the native program's prints go nowhere, see `console`); a chain
/// thread's own trouble goes to stderr.
fn log_to_stderr(message: &str) {
    eprintln!("localnet: {message}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compute_unit_price_is_read_from_the_compute_budget_instruction() {
        let payer = Pubkey::new_unique();
        let price = mutual_sdk::compute_budget::set_price(12_345);
        let limit = mutual_sdk::compute_budget::set_limit(200_000);
        let message = solana_transaction::Message::new(&[limit, price], Some(&payer));
        assert_eq!(
            compute_unit_price(&VersionedMessage::Legacy(message)),
            12_345
        );
        let none = solana_transaction::Message::new(&[], Some(&payer));
        assert_eq!(compute_unit_price(&VersionedMessage::Legacy(none)), 0);
    }
}
