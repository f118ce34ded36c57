pub mod stake_deposit;
pub mod stake_extend;
pub mod stake_position_transfer;
pub mod stake_withdraw;

pub use stake_deposit::*;
pub use stake_extend::*;
pub use stake_position_transfer::*;
pub use stake_withdraw::*;
