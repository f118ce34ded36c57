//! The PubSub websocket (RPC port + 1): signature, account, program, slot, root and logs subscriptions, with
//! their unsubscribes, in Solana's notification shapes. The chain thread broadcasts what each processed
//! transaction did and each slot it closed; each subscription filters that stream. A signature already
//! processed is answered at once.
use super::params::invalid_params;
use super::Request;
use anchor_lang::prelude::Pubkey;
use jsonrpsee::core::server::SubscriptionMessage;
use jsonrpsee::server::{PendingSubscriptionSink, RpcModule};
use jsonrpsee::types::ErrorObjectOwned;
use serde_json::{json, Value};
use solana_account_decoder::{encode_ui_account, UiAccountEncoding};
use std::sync::{mpsc, Arc, Mutex};
use tokio::sync::broadcast;

/// What the chain thread tells the subscriptions.
#[derive(Clone, Debug)]
pub enum Event {
    Transaction(Processed),
    /// A slot closed as a block (its parent before it); the localnet's blocks are final at once, so it is also
    /// the root.
    Slot {
        slot: u64,
        parent: u64,
    },
}

/// What one processed transaction did, as subscriptions see it.
#[derive(Clone, Debug)]
pub struct Processed {
    pub signature: String,
    pub slot: u64,
    /// The transaction error (`null` for success), in the RPC's form.
    pub err: Value,
    pub logs: Vec<String>,
    /// Every account the transaction named, after it.
    pub accounts: Vec<(Pubkey, Option<solana_account::Account>)>,
}

pub struct Context {
    pub events: broadcast::Sender<Event>,
    pub requests: Mutex<mpsc::Sender<Request>>,
}

fn message(value: &Value) -> Option<SubscriptionMessage> {
    serde_json::value::to_raw_value(value)
        .ok()
        .map(SubscriptionMessage::from)
}

fn context(slot: u64, value: Value) -> Value {
    json!({ "context": { "slot": slot }, "value": value })
}

fn encoding(config: Option<&Value>) -> UiAccountEncoding {
    config
        .and_then(|c| c.get("encoding"))
        .and_then(|e| serde_json::from_value(e.clone()).ok())
        .unwrap_or(UiAccountEncoding::Base64)
}

fn ui_account(
    address: &Pubkey,
    account: &solana_account::Account,
    encoding: UiAccountEncoding,
) -> Value {
    serde_json::to_value(encode_ui_account(address, account, encoding, None, None))
        .unwrap_or(Value::Null)
}

/// Asks the chain thread (as a JSON-RPC method would) and waits for the answer off the async runtime.
async fn ask(ctx: &Arc<Context>, method: &'static str, params: Value) -> Option<Value> {
    let (reply, answer) = mpsc::channel();
    ctx.requests
        .lock()
        .ok()?
        .send(Request {
            method,
            params,
            reply,
        })
        .ok()?;
    tokio::task::spawn_blocking(move || answer.recv().ok()?.ok())
        .await
        .ok()
        .flatten()
}

