use crate::chain::Session;
use crate::output::{hex, Report, Row};
use crate::{CliError, Result};
use clap::{Args, Subcommand};
use mutual::constants::DAY;
use mutual::errors::MutualError;
use mutual::state::risk_signals::RiskClass;
use mutual::state::Config;
use mutual::state::{Product, ProductTerms};
use mutual_sdk::Bps;
use mutual_sdk::{fetch, ix, pda, risk, Pubkey, SdkError, Signer};
use serde_json::json;
use std::io::BufRead;

/// The terms of a product (`product create` and `product update`).
#[derive(Args, Debug, Clone)]
pub struct ProductTermsArgs {
    /// Display name, at most 32 bytes.
    #[arg(long)]
    pub name: String,
    /// smart-contract, oracle, platform-insolvency, transparency or governance.
    #[arg(long, default_value = "smart-contract")]
    pub class: String,
    /// Where the cover wording is published.
    #[arg(long)]
    pub wording_uri: String,
    /// SHA-256 of the wording, hex; defaults to the hash of the URI.
    #[arg(long)]
    pub wording_hash: Option<String>,
    /// Bit i allows cover in the asset registered at index i.
    #[arg(long, default_value_t = 1)]
    pub cover_assets: u8,
    #[arg(long, default_value_t = 30)]
    pub grace_days: u32,
    /// Share of pool capacity the product may not use.
    #[arg(long, default_value_t = 0)]
    pub capacity_reduction_bps: u16,
    /// Annual price a new listing starts from.
    #[arg(long, default_value_t = 200)]
    pub initial_price_bps: u16,
    /// Floor of every annual price of the product.
    #[arg(long, default_value_t = 100)]
    pub min_price_bps: u16,
    /// Pool ids that may list it (comma-separated); none means every pool.
    #[arg(long, value_delimiter = ',')]
    pub allowed_pools: Vec<u32>,
    /// Take no new cover or listings.
    #[arg(long)]
    pub deprecated: bool,
    /// Vote claims on this product commit-reveal, whatever the protocol's mode.
    #[arg(long)]
    pub commit_reveal: bool,
}

#[derive(Subcommand, Debug)]
pub enum ProductCommand {
    /// Every product with its class, price and risk score.
    List,
    /// One product's terms.
    Show { id: u32 },
    /// List a new product (authority only).
    Create(ProductTermsArgs),
    /// Replace a product's terms (authority only).
    Update {
        id: u32,
        #[command(flatten)]
        terms: ProductTermsArgs,
    },
}

pub fn run(session: &Session, cmd: ProductCommand, input: &mut dyn BufRead) -> Result<Report> {
    match cmd {
        ProductCommand::List => list(session),
        ProductCommand::Show { id } => show(session, id),
        ProductCommand::Create(args) => create(session, args, input),
        ProductCommand::Update { id, terms } => update(session, id, terms, input),
    }
}

/// Every risk class by the name the CLI reads and prints (`--class`, a risk file's incidents).
const CLASS_NAMES: [(RiskClass, &str); 5] = [
    (RiskClass::SmartContract, "smart-contract"),
    (RiskClass::Oracle, "oracle"),
    (RiskClass::PlatformInsolvency, "platform-insolvency"),
    (RiskClass::Transparency, "transparency"),
    (RiskClass::Governance, "governance"),
];

pub fn class_name(class: RiskClass) -> &'static str {
    CLASS_NAMES
        .iter()
        .find(|(c, _)| *c == class)
        // A class added by a newer program than this CLI.
        .map_or("unknown", |(_, name)| name)
}

/// The class `name` stands for, if any (the caller says where the name came from).
pub fn class_named(name: &str) -> Option<RiskClass> {
    CLASS_NAMES
        .iter()
        .find(|(_, n)| *n == name)
        .map(|(class, _)| *class)
}

pub fn terms(args: ProductTermsArgs) -> Result<ProductTerms> {
    let wording_hash = match &args.wording_hash {
        Some(h) => crate::chain::parse_hex32(h, "--wording-hash")?,
        None => solana_sha256_hasher::hash(args.wording_uri.as_bytes()).to_bytes(),
    };
    Ok(ProductTerms {
        risk_class: class_named(&args.class).ok_or_else(|| {
            CliError::Usage(format!("--class: unknown risk class {}", args.class))
        })?,
        name: args.name,
        wording_hash,
        wording_uri: args.wording_uri,
        cover_assets: args.cover_assets,
        grace_period: args.grace_days.saturating_mul(DAY as u32),
        capacity_reduction: Bps(args.capacity_reduction_bps),
        initial_price: Bps(args.initial_price_bps),
        min_price: Bps(args.min_price_bps),
        allowed_pools: args.allowed_pools,
        deprecated: args.deprecated,
        commit_reveal: args.commit_reveal,
    })
}

