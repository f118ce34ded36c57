//! Throughput: a thousand concurrent transactions, all confirmed and none lost (a benchmark for
//! docs/performance.md).
use mutual::constants::LAMPORTS_PER_SOL;
use mutual_cli::localnet::Localnet;
use mutual_sdk::{fetch, Keypair, RpcTransport, Signer, Transport};

/// A benchmark, not a timed assertion: 1,000 transfers sent concurrently from 8 threads are each confirmed or
/// cleanly refused, and none is lost (the receiver's balance is their exact sum). Prints throughput and
/// p50 / p99 latency for docs/performance.md.
#[test]
fn a_thousand_concurrent_transactions_are_all_confirmed_and_none_is_lost() {
    const THREADS: u64 = 8;
    const PER_THREAD: u64 = 125;
    let localnet = Localnet::start(0).expect("localnet starts");
    let url = localnet.url();
    let receiver = Keypair::new().pubkey();
    let senders: Vec<Keypair> = (0..THREADS).map(|_| Keypair::new()).collect();
    let setup = RpcTransport::new(&url);
    for sender in &senders {
        setup.airdrop(&sender.pubkey(), LAMPORTS_PER_SOL).unwrap();
    }
    let started = std::time::Instant::now();
    let handles: Vec<_> = senders
        .into_iter()
        .enumerate()
        .map(|(t, sender)| {
            let url = url.clone();
            std::thread::spawn(move || {
                let rpc = RpcTransport::new(&url);
                let mut latencies = Vec::new();
                let mut sent = 0u64;
                for i in 0..PER_THREAD {
                    // Distinct amounts make every transaction distinct within one blockhash.
                    let lamports = 1_000_000 + (t as u64) * 1_000 + i;
                    let ix = anchor_lang::solana_program::system_instruction::transfer(
                        &sender.pubkey(),
                        &receiver,
                        lamports,
                    );
                    let at = std::time::Instant::now();
                    rpc.send(&[ix], &sender, &[]).expect("confirmed");
                    latencies.push(at.elapsed());
                    sent += lamports;
                }
                (sent, latencies)
            })
        })
        .collect();
    let mut total = 0u64;
    let mut latencies = Vec::new();
    for handle in handles {
        let (sent, l) = handle.join().expect("a sender thread");
        total += sent;
        latencies.extend(l);
    }
    let elapsed = started.elapsed();
    assert_eq!(fetch::lamports(&setup, &receiver).unwrap(), total);
    latencies.sort();
    let count = latencies.len();
    println!(
        "\n| transactions | threads | throughput (tx/s) | p50 | p99 |\n|---:|---:|---:|---:|---:|\n| {count} | {THREADS} | {:.0} | {:.2?} | {:.2?} |",
        count as f64 / elapsed.as_secs_f64(),
        latencies[count / 2],
        latencies[count * 99 / 100],
    );
}
