use crate::constants::{ASSET_SEED, CAPITAL_SEED, CONFIG_SEED, MEMBER_SEED};
use crate::controller::assets::{load_traded_assets, TradedAsset};
use crate::cpi_helpers::{burn_from_owner, transfer_from_owner, ConfigSigner};
use crate::errors::MutualError;
use crate::events::{TokenBuyEvent, TokenSellEvent};
use crate::math::book_value::{quote_buy, quote_sell, Market};
use crate::state::{
    pause_area, Asset, CapitalSnapshot, CapitalView, Config, Holding, Member, TradeSide,
};
use anchor_lang::prelude::*;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

/// Accounts of `token_buy` and `token_sell`: a member trades the stake token against the base asset's vault at
/// book value. Both sides are the same accounts, in the same roles. `remaining_accounts` are every other
/// registered asset, in index order, as [Asset, vault, price] (read-only, the price account the asset's push
/// feed): a trade values the whole capital pool as it stands (`CapitalSnapshot::view`, decision 64), each other
/// asset at its recorded price or the newer one its feed shows, whichever costs the trader more (decision 69).
///
/// Every writable account but the wallet's base account is pinned to one address (seeds, or an address stored
/// in a pinned account), so no two can be the same account; the wallet's base account is checked against the
/// vault explicitly. `dup` tells Anchor so, which spares its generic duplicate check: a std `HashSet` of the
/// writable keys, whose SipHash and allocations cost several thousand CU on SBF (docs/performance.md).
#[derive(Accounts)]
pub struct TokenTrade<'info> {
    pub wallet: Signer<'info>,
    #[account(seeds = [MEMBER_SEED, wallet.key().as_ref()], bump = member.bump)]
    pub member: Box<Account<'info, Member>>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, has_one = stake_mint)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, dup, seeds = [CAPITAL_SEED], bump = capital_snapshot.bump)]
    pub capital_snapshot: Box<Account<'info, CapitalSnapshot>>,
    #[account(
        mut,
        dup,
        seeds = [ASSET_SEED, config.base_asset.as_ref()],
        bump = base_asset.bump,
        constraint = config.has_base_asset() @ MutualError::NoBaseAsset,
    )]
    pub base_asset: Box<Account<'info, Asset>>,
    #[account(address = base_asset.mint @ MutualError::WrongAssetAccount)]
    pub base_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(mut, dup, address = base_asset.vault @ MutualError::WrongAssetAccount)]
    pub base_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(
        mut,
        dup,
        constraint = wallet_base_account.key() != base_vault.key() @ MutualError::DuplicateAccount,
        token::mint = base_mint,
        token::authority = wallet,
        token::token_program = base_token_program,
    )]
    pub wallet_base_account: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, dup)]
    pub stake_mint: Box<InterfaceAccount<'info, Mint>>,
    /// The wallet's associated stake-token account, as recorded at join: the only one `member_join` thaws and
    /// `member_leave` checks.
    #[account(mut, dup, address = member.stake_account @ MutualError::WrongStakeAccount)]
    pub wallet_stake_account: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(address = base_asset.token_program @ MutualError::WrongAssetAccount)]
    pub base_token_program: Interface<'info, TokenInterface>,
    pub stake_token_program: Program<'info, Token2022>,
}

/// Capital, stake supply and book value after a trade, as recorded in the snapshot.
pub struct TradeOutcome {
    pub capital: u64,
    pub stake_supply: u64,
    pub book_value: u64,
}

impl<'info> TokenTrade<'info> {
    /// The capital pool at `now` as a trade of `trade` sees it (`None`: as the snapshot records it, at the
    /// recorded prices): the base vault and the assets in `others` as they stand.
    fn view(
        &self,
        others: &[TradedAsset<'info>],
        trade: Option<TradeSide>,
        now: i64,
    ) -> Result<CapitalView> {
        let mut holdings = Vec::with_capacity(others.len() + 1);
        holdings.push(Holding::recorded(&self.base_asset, self.base_vault.amount));
        holdings.extend(others.iter().map(|other| Holding {
            asset: &other.asset,
            vault_balance: other.balance,
            posted: other.posted,
        }));
        self.capital_snapshot
            .view(&holdings, trade, now, &self.config.params)
    }

    /// What a trade of `side` is priced from, and the other assets it was valued with (see `CapitalView::market`
    /// for the rules; the amount rules live in `math::book_value::quote_buy` / `quote_sell`). Each other asset
    /// counts at its recorded price and the newer one its push feed shows, whichever costs the trader more
    /// (decision 69).
    pub(crate) fn market(
        &self,
        remaining: &'info [AccountInfo<'info>],
        side: TradeSide,
        clock: &Clock,
    ) -> Result<(Market, Vec<TradedAsset<'info>>)> {
        let others = load_traded_assets(
            remaining,
            self.config.asset_count,
            &self.config.params,
            clock,
            self.base_asset.decimals,
        )?;
        let market = self
            .view(&others, Some(side), clock.unix_timestamp)?
            .market(side, self.stake_mint.supply, &self.config.params)?;
        Ok((market, others))
    }

