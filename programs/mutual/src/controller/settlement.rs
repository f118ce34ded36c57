//! What follows the placement of a segment, the same for a purchase, an edit, a renewal and an auto-renewal
//! (`settle`): the stakers' rewards on what was paid, the cover and the premium booked on the asset and in the
//! capital snapshot, and the segment the cover records. Paying comes before (a purchase and a change are signed
//! differently) and writing the cover after (a purchase creates it, a change replaces its segment).
use super::placement::{Legs, Order, SegmentQuote};
use crate::cpi_helpers::ConfigSigner;
use crate::math::cover::PerPool;
use crate::state::{Asset, CapitalSnapshot, Config, Params, ProductTerms, Segment};
use anchor_lang::prelude::*;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::{Mint, TokenAccount};

/// The accounts a settlement writes besides the pools.
pub struct Ledger<'a, 'info> {
    pub config: &'a Account<'info, Config>,
    pub capital_snapshot: &'a mut Account<'info, CapitalSnapshot>,
    pub asset: &'a mut Account<'info, Asset>,
    pub asset_vault: &'a mut InterfaceAccount<'info, TokenAccount>,
    pub stake_mint: &'a mut InterfaceAccount<'info, Mint>,
    pub stake_token_program: &'a Program<'info, Token2022>,
}

/// A new segment's terms, before it is placed: `amount` (what claims already paid out included) from `start`
/// for `period`.
pub struct NewSegment {
    pub amount: u64,
    pub start: i64,
    pub period: u32,
}

/// A placed segment: its `quote` for the `order` (whose amount is what it leaves claimable), what the payer
/// `paid` into the vault (the premium, less an edit's credit), and the active cover an edit `released`.
pub struct Placed<'a> {
    pub quote: &'a SegmentQuote,
    pub order: &'a Order,
    pub paid: u64,
    pub released: u64,
}

/// What a settlement comes to: the stake minted to each pool, and the segment to record on the cover.
pub struct Settled {
    pub rewards: PerPool,
    pub segment: Segment,
}

/// Settles a placed and paid segment: mints the stakers' rewards on what was paid (`Legs::stream_rewards`), books
/// the cover and the premium on the asset and the capital snapshot (`book_on_asset`), and returns the segment
/// on the product's terms now. The caller writes the cover, then the pools (`Legs::persist`).
pub fn settle<'info>(
    ledger: Ledger<'_, 'info>,
    legs: &mut Legs<'info>,
    placed: Placed<'_>,
    segment: &NewSegment,
    terms: &ProductTerms,
    now: i64,
) -> Result<Settled> {
    let Ledger {
        config,
        capital_snapshot,
        asset,
        asset_vault,
        stake_mint,
        stake_token_program,
    } = ledger;
    let Placed {
        quote,
        order,
        paid,
        released,
    } = placed;
    let params = &config.params;
    let rewards = legs.stream_rewards(
        quote,
        order,
        paid,
        params.rewards_ratio,
        now,
        &ConfigSigner::new(config),
        &stake_mint.to_account_info(),
        &stake_token_program.to_account_info(),
    )?;
    stake_mint.reload()?;
    book_on_asset(
        asset,
        asset_vault,
        capital_snapshot,
        Booking {
            premium: paid,
            amount: order.amount,
            expiry_bucket: order.expiry_bucket,
            released,
            stake_supply: stake_mint.supply,
        },
        params,
        now,
    )?;
    let segment = quote.segment(
        &legs.pool_ids(),
        segment.amount,
        segment.start,
        segment.period,
        terms,
        params,
        config.claims_pause_clock(now)?,
    )?;
    Ok(Settled { rewards, segment })
}

/// What a purchase, an edit or a renewal books on its asset.
pub struct Booking {
    /// Paid into the vault (the premium, less an edit's credit).
    pub premium: u64,
    /// New active cover, expiring with `expiry_bucket`.
    pub amount: u64,
    pub expiry_bucket: u32,
    /// Active cover an edit released from the old segment (0 otherwise).
    pub released: u64,
    /// The stake supply once the stakers' rewards are minted.
    pub stake_supply: u64,
}

/// Books the cover on the asset and mirrors its vault once the premium has landed there, and records both in
/// the capital snapshot in the same instruction (decision 64): the premium's value joins capital at μ − σ, the
/// cover's joins active cover at μ + σ, and the supply takes the rewards minted, so book value never waits for
/// a trade or a refresh.
pub fn book_on_asset(
    asset: &mut Account<Asset>,
    vault: &mut InterfaceAccount<TokenAccount>,
    snapshot: &mut CapitalSnapshot,
    booking: Booking,
    params: &Params,
    now: i64,
) -> Result<()> {
    asset.book_cover(booking.amount, booking.expiry_bucket, now)?;
    vault.reload()?;
    asset.record_capital_balance(vault.amount);
    snapshot.record_inflow(asset, booking.premium, booking.stake_supply, params, now)?;
    snapshot.record_cover(asset, booking.amount, booking.released, params, now)?;
    asset.invariant()?;
    snapshot.invariant()
}
