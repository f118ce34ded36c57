pub mod deposit;
pub mod vault_create;
pub mod vault_join;
pub mod withdraw;

pub use deposit::*;
pub use vault_create::*;
pub use vault_join::*;
pub use withdraw::*;
