//! The CLI end to end: commands run in-process on `--url embedded`, and the `mutual` binary itself for the demo.

#[path = "../support/mod.rs"]
mod support;

mod basics;
mod claims;
mod cover;
mod products_pools_and_stake;
mod reads;

fn solana_sha256(bytes: &[u8]) -> [u8; 32] {
    solana_sha256_hasher::hash(bytes).to_bytes()
}
