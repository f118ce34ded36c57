//! `mutual serve`: the Solana Actions for a cluster, served on 127.0.0.1 (docs/web.md).
use crate::Result;
use clap::Args;
use std::io::Write;

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
}

/// `mutual serve`: the actions for the cluster at `url`, until the process stops.
pub fn run(url: &str, args: ServeArgs, out: &mut dyn Write) -> Result<()> {
    let ServeArgs { port } = args;
    let server = crate::actions::server::ActionServer::start(url, port)?;
    writeln!(
        out,
        "actions      {} (for the cluster at {url})",
        server.url()
    )?;
    writeln!(out, "actions.json {}/actions.json", server.url())?;
    out.flush()?;
    server.wait();
    Ok(())
}
