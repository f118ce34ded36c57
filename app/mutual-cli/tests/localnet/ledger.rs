//! The ledger: a restart keeps accounts, clock and signatures; a corrupt ledger is named and reset; SIGKILL
//! loses nothing.
use super::options;
use crate::support::*;
use mutual::constants::LAMPORTS_PER_SOL;
use mutual_cli::localnet::Localnet;
use mutual_sdk::{fetch, ix, Keypair, RpcTransport, Signer, Transport};

#[test]
fn a_restart_with_the_same_ledger_keeps_accounts_clock_and_signatures() {
    // Arrange: a member joins on a localnet saved to a ledger
    let ledger = temp_ledger("restart");
    let wallet = Keypair::new();
    let (signature, lamports, clock) = {
        let localnet = Localnet::start_with(options(&ledger)).expect("localnet starts");
        let rpc = RpcTransport::new(&localnet.url());
        rpc.airdrop(&wallet.pubkey(), LAMPORTS_PER_SOL).unwrap();
        let receipt = rpc
            .send(&[ix::member_join(&wallet.pubkey())], &wallet, &[])
            .unwrap();
        let lamports = fetch::lamports(&rpc, &wallet.pubkey()).unwrap();
        (receipt.signature, lamports, rpc.unix_timestamp().unwrap())
    };

    // Act: a new process would do the same: start from the ledger
    let localnet = Localnet::start_with(options(&ledger)).expect("localnet restarts");
    let rpc = RpcTransport::new(&localnet.url());

    // Assert
    let member = fetch::member(&rpc, &wallet.pubkey())
        .unwrap()
        .expect("the member survived");
    assert_eq!(member.wallet, wallet.pubkey());
    assert_eq!(fetch::lamports(&rpc, &wallet.pubkey()).unwrap(), lamports);
    assert_eq!(rpc.unix_timestamp().unwrap(), clock);
    let status = rpc
        .client()
        .get_signature_status(&signature.parse().unwrap())
        .unwrap();
    assert_eq!(status, Some(Ok(())));
    // The restored protocol still works: a second member joins.
    let other = Keypair::new();
    rpc.airdrop(&other.pubkey(), LAMPORTS_PER_SOL).unwrap();
    rpc.send(&[ix::member_join(&other.pubkey())], &other, &[])
        .unwrap();
    assert!(fetch::member(&rpc, &other.pubkey()).unwrap().is_some());
    // The authority's keypair file in the ledger signs the authority's commands: a sixth product.
    let key = localnet
        .authority_key
        .clone()
        .expect("the authority's keypair file");
    let key = key.to_str().unwrap();
    let authority = mutual_cli::chain::load_keypair(key).unwrap();
    assert_eq!(authority.pubkey(), localnet.authority);
    assert_eq!(fetch::config(&rpc).unwrap().authority, localnet.authority);
    let url = localnet.url();
    let created = cli(&[
        "--url",
        &url,
        "--keypair",
        key,
        "--json",
        "-y",
        "product",
        "create",
        "--name",
        "Bridge",
        "--wording-uri",
        "ipfs://bridge",
    ]);
    assert_eq!(created["id"], 5);
    assert_eq!(fetch::product(&rpc, 5).unwrap().terms.name, "Bridge");
}

#[test]
fn a_corrupt_ledger_is_an_error_naming_the_file_and_reset_starts_over() {
    let ledger = temp_ledger("corrupt");
    std::fs::create_dir_all(&ledger).unwrap();
    let state = ledger.join("state.json");
    std::fs::write(&state, b"{\"version\":1,\"deployer\":[1,2").unwrap();
    let err = Localnet::start_with(options(&ledger))
        .err()
        .expect("refused");
    let message = err.to_string();
    assert!(message.contains(&state.display().to_string()), "{message}");
    assert!(message.contains("--reset"), "{message}");
    let reset = mutual_cli::localnet::LocalnetOptions {
        reset: true,
        ..options(&ledger)
    };
    let localnet = Localnet::start_with(reset).expect("a reset starts over");
    let rpc = RpcTransport::new(&localnet.url());
    assert_eq!(fetch::config(&rpc).unwrap().pool_count, 0);
}

#[test]
fn sigkill_right_after_a_confirmed_transaction_loses_nothing() {
    // Arrange
    let ledger = temp_ledger("sigkill");
    let port = free_port();
    let mut child = spawn_localnet(port, &ledger);
    let url = format!("http://127.0.0.1:{port}");
    let rpc = RpcTransport::new(&url);
    let wallet = Keypair::new();
    rpc.airdrop(&wallet.pubkey(), LAMPORTS_PER_SOL).unwrap();

    // Act: confirmed, then SIGKILL at once
    rpc.send(&[ix::member_join(&wallet.pubkey())], &wallet, &[])
        .unwrap();
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    let mut restarted = spawn_localnet(port, &ledger);

    // Assert
    let member = fetch::member(&RpcTransport::new(&url), &wallet.pubkey()).unwrap();
    restarted.kill().unwrap();
    restarted.wait().unwrap();
    assert_eq!(member.map(|m| m.wallet), Some(wallet.pubkey()));
}
