//! The stake an accepted claim burns from the pools that backed it (`claim_redeem_payout`).
use crate::constants::{LAZY_PROCESS_STEPS, MAX_COVER_POOLS};
use crate::cpi_helpers::ConfigSigner;
use crate::errors::MutualError;
use crate::state::{Claim, Pool};
use anchor_lang::prelude::*;

/// Burns `payout_stake`'s share (`Claim::payout_burn`) from each of the claim's pools, given as [Pool, vault] pairs in order, and
/// releases the tranche each held.
pub fn burn_payout_stake<'info>(
    claim: &Claim,
    remaining: &'info [AccountInfo<'info>],
    payout_stake: u64,
    signer: &ConfigSigner<'_, 'info>,
    stake_mint: &AccountInfo<'info>,
    stake_token_program: &AccountInfo<'info>,
    now: i64,
) -> Result<([u32; MAX_COVER_POOLS], [u64; MAX_COVER_POOLS])> {
    let allocations = claim.pools();
    require!(
        remaining.len() == 2 * allocations.len(),
        MutualError::CoverPoolsMismatch
    );
    let mut pool_ids = [0u32; MAX_COVER_POOLS];
    let mut burnt = [0u64; MAX_COVER_POOLS];
    for (i, (allocation, pair)) in allocations.iter().zip(remaining.chunks(2)).enumerate() {
        require!(
            pair.iter().all(|info| info.is_writable),
            MutualError::CoverPoolsMismatch
        );
        let mut pool = Account::<Pool>::try_from(&pair[0])?;
        require!(
            pool.id == allocation.pool_id && pair[1].key() == pool.vault,
            MutualError::CoverPoolsMismatch
        );
        Pool::require_caught_up(pool.process(now, LAZY_PROCESS_STEPS, &mut [])?)?;
        let share = claim.payout_burn(allocation, payout_stake, pool.active_stake)?;
        let burn = pool.burn_stake(share)?;
        pool.release_claim(claim.held_tranches[i])?;
        pool.invariant()?;
        pool.exit(&crate::ID)?;
        signer.burn(stake_token_program, stake_mint, &pair[1], burn)?;
        pool_ids[i] = pool.id;
        burnt[i] = burn;
    }
    Ok((pool_ids, burnt))
}
