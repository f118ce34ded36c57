use crate::constants::{CONFIG_SEED, MEMBER_SEED};
use crate::errors::MutualError;
use crate::events::MemberLeaveEvent;
use crate::state::{Config, Member};
use crate::token::{burn_from_owner, ConfigSigner};
use anchor_lang::prelude::*;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::{Mint, TokenAccount};

/// A member leaves: only with nothing left in the protocol. Up to `max_burn` stake units still in the account are
/// burnt (any member can send dust to another's account, which would otherwise block leaving forever); more is
/// refused. The account is frozen again, the `Member` account closes and its rent goes back to the wallet.
#[derive(Accounts)]
pub struct MemberLeave<'info> {
    #[account(mut)]
    pub wallet: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, has_one = stake_mint)]
    pub config: Box<Account<'info, Config>>,
    // Every writable account here is pinned (seeds, config.stake_mint, member.stake_account), so none can
    // stand for another: `dup` spares Anchor's duplicate check (docs/architecture.md, decision 13).
    #[account(
        mut,
        dup,
        close = wallet,
        seeds = [MEMBER_SEED, wallet.key().as_ref()],
        bump = member.bump,
        has_one = wallet @ MutualError::NotMember,
    )]
    pub member: Box<Account<'info, Member>>,
    #[account(mut, dup)]
    pub stake_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(mut, dup, address = member.stake_account @ MutualError::WrongStakeAccount)]
    pub stake_account: Box<InterfaceAccount<'info, TokenAccount>>,
    pub token_program: Program<'info, Token2022>,
}

impl MemberLeave<'_> {
    fn validate(&self, max_burn: u64) -> Result<()> {
        let Self {
            member,
            stake_account,
            ..
        } = self;
        // member
        member.require_can_leave()?;
        // stake_account
        require!(
            stake_account.amount <= max_burn,
            MutualError::MemberHasStakeTokens
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate(max_burn))]
    pub fn member_leave(ctx: Context<Self>, max_burn: u64) -> Result<()> {
        let accounts = ctx.accounts;
        let burnt = accounts.stake_account.amount;
        if burnt > 0 {
            burn_from_owner(
                &accounts.token_program.to_account_info(),
                &accounts.stake_mint.to_account_info(),
                &accounts.stake_account.to_account_info(),
                &accounts.wallet.to_account_info(),
                burnt,
            )?;
        }
        let config_info = accounts.config.to_account_info();
        let signer = ConfigSigner::new(&config_info, &accounts.config);
        signer.freeze(
            &accounts.token_program.to_account_info(),
            &accounts.stake_account,
            &accounts.stake_mint.to_account_info(),
        )?;
        crate::emit_event!(MemberLeaveEvent {
            wallet: accounts.wallet.key(),
            burnt,
            left_at: Clock::get()?.unix_timestamp,
        });
        Ok(())
    }
}
