//! A real cluster over Solana JSON-RPC (solana-rpc-client, blocking).
use super::{sign, AccountFilter, Receipt, Transport};
use crate::events::LogSource;
use crate::{Result, SdkError};
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use solana_account::Account;
use solana_commitment_config::CommitmentConfig;
use solana_keypair::Keypair;
use solana_rpc_client::rpc_client::RpcClient;
use solana_rpc_client_api::client_error::{Error as ClientError, ErrorKind};
use solana_rpc_client_api::config::{
    RpcSendTransactionConfig, RpcSimulateTransactionConfig, RpcTransactionConfig,
};
use solana_rpc_client_api::request::{RpcError, RpcResponseErrorData};
use solana_transaction::{Signature, TransactionError};
use solana_transaction_status_client_types::option_serializer::OptionSerializer;
use solana_transaction_status_client_types::UiTransactionEncoding;

pub struct RpcTransport {
    client: RpcClient,
}

impl RpcTransport {
    pub fn new(url: &str) -> Self {
        RpcTransport {
            client: RpcClient::new_with_commitment(url.to_string(), CommitmentConfig::confirmed()),
        }
    }

    pub fn client(&self) -> &RpcClient {
        &self.client
    }
}

/// Turns an RPC failure into the transaction error and logs it carries, when it carries them; a failure to
/// reach `url` at all into `Unreachable`.
fn client_error(url: &str, e: ClientError) -> SdkError {
    let unreachable = match e.kind() {
        ErrorKind::Io(_) => true,
        ErrorKind::Reqwest(r) => r.is_connect() || r.is_timeout() || r.is_request(),
        _ => false,
    };
    if unreachable {
        return SdkError::Unreachable {
            url: url.to_string(),
            reason: e.to_string(),
        };
    }
    let logs = match e.kind() {
        ErrorKind::RpcError(RpcError::RpcResponseError {
            data: RpcResponseErrorData::SendTransactionPreflightFailure(sim),
            ..
        }) => sim.logs.clone().unwrap_or_default(),
        _ => Vec::new(),
    };
    match e.get_transaction_error() {
        Some(error) => SdkError::Transaction { error, logs },
        None => SdkError::Transport(e.to_string()),
    }
}

/// How often a sent transaction's status is polled.
const POLL: std::time::Duration = std::time::Duration::from_millis(400);

/// Signatures sent for one call before giving up: each after the previous one's blockhash has expired.
const MAX_SIGNINGS: usize = 3;

/// How a sent transaction ended.
enum Outcome {
    Landed(std::result::Result<(), solana_transaction::TransactionError>),
    /// Its blockhash expired with the transaction nowhere: it can never land, so it may be signed again.
    Expired,
}

impl RpcTransport {
    fn error(&self, e: ClientError) -> SdkError {
        client_error(&self.client.url(), e)
    }

    /// Waits for `signature` until it lands or its blockhash, valid up to `last_valid` block height, has
    /// expired (at the finalized block height, then one more look through the history).
    fn confirm(&self, signature: &Signature, last_valid: u64) -> Result<Outcome> {
        loop {
            let status = self
                .client
                .get_signature_statuses(&[*signature])
                .map_err(|e| self.error(e))?
                .value
                .into_iter()
                .next()
                .flatten();
            if let Some(status) =
                status.filter(|s| s.satisfies_commitment(self.client.commitment()))
            {
                return Ok(Outcome::Landed(status.status));
            }
            let height = self
                .client
                .get_block_height_with_commitment(CommitmentConfig::finalized())
                .map_err(|e| self.error(e))?;
            if height > last_valid {
                let late = self
                    .client
                    .get_signature_statuses_with_history(&[*signature])
                    .map_err(|e| self.error(e))?
                    .value
                    .into_iter()
                    .next()
                    .flatten();
                return Ok(match late {
                    Some(status) => Outcome::Landed(status.status),
                    None => Outcome::Expired,
                });
            }
            std::thread::sleep(POLL);
        }
    }

