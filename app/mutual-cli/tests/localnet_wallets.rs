//! What wallet libraries send and read, over raw JSON-RPC: version-0 transactions with an address lookup table,
//! getTransaction and getBlock in every encoding, simulations that always report units, a slot per
//! transaction, the clock, and prioritization fees.
use mutual::constants::LAMPORTS_PER_SOL;
use mutual_cli::localnet::{ClockMode, Localnet, LocalnetOptions};
use mutual_sdk::{Keypair, Signer};
use serde_json::{json, Value};
use solana_message::{v0, AddressLookupTableAccount, VersionedMessage};
use solana_transaction::versioned::VersionedTransaction;
use solana_transaction::Transaction;
use std::net::SocketAddr;

mod support;
use support::*;

fn start(clock: ClockMode) -> Localnet {
    Localnet::start_with(LocalnetOptions {
        clock,
        ..LocalnetOptions::default()
    })
    .expect("localnet starts")
}

fn result(addr: SocketAddr, method: &str, params: Value) -> Value {
    let answer = rpc_call(addr, method, params);
    assert!(answer["error"].is_null(), "{method}: {answer}");
    answer["result"].clone()
}

fn blockhash(addr: SocketAddr) -> solana_hash::Hash {
    result(addr, "getLatestBlockhash", json!([]))["value"]["blockhash"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

fn airdrop(addr: SocketAddr, to: &mutual_sdk::Pubkey, lamports: u64) {
    result(addr, "requestAirdrop", json!([to.to_string(), lamports]));
}

/// Sends a legacy transaction of `ixs` signed by `payer` (and `signers`); returns its signature.
fn send_legacy(
    addr: SocketAddr,
    payer: &Keypair,
    signers: &[&Keypair],
    ixs: &[anchor_lang::solana_program::instruction::Instruction],
) -> String {
    let mut all = vec![payer];
    all.extend_from_slice(signers);
    let tx = Transaction::new_signed_with_payer(ixs, Some(&payer.pubkey()), &all, blockhash(addr));
    result(
        addr,
        "sendTransaction",
        json!([base64_of(&tx), {"encoding": "base64"}]),
    )
    .as_str()
    .unwrap()
    .to_string()
}

fn slot_of(addr: SocketAddr, signature: &str) -> u64 {
    result(addr, "getSignatureStatuses", json!([[signature]]))["value"][0]["slot"]
        .as_u64()
        .expect("a processed transaction")
}

#[test]
fn a_version_0_transaction_through_a_lookup_table_is_sent_and_served_back_in_every_encoding() {
    use solana_address_lookup_table_interface::instruction::{
        create_lookup_table, extend_lookup_table,
    };
    // Arrange: a payer, a lookup table created at the current slot and extended with two addresses
    let localnet = start(ClockMode::Manual);
    let addr = localnet.addr;
    let payer = Keypair::new();
    airdrop(addr, &payer.pubkey(), 2 * LAMPORTS_PER_SOL);
    let [first, second] = [
        mutual_sdk::Pubkey::new_unique(),
        mutual_sdk::Pubkey::new_unique(),
    ];
    let recent = result(addr, "getSlot", json!([])).as_u64().unwrap();
    let (create, table) = create_lookup_table(payer.pubkey(), payer.pubkey(), recent);
    let created = send_legacy(addr, &payer, &[], &[create]);
    let extend = extend_lookup_table(
        table,
        payer.pubkey(),
        Some(payer.pubkey()),
        vec![first, second],
    );
    let extended = send_legacy(addr, &payer, &[], &[extend]);
    let transfer = anchor_lang::solana_program::system_instruction::transfer(
        &payer.pubkey(),
        &second,
        1_000_000,
    );
    let lookup = AddressLookupTableAccount {
        key: table,
        addresses: vec![first, second],
    };
    let v0_tx = |amount_ix| {
        let message = v0::Message::try_compile(
            &payer.pubkey(),
            &[amount_ix],
            std::slice::from_ref(&lookup),
            blockhash(addr),
        )
        .unwrap();
        VersionedTransaction::try_new(VersionedMessage::V0(message), &[&payer]).unwrap()
    };
    let tx = v0_tx(transfer.clone());
    let fee = result(addr, "getFeeForMessage", json!([base64_of(&tx.message)]));

    // Act: simulated, sent, then read back
    let simulated = result(
        addr,
        "simulateTransaction",
        json!([base64_of(&tx), {"encoding": "base64", "sigVerify": true}]),
    );
    let signature = result(
        addr,
        "sendTransaction",
        json!([base64_of(&tx), {"encoding": "base64"}]),
    );
    let signature = signature.as_str().unwrap();
    let unversioned = rpc_call(addr, "getTransaction", json!([signature]));
    let read = |encoding: &str| {
        result(
            addr,
            "getTransaction",
            json!([signature, {"encoding": encoding, "maxSupportedTransactionVersion": 0}]),
        )
    };
    let (as_json, parsed, as_base64, as_base58) = (
        read("json"),
        read("jsonParsed"),
        read("base64"),
        read("base58"),
    );
    let slot = slot_of(addr, signature);
    let block = result(
        addr,
        "getBlock",
        json!([slot, {"maxSupportedTransactionVersion": 0}]),
    );
    let block_unversioned = rpc_call(addr, "getBlock", json!([slot]));
    let block_time = result(addr, "getBlockTime", json!([slot]));
    let balance = result(addr, "getBalance", json!([second.to_string()]));

    // Assert: the table's address loaded the recipient, writable, and every shape is the standard one
    assert_eq!(fee["value"], 5_000);
    assert_eq!(simulated["value"]["err"], Value::Null, "{simulated}");
    assert!(simulated["value"]["unitsConsumed"].as_u64().unwrap() > 0);
    assert_eq!(simulated["value"]["fee"], 5_000);
    assert_eq!(balance["value"], 1_000_000);
    assert_eq!(unversioned["error"]["code"], -32015, "{unversioned}");
    assert_eq!(as_json["version"], 0);
    assert_eq!(as_json["slot"], slot);
    assert_eq!(as_json["blockTime"], block_time);
    assert_eq!(as_json["transaction"]["signatures"][0], signature);
    assert_eq!(
        as_json["transaction"]["message"]["addressTableLookups"][0]["accountKey"],
        table.to_string()
    );
    assert_eq!(
        as_json["transaction"]["message"]["addressTableLookups"][0]["writableIndexes"],
        json!([1])
    );
    assert_eq!(
        as_json["meta"]["loadedAddresses"],
        json!({"writable": [second.to_string()], "readonly": []})
    );
    assert_eq!(as_json["meta"]["err"], Value::Null);
    assert_eq!(as_json["meta"]["status"], json!({"Ok": null}));
    assert_eq!(as_json["meta"]["fee"], 5_000);
    // payer, system program, then the loaded recipient
    assert_eq!(as_json["meta"]["postBalances"][2], 1_000_000);
    assert_eq!(as_json["meta"]["preBalances"][2], 0);
    assert!(as_json["meta"]["computeUnitsConsumed"].as_u64().unwrap() > 0);
    let instruction = &parsed["transaction"]["message"]["instructions"][0];
    assert_eq!(instruction["program"], "system");
    assert_eq!(instruction["parsed"]["type"], "transfer");
    assert_eq!(instruction["parsed"]["info"]["lamports"], 1_000_000);
    assert_eq!(
        instruction["parsed"]["info"]["destination"],
        second.to_string()
    );
    assert_eq!(as_base64["transaction"], json!([base64_of(&tx), "base64"]));
    assert_eq!(
        as_base58["transaction"],
        json!([
            bs58::encode(bincode::serialize(&tx).unwrap()).into_string(),
            "base58"
        ])
    );
    assert_eq!(
        block["transactions"][0]["transaction"]["signatures"][0],
        signature
    );
    assert_eq!(block["transactions"][0]["version"], 0);
    assert_eq!(block["blockTime"], block_time);
    assert!(block["parentSlot"].as_u64().unwrap() < slot);
    assert_eq!(block_unversioned["error"]["code"], -32015);
    // each transaction in a slot of its own, in order
    let slots = [slot_of(addr, &created), slot_of(addr, &extended), slot];
    assert!(slots.windows(2).all(|w| w[0] < w[1]), "{slots:?}");
    assert!(recent < slots[0]);
}

#[test]
fn simulations_always_report_units_and_a_failing_one_keeps_its_logs() {
    // Arrange: a payer that does not exist, and a transfer beyond a funded payer's balance
    let localnet = start(ClockMode::Manual);
    let addr = localnet.addr;
    let ghost = Keypair::new();
    let funded = Keypair::new();
    airdrop(addr, &funded.pubkey(), LAMPORTS_PER_SOL);
    let to = mutual_sdk::Pubkey::new_unique();
    let signed = |payer: &Keypair, lamports| {
        let ix = anchor_lang::solana_program::system_instruction::transfer(
            &payer.pubkey(),
            &to,
            lamports,
        );
        Transaction::new_signed_with_payer(&[ix], Some(&payer.pubkey()), &[payer], blockhash(addr))
    };

    // Act
    let unloaded = result(
        addr,
        "simulateTransaction",
        json!([base64_of(&signed(&ghost, 1)), {"encoding": "base64"}]),
    );
    let overdrawn = result(
        addr,
        "simulateTransaction",
        json!([base64_of(&signed(&funded, 2 * LAMPORTS_PER_SOL)), {"encoding": "base64", "innerInstructions": true}]),
    );

    // Assert: a number of units either way, as a validator answers
    assert_eq!(unloaded["value"]["err"], "AccountNotFound");
    assert_eq!(unloaded["value"]["unitsConsumed"], 0);
    assert_eq!(unloaded["value"]["logs"], json!([]));
    assert_eq!(
        overdrawn["value"]["err"],
        json!({"InstructionError": [0, {"Custom": 1}]})
    );
    assert!(overdrawn["value"]["unitsConsumed"].as_u64().unwrap() > 0);
    assert!(overdrawn["value"]["logs"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l.as_str().unwrap().contains("insufficient lamports")));
    assert_eq!(overdrawn["value"]["innerInstructions"], json!([]));
}

#[test]
fn the_clock_follows_the_wall_clock_and_a_warp_in_wall_mode_and_only_warps_in_manual_mode() {
    for mode in [ClockMode::Wall, ClockMode::Manual] {
        // Arrange
        let localnet = start(mode);
        let addr = localnet.addr;
        let payer = Keypair::new();
        airdrop(addr, &payer.pubkey(), LAMPORTS_PER_SOL);
        let time_of = |signature: &str| {
            let slot = slot_of(addr, signature);
            result(addr, "getBlockTime", json!([slot]))
                .as_i64()
                .unwrap()
        };
        let transfer = anchor_lang::solana_program::system_instruction::transfer(
            &payer.pubkey(),
            &mutual_sdk::Pubkey::new_unique(),
            1_000_000,
        );

        // Act: two transactions 1.1 s apart, a warp of an hour, a third
        let first = send_legacy(addr, &payer, &[], std::slice::from_ref(&transfer));
        std::thread::sleep(std::time::Duration::from_millis(1_100));
        let second = send_legacy(addr, &payer, &[], std::slice::from_ref(&transfer));
        let warped = result(addr, mutual_cli::localnet::WARP_METHOD, json!([3_600]))
            .as_i64()
            .unwrap();
        let third = send_legacy(addr, &payer, &[], std::slice::from_ref(&transfer));

        // Assert
        let (t1, t2, t3) = (time_of(&first), time_of(&second), time_of(&third));
        match mode {
            ClockMode::Wall => {
                assert!(t2 > t1, "{t1} {t2}");
                assert!(warped >= t2 + 3_600, "{t2} {warped}");
                assert!(t3 >= warped);
            }
            ClockMode::Manual => {
                assert_eq!(t2, t1);
                assert_eq!(warped, t2 + 3_600);
                assert_eq!(t3, warped);
            }
        }
    }
}

#[test]
fn recent_prioritization_fees_are_the_prices_transactions_paid() {
    // Arrange: transfers at 0, 3 and 7 micro-lamports per unit, the last two writing one account
    let localnet = start(ClockMode::Manual);
    let addr = localnet.addr;
    let payer = Keypair::new();
    airdrop(addr, &payer.pubkey(), LAMPORTS_PER_SOL);
    let hot = mutual_sdk::Pubkey::new_unique();
    let transfer = |to| {
        anchor_lang::solana_program::system_instruction::transfer(&payer.pubkey(), &to, 1_000_000)
    };
    let plain = send_legacy(
        addr,
        &payer,
        &[],
        &[transfer(mutual_sdk::Pubkey::new_unique())],
    );
    let three = send_legacy(
        addr,
        &payer,
        &[],
        &[mutual_sdk::compute_budget::set_price(3), transfer(hot)],
    );
    let seven = send_legacy(
        addr,
        &payer,
        &[],
        &[mutual_sdk::compute_budget::set_price(7), transfer(hot)],
    );

    // Act
    let all = result(addr, "getRecentPrioritizationFees", json!([]));
    let for_hot = result(
        addr,
        "getRecentPrioritizationFees",
        json!([[hot.to_string()]]),
    );
    let seven_tx = result(
        addr,
        "getTransaction",
        json!([seven, {"maxSupportedTransactionVersion": 0}]),
    );

    // Assert: one entry per recent block; each slot's price is the one its transaction paid
    let fee_at = |fees: &Value, signature: &str| {
        let slot = slot_of(addr, signature);
        fees.as_array()
            .unwrap()
            .iter()
            .find(|f| f["slot"] == slot)
            .map(|f| f["prioritizationFee"].as_u64().unwrap())
    };
    assert_eq!(fee_at(&all, &plain), Some(0));
    assert_eq!(fee_at(&all, &three), Some(3));
    assert_eq!(fee_at(&for_hot, &seven), Some(7));
    // the fee charged: 5,000 per signature, plus 7 micro-lamports for each unit of the default limit (3,000 per
    // built-in instruction, two here), rounded up: 1
    assert_eq!(seven_tx["meta"]["fee"], 5_001, "{seven_tx}");
}
