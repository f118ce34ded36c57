//! SDK errors, and the names and messages of program error codes (read from the committed IDL, so they can never
//! drift from the program).
use anchor_lang::error::ErrorCode as AnchorErrorCode;
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
    /// A record of the protocol that does not exist, named as the user named it.
    #[error("{0}")]
    Missing(Missing),
    /// Nothing answers at the RPC URL (refused, unreachable, or not JSON-RPC).
    #[error("nothing answers JSON-RPC at {url} ({reason})")]
    Unreachable { url: String, reason: String },
    #[error("account {0} could not be decoded: {1}")]
    Decode(Pubkey, String),
    #[error("{0}")]
    Invalid(String),
    /// A quote refused what the program would refuse, with the program's own error.
    #[error("{} ({}): {}", .0.name, .0.code, .0.message)]
    Refused(ErrorInfo),
    /// `MUTUAL_SBF_SO` names a program binary that is missing or does not load. Never a silent fallback to the
    /// native build.
    #[error("SBF program {path}: {reason}")]
    SbfProgram { path: String, reason: String },
    /// A transaction above the 1,232-byte packet limit: no cluster accepts it.
    #[error("the transaction takes {0} bytes, above the 1,232-byte limit")]
    TooLarge(usize),
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
            SdkError::Refused(info) => Some(info.code),
            _ => None,
        }
    }

    /// An error of the program's own rules (its `math/`), run off chain, as the chain would report it.
    pub fn refused(error: anchor_lang::error::Error) -> Self {
        match &error {
            anchor_lang::error::Error::AnchorError(e) => error_info(e.error_code_number)
                .map(SdkError::Refused)
                .unwrap_or_else(|| SdkError::Invalid(error.to_string())),
            anchor_lang::error::Error::ProgramError(_) => SdkError::Invalid(error.to_string()),
        }
    }

    /// The program error's name (e.g. `BelowMcr`), when the failure is one of the program's or Anchor's.
    pub fn error_name(&self) -> Option<&'static str> {
        self.custom_code().and_then(error_info).map(|e| e.name)
    }
}

/// A record that does not exist, by the id a user gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Missing {
    /// No `Config`: the program is not deployed, or not bootstrapped, at this cluster.
    Config,
    Product(u32),
    Pool(u32),
    /// No cover `product/seq` (never bought, or expired and closed).
    Cover {
        product: u32,
        seq: u64,
    },
    /// No cover at this address.
    CoverAt(Pubkey),
    Claim(Pubkey),
    /// No `Asset` for this mint.
    Asset(Pubkey),
    /// No stake position of `owner` in `pool`'s `tranche`.
    Position {
        pool: u32,
        tranche: u32,
    },
    /// This wallet has no assessor stake: it has no weight in any poll.
    AssessorStake(Pubkey),
    /// No vote by `voter` on `claim`: nothing to reveal.
    Vote {
        claim: Pubkey,
        voter: Pubkey,
    },
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Missing::Config => write!(
                f,
                "the mutual is not set up at this cluster (no config account): the program is not deployed or \
                 not bootstrapped here"
            ),
            Missing::Product(id) => write!(f, "product {id} does not exist"),
            Missing::Pool(id) => write!(f, "pool {id} does not exist"),
            Missing::Cover { product, seq } => write!(
                f,
                "cover {product}/{seq} does not exist (never bought, or expired and closed)"
            ),
            Missing::CoverAt(address) => write!(
                f,
                "cover {address} does not exist (never bought, or expired and closed)"
            ),
            Missing::Claim(address) => write!(f, "claim {address} does not exist"),
            Missing::Asset(mint) => write!(f, "no asset is registered for mint {mint}"),
            Missing::Position { pool, tranche } => {
                write!(f, "you hold no stake position in pool {pool}, tranche {tranche}")
            }
            Missing::AssessorStake(wallet) => write!(
                f,
                "{wallet} has no assessor stake (it weighs only in claims filed after it is staked)"
            ),
            Missing::Vote { claim, voter } => {
                write!(f, "no vote by {voter} on claim {claim}: nothing to reveal")
            }
        }
    }
}

/// Name and message of a program error code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorInfo {
    pub code: u32,
    pub name: &'static str,
    pub message: &'static str,
}

/// Anchor's own errors that the program's account checks can raise (codes, names and messages from Anchor).
const ANCHOR_ERRORS: &[AnchorErrorCode] = &[
    AnchorErrorCode::ConstraintMut,
    AnchorErrorCode::ConstraintHasOne,
    AnchorErrorCode::ConstraintSigner,
    AnchorErrorCode::ConstraintRaw,
    AnchorErrorCode::ConstraintSeeds,
    AnchorErrorCode::ConstraintAssociated,
    AnchorErrorCode::ConstraintAddress,
    AnchorErrorCode::ConstraintTokenMint,
    AnchorErrorCode::ConstraintTokenOwner,
    AnchorErrorCode::ConstraintMintMintAuthority,
    AnchorErrorCode::ConstraintMintTokenProgram,
    AnchorErrorCode::ConstraintTokenTokenProgram,
    AnchorErrorCode::ConstraintAssociatedTokenTokenProgram,
    AnchorErrorCode::ConstraintDuplicateMutableAccount,
    AnchorErrorCode::AccountDiscriminatorNotFound,
    AnchorErrorCode::AccountDiscriminatorMismatch,
    AnchorErrorCode::AccountDidNotDeserialize,
    AnchorErrorCode::AccountOwnedByWrongProgram,
    AnchorErrorCode::InvalidProgramId,
    AnchorErrorCode::InvalidProgramExecutable,
    AnchorErrorCode::AccountNotSigner,
    AnchorErrorCode::AccountNotSystemOwned,
    AnchorErrorCode::AccountNotInitialized,
    AnchorErrorCode::AccountNotProgramData,
    AnchorErrorCode::AccountNotAssociatedTokenAccount,
];

fn leak(text: String) -> &'static str {
    // Leaked once per process: the table lives for the whole run.
    Box::leak(text.into_boxed_str())
}

fn program_errors() -> &'static HashMap<u32, ErrorInfo> {
    static ERRORS: OnceLock<HashMap<u32, ErrorInfo>> = OnceLock::new();
    ERRORS.get_or_init(|| {
        let mut map: HashMap<u32, ErrorInfo> = ANCHOR_ERRORS
            .iter()
            .map(|&e| {
                let code = u32::from(e);
                let (name, message) = (leak(e.name()), leak(e.to_string()));
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
            let name = leak(name.to_string());
            let message = leak(e["msg"].as_str().unwrap_or("").to_string());
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