fn review(action: &str, terms: &ProductTerms) -> Vec<(&'static str, String)> {
    vec![
        ("action", action.to_string()),
        ("name", terms.name.clone()),
        ("class", class_name(terms.risk_class).to_string()),
        ("wording", terms.wording_uri.clone()),
        (
            "price",
            format!(
                "{} bps/yr (min {})",
                terms.initial_price.0, terms.min_price.0
            ),
        ),
        ("deprecated", terms.deprecated.to_string()),
    ]
}

/// The signer, who must be the authority, and the terms held to the program's own bounds
/// (`ProductTerms::validate`): a refusal prints as the chain's error, before any review.
fn checked(session: &Session, args: ProductTermsArgs) -> Result<(Pubkey, ProductTerms, Config)> {
    let authority = session.signer()?.pubkey();
    let terms = terms(args)?;
    let config = fetch::config(&session.chain)?;
    if config.authority != authority {
        return Err(super::refused(MutualError::NotAuthority));
    }
    terms
        .validate(config.asset_count, config.pool_count)
        .map_err(SdkError::refused)?;
    Ok((authority, terms, config))
}

fn create(session: &Session, args: ProductTermsArgs, input: &mut dyn BufRead) -> Result<Report> {
    let (authority, terms, config) = checked(session, args)?;
    let id = config.product_count;
    let ix = ix::product_create(&authority, id, terms.clone());
    let receipt = session.execute(&review("list a product", &terms), &[ix], input)?;
    Ok(Report::new("product listed")
        .field("id", id.to_string(), id)
        .text("product", pda::product(id).0)
        .text("name", terms.name)
        .text("signature", receipt.signature))
}

fn update(
    session: &Session,
    id: u32,
    args: ProductTermsArgs,
    input: &mut dyn BufRead,
) -> Result<Report> {
    fetch::product(&session.chain, id)?;
    let (authority, terms, _) = checked(session, args)?;
    let ix = ix::product_update(&authority, id, terms.clone());
    let receipt = session.execute(&review("replace a product's terms", &terms), &[ix], input)?;
    Ok(Report::new("product updated")
        .field("id", id.to_string(), id)
        .text("name", terms.name)
        .field("deprecated", terms.deprecated.to_string(), terms.deprecated)
        .text("signature", receipt.signature))
}

fn show(session: &Session, id: u32) -> Result<Report> {
    let report = risk::product_report(&session.chain, id)?;
    let t = &report.product.terms;
    Ok(Report::new(format!("product {id}: {}", t.name))
        .field("id", id.to_string(), id)
        .text("address", pda::product(id).0)
        .text("name", &t.name)
        .text("class", class_name(t.risk_class))
        .text("wording_uri", &t.wording_uri)
        .text("wording_hash", hex(&t.wording_hash))
        .field(
            "cover_assets",
            format!("{:#010b}", t.cover_assets),
            t.cover_assets,
        )
        .field(
            "grace_days",
            (i64::from(t.grace_period) / DAY).to_string(),
            i64::from(t.grace_period) / DAY,
        )
        .field(
            "capacity_reduction_bps",
            t.capacity_reduction.0.to_string(),
            t.capacity_reduction.0,
        )
        .field(
            "initial_price_bps",
            t.initial_price.0.to_string(),
            t.initial_price.0,
        )
        .field("min_price_bps", t.min_price.0.to_string(), t.min_price.0)
        .field(
            "allowed_pools",
            if t.allowed_pools.is_empty() {
                "every pool".to_string()
            } else {
                format!("{:?}", t.allowed_pools)
            },
            json!(t.allowed_pools),
        )
        .field("deprecated", t.deprecated.to_string(), t.deprecated)
        .field(
            "risk_score",
            report.risk.score.to_string(),
            report.risk.score,
        )
        .field(
            "next_cover_seq",
            report.product.next_cover_seq.to_string(),
            report.product.next_cover_seq,
        ))
}

pub fn product_row(product: &Product, score: u8) -> Row {
    let t = &product.terms;
    vec![
        ("id", product.id.to_string(), json!(product.id)),
        ("name", t.name.clone(), json!(t.name)),
        (
            "class",
            class_name(t.risk_class).to_string(),
            json!(class_name(t.risk_class)),
        ),
        (
            "price_bps",
            t.initial_price.0.to_string(),
            json!(t.initial_price.0),
        ),
        ("risk_score", score.to_string(), json!(score)),
        ("deprecated", t.deprecated.to_string(), json!(t.deprecated)),
    ]
}

fn list(session: &Session) -> Result<Report> {
    let products = fetch::products(&session.chain)?;
    let mut rows = Vec::new();
    for product in &products {
        let score = risk::product_report(&session.chain, product.id)?.risk.score;
        rows.push(product_row(product, score));
    }
    Ok(Report::new(format!("{} products", products.len())).list("products", rows))
}
