pub mod asset_register;
pub mod asset_update;

pub use asset_register::*;
pub use asset_update::*;
