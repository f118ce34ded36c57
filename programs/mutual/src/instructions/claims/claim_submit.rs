use crate::constants::{
    ASSET_SEED, CAPITAL_SEED, CLAIM_SEED, CONFIG_SEED, COVER_SEED, MAX_COVER_POOLS, PRODUCT_SEED,
};
use crate::cpi_helpers::{init_pda_account, transfer_lamports};
use crate::errors::MutualError;
use crate::events::ClaimSubmitEvent;
use crate::math::periods::booking_tranche;
use crate::state::{
    pause_area, Asset, Backing, CapitalSnapshot, Claim, ClaimFiling, ClaimTerms, Config, Cover,
    Pool, PriorSegment, Product,
};
use anchor_lang::prelude::*;
use anchor_spl::token::spl_token::native_mint;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct ClaimSubmitArgs {
    /// Claimed, in the cover asset's base units: ≤ the cover amount less what claims paid out.
    pub amount: u64,
    /// Hash of the evidence published at `evidence_uri`.
    pub evidence_hash: [u8; 32],
    /// At most 128 bytes.
    pub evidence_uri: String,
}

/// The cover's owner files a claim on it, judged against the segment in force now (the one a renewal replaced,
/// until the renewal starts): its wording, pools, capacity ratio and claim periods, as bought. The claimant
/// pays a deposit of max(`min_deposit`, the assessment reward's value in lamports) into the claim, refunded if
/// it is accepted. The reward is valued in SOL at the wrapped-SOL asset's last price; before that asset is
/// registered and priced, the deposit is `min_deposit` and a denial rewards the voters nothing (decision 55).
/// A claims pause extends the window to file by its length (decision 59).
///
/// `remaining_accounts` are the segment's pools in its order, writable: each holds the tranche the cover was
/// booked in until the claim settles, and takes no deposits meanwhile (decision 60).
///
/// Write set: the new `Claim`, the cover (its claim counter), the segment's pools, the claimant.
#[derive(Accounts)]
pub struct ClaimSubmit<'info> {
    #[account(mut)]
    pub claimant: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(seeds = [CAPITAL_SEED], bump = capital_snapshot.bump)]
    pub capital_snapshot: Box<Account<'info, CapitalSnapshot>>,
    #[account(seeds = [PRODUCT_SEED, &product.id.to_le_bytes()], bump = product.bump)]
    pub product: Box<Account<'info, Product>>,
    #[account(
        mut,
        dup,
        seeds = [COVER_SEED, product.key().as_ref(), &cover.seq.to_le_bytes()],
        bump = cover.bump,
        constraint = cover.owner == claimant.key() @ MutualError::NotCoverOwner,
    )]
    pub cover: Box<Account<'info, Cover>>,
    #[account(seeds = [ASSET_SEED, cover.asset.as_ref()], bump = asset.bump)]
    pub asset: Box<Account<'info, Asset>>,
    /// CHECK: the wrapped-SOL asset's address (its seeds), read only if that asset is registered (owned by
    /// the program; its discriminator is checked). Always passed, so a claimant can't skip the valuation.
    #[account(seeds = [ASSET_SEED, native_mint::ID.as_ref()], bump)]
    pub sol_asset: UncheckedAccount<'info>,
    /// CHECK: the new claim, created in the handler (`init_pda_account`) at the cover's next claim number.
    #[account(mut, dup, seeds = [CLAIM_SEED, cover.key().as_ref(), &[cover.claim_count]], bump)]
    pub claim: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

impl<'info> ClaimSubmit<'info> {
    /// Holds, in each of the backing's pools (given in its order), the tranche the segment was booked in.
    fn hold_pools(
        remaining: &'info [AccountInfo<'info>],
        backing: &Backing,
    ) -> Result<[u32; MAX_COVER_POOLS]> {
        let pools = backing.pools();
        require!(
            remaining.len() == pools.len(),
            MutualError::CoverPoolsMismatch
        );
        let booked = booking_tranche(backing.expiry_bucket)?;
        let mut held = [0u32; MAX_COVER_POOLS];
        for (i, (allocation, info)) in pools.iter().zip(remaining).enumerate() {
            require!(info.is_writable, MutualError::CoverPoolsMismatch);
            let mut pool = Account::<Pool>::try_from(info)?;
            require!(
                pool.id == allocation.pool_id,
                MutualError::CoverPoolsMismatch
            );
            held[i] = pool.hold_for_claim(booked)?;
            pool.exit(&crate::ID)?;
        }
        Ok(held)
    }

    fn validate(&self) -> Result<()> {
        let Self { config, .. } = self;
        // config
        config.require_active(pause_area::CLAIMS)
    }

    /// The wrapped-SOL asset, once registered.
    fn sol_asset(&self) -> Result<Option<Asset>> {
        let info = self.sol_asset.as_ref();
        if *info.owner != crate::ID {
            return Ok(None);
        }
        // Owned by the program at the asset's seeds: only `asset_register` writes there. The discriminator
        // is checked all the same.
        Ok(Some(Asset::try_deserialize(
            &mut &info.try_borrow_data()?[..],
        )?))
    }

    #[access_control(ctx.accounts.validate())]
    pub fn claim_submit(ctx: Context<'info, Self>, args: ClaimSubmitArgs) -> Result<()> {
        let accounts = ctx.accounts;
        let clock = Clock::get()?;
        let now = clock.unix_timestamp;
        let params = accounts.config.params;
        let cover_key = accounts.cover.key();
        let pause_clock = accounts.config.claims_pause_clock(now)?;
        let prior = PriorSegment::read(&accounts.cover.to_account_info().try_borrow_data()?)?;
        // the amount is checked against the cover before it is priced: above the cover is `ClaimAboveCover`, even
        // at u64::MAX
        let (seq, backing) =
            accounts
                .cover
                .file_claim(args.amount, now, clock.slot, pause_clock, prior.as_ref())?;
        let terms = ClaimTerms::price(
            &params,
            accounts.capital_snapshot.book_value,
            &accounts.asset,
            accounts.sol_asset()?.as_ref(),
            args.amount,
            accounts.cover.period,
        )?;
        let cover = &accounts.cover;
        let held_tranches = Self::hold_pools(ctx.remaining_accounts, &backing)?;
        let commit_reveal = accounts.config.commit_reveal(&accounts.product.terms);
        let filing = ClaimFiling {
            seq,
            cover: cover_key,
            product: cover.product,
            claimant: cover.owner,
            asset: cover.asset,
            asset_index: accounts.asset.index,
            amount: args.amount,
            terms,
            backing,
            held_tranches,
            evidence_hash: args.evidence_hash,
            evidence_uri: args.evidence_uri,
            commit_reveal,
            quorum: params.liability_quorum,
        };
        let payer = accounts.claimant.to_account_info();
        let system = accounts.system_program.to_account_info();
        let claim_info = accounts.claim.to_account_info();
        let bump = ctx.bumps.claim;
        init_pda_account::<Claim>(
            &payer,
            &claim_info,
            &system,
            Claim::SIZE,
            &[CLAIM_SEED, cover_key.as_ref(), &[seq], &[bump]],
            |c| c.init(bump, filing, now),
        )?;
        transfer_lamports(&payer, &claim_info, &system, terms.deposit)?;
        crate::emit_event!(ClaimSubmitEvent {
            claim: claim_info.key(),
            cover: cover_key,
            claimant: payer.key(),
            seq,
            amount: args.amount,
            deposit: terms.deposit,
            reward: terms.reward,
            commit_reveal,
        });
        Ok(())
    }
}