    /// Re-reads the vault and the mint after the token CPIs and writes the snapshot in place, valued at the
    /// recorded prices as every other write values it.
    pub(crate) fn record(
        &mut self,
        others: &[TradedAsset<'info>],
        now: i64,
    ) -> Result<TradeOutcome> {
        self.base_vault.reload()?;
        self.stake_mint.reload()?;
        let view = self.view(others, None, now)?;
        let stake_supply = self.stake_mint.supply;
        let params = self.config.params;
        self.capital_snapshot
            .record_view(&view, stake_supply, &params, now)?;
        self.base_asset
            .record_capital_balance(self.base_vault.amount);
        self.capital_snapshot.invariant()?;
        self.base_asset.invariant()?;
        Ok(TradeOutcome {
            capital: self.capital_snapshot.capital,
            stake_supply,
            book_value: self.capital_snapshot.book_value,
        })
    }
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct TokenBuyArgs {
    /// Base-asset units paid in.
    pub base_in: u64,
    /// Fewest stake tokens the member accepts (slippage guard).
    pub min_stake_out: u64,
}

impl<'info> TokenTrade<'info> {
    /// A member buys stake tokens at book value plus the buffer. Buying is an entry, so the TOKEN pause stops it.
    pub fn token_buy(ctx: Context<'info, Self>, args: TokenBuyArgs) -> Result<()> {
        let accounts = ctx.accounts;
        accounts.config.require_active(pause_area::TOKEN)?;
        let params = accounts.config.params;
        let clock = Clock::get()?;
        let now = clock.unix_timestamp;
        let (market, others) = accounts.market(ctx.remaining_accounts, TradeSide::Buy, &clock)?;
        let stake_out = quote_buy(
            &market,
            args.base_in,
            args.min_stake_out,
            params.token_buffer,
            params.initial_book_value,
        )?;

        transfer_from_owner(
            &accounts.base_token_program.to_account_info(),
            &accounts.wallet_base_account.to_account_info(),
            &accounts.base_mint.to_account_info(),
            &accounts.base_vault.to_account_info(),
            &accounts.wallet.to_account_info(),
            args.base_in,
            accounts.base_mint.decimals,
        )?;
        ConfigSigner::new(&accounts.config).mint_to(
            &accounts.stake_token_program.to_account_info(),
            &accounts.stake_mint.to_account_info(),
            &accounts.wallet_stake_account.to_account_info(),
            stake_out,
        )?;

        let outcome = accounts.record(&others, now)?;
        crate::emit_event!(TokenBuyEvent {
            wallet: accounts.wallet.key(),
            base_in: args.base_in,
            stake_out,
            capital: outcome.capital,
            stake_supply: outcome.stake_supply,
            book_value: outcome.book_value,
        });
        Ok(())
    }
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct TokenSellArgs {
    /// Stake-token base units burnt.
    pub stake_in: u64,
    /// Fewest base-asset units the member accepts (slippage guard).
    pub min_base_out: u64,
}

impl<'info> TokenTrade<'info> {
    /// A member sells stake tokens back at book value minus the buffer, as long as capital stays at or above the
    /// minimum capital requirement. Selling is an exit: no pause stops it, so no key can trap members.
    pub fn token_sell(ctx: Context<'info, Self>, args: TokenSellArgs) -> Result<()> {
        let accounts = ctx.accounts;
        let clock = Clock::get()?;
        let now = clock.unix_timestamp;
        let (market, others) = accounts.market(ctx.remaining_accounts, TradeSide::Sell, &clock)?;
        let base_out = quote_sell(
            &market,
            accounts.wallet_stake_account.amount,
            args.stake_in,
            args.min_base_out,
            accounts.config.params.token_buffer,
        )?;

        burn_from_owner(
            &accounts.stake_token_program.to_account_info(),
            &accounts.stake_mint.to_account_info(),
            &accounts.wallet_stake_account.to_account_info(),
            &accounts.wallet.to_account_info(),
            args.stake_in,
        )?;
        ConfigSigner::new(&accounts.config).transfer(
            &accounts.base_token_program.to_account_info(),
            &accounts.base_vault.to_account_info(),
            &accounts.base_mint.to_account_info(),
            &accounts.wallet_base_account.to_account_info(),
            base_out,
            accounts.base_mint.decimals,
        )?;

        let outcome = accounts.record(&others, now)?;
        crate::emit_event!(TokenSellEvent {
            wallet: accounts.wallet.key(),
            stake_in: args.stake_in,
            base_out,
            capital: outcome.capital,
            stake_supply: outcome.stake_supply,
            book_value: outcome.book_value,
        });
        Ok(())
    }
}
