pub mod assets;
pub mod capital;
pub mod governance;
pub mod members;
pub mod pools;
pub mod products;
pub mod staking;
pub mod token;

pub use assets::*;
pub use capital::*;
pub use governance::*;
pub use members::*;
pub use pools::*;
pub use products::*;
pub use staking::*;
pub use token::*;
