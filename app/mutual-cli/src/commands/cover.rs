//! `mutual cover …` and `mutual quote`: every change shows a review (premium per pool, commission, period,
//! wording) and asks before signing. Quotes use the program's own placement (`mutual_sdk::cover`), so a quote
//! refuses what the chain would and the premium shown is the premium charged when nothing changes in between.
use crate::amounts::TokenAmount;
use crate::chain::{parse_pubkey, Session};
use crate::output::{amount_cell, hex, units, Amount, Report, Row};
use crate::{CliError, Result};
use anchor_lang::solana_program::instruction::Instruction;
use clap::{Args, Subcommand};
use mutual::constants::DAY;
use mutual::errors::MutualError;
use mutual::instructions::CoverBuyArgs;
use mutual::state::{Asset, Cover};
use mutual_sdk::cover::{cover_address, Buyer, CoverMarket, CoverQuote};
use mutual_sdk::Bps;
use mutual_sdk::{fetch, ix, pda, spl, Pubkey, Signer, Transport};
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
            let (address, cover) = held(session, &id)?;
            let owner = session.signer()?.pubkey();
            if cover.owner != owner {
                return Err(super::refused(MutualError::NotCoverOwner));
            }
            let review = [
                (
                    "action",
                    format!("hand cover {}/{} to {to}", id.product, id.seq),
                ),
                ("note", "auto-renewal stops; the new owner may claim".into()),
            ];
            let receipt =
                session.execute(&review, &[ix::cover_transfer(&owner, &address, &to)], input)?;
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

fn buy(session: &Session, r: CoverBuyOpts, input: &mut dyn BufRead) -> Result<Report> {
    let buyer = super::require_member(session)?;
    let owner = match &r.owner {
        Some(o) => parse_pubkey(o, "--owner")?,
        None => buyer,
    };
    let commission_to = r
        .commission_to
        .as_deref()
        .map(|c| parse_pubkey(c, "--commission-to"))
        .transpose()?;
    let (market, pools) = priced(session, r.product, &r.terms)?;
    let decimals = market.asset.decimals;
    let amount = session.amount(&r.amount, decimals, "--amount")?;
    let max_premium = r
        .max_premium
        .as_ref()
        .map(|m| session.amount(m, decimals, "--max-premium"))
        .transpose()?;
    let period = period(&r.terms)?;
    let commission = Bps(r.commission_bps);
    let paying = payer(&buyer, &market.asset);
    let member = fetch::member(&session.chain, &buyer)?;
    // Every check of cover_buy, in its order, before the review.
    let terms = Buyer {
        owns: owner == buyer,
        is_broker: member.is_some_and(|m| m.is_broker),
        commission_account: commission_to.is_some(),
        balance: fetch::token_balance(&session.chain, &paying)?,
        max_premium,
    };
    let quote = explain_capacity(
        &market,
        (market.now, amount, period, commission, &pools),
        market.quote_buy(amount, period, commission, &pools, &terms),
    )?;
    let max_premium = max_premium.unwrap_or(quote.total);
    let asset = cover_asset(&market.asset);
    let buy = ix::cover_buy(
        &buyer,
        r.product,
        market.product.next_cover_seq,
        &asset,
        &paying,
        commission_to,
        &pools,
        CoverBuyArgs {
            owner,
            amount,
            period: quote.period,
            max_premium,
            commission_bps: commission,
        },
    );
    let seq = market.product.next_cover_seq;
    let address = cover_address(r.product, seq);
    Change::quoted("buy cover", "cover bought", &market, &pools, &quote, buy)
        .review("owner", owner.to_string())
        .review("max premium", units(max_premium, decimals))
        .report(|report| {
            report
                .text("cover", address)
                .field("seq", seq.to_string(), seq)
                .amount("max_premium", Amount::of(max_premium, decimals))
        })
        .execute(session, input)
}

