pub mod assessor_flag_fraud;
pub mod assessor_stake;
pub mod assessor_unstake;

pub use assessor_flag_fraud::*;
pub use assessor_stake::*;
pub use assessor_unstake::*;
