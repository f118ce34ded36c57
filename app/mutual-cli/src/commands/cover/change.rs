//! The quoted changes, `cover buy`, `cover edit` and `cover renew`: each prices with the market as the chain will
//! see it after the cranks sent in front and builds its instruction; all of them, and `cover auto-renew`, end the
//! same way (`Change`: review, confirm, send, report).
use super::pricing::{explain_capacity, period, priced};
use super::report::{quote_report, review_of};
use super::{cover_asset, owned, payer, pool_ids, CoverBuyOpts, CoverId, CoverTermsArgs};
use crate::amounts::TokenAmount;
use crate::chain::{parse_pubkey, Session};
use crate::commands::require_member;
use crate::output::{units, Amount, Report};
use crate::Result;
use anchor_lang::solana_program::instruction::Instruction;
use mutual::constants::DAY;
use mutual::instructions::CoverBuyArgs;
use mutual_sdk::cover::{cover_address, Buyer, CoverMarket, CoverQuote};
use mutual_sdk::Bps;
use mutual_sdk::{fetch, ix, Transport};
use std::io::BufRead;

pub(super) fn buy(session: &Session, r: CoverBuyOpts, input: &mut dyn BufRead) -> Result<Report> {
    let buyer = require_member(session)?;
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
pub(super) struct Change {
    /// The pools' catch-up cranks (`CoverMarket::cranks`), sent in front.
    pub(super) cranks: Vec<Instruction>,
    pub(super) ixs: Vec<Instruction>,
    /// What the signer reads before confirming.
    pub(super) review: Vec<(&'static str, String)>,
    /// What is printed once it is sent, but the signature.
    pub(super) report: Report,
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
    pub(super) fn execute(mut self, session: &Session, input: &mut dyn BufRead) -> Result<Report> {
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

pub(super) fn edit(
    session: &Session,
    id: CoverId,
    amount: &TokenAmount,
    terms: CoverTermsArgs,
    max_premium: Option<&TokenAmount>,
    input: &mut dyn BufRead,
) -> Result<Report> {
    let (_, cover) = owned(session, &id)?;
    let owner = cover.owner;
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

pub(super) fn renew(
    session: &Session,
    id: CoverId,
    pools: Vec<u32>,
    max_premium: Option<&TokenAmount>,
    input: &mut dyn BufRead,
) -> Result<Report> {
    let (_, cover) = owned(session, &id)?;
    let owner = cover.owner;
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
