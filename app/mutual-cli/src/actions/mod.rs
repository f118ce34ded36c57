//! Solana Actions for the mutual (issue 28, docs/web.md): the spec's types (`spec`), the actions (`cover`,
//! `vote`, `redeem`), and the HTTP server that serves them (`server`). An action's `GET` describes it from the chain; its `POST` builds
//! an unsigned transaction for the wallet that asks (`compute_budget::for_wallet`). Every refusal is decided
//! before a transaction is built, by the same checks the chain runs, and answered with a status and a message a
//! person understands.
pub mod api;
pub mod catalogue;
pub mod cover;
pub mod redeem;
pub mod server;
pub mod spec;
pub mod vote;

use anchor_lang::prelude::Pubkey;
use mutual_sdk::SdkError;
use solana_transaction::{InstructionError, TransactionError};
use std::collections::BTreeMap;

/// A request the server will not build a transaction for: the HTTP status and the message shown to the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub message: String,
}

impl Refusal {
    /// Input that can never be right (400).
    pub fn bad_request(message: impl Into<String>) -> Self {
        Refusal {
            status: 400,
            message: message.into(),
        }
    }

    /// A product, claim or path that does not exist (404).
    pub fn not_found(message: impl Into<String>) -> Self {
        Refusal {
            status: 404,
            message: message.into(),
        }
    }

    /// Well-formed input that the protocol refuses now (422): capacity, balance, a closed poll.
    pub fn refused(message: impl Into<String>) -> Self {
        Refusal {
            status: 422,
            message: message.into(),
        }
    }
}

impl From<SdkError> for Refusal {
    /// A record that does not exist is 404; the program's refusal, 422 with its message; anything else (the
    /// cluster did not answer, an account did not decode) is the server's failure, 502.
    fn from(e: SdkError) -> Self {
        match e {
            SdkError::Missing(missing) => Refusal::not_found(missing.to_string()),
            SdkError::Refused(info) => Refusal::refused(info.message),
            SdkError::Transaction {
                error: TransactionError::InstructionError(_, InstructionError::Custom(code)),
                ..
            } => Refusal::refused(match mutual_sdk::errors::error_info(code) {
                Some(info) => info.message.to_string(),
                None => format!("the transaction would fail with custom error {code}"),
            }),
            SdkError::Transaction { error, .. } => {
                Refusal::refused(format!("the transaction would fail: {error}"))
            }
            SdkError::TooLarge(_) => Refusal::refused(e.to_string()),
            other => Refusal {
                status: 502,
                message: format!("the cluster could not be read: {other}"),
            },
        }
    }
}

/// A POST's parameters: the URL's query and the body's `data`, merged (the spec allows either). Each name may
/// come once; values are strings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params(BTreeMap<String, String>);

impl Params {
    /// Merges `query` and `data`, refusing a name outside `allowed`, a name given twice, and a value that is not
    /// a string (a multi-option value included: no action here takes one).
    pub fn merge(
        query: &[(String, String)],
        data: Option<&serde_json::Map<String, serde_json::Value>>,
        allowed: &[&str],
    ) -> Result<Self, Refusal> {
        let mut params = BTreeMap::new();
        let data = data.into_iter().flatten().map(|(name, value)| {
            let value = value.as_str().ok_or_else(|| {
                Refusal::bad_request(format!("parameter {name} must be a string"))
            })?;
            Ok::<_, Refusal>((name.clone(), value.to_string()))
        });
        let query = query.iter().cloned().map(Ok::<_, Refusal>);
        for pair in query.chain(data) {
            let (name, value) = pair?;
            if !allowed.contains(&name.as_str()) {
                return Err(Refusal::bad_request(format!(
                    "unexpected parameter {name}: this action takes {}",
                    allowed.join(", ")
                )));
            }
            if params.insert(name.clone(), value).is_some() {
                return Err(Refusal::bad_request(format!(
                    "parameter {name} is given twice"
                )));
            }
        }
        Ok(Params(params))
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// These parameters with `name` set to `value`.
    pub fn with(mut self, name: &str, value: String) -> Self {
        self.0.insert(name.to_string(), value);
        self
    }

    /// These parameters without `name`.
    pub fn without(&self, name: &str) -> Self {
        let mut params = self.clone();
        params.0.remove(name);
        params
    }

    pub fn require(&self, name: &str) -> Result<&str, Refusal> {
        self.get(name)
            .ok_or_else(|| Refusal::bad_request(format!("parameter {name} is required")))
    }
}

/// The `account` of a POST: a base58 Solana address.
pub fn parse_account(account: &str) -> Result<Pubkey, Refusal> {
    account.parse().map_err(|_| {
        Refusal::bad_request(format!(
            "account {account:?} is not a Solana address (base58, 32 bytes)"
        ))
    })
}

/// A transaction as the spec carries it: its wire bytes (bincode, signatures empty), base64.
pub fn encode_transaction(tx: &solana_transaction::Transaction) -> Result<String, Refusal> {
    use base64::Engine;
    let bytes = bincode::serialize(tx).map_err(|e| Refusal {
        status: 500,
        message: format!("the transaction could not be encoded: {e}"),
    })?;
    Ok(base64::engine::general_purpose::STANDARD.encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
        query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parameters_merge_from_the_query_and_the_body_and_refuse_the_unexpected() {
        let data = json!({"period": "90"});
        let params = Params::merge(
            &pairs(&[("amount", "5")]),
            data.as_object(),
            &["amount", "period"],
        )
        .unwrap();
        assert_eq!(
            (params.get("amount"), params.get("period")),
            (Some("5"), Some("90"))
        );
        let refused = |query: &[(&str, &str)], data: serde_json::Value| {
            Params::merge(&pairs(query), data.as_object(), &["amount"])
                .unwrap_err()
                .message
        };
        assert_eq!(
            refused(&[("x", "1")], json!({})),
            "unexpected parameter x: this action takes amount"
        );
        assert_eq!(
            refused(&[("amount", "1")], json!({"amount": "2"})),
            "parameter amount is given twice"
        );
        assert_eq!(
            refused(&[], json!({"amount": ["1", "2"]})),
            "parameter amount must be a string"
        );
        assert_eq!(
            Params::default().require("amount").unwrap_err(),
            Refusal::bad_request("parameter amount is required")
        );
    }

    #[test]
    fn an_account_must_be_a_base58_address() {
        let key = Pubkey::new_unique();
        assert_eq!(parse_account(&key.to_string()).unwrap(), key);
        for bad in ["", "not an address", "0OIl", &"1".repeat(60)] {
            assert_eq!(parse_account(bad).unwrap_err().status, 400, "{bad}");
        }
    }
}
