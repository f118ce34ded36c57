//! The integration harness: a [`TestFixture`] over the SDK's embedded chain (solana-program-test with the
//! program, natively or as its SBF build when `MUTUAL_SBF_SO` is set, and the real SPL Token, Token-2022 and
//! ATA programs), and the compute-unit budgets that `tests/tests/cu/` enforces on the SBF build.
pub mod cu;
pub mod fixture;
pub mod fuzz;
pub mod multisig;

pub use fixture::*;

/// `solana_program_runtime::invoke_context::BuiltinFunctionWithContext`, which program-test does not re-export:
/// what `processor!` gives and `ProgramTest::add_builtin_program` takes, for a program that has no `.so`.
pub type Builtin = fn(
    *mut solana_program_test::EbpfVm<solana_program_test::InvokeContext<'static, 'static>>,
    u64,
    u64,
    u64,
    u64,
    u64,
);
