//! `mutual cover …` and `mutual quote`: every change shows a review (premium per pool, commission, period,
//! wording) and asks before signing. Quotes use the program's own placement (`mutual_sdk::cover`), so a quote
//! refuses what the chain would and the premium shown is the premium charged when nothing changes in between.
mod auto_renew;
mod change;
mod pricing;
mod report;

use crate::amounts::TokenAmount;
use crate::chain::{parse_pubkey, Session};
use crate::output::{amount_cell, Amount, Report, Row};
use crate::Result;
use auto_renew::auto_renew;
use change::{buy, edit, renew};
use clap::{Args, Subcommand};
use mutual::errors::MutualError;
use mutual::state::{Asset, Cover};
use mutual_sdk::cover::cover_address;
use mutual_sdk::Bps;
use mutual_sdk::{fetch, ix, pda, Pubkey, Signer, Transport};
use pricing::{explain_capacity, period, priced};
use report::{cover_report, quote_report};
use serde_json::json;
use std::io::BufRead;

/// What a cover buys: the period, the asset, and the pools (cheapest first when omitted).
#[derive(Args, Debug, Clone)]
pub struct CoverTermsArgs {
    /// Period in days: 28 to 365.
    #[arg(long, default_value_t = 365)]
    pub days: u32,
    /// Mint of the cover asset; the base asset when omitted.
    #[arg(long)]
    pub asset: Option<String>,
    /// Pool ids to fill, in order (comma-separated); the product's pools cheapest first when omitted.
    #[arg(long, value_delimiter = ',')]
    pub pools: Vec<u32>,
}

/// `cover buy`: the cover, the premium limit, and a broker's owner and commission.
#[derive(Args, Debug, Clone)]
pub struct CoverBuyOpts {
    pub product: u32,
    /// Cover amount, in tokens of the cover asset.
    #[arg(long, allow_hyphen_values = true)]
    pub amount: TokenAmount,
    #[command(flatten)]
    pub terms: CoverTermsArgs,
    /// Most to pay, premium and commission together, in tokens of the cover asset; the quote when omitted.
    #[arg(long, allow_hyphen_values = true)]
    pub max_premium: Option<TokenAmount>,
    /// Who holds the cover (brokers only); the signer when omitted.
    #[arg(long)]
    pub owner: Option<String>,
    #[arg(long, default_value_t = 0)]
    pub commission_bps: u16,
    /// Token account (of the asset) that receives the commission.
    #[arg(long)]
    pub commission_to: Option<String>,
}

/// Which cover: the product and the cover's sequence number on it.
#[derive(Args, Debug, Clone)]
pub struct CoverId {
    /// Product id.
    pub product: u32,
    /// The cover's sequence number on the product.
    pub seq: u64,
}

#[derive(Subcommand, Debug)]
pub enum CoverCommand {
    /// Price a cover without buying it.
    Quote {
        product: u32,
        /// Cover amount, in tokens of the cover asset.
        #[arg(long, allow_hyphen_values = true)]
        amount: TokenAmount,
        #[command(flatten)]
        terms: CoverTermsArgs,
        /// A broker's commission on top, in basis points.
        #[arg(long, default_value_t = 0)]
        commission_bps: u16,
    },
    /// Buy cover (members; brokers may buy for another --owner).
    Buy(CoverBuyOpts),
    /// Replace a cover with a new amount and period from now, credited with the unused premium.
    Edit {
        #[command(flatten)]
        id: CoverId,
        /// The new amount, in tokens of the cover asset.
        #[arg(long, allow_hyphen_values = true)]
        amount: TokenAmount,
        #[command(flatten)]
        terms: CoverTermsArgs,
        /// Most to pay after the credit; what the review shows when omitted.
        #[arg(long, allow_hyphen_values = true)]
        max_premium: Option<TokenAmount>,
    },
    /// Renew a cover from its end, in its last 7 days.
    Renew {
        #[command(flatten)]
        id: CoverId,
        /// Pools for the renewal (comma-separated); cheapest first when omitted.
        #[arg(long, value_delimiter = ',')]
        pools: Vec<u32>,
        /// Most to pay, in tokens of the cover asset; the quote when omitted.
        #[arg(long, allow_hyphen_values = true)]
        max_premium: Option<TokenAmount>,
    },
    /// Turn auto-renewal on (--max-premium, with the token approval), off (--cancel), or crank it (--crank).
    AutoRenew {
        #[command(flatten)]
        id: CoverId,
        /// The most one renewal may charge, in tokens of the cover asset; approves the config PDA for as much.
        #[arg(long, allow_hyphen_values = true)]
        max_premium: Option<TokenAmount>,
        /// Stop auto-renewal and revoke the approval.
        #[arg(long)]
        cancel: bool,
        /// Renew someone's cover now (anyone may, in its last 7 days).
        #[arg(long)]
        crank: bool,
    },
    /// Hand a cover to another owner.
    Transfer {
        #[command(flatten)]
        id: CoverId,
        #[arg(long)]
        to: String,
    },
    /// Show a cover.
    Show {
        #[command(flatten)]
        id: CoverId,
    },
    /// List the covers a wallet holds (the signer's when omitted).
    List {
        #[arg(long)]
        owner: Option<String>,
    },
    /// Expire a cover after its end plus grace (anyone may); the rent goes back to its buyer.
    Expire {
        #[command(flatten)]
        id: CoverId,
    },
}

