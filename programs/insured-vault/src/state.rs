use anchor_lang::prelude::*;
use anchor_spl::token_interface::{self, Mint, TokenAccount, TokenInterface};

/// A vault's state, `["vault", authority, product id u32 le]`.
pub const VAULT_SEED: &[u8] = b"vault";
/// The vault's signer, `["signer", vault]`: a system account (it pays lamports in CPIs) that is the mutual member,
/// the broker and the payer of every purchase.
pub const SIGNER_SEED: &[u8] = b"signer";
/// The vault's token account of its asset, `["tokens", vault]`, owned by the signer.
pub const TOKENS_SEED: &[u8] = b"tokens";
/// A depositor's deposit, `["deposit", vault, depositor]`.
pub const DEPOSIT_SEED: &[u8] = b"deposit";

#[account]
#[derive(InitSpace, Debug)]
pub struct Vault {
    pub bump: u8,
    pub signer_bump: u8,
    pub tokens_bump: u8,
    pub authority: Pubkey,
    /// The mutual product every deposit is covered by.
    pub product_id: u32,
    pub asset_mint: Pubkey,
    /// Where the broker's commission goes: a token account of the asset.
    pub treasury: Pubkey,
    /// The riskiest score (0..=100) of the product the vault still buys cover on.
    pub max_score: u8,
    /// The broker's commission on each purchase, basis points of the premium.
    pub commission_bps: u16,
    /// Each deposit's cover period, seconds.
    pub period: u32,
    /// Sum of the deposits held.
    pub deposits: u64,
}

impl Vault {
    pub const SIZE: usize = 8 + Vault::INIT_SPACE;

    /// Moves `amount` of the vault's tokens (`from`, owned by the signer PDA) to `to`, signed by the signer PDA
    /// of the vault at `vault`.
    pub fn transfer_out<'info>(
        &self,
        vault: Pubkey,
        transfer: TransferOut<'_, 'info>,
        amount: u64,
    ) -> Result<()> {
        let seeds: &[&[u8]] = &[SIGNER_SEED, vault.as_ref(), &[self.signer_bump]];
        token_interface::transfer_checked(
            CpiContext::new_with_signer(
                transfer.token_program.key(),
                token_interface::TransferChecked {
                    from: transfer.from.to_account_info(),
                    mint: transfer.mint.to_account_info(),
                    to: transfer.to.to_account_info(),
                    authority: transfer.signer.to_account_info(),
                },
                &[seeds],
            ),
            amount,
            transfer.mint.decimals,
        )
    }
}

/// The accounts of a transfer out of a vault's tokens.
pub struct TransferOut<'a, 'info> {
    pub token_program: &'a Interface<'info, TokenInterface>,
    pub from: &'a InterfaceAccount<'info, TokenAccount>,
    pub mint: &'a InterfaceAccount<'info, Mint>,
    pub to: &'a InterfaceAccount<'info, TokenAccount>,
    pub signer: &'a AccountInfo<'info>,
}

#[account]
#[derive(InitSpace, Debug)]
pub struct DepositRecord {
    pub bump: u8,
    pub depositor: Pubkey,
    pub amount: u64,
    /// The cover the vault bought for this deposit (the depositor owns it).
    pub cover: Pubkey,
    /// What the depositor paid for it: premium and commission.
    pub paid: u64,
}

impl DepositRecord {
    pub const SIZE: usize = 8 + DepositRecord::INIT_SPACE;
}
