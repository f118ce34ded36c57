//! Asset prices. A Pyth price (μ ± σ, times 10^exponent dollars per whole token) becomes an [`AssetPrice`]: two
//! mantissas and one exponent that turn an asset's base units straight into base-asset units, with the mints'
//! decimals folded in. Capital is valued at the low side (μ − σ), liabilities at the high side (μ + σ).
//!
//! The base asset is the unit of account, worth 1 (its price is [`AssetPrice::ONE`]); the other assets are priced
//! in dollars, so the base asset is assumed to be a dollar stablecoin (docs/architecture.md, decision 21).
use crate::constants::STAKE_UNIT;
use crate::errors::MutualError;
use crate::math::book_value::TradeSide;
use crate::math::{mul_div_down, mul_div_up, Bps, SafeMath};
use anchor_lang::prelude::*;

/// Pyth exponents accepted: every live feed is within −12..=+4.
pub const MIN_PRICE_EXPONENT: i32 = -12;
pub const MAX_PRICE_EXPONENT: i32 = 4;

/// Which way a conversion rounds: capital down, liabilities up (PROTOCOL.md conventions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    Down,
    Up,
}

/// One base unit of an asset is worth `low · 10^exponent` base-asset units when counted as capital and
/// `high · 10^exponent` when counted as a liability.
#[derive(
    AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, Default, PartialEq, Eq,
)]
pub struct AssetPrice {
    pub low: u64,
    pub high: u64,
    pub exponent: i32,
}

/// Which side of the band a value is taken at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// μ − σ, rounded down: capital.
    Capital,
    /// μ + σ, rounded up: liabilities (active cover, payouts).
    Liability,
}

impl AssetPrice {
    /// The base asset: one unit is one unit.
    pub const ONE: AssetPrice = AssetPrice {
        low: 1,
        high: 1,
        exponent: 0,
    };

    /// Normalises a Pyth price for an asset of `asset_decimals` against a base asset of `base_decimals`.
    ///
    /// Refuses a price ≤ 0 (`NonPositivePrice`), an exponent outside −12..=+4 (`PriceExponentOutOfRange`) and a
    /// confidence wider than `max_conf` of the price (`PriceConfidenceTooWide`): conf · 10_000 > max_conf · price.
    /// The band is [price − conf, price + conf]; the exponent is pyth_exponent + base_decimals − asset_decimals.
    /// All in checked i128.
    pub fn from_pyth(
        price: i64,
        conf: u64,
        pyth_exponent: i32,
        asset_decimals: u8,
        base_decimals: u8,
        max_conf: Bps,
    ) -> Result<AssetPrice> {
        require!(price > 0, MutualError::NonPositivePrice);
        require!(
            (MIN_PRICE_EXPONENT..=MAX_PRICE_EXPONENT).contains(&pyth_exponent),
            MutualError::PriceExponentOutOfRange
        );
        let (price, conf) = (i128::from(price), i128::from(conf));
        let widest = price
            .checked_mul(i128::from(max_conf.get()))
            .ok_or(MutualError::MathOverflow)?;
        let spread = conf
            .checked_mul(i128::from(crate::constants::BPS_DENOMINATOR))
            .ok_or(MutualError::MathOverflow)?;
        require!(spread <= widest, MutualError::PriceConfidenceTooWide);
        // conf ≤ 10% of price (max_conf's bound), so the low side stays positive.
        let low = price.checked_sub(conf).ok_or(MutualError::MathOverflow)?;
        let high = price.checked_add(conf).ok_or(MutualError::MathOverflow)?;
        require!(low > 0, MutualError::PriceConfidenceTooWide);
        let exponent = i128::from(pyth_exponent)
            .checked_add(i128::from(base_decimals))
            .and_then(|e| e.checked_sub(i128::from(asset_decimals)))
            .ok_or(MutualError::MathOverflow)?;
        Ok(AssetPrice {
            low: u64::try_from(low).map_err(|_| MutualError::MathOverflow)?,
            high: u64::try_from(high).map_err(|_| MutualError::MathOverflow)?,
            exponent: i32::try_from(exponent).map_err(|_| MutualError::MathOverflow)?,
        })
    }

