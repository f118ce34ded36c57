//! The whole-protocol stateful fuzz (issue 27, first part): seeded runs of `mutual_tests::fuzz`, every
//! invariant checked after every step. Each prints `fuzz: N steps, M invariant checks, K refused`.
use mutual_tests::fuzz::Fuzz;

/// Seeds and steps of the CI-sized run.
const SEEDS: &[u64] = &[1, 2, 3, 4, 5];
const STEPS: u64 = 200;

#[test]
fn fuzz_members_trades_covers_and_claims_hold_every_invariant() {
    let mut total = mutual_tests::fuzz::Report::default();
    for seed in SEEDS {
        let report = Fuzz::new(*seed).run(STEPS);
        total.steps += report.steps;
        total.checks += report.checks;
        total.refused += report.refused;
    }
    println!(
        "fuzz: {} steps, {} invariant checks, {} refused",
        total.steps, total.checks, total.refused
    );
    assert_eq!(total.steps, SEEDS.len() as u64 * STEPS);
}
