//! The integration harness: a [`TestFixture`] over the SDK's embedded chain (solana-program-test with the
//! program loaded natively and the real SPL Token, Token-2022 and ATA programs).
pub mod fixture;

pub use fixture::*;
