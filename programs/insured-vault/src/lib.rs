//! An insured vault: the example integrator of the mutual (docs/integrating.md), written to be copied.
//!
//! A depositor puts an asset in the vault, and the vault buys cover on the depositor's behalf from the mutual by
//! CPI: the vault's signer PDA is the mutual member, the broker and the payer; the depositor owns the cover and
//! claims on it directly; the vault's treasury earns the broker's commission. Before buying, the vault reads the
//! product's risk score (`product_risk`) and refuses a product riskier than it accepts; before paying a
//! withdrawal, it reads the cover's status (`cover_status`) and waits while a claim on it is open.
//!
//! What an integrator must get right, and where it is done here:
//! - **Pin the program it calls.** Every instruction takes the mutual as `Program<'info, Mutual>`: any other
//!   program id is refused before anything runs (`mutual_calls`).
//! - **Trust return data only from the mutual**, and decode it so that fields the mutual appends later do not
//!   break the vault (`mutual_calls::read_return`).
//! - **Check the answer is about the right thing**: the risk is the vault's own product's, the status the
//!   depositor's own cover's.
//! - **Name every refusal**: the vault's own (`VaultError`) before any CPI; the mutual's come back under the
//!   mutual's own codes (`mutual::errors::MutualError`), which the tests assert.
use anchor_lang::prelude::*;

pub mod errors;
pub mod instructions;
pub mod mutual_calls;
pub mod state;

use instructions::*;

declare_id!("4LXWNgMWuf92oczPD5k4umGnA1gFJzh6suSVQBeivw3G");

#[program]
pub mod insured_vault {
    use super::*;

    /// The authority opens a vault insuring deposits in `asset_mint` with cover on one product of the mutual.
    pub fn vault_create(ctx: Context<VaultCreate>, args: VaultArgs) -> Result<()> {
        VaultCreate::vault_create(ctx, args)
    }

    /// The vault's signer joins the mutual (once); the mutual's authority then makes it a broker through the
    /// mutual's own `member_set_broker`.
    pub fn vault_join(ctx: Context<VaultJoin>) -> Result<()> {
        VaultJoin::vault_join(ctx)
    }

    /// A depositor deposits `amount` and the vault buys `amount` of cover for them for the vault's period, paying
    /// at most `max_premium` (premium and commission) from the depositor; what the cover did not cost comes back.
    /// `remaining_accounts` are the pools, as `cover_buy` takes them.
    pub fn deposit<'info>(
        ctx: Context<'info, Deposit<'info>>,
        amount: u64,
        max_premium: u64,
    ) -> Result<()> {
        Deposit::deposit(ctx, amount, max_premium)
    }

    /// The depositor takes the deposit back, unless a claim on its cover is open. The cover stays theirs.
    pub fn withdraw(ctx: Context<Withdraw>) -> Result<()> {
        Withdraw::withdraw(ctx)
    }
}
