pub mod assets;
pub mod governance;
pub mod members;
pub mod products;
pub mod token;

pub use assets::*;
pub use governance::*;
pub use members::*;
pub use products::*;
pub use token::*;
