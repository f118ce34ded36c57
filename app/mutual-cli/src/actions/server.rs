//! The HTTP server of the actions (`mutual serve`): `actions.json`, the icon, and each action's `GET`, `POST`
//! and `OPTIONS`, every answer carrying the spec's CORS headers, `X-Action-Version` and `X-Blockchain-Ids`. It
//! reads the cluster at `url` through the SDK and never holds a key: what it returns is unsigned.
use super::spec::{
    self, Action, ActionError, ActionPostRequest, ActionRule, ActionsJson, TransactionResponse,
};
use super::{api, catalogue, cover, parse_account, redeem, vote, Params, Refusal};
use crate::{CliError, Result};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use mutual_sdk::{Pubkey, RpcTransport};
use serde::Serialize;
use std::net::SocketAddr;
use std::sync::Arc;

/// The largest request body taken: a POST is `{account, data}`, well under a kilobyte.
pub const MAX_BODY: usize = 4_096;

/// The icon every action shows.
const ICON: &str = include_str!("icon.svg");

/// What the page may load and reach: its own files and API, and images from itself or inline (wallet icons are
/// data: URIs). A wallet signs and sends from its own context, outside the page.
pub const PAGE_CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The page, embedded: plain HTML, CSS and JavaScript modules, no build step (docs/web.md).
const PAGE_HTML: &str = include_str!("page/index.html");
const PAGE_JS: &str = include_str!("page/app.js");
const WALLET_JS: &str = include_str!("page/wallet.js");
const PAGE_CSS: &str = include_str!("page/style.css");

struct Shared {
    rpc_url: String,
    blockchain_id: String,
    /// The Wallet Standard chain the page asks wallets to send on.
    wallet_chain: &'static str,
    /// Requests reading the cluster at once: the rest wait their turn, so a burst cannot open unbounded RPC work.
    readers: Arc<tokio::sync::Semaphore>,
}

/// How many requests read the cluster at once.
pub const CONCURRENT_READS: usize = 8;

/// A running server: its address, and the runtime that serves it (dropping it stops the server).
pub struct ActionServer {
    pub addr: SocketAddr,
    runtime: tokio::runtime::Runtime,
}

impl ActionServer {
    /// Serves the actions for the cluster at `rpc_url` on 127.0.0.1:`port` (0 picks a free port). Reads the
    /// cluster's genesis hash first: its CAIP-2 id goes in every answer, and a cluster that does not answer is an
    /// error now rather than on the first request.
    pub fn start(rpc_url: &str, port: u16) -> Result<Self> {
        let genesis = RpcTransport::new(rpc_url)
            .client()
            .get_genesis_hash()
            .map_err(|e| {
                CliError::Usage(format!("{rpc_url} did not answer getGenesisHash: {e}"))
            })?;
        let shared = Arc::new(Shared {
            rpc_url: rpc_url.to_string(),
            blockchain_id: spec::blockchain_id(&genesis.to_string()),
            wallet_chain: spec::wallet_chain(&genesis.to_string()),
            readers: Arc::new(tokio::sync::Semaphore::new(CONCURRENT_READS)),
        });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let listener = runtime.block_on(tokio::net::TcpListener::bind(SocketAddr::from((
            [127, 0, 0, 1],
            port,
        ))))?;
        let addr = listener.local_addr()?;
        let app = router(shared);
        runtime.spawn(async move {
            // The server runs until the runtime is dropped.
            let _ = axum::serve(listener, app).await;
        });
        Ok(ActionServer { addr, runtime })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Blocks until the server stops (never, unless the process is stopped).
    pub fn wait(self) {
        self.runtime.block_on(std::future::pending::<()>());
    }
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/actions.json", get(actions_json))
        .route("/icon.svg", get(icon))
        .route(
            "/",
            get(|| page_file("text/html; charset=utf-8", PAGE_HTML)),
        )
        .route(
            "/app.js",
            get(|| page_file("text/javascript; charset=utf-8", PAGE_JS)),
        )
        .route(
            "/wallet.js",
            get(|| page_file("text/javascript; charset=utf-8", WALLET_JS)),
        )
        .route(
            "/style.css",
            get(|| page_file("text/css; charset=utf-8", PAGE_CSS)),
        )
        .route("/api/products", get(products))
        .route("/api/quote/{product}", get(quote))
        .route("/api/recommend/{product}", get(recommend))
        .route("/api/covers", get(covers))
        .route("/api/claims", get(claims))
        .route("/api/cluster", get(cluster))
        .route("/api/signature/{signature}", get(signature))
        .route(
            "/api/actions/cover/{product}",
            get(action_get::<CoverAction>).post(action_post::<CoverAction>),
        )
        .route(
            "/api/actions/vote/{claim}",
            get(action_get::<VoteAction>).post(action_post::<VoteAction>),
        )
        .route(
            "/api/actions/claim/{claim}/redeem",
            get(action_get::<RedeemAction>).post(action_post::<RedeemAction>),
        )
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            action_headers,
        ))
        .with_state(shared)
}

