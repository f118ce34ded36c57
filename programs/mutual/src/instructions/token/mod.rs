pub mod token_trade;

pub use token_trade::*;
