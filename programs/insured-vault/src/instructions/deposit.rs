use crate::errors::VaultError;
use crate::mutual_calls;
use crate::state::{
    DepositRecord, TransferOut, Vault, DEPOSIT_SEED, SIGNER_SEED, TOKENS_SEED, VAULT_SEED,
};
use anchor_lang::prelude::*;
use anchor_lang::system_program;
use anchor_spl::token_interface::{self, Mint, TokenAccount, TokenInterface};
use mutual::instructions::CoverBuyArgs;
use mutual::math::Bps;
use mutual::program::Mutual;

/// A depositor deposits; the vault gates on the product's risk, then buys cover for them by CPI. The mutual's
/// accounts (`cover_buy`'s and the product's risk signals) are passed through and checked by the mutual; the
/// pools are the remaining accounts.
#[derive(Accounts)]
pub struct Deposit<'info> {
    #[account(mut)]
    pub depositor: Signer<'info>,
    #[account(
        mut,
        has_one = asset_mint,
        has_one = treasury,
        seeds = [VAULT_SEED, vault.authority.as_ref(), &vault.product_id.to_le_bytes()],
        bump = vault.bump,
    )]
    pub vault: Box<Account<'info, Vault>>,
    #[account(mut, seeds = [SIGNER_SEED, vault.key().as_ref()], bump = vault.signer_bump)]
    pub vault_signer: SystemAccount<'info>,
    #[account(mut, seeds = [TOKENS_SEED, vault.key().as_ref()], bump = vault.tokens_bump)]
    pub vault_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, token::mint = asset_mint, token::authority = depositor)]
    pub depositor_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    /// The vault's treasury: the broker's commission.
    #[account(mut)]
    pub treasury: Box<InterfaceAccount<'info, TokenAccount>>,
    /// CHECK: the depositor's record, created here at its seeds.
    #[account(mut, seeds = [DEPOSIT_SEED, vault.key().as_ref(), depositor.key().as_ref()], bump)]
    pub deposit: UncheckedAccount<'info>,
    #[account(mint::token_program = asset_token_program)]
    pub asset_mint: Box<InterfaceAccount<'info, Mint>>,
    pub mutual_program: Program<'info, Mutual>,
    /// CHECK: the signer's member record, checked by the mutual.
    pub member: UncheckedAccount<'info>,
    /// CHECK: the mutual's config, checked by the mutual.
    pub config: UncheckedAccount<'info>,
    /// CHECK: the mutual's capital snapshot, checked by the mutual.
    #[account(mut)]
    pub capital_snapshot: UncheckedAccount<'info>,
    /// CHECK: the product, checked by the mutual (its seeds) and by the vault (its id, from the risk answer).
    #[account(mut)]
    pub product: UncheckedAccount<'info>,
    /// CHECK: the product's risk signals, checked by the mutual.
    pub risk_signals: UncheckedAccount<'info>,
    /// CHECK: the mutual's asset record, checked by the mutual.
    #[account(mut)]
    pub asset: UncheckedAccount<'info>,
    /// CHECK: the asset's vault, checked by the mutual.
    #[account(mut)]
    pub asset_vault: UncheckedAccount<'info>,
    /// CHECK: the new cover, created by the mutual at the product's next sequence number.
    #[account(mut)]
    pub cover: UncheckedAccount<'info>,
    /// CHECK: the stake mint, checked by the mutual.
    #[account(mut)]
    pub stake_mint: UncheckedAccount<'info>,
    pub asset_token_program: Interface<'info, TokenInterface>,
    /// CHECK: Token-2022, checked by the mutual.
    pub stake_token_program: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

