pub mod curator_add;
pub mod curator_remove;
pub mod product_create;
pub mod product_risk;
pub mod product_update;
pub mod risk_signals_update;

pub use curator_add::*;
pub use curator_remove::*;
pub use product_create::*;
pub use product_risk::*;
pub use product_update::*;
pub use risk_signals_update::*;
