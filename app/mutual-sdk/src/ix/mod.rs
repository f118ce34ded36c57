//! Instruction builders: plain arguments in, an `Instruction` out. No I/O, so integrators can compose them into
//! their own transactions. One file per area, as the program's `instructions/` has them; every builder is
//! re-exported here, so each keeps its path `mutual_sdk::ix::x`.
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

use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{InstructionData, ToAccountMetas};
use mutual::ID;

fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}
