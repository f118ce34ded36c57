use crate::constants::{
    ASSET_SEED, CAPITAL_SEED, CONFIG_SEED, COVER_SEED, MEMBER_SEED, PRODUCT_SEED,
};
use crate::controller::placement::{Legs, Order};
use crate::controller::settlement::{settle, Ledger, NewSegment, Placed, Settled};
use crate::cpi_helpers::{init_pda_account, transfer_from_owner};
use crate::errors::MutualError;
use crate::events::CoverBuyEvent;
use crate::math::cover::{commission, validate_period};
use crate::math::{Bps, SafeMath};
use crate::state::{pause_area, Asset, CapitalSnapshot, Config, Cover, Member, Product};
use anchor_lang::prelude::*;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoverBuyArgs {
    /// Who holds the cover: the buyer, or anyone when a broker buys.
    pub owner: Pubkey,
    /// Cover amount in the asset's base units.
    pub amount: u64,
    /// Seconds: 28 to 365 days.
    pub period: u32,
    /// Most the buyer pays, premium and commission together, in the asset.
    pub max_premium: u64,
    /// Broker's commission on top of the premium, paid to `commission_to`: ≤ max_commission.
    pub commission_bps: Bps,
}

/// A member (or a broker, for any owner) buys cover on a product in one of its assets. `remaining_accounts` are
/// 1 to 4 pools, each as [Pool, PoolProduct, pool vault], all writable: the cover fills them in that order,
/// each up to its free capacity.
///
/// Write set (PROTOCOL.md §2, hot-account rule): the product (its cover counter), the pools and listings, the
/// asset (its active cover) and vault, the new `Cover`, the buyer's and the broker's token accounts, and the
/// stake mint (the stakers' rewards are minted). Config and the capital snapshot are only read.
#[derive(Accounts)]
pub struct CoverBuy<'info> {
    #[account(mut)]
    pub buyer: Signer<'info>,
    #[account(seeds = [MEMBER_SEED, buyer.key().as_ref()], bump = member.bump)]
    pub member: Box<Account<'info, Member>>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, has_one = stake_mint)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, dup, seeds = [CAPITAL_SEED], bump = capital_snapshot.bump)]
    pub capital_snapshot: Box<Account<'info, CapitalSnapshot>>,
    #[account(mut, dup, seeds = [PRODUCT_SEED, &product.id.to_le_bytes()], bump = product.bump)]
    pub product: Box<Account<'info, Product>>,
    #[account(mut, dup, seeds = [ASSET_SEED, asset_mint.key().as_ref()], bump = asset.bump)]
    pub asset: Box<Account<'info, Asset>>,
    pub asset_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(mut, dup, address = asset.vault @ MutualError::WrongAssetAccount)]
    pub asset_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    /// The buyer's account of the asset: pays the premium and the commission.
    #[account(
        mut,
        dup,
        token::mint = asset_mint,
        token::authority = buyer,
        token::token_program = asset_token_program,
    )]
    pub payer_token: Box<InterfaceAccount<'info, TokenAccount>>,
    /// The broker's account of the asset; needed only with a commission.
    #[account(
        mut,
        dup,
        constraint = commission_to.key() != asset_vault.key() @ MutualError::DuplicateAccount,
        token::mint = asset_mint,
        token::token_program = asset_token_program,
    )]
    pub commission_to: Option<Box<InterfaceAccount<'info, TokenAccount>>>,
    /// CHECK: the new cover, created in the handler (`init_pda_account`) at the product's next sequence number.
    #[account(
        mut,
        dup,
        seeds = [COVER_SEED, product.key().as_ref(), &product.next_cover_seq.to_le_bytes()],
        bump,
    )]
    pub cover: UncheckedAccount<'info>,
    #[account(mut, dup)]
    pub stake_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(address = asset.token_program @ MutualError::WrongAssetAccount)]
    pub asset_token_program: Interface<'info, TokenInterface>,
    pub stake_token_program: Program<'info, Token2022>,
    pub system_program: Program<'info, System>,
}

