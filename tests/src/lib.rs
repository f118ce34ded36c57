//! The integration harness: a [`TestFixture`] over the SDK's embedded chain (solana-program-test with the
//! program, natively or as its SBF build when `MUTUAL_SBF_SO` is set, and the real SPL Token, Token-2022 and
//! ATA programs), and the compute-unit budgets that `tests/tests/cu/` enforces on the SBF build.
pub mod cu;
pub mod fixture;
pub mod fuzz;

pub use fixture::*;
