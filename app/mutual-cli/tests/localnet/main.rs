//! The localnet over real JSON-RPC: solana-rpc-client (through the SDK's `RpcTransport`) reads, sends,
//! confirms, and gets the program's refusals with their logs.

#[path = "../support/mod.rs"]
mod support;

mod cli_over_rpc;
mod json_rpc;
mod ledger;
mod pubsub;
mod throughput;

fn options(ledger: &std::path::Path) -> mutual_cli::localnet::LocalnetOptions {
    mutual_cli::localnet::LocalnetOptions {
        port: 0,
        ledger: Some(ledger.to_path_buf()),
        reset: false,
        clock: mutual_cli::localnet::ClockMode::Manual,
    }
}
