use crate::errors::VaultError;
use crate::state::{Vault, SIGNER_SEED, TOKENS_SEED, VAULT_SEED};
use anchor_lang::prelude::*;
use anchor_lang::solana_program::program_pack::Pack;
use anchor_lang::system_program;
use anchor_spl::token_interface::{self, Mint, TokenAccount, TokenInterface};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct VaultArgs {
    pub product_id: u32,
    /// The riskiest score (0..=100) the vault accepts.
    pub max_score: u8,
    /// The broker's commission, basis points of the premium (the mutual caps it at its own maximum).
    pub commission_bps: u16,
    /// Each deposit's cover period, seconds (the mutual takes 28 to 365 days).
    pub period: u32,
    /// Lamports the authority gives the vault's signer: the mutual's join fee and the rent it pays.
    pub fund: u64,
}

/// The authority opens a vault. Its accounts are created the mutual's prefund-proof way
/// (`mutual::cpi_helpers::create_pda_account`): a few lamports sent to a predictable address first cannot block
/// the creation.
#[derive(Accounts)]
#[instruction(args: VaultArgs)]
pub struct VaultCreate<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,
    /// CHECK: created here, at its seeds.
    #[account(mut, seeds = [VAULT_SEED, authority.key().as_ref(), &args.product_id.to_le_bytes()], bump)]
    pub vault: UncheckedAccount<'info>,
    #[account(mut, seeds = [SIGNER_SEED, vault.key().as_ref()], bump)]
    pub vault_signer: SystemAccount<'info>,
    /// CHECK: created here as a token account of `asset_mint` owned by the signer.
    #[account(mut, seeds = [TOKENS_SEED, vault.key().as_ref()], bump)]
    pub vault_tokens: UncheckedAccount<'info>,
    #[account(mint::token_program = token_program)]
    pub asset_mint: InterfaceAccount<'info, Mint>,
    #[account(token::mint = asset_mint, token::token_program = token_program)]
    pub treasury: InterfaceAccount<'info, TokenAccount>,
    pub token_program: Interface<'info, TokenInterface>,
    pub system_program: Program<'info, System>,
}

impl VaultCreate<'_> {
    fn validate(&self, args: &VaultArgs) -> Result<()> {
        require!(
            args.max_score <= 100 && args.commission_bps <= 10_000,
            VaultError::InvalidTerms
        );
        Ok(())
    }

    pub fn vault_create(ctx: Context<Self>, args: VaultArgs) -> Result<()> {
        let accounts = &ctx.accounts;
        accounts.validate(&args)?;
        let bumps = &ctx.bumps;
        let authority = accounts.authority.to_account_info();
        let system = accounts.system_program.to_account_info();
        let vault_key = accounts.vault.key();
        let id = args.product_id.to_le_bytes();
        let vault_seeds: &[&[u8]] = &[VAULT_SEED, authority.key.as_ref(), &id, &[bumps.vault]];
        mutual::cpi_helpers::create_pda_account(
            &authority,
            &accounts.vault,
            &system,
            Vault::SIZE,
            &crate::ID,
            vault_seeds,
        )?;
        let tokens_seeds: &[&[u8]] = &[TOKENS_SEED, vault_key.as_ref(), &[bumps.vault_tokens]];
        mutual::cpi_helpers::create_pda_account(
            &authority,
            &accounts.vault_tokens,
            &system,
            anchor_spl::token::spl_token::state::Account::LEN,
            accounts.token_program.key,
            tokens_seeds,
        )?;
        token_interface::initialize_account3(CpiContext::new(
            accounts.token_program.key(),
            token_interface::InitializeAccount3 {
                account: accounts.vault_tokens.to_account_info(),
                mint: accounts.asset_mint.to_account_info(),
                authority: accounts.vault_signer.to_account_info(),
            },
        ))?;
        system_program::transfer(
            CpiContext::new(
                system.key(),
                system_program::Transfer {
                    from: authority.clone(),
                    to: accounts.vault_signer.to_account_info(),
                },
            ),
            args.fund,
        )?;
        let vault = Vault {
            bump: bumps.vault,
            signer_bump: bumps.vault_signer,
            tokens_bump: bumps.vault_tokens,
            authority: authority.key(),
            product_id: args.product_id,
            asset_mint: accounts.asset_mint.key(),
            treasury: accounts.treasury.key(),
            max_score: args.max_score,
            commission_bps: args.commission_bps,
            period: args.period,
            deposits: 0,
        };
        let mut data = accounts.vault.try_borrow_mut_data()?;
        vault.try_serialize(&mut &mut data[..])
    }
}
