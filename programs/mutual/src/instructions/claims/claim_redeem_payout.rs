use crate::constants::{ASSET_SEED, CAPITAL_SEED, CLAIM_SEED, CONFIG_SEED, COVER_SEED};
use crate::controller::payout::burn_payout_stake;
use crate::cpi_helpers::{move_lamports, ConfigSigner};
use crate::errors::MutualError;
use crate::events::ClaimRedeemPayoutEvent;
use crate::math::prices::{base_to_stake, Side};
use crate::state::{Asset, CapitalSnapshot, Claim, Config, Cover, CoverState, PriorSegment};
use anchor_lang::prelude::*;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

/// The claimant redeems an accepted claim after its cooldown, within the payout window or later while the claim is
/// still open (decision 66): the amount is paid
/// in the cover asset from the capital pool to `payout_to`, the deposit is refunded, the claim's liability is
/// released, the cover's active cover drops by the payout, and stake is burnt from every pool that backed the
/// segment the claim concerns (decision 57): burn_i = (payout in stake · units_i / segment units) /
/// capacity_ratio as bought, capped by the pool's stake and spread over its tranches alike, the payout valued
/// at the asset's price at payout (decision 65) and the book value gross of pending payouts (decision 54). The tranches the claim held may expire again. A
/// pool left without stake is halted. Never paused: a payout is what the cover was bought for.
/// `remaining_accounts` are the claim's pools in its order, each as [Pool, pool vault], both writable.
///
/// A non-base claim its asset's vault cannot pay in full is paid in kind up to what the vault holds, and the rest
/// in the base asset at μ + σ (decision 67), into `base_payout_to`.
///
/// Write set: the claim, the cover, the asset and its vault, `payout_to`, the base vault and `base_payout_to`,
/// the claimant (the deposit), the capital snapshot, the stake mint and the pools with their vaults (the burns).
#[derive(Accounts)]
pub struct ClaimRedeemPayout<'info> {
    #[account(mut)]
    pub claimant: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, has_one = stake_mint)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, dup, seeds = [CAPITAL_SEED], bump = capital_snapshot.bump)]
    pub capital_snapshot: Box<Account<'info, CapitalSnapshot>>,
    #[account(
        mut,
        dup,
        seeds = [CLAIM_SEED, cover.key().as_ref(), &[claim.seq]],
        bump = claim.bump,
        has_one = claimant @ MutualError::NotClaimant,
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
    #[account(
        mut,
        dup,
        seeds = [ASSET_SEED, claim.asset.as_ref()],
        bump = asset.bump,
        has_one = vault @ MutualError::WrongAssetAccount,
    )]
    pub asset: Box<Account<'info, Asset>>,
    #[account(address = claim.asset @ MutualError::WrongClaimAccount)]
    pub asset_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(mut, dup)]
    pub vault: Box<InterfaceAccount<'info, TokenAccount>>,
    /// Where the payout goes: any account of the cover asset (the claimant chooses it by signing).
    #[account(
        mut,
        dup,
        constraint = payout_to.key() != vault.key() @ MutualError::DuplicateAccount,
        token::mint = asset_mint,
        token::token_program = asset_token_program,
    )]
    pub payout_to: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, dup)]
    pub stake_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(address = asset.token_program @ MutualError::WrongAssetAccount)]
    pub asset_token_program: Interface<'info, TokenInterface>,
    pub stake_token_program: Program<'info, Token2022>,
    /// The base asset, its mint and vault, where the part of a non-base claim its own vault cannot pay comes
    /// from, valued at μ + σ (decision 67), and the claimant's account of it. A base-asset claim names its own
    /// accounts again (read-only here; the base vault and `base_payout_to` are then `vault` and `payout_to`).
    #[account(
        seeds = [ASSET_SEED, config.base_asset.as_ref()],
        bump = base_asset.bump,
        constraint = config.has_base_asset() @ MutualError::NoBaseAsset,
    )]
    pub base_asset: Box<Account<'info, Asset>>,
    #[account(address = base_asset.mint @ MutualError::WrongAssetAccount)]
    pub base_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(mut, dup, address = base_asset.vault @ MutualError::WrongAssetAccount)]
    pub base_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    /// CHECK: read as a token account of the base mint only when the base asset pays a part
    /// (`checked_base_payout_to`): a claimant without one can still be paid in kind.
    #[account(mut, dup)]
    pub base_payout_to: UncheckedAccount<'info>,
    #[account(address = base_asset.token_program @ MutualError::WrongAssetAccount)]
    pub base_token_program: Interface<'info, TokenInterface>,
}

