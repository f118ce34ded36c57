use crate::errors::VaultError;
use crate::mutual_calls;
use crate::state::{
    DepositRecord, TransferOut, Vault, DEPOSIT_SEED, SIGNER_SEED, TOKENS_SEED, VAULT_SEED,
};
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};
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
        a.vault.transfer_out(
            a.vault.key(),
            TransferOut {
                token_program: &a.token_program,
                from: &a.vault_tokens,
                mint: &a.asset_mint,
                to: &a.depositor_tokens,
                signer: &a.vault_signer,
            },
            amount,
        )?;
        a.vault.deposits = a
            .vault
            .deposits
            .checked_sub(amount)
            .ok_or(VaultError::Overflow)?;
        Ok(())
    }
}