impl<'info> Deposit<'info> {
    pub fn deposit(ctx: Context<'info, Self>, amount: u64, max_premium: u64) -> Result<()> {
        require!(amount > 0, VaultError::ZeroDeposit);
        let a = &ctx.accounts;
        // The gate: the vault's own product, no riskier than it accepts.
        let risk = mutual_calls::product_risk(
            &a.mutual_program.to_account_info(),
            &a.product.to_account_info(),
            &a.risk_signals.to_account_info(),
        )?;
        require_eq!(
            risk.product_id,
            a.vault.product_id,
            VaultError::WrongProduct
        );
        require!(
            !risk.deprecated && risk.score <= a.vault.max_score,
            VaultError::ProductTooRisky
        );
        a.record_deposit(ctx.bumps.deposit)?;
        // The depositor funds the deposit, the most the cover may cost, and the new cover's rent (the signer pays
        // it to the mutual and gets it back when the cover closes).
        let funded = amount
            .checked_add(max_premium)
            .ok_or(VaultError::Overflow)?;
        a.pull_tokens(funded)?;
        let rent = Rent::get()?.minimum_balance(mutual::state::Cover::SIZE);
        system_program::transfer(
            CpiContext::new(
                a.system_program.key(),
                system_program::Transfer {
                    from: a.depositor.to_account_info(),
                    to: a.vault_signer.to_account_info(),
                },
            ),
            rent,
        )?;
        // The vault's tokens as loaded, plus what was just pulled in: its balance going into the purchase.
        let before = a
            .vault_tokens
            .amount
            .checked_add(funded)
            .ok_or(VaultError::Overflow)?;
        a.buy_cover(ctx.remaining_accounts, amount, max_premium)?;
        let a = ctx.accounts;
        a.vault_tokens.reload()?;
        let paid = before
            .checked_sub(a.vault_tokens.amount)
            .ok_or(VaultError::Overflow)?;
        // What the cover did not cost goes back now.
        a.push_tokens(max_premium.checked_sub(paid).ok_or(VaultError::Overflow)?)?;
        a.vault.deposits = a
            .vault
            .deposits
            .checked_add(amount)
            .ok_or(VaultError::Overflow)?;
        let record = DepositRecord {
            bump: ctx.bumps.deposit,
            depositor: a.depositor.key(),
            amount,
            cover: a.cover.key(),
            paid,
        };
        let mut data = a.deposit.try_borrow_mut_data()?;
        record.try_serialize(&mut &mut data[..])
    }

    /// Creates the depositor's record (one open deposit each), prefund-proof.
    fn record_deposit(&self, bump: u8) -> Result<()> {
        let vault = self.vault.key();
        let depositor = self.depositor.key();
        let seeds: &[&[u8]] = &[DEPOSIT_SEED, vault.as_ref(), depositor.as_ref(), &[bump]];
        mutual::cpi_helpers::create_pda_account(
            &self.depositor.to_account_info(),
            &self.deposit,
            &self.system_program.to_account_info(),
            DepositRecord::SIZE,
            &crate::ID,
            seeds,
        )
        .map_err(|_| error!(VaultError::AlreadyInUse))
    }

    fn pull_tokens(&self, amount: u64) -> Result<()> {
        token_interface::transfer_checked(
            CpiContext::new(
                self.asset_token_program.key(),
                token_interface::TransferChecked {
                    from: self.depositor_tokens.to_account_info(),
                    mint: self.asset_mint.to_account_info(),
                    to: self.vault_tokens.to_account_info(),
                    authority: self.depositor.to_account_info(),
                },
            ),
            amount,
            self.asset_mint.decimals,
        )
    }

    fn push_tokens(&self, amount: u64) -> Result<()> {
        self.vault.transfer_out(
            self.vault.key(),
            TransferOut {
                token_program: &self.asset_token_program,
                from: &self.vault_tokens,
                mint: &self.asset_mint,
                to: &self.depositor_tokens,
                signer: &self.vault_signer,
            },
            amount,
        )
    }

    /// `cover_buy` by CPI: the signer buys as the member and broker, pays from the vault's tokens, the depositor
    /// owns the cover, and the commission goes to the treasury.
    fn buy_cover(
        &self,
        pools: &'info [AccountInfo<'info>],
        amount: u64,
        max_premium: u64,
    ) -> Result<()> {
        let vault = self.vault.key();
        let seeds: &[&[u8]] = &[SIGNER_SEED, vault.as_ref(), &[self.vault.signer_bump]];
        let accounts = mutual::cpi::accounts::CoverBuy {
            buyer: self.vault_signer.to_account_info(),
            member: self.member.to_account_info(),
            config: self.config.to_account_info(),
            capital_snapshot: self.capital_snapshot.to_account_info(),
            product: self.product.to_account_info(),
            asset: self.asset.to_account_info(),
            asset_mint: self.asset_mint.to_account_info(),
            asset_vault: self.asset_vault.to_account_info(),
            payer_token: self.vault_tokens.to_account_info(),
            commission_to: Some(self.treasury.to_account_info()),
            cover: self.cover.to_account_info(),
            stake_mint: self.stake_mint.to_account_info(),
            asset_token_program: self.asset_token_program.to_account_info(),
            stake_token_program: self.stake_token_program.to_account_info(),
            system_program: self.system_program.to_account_info(),
        };
        let args = CoverBuyArgs {
            owner: self.depositor.key(),
            amount,
            period: self.vault.period,
            max_premium,
            commission_bps: Bps(self.vault.commission_bps),
        };
        let signer = [seeds];
        let ctx = CpiContext::new_with_signer(self.mutual_program.key(), accounts, &signer)
            .with_remaining_accounts(pools.to_vec());
        mutual::cpi::cover_buy(ctx, args)
    }
}