    /// Signs against a fresh blockhash and sends with the preflight, until one signature lands. A new signature
    /// is made only once the last one can no longer land: refused by the preflight for its blockhash, or its
    /// blockhash expired with the transaction nowhere. So two different transactions of one call never both
    /// land.
    fn send_until_landed(
        &self,
        ixs: &[Instruction],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> Result<(solana_transaction::Transaction, Signature)> {
        let mut last = None;
        for _ in 0..MAX_SIGNINGS {
            let (blockhash, last_valid) = self
                .client
                .get_latest_blockhash_with_commitment(self.client.commitment())
                .map_err(|e| self.error(e))?;
            let tx = sign(ixs, payer, signers, blockhash);
            let config = RpcSendTransactionConfig {
                preflight_commitment: Some(self.client.commitment().commitment),
                ..RpcSendTransactionConfig::default()
            };
            let signature = match self.client.send_transaction_with_config(&tx, config) {
                Ok(signature) => signature,
                Err(e) => match self.error(e) {
                    SdkError::Transaction {
                        error: TransactionError::BlockhashNotFound,
                        logs,
                    } => {
                        last = Some(SdkError::Transaction {
                            error: TransactionError::BlockhashNotFound,
                            logs,
                        });
                        continue;
                    }
                    other => return Err(other),
                },
            };
            match self.confirm(&signature, last_valid)? {
                Outcome::Landed(Ok(())) => return Ok((tx, signature)),
                Outcome::Landed(Err(error)) => {
                    return Err(SdkError::Transaction {
                        error,
                        logs: self.logs_of(&signature).1,
                    })
                }
                Outcome::Expired => {
                    last = Some(SdkError::Transaction {
                        error: TransactionError::BlockhashNotFound,
                        logs: Vec::new(),
                    })
                }
            }
        }
        Err(last.unwrap_or_else(|| SdkError::Transport("nothing was sent".into())))
    }

    /// The compute units and logs of a processed transaction, asked for at the commitment the send waited for
    /// (a node's default, finalized, would not have it yet); none from a node without transaction history.
    fn logs_of(&self, signature: &Signature) -> (Option<u64>, Vec<String>) {
        let config = RpcTransactionConfig {
            encoding: Some(UiTransactionEncoding::Json),
            commitment: Some(self.client.commitment()),
            max_supported_transaction_version: Some(0),
        };
        let meta = self
            .client
            .get_transaction_with_config(signature, config)
            .ok()
            .and_then(|t| t.transaction.meta);
        let units = meta
            .as_ref()
            .and_then(|m| Option::<u64>::from(m.compute_units_consumed.clone()));
        let logs = meta
            .and_then(|m| match m.log_messages {
                OptionSerializer::Some(logs) => Some(logs),
                _ => None,
            })
            .unwrap_or_default();
        (units, logs)
    }
}

impl RpcTransport {
    /// Simulates `tx` with `config` and reads the outcome as a receipt: the units, logs and return data, or the
    /// transaction's error with its logs.
    fn simulated(
        &self,
        tx: &solana_transaction::Transaction,
        config: RpcSimulateTransactionConfig,
    ) -> Result<Receipt> {
        let sim = self
            .client
            .simulate_transaction_with_config(tx, config)
            .map_err(|e| self.error(e))?
            .value;
        let logs = sim.logs.unwrap_or_default();
        if let Some(error) = sim.err {
            return Err(SdkError::Transaction {
                error: error.into(),
                logs,
            });
        }
        let return_data = sim.return_data.and_then(|r| {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD
                .decode(&r.data.0)
                .ok()
        });
        Ok(Receipt::new(
            tx,
            LogSource::Sbf,
            logs,
            return_data,
            sim.units_consumed,
        ))
    }
}

impl Transport for RpcTransport {
    /// Through getMultipleAccounts: solana-rpc-client's getAccountInfo turns every failure, an unreachable
    /// node included, into "AccountNotFound".
    fn get_account(&self, address: &Pubkey) -> Result<Option<Account>> {
        Ok(self.get_multiple_accounts(&[*address])?.pop().flatten())
    }

    fn get_multiple_accounts(&self, addresses: &[Pubkey]) -> Result<Vec<Option<Account>>> {
        // getMultipleAccounts takes at most 100 addresses per request.
        let mut accounts = Vec::with_capacity(addresses.len());
        for chunk in addresses.chunks(100) {
            let page = self
                .client
                .get_multiple_accounts_with_commitment(chunk, self.client.commitment())
                .map_err(|e| self.error(e))?;
            accounts.extend(page.value);
        }
        Ok(accounts)
    }

