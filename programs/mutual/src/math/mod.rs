//! Pure protocol arithmetic. No accounts, no clock, no floats: every function takes plain integers, names its
//! rounding direction, and is unit- and property-tested here.
pub mod book_value;
pub mod bps;
pub mod capacity;
pub mod capital;
pub mod claims;
pub mod cover;
pub mod periods;
pub mod prices;
pub mod pricing;
pub mod risk;
pub mod safe;
pub mod signals;
pub mod staking;

pub use bps::Bps;
pub use safe::{mul_div_down, mul_div_up, SafeMath};
