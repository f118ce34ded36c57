//! Account reads: getAccountInfo, getMultipleAccounts, getProgramAccounts, balances and token accounts, in every
//! encoding solana-account-decoder gives (base58, base64, base64+zstd, jsonParsed), with `dataSlice`.
use super::node::Node;
use super::params::{config, invalid_params, param, pubkey_param, pubkeys_param, Reply};
use anchor_lang::prelude::Pubkey;
use jsonrpsee::types::ErrorObjectOwned;
use mutual_sdk::{AccountFilter, Transport};
use serde_json::{json, Value};
use solana_account_decoder::parse_account_data::{
    AccountAdditionalDataV3, SplTokenAdditionalDataV2,
};
use solana_account_decoder::parse_token::token_amount_to_ui_amount_v3;
use solana_account_decoder::{encode_ui_account, UiAccountEncoding};
use solana_rpc_client_api::config::{
    RpcAccountInfoConfig, RpcProgramAccountsConfig, RpcTokenAccountsFilter,
};
use solana_rpc_client_api::filter::RpcFilterType;

use anchor_spl::token_2022::spl_token_2022::extension::StateWithExtensions;
use anchor_spl::token_2022::spl_token_2022::state::{Account as TokenAccount, Mint};

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

/// Whose token accounts a request asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenHolder {
    Owner,
    Delegate,
}

/// A token account's parts, when `account` is one (SPL Token or Token-2022).
pub fn token_account(account: &solana_account::Account) -> Option<TokenAccount> {
    if account.owner != anchor_spl::token::ID && account.owner != anchor_spl::token_2022::ID {
        return None;
    }
    StateWithExtensions::<TokenAccount>::unpack(&account.data)
        .ok()
        .map(|t| t.base)
}

/// An amount with its decimals, as getTokenAccountBalance shows it (`amount`, `decimals`, `uiAmount`,
/// `uiAmountString`).
fn ui_amount(amount: u64, decimals: u8) -> Value {
    serde_json::to_value(token_amount_to_ui_amount_v3(
        amount,
        &SplTokenAdditionalDataV2 {
            decimals,
            ..SplTokenAdditionalDataV2::default()
        },
    ))
    .unwrap_or(Value::Null)
}