    fn program_accounts(&self, filters: &[AccountFilter]) -> Result<Vec<(Pubkey, Account)>> {
        use solana_account_decoder_client_types::UiAccountEncoding;
        use solana_rpc_client_api::config::{RpcAccountInfoConfig, RpcProgramAccountsConfig};
        use solana_rpc_client_api::filter::{Memcmp, RpcFilterType};
        let filters = filters
            .iter()
            .map(|f| match f {
                AccountFilter::DataSize(size) => RpcFilterType::DataSize(*size),
                AccountFilter::Memcmp { offset, bytes } => {
                    RpcFilterType::Memcmp(Memcmp::new_base58_encoded(*offset, bytes))
                }
            })
            .collect();
        let config = RpcProgramAccountsConfig {
            filters: Some(filters),
            account_config: RpcAccountInfoConfig {
                encoding: Some(UiAccountEncoding::Base64),
                commitment: Some(self.client.commitment()),
                ..RpcAccountInfoConfig::default()
            },
            with_context: None,
            sort_results: Some(true),
        };
        #[allow(deprecated)]
        let mut accounts = self
            .client
            .get_program_accounts_with_config(&mutual::ID, config)
            .map_err(|e| self.error(e))?;
        accounts.sort_by_key(|(address, _)| *address);
        Ok(accounts)
    }

    fn send(&self, ixs: &[Instruction], payer: &Keypair, signers: &[&Keypair]) -> Result<Receipt> {
        let (tx, signature) = self.send_until_landed(ixs, payer, signers)?;
        let (units, logs) = self.logs_of(&signature);
        Ok(Receipt::new(&tx, LogSource::Sbf, logs, None, units))
    }

    fn recent_prioritization_fees(&self, accounts: &[Pubkey]) -> Result<Vec<u64>> {
        Ok(self
            .client
            .get_recent_prioritization_fees(accounts)
            .map_err(|e| self.error(e))?
            .into_iter()
            .map(|f| f.prioritization_fee)
            .collect())
    }

    fn simulate(
        &self,
        ixs: &[Instruction],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> Result<Receipt> {
        let tx = sign(ixs, payer, signers, self.latest_blockhash()?);
        self.simulated(&tx, RpcSimulateTransactionConfig::default())
    }

    fn latest_blockhash(&self) -> Result<solana_hash::Hash> {
        self.client
            .get_latest_blockhash()
            .map_err(|e| self.error(e))
    }

    fn simulate_unsigned(&self, tx: &solana_transaction::Transaction) -> Result<Receipt> {
        // A wallet signs later: the signatures are not checked, and the blockhash is kept (it must be recent).
        let config = RpcSimulateTransactionConfig {
            sig_verify: false,
            replace_recent_blockhash: false,
            commitment: Some(self.client.commitment()),
            ..RpcSimulateTransactionConfig::default()
        };
        self.simulated(tx, config)
    }

    fn unix_timestamp(&self) -> Result<i64> {
        let clock = crate::fetch::CLOCK;
        crate::fetch::unix_timestamp_of(&clock, self.get_account(&clock)?)
    }

    fn minimum_balance(&self, data_len: usize) -> Result<u64> {
        self.client
            .get_minimum_balance_for_rent_exemption(data_len)
            .map_err(|e| self.error(e))
    }

    fn airdrop(&self, to: &Pubkey, lamports: u64) -> Result<()> {
        let signature = self
            .client
            .request_airdrop(to, lamports)
            .map_err(|e| self.error(e))?;
        self.client
            .poll_for_signature(&signature)
            .map_err(|e| self.error(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreachable_endpoint_is_a_transport_error_not_a_panic() {
        // Port 9 on loopback (discard) has no JSON-RPC server here.
        let rpc = RpcTransport::new("http://127.0.0.1:9");
        let err = rpc.get_account(&Pubkey::new_unique()).unwrap_err();
        assert!(
            matches!(err, SdkError::Unreachable { ref url, .. } if url == "http://127.0.0.1:9"),
            "{err:?}"
        );
        let err = rpc.unix_timestamp().unwrap_err();
        assert!(matches!(err, SdkError::Unreachable { .. }), "{err:?}");
        let err = rpc
            .get_multiple_accounts(&[Pubkey::new_unique()])
            .unwrap_err();
        assert!(matches!(err, SdkError::Unreachable { .. }), "{err:?}");
    }
}