/// A change of cover ready to sign: buy, edit, renew and auto-renew each price it and build its instructions, then
/// end the same way (`execute`).
struct Change {
    /// The pools' catch-up cranks (`CoverMarket::cranks`), sent in front.
    cranks: Vec<Instruction>,
    ixs: Vec<Instruction>,
    /// What the signer reads before confirming.
    review: Vec<(&'static str, String)>,
    /// What is printed once it is sent, but the signature.
    report: Report,
}

impl Change {
    /// A quoted change: `ix` behind the cranks `pools` need, reviewed as `action` and reported as `title` with the
    /// quote (premium per pool, commission, period, wording).
    fn quoted(
        action: &str,
        title: &str,
        market: &CoverMarket,
        pools: &[u32],
        quote: &CoverQuote,
        ix: Instruction,
    ) -> Self {
        Change {
            cranks: market.cranks(pools),
            ixs: vec![ix],
            review: review_of(action, market, quote),
            report: quote_report(title, market, quote),
        }
    }

    /// One more line of the review, after the quote's.
    fn review(mut self, key: &'static str, value: String) -> Self {
        self.review.push((key, value));
        self
    }

    /// More fields of the report, after the quote's.
    fn report(mut self, add: impl FnOnce(Report) -> Report) -> Self {
        self.report = add(self.report);
        self
    }

