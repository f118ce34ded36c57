//! The page's JSON API (docs/web.md): what the page shows, computed by the SDK on the server so that the page
//! never decodes an account. A quote (`/api/quote/{product}`) and a recommended cover (`/api/recommend/{product}`)
//! are priced by `cover::priced`, the function the buy action's `POST` prices with, so the page refuses exactly
//! what the purchase would; a wallet's covers (`/api/covers?owner=`) and the claims still open (`/api/claims`).
//! Amounts are `{amount (string), decimals, uiAmountString}` (decision 48).
use super::catalogue::asset_name;
use super::cover::{self, Priced};
use super::{parse_account, Params, Refusal};
use crate::commands::claim::state_name;
use crate::output::Amount;
use anchor_lang::prelude::Pubkey;
use mutual::state::{Cover, VoteChoice};
use mutual_sdk::{capital, claims, fetch, risk, SdkError, Transport};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

/// The parameters a quote takes: those of the buy action.
pub const QUOTE_PARAMETERS: [&str; 3] = cover::PARAMETERS;

/// The parameters a recommendation takes: the exposure instead of the amount.
pub const RECOMMEND_PARAMETERS: [&str; 3] = ["exposure", "period", "asset"];

/// One pool's part of a quote.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuotedPool {
    pub pool: u32,
    pub amount: Value,
    /// The annual price it charges, basis points.
    pub price_bps: u16,
    pub premium: Value,
}

/// What buying costs now.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuoteAnswer {
    pub product: u32,
    pub asset: String,
    pub asset_name: String,
    pub amount: Value,
    pub period_days: u32,
    pub premium: Value,
    /// The most the purchase would pay: the premium plus the stated slippage.
    pub max_premium: Value,
    pub slippage_bps: u64,
    pub pools: Vec<QuotedPool>,
}

/// The cover the product's risk score recommends for an exposure, and its price, or why it cannot be bought now
/// (the advice stands when the pools cannot take it all).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecommendAnswer {
    pub exposure: Value,
    pub score: u8,
    /// The share of the exposure covered: 20% + 80% · score / 100.
    pub share_bps: u64,
    pub amount: Value,
    pub asset_name: String,
    pub quote: Option<QuoteAnswer>,
    /// Why the recommended cover cannot be bought now, as the purchase would refuse it.
    pub refusal: Option<String>,
}

/// A cover as its owner follows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CoverRow {
    pub address: String,
    pub product: u32,
    pub product_name: String,
    pub seq: u64,
    pub amount: Value,
    pub asset_name: String,
    pub start: i64,
    pub end: i64,
    pub active: bool,
    pub paid_out: Value,
    /// Its latest claim, if any: the claim's address and its state ("voting", "accepted", ...).
    pub claim: Option<ClaimRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClaimRef {
    pub address: String,
    pub state: &'static str,
}

/// A claim as a voter follows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClaimRow {
    pub address: String,
    pub product_name: String,
    pub claimant: String,
    pub amount: Value,
    pub asset_name: String,
    pub wording_uri: String,
    pub evidence_uri: String,
    /// "voting", "reveal", "cooldown", ...
    pub state: &'static str,
    pub commit_reveal: bool,
    /// Whether an assessor may vote (or commit) now.
    pub voting: bool,
    pub submitted_at: i64,
    /// Seconds until the current phase ends.
    pub time_left: i64,
    /// The tally in stake-token units, or `None` while a commit-reveal poll hides it.
    pub accept: Option<Value>,
    pub deny: Option<Value>,
    /// The weight the poll needs to be decided.
    pub quorum: Value,
    /// The chain's time the answer was read at.
    pub now: i64,
    /// The vote of the `voter` the query names on this claim: `hidden` (committed), `accept`, `deny`, or `None`
    /// when it has none (or no voter was named).
    pub my_vote: Option<&'static str>,
}

impl QuoteAnswer {
    fn of(priced: &Priced) -> Self {
        let d = priced.asset.decimals;
        let placement = &priced.quote.placement;
        let pools = priced
            .quote
            .pools
            .iter()
            .enumerate()
            .filter(|(i, _)| placement.amounts[*i] > 0)
            .map(|(i, pool)| QuotedPool {
                pool: *pool,
                amount: Amount::of(placement.amounts[i], d).json(),
                price_bps: placement.prices[i].0,
                premium: Amount::of(placement.premiums[i], d).json(),
            })
            .collect();
        QuoteAnswer {
            product: priced.quote.product_id,
            asset: priced.asset.mint.to_string(),
            asset_name: asset_name(&priced.asset),
            amount: Amount::of(priced.amount, d).json(),
            period_days: priced.period / mutual::constants::DAY as u32,
            premium: Amount::of(priced.quote.total, d).json(),
            max_premium: Amount::of(priced.max_premium, d).json(),
            slippage_bps: cover::SLIPPAGE_BPS,
            pools,
        }
    }
}