impl<'info> ClaimRedeemPayout<'info> {
    /// `base_payout_to` as a token account of the base mint under the base token program, and not the base
    /// vault: checked only when the base asset pays part of the claim.
    fn checked_base_payout_to(&self) -> Result<()> {
        let info = self.base_payout_to.to_account_info();
        require_keys_neq!(
            info.key(),
            self.base_vault.key(),
            MutualError::DuplicateAccount
        );
        require_keys_eq!(
            *info.owner,
            self.base_token_program.key(),
            MutualError::WrongAssetAccount
        );
        let account = TokenAccount::try_deserialize(&mut &info.try_borrow_data()?[..])?;
        require_keys_eq!(
            account.mint,
            self.base_mint.key(),
            MutualError::WrongAssetAccount
        );
        Ok(())
    }

    pub fn claim_redeem_payout(ctx: Context<'info, Self>) -> Result<()> {
        let accounts = ctx.accounts;
        let now = Clock::get()?.unix_timestamp;
        let params = accounts.config.params;
        accounts.claim.require_redeemable(now)?;
        let amount = accounts.claim.amount;
        // In kind up to what the vault holds; a non-base claim's shortfall in the base asset (decision 67).
        let split = accounts.asset.payout_split(amount, accounts.vault.amount)?;
        require!(
            split.payable(accounts.base_vault.amount),
            MutualError::InsufficientCapital
        );
        // The base part is priced now: at a price at most `oracle_max_age` old, so no one picks an old one.
        if split.in_base > 0 {
            accounts
                .capital_snapshot
                .require_priced(params.oracle_max_age, now)?;
        }

        // The claim's own liability leaves the pending payouts. The burn is the payout valued now, at the asset's
        // recorded high price (decision 65: Nexus prices burns at payout, not at filing), in stake at the book
        // value gross of every pending payout (decision 54).
        let change = accounts.claim.mark_paid();
        accounts.claim.invariant()?;
        let asset_index = accounts.claim.asset_index;
        accounts
            .capital_snapshot
            .apply_liability(asset_index, change)?;
        let payout_value = accounts.asset.to_base(amount, Side::Liability)?;
        let book_value = accounts
            .capital_snapshot
            .book_value_at(accounts.stake_mint.supply, &params)?;
        let payout_stake = base_to_stake(payout_value, book_value)?;
        let signer = ConfigSigner::new(&accounts.config);
        let (pool_ids, burnt) = burn_payout_stake(
            &accounts.claim,
            ctx.remaining_accounts,
            payout_stake,
            &signer,
            &accounts.stake_mint.to_account_info(),
            &accounts.stake_token_program.to_account_info(),
            now,
        )?;

        // Then the payout from the capital pool.
        if split.in_kind > 0 {
            signer.transfer(
                &accounts.asset_token_program.to_account_info(),
                &accounts.vault.to_account_info(),
                &accounts.asset_mint.to_account_info(),
                &accounts.payout_to.to_account_info(),
                split.in_kind,
                accounts.asset_mint.decimals,
            )?;
        }
        if split.in_base > 0 {
            accounts.checked_base_payout_to()?;
            signer.transfer(
                &accounts.base_token_program.to_account_info(),
                &accounts.base_vault.to_account_info(),
                &accounts.base_mint.to_account_info(),
                &accounts.base_payout_to.to_account_info(),
                split.in_base,
                accounts.base_mint.decimals,
            )?;
        }
        accounts.vault.reload()?;
        accounts.stake_mint.reload()?;
        let asset = &mut accounts.asset;
        asset.record_capital_balance(accounts.vault.amount);
        if accounts.cover.state == CoverState::Active {
            asset.unbook_cover(amount, accounts.cover.expiry_bucket()?, now)?;
            // A renewed cover books its old segment too until that one's bucket ends: it drops alike.
            let prior = PriorSegment::read(&accounts.cover.to_account_info().try_borrow_data()?)?;
            if let Some(prior) = prior.filter(|p| p.until == accounts.cover.start) {
                asset.unbook_cover(amount, prior.expiry_bucket()?, now)?;
            }
        }
        let value = asset.valuation()?.to_base(split.in_kind, Side::Capital)?;
        let is_base = asset.is_base();
        accounts.cover.record_payout(amount)?;
        let supply = accounts.stake_mint.supply;
        let snapshot = &mut accounts.capital_snapshot;
        snapshot.record_payout(value, is_base, supply, &params, now)?;
        snapshot.record_payout(split.in_base, true, supply, &params, now)?;
        snapshot.invariant()?;
        accounts.asset.invariant()?;
        let deposit = accounts.claim.deposit;
        move_lamports(
            &accounts.claim.to_account_info(),
            &accounts.claimant.to_account_info(),
            deposit,
        )?;
        crate::emit_event!(ClaimRedeemPayoutEvent {
            claim: accounts.claim.key(),
            cover: accounts.cover.key(),
            claimant: accounts.claimant.key(),
            amount,
            in_kind: split.in_kind,
            in_base: split.in_base,
            deposit,
            pool_ids,
            burnt,
        });
        Ok(())
    }
}