    /// Reviews (the cranks sent in front named last), confirms, sends, and reports with the signature.
    fn execute(mut self, session: &Session, input: &mut dyn BufRead) -> Result<Report> {
        self.review.extend(crank_review(&self.cranks));
        let receipt = session.execute_after_cranks(&self.review, &self.cranks, &self.ixs, input)?;
        Ok(self.report.text("signature", receipt.signature))
    }
}

/// The review line for the catch-up cranks sent in front, when any.
fn crank_review(cranks: &[Instruction]) -> Option<(&'static str, String)> {
    (!cranks.is_empty()).then(|| {
        (
            "first",
            format!(
                "{} expiry crank(s) (pool_process_expirations): the pools have been idle longer than a cover \
                 instruction catches up by itself",
                cranks.len()
            ),
        )
    })
}

fn edit(
    session: &Session,
    id: CoverId,
    amount: &TokenAmount,
    terms: CoverTermsArgs,
    max_premium: Option<&TokenAmount>,
    input: &mut dyn BufRead,
) -> Result<Report> {
    let (_, cover) = held(session, &id)?;
    let owner = session.signer()?.pubkey();
    if cover.owner != owner {
        return Err(super::refused(MutualError::NotCoverOwner));
    }
    let (market, pools) = priced(session, id.product, &terms)?;
    let decimals = market.asset.decimals;
    let amount = session.amount(amount, decimals, "--amount")?;
    let max_premium = max_premium
        .map(|m| session.amount(m, decimals, "--max-premium"))
        .transpose()?;
    let period = period(&terms)?;
    let paying = payer(&owner, &market.asset);
    let balance = fetch::token_balance(&session.chain, &paying)?;
    let released = market.released_for(&cover, &pools)?;
    let edit = explain_capacity(
        &released,
        (market.now, amount, period, Bps::ZERO, &pools),
        market.quote_edit(&cover, amount, period, &pools, max_premium, balance),
    )?;
    let quote = &edit.quote;
    let max_premium = max_premium.unwrap_or(edit.paid);
    let ix = ix::cover_edit(
        &owner,
        id.product,
        id.seq,
        &cover_asset(&market.asset),
        &paying,
        &pools,
        &pool_ids(&cover),
        amount,
        quote.period,
        max_premium,
    );
    let action = "edit cover (a new segment from now)";
    Change::quoted(action, "cover edited", &market, &pools, quote, ix)
        .review("credit", units(edit.credit, decimals))
        .review("to pay", units(edit.paid, decimals))
        .review("max premium", units(max_premium, decimals))
        .report(|report| {
            report
                .amount("credit", Amount::of(edit.credit, decimals))
                .amount("paid", Amount::of(edit.paid, decimals))
                .amount("max_premium", Amount::of(max_premium, decimals))
        })
        .execute(session, input)
}

fn renew(
    session: &Session,
    id: CoverId,
    pools: Vec<u32>,
    max_premium: Option<&TokenAmount>,
    input: &mut dyn BufRead,
) -> Result<Report> {
    let (_, cover) = held(session, &id)?;
    let owner = session.signer()?.pubkey();
    if cover.owner != owner {
        return Err(super::refused(MutualError::NotCoverOwner));
    }
    let now = session.chain.unix_timestamp()?;
    cover
        .require_renewal_window(now)
        .map_err(mutual_sdk::SdkError::refused)?;
    let claimable = cover.renewable().map_err(mutual_sdk::SdkError::refused)?;
    let terms = CoverTermsArgs {
        days: cover.period / DAY as u32,
        asset: Some(cover.asset.to_string()),
        pools,
    };
    let (market, pools) = priced(session, id.product, &terms)?;
    let decimals = market.asset.decimals;
    let max_premium = max_premium
        .map(|m| session.amount(m, decimals, "--max-premium"))
        .transpose()?;
    let start = cover.end().map_err(mutual_sdk::SdkError::refused)?;
    let paying = payer(&owner, &market.asset);
    let balance = fetch::token_balance(&session.chain, &paying)?;
    let quote = explain_capacity(
        &market,
        (start, claimable, cover.period, Bps::ZERO, &pools),
        market.renewal_quote(&cover, &pools, max_premium, balance),
    )?;
    let max_premium = max_premium.unwrap_or(quote.total);
    let renew = ix::cover_renew(
        &owner,
        id.product,
        id.seq,
        &cover_asset(&market.asset),
        &paying,
        &pools,
        max_premium,
    );
    let action = "renew cover from its end";
    Change::quoted(action, "cover renewed", &market, &pools, &quote, renew)
        .review("max premium", units(max_premium, decimals))
        .report(|report| {
            report
                .field("start", start.to_string(), start)
                .amount("max_premium", Amount::of(max_premium, decimals))
        })
        .execute(session, input)
}

/// The caps of the owner's other auto-renewing covers paid from `account` (one SPL approval serves them all).
fn other_caps(session: &Session, cover: &Cover, address: &Pubkey, account: &Pubkey) -> Result<u64> {
    let asset = fetch::asset(&session.chain, &cover.asset)?;
    Ok(mutual_sdk::cover::covers_of(&session.chain, &cover.owner)?
        .iter()
        .filter(|(a, c)| a != address && c.asset == cover.asset && c.renew_max_premium > 0)
        .filter(|(_, c)| payer(&c.owner, &asset) == *account)
        .map(|(_, c)| c.renew_max_premium)
        .fold(0u64, u64::saturating_add))
}

fn auto_renew(
    session: &Session,
    id: CoverId,
    max_premium: Option<&TokenAmount>,
    cancel: bool,
    crank: bool,
    input: &mut dyn BufRead,
) -> Result<Report> {
    let (address, cover) = held(session, &id)?;
    let signer = session.signer()?.pubkey();
    let asset = fetch::asset(&session.chain, &cover.asset)?;
    let account = payer(&cover.owner, &asset);
    let owner_only = |cover: &Cover| {
        if cover.owner != signer {
            return Err(super::refused(MutualError::NotCoverOwner));
        }
        Ok(())
    };
    let mut cranks = Vec::new();
    let (action, ixs, approved): (String, Vec<Instruction>, Option<u64>) = match (
        max_premium,
        cancel,
        crank,
    ) {
        (Some(cap), false, false) => {
            owner_only(&cover)?;
            let cap = session.amount(cap, asset.decimals, "--max-premium")?;
            // cover_auto_renew_set's checks, in its order.
            if cap == 0 {
                return Err(super::refused(MutualError::ZeroAmount));
            }
            let now = session.chain.unix_timestamp()?;
            cover
                .require_active(now)
                .map_err(mutual_sdk::SdkError::refused)?;
            cover
                .clone()
                .set_auto_renew(cap)
                .map_err(mutual_sdk::SdkError::refused)?;
            // One approval serves every auto-renewing cover paid from this account: it covers all their caps.
            let total = other_caps(session, &cover, &address, &account)?.saturating_add(cap);
            (
                    format!(
                        "allow auto-renewal up to {} (the account's approval becomes {}, the caps of all its \
                         auto-renewing covers)",
                        units(cap, asset.decimals),
                        units(total, asset.decimals)
                    ),
                    vec![
                        spl::approve(&asset.token_program, &account, &pda::config().0, &signer, total)?,
                        ix::cover_auto_renew_set(&signer, &address, cap),
                    ],
                    Some(total),
                )
        }
        (None, true, false) => {
            owner_only(&cover)?;
            if cover.renew_max_premium == 0 {
                return Err(super::refused(MutualError::AutoRenewOff));
            }
            let others = other_caps(session, &cover, &address, &account)?;
            let mut ixs = vec![ix::cover_auto_renew_cancel(&signer, &address)];
            let action = if others == 0 {
                ixs.push(spl::revoke(&asset.token_program, &account, &signer)?);
                "stop auto-renewal and revoke the approval".to_string()
            } else {
                // The other covers keep theirs.
                ixs.push(spl::approve(
                    &asset.token_program,
                    &account,
                    &pda::config().0,
                    &signer,
                    others,
                )?);
                format!(
                    "stop auto-renewal; the approval drops to {}, the caps of the account's other \
                         auto-renewing covers",
                    units(others, asset.decimals)
                )
            };
            (action, ixs, Some(others))
        }
        (None, false, true) => {
            let market = CoverMarket::load(&session.chain, id.product, &cover.asset)?;
            let pools = pool_ids(&cover);
            auto_renewal_checks(session, &market, &cover, &account)?;
            cranks = market.cranks(&pools);
            (
                "renew the cover for its owner, within their cap".into(),
                vec![ix::cover_auto_renew(
                    &signer,
                    id.product,
                    id.seq,
                    &cover_asset(&asset),
                    &account,
                    &pools,
                )],
                None,
            )
        }
        _ => {
            return Err(CliError::Usage(
                "give exactly one of --max-premium AMOUNT, --cancel or --crank".into(),
            ))
        }
    };
    let review = vec![
        ("action", action.clone()),
        ("cover", format!("{}/{}", id.product, id.seq)),
        ("paying account", account.to_string()),
    ];
    let mut report = Report::new(action).text("cover", address);
    if let Some(total) = approved {
        report = report.amount("approved", Amount::of(total, asset.decimals));
    }
    Change {
        cranks,
        ixs,
        review,
        report,
    }
    .execute(session, input)
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

fn period(terms: &CoverTermsArgs) -> Result<u32> {
    terms
        .days
        .checked_mul(DAY as u32)
        .ok_or_else(|| CliError::Usage(format!("--days {}: too long", terms.days)))
}

/// The market of `product` in the requested asset, and the pools to fill: as given, or cheapest first (none when
/// no pool can take the cover: `explain_capacity` says why once the chain's earlier checks have passed). A period
/// outside 28 to 365 days is the chain's `InvalidCoverPeriod`.
fn priced(
    session: &Session,
    product: u32,
    terms: &CoverTermsArgs,
) -> Result<(CoverMarket, Vec<u32>)> {
    let period = period(terms)?;
    mutual_sdk::cover::check_period(period)?;
    let mint = match &terms.asset {
        Some(m) => parse_pubkey(m, "--asset")?,
        None => fetch::config(&session.chain)?.base_asset,
    };
    let market = CoverMarket::load(&session.chain, product, &mint)?;
    let pools = if terms.pools.is_empty() {
        market.route(period)?
    } else {
        terms.pools.clone()
    };
    Ok((market, pools))
}

/// Why no pool can take a cover of `period` on the market's product.
fn no_route(market: &CoverMarket, period: u32) -> String {
    let product = market.product.id;
    if market.listings.is_empty() {
        return format!(
            "no pool lists product {product}: a pool's manager lists it with `mutual pool set-products`"
        );
    }
    if let Some(why) = outlives_stake(market, market.now, period, &[]) {
        return why;
    }
    match market.staked_until(&[]) {
        None => format!("no stake backs product {product} yet: stake into a pool that lists it"),
        Some(_) => format!(
            "every pool listing product {product} is full for a {}-day cover: more stake, or covers expiring, \
             frees capacity",
            period / DAY as u32
        ),
    }
}

/// Why a cover of `period` from `start` fits nowhere on `pools` (every pool listing the product if empty), when
/// more stake cannot help: it runs, with its grace, past the end of their last staked tranche.
fn outlives_stake(market: &CoverMarket, start: i64, period: u32, pools: &[u32]) -> Option<String> {
    let product = market.product.id;
    let grace = market.product.terms.grace_period;
    let ends = start + i64::from(period) + i64::from(grace);
    let until = market.staked_until(pools)?;
    let which = if pools.is_empty() {
        "every pool listing it".to_string()
    } else {
        format!("pools {pools:?}")
    };
    (ends >= until).then(|| {
        format!(
            "a {}-day cover of product {product} runs, with its {} days of grace, until {}, after the last \
             staked tranche of {which} ends ({}): more stake in those tranches cannot cover it; a shorter \
             period can, or stake locked into later tranches (`mutual stake deposit --lock 7`)",
            period / DAY as u32,
            grace / DAY as u32,
            crate::output::date(ends),
            crate::output::date(until)
        )
    })
}

/// A quote's outcome; a refusal for capacity says the most these pools take now (on `market`, as the chain will
/// place the segment), and an empty route (refused for its pools) why no pool can take the cover.
fn explain_capacity<T>(
    market: &CoverMarket,
    (start, amount, period, commission, pools): (i64, u64, u32, Bps, &[u32]),
    outcome: mutual_sdk::Result<T>,
) -> Result<T> {
    let refused_for =
        |e: &mutual_sdk::SdkError, error: MutualError| e.custom_code() == Some(u32::from(error));
    match outcome {
        Err(error) if pools.is_empty() && refused_for(&error, MutualError::InvalidPoolAccounts) => {
            Err(CliError::Usage(no_route(market, period)))
        }
        Err(error) if error.custom_code() == Some(u32::from(MutualError::InsufficientCapacity)) => {
            let most = market.largest_fit(start, period, commission, pools, amount);
            let hint = match outlives_stake(market, start, period, pools) {
                Some(why) if most == 0 => why,
                _ => format!(
                    "The most pools {pools:?} take now for {} days is {} ({most} base units)",
                    period / DAY as u32,
                    units(most, market.asset.decimals)
                ),
            };
            Err(CliError::Explained { error, hint })
        }
        other => Ok(other?),
    }
}

/// `cover_auto_renew`'s checks, in its order (`CoverMarket::auto_renewal_quote`), a capacity shortfall explained.
fn auto_renewal_checks(
    session: &Session,
    market: &CoverMarket,
    cover: &Cover,
    account: &Pubkey,
) -> Result<()> {
    let paying = fetch::token_account(&session.chain, account)?;
    // Read only when the segment is short of capacity, by when both are known.
    let (start, claimable) = (
        cover.end().unwrap_or_default(),
        cover.renewable().unwrap_or_default(),
    );
    explain_capacity(
        market,
        (start, claimable, cover.period, Bps::ZERO, &pool_ids(cover)),
        market.auto_renewal_quote(cover, paying.as_ref()),
    )?;
    Ok(())
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

fn asset_decimals(market: &CoverMarket) -> u8 {
    market.asset.decimals
}

fn pool_ids(cover: &Cover) -> Vec<u32> {
    cover.pools().iter().map(|a| a.pool_id).collect()
}

fn bps(price: Bps) -> String {
    format!("{}.{:02}%", price.0 / 100, price.0 % 100)
}

/// What a signer should read before a purchase: premium per pool, commission, period and wording.
fn review_of(action: &str, market: &CoverMarket, q: &CoverQuote) -> Vec<(&'static str, String)> {
    let d = asset_decimals(market);
    let terms = &market.product.terms;
    let per_pool = q
        .pools
        .iter()
        .enumerate()
        .filter(|(i, _)| q.placement.taken[*i] > 0)
        .map(|(i, id)| {
            format!(
                "pool {id}: {} at {}",
                units(q.placement.premiums[i], d),
                bps(q.placement.prices[i])
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    vec![
        (
            "action",
            format!("{action} on product {} ({})", market.product.id, terms.name),
        ),
        ("amount", units(q.amount, d)),
        (
            "period",
            format!(
                "{} days, then {} days of grace",
                q.period / DAY as u32,
                q.grace / DAY as u32
            ),
        ),
        ("premium", units(q.placement.premium, d)),
        ("per pool", per_pool),
        ("commission", units(q.commission, d)),
        ("total", units(q.total, d)),
        (
            "wording",
            format!("{} (sha256 {})", terms.wording_uri, hex(&q.wording_hash)),
        ),
    ]
}

fn quote_report(title: &str, market: &CoverMarket, q: &CoverQuote) -> Report {
    let d = asset_decimals(market);
    let rows: Vec<Row> = q
        .pools
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let p = &q.placement;
            let stake = mutual_sdk::staking::units_to_stake(p.taken[i]);
            vec![
                ("pool", id.to_string(), json!(id)),
                amount_cell("capacity_used", Amount::stake(stake)),
                ("price", bps(p.prices[i]), json!(p.prices[i].0)),
                amount_cell("amount", Amount::of(p.amounts[i], d)),
                amount_cell("premium", Amount::of(p.premiums[i], d)),
            ]
        })
        .collect();
    Report::new(title)
        .field("product", q.product_id.to_string(), q.product_id)
        .text("asset", q.asset)
        .amount("amount", Amount::of(q.amount, d))
        .field(
            "days",
            (q.period / DAY as u32).to_string(),
            q.period / DAY as u32,
        )
        .amount("premium", Amount::of(q.placement.premium, d))
        .amount("commission", Amount::of(q.commission, d))
        .amount("total", Amount::of(q.total, d))
        .text("wording_hash", hex(&q.wording_hash))
        .list("pools", rows)
}

fn cover_report(
    title: String,
    address: &Pubkey,
    c: &Cover,
    decimals: u8,
    now: i64,
) -> Result<Report> {
    let end = c.end().map_err(mutual_sdk::SdkError::refused)?;
    let active = c.is_active(now).map_err(mutual_sdk::SdkError::refused)?;
    let rows: Vec<Row> = c
        .pools()
        .iter()
        .map(|a| {
            let stake = mutual_sdk::staking::units_to_stake(u64::from(a.units));
            vec![
                ("pool", a.pool_id.to_string(), json!(a.pool_id)),
                amount_cell("capacity_used", Amount::stake(stake)),
            ]
        })
        .collect();
    Ok(Report::new(title)
        .text("cover", address)
        .text("owner", c.owner)
        .text("buyer", c.buyer)
        .text("asset", c.asset)
        .amount("amount", Amount::of(c.amount, decimals))
        .amount("paid_out", Amount::of(c.paid_out, decimals))
        .amount("premium", Amount::of(c.premium, decimals))
        .field("start", c.start.to_string(), c.start)
        .field("end", end.to_string(), end)
        .field(
            "grace_days",
            (c.grace / DAY as u32).to_string(),
            c.grace / DAY as u32,
        )
        .field("active", active.to_string(), active)
        .amount("auto_renew_max", Amount::of(c.renew_max_premium, decimals))
        .text("wording_hash", hex(&c.wording_hash))
        .list("pools", rows))
}