/// Products' ids and names by address, each read once per answer.
#[derive(Default)]
struct ProductNames(HashMap<Pubkey, (u32, String)>);

impl ProductNames {
    fn get(&mut self, chain: &impl Transport, address: &Pubkey) -> Result<(u32, String), Refusal> {
        if let Some(known) = self.0.get(address) {
            return Ok(known.clone());
        }
        let product: mutual::state::Product = fetch::anchor_account(chain, address)?
            .ok_or_else(|| Refusal::not_found(format!("product {address} does not exist")))?;
        let known = (product.id, product.terms.name);
        self.0.insert(*address, known.clone());
        Ok(known)
    }
}

/// The parameters of a GET's query, refusing any outside `allowed`.
pub fn query_params(query: Option<&str>, allowed: &[&str]) -> Result<Params, Refusal> {
    let pairs: Vec<(String, String)> = match query {
        None => Vec::new(),
        Some(q) => serde_urlencoded::from_str(q)
            .map_err(|_| Refusal::bad_request("the query string does not parse"))?,
    };
    Params::merge(&pairs, None, allowed)
}

/// `GET /api/quote/{product}`: the premium of the order, as the buy action would price it for any wallet.
pub fn quote(
    chain: &impl Transport,
    product: u32,
    params: &Params,
) -> Result<QuoteAnswer, Refusal> {
    Ok(QuoteAnswer::of(&cover::priced(
        chain, product, params, None,
    )?))
}

/// `GET /api/recommend/{product}`: the cover `math::risk::recommended_cover` advises for the exposure, priced.
pub fn recommend(
    chain: &impl Transport,
    product: u32,
    params: &Params,
) -> Result<RecommendAnswer, Refusal> {
    let score = risk::product_report(chain, product)?.risk.score;
    // The exposure is in the asset the cover would be in, as the amount is.
    let asset = {
        let p = fetch::product(chain, product)?;
        cover::order_asset(chain, &p, params)?
    };
    let exposure = crate::amounts::parse(params.require("exposure")?, asset.decimals, false)
        .map_err(|e| Refusal::bad_request(format!("exposure: {e}")))?;
    let amount = risk::recommended_cover(exposure, score)?;
    let order = params
        .without("exposure")
        .with("amount", crate::output::units(amount, asset.decimals));
    let (quote, refusal) = match cover::priced(chain, product, &order, None) {
        Ok(priced) => (Some(QuoteAnswer::of(&priced)), None),
        Err(refusal) if refusal.status == 422 => (None, Some(refusal.message)),
        Err(refusal) => return Err(refusal),
    };
    Ok(RecommendAnswer {
        exposure: Amount::of(exposure, asset.decimals).json(),
        score,
        share_bps: 2_000 + 8_000 * u64::from(score.min(100)) / 100,
        amount: Amount::of(amount, asset.decimals).json(),
        asset_name: asset_name(&asset),
        quote,
        refusal,
    })
}

/// Every registered asset, by mint: covers and claims name their asset by mint.
fn assets_by_mint(
    chain: &impl Transport,
) -> Result<HashMap<Pubkey, mutual::state::Asset>, SdkError> {
    Ok(capital::assets(chain)?
        .into_iter()
        .map(|a| (a.mint, a))
        .collect())
}

/// `GET /api/covers?owner=`: the covers `owner` holds, each with its latest claim.
pub fn covers(chain: &impl Transport, params: &Params) -> Result<Vec<CoverRow>, Refusal> {
    let owner = parse_account(params.require("owner")?)?;
    let now = chain.unix_timestamp()?;
    let assets = assets_by_mint(chain)?;
    let mut latest: HashMap<Pubkey, ClaimRef> = HashMap::new();
    for (address, claim) in claims::claims_of(chain, &owner)? {
        let view = claims::ClaimView::new(address, claim, String::new(), now)?;
        latest.insert(
            view.claim.cover,
            ClaimRef {
                address: address.to_string(),
                state: state_name(&view),
            },
        );
    }
    let mut names = ProductNames::default();
    let mut rows = Vec::new();
    for (address, c) in mutual_sdk::cover::covers_of(chain, &owner)? {
        let (product, product_name) = names.get(chain, &c.product)?;
        rows.push(cover_row(
            address,
            &c,
            product,
            product_name,
            assets.get(&c.asset),
            latest.remove(&address),
            now,
        )?);
    }
    Ok(rows)
}