/// Sends every event `pick` turns into a notification, until the client unsubscribes or disconnects (or, for
/// `once`, after the first).
async fn stream(
    pending: PendingSubscriptionSink,
    ctx: Arc<Context>,
    once: bool,
    pick: impl Fn(&Event) -> Vec<Value> + Send,
) {
    let mut events = ctx.events.subscribe();
    let Ok(sink) = pending.accept().await else {
        return;
    };
    loop {
        tokio::select! {
            _ = sink.closed() => return,
            event = events.recv() => match event {
                Ok(event) => {
                    for value in pick(&event) {
                        let Some(msg) = message(&value) else { continue };
                        if sink.send(msg).await.is_err() {
                            return;
                        }
                        if once {
                            return;
                        }
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return,
            },
        }
    }
}

/// `stream` of the processed transactions: `pick` turns one into its notifications.
async fn transactions(
    pending: PendingSubscriptionSink,
    ctx: Arc<Context>,
    once: bool,
    pick: impl Fn(&Processed) -> Vec<Value> + Send,
) {
    stream(pending, ctx, once, move |e| match e {
        Event::Transaction(e) => pick(e),
        Event::Slot { .. } => Vec::new(),
    })
    .await
}

/// `stream` of the closed slots: `pick` turns the slot and its parent into the notification.
async fn slots(
    pending: PendingSubscriptionSink,
    ctx: Arc<Context>,
    pick: impl Fn(u64, u64) -> Value + Send,
) {
    stream(pending, ctx, false, move |e| match e {
        Event::Slot { slot, parent } => vec![pick(*slot, *parent)],
        Event::Transaction(_) => Vec::new(),
    })
    .await
}

/// `accountSubscribe` and `programSubscribe`: the address in parameter 0 (a bad one refuses the subscription) and
/// the encoding in parameter 1; after each transaction, a notification for each account it left that `notify`
/// words, given that address.
async fn account_changes(
    params: &Value,
    pending: PendingSubscriptionSink,
    ctx: Arc<Context>,
    notify: impl Fn(&Pubkey, &Pubkey, &solana_account::Account, UiAccountEncoding) -> Option<Value>
        + Send
        + 'static,
) {
    let Some((subscribed, pending)) = with_address(params, pending).await else {
        return;
    };
    let encoding = encoding(params.get(1));
    transactions(pending, ctx, false, move |e| {
        e.accounts
            .iter()
            .filter_map(|(address, account)| {
                let words = notify(&subscribed, address, account.as_ref()?, encoding)?;
                Some(context(e.slot, words))
            })
            .collect()
    })
    .await
}

fn pubkey(params: &Value) -> Result<Pubkey, ErrorObjectOwned> {
    params
        .get(0)
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| invalid_params("parameter 0: expected a base58 public key"))
}

/// The address in parameter 0, with the pending subscription; a bad one refuses the subscription.
async fn with_address(
    params: &Value,
    pending: PendingSubscriptionSink,
) -> Option<(Pubkey, PendingSubscriptionSink)> {
    match pubkey(params) {
        Ok(address) => Some((address, pending)),
        Err(e) => {
            pending.reject(e).await;
            None
        }
    }
}

pub fn module(ctx: Context) -> Result<RpcModule<Context>, jsonrpsee::core::RegisterMethodError> {
    let mut module = RpcModule::new(ctx);
    module.register_subscription(
        "signatureSubscribe",
        "signatureNotification",
        "signatureUnsubscribe",
        |params, pending, ctx, _| async move {
            let params: Value = params.parse().unwrap_or(Value::Null);
            let Some(signature) = params.get(0).and_then(Value::as_str).map(str::to_string) else {
                pending
                    .reject(invalid_params("parameter 0: expected a signature"))
                    .await;
                return;
            };
            // Already processed: answer at once.
            let known = ask(&ctx, "getSignatureStatuses", json!([[signature]])).await;
            let status = known
                .as_ref()
                .and_then(|k| k["value"].get(0))
                .filter(|s| !s.is_null())
                .cloned();
            if let Some(status) = status {
                if let Ok(sink) = pending.accept().await {
                    let value = context(
                        status["slot"].as_u64().unwrap_or(0),
                        json!({ "err": status["err"] }),
                    );
                    if let Some(msg) = message(&value) {
                        let _ = sink.send(msg).await;
                    }
                }
                return;
            }
            transactions(pending, ctx, true, move |e| {
                if e.signature != signature {
                    return Vec::new();
                }
                vec![context(e.slot, json!({ "err": e.err }))]
            })
            .await;
        },
    )?;
    module.register_subscription(
        "accountSubscribe",
        "accountNotification",
        "accountUnsubscribe",
        |params, pending, ctx, _| async move {
            let params: Value = params.parse().unwrap_or(Value::Null);
            account_changes(
                &params,
                pending,
                ctx,
                |subscribed, address, account, encoding| {
                    (address == subscribed).then(|| ui_account(address, account, encoding))
                },
            )
            .await;
        },
    )?;
    module.register_subscription(
        "programSubscribe",
        "programNotification",
        "programUnsubscribe",
        |params, pending, ctx, _| async move {
            let params: Value = params.parse().unwrap_or(Value::Null);
            account_changes(&params, pending, ctx, |program, address, account, encoding| {
                (account.owner == *program).then(|| {
                    json!({ "pubkey": address.to_string(), "account": ui_account(address, account, encoding) })
                })
            })
            .await;
        },
    )?;
    module.register_subscription(
        "slotSubscribe",
        "slotNotification",
        "slotUnsubscribe",
        |_, pending, ctx, _| async move {
            slots(
                pending,
                ctx,
                |slot, parent| json!({ "parent": parent, "root": slot, "slot": slot }),
            )
            .await;
        },
    )?;
    module.register_subscription(
        "rootSubscribe",
        "rootNotification",
        "rootUnsubscribe",
        |_, pending, ctx, _| async move {
            slots(pending, ctx, |slot, _| json!(slot)).await;
        },
    )?;
    module.register_subscription(
        "logsSubscribe",
        "logsNotification",
        "logsUnsubscribe",
        |params, pending, ctx, _| async move {
            let params: Value = params.parse().unwrap_or(Value::Null);
            // "all" (or "allWithVotes"), or {"mentions": [one address]}.
            let mentions: Option<Pubkey> = params
                .get(0)
                .and_then(|f| f.get("mentions"))
                .and_then(|m| m.get(0))
                .and_then(Value::as_str)
                .and_then(|s| s.parse().ok());
            transactions(pending, ctx, false, move |e| {
                if mentions.is_some_and(|m| !e.accounts.iter().any(|(a, _)| *a == m)) {
                    return Vec::new();
                }
                vec![context(
                    e.slot,
                    json!({ "signature": e.signature, "err": e.err, "logs": e.logs }),
                )]
            })
            .await;
        },
    )?;
    Ok(module)
}
