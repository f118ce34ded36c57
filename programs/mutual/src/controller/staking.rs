//! What deposits, extends and transfers share: the tranche's checkpoint created on first use, and a position
//! credited with shares and rewards, created if the owner has none in that tranche.
use crate::constants::{POSITION_SEED, TRANCHE_SEED};
use crate::cpi_helpers::init_or_update_pda;
use crate::state::pool::Minted;
use crate::state::{PoolTranche, StakePosition};
use anchor_lang::prelude::*;

/// Where a position goes: the pool, the tranche and the owner, with the payer of any new account.
pub struct PositionTarget<'a, 'info> {
    pub payer: &'a AccountInfo<'info>,
    pub system: &'a AccountInfo<'info>,
    pub pool: Pubkey,
    pub tranche: u32,
    pub owner: Pubkey,
}

impl<'info> PositionTarget<'_, 'info> {
    /// Creates the tranche's checkpoint (`["tranche", pool, tranche]`) unless it exists.
    pub fn ensure_checkpoint(&self, checkpoint: &AccountInfo<'info>, bump: u8) -> Result<()> {
        let (pool, tranche) = (self.pool, self.tranche);
        init_or_update_pda::<PoolTranche>(
            self.payer,
            checkpoint,
            self.system,
            PoolTranche::SIZE,
            &[TRANCHE_SEED, pool.as_ref(), &tranche.to_le_bytes(), &[bump]],
            |c| c.init(bump, pool, tranche),
            |c| c.invariant(),
        )?;
        Ok(())
    }

    /// Settles the owner's position at `acc` and adds `minted` shares and `rewards` to it, creating it if
    /// needed. Returns whether it was created.
    pub fn credit(
        &self,
        position: &AccountInfo<'info>,
        bump: u8,
        acc: u128,
        minted: Minted,
        rewards: u64,
    ) -> Result<bool> {
        let (pool, tranche, owner) = (self.pool, self.tranche, self.owner);
        init_or_update_pda::<StakePosition>(
            self.payer,
            position,
            self.system,
            StakePosition::SIZE,
            &[
                POSITION_SEED,
                pool.as_ref(),
                &tranche.to_le_bytes(),
                owner.as_ref(),
                &[bump],
            ],
            |p| p.init(bump, pool, tranche, owner, acc),
            |p| {
                p.settle(acc)?;
                p.add(minted)?;
                p.add_rewards(rewards)?;
                p.invariant()
            },
        )
    }
}
