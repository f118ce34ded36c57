//! Reading a request's positional parameters, and the standard errors a validator answers with.
use anchor_lang::prelude::Pubkey;
use jsonrpsee::types::ErrorObjectOwned;
use serde::de::DeserializeOwned;
use serde_json::Value;
use solana_rpc_client_api::custom_error::RpcCustomError;

pub type Reply = std::result::Result<Value, ErrorObjectOwned>;

pub fn internal(message: &str) -> ErrorObjectOwned {
    ErrorObjectOwned::owned(-32603, message.to_string(), None::<()>)
}

pub fn invalid_params(message: impl Into<String>) -> ErrorObjectOwned {
    ErrorObjectOwned::owned(-32602, message.into(), None::<()>)
}

/// A validator's own error (block not available, unsupported version, preflight failure, ...), with the code,
/// message and data agave gives it.
pub fn custom(error: RpcCustomError) -> ErrorObjectOwned {
    let error = jsonrpc_core::Error::from(error);
    ErrorObjectOwned::owned(
        i32::try_from(error.code.code()).unwrap_or(-32603),
        error.message,
        error.data,
    )
}

pub fn param(params: &Value, index: usize) -> Option<&Value> {
    params.as_array().and_then(|p| p.get(index))
}

pub fn pubkey_param(params: &Value, index: usize) -> std::result::Result<Pubkey, ErrorObjectOwned> {
    param(params, index)
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| invalid_params(format!("parameter {index}: expected a base58 public key")))
}

pub fn u64_param(
    params: &Value,
    index: usize,
    what: &str,
) -> std::result::Result<u64, ErrorObjectOwned> {
    param(params, index)
        .and_then(Value::as_u64)
        .ok_or_else(|| invalid_params(format!("parameter {index}: expected {what}")))
}

/// A config object in the agave client's own type (absent or null: its default); one that does not parse is
/// invalid params.
pub fn config<T: DeserializeOwned + Default>(
    params: &Value,
    index: usize,
) -> std::result::Result<T, ErrorObjectOwned> {
    match param(params, index) {
        None | Some(Value::Null) => Ok(T::default()),
        Some(config) => serde_json::from_value(config.clone())
            .map_err(|e| invalid_params(format!("parameter {index}: {e}"))),
    }
}

/// The addresses of parameter `index`, an array of base58 keys.
pub fn pubkeys_param(
    params: &Value,
    index: usize,
) -> std::result::Result<Vec<Pubkey>, ErrorObjectOwned> {
    param(params, index)
        .and_then(Value::as_array)
        .ok_or_else(|| {
            invalid_params(format!(
                "parameter {index}: expected an array of public keys"
            ))
        })?
        .iter()
        .map(|v| v.as_str().and_then(|s| s.parse::<Pubkey>().ok()))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| invalid_params(format!("parameter {index}: expected base58 public keys")))
}
