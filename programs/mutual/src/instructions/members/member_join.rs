use crate::constants::{CONFIG_SEED, MEMBER_SEED, TREASURY_SEED};
use crate::cpi_helpers::{init_pda_account, transfer_lamports, ConfigSigner};
use crate::events::MemberJoinEvent;
use crate::state::{Config, Member};
use anchor_lang::prelude::*;
use anchor_spl::associated_token::AssociatedToken;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::{Mint, TokenAccount};

/// A wallet joins: it pays the join fee to the treasury, gets its `Member` record, and its stake-token account
/// is thawed so that it can hold the stake token.
#[derive(Accounts)]
pub struct MemberJoin<'info> {
    #[account(mut)]
    pub wallet: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, has_one = stake_mint)]
    pub config: Box<Account<'info, Config>>,
    /// CHECK: the seeds pin the address, and the handler creates the `Member` here (the system program refuses
    /// an address already in use). Not Anchor's `init`: on an address that already holds lamports it issues
    /// `CreateAccountAllowPrefund`, which the runtime does not support yet, so a few lamports sent to a wallet's
    /// Member PDA would block that wallet from ever joining.
    #[account(mut, seeds = [MEMBER_SEED, wallet.key().as_ref()], bump)]
    pub member: UncheckedAccount<'info>,
    pub stake_mint: Box<InterfaceAccount<'info, Mint>>,
    /// The wallet's associated stake-token account. It may exist already (frozen) from an earlier membership, so
    /// it is created only if needed.
    #[account(
        init_if_needed,
        dup,
        payer = wallet,
        associated_token::mint = stake_mint,
        associated_token::authority = wallet,
        associated_token::token_program = token_program,
    )]
    pub stake_account: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, seeds = [TREASURY_SEED], bump = config.treasury_bump)]
    pub treasury: SystemAccount<'info>,
    pub token_program: Program<'info, Token2022>,
    pub associated_token_program: Program<'info, AssociatedToken>,
    pub system_program: Program<'info, System>,
}

impl MemberJoin<'_> {
    pub fn member_join(ctx: Context<Self>) -> Result<()> {
        let accounts = ctx.accounts;
        let now = Clock::get()?.unix_timestamp;
        let join_fee = accounts.config.params.join_fee;
        transfer_lamports(
            &accounts.wallet.to_account_info(),
            &accounts.treasury.to_account_info(),
            &accounts.system_program.to_account_info(),
            join_fee,
        )?;
        let wallet = accounts.wallet.key();
        accounts.create_member(ctx.bumps.member, now)?;
        let signer = ConfigSigner::new(&accounts.config);
        signer.thaw(
            &accounts.token_program.to_account_info(),
            &accounts.stake_account,
            &accounts.stake_mint.to_account_info(),
        )?;

        crate::emit_event!(MemberJoinEvent {
            wallet,
            join_fee,
            joined_at: now,
        });
        Ok(())
    }

    /// Creates the `Member` account, even if someone sent lamports to its address first.
    fn create_member(&self, bump: u8, now: i64) -> Result<()> {
        let wallet = self.wallet.key();
        let stake_account = self.stake_account.key();
        init_pda_account::<Member>(
            &self.wallet.to_account_info(),
            &self.member.to_account_info(),
            &self.system_program.to_account_info(),
            Member::SIZE,
            &[MEMBER_SEED, wallet.as_ref(), &[bump]],
            |member| {
                member.init(bump, wallet, stake_account, now);
                Ok(())
            },
        )
    }
}