impl CoverBuy<'_> {
    fn validate(&self, args: &CoverBuyArgs) -> Result<()> {
        let Self {
            buyer,
            member,
            config,
            capital_snapshot,
            product,
            asset,
            commission_to,
            ..
        } = self;
        let now = Clock::get()?.unix_timestamp;
        let params = &config.params;
        // config
        config.require_active(pause_area::BUY)?;
        // member
        require!(
            args.owner == buyer.key() || member.is_broker,
            MutualError::NotBroker
        );
        // product
        product.require_not_deprecated()?;
        product.require_allows_asset(asset.index)?;
        // asset
        asset.require_open_for_cover(now)?;
        if !asset.is_base() {
            capital_snapshot.require_priced(params.max_snapshot_age, now)?;
        }
        // commission
        require!(
            args.commission_bps <= params.max_commission,
            MutualError::CommissionTooHigh
        );
        require!(
            args.commission_bps == Bps::ZERO || commission_to.is_some(),
            MutualError::InvalidCommissionAccount
        );
        // terms
        require!(args.amount > 0, MutualError::ZeroAmount);
        validate_period(args.period)
    }

    pub fn cover_buy<'info>(
        ctx: Context<'info, CoverBuy<'info>>,
        args: CoverBuyArgs,
    ) -> Result<()> {
        ctx.accounts.validate(&args)?;
        let accounts = ctx.accounts;
        let clock = Clock::get()?;
        let now = clock.unix_timestamp;
        let params = accounts.config.params;
        let remaining = ctx.remaining_accounts;
        let mut legs = Legs::load_all(remaining, &accounts.product, now)?;

        let seq = accounts.product.take_cover_seq()?;
        accounts.product.invariant()?;

        // Price and place the cover.
        let terms = &accounts.product.terms;
        let order = Order::new(
            args.amount,
            accounts.asset.valuation()?,
            accounts
                .capital_snapshot
                .book_value_at(accounts.stake_mint.supply, &params)?,
            now,
            args.period,
            terms.grace_period,
        )?;
        let quote = legs.place(&params, terms, order, &[], now)?;
        let commission = commission(quote.premium, args.commission_bps)?;
        let total = quote.premium.safe_add(commission)?;
        require!(total <= args.max_premium, MutualError::PremiumTooHigh);
        require!(
            accounts.payer_token.amount >= total,
            MutualError::InsufficientBalance
        );

        // Pay: the premium to the capital pool, the commission to the broker.
        let token_program = accounts.asset_token_program.to_account_info();
        let mint = accounts.asset_mint.to_account_info();
        let payer_token = accounts.payer_token.to_account_info();
        let buyer = accounts.buyer.to_account_info();
        let decimals = accounts.asset_mint.decimals;
        transfer_from_owner(
            &token_program,
            &payer_token,
            &mint,
            &accounts.asset_vault.to_account_info(),
            &buyer,
            quote.premium,
            decimals,
        )?;
        if let Some(commission_to) = &accounts.commission_to {
            if commission > 0 {
                transfer_from_owner(
                    &token_program,
                    &payer_token,
                    &mint,
                    &commission_to.to_account_info(),
                    &buyer,
                    commission,
                    decimals,
                )?;
            }
        }

        // Reward the stakers (rewards_ratio of the premium, streamed to the end of the cover's bucket) and book
        // the cover.
        let Settled { rewards, segment } = settle(
            Ledger {
                config: &accounts.config,
                capital_snapshot: &mut accounts.capital_snapshot,
                asset: &mut accounts.asset,
                asset_vault: &mut accounts.asset_vault,
                stake_mint: &mut accounts.stake_mint,
                stake_token_program: &accounts.stake_token_program,
            },
            &mut legs,
            Placed {
                quote: &quote,
                order: &order,
                paid: quote.premium,
                released: 0,
            },
            &NewSegment {
                amount: args.amount,
                start: now,
                period: args.period,
            },
            &accounts.product.terms,
            now,
        )?;
        let product_key = accounts.product.key();
        let bump = ctx.bumps.cover;
        init_pda_account::<Cover>(
            &buyer,
            &accounts.cover.to_account_info(),
            &accounts.system_program.to_account_info(),
            Cover::SIZE,
            &[
                COVER_SEED,
                product_key.as_ref(),
                &seq.to_le_bytes(),
                &[bump],
            ],
            |cover| {
                cover.init(
                    bump,
                    product_key,
                    seq,
                    args.owner,
                    buyer.key(),
                    accounts.asset_mint.key(),
                    segment,
                    clock.slot,
                )
            },
        )?;
        legs.persist()?;
        crate::emit_event!(CoverBuyEvent {
            cover: accounts.cover.key(),
            product_id: accounts.product.id,
            seq,
            owner: args.owner,
            buyer: buyer.key(),
            asset: accounts.asset_mint.key(),
            amount: args.amount,
            start: now,
            period: args.period,
            premium: quote.premium,
            commission,
            placement: quote.summary(&legs.pool_ids(), &rewards),
        });
        Ok(())
    }
}
