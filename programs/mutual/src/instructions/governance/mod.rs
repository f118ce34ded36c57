pub mod authority_accept;
pub mod authority_propose;
pub mod config_init;
pub mod governed;
pub mod guardian_set;
pub mod params_cancel;
pub mod params_execute;
pub mod params_propose;
pub mod protocol_pause;
pub mod protocol_unpause;

pub use authority_accept::*;
pub use config_init::*;
pub use governed::*;
pub use params_execute::*;
pub use protocol_pause::*;
