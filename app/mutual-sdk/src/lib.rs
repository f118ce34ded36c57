//! Rust SDK for the mutual program.
//!
//! - [`pda`]: one function per program-derived address.
//! - [`ix`]: pure instruction builders that take plain arguments and return an `Instruction`.
//! - [`fetch`]: typed account fetchers over any [`Transport`].
//! - [`transport`]: the same code runs over JSON-RPC ([`RpcTransport`]) and, with the `embedded` feature, on the
//!   in-process chain (`EmbeddedChain`, solana-program-test). Integrators leave the feature off and do not
//!   build the validator runtime.
//! - [`events`]: decodes the program's events from transaction logs.
//! - [`errors`]: program error codes to names and messages, from the committed IDL.
pub mod errors;
pub mod events;
pub mod fetch;
pub mod ix;
pub mod pda;
pub mod quote;
pub mod risk;
pub mod spl;
pub mod staking;
pub mod transport;

pub use anchor_lang::prelude::Pubkey;
pub use errors::SdkError;
pub use events::MutualEvent;
pub use mutual::ID as PROGRAM_ID;
pub use solana_keypair::Keypair;
pub use solana_signer::Signer;
#[cfg(feature = "embedded")]
pub use transport::{embedded::EmbeddedChain, program_build::ProgramBuild};
pub use transport::{rpc::RpcTransport, AccountFilter, Receipt, Transport, TxSize};

pub type Result<T> = std::result::Result<T, SdkError>;
