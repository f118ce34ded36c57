//! The whole-protocol stateful fuzz (issue 27, docs/testing.md): seeded runs of `mutual_tests::fuzz`, every
//! invariant checked after every step. Each prints `fuzz: N steps, M invariant checks, K refused`; together they
//! take 10,000 steps natively. On the SBF build (`MUTUAL_SBF_SO`) each runs a tenth of its steps.
use mutual_tests::fuzz::year::{DAYS, MONTH};
use mutual_tests::fuzz::{Fuzz, Report};

/// Steps per seed natively; the SBF build runs a tenth.
const STEPS: u64 = 1_250;

fn sbf() -> bool {
    std::env::var_os("MUTUAL_SBF_SO").is_some()
}

fn steps() -> u64 {
    if sbf() {
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

/// Economics over a simulated year: ordinary buyers, traders, stakers and claims with the default parameters;
/// every step through the fuzz's checks, no sale below the MCR, every counted claim payable.
#[test]
fn fuzz_economics_over_a_year_stay_solvent() {
    // a quarter on the SBF build
    let days = if sbf() { DAYS / 4 } else { DAYS };
    let year = Fuzz::year(11, days);
    let dollars = |units: u64| units as f64 / 1e6;
    println!(
        "year ({days} days): {} covers, {} claims filed, {} paid, {} denied; premiums {:.2} USDC, payouts {:.2} USDC, {:.4} tokens burnt; \
         lowest capital/MCR after a sale {:.2}x; book value by month {:?}",
        year.covers_bought,
        year.claims_filed,
        year.claims_paid,
        year.claims_denied,
        dollars(year.premiums),
        dollars(year.payouts),
        year.burnt as f64 / 1e9,
        year.lowest_cover_of_mcr_bps as f64 / 1e4,
        year.book_values
    );
    println!("{}", year.report.line());
    assert!(year.covers_bought > days / 4, "a year of ordinary buying");
    assert!(year.claims_filed > 0, "a year has claims");
    assert_eq!(year.book_values.len() as u64, days / MONTH);
}
