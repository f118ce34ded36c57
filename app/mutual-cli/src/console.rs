//! Where the CLI's output goes, apart from the native program's.
//!
//! Natively, the program's `msg!` (Anchor's `AnchorError thrown in ...` among them) is a `println!` to the
//! process's standard output (solana-msg's host build). In a process that runs the embedded chain (the demo,
//! `--url embedded`, `mutual localnet`) those lines would land between the CLI's sentences, and on the
//! localnet's chain thread a `println!` would wait for the stdout lock, or for a reader of a full pipe, and
//! freeze every RPC request queued behind it. So the CLI keeps the user's stdout for itself, as a duplicate,
//! and points file descriptor 1 at /dev/null: nothing the program prints can reach a terminal or block. What
//! the program reports still reaches clients: its error as the transaction's error, its events in the logs.
use std::io::Write;

/// The user's standard output for the CLI's own writes; from then on, stdout itself goes nowhere.
#[cfg(unix)]
pub fn take_stdout() -> std::io::Result<Box<dyn Write>> {
    use std::os::fd::AsFd;
    let stdout = std::io::stdout();
    stdout.lock().flush()?;
    let user = std::fs::File::from(stdout.as_fd().try_clone_to_owned()?);
    let null = std::fs::OpenOptions::new().write(true).open("/dev/null")?;
    rustix::stdio::dup2_stdout(&null)?;
    Ok(Box::new(std::io::LineWriter::new(user)))
}

/// Elsewhere the program's lines still go to stdout, unlocked, so they cannot freeze a chain thread.
#[cfg(not(unix))]
pub fn take_stdout() -> std::io::Result<Box<dyn Write>> {
    Ok(Box::new(std::io::stdout()))
}
