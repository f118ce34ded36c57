//! Rust SDK for the mutual program.
//!
//! - [`pda`]: one function per program-derived address.
//! - [`ix`]: pure instruction builders that take plain arguments and return an `Instruction`.
//! - [`fetch`]: typed account fetchers over any [`Transport`].
//! - [`prices`]: Pyth price-feed addresses and `PriceUpdateV2` accounts (fixtures, the localnet's test feed).
//! - [`cover`]: cover quotes with the program's own placement, routing cheapest first, a wallet's covers.
//! - [`claims`]: claims, votes and assessor records, the claim instructions built from chain state, and the view of
//!   a poll (phase, time left, tally or hidden).
//! - [`capital`]: the capital pool's report (per asset, MCR, MCR ratio, book value) and its refresh.
//! - [`compute_budget`]: the compute-unit limit and price instructions every transaction of the CLI carries.
//! - [`transport`]: the same code runs over JSON-RPC ([`RpcTransport`]) and, with the `embedded` feature, on the
//!   in-process chain (`EmbeddedChain`, solana-program-test). Integrators leave the feature off and do not
//!   build the validator runtime.
//! - [`events`]: decodes the program's events from transaction logs.
//! - [`errors`]: program error codes to names and messages, from the committed IDL.
pub mod capital;
pub mod claims;
pub mod compute_budget;
pub mod cover;
pub mod errors;
pub mod events;
pub mod fetch;
pub mod ix;
pub mod pda;
pub mod prices;
pub mod quote;
pub mod risk;
pub mod spl;
pub mod staking;
pub mod transport;

pub use anchor_lang::prelude::Pubkey;
pub use errors::SdkError;
pub use events::MutualEvent;
/// Basis points, as every rate of the protocol is given.
pub use mutual::math::Bps;
pub use mutual::ID as PROGRAM_ID;
pub use solana_keypair::Keypair;
pub use solana_signer::Signer;
#[cfg(feature = "embedded")]
pub use transport::{embedded::EmbeddedChain, program_build::ProgramBuild};
pub use transport::{rpc::RpcTransport, AccountFilter, Receipt, Transport, TxSize};

pub type Result<T> = std::result::Result<T, SdkError>;
