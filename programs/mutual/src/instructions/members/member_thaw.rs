use crate::constants::{CONFIG_SEED, MEMBER_SEED};
use crate::cpi_helpers::ConfigSigner;
use crate::errors::MutualError;
use crate::events::MemberThawEvent;
use crate::state::{Config, Member};
use anchor_lang::prelude::*;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::{Mint, TokenAccount};

/// A member thaws their stake-token account again. Needed when a member closed their (empty) associated account
/// and created it anew: every new account of the stake mint starts frozen, and `member_join` only runs once.
#[derive(Accounts)]
pub struct MemberThaw<'info> {
    pub wallet: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, has_one = stake_mint)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        seeds = [MEMBER_SEED, wallet.key().as_ref()],
        bump = member.bump,
        has_one = wallet @ MutualError::NotMember,
    )]
    pub member: Box<Account<'info, Member>>,
    pub stake_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(mut, dup, address = member.stake_account @ MutualError::WrongStakeAccount)]
    pub stake_account: Box<InterfaceAccount<'info, TokenAccount>>,
    pub token_program: Program<'info, Token2022>,
}

impl MemberThaw<'_> {
    pub fn member_thaw(ctx: Context<Self>) -> Result<()> {
        let accounts = ctx.accounts;
        let signer = ConfigSigner::new(&accounts.config);
        signer.thaw(
            &accounts.token_program.to_account_info(),
            &accounts.stake_account,
            &accounts.stake_mint.to_account_info(),
        )?;
        crate::emit_event!(MemberThawEvent {
            wallet: accounts.wallet.key(),
        });
        Ok(())
    }
}
