//! Compute units per instruction, measured on the SBF build (`MUTUAL_SBF_SO`), held to the budgets of
//! `mutual_tests::cu`. Natively the program is charged about 1 CU per instruction, so the measurement reports
//! itself as ignored there instead of passing on meaningless figures. Wallets and mints come from fixed keys, so
//! every PDA's bump search, and so every figure, is the same on every run.
//!
//! `MUTUAL_SBF_SO=target/sbf/mutual.so cargo test -p mutual-tests --test cu` prints the table;
//! `MUTUAL_CU_LOGS=1` also prints each measured transaction's logs, for profiling with `sol_log_compute_units`.
use anchor_lang::solana_program::instruction::Instruction;
use libtest_mimic::{Arguments, Trial};
use mutual_sdk::{Keypair, ProgramBuild, Receipt};
use mutual_tests::*;

mod budgets;
mod measure;
mod measure_cover_and_claims;
mod rent;

use budgets::{cu_budgets, every_idl_instruction_has_a_cu_budget};
use rent::rent_of_every_account_type;

fn main() {
    let args = Arguments::from_args();
    let on_sbf = ProgramBuild::from_env().is_sbf();
    let trials = vec![
        Trial::test("cu_budgets_on_the_sbf_build", cu_budgets).with_ignored_flag(!on_sbf),
        Trial::test(
            "every_idl_instruction_has_a_cu_budget",
            every_idl_instruction_has_a_cu_budget,
        ),
        Trial::test("rent_of_every_account_type", rent_of_every_account_type),
    ];
    libtest_mimic::run(&args, trials).exit();
}

/// A key that is the same on every run.
fn fixed_key(seed: u8) -> Keypair {
    Keypair::new_from_array([seed; 32])
}

/// One measured transaction.
struct Measured {
    instruction: &'static str,
    case: &'static str,
    units: u64,
    /// Of `units`, what the CPIs into other programs (token programs, ATA, system) consumed.
    cpi_units: u64,
    accounts: usize,
    bytes: usize,
}

/// Compute units consumed by the programs the top-level instruction invoked (depth 2), from the runtime's
/// `Program <id> invoke [n]` / `Program <id> consumed <u> of <m> compute units` log lines. Builtins such as
/// the system program log no `consumed` line; their fixed cost stays in the caller's figure.
fn cpi_units(logs: &[String]) -> u64 {
    let mut depth = 0usize;
    let mut total = 0;
    for line in logs {
        let Some(rest) = line.strip_prefix("Program ") else {
            continue;
        };
        let words: Vec<&str> = rest.split_whitespace().collect();
        match words.as_slice() {
            [_, "invoke", level] => {
                depth = level
                    .trim_matches(|c| c == '[' || c == ']')
                    .parse()
                    .unwrap_or(depth + 1)
            }
            [_, "consumed", units, "of", _, "compute", "units"] if depth == 2 => {
                total += units.parse::<u64>().unwrap_or(0)
            }
            [_, "success"] | [_, "failed:", ..] => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    total
}

#[derive(Default)]
struct Measurements(Vec<Measured>);

impl Measurements {
    /// Sends `ix` alone, asserts success, and records its figures.
    fn send(
        &mut self,
        f: &TestFixture,
        instruction: &'static str,
        case: &'static str,
        ix: Instruction,
        signers: &[&Keypair],
    ) -> Receipt {
        let receipt = f.send_ok(&[ix], signers);
        if std::env::var_os("MUTUAL_CU_LOGS").is_some() {
            println!("-- {instruction} {case}\n{}", receipt.logs.join("\n"));
        }
        let units = receipt
            .compute_units
            .expect("the embedded chain reports compute units");
        self.0.push(Measured {
            instruction,
            case,
            units,
            cpi_units: cpi_units(&receipt.logs),
            accounts: receipt.size.accounts,
            bytes: receipt.size.bytes,
        });
        receipt
    }
}
