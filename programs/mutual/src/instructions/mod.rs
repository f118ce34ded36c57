pub mod assets;
pub mod governance;
pub mod members;
pub mod token;

pub use assets::*;
pub use governance::*;
pub use members::*;
pub use token::*;
