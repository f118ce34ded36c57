use crate::state::{Vault, SIGNER_SEED, VAULT_SEED};
use anchor_lang::prelude::*;
use mutual::program::Mutual;

/// The vault's signer joins the mutual through the mutual's own `member_join`, paying the join fee from the
/// lamports the authority gave it. The mutual's accounts are checked by the mutual.
#[derive(Accounts)]
pub struct VaultJoin<'info> {
    pub authority: Signer<'info>,
    #[account(
        has_one = authority,
        seeds = [VAULT_SEED, authority.key().as_ref(), &vault.product_id.to_le_bytes()],
        bump = vault.bump,
    )]
    pub vault: Account<'info, Vault>,
    #[account(mut, seeds = [SIGNER_SEED, vault.key().as_ref()], bump = vault.signer_bump)]
    pub vault_signer: SystemAccount<'info>,
    pub mutual_program: Program<'info, Mutual>,
    /// CHECK: the mutual's config, checked by the mutual.
    pub config: UncheckedAccount<'info>,
    /// CHECK: the signer's member record, created by the mutual.
    #[account(mut)]
    pub member: UncheckedAccount<'info>,
    /// CHECK: the stake mint, checked by the mutual.
    pub stake_mint: UncheckedAccount<'info>,
    /// CHECK: the signer's stake-token account, created by the mutual.
    #[account(mut)]
    pub stake_account: UncheckedAccount<'info>,
    /// CHECK: the mutual's treasury, checked by the mutual.
    #[account(mut)]
    pub treasury: UncheckedAccount<'info>,
    /// CHECK: Token-2022, checked by the mutual.
    pub token_program: UncheckedAccount<'info>,
    /// CHECK: the associated token program, checked by the mutual.
    pub associated_token_program: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

impl VaultJoin<'_> {
    pub fn vault_join(ctx: Context<Self>) -> Result<()> {
        let a = &ctx.accounts;
        let vault = a.vault.key();
        let seeds: &[&[u8]] = &[SIGNER_SEED, vault.as_ref(), &[a.vault.signer_bump]];
        let accounts = mutual::cpi::accounts::MemberJoin {
            wallet: a.vault_signer.to_account_info(),
            config: a.config.to_account_info(),
            member: a.member.to_account_info(),
            stake_mint: a.stake_mint.to_account_info(),
            stake_account: a.stake_account.to_account_info(),
            treasury: a.treasury.to_account_info(),
            token_program: a.token_program.to_account_info(),
            associated_token_program: a.associated_token_program.to_account_info(),
            system_program: a.system_program.to_account_info(),
        };
        mutual::cpi::member_join(CpiContext::new_with_signer(
            a.mutual_program.key(),
            accounts,
            &[seeds],
        ))
    }
}
