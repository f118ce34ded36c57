//! The Solana Actions and blinks specification (v2.x) as Rust types: what `GET` and `POST` on an action return,
//! `actions.json`, and the headers every response carries. Field names follow the spec's TypeScript
//! definitions (`@solana/actions-spec`), camelCase on the wire; optional fields are left out when unset.
use serde::{Deserialize, Serialize};

/// The spec version this server implements, sent as `X-Action-Version`.
pub const ACTION_VERSION: &str = "2.4";

/// The CORS headers every action response and `actions.json` carry (the spec's `ACTIONS_CORS_HEADERS`), and the
/// two action headers they expose. `X-Blockchain-Ids` is added per cluster (`blockchain_id`).
pub const CORS_HEADERS: [(&str, &str); 4] = [
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Allow-Methods", "GET,POST,PUT,OPTIONS"),
    (
        "Access-Control-Allow-Headers",
        "Content-Type, Authorization, Content-Encoding, Accept-Encoding, X-Action-Version, X-Blockchain-Ids",
    ),
    (
        "Access-Control-Expose-Headers",
        "X-Action-Version, X-Blockchain-Ids",
    ),
];

/// The CAIP-2 id of the cluster whose genesis hash is `genesis_hash` (base58): `solana:` and the hash's first 32
/// characters, as the spec's `BLOCKCHAIN_IDS` (mainnet `solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp`).
pub fn blockchain_id(genesis_hash: &str) -> String {
    let reference: String = genesis_hash.chars().take(32).collect();
    format!("solana:{reference}")
}

/// The Wallet Standard's name for the cluster whose genesis hash is `genesis_hash`: `solana:mainnet`,
/// `solana:devnet` and `solana:testnet` for those clusters, `solana:localnet` for any other (a local validator or
/// `mutual localnet`), the names wallets are asked to sign and send on.
pub fn wallet_chain(genesis_hash: &str) -> &'static str {
    match genesis_hash {
        "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d" => "solana:mainnet",
        "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG" => "solana:devnet",
        "4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zQawwpjk2NsNY" => "solana:testnet",
        _ => "solana:localnet",
    }
}

/// `actions.json`: which of the site's paths map to which action endpoints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionsJson {
    pub rules: Vec<ActionRule>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionRule {
    pub path_pattern: String,
    pub api_path: String,
}

/// What `GET` on an action returns (`ActionGetResponse`), and an inline next action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// `action`, or `completed` at the end of a chain.
    #[serde(rename = "type")]
    pub kind: String,
    /// An absolute URL.
    pub icon: String,
    pub title: String,
    pub description: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<ActionLinks>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ActionError>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionLinks {
    pub actions: Vec<LinkedAction>,
}

/// One button of an action: a `transaction` POST to `href`, whose `{name}` placeholders the client fills from
/// `parameters`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedAction {
    #[serde(rename = "type")]
    pub kind: String,
    pub href: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<ActionParameter>,
}

/// An input of a linked action (`text`, `number`, `select`, ...); `options` for the selectable types only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionParameter {
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub label: String,
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern_description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ParameterOption>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParameterOption {
    pub label: String,
    pub value: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub selected: bool,
}

/// A message a person can act on: the body of every refusal, and an action's non-fatal error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionError {
    pub message: String,
}

/// What a client POSTs: the account that will sign, and (spec 2.x) the parameters' values, which may also come
/// in the URL's query. Unknown fields are refused rather than ignored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionPostRequest {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub account: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<serde_json::Map<String, serde_json::Value>>,
}

/// What `POST` returns for a transaction action: the unsigned transaction, base64, and a message for the person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransactionResponse {
    #[serde(rename = "type")]
    pub kind: String,
    pub transaction: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<NextLinks>,
}

/// `links.next` of a POST response: the action shown once the transaction confirms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextLinks {
    pub next: NextActionLink,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum NextActionLink {
    /// A same-origin callback that answers a `NextActionPostRequest` with the next action.
    Post {
        href: String,
    },
    Inline {
        action: Box<Action>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_blockchain_ids_of_the_public_clusters_match_the_spec() {
        assert_eq!(
            blockchain_id("5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d"),
            "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp"
        );
        assert_eq!(
            blockchain_id("EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG"),
            "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1"
        );
    }

    #[test]
    fn an_action_serialises_with_the_spec_s_names_and_leaves_out_what_is_unset() {
        let action = Action {
            kind: "action".into(),
            icon: "https://example.org/icon.svg".into(),
            title: "Cover".into(),
            description: "d".into(),
            label: "Buy".into(),
            disabled: false,
            links: Some(ActionLinks {
                actions: vec![LinkedAction {
                    kind: "transaction".into(),
                    href: "/api/actions/cover/0?amount={amount}".into(),
                    label: "Buy cover".into(),
                    parameters: vec![ActionParameter {
                        kind: "number".into(),
                        name: "amount".into(),
                        label: "Amount".into(),
                        required: true,
                        pattern: None,
                        pattern_description: Some("USDC".into()),
                        min: Some(1),
                        max: None,
                        options: vec![],
                    }],
                }],
            }),
            error: None,
        };
        assert_eq!(
            serde_json::to_value(&action).unwrap(),
            json!({
                "type": "action",
                "icon": "https://example.org/icon.svg",
                "title": "Cover",
                "description": "d",
                "label": "Buy",
                "links": {"actions": [{
                    "type": "transaction",
                    "href": "/api/actions/cover/0?amount={amount}",
                    "label": "Buy cover",
                    "parameters": [{
                        "type": "number", "name": "amount", "label": "Amount", "required": true,
                        "patternDescription": "USDC", "min": 1
                    }]
                }]}
            })
        );
    }

    #[test]
    fn a_post_request_with_an_unexpected_field_is_refused() {
        let ok: ActionPostRequest =
            serde_json::from_value(json!({"account": "abc", "data": {"amount": "5"}})).unwrap();
        assert_eq!(ok.account, "abc");
        assert!(
            serde_json::from_value::<ActionPostRequest>(json!({"account": "abc", "x": 1})).is_err()
        );
        assert!(serde_json::from_value::<ActionPostRequest>(json!({"data": {}})).is_err());
    }

    #[test]
    fn a_next_link_is_tagged_by_its_type() {
        let next = NextActionLink::Post {
            href: "/api/actions/next".into(),
        };
        assert_eq!(
            serde_json::to_value(next).unwrap(),
            json!({"type": "post", "href": "/api/actions/next"})
        );
    }
}
