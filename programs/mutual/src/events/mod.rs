//! One `<Noun><Verb>Event` per state change, in one file per area as `instructions/` (re-exported here, so every
//! `crate::events::X` path stands), and `emit_event!`. Natively `emit!` is invisible, so `emit_event!`
//! also writes the event to the log as `EVENT <base64>`, where the SDK's event parser reads it.
use crate::math::Bps;
use anchor_lang::prelude::*;

/// Emits an Anchor event. On chain `emit!` writes it as `Program data:`; natively `emit!` is a no-op, so the event
/// also goes through the program-test log stub as `Program log: EVENT <base64>`, where tests and the SDK read it.
#[macro_export]
macro_rules! emit_event {
    ($event:expr) => {{
        let event = $event;
        #[cfg(not(target_os = "solana"))]
        solana_sysvar::program_stubs::sol_log(&format!(
            "EVENT {}",
            anchor_lang::__private::base64::Engine::encode(
                &anchor_lang::__private::base64::engine::general_purpose::STANDARD,
                anchor_lang::Event::data(&event)
            )
        ));
        anchor_lang::prelude::emit!(event);
    }};
}

/// One pool's part in a segment, as events report it.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolPlacement {
    pub pool_id: u32,
    /// Allocation units taken (0.01 stake token each).
    pub units: u64,
    /// The annual price charged.
    pub price: Bps,
    /// Premium for this pool's part, in the cover asset.
    pub premium: u64,
    /// Stake minted to the pool as rewards.
    pub rewards: u64,
}

mod assessment;
mod assets;
mod capital;
mod claims;
mod cover;
mod governance;
mod members;
mod pools;
mod products;
mod staking;
mod token;

pub use assessment::*;
pub use assets::*;
pub use capital::*;
pub use claims::*;
pub use cover::*;
pub use governance::*;
pub use members::*;
pub use pools::*;
pub use products::*;
pub use staking::*;
pub use token::*;