/// Every answer carries the spec's headers; an `OPTIONS` preflight is answered here, on any path.
async fn action_headers(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = if request.method() == Method::OPTIONS {
        StatusCode::OK.into_response()
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    for (name, value) in spec::CORS_HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers.insert(
        "X-Action-Version",
        HeaderValue::from_static(spec::ACTION_VERSION),
    );
    if let Ok(id) = HeaderValue::from_str(&shared.blockchain_id) {
        headers.insert("X-Blockchain-Ids", id);
    }
    response
}

async fn actions_json() -> Json<ActionsJson> {
    Json(ActionsJson {
        rules: vec![
            ActionRule {
                path_pattern: "/cover/*".into(),
                api_path: "/api/actions/cover/*".into(),
            },
            ActionRule {
                path_pattern: "/vote/*".into(),
                api_path: "/api/actions/vote/*".into(),
            },
            ActionRule {
                path_pattern: "/claim/*/redeem".into(),
                api_path: "/api/actions/claim/*/redeem".into(),
            },
        ],
    })
}

/// One of the page's files, with its content type; the page's own scripts only (`Content-Security-Policy`).
async fn page_file(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_SECURITY_POLICY, PAGE_CSP),
        ],
        body,
    )
        .into_response()
}

async fn icon() -> Response {
    ([(header::CONTENT_TYPE, "image/svg+xml")], ICON).into_response()
}

/// A refusal as the spec answers it: the status and `{message}`.
impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        (
            status,
            Json(ActionError {
                message: self.message,
            }),
        )
            .into_response()
    }
}

/// The origin the request came to (`http://host`), for the absolute URLs an action carries.
fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .filter(|p| *p == "https")
        .unwrap_or("http");
    format!("{scheme}://{host}")
}

/// A product id from the path: a u32.
fn product_id(text: &str) -> std::result::Result<u32, Refusal> {
    text.parse().map_err(|_| {
        Refusal::not_found(format!(
            "no product {text:?}: product ids are whole numbers"
        ))
    })
}

/// Runs `work` against the cluster on a blocking thread (the SDK's RPC client blocks) and answers with its JSON,
/// or its refusal.
async fn answer<T, F>(shared: Arc<Shared>, work: F) -> Response
where
    T: Serialize + Send + 'static,
    F: FnOnce(&RpcTransport) -> std::result::Result<T, Refusal> + Send + 'static,
{
    // The semaphore is never closed, so a permit always comes.
    let Ok(_turn) = shared.readers.clone().acquire_owned().await else {
        return Refusal {
            status: 503,
            message: "the server is stopping".into(),
        }
        .into_response();
    };
    let outcome =
        tokio::task::spawn_blocking(move || work(&RpcTransport::new(&shared.rpc_url))).await;
    match outcome {
        Ok(Ok(body)) => Json(body).into_response(),
        Ok(Err(refusal)) => refusal.into_response(),
        Err(_) => Refusal {
            status: 500,
            message: "the request failed inside the server".into(),
        }
        .into_response(),
    }
}

