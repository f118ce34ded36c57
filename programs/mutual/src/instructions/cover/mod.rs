pub mod cover_buy;
pub mod cover_change;
pub mod cover_expire;
pub mod cover_owned;
pub mod cover_status;

pub use cover_buy::*;
pub use cover_change::*;
pub use cover_expire::*;
pub use cover_owned::*;
pub use cover_status::*;
