use crate::constants::{CONFIG_SEED, CURATOR_SEED};
use crate::cpi_helpers::init_pda_account;
use crate::errors::MutualError;
use crate::events::CuratorAddEvent;
use crate::state::{Config, Curator};
use anchor_lang::prelude::*;

/// Lets `wallet` write risk signals for every product.
#[derive(Accounts)]
#[instruction(wallet: Pubkey)]
pub struct CuratorAdd<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,
    #[account(
        seeds = [CONFIG_SEED],
        bump = config.bump,
        has_one = authority @ MutualError::NotAuthority,
    )]
    pub config: Box<Account<'info, Config>>,
    /// CHECK: created in the handler (`init_pda_account`: prefund-proof, refuses an address in use).
    #[account(mut, dup, seeds = [CURATOR_SEED, wallet.as_ref()], bump)]
    pub curator: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

impl CuratorAdd<'_> {
    pub fn curator_add(ctx: Context<Self>, wallet: Pubkey) -> Result<()> {
        let accounts = ctx.accounts;
        let bump = ctx.bumps.curator;
        let now = Clock::get()?.unix_timestamp;
        init_pda_account::<Curator>(
            &accounts.authority.to_account_info(),
            &accounts.curator.to_account_info(),
            &accounts.system_program.to_account_info(),
            Curator::SIZE,
            &[CURATOR_SEED, wallet.as_ref(), &[bump]],
            |c| {
                c.init(bump, wallet, now);
                Ok(())
            },
        )?;
        crate::emit_event!(CuratorAddEvent { wallet });
        Ok(())
    }
}
