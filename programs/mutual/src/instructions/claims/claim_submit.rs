use crate::constants::{
    ASSET_SEED, CAPITAL_SEED, CLAIM_SEED, CONFIG_SEED, COVER_SEED, PRODUCT_SEED,
};
use crate::cpi::{init_pda_account, transfer_lamports};
use crate::errors::MutualError;
use crate::events::ClaimSubmitEvent;
use crate::state::{
    pause_area, Asset, CapitalSnapshot, Claim, ClaimFiling, ClaimTerms, Config, Cover, Product,
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

/// The cover's owner files a claim on it, judged against the wording the cover recorded at purchase. The
/// claimant pays a deposit of max(`min_deposit`, the assessment reward's value in lamports) into the claim,
/// refunded if it is accepted. The reward is valued in SOL at the wrapped-SOL asset's last price; before that
/// asset is registered and priced, the deposit is `min_deposit`.
///
/// Write set: the new `Claim`, the cover (its claim counter), the claimant.
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
    pub fn claim_submit(ctx: Context<Self>, args: ClaimSubmitArgs) -> Result<()> {
        let accounts = ctx.accounts;
        let clock = Clock::get()?;
        let now = clock.unix_timestamp;
        let params = accounts.config.params;
        let terms = ClaimTerms::price(
            &params,
            accounts.capital_snapshot.book_value,
            &accounts.asset,
            accounts.sol_asset()?.as_ref(),
            args.amount,
            accounts.cover.period,
        )?;
        let cover_key = accounts.cover.key();
        let cover = &mut accounts.cover;
        let seq = cover.file_claim(args.amount, now, clock.slot)?;
        let commit_reveal = accounts.config.commit_reveal(&accounts.product.terms);
        let filing = ClaimFiling {
            seq,
            cover: cover_key,
            product: cover.product,
            claimant: cover.owner,
            asset: cover.asset,
            amount: args.amount,
            terms,
            wording_hash: cover.wording_hash,
            evidence_hash: args.evidence_hash,
            evidence_uri: args.evidence_uri,
            commit_reveal,
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
            |c| c.init(bump, filing, &params, now),
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
