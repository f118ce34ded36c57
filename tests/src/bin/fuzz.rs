//! The long run of the stateful fuzz (docs/testing.md): `cargo run --release -p mutual-tests --bin fuzz --
//! --steps 1000000 --seed 7`. Prints the steps per second and the invariant checks made; a violation panics
//! with the seed's step sequence.
use mutual_tests::fuzz::Fuzz;
use std::time::Instant;

fn main() {
    let mut steps = 10_000u64;
    let mut seed = 1u64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().and_then(|v| v.parse().ok());
        match (arg.as_str(), value) {
            ("--steps", Some(v)) => steps = v,
            ("--seed", Some(v)) => seed = v,
            _ => {
                eprintln!("usage: fuzz [--steps N] [--seed S]");
                std::process::exit(2);
            }
        }
    }
    let started = Instant::now();
    let (report, coverage) = Fuzz::run_with_coverage(seed, steps);
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "fuzz: {} steps, {} invariant checks, {} refused (seed {seed}; {:.0} steps/s over {seconds:.1} s)",
        report.steps,
        report.checks,
        report.refused,
        report.steps as f64 / seconds.max(f64::EPSILON)
    );
    println!("{:<18} {:>8} {:>8}", "step", "taken", "refused");
    for (kind, (taken, refused)) in coverage {
        println!("{kind:<18} {taken:>8} {refused:>8}");
    }
}
