//! The long run of the stateful fuzz (docs/testing.md): `cargo run --release -p mutual-tests --bin fuzz --
//! --steps 1000000 --seed 7`. Prints the steps per second, the invariant checks made and how often each kind of
//! step was taken and refused; a violation panics with the seed, the shrunk sequence and a regression test.
//! `--ballast N` first fills the chain with N other accounts, to measure that the per-step cost stays flat.
use mutual_tests::fuzz::Fuzz;

fn main() {
    let mut steps = 10_000u64;
    let mut seed = 1u64;
    let mut ballast = 0u64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().and_then(|v| v.parse().ok());
        match (arg.as_str(), value) {
            ("--steps", Some(v)) => steps = v,
            ("--seed", Some(v)) => seed = v,
            ("--ballast", Some(v)) => ballast = v,
            _ => {
                eprintln!("usage: fuzz [--steps N] [--seed S] [--ballast ACCOUNTS]");
                std::process::exit(2);
            }
        }
    }
    let run = if ballast > 0 {
        Fuzz::run_with_ballast(seed, steps, ballast)
    } else {
        Fuzz::run_with_coverage(seed, steps)
    };
    let (report, coverage) = (run.report, run.coverage);
    let seconds = run.stepping.as_secs_f64();
    println!(
        "fuzz: {} steps, {} invariant checks, {} refused (seed {seed}, {ballast} ballast accounts; {:.1} steps/s over {seconds:.1} s of steps)",
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