impl Node {
    /// An account in the encoding asked for (base58, base64, base64+zstd, jsonParsed), sliced as asked. A
    /// token account parsed as JSON needs its mint's decimals, which are read here.
    pub fn ui_account(
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
    pub fn token_decimals(&self, account: &solana_account::Account) -> Option<u8> {
        if account.owner != anchor_spl::token::ID && account.owner != anchor_spl::token_2022::ID {
            return None;
        }
        if let Ok(mint) = StateWithExtensions::<Mint>::unpack(&account.data) {
            return Some(mint.base.decimals);
        }
        let token = token_account(account)?;
        let mint = self.chain.get_account(&token.mint).ok()??;
        StateWithExtensions::<Mint>::unpack(&mint.data)
            .ok()
            .map(|m| m.base.decimals)
    }

    /// Token accounts among the named addresses held by `holder` (as owner or delegate), filtered by mint or
    /// program.
    fn token_accounts_of(
        &self,
        holder: (TokenHolder, &Pubkey),
        filter: &RpcTokenAccountsFilter,
    ) -> std::result::Result<Vec<(Pubkey, solana_account::Account)>, ErrorObjectOwned> {
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
                let Some(token) = token_account(&account) else {
                    continue;
                };
                let held = match holder.0 {
                    TokenHolder::Owner => token.owner == *holder.1,
                    TokenHolder::Delegate => {
                        Option::<Pubkey>::from(token.delegate) == Some(*holder.1)
                    }
                };
                if held && mint.is_none_or(|m| m == token.mint) {
                    found.push((address, account));
                }
            }
        }
        Ok(found)
    }

    pub fn get_account_info(&self, params: &Value) -> Reply {
        let address = pubkey_param(params, 0)?;
        let config: RpcAccountInfoConfig = config(params, 1)?;
        let account = self.chain.get_account(&address).map_err(Self::sdk)?;
        let value = account.map_or(Value::Null, |a| self.ui_account(&address, &a, &config));
        Ok(self.context(value))
    }

    pub fn get_multiple_accounts(&self, params: &Value) -> Reply {
        let addresses = pubkeys_param(params, 0)?;
        let config: RpcAccountInfoConfig = config(params, 1)?;
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

    pub fn get_program_accounts(&self, params: &Value) -> Reply {
        let program = pubkey_param(params, 0)?;
        let config: RpcProgramAccountsConfig = config(params, 1)?;
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

    pub fn get_token_account_balance(&self, params: &Value) -> Reply {
        let address = pubkey_param(params, 0)?;
        let account = self
            .chain
            .get_account(&address)
            .map_err(Self::sdk)?
            .ok_or_else(|| invalid_params(format!("could not find account {address}")))?;
        let token = token_account(&account)
            .ok_or_else(|| invalid_params(format!("{address} is not a token account")))?;
        let decimals = self.token_decimals(&account).unwrap_or_default();
        Ok(self.context(ui_amount(token.amount, decimals)))
    }

    /// getTokenAccountsByOwner and getTokenAccountsByDelegate.
    pub fn get_token_accounts_by(&self, by: TokenHolder, params: &Value) -> Reply {
        let holder = pubkey_param(params, 0)?;
        let filter: RpcTokenAccountsFilter = param(params, 1)
            .cloned()
            .map(serde_json::from_value::<RpcTokenAccountsFilterWire>)
            .transpose()
            .map_err(|e| invalid_params(format!("parameter 1: {e}")))?
            .ok_or_else(|| invalid_params("parameter 1: expected {mint} or {programId}"))?
            .into_filter()?;
        let config: RpcAccountInfoConfig = config(params, 2)?;
        let values: Vec<Value> = self
            .token_accounts_of((by, &holder), &filter)?
            .iter()
            .map(|(address, a)| {
                json!({ "pubkey": address.to_string(), "account": self.ui_account(address, a, &config) })
            })
            .collect();
        Ok(self.context(Value::Array(values)))
    }

    /// getTokenSupply: a mint's supply with its decimals.
    pub fn get_token_supply(&self, params: &Value) -> Reply {
        let address = pubkey_param(params, 0)?;
        let mint = self
            .chain
            .get_account(&address)
            .map_err(Self::sdk)?
            .filter(|a| a.owner == anchor_spl::token::ID || a.owner == anchor_spl::token_2022::ID)
            .and_then(|a| {
                StateWithExtensions::<Mint>::unpack(&a.data)
                    .ok()
                    .map(|m| m.base)
            })
            .ok_or_else(|| invalid_params("Invalid param: not a Token mint"))?;
        Ok(self.context(ui_amount(mint.supply, mint.decimals)))
    }

    /// getTokenLargestAccounts: the 20 largest accounts of a mint among those the localnet knows.
    pub fn get_token_largest_accounts(&self, params: &Value) -> Reply {
        let mint = pubkey_param(params, 0)?;
        let decimals = self
            .chain
            .get_account(&mint)
            .map_err(Self::sdk)?
            .and_then(|a| self.token_decimals(&a))
            .ok_or_else(|| invalid_params("Invalid param: not a Token mint"))?;
        let mut holders: Vec<(Pubkey, u64)> = Vec::new();
        for program in [anchor_spl::token::ID, anchor_spl::token_2022::ID] {
            for (address, account) in self
                .chain
                .accounts_of_program(&program, &[])
                .map_err(Self::sdk)?
            {
                if let Some(token) = token_account(&account).filter(|t| t.mint == mint) {
                    holders.push((address, token.amount));
                }
            }
        }
        holders.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let values: Vec<Value> = holders
            .into_iter()
            .take(20)
            .map(|(address, amount)| {
                let mut value = ui_amount(amount, decimals);
                value["address"] = json!(address.to_string());
                value
            })
            .collect();
        Ok(self.context(Value::Array(values)))
    }

    pub fn get_balance(&self, params: &Value) -> Reply {
        let address = pubkey_param(params, 0)?;
        let account = self.chain.get_account(&address).map_err(Self::sdk)?;
        Ok(self.context(json!(account.map_or(0, |a| a.lamports))))
    }
}
