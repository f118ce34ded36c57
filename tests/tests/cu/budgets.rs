//! The budgets: every measurement within its row of `mutual_tests::cu`, and every IDL instruction with a row.
use super::measure::measure_every_instruction;
use libtest_mimic::Failed;
use mutual_tests::cu::{cu_budget, CU_BUDGETS, CU_CEILING};
use std::collections::BTreeSet;

pub(super) fn cu_budgets() -> Result<(), Failed> {
    let measured = measure_every_instruction();
    println!();
    println!("| instruction | case | CU | of which CPIs | budget | accounts | tx bytes |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    let mut failures = Vec::new();
    for row in &measured.0 {
        let budget = cu_budget(row.instruction, row.case);
        println!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            row.instruction,
            row.case,
            row.units,
            row.cpi_units,
            budget.map_or("none".to_string(), |b| b.to_string()),
            row.accounts,
            row.bytes
        );
        match budget {
            None => failures.push(format!(
                "{} ({}) has no budget in mutual_tests::cu",
                row.instruction, row.case
            )),
            Some(b) if row.units > b.min(CU_CEILING) => failures.push(format!(
                "{} ({}) used {} CU, over its budget of {b}",
                row.instruction, row.case, row.units
            )),
            Some(_) => {}
        }
    }
    for budget in CU_BUDGETS {
        let seen = measured
            .0
            .iter()
            .any(|r| (r.instruction, r.case) == (budget.instruction, budget.case));
        if !seen {
            failures.push(format!("{budget:?} was never measured"));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n").into())
    }
}

/// The instruction names of the committed IDL.
fn idl_instructions() -> BTreeSet<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../idl/mutual.json");
    let idl: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("idl/mutual.json"))
            .expect("the IDL is JSON");
    idl["instructions"]
        .as_array()
        .expect("instructions")
        .iter()
        .map(|i| i["name"].as_str().expect("name").to_string())
        .collect()
}

/// Runs on every build: a new instruction fails CI until it has a budget row (and so a measurement).
pub(super) fn every_idl_instruction_has_a_cu_budget() -> Result<(), Failed> {
    let budgeted: BTreeSet<String> = CU_BUDGETS
        .iter()
        .map(|b| b.instruction.to_string())
        .collect();
    let instructions = idl_instructions();
    let missing: Vec<_> = instructions.difference(&budgeted).collect();
    let unknown: Vec<_> = budgeted.difference(&instructions).collect();
    if missing.is_empty() && unknown.is_empty() {
        Ok(())
    } else {
        Err(
            format!("no CU budget for {missing:?}; budgets for unknown instructions {unknown:?}")
                .into(),
        )
    }
}
