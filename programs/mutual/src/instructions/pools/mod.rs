pub mod pool_create;
pub mod pool_fee_withdraw;
pub mod pool_managed;
pub mod pool_process_expirations;
pub mod pool_set_products;

pub use pool_create::*;
pub use pool_fee_withdraw::*;
pub use pool_managed::*;
pub use pool_process_expirations::*;
pub use pool_set_products::*;
