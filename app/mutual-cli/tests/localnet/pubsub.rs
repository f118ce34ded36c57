//! Websocket pubsub: account, signature and logs notifications, and solana-pubsub-client.
use mutual::constants::LAMPORTS_PER_SOL;
use mutual_cli::localnet::Localnet;
use mutual_sdk::{ix, Keypair, RpcTransport, Signer, Transport};

/// One JSON-RPC message over the websocket, and the next text frame back, as JSON.
fn ws_call(
    socket: &mut tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>,
    request: serde_json::Value,
) -> serde_json::Value {
    socket
        .send(tungstenite::Message::Text(request.to_string().into()))
        .expect("send");
    ws_next(socket)
}

fn ws_next(
    socket: &mut tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>,
) -> serde_json::Value {
    loop {
        if let tungstenite::Message::Text(text) = socket.read().expect("a frame") {
            return serde_json::from_str(&text).expect("JSON");
        }
    }
}

#[test]
fn pubsub_notifies_an_account_change_a_signature_and_logs() {
    use serde_json::json;
    // Arrange: subscriptions opened before anything happens
    let localnet = Localnet::start(0).expect("localnet starts");
    let (mut socket, _) = tungstenite::connect(localnet.ws_url()).expect("websocket");
    let wallet = Keypair::new();
    let me = wallet.pubkey().to_string();
    let account_sub = ws_call(
        &mut socket,
        json!({"jsonrpc": "2.0", "id": 1, "method": "accountSubscribe", "params": [me, {"encoding": "base64"}]}),
    );
    let subscription = account_sub["result"].clone();
    assert!(subscription.is_u64(), "{account_sub}");

    // Act: an airdrop changes the account
    let rpc = RpcTransport::new(&localnet.url());
    let signature = rpc
        .client()
        .request_airdrop(&wallet.pubkey(), LAMPORTS_PER_SOL)
        .unwrap();

    // Assert: the notification, in Solana's shape
    let note = ws_next(&mut socket);
    assert_eq!(note["method"], "accountNotification");
    assert_eq!(note["params"]["subscription"], subscription);
    assert_eq!(
        note["params"]["result"]["value"]["lamports"],
        1_000_000_000u64
    );
    assert!(note["params"]["result"]["context"]["slot"].is_u64());
    // A signature already processed is notified at once.
    let signature_sub = ws_call(
        &mut socket,
        json!({"jsonrpc": "2.0", "id": 2, "method": "signatureSubscribe", "params": [signature.to_string()]}),
    );
    assert!(signature_sub["result"].is_u64());
    let note = ws_next(&mut socket);
    assert_eq!(note["method"], "signatureNotification");
    assert_eq!(
        note["params"]["result"]["value"]["err"],
        serde_json::Value::Null
    );
    // Logs of a later transaction that mentions the wallet; then unsubscribing works.
    let logs_sub = ws_call(
        &mut socket,
        json!({"jsonrpc": "2.0", "id": 3, "method": "logsSubscribe", "params": [{"mentions": [me]}]}),
    );
    let unsubscribed = ws_call(
        &mut socket,
        json!({"jsonrpc": "2.0", "id": 4, "method": "accountUnsubscribe", "params": [subscription]}),
    );
    assert_eq!(unsubscribed["result"], true);
    let join = rpc
        .send(&[ix::member_join(&wallet.pubkey())], &wallet, &[])
        .unwrap();
    let note = ws_next(&mut socket);
    assert_eq!(note["method"], "logsNotification", "{note}");
    assert_eq!(note["params"]["subscription"], logs_sub["result"]);
    assert_eq!(
        note["params"]["result"]["value"]["signature"],
        join.signature
    );
    assert!(note["params"]["result"]["value"]["logs"]
        .as_array()
        .is_some_and(|l| !l.is_empty()));
}

#[test]
fn solana_rpc_client_sends_a_transfer_and_a_pubsub_client_sees_its_signature() {
    // solana-pubsub-client's async client: its blocking one cannot unsubscribe while no message is due (its own
    // docs say so), whatever the server.
    use solana_pubsub_client::nonblocking::pubsub_client::PubsubClient;
    use solana_rpc_client_api::config::RpcSignatureSubscribeConfig;
    use solana_rpc_client_api::response::RpcSignatureResult;
    // Arrange: a funded payer, a signed transfer, and a signature subscription opened before it is sent
    let localnet = Localnet::start(0).expect("localnet starts");
    let rpc = RpcTransport::new(&localnet.url());
    let client = rpc.client();
    let payer = Keypair::new();
    let to = mutual_sdk::Pubkey::new_unique();
    let airdrop = client
        .request_airdrop(&payer.pubkey(), LAMPORTS_PER_SOL)
        .unwrap();
    assert!(client.confirm_transaction(&airdrop).unwrap());
    let transfer = solana_transaction::Transaction::new_signed_with_payer(
        &[anchor_lang::solana_program::system_instruction::transfer(
            &payer.pubkey(),
            &to,
            250_000_000,
        )],
        Some(&payer.pubkey()),
        &[&payer],
        client.get_latest_blockhash().unwrap(),
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let pubsub = runtime
        .block_on(PubsubClient::new(&localnet.ws_url()))
        .expect("websocket");
    let config = RpcSignatureSubscribeConfig {
        commitment: Some(solana_commitment_config::CommitmentConfig::confirmed()),
        enable_received_notification: Some(false),
    };
    let (mut notifications, unsubscribe) = runtime
        .block_on(pubsub.signature_subscribe(&transfer.signatures[0], Some(config)))
        .expect("signatureSubscribe");

    // Act
    let signature = client
        .send_and_confirm_transaction(&transfer)
        .expect("confirmed");

    // Assert: the notification, the status and both balances to the lamport
    let note = runtime
        .block_on(async {
            use futures_util::StreamExt;
            tokio::time::timeout(std::time::Duration::from_secs(30), notifications.next()).await
        })
        .expect("a notification in time")
        .expect("a notification");
    assert!(matches!(
        note.value,
        RpcSignatureResult::ProcessedSignature(ref processed) if processed.err.is_none()
    ));
    drop(notifications);
    runtime.block_on(unsubscribe());
    runtime.block_on(pubsub.shutdown()).expect("shutdown");
    assert_eq!(signature, transfer.signatures[0]);
    assert_eq!(client.get_balance(&to).unwrap(), 250_000_000);
    assert_eq!(
        client.get_balance(&payer.pubkey()).unwrap(),
        LAMPORTS_PER_SOL - 250_000_000 - 5_000
    );
    let account = client.get_account(&to).unwrap();
    assert_eq!(
        (account.lamports, account.owner),
        (250_000_000, anchor_lang::solana_program::system_program::ID)
    );
}
