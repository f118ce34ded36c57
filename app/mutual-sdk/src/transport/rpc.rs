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
use solana_rpc_client_api::config::RpcTransactionConfig;
use solana_rpc_client_api::request::{RpcError, RpcResponseErrorData};
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

/// Turns an RPC failure into the transaction error and logs it carries, when it carries them.
fn client_error(e: ClientError) -> SdkError {
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

impl Transport for RpcTransport {
    fn get_account(&self, address: &Pubkey) -> Result<Option<Account>> {
        self.client
            .get_account_with_commitment(address, self.client.commitment())
            .map(|r| r.value)
            .map_err(client_error)
    }

    fn get_multiple_accounts(&self, addresses: &[Pubkey]) -> Result<Vec<Option<Account>>> {
        // getMultipleAccounts takes at most 100 addresses per request.
        let mut accounts = Vec::with_capacity(addresses.len());
        for chunk in addresses.chunks(100) {
            let page = self
                .client
                .get_multiple_accounts_with_commitment(chunk, self.client.commitment())
                .map_err(client_error)?;
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
            .map_err(client_error)?;
        accounts.sort_by_key(|(address, _)| *address);
        Ok(accounts)
    }

    fn send(&self, ixs: &[Instruction], payer: &Keypair, signers: &[&Keypair]) -> Result<Receipt> {
        let blockhash = self.client.get_latest_blockhash().map_err(client_error)?;
        let tx = sign(ixs, payer, signers, blockhash);
        let signature = self
            .client
            .send_and_confirm_transaction(&tx)
            .map_err(client_error)?;
        // Logs (and so events) and compute units come from the confirmed transaction, asked for at the
        // commitment the send waited for (a node's default, finalized, would not have it yet); a node without
        // transaction history still confirms the send, with no events.
        let config = RpcTransactionConfig {
            encoding: Some(UiTransactionEncoding::Json),
            commitment: Some(self.client.commitment()),
            max_supported_transaction_version: Some(0),
        };
        let meta = self
            .client
            .get_transaction_with_config(&signature, config)
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
        Ok(Receipt::new(&tx, LogSource::Sbf, logs, None, units))
    }

    fn simulate(
        &self,
        ixs: &[Instruction],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> Result<Receipt> {
        let blockhash = self.client.get_latest_blockhash().map_err(client_error)?;
        let tx = sign(ixs, payer, signers, blockhash);
        let sim = self
            .client
            .simulate_transaction(&tx)
            .map_err(client_error)?
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
            &tx,
            LogSource::Sbf,
            logs,
            return_data,
            sim.units_consumed,
        ))
    }

    fn unix_timestamp(&self) -> Result<i64> {
        let clock = crate::fetch::CLOCK;
        crate::fetch::unix_timestamp_of(&clock, self.get_account(&clock)?)
    }

    fn minimum_balance(&self, data_len: usize) -> Result<u64> {
        self.client
            .get_minimum_balance_for_rent_exemption(data_len)
            .map_err(client_error)
    }

    fn airdrop(&self, to: &Pubkey, lamports: u64) -> Result<()> {
        let signature = self
            .client
            .request_airdrop(to, lamports)
            .map_err(client_error)?;
        self.client
            .poll_for_signature(&signature)
            .map_err(client_error)
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
        assert!(matches!(err, SdkError::Transport(_)), "{err:?}");
        let err = rpc.unix_timestamp().unwrap_err();
        assert!(matches!(err, SdkError::Transport(_)), "{err:?}");
        let err = rpc
            .get_multiple_accounts(&[Pubkey::new_unique()])
            .unwrap_err();
        assert!(matches!(err, SdkError::Transport(_)), "{err:?}");
    }
}