pub fn run(session: &Session, cmd: CoverCommand, input: &mut dyn BufRead) -> Result<Report> {
    match cmd {
        CoverCommand::Quote {
            product,
            amount,
            terms,
            commission_bps,
        } => {
            let (market, pools) = priced(session, product, &terms)?;
            let amount = session.amount(&amount, market.asset.decimals, "--amount")?;
            let period = period(&terms)?;
            let commission = Bps(commission_bps);
            let quote = explain_capacity(
                &market,
                (market.now, amount, period, commission, &pools),
                market.quote(amount, period, commission, &pools),
            )?;
            Ok(quote_report("cover quote", &market, &quote))
        }
        CoverCommand::Buy(args) => buy(session, args, input),
        CoverCommand::Edit {
            id,
            amount,
            terms,
            max_premium,
        } => edit(session, id, &amount, terms, max_premium.as_ref(), input),
        CoverCommand::Renew {
            id,
            pools,
            max_premium,
        } => renew(session, id, pools, max_premium.as_ref(), input),
        CoverCommand::AutoRenew {
            id,
            max_premium,
            cancel,
            crank,
        } => auto_renew(session, id, max_premium.as_ref(), cancel, crank, input),
        CoverCommand::Transfer { id, to } => {
            let to = parse_pubkey(&to, "--to")?;
            let (address, cover) = owned(session, &id)?;
            let review = [
                (
                    "action",
                    format!("hand cover {}/{} to {to}", id.product, id.seq),
                ),
                ("note", "auto-renewal stops; the new owner may claim".into()),
            ];
            let receipt = session.execute(
                &review,
                &[ix::cover_transfer(&cover.owner, &address, &to)],
                input,
            )?;
            Ok(Report::new("cover transferred")
                .text("cover", address)
                .text("owner", to)
                .text("signature", receipt.signature))
        }
        CoverCommand::Show { id } => {
            let (address, cover) = held(session, &id)?;
            let now = session.chain.unix_timestamp()?;
            let decimals = fetch::asset(&session.chain, &cover.asset)?.decimals;
            Ok(cover_report(
                format!("cover {}/{}", id.product, id.seq),
                &address,
                &cover,
                decimals,
                now,
            )?)
        }
        CoverCommand::List { owner } => list(session, owner),
        CoverCommand::Expire { id } => {
            let (address, cover) = held(session, &id)?;
            // cover_expire's check: the claim window (extended by any claims pause since) is over.
            let now = session.chain.unix_timestamp()?;
            let clock = fetch::config(&session.chain)?
                .claims_pause_clock(now)
                .map_err(mutual_sdk::SdkError::refused)?;
            cover
                .require_expirable(now, clock)
                .map_err(mutual_sdk::SdkError::refused)?;
            let pools = match cover.state {
                mutual::state::CoverState::Active => pool_ids(&cover),
                _ => Vec::new(),
            };
            let review = [
                ("action", format!("expire cover {}/{}", id.product, id.seq)),
                ("rent to", cover.buyer.to_string()),
            ];
            let expire = ix::cover_expire(&address, id.product, &cover.asset, &cover.buyer, &pools);
            let receipt = session.execute(&review, &[expire], input)?;
            let closed = receipt
                .events
                .iter()
                .any(|e| matches!(e, mutual_sdk::MutualEvent::CoverExpireEvent(e) if e.closed));
            Ok(Report::new("cover expired")
                .text("cover", address)
                .field("closed", closed.to_string(), closed)
                .text("signature", receipt.signature))
        }
    }
}

