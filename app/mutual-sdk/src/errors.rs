//! SDK errors, and the names and messages of program error codes (read from the committed IDL, so they can never
//! drift from the program).
use anchor_lang::prelude::Pubkey;
use solana_transaction::{InstructionError, TransactionError};
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, thiserror::Error)]
pub enum SdkError {
    #[error("transport: {0}")]
    Transport(String),
    #[error("{}", describe_failure(.error))]
    Transaction {
        error: TransactionError,
        logs: Vec<String>,
    },
    #[error("account {0} does not exist")]
    AccountNotFound(Pubkey),
    #[error("account {0} could not be decoded: {1}")]
    Decode(Pubkey, String),
    #[error("{0}")]
    Invalid(String),
}

impl SdkError {
    /// The custom error code of a failed instruction: `6000 + n` for `MutualError`, below 6000 for Anchor's
    /// own checks, small numbers for the token programs.
    pub fn custom_code(&self) -> Option<u32> {
        match self {
            SdkError::Transaction {
                error: TransactionError::InstructionError(_, InstructionError::Custom(code)),
                ..
            } => Some(*code),
            _ => None,
        }
    }

    /// The program error's name (e.g. `BelowMcr`), when the failure is one of the program's or Anchor's.
    pub fn error_name(&self) -> Option<&'static str> {
        self.custom_code().and_then(error_info).map(|e| e.name)
    }
}

/// Name and message of a program error code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorInfo {
    pub code: u32,
    pub name: &'static str,
    pub message: &'static str,
}

/// Anchor's own errors that the program's account checks can raise.
const ANCHOR_ERRORS: &[(u32, &str, &str)] = &[
    (2000, "ConstraintMut", "A mut constraint was violated"),
    (
        2001,
        "ConstraintHasOne",
        "A has one constraint was violated",
    ),
    (2002, "ConstraintSigner", "A signer constraint was violated"),
    (2003, "ConstraintRaw", "A raw constraint was violated"),
    (2006, "ConstraintSeeds", "A seeds constraint was violated"),
    (
        2012,
        "ConstraintAddress",
        "An address constraint was violated",
    ),
    (
        2014,
        "ConstraintTokenMint",
        "A token mint constraint was violated",
    ),
    (
        2015,
        "ConstraintTokenOwner",
        "A token owner constraint was violated",
    ),
    (
        2016,
        "ConstraintMintMintAuthority",
        "A mint mint authority constraint was violated",
    ),
    (
        2021,
        "ConstraintMintTokenProgram",
        "A mint token program constraint was violated",
    ),
    (
        2022,
        "ConstraintTokenTokenProgram",
        "A token account token program constraint was violated",
    ),
    (
        2023,
        "ConstraintAssociatedTokenTokenProgram",
        "An associated token account token program constraint was violated",
    ),
    (
        3001,
        "AccountDiscriminatorNotFound",
        "No discriminator was found on the account",
    ),
    (
        3002,
        "AccountDiscriminatorMismatch",
        "Account discriminator did not match what was expected",
    ),
    (
        3003,
        "AccountDidNotDeserialize",
        "Failed to deserialize the account",
    ),
    (
        3004,
        "AccountDidNotSerialize",
        "Failed to serialize the account",
    ),
    (
        3007,
        "AccountOwnedByWrongProgram",
        "The given account is owned by a different program than expected",
    ),
    (3008, "InvalidProgramId", "Program ID was not as expected"),
    (
        3009,
        "InvalidProgramExecutable",
        "Program account is not executable",
    ),
    (3010, "AccountNotSigner", "The given account did not sign"),
    (
        3011,
        "AccountNotSystemOwned",
        "The given account is not owned by the system program",
    ),
    (
        3012,
        "AccountNotInitialized",
        "The program expected this account to be already initialized",
    ),
    (
        3013,
        "AccountNotProgramData",
        "The given account is not a program data account",
    ),
    (
        3014,
        "AccountNotAssociatedTokenAccount",
        "The given account is not the associated token account",
    ),
];

fn program_errors() -> &'static HashMap<u32, ErrorInfo> {
    static ERRORS: OnceLock<HashMap<u32, ErrorInfo>> = OnceLock::new();
    ERRORS.get_or_init(|| {
        let mut map: HashMap<u32, ErrorInfo> = ANCHOR_ERRORS
            .iter()
            .map(|&(code, name, message)| {
                (
                    code,
                    ErrorInfo {
                        code,
                        name,
                        message,
                    },
                )
            })
            .collect();
        let idl: serde_json::Value =
            serde_json::from_str(include_str!("../../../idl/mutual.json")).unwrap_or_default();
        for e in idl["errors"].as_array().into_iter().flatten() {
            let (Some(code), Some(name)) = (e["code"].as_u64(), e["name"].as_str()) else {
                continue;
            };
            let Ok(code) = u32::try_from(code) else {
                continue;
            };
            let message = e["msg"].as_str().unwrap_or("");
            // Leaked once per process: the table lives for the whole run.
            let name: &'static str = Box::leak(name.to_string().into_boxed_str());
            let message: &'static str = Box::leak(message.to_string().into_boxed_str());
            map.insert(
                code,
                ErrorInfo {
                    code,
                    name,
                    message,
                },
            );
        }
        map
    })
}

/// Looks up a program (6000+) or Anchor (<6000, ≥2000) error code.
pub fn error_info(code: u32) -> Option<ErrorInfo> {
    program_errors().get(&code).copied()
}

fn describe_failure(error: &TransactionError) -> String {
    match error {
        TransactionError::InstructionError(index, InstructionError::Custom(code)) => {
            match error_info(*code) {
                Some(info) => format!(
                    "instruction {index} failed: {} ({}): {}",
                    info.name, info.code, info.message
                ),
                None => format!("instruction {index} failed: custom error {code}"),
            }
        }
        other => format!("transaction failed: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mutual::errors::MutualError;

    #[test]
    fn program_errors_come_from_the_idl() {
        let info = error_info(u32::from(MutualError::BelowMcr)).unwrap();
        assert_eq!(info.name, "BelowMcr");
        assert_eq!(info.message, MutualError::BelowMcr.to_string());
        let info = error_info(u32::from(MutualError::MathOverflow)).unwrap();
        assert_eq!((info.code, info.name), (6000, "MathOverflow"));
    }

    #[test]
    fn failures_are_described_by_name() {
        let err = SdkError::Transaction {
            error: TransactionError::InstructionError(1, InstructionError::Custom(3012)),
            logs: vec![],
        };
        assert_eq!(err.custom_code(), Some(3012));
        assert_eq!(err.error_name(), Some("AccountNotInitialized"));
        assert!(err
            .to_string()
            .starts_with("instruction 1 failed: AccountNotInitialized (3012)"));
    }
}
