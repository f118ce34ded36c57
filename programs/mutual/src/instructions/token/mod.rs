pub mod token_buy;
pub mod token_sell;
pub mod token_trade;

pub use token_buy::*;
pub use token_sell::*;
pub use token_trade::*;