    /// Whether a refresh has set this price (a non-base asset is unpriced until its first refresh).
    pub fn is_set(&self) -> bool {
        self.low > 0
    }

    /// `amount` of the asset in base-asset units: amount · mantissa · 10^exponent, the mantissa of `side`;
    /// capital rounds down, liabilities up.
    pub fn to_base(&self, amount: u64, side: Side) -> Result<u64> {
        let (mantissa, rounding) = match side {
            Side::Capital => (self.low, Rounding::Down),
            Side::Liability => (self.high, Rounding::Up),
        };
        scale(amount, mantissa, self.exponent, rounding)
    }
}

/// What a trade of `trade` counts for an amount worth `recorded` at the recorded price and `posted` at the newer
/// price its asset's push feed shows (decision 69): whichever costs the trader more. A buyer pays for capital,
/// so a buy counts it at the higher value; a seller is paid capital net of liabilities, so a sale counts
/// capital at the lower and liabilities at the higher. Liabilities are taken at the higher on either side.
/// Without a posted price, the recorded value. A trade priced this way can't gain from a price that a refresh
/// between its buy and its sale records: the buy already paid the higher of the two, the sale gets the lower.
pub fn trade_value(recorded: u64, posted: Option<u64>, side: Side, trade: TradeSide) -> u64 {
    match (posted, side, trade) {
        (None, _, _) => recorded,
        (Some(posted), Side::Capital, TradeSide::Sell) => recorded.min(posted),
        (Some(posted), _, _) => recorded.max(posted),
    }
}

/// a · m · 10^e, with `rounding` when e < 0; fails above u64::MAX. Nothing is worth nothing at any exponent,
/// and a divisor beyond u128 (10^39 and up) leaves less than one unit: 0, or 1 rounded up.
fn scale(a: u64, m: u64, e: i32, rounding: Rounding) -> Result<u64> {
    let product = u128::from(a).safe_mul(u128::from(m))?;
    if product == 0 {
        return Ok(0);
    }
    let ten_pow = |n: u32| 10u128.checked_pow(n);
    let value = if e >= 0 {
        let multiplier = ten_pow(e.unsigned_abs()).ok_or(MutualError::MathOverflow)?;
        product.safe_mul(multiplier)?
    } else {
        match ten_pow(e.unsigned_abs()) {
            Some(d) => {
                let q = product / d;
                match rounding {
                    Rounding::Up if product % d != 0 => q.safe_add(1)?,
                    _ => q,
                }
            }
            None => u128::from(rounding == Rounding::Up),
        }
    };
    u64::try_from(value).map_err(|_| error!(MutualError::MathOverflow))
}

/// Base-asset units in stake-token units at `book_value` (base units per whole token): base · STAKE_UNIT / BV,
/// rounded up, since capacity and burns are liabilities of the pools.
pub fn base_to_stake(base: u64, book_value: u64) -> Result<u64> {
    require!(book_value > 0, MutualError::ZeroBookValue);
    mul_div_up(base, STAKE_UNIT, book_value)
}

/// Base-asset units in stake-token units at `book_value`, rounded down: base · STAKE_UNIT / BV, for what the
/// mutual pays out in stake (rewards).
pub fn base_to_stake_down(base: u64, book_value: u64) -> Result<u64> {
    require!(book_value > 0, MutualError::ZeroBookValue);
    mul_div_down(base, STAKE_UNIT, book_value)
}

/// Stake-token units in base-asset units at `book_value`: stake · BV / STAKE_UNIT, rounded down.
pub fn stake_to_base(stake: u64, book_value: u64) -> Result<u64> {
    mul_div_down(stake, book_value, STAKE_UNIT)
}

#[cfg(test)]
mod tests;
