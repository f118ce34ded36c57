use crate::constants::{ASSET_SEED, CAPITAL_SEED, CONFIG_SEED, COVER_SEED, PRODUCT_SEED};
use crate::controller::placement::{
    persist_released, release_allocations, Legs, Order, SegmentQuote,
};
use crate::controller::settlement::{settle, Ledger, NewSegment, Placed, Settled};
use crate::cpi_helpers::{transfer_from_owner, transfer_lamports, ConfigSigner};
use crate::errors::MutualError;
use crate::events::{CoverEditEvent, CoverRenewEvent};
use crate::math::cover::{
    placed_amount, segment_charge, unused_premium, validate_period, PerPool, SegmentCharge,
};
use crate::state::{pause_area, Asset, CapitalSnapshot, Config, Cover, PriorSegment, Product};
use anchor_lang::prelude::*;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

/// Accounts of the instructions that give an existing cover a new segment: `cover_edit` (from now),
/// `cover_renew` and `cover_auto_renew` (from the old end). `remaining_accounts` start with the new segment's
/// pools, each as [Pool, PoolProduct, pool vault], all writable.
///
/// Write set: the cover, the pools and listings (old and new), the asset (its active cover) and vault, the
/// capital snapshot (the premium and the cover, recorded at once), the paying token account, the stake mint
/// (rewards), and the signer (the bytes a first renewal adds to the cover for the segment it replaces). The
/// product and config are only read.
#[derive(Accounts)]
pub struct CoverChange<'info> {
    /// The owner for an edit or a renewal; anyone for an auto-renewal.
    #[account(mut)]
    pub signer: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, has_one = stake_mint)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, dup, seeds = [CAPITAL_SEED], bump = capital_snapshot.bump)]
    pub capital_snapshot: Box<Account<'info, CapitalSnapshot>>,
    #[account(seeds = [PRODUCT_SEED, &product.id.to_le_bytes()], bump = product.bump)]
    pub product: Box<Account<'info, Product>>,
    #[account(
        mut,
        dup,
        seeds = [COVER_SEED, product.key().as_ref(), &cover.seq.to_le_bytes()],
        bump = cover.bump,
        has_one = product @ MutualError::WrongCoverAccount,
    )]
    pub cover: Box<Account<'info, Cover>>,
    #[account(mut, dup, seeds = [ASSET_SEED, cover.asset.as_ref()], bump = asset.bump)]
    pub asset: Box<Account<'info, Asset>>,
    #[account(address = asset.mint @ MutualError::WrongAssetAccount)]
    pub asset_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(mut, dup, address = asset.vault @ MutualError::WrongAssetAccount)]
    pub asset_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    /// Pays the premium: the owner's account of the asset (the owner signs, or it delegated to the config PDA).
    #[account(
        mut,
        dup,
        constraint = payer_token.key() != asset_vault.key() @ MutualError::DuplicateAccount,
        token::mint = asset_mint,
        token::token_program = asset_token_program,
    )]
    pub payer_token: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, dup)]
    pub stake_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(address = asset.token_program @ MutualError::WrongAssetAccount)]
    pub asset_token_program: Interface<'info, TokenInterface>,
    pub stake_token_program: Program<'info, Token2022>,
    pub system_program: Program<'info, System>,
}

/// Which change a new segment makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// From now, replacing the old segment, whose `unused` premium is credited for the capacity that stays in the
    /// same pools (`math::cover::segment_charge`).
    Edit { unused: u64 },
    /// From the old end, by the owner, who signs the payment.
    Renew,
    /// From the old end, by anyone: the same pools in the same order, paid by the config PDA as the delegate
    /// the owner approved, within the owner's cap.
    AutoRenew,
}