/// The parts of a POST every action checks the same way: the body `{account, data}` (refused when it is not
/// JSON, has other fields or names no address) and the query.
fn post_request(
    query: Option<String>,
    body: &Bytes,
    allowed: &[&str],
) -> std::result::Result<(Pubkey, Params), Refusal> {
    let request: ActionPostRequest = serde_json::from_slice(body).map_err(|e| {
        Refusal::bad_request(format!(
            "the body must be JSON {{\"account\": \"<address>\"}}: {e}"
        ))
    })?;
    let account = parse_account(&request.account)?;
    let query: Vec<(String, String)> = match query {
        None => Vec::new(),
        Some(q) => serde_urlencoded::from_str(&q)
            .map_err(|_| Refusal::bad_request("the query string does not parse"))?,
    };
    let params = Params::merge(&query, request.data.as_ref(), allowed)?;
    Ok((account, params))
}

/// What the server needs of an action to serve it: the target its path names (a product, a claim), the
/// parameters its POST reads besides the body, and its GET and POST against the cluster.
trait Served: 'static {
    type Target: Send + 'static;
    const PARAMETERS: &'static [&'static str];

    fn target(path: &str) -> std::result::Result<Self::Target, Refusal>;

    fn get(
        chain: &RpcTransport,
        origin: &str,
        target: &Self::Target,
    ) -> std::result::Result<Action, Refusal>;

    fn post(
        chain: &RpcTransport,
        origin: &str,
        target: &Self::Target,
        account: &Pubkey,
        params: &Params,
    ) -> std::result::Result<TransactionResponse, Refusal>;
}

/// `/api/actions/cover/{product}`: buying cover on a product.
struct CoverAction;

impl Served for CoverAction {
    type Target = u32;
    const PARAMETERS: &'static [&'static str] = &cover::PARAMETERS;

    fn target(path: &str) -> std::result::Result<u32, Refusal> {
        product_id(path)
    }

    fn get(
        chain: &RpcTransport,
        origin: &str,
        product: &u32,
    ) -> std::result::Result<Action, Refusal> {
        cover::get(chain, origin, *product)
    }

    fn post(
        chain: &RpcTransport,
        origin: &str,
        product: &u32,
        account: &Pubkey,
        params: &Params,
    ) -> std::result::Result<TransactionResponse, Refusal> {
        cover::post(chain, origin, *product, account, params)
    }
}

/// `/api/actions/vote/{claim}`: an assessor's vote on a claim.
struct VoteAction;

impl Served for VoteAction {
    type Target = Pubkey;
    const PARAMETERS: &'static [&'static str] = &vote::PARAMETERS;

    fn target(path: &str) -> std::result::Result<Pubkey, Refusal> {
        vote::claim_address(path)
    }

    fn get(
        chain: &RpcTransport,
        origin: &str,
        claim: &Pubkey,
    ) -> std::result::Result<Action, Refusal> {
        vote::get(chain, origin, claim)
    }

    fn post(
        chain: &RpcTransport,
        _: &str,
        claim: &Pubkey,
        account: &Pubkey,
        params: &Params,
    ) -> std::result::Result<TransactionResponse, Refusal> {
        vote::post(chain, claim, account, params)
    }
}

/// `/api/actions/claim/{claim}/redeem`: the claimant's payout.
struct RedeemAction;

impl Served for RedeemAction {
    type Target = Pubkey;
    const PARAMETERS: &'static [&'static str] = &[];

    fn target(path: &str) -> std::result::Result<Pubkey, Refusal> {
        vote::claim_address(path)
    }

    fn get(
        chain: &RpcTransport,
        origin: &str,
        claim: &Pubkey,
    ) -> std::result::Result<Action, Refusal> {
        redeem::get(chain, origin, claim)
    }

    fn post(
        chain: &RpcTransport,
        _: &str,
        claim: &Pubkey,
        account: &Pubkey,
        _: &Params,
    ) -> std::result::Result<TransactionResponse, Refusal> {
        redeem::post(chain, claim, account)
    }
}

/// A GET of the action `A` at the target its path names: `A::get` with the request's origin, on a blocking thread.
async fn action_get<A: Served>(
    State(shared): State<Arc<Shared>>,
    Path(target): Path<String>,
    headers: HeaderMap,
) -> Response {
    let target = match A::target(&target) {
        Ok(target) => target,
        Err(refusal) => return refusal.into_response(),
    };
    let origin = origin(&headers);
    answer(shared, move |chain| A::get(chain, &origin, &target)).await
}

