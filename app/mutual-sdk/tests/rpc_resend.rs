//! `RpcTransport::send` against a scripted JSON-RPC node: a transaction whose blockhash expires before it is
//! confirmed is signed again only once it can no longer land, so two different transactions of one call never
//! both land.
use mutual_sdk::{Keypair, RpcTransport, Signer, Transport};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// What the scripted node does with the first signature it is sent.
#[derive(Clone, Copy, Debug, PartialEq)]
enum First {
    /// Never seen again: its blockhash expires, and the call must sign a new transaction.
    Lost,
    /// Found by the last look through the history, after its blockhash expired: nothing more is sent.
    LandsLate,
    /// Refused by the preflight for its blockhash: signed again at once.
    StaleAtPreflight,
}

/// Everything the node was asked, in order.
#[derive(Default)]
struct Node {
    calls: Vec<(String, Value)>,
    sent: Vec<VersionedTx>,
    blockhashes_given: u64,
}

type VersionedTx = solana_transaction::versioned::VersionedTransaction;

/// The block height the node reports: below the first blockhash's last valid height (10) on the first call,
/// above it afterwards.
fn height(node: &Node) -> u64 {
    let asked = node
        .calls
        .iter()
        .filter(|(m, _)| m == "getBlockHeight")
        .count();
    if asked <= 1 {
        5
    } else {
        11
    }
}

fn answer(first: First, node: &mut Node, method: &str, params: &Value) -> Value {
    let context = |value: Value| json!({"context": {"slot": 1}, "value": value});
    let landed = json!({"slot": 2, "confirmations": null, "err": null, "status": {"Ok": null}, "confirmationStatus": "finalized"});
    match method {
        "getLatestBlockhash" => {
            node.blockhashes_given += 1;
            let hash = solana_hash::Hash::new_from_array([node.blockhashes_given as u8; 32]);
            context(
                json!({"blockhash": hash.to_string(), "lastValidBlockHeight": 10 * node.blockhashes_given}),
            )
        }
        "sendTransaction" => {
            use base64::Engine;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(params[0].as_str().unwrap())
                .unwrap();
            let tx: VersionedTx = bincode::deserialize(&bytes).unwrap();
            let signature = tx.signatures[0].to_string();
            node.sent.push(tx);
            if first == First::StaleAtPreflight && node.sent.len() == 1 {
                return json!({"__error": {"code": -32002, "message": "Transaction simulation failed: Blockhash not found",
                    "data": {"err": "BlockhashNotFound", "logs": [], "accounts": null, "unitsConsumed": 0}}});
            }
            json!(signature)
        }
        "getSignatureStatuses" => {
            let signature = params[0][0].as_str().unwrap();
            let is_first = node
                .sent
                .first()
                .map(|t| t.signatures[0].to_string())
                .as_deref()
                == Some(signature);
            let history = params[1]["searchTransactionHistory"]
                .as_bool()
                .unwrap_or(false);
            let status = match (is_first, first) {
                (true, First::LandsLate) if history => landed,
                (true, _) => Value::Null,
                (false, _) => landed,
            };
            context(json!([status]))
        }
        "getBlockHeight" => json!(height(node)),
        "getTransaction" => Value::Null,
        other => panic!("unexpected {other}"),
    }
}

/// A node on 127.0.0.1 answering with `answer`, one request at a time; returns its URL and what it saw.
fn serve(first: First) -> (String, Arc<Mutex<Node>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let node = Arc::new(Mutex::new(Node::default()));
    let shared = node.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let shared = shared.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut stream = stream;
                loop {
                    let mut length = 0;
                    loop {
                        let mut line = String::new();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                            length = v.trim().parse().unwrap();
                        }
                        if line == "\r\n" {
                            break;
                        }
                    }
                    let mut body = vec![0; length];
                    reader.read_exact(&mut body).unwrap();
                    let request: Value = serde_json::from_slice(&body).unwrap();
                    let method = request["method"].as_str().unwrap().to_string();
                    let params = request["params"].clone();
                    let result = {
                        let mut node = shared.lock().unwrap();
                        node.calls.push((method.clone(), params.clone()));
                        answer(first, &mut node, &method, &params)
                    };
                    let reply = match result.get("__error") {
                        Some(error) => {
                            json!({"jsonrpc": "2.0", "id": request["id"], "error": error})
                        }
                        None => json!({"jsonrpc": "2.0", "id": request["id"], "result": result}),
                    }
                    .to_string();
                    let head = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                        reply.len()
                    );
                    if stream
                        .write_all(head.as_bytes())
                        .and_then(|_| stream.write_all(reply.as_bytes()))
                        .is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
    (url, node)
}

fn transfer(payer: &Keypair) -> anchor_lang::solana_program::instruction::Instruction {
    anchor_lang::solana_program::system_instruction::transfer(
        &payer.pubkey(),
        &mutual_sdk::Pubkey::new_unique(),
        1,
    )
}

/// Where in the node's calls every call to `method` came.
fn position(calls: &[(String, Value)], method: &str) -> Vec<usize> {
    calls
        .iter()
        .enumerate()
        .filter(|(_, (m, _))| m == method)
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn a_transaction_whose_blockhash_expired_unseen_is_signed_again_only_after_the_expiry() {
    // Arrange
    let (url, node) = serve(First::Lost);
    let payer = Keypair::new();

    // Act
    let receipt = RpcTransport::new(&url)
        .send(&[transfer(&payer)], &payer, &[])
        .expect("the second signing lands");

    // Assert: two transactions, on two blockhashes; the second sent only after the node reported a block height
    // past the first's last valid one, and after a last look through the history found nothing
    let node = node.lock().unwrap();
    assert_eq!(node.sent.len(), 2);
    let [first, second] = [&node.sent[0], &node.sent[1]];
    assert_ne!(
        first.message.recent_blockhash(),
        second.message.recent_blockhash()
    );
    assert_eq!(receipt.signature, second.signatures[0].to_string());
    let sends = position(&node.calls, "sendTransaction");
    let heights = position(&node.calls, "getBlockHeight");
    assert_eq!(heights.len(), 2, "{:?}", node.calls);
    assert!(heights[1] < sends[1]);
    let history_look = node
        .calls
        .iter()
        .position(|(m, p)| m == "getSignatureStatuses" && p[1]["searchTransactionHistory"] == true)
        .expect("a last look through the history");
    assert!(heights[1] < history_look && history_look < sends[1]);
}

#[test]
fn a_transaction_found_late_in_the_history_is_never_signed_again() {
    // Arrange
    let (url, node) = serve(First::LandsLate);
    let payer = Keypair::new();

    // Act
    let receipt = RpcTransport::new(&url)
        .send(&[transfer(&payer)], &payer, &[])
        .expect("the first signing landed");

    // Assert
    let node = node.lock().unwrap();
    assert_eq!(node.sent.len(), 1);
    assert_eq!(receipt.signature, node.sent[0].signatures[0].to_string());
}

#[test]
fn a_blockhash_refused_by_the_preflight_is_replaced_at_once() {
    // Arrange
    let (url, node) = serve(First::StaleAtPreflight);
    let payer = Keypair::new();

    // Act
    let receipt = RpcTransport::new(&url)
        .send(&[transfer(&payer)], &payer, &[])
        .expect("the second signing lands");

    // Assert: the refused one never reached a block; no height was waited for
    let node = node.lock().unwrap();
    assert_eq!(node.sent.len(), 2);
    assert_eq!(receipt.signature, node.sent[1].signatures[0].to_string());
    assert!(position(&node.calls, "getBlockHeight").is_empty());
}