/// What placing a new segment cost.
pub struct Changed {
    pub quote: SegmentQuote,
    /// The old segment's unused premium credited against the new one.
    pub credit: u64,
    /// What the payer paid: premium − credit, never below 0.
    pub paid: u64,
    pub rewards: PerPool,
    pub pool_ids: Vec<u32>,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoverEditArgs {
    /// The new amount, in the asset's base units (not below what claims paid out).
    pub amount: u64,
    /// The new period from now, seconds: 28 to 365 days.
    pub period: u32,
    /// Most the owner pays beyond the credit.
    pub max_premium: u64,
    /// How many [Pool, PoolProduct, vault] triples open `remaining_accounts`; the listings of the old pools
    /// that are not among them follow.
    pub pool_count: u8,
}

impl<'info> CoverChange<'info> {
    /// The owner replaces the cover with a new segment from now. The unused part of the old premium is
    /// credited against the new one for the capacity that stays in the same pools (an excess credit is not paid
    /// out, as in Nexus), and the old allocations and active cover are released.
    pub fn cover_edit(ctx: Context<'info, CoverChange<'info>>, args: CoverEditArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = ctx.accounts;
        accounts.require_owner_signs()?;
        accounts.cover.require_active(now)?;
        accounts.validate_segment(args.period, now)?;
        let cover = &accounts.cover;
        let unused = unused_premium(cover.premium, cover.start, cover.period, now)?;
        let (old_amount, old_end) = (cover.amount, cover.end()?);
        let changed = accounts.apply(
            ctx.remaining_accounts,
            usize::from(args.pool_count),
            NewSegment {
                amount: args.amount,
                start: now,
                period: args.period,
            },
            Change::Edit { unused },
            args.max_premium,
            now,
        )?;
        crate::emit_event!(CoverEditEvent {
            cover: accounts.cover.key(),
            old_amount,
            old_end,
            amount: args.amount,
            start: now,
            period: args.period,
            premium: changed.quote.premium,
            credit: changed.credit,
            paid: changed.paid,
            placement: changed.quote.summary(&changed.pool_ids, &changed.rewards),
        });
        Ok(())
    }

    /// The owner renews the cover in its last 7 days: the same amount and period again, from the old end, on
    /// the product's current terms; what is priced and placed is what is still claimable, and a cover paid out
    /// in full renews no more (`NothingLeftToCover`). The old segment runs its course, so nothing is credited,
    /// and claims filed before the renewal starts still concern it (`Cover::previous`).
    /// `remaining_accounts` are the new segment's pools.
    pub fn cover_renew(ctx: Context<'info, CoverChange<'info>>, max_premium: u64) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        ctx.accounts.require_owner_signs()?;
        Self::renew(ctx, max_premium, Change::Renew, now)
    }