/// A POST to the action `A` at the target its path names: the body and query checked (`post_request`), then
/// `A::post` with the request's origin, the account and the parameters.
async fn action_post<A: Served>(
    State(shared): State<Arc<Shared>>,
    Path(target): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let parts = A::target(&target)
        .and_then(|target| Ok((target, post_request(query, &body, A::PARAMETERS)?)));
    let (target, (account, params)) = match parts {
        Ok(parts) => parts,
        Err(refusal) => return refusal.into_response(),
    };
    let origin = origin(&headers);
    answer(shared, move |chain| {
        A::post(chain, &origin, &target, &account, &params)
    })
    .await
}

/// The page's catalogue: every product as a buyer reads it (`catalogue::summary`), by id.
async fn products(State(shared): State<Arc<Shared>>) -> Response {
    answer(shared, |chain| {
        mutual_sdk::fetch::products(chain)?
            .iter()
            .map(|p| catalogue::summary(chain, p.id))
            .collect::<std::result::Result<Vec<_>, Refusal>>()
    })
    .await
}

/// A read of the page's JSON API with the query's parameters (only `allowed` ones).
async fn api_read<T, F>(
    shared: Arc<Shared>,
    query: Option<String>,
    allowed: &'static [&'static str],
    work: F,
) -> Response
where
    T: Serialize + Send + 'static,
    F: FnOnce(&RpcTransport, &Params) -> std::result::Result<T, Refusal> + Send + 'static,
{
    match api::query_params(query.as_deref(), allowed) {
        Ok(params) => answer(shared, move |chain| work(chain, &params)).await,
        Err(refusal) => refusal.into_response(),
    }
}

/// A read of the page's JSON API about the product the path names.
async fn product_read<T>(
    shared: Arc<Shared>,
    product: &str,
    query: Option<String>,
    allowed: &'static [&'static str],
    work: fn(&RpcTransport, u32, &Params) -> std::result::Result<T, Refusal>,
) -> Response
where
    T: Serialize + Send + 'static,
{
    match product_id(product) {
        Ok(product) => {
            api_read(shared, query, allowed, move |chain, params| {
                work(chain, product, params)
            })
            .await
        }
        Err(refusal) => refusal.into_response(),
    }
}

/// What the order in the query costs now, as the buy would price it.
async fn quote(
    State(shared): State<Arc<Shared>>,
    Path(product): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    product_read(shared, &product, query, &api::QUOTE_PARAMETERS, api::quote).await
}

/// The cover the product's risk recommends for the exposure in the query, priced.
async fn recommend(
    State(shared): State<Arc<Shared>>,
    Path(product): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    product_read(
        shared,
        &product,
        query,
        &api::RECOMMEND_PARAMETERS,
        api::recommend,
    )
    .await
}

/// The covers of `owner`.
async fn covers(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    api_read(shared, query, &["owner"], api::covers).await
}

/// The claims still open.
async fn claims(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    api_read(shared, query, &["voter"], api::open_claims).await
}

/// The cluster the page works on: its CAIP-2 id and the chain wallets are asked to send on.
async fn cluster(State(shared): State<Arc<Shared>>) -> Response {
    Json(serde_json::json!({
        "blockchain_id": shared.blockchain_id,
        "wallet_chain": shared.wallet_chain,
        "periods": cover::PERIOD_DAYS,
        "default_period": cover::DEFAULT_PERIOD_DAYS,
    }))
    .into_response()
}

/// Whether a transaction a wallet sent has landed: `pending`, `confirmed` or `failed` (with the program's
/// message).
async fn signature(State(shared): State<Arc<Shared>>, Path(signature): Path<String>) -> Response {
    match signature.parse::<solana_signature::Signature>() {
        Ok(signature) => {
            answer(shared, move |chain| {
                api::signature_status(chain, &signature)
            })
            .await
        }
        Err(_) => {
            Refusal::bad_request("not a transaction signature (base58, 64 bytes)").into_response()
        }
    }
}
