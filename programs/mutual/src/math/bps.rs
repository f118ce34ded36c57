use anchor_lang::prelude::*;

/// A ratio in basis points: `Bps(10_000)` is 100%. Stored as u16, so ratios up to 6.5535x fit (the capacity and
/// MCR ratios are multiples above 1x).
#[derive(
    AnchorSerialize,
    AnchorDeserialize,
    InitSpace,
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
)]
pub struct Bps(pub u16);

impl Bps {
    pub const ZERO: Bps = Bps(0);
    pub const ONE: Bps = Bps(10_000);

    pub const fn get(self) -> u64 {
        self.0 as u64
    }
}
