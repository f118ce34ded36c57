use crate::constants::{
    ASSET_SEED, CAPITAL_SEED, CLAIM_SEED, CONFIG_SEED, COVER_SEED, TREASURY_SEED,
};
use crate::cpi_helpers::move_lamports;
use crate::errors::MutualError;
use crate::events::ClaimCloseEvent;
use crate::state::{Asset, CapitalSnapshot, Claim, Config, Cover, Pool};
use anchor_lang::prelude::*;
use anchor_spl::token_interface::TokenAccount;

/// Permissionless: settles a claim that will not be paid, so that the cover can take another claim (or
/// expire). A denied claim (once its cooldown is over), or an accepted claim not redeemed in the payout window
/// (its liability released), sends its deposit to the treasury: its voters share `denied_reward`, which that
/// deposit is worth at least (decision 55). An accepted claim lapses only while it could be paid: by its asset's
/// vault, and for a non-base claim by the base vault for the rest (decisions 66 and 67). The tranches the claim
/// held may expire again, and its pools take deposits once no other claim holds them. `remaining_accounts` are
/// the claim's pools in its order, writable.
///
/// Write set: the claim, the cover, the claim's pools, the capital snapshot, the treasury (the deposit).
#[derive(Accounts)]
pub struct ClaimClose<'info> {
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        mut,
        dup,
        seeds = [CLAIM_SEED, cover.key().as_ref(), &[claim.seq]],
        bump = claim.bump,
        has_one = cover @ MutualError::WrongClaimAccount,
    )]
    pub claim: Box<Account<'info, Claim>>,
    #[account(
        mut,
        dup,
        seeds = [COVER_SEED, cover.product.as_ref(), &cover.seq.to_le_bytes()],
        bump = cover.bump,
    )]
    pub cover: Box<Account<'info, Cover>>,
    #[account(mut, dup, seeds = [CAPITAL_SEED], bump = capital_snapshot.bump)]
    pub capital_snapshot: Box<Account<'info, CapitalSnapshot>>,
    #[account(mut, dup, seeds = [TREASURY_SEED], bump = config.treasury_bump)]
    pub treasury: SystemAccount<'info>,
    /// The claim's asset and vault, and the base asset's vault behind it: an accepted claim lapses only while
    /// they could pay it (decision 66).
    #[account(
        seeds = [ASSET_SEED, claim.asset.as_ref()],
        bump = asset.bump,
        has_one = vault @ MutualError::WrongAssetAccount,
    )]
    pub asset: Box<Account<'info, Asset>>,
    pub vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(
        seeds = [ASSET_SEED, config.base_asset.as_ref()],
        bump = base_asset.bump,
        constraint = config.has_base_asset() @ MutualError::NoBaseAsset,
    )]
    pub base_asset: Box<Account<'info, Asset>>,
    #[account(address = base_asset.vault @ MutualError::WrongAssetAccount)]
    pub base_vault: Box<InterfaceAccount<'info, TokenAccount>>,
}

impl<'info> ClaimClose<'info> {
    /// Releases the tranche the claim held in each of its pools, given in its order.
    fn release_holds(claim: &Claim, remaining: &'info [AccountInfo<'info>]) -> Result<()> {
        let pools = claim.pools();
        require!(
            remaining.len() == pools.len(),
            MutualError::CoverPoolsMismatch
        );
        for ((allocation, held), info) in pools.iter().zip(claim.held_tranches).zip(remaining) {
            require!(info.is_writable, MutualError::CoverPoolsMismatch);
            let mut pool = Account::<Pool>::try_from(info)?;
            require!(
                pool.id == allocation.pool_id,
                MutualError::CoverPoolsMismatch
            );
            pool.release_claim(held)?;
            pool.exit(&crate::ID)?;
        }
        Ok(())
    }

    pub fn claim_close(ctx: Context<'info, Self>) -> Result<()> {
        let accounts = ctx.accounts;
        let now = Clock::get()?.unix_timestamp;
        // Payable as `claim_redeem_payout` would pay it now: a base part needs fresh prices there, so here too.
        let split = accounts
            .asset
            .payout_split(accounts.claim.amount, accounts.vault.amount)?;
        let priced = accounts
            .capital_snapshot
            .is_priced(accounts.config.params.oracle_max_age, now)?;
        let payable = split.payable(accounts.base_vault.amount) && (split.in_base == 0 || priced);
        let (status, change) = accounts.claim.settle_unpaid(payable, now)?;
        accounts.claim.invariant()?;
        Self::release_holds(&accounts.claim, ctx.remaining_accounts)?;
        accounts.cover.settle_claim();
        let asset_index = accounts.claim.asset_index;
        accounts
            .capital_snapshot
            .apply_liability(asset_index, change)?;
        let deposit = accounts.claim.deposit;
        // Denied or lapsed, the mutual paid nothing and its voters share `denied_reward`: the deposit pays for it.
        let to = accounts.treasury.to_account_info();
        move_lamports(&accounts.claim.to_account_info(), &to, deposit)?;
        crate::emit_event!(ClaimCloseEvent {
            claim: accounts.claim.key(),
            cover: accounts.cover.key(),
            status,
            deposit,
            deposit_to: to.key(),
        });
        Ok(())
    }
}