/// The covers a wallet holds: a getProgramAccounts filtered by owner (the one list that needs a scan).
fn list(session: &Session, owner: Option<String>) -> Result<Report> {
    let owner = match owner {
        Some(o) => parse_pubkey(&o, "--owner")?,
        None => session.signer()?.pubkey(),
    };
    let now = session.chain.unix_timestamp()?;
    let covers = mutual_sdk::cover::covers_of(&session.chain, &owner)?;
    let decimals: std::collections::HashMap<Pubkey, u8> =
        mutual_sdk::capital::assets(&session.chain)?
            .iter()
            .map(|a| (a.mint, a.decimals))
            .collect();
    let rows: Vec<Row> = covers
        .iter()
        .map(|(address, c)| {
            let end = c.end().unwrap_or_default();
            let active = c.is_active(now).unwrap_or(false);
            let d = decimals.get(&c.asset).copied().unwrap_or_default();
            vec![
                ("cover", address.to_string(), json!(address.to_string())),
                ("seq", c.seq.to_string(), json!(c.seq)),
                amount_cell("amount", Amount::of(c.amount, d)),
                ("end", end.to_string(), json!(end)),
                ("active", active.to_string(), json!(active)),
                (
                    "auto_renew",
                    (c.renew_max_premium > 0).to_string(),
                    json!(c.renew_max_premium > 0),
                ),
                amount_cell("auto_renew_max", Amount::of(c.renew_max_premium, d)),
            ]
        })
        .collect();
    Ok(Report::new(format!("covers of {owner}"))
        .field("count", covers.len().to_string(), covers.len())
        .list("covers", rows))
}

/// `mutual quote`: the product, the exposure, and the terms to price.
#[derive(Args, Debug)]
pub struct QuoteArgs {
    /// Product id.
    pub product: u32,
    /// What you have at stake in the product, in tokens of the cover asset.
    #[arg(long, allow_hyphen_values = true)]
    pub exposure: TokenAmount,
    #[command(flatten)]
    pub terms: CoverTermsArgs,
}

/// `mutual quote PRODUCT --exposure X`: the amount `math::risk::recommended_cover` advises for the product's risk
/// score, priced like `cover quote`.
pub fn recommend(session: &Session, args: QuoteArgs) -> Result<Report> {
    let QuoteArgs {
        product,
        exposure,
        terms,
    } = args;
    let risk = mutual_sdk::risk::product_report(&session.chain, product)?.risk;
    let (market, pools) = priced(session, product, &terms)?;
    let decimals = market.asset.decimals;
    let exposure = session.amount(&exposure, decimals, "--exposure")?;
    let amount = mutual_sdk::risk::recommended_cover(exposure, risk.score)?;
    let period = period(&terms)?;
    let quote = explain_capacity(
        &market,
        (market.now, amount, period, Bps::ZERO, &pools),
        market.quote(amount, period, Bps::ZERO, &pools),
    )?;
    Ok(quote_report("recommended cover", &market, &quote)
        .amount("exposure", Amount::of(exposure, decimals))
        .field("risk_score", format!("{} / 100", risk.score), risk.score)
        .field(
            "recommended_share",
            format!("{}%", 20 + 80 * u64::from(risk.score.min(100)) / 100),
            20 + 80 * u64::from(risk.score.min(100)) / 100,
        ))
}

/// The cover at `id`, which must exist.
fn held(session: &Session, id: &CoverId) -> Result<(Pubkey, Cover)> {
    let address = cover_address(id.product, id.seq);
    let cover = mutual_sdk::cover::cover(&session.chain, &address)?.ok_or(
        mutual_sdk::SdkError::Missing(mutual_sdk::errors::Missing::Cover {
            product: id.product,
            seq: id.seq,
        }),
    )?;
    Ok((address, cover))
}

/// The cover `id` with its address, refused as the chain would (`NotCoverOwner`) unless the signer owns it.
fn owned(session: &Session, id: &CoverId) -> Result<(Pubkey, Cover)> {
    let (address, cover) = held(session, id)?;
    if cover.owner != session.signer()?.pubkey() {
        return Err(super::refused(MutualError::NotCoverOwner));
    }
    Ok((address, cover))
}

fn cover_asset(asset: &Asset) -> ix::CoverAsset {
    ix::CoverAsset {
        mint: asset.mint,
        token_program: asset.token_program,
    }
}

/// The wallet's associated account of the asset.
fn payer(wallet: &Pubkey, asset: &Asset) -> Pubkey {
    pda::associated_token(wallet, &asset.mint, &asset.token_program)
}

fn pool_ids(cover: &Cover) -> Vec<u32> {
    cover.pools().iter().map(|a| a.pool_id).collect()
}
