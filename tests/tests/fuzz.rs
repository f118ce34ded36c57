//! The whole-protocol stateful fuzz (issue 27, docs/testing.md): seeded runs of `mutual_tests::fuzz`, every
//! invariant checked after every step. Each prints `fuzz: N steps, M invariant checks, K refused`; together they
//! take 10,000 steps natively. On the SBF build (`MUTUAL_SBF_SO`) each runs a tenth of its steps.
use mutual_tests::fuzz::{Fuzz, Report};

/// Steps per seed natively; the SBF build runs a tenth.
const STEPS: u64 = 1_250;

fn steps() -> u64 {
    if std::env::var_os("MUTUAL_SBF_SO").is_some() {
        STEPS / 10
    } else {
        STEPS
    }
}

fn run(seeds: &[u64]) {
    let mut total = Report::default();
    for seed in seeds {
        total.add(Fuzz::run(*seed, steps()));
    }
    println!("{}", total.line());
    assert_eq!(total.steps, seeds.len() as u64 * steps());
}

#[test]
fn fuzz_seeds_1_and_2() {
    run(&[1, 2]);
}

#[test]
fn fuzz_seeds_3_and_4() {
    run(&[3, 4]);
}

#[test]
fn fuzz_seeds_5_and_6() {
    run(&[5, 6]);
}

#[test]
fn fuzz_seeds_7_and_8() {
    run(&[7, 8]);
}