fn cover_row(
    address: Pubkey,
    c: &Cover,
    product: u32,
    product_name: String,
    asset: Option<&mutual::state::Asset>,
    claim: Option<ClaimRef>,
    now: i64,
) -> Result<CoverRow, Refusal> {
    let d = asset.map_or(0, |a| a.decimals);
    Ok(CoverRow {
        address: address.to_string(),
        product,
        product_name,
        seq: c.seq,
        amount: Amount::of(c.amount, d).json(),
        asset_name: asset.map_or_else(|| c.asset.to_string(), asset_name),
        start: c.start,
        end: c.end().map_err(SdkError::refused)?,
        active: c.is_active(now).map_err(SdkError::refused)?,
        paid_out: Amount::of(c.paid_out, d).json(),
        claim,
    })
}

/// `GET /api/claims[?voter=]`: the claims still open (voting, revealing or cooling down), oldest first, each with
/// the vote `voter` holds on it.
pub fn open_claims(chain: &impl Transport, params: &Params) -> Result<Vec<ClaimRow>, Refusal> {
    let voter = params.get("voter").map(parse_account).transpose()?;
    let now = chain.unix_timestamp()?;
    let views = claims::open_claims(chain)?;
    let votes: Vec<Option<&'static str>> = match voter {
        None => vec![None; views.len()],
        Some(voter) => {
            let addresses: Vec<Pubkey> = views
                .iter()
                .map(|v| mutual_sdk::pda::vote(&v.address, &voter).0)
                .collect();
            let accounts = chain.get_multiple_accounts(&addresses)?;
            addresses
                .iter()
                .zip(accounts)
                .map(|(address, account)| {
                    let vote: Option<mutual::state::Vote> =
                        fetch::decode_optional(address, account)?;
                    Ok(vote.map(|v| match v.choice {
                        VoteChoice::Hidden => "hidden",
                        VoteChoice::Accept => "accept",
                        VoteChoice::Deny => "deny",
                        // A choice appended after this build: a vote all the same.
                        _ => "cast",
                    }))
                })
                .collect::<Result<_, SdkError>>()?
        }
    };
    let assets = assets_by_mint(chain)?;
    let mut names = ProductNames::default();
    let mut rows = Vec::new();
    for (view, my_vote) in views.into_iter().zip(votes) {
        let claim = &view.claim;
        let (_, product_name) = names.get(chain, &claim.product)?;
        let asset = assets.get(&claim.asset);
        let d = asset.map_or(0, |a| a.decimals);
        rows.push(ClaimRow {
            address: view.address.to_string(),
            product_name,
            claimant: claim.claimant.to_string(),
            amount: Amount::of(claim.amount, d).json(),
            asset_name: asset.map_or_else(|| claim.asset.to_string(), asset_name),
            wording_uri: view.wording_uri.clone(),
            evidence_uri: claim.evidence_uri.clone(),
            state: state_name(&view),
            commit_reveal: claim.commit_reveal,
            voting: view.is_voting(),
            submitted_at: claim.submitted_at,
            time_left: view.time_left,
            accept: view.tally.map(|(a, _)| Amount::stake(a).json()),
            deny: view.tally.map(|(_, d)| Amount::stake(d).json()),
            quorum: Amount::stake(claim.quorum).json(),
            now,
            my_vote,
        });
    }
    Ok(rows)
}

/// Whether a transaction has landed, as the page follows a wallet's send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SignatureStatus {
    /// `pending`, `confirmed` or `failed`.
    pub status: &'static str,
    /// Why it failed, in the program's words where it has them.
    pub error: Option<String>,
}

/// `GET /api/signature/{signature}`: `confirmed` once the transaction has reached the commitment the server
/// reads at, so the page's next read shows it.
pub fn signature_status(
    chain: &mutual_sdk::RpcTransport,
    signature: &solana_signature::Signature,
) -> Result<SignatureStatus, Refusal> {
    let statuses = chain
        .client()
        .get_signature_statuses(&[*signature])
        .map_err(|e| Refusal {
            status: 502,
            message: format!("the cluster could not be read: {e}"),
        })?;
    Ok(match statuses.value.into_iter().next().flatten() {
        None => SignatureStatus {
            status: "pending",
            error: None,
        },
        // Landed but not yet at the commitment the server reads at: the next read may not show it yet.
        Some(status)
            if status.err.is_none()
                && !status.satisfies_commitment(
                    solana_commitment_config::CommitmentConfig::confirmed(),
                ) =>
        {
            SignatureStatus {
                status: "pending",
                error: None,
            }
        }
        Some(status) => match status.err {
            None => SignatureStatus {
                status: "confirmed",
                error: None,
            },
            Some(error) => SignatureStatus {
                status: "failed",
                error: Some(
                    Refusal::from(SdkError::Transaction {
                        error,
                        logs: Vec::new(),
                    })
                    .message,
                ),
            },
        },
    })
}
