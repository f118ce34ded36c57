pub mod capital_snapshot_refresh;
pub mod treasury_sweep;

pub use capital_snapshot_refresh::*;
pub use treasury_sweep::*;
