pub mod authority_accept;
pub mod config_init;
pub mod governed;
pub mod params_execute;
pub mod protocol_pause;

pub use authority_accept::*;
pub use config_init::*;
pub use governed::*;
pub use params_execute::*;
pub use protocol_pause::*;
