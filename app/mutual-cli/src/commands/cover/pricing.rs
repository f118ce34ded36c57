//! Pricing a cover: the period, the market in its asset and the pools it fills, and why a quote is refused for
//! capacity (the most the pools take now, or why no stake can back it).
use super::CoverTermsArgs;
use crate::chain::{parse_pubkey, Session};
use crate::output::units;
use crate::{CliError, Result};
use mutual::constants::DAY;
use mutual::errors::MutualError;
use mutual_sdk::cover::CoverMarket;
use mutual_sdk::fetch;
use mutual_sdk::Bps;

pub(super) fn period(terms: &CoverTermsArgs) -> Result<u32> {
    terms
        .days
        .checked_mul(DAY as u32)
        .ok_or_else(|| CliError::Usage(format!("--days {}: too long", terms.days)))
}

/// The market of `product` in the requested asset, and the pools to fill: as given, or cheapest first (none when
/// no pool can take the cover: `explain_capacity` says why once the chain's earlier checks have passed). A period
/// outside 28 to 365 days is the chain's `InvalidCoverPeriod`.
pub(super) fn priced(
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
pub(super) fn explain_capacity<T>(
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
