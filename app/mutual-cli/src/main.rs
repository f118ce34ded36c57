use clap::Parser;
use std::io::{stdin, stdout};
use std::process::ExitCode;

fn main() -> ExitCode {
    // The embedded chain logs every instruction at debug level unless told otherwise; a CLI user wants output.
    if std::env::var_os("RUST_LOG").is_none() {
        std::env::set_var("RUST_LOG", "error");
    }
    let cli = mutual_cli::Cli::parse();
    let mut out = stdout().lock();
    let mut input = stdin().lock();
    match mutual_cli::run(cli, &mut out, &mut input) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
