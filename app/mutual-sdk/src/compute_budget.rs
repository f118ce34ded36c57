//! Compute-budget instructions: the compute-unit limit a transaction asks for and the price it offers per unit,
//! which is what lands a transaction on a busy cluster.
use anchor_lang::solana_program::instruction::Instruction;
use solana_compute_budget_interface::ComputeBudgetInstruction;

/// The most compute units a transaction may ask for.
pub const MAX_COMPUTE_UNIT_LIMIT: u32 = 1_400_000;

/// Asks for at most `units` compute units (the default is 200,000 per instruction).
pub fn set_limit(units: u32) -> Instruction {
    ComputeBudgetInstruction::set_compute_unit_limit(units)
}

/// Offers `micro_lamports` per compute unit as a priority fee.
pub fn set_price(micro_lamports: u64) -> Instruction {
    ComputeBudgetInstruction::set_compute_unit_price(micro_lamports)
}