    /// Anyone renews a cover whose owner turned auto-renewal on, in its last 7 days, through the same pools in
    /// the same order and on the terms the owner bought (wording and grace period). The premium must be within the owner's
    /// `renew_max_premium` and the config PDA's approval on the paying account, which must be the owner's.
    pub fn cover_auto_renew(ctx: Context<'info, CoverChange<'info>>) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = &ctx.accounts;
        accounts.cover.require_same_terms(&accounts.product.terms)?;
        // The owner's cap is checked by name once the premium is known (`Cover::require_auto_renew_within`).
        Self::renew(ctx, u64::MAX, Change::AutoRenew, now)
    }

    fn renew(
        ctx: Context<'info, CoverChange<'info>>,
        max_premium: u64,
        change: Change,
        now: i64,
    ) -> Result<()> {
        let accounts = ctx.accounts;
        accounts.cover.require_renewal_window(now)?;
        accounts.cover.renewable()?;
        let period = accounts.cover.period;
        accounts.validate_segment(period, now)?;
        let start = accounts.cover.end()?;
        let amount = accounts.cover.amount;
        let remaining = ctx.remaining_accounts;
        // A partial triple is left over as an extra account, which a renewal refuses (`InvalidPoolAccounts`).
        let changed = accounts.apply(
            remaining,
            remaining.len() / 3,
            NewSegment {
                amount,
                start,
                period,
            },
            change,
            max_premium,
            now,
        )?;
        crate::emit_event!(CoverRenewEvent {
            cover: accounts.cover.key(),
            by: accounts.signer.key(),
            automatic: change == Change::AutoRenew,
            amount,
            start,
            period,
            premium: changed.paid,
            placement: changed.quote.summary(&changed.pool_ids, &changed.rewards),
        });
        Ok(())
    }

    /// The checks every new segment needs: buying open, the product still sold, the asset still open for
    /// cover and priced fresh when not the base asset, a valid period.
    pub fn validate_segment(&self, period: u32, now: i64) -> Result<()> {
        let Self {
            config,
            capital_snapshot,
            product,
            asset,
            cover,
            ..
        } = self;
        // cover: its terms are what an open claim is judged against
        cover.require_no_open_claim()?;
        // config
        config.require_active(pause_area::BUY)?;
        // product
        product.require_not_deprecated()?;
        product.require_allows_asset(asset.index)?;
        // asset
        asset.require_open_for_cover(now)?;
        if !asset.is_base() {
            capital_snapshot.require_priced(config.params.max_snapshot_age, now)?;
        }
        // terms
        validate_period(period)
    }

    /// The owner signs, and pays from their own account.
    pub fn require_owner_signs(&self) -> Result<()> {
        require_keys_eq!(
            self.signer.key(),
            self.cover.owner,
            MutualError::NotCoverOwner
        );
        require_keys_eq!(
            self.payer_token.owner,
            self.cover.owner,
            MutualError::NotCoverOwner
        );
        Ok(())
    }

    /// Places `segment` across the pools in `remaining[..3 · pool_count]`. An edit first releases the old
    /// segment's allocations and active cover (`remaining` then ends with the listings of the old pools that are
    /// not among the new ones). What is priced and placed is what the new segment leaves claimable, its amount
    /// less what claims paid out (decision 61). Charges premium − credit (≤ `max_premium`) to the payer, mints
    /// the rewards on what was paid, books the new cover, and writes the new segment.
    #[allow(clippy::too_many_arguments)]
    pub fn apply(
        &mut self,
        remaining: &'info [AccountInfo<'info>],
        pool_count: usize,
        segment: NewSegment,
        change: Change,
        max_premium: u64,
        now: i64,
    ) -> Result<Changed> {
        let params = self.config.params;
        let mut legs = Legs::load(remaining, pool_count, &self.product, now)?;
        if change == Change::AutoRenew {
            let recorded: Vec<u32> = self.cover.pools().iter().map(|a| a.pool_id).collect();
            require!(legs.pool_ids() == recorded, MutualError::CoverPoolsMismatch);
        }
        let extra = &remaining[3 * pool_count..];
        let old_expiry = self.cover.expiry_bucket()?;
        let old_pools: Vec<(u32, u64)> = self
            .cover
            .pools()
            .iter()
            .map(|a| (a.pool_id, u64::from(a.units)))
            .collect();
        let (unused, released, released_cover) = if let Change::Edit { unused } = change {
            let released_cover = self.cover.claimable()?;
            self.asset.unbook_cover(released_cover, old_expiry, now)?;
            (
                unused,
                release_allocations(&self.cover, &mut legs, extra, now)?,
                released_cover,
            )
        } else {
            require!(extra.is_empty(), MutualError::InvalidPoolAccounts);
            (0, Vec::new(), 0)
        };

        let placed = placed_amount(segment.amount, self.cover.paid_out)?;
        let terms = &self.product.terms;
        let order = Order::new(
            placed,
            self.asset.valuation()?,
            self.capital_snapshot
                .book_value_at(self.stake_mint.supply, &params)?,
            segment.start,
            segment.period,
            terms.grace_period,
        )?;
        // An edit gives its old units back first: only capacity beyond them bumps a price.
        let given_back: &[(u32, u64)] = if matches!(change, Change::Edit { .. }) {
            &old_pools
        } else {
            &[]
        };
        let quote = legs.place(&params, terms, order, given_back, now)?;
        let pool_ids = legs.pool_ids();
        let new_pools: Vec<(u32, u64)> = pool_ids.iter().copied().zip(quote.taken).collect();
        let SegmentCharge { credit, paid } =
            segment_charge(quote.premium, unused, &old_pools, &new_pools)?;
        require!(paid <= max_premium, MutualError::PremiumTooHigh);
        let delegated = change == Change::AutoRenew;
        if delegated {
            self.cover.require_auto_renew_within(paid)?;
            self.require_delegated(paid)?;
        } else {
            self.require_owner_signs()?;
        }
        require!(
            self.payer_token.amount >= paid,
            MutualError::InsufficientBalance
        );
        self.pay(paid, delegated)?;

        let Settled { rewards, segment } = settle(
            Ledger {
                config: &self.config,
                capital_snapshot: &mut self.capital_snapshot,
                asset: &mut self.asset,
                asset_vault: &mut self.asset_vault,
                stake_mint: &mut self.stake_mint,
                stake_token_program: &self.stake_token_program,
            },
            &mut legs,
            Placed {
                quote: &quote,
                order: &order,
                paid,
                released: released_cover,
            },
            &segment,
            terms,
            now,
        )?;
        let prior = self
            .cover
            .replace_segment(segment, now, Clock::get()?.slot)?;
        self.store_prior(&prior)?;
        legs.persist()?;
        persist_released(&released)?;
        Ok(Changed {
            quote,
            credit,
            paid,
            rewards,
            pool_ids,
        })
    }

    /// Writes the segment a renewal replaced past the `Cover` struct, growing the account the first time (the
    /// signer pays the rent of the added bytes, which goes back with the cover's at expiry). An edit clears it.
    fn store_prior(&self, prior: &PriorSegment) -> Result<()> {
        let info = self.cover.to_account_info();
        let len = Cover::SIZE + PriorSegment::SIZE;
        if info.data_len() < len {
            if prior.until == 0 {
                return Ok(());
            }
            let rent = Rent::get()?
                .minimum_balance(len)
                .saturating_sub(info.lamports());
            transfer_lamports(
                &self.signer.to_account_info(),
                &info,
                &self.system_program.to_account_info(),
                rent,
            )?;
            info.resize(len)?;
        }
        let mut data = info.try_borrow_mut_data()?;
        let mut tail = &mut data[Cover::SIZE..len];
        prior.serialize(&mut tail)?;
        Ok(())
    }

    /// The owner approved the config PDA to move at least `amount` out of the paying account, which is theirs.
    fn require_delegated(&self, amount: u64) -> Result<()> {
        let payer = &self.payer_token;
        require_keys_eq!(payer.owner, self.cover.owner, MutualError::NotCoverOwner);
        require!(
            payer.delegate == Some(self.config.key()).into() && payer.delegated_amount >= amount,
            MutualError::RenewNotApproved
        );
        Ok(())
    }

    /// Moves `amount` from the payer to the vault, signed by the owner or, `delegated`, by the config PDA.
    fn pay(&self, amount: u64, delegated: bool) -> Result<()> {
        if amount == 0 {
            return Ok(());
        }
        let token_program = self.asset_token_program.to_account_info();
        let from = self.payer_token.to_account_info();
        let mint = self.asset_mint.to_account_info();
        let vault = self.asset_vault.to_account_info();
        let decimals = self.asset_mint.decimals;
        if delegated {
            return ConfigSigner::new(&self.config).transfer(
                &token_program,
                &from,
                &mint,
                &vault,
                amount,
                decimals,
            );
        }
        transfer_from_owner(
            &token_program,
            &from,
            &mint,
            &vault,
            &self.signer.to_account_info(),
            amount,
            decimals,
        )
    }
}
