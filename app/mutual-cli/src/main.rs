use clap::Parser;
use std::io::stdin;
use std::process::ExitCode;

fn main() -> ExitCode {
    // The embedded chain logs every instruction at debug level unless told otherwise; a CLI user wants output.
    if std::env::var_os("RUST_LOG").is_none() {
        std::env::set_var("RUST_LOG", "error");
    }
    let cli = mutual_cli::Cli::parse();
    // Never `stdout().lock()` for the whole run: the localnet's chain thread would wait on that lock forever.
    let mut out = match mutual_cli::console::take_stdout() {
        Ok(out) => out,
        Err(e) => {
            eprintln!("error: standard output: {e}");
            return ExitCode::from(1);
        }
    };
    let mut input = stdin().lock();
    let result = mutual_cli::run(cli, &mut out, &mut input);
    let flushed = out.flush();
    match result.and(flushed.map_err(Into::into)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
