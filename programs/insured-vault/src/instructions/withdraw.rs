use crate::errors::VaultError;
use crate::mutual_calls;
use crate::state::{DepositRecord, Vault, DEPOSIT_SEED, SIGNER_SEED, TOKENS_SEED, VAULT_SEED};
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{self, Mint, TokenAccount, TokenInterface};
use mutual::program::Mutual;

/// The depositor takes the deposit back once no claim on its cover is open; the record closes and its rent
/// returns. The cover stays the depositor's (they own it), to claim on until it ends.
#[derive(Accounts)]
pub struct Withdraw<'info> {
    #[account(mut)]
    pub depositor: Signer<'info>,
    #[account(
        mut,
        has_one = asset_mint,
        seeds = [VAULT_SEED, vault.authority.as_ref(), &vault.product_id.to_le_bytes()],
        bump = vault.bump,
    )]
    pub vault: Box<Account<'info, Vault>>,
    #[account(seeds = [SIGNER_SEED, vault.key().as_ref()], bump = vault.signer_bump)]
    pub vault_signer: SystemAccount<'info>,
    #[account(mut, seeds = [TOKENS_SEED, vault.key().as_ref()], bump = vault.tokens_bump)]
    pub vault_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, token::mint = asset_mint, token::authority = depositor)]
    pub depositor_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(
        mut,
        close = depositor,
        has_one = depositor,
        has_one = cover @ VaultError::WrongCover,
        seeds = [DEPOSIT_SEED, vault.key().as_ref(), depositor.key().as_ref()],
        bump = deposit.bump,
    )]
    pub deposit: Box<Account<'info, DepositRecord>>,
    /// CHECK: the deposit's cover (`has_one`), read through the mutual, which checks it.
    pub cover: UncheckedAccount<'info>,
    #[account(mint::token_program = token_program)]
    pub asset_mint: Box<InterfaceAccount<'info, Mint>>,
    pub mutual_program: Program<'info, Mutual>,
    pub token_program: Interface<'info, TokenInterface>,
}

impl Withdraw<'_> {
    pub fn withdraw(ctx: Context<Self>) -> Result<()> {
        let a = ctx.accounts;
        // A cover that ended and was closed (`cover_expire`) has nothing left to claim on; an open one is read.
        if *a.cover.owner == mutual::ID {
            let status = mutual_calls::cover_status(
                &a.mutual_program.to_account_info(),
                &a.cover.to_account_info(),
            )?;
            require!(!status.open_claim, VaultError::ClaimInProgress);
        }
        let amount = a.deposit.amount;
        let vault = a.vault.key();
        let seeds: &[&[u8]] = &[SIGNER_SEED, vault.as_ref(), &[a.vault.signer_bump]];
        token_interface::transfer_checked(
            CpiContext::new_with_signer(
                a.token_program.key(),
                token_interface::TransferChecked {
                    from: a.vault_tokens.to_account_info(),
                    mint: a.asset_mint.to_account_info(),
                    to: a.depositor_tokens.to_account_info(),
                    authority: a.vault_signer.to_account_info(),
                },
                &[seeds],
            ),
            amount,
            a.asset_mint.decimals,
        )?;
        a.vault.deposits = a
            .vault
            .deposits
            .checked_sub(amount)
            .ok_or(VaultError::Overflow)?;
        Ok(())
    }
}
