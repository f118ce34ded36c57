//! Plain SPL helpers the bootstrap, the demo and the tests share: creating mints and token accounts, minting.
use crate::{Result, SdkError};
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::program_pack::Pack;
use anchor_lang::solana_program::system_instruction;
use anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent;
use anchor_spl::token::spl_token;
use anchor_spl::token_2022::spl_token_2022;

fn built(
    ix: std::result::Result<Instruction, anchor_lang::prelude::ProgramError>,
) -> Result<Instruction> {
    ix.map_err(|e| SdkError::Invalid(format!("token instruction: {e}")))
}

/// Rent-exempt size of a classic SPL mint.
pub const MINT_LEN: usize = spl_token::state::Mint::LEN;

/// Instructions that create and initialise a mint owned by `token_program` (SPL Token or Token-2022, no
/// extensions). `rent` is the rent-exempt minimum for `MINT_LEN` bytes.
pub fn create_mint(
    payer: &Pubkey,
    mint: &Pubkey,
    mint_authority: &Pubkey,
    decimals: u8,
    token_program: &Pubkey,
    rent: u64,
) -> Result<Vec<Instruction>> {
    let create =
        system_instruction::create_account(payer, mint, rent, MINT_LEN as u64, token_program);
    let init = if *token_program == spl_token_2022::ID {
        spl_token_2022::instruction::initialize_mint2(
            token_program,
            mint,
            mint_authority,
            None,
            decimals,
        )
    } else {
        spl_token::instruction::initialize_mint2(
            token_program,
            mint,
            mint_authority,
            None,
            decimals,
        )
    };
    Ok(vec![create, built(init)?])
}

/// Creates `wallet`'s associated token account for `mint` if it does not exist yet.
pub fn create_associated_account(
    payer: &Pubkey,
    wallet: &Pubkey,
    mint: &Pubkey,
    token_program: &Pubkey,
) -> Instruction {
    create_associated_token_account_idempotent(payer, wallet, mint, token_program)
}

/// Wraps `lamports` of `wallet`'s SOL into its wrapped-SOL (native mint) account: the account created if it does
/// not exist, the lamports moved in, and the token balance synced to them.
pub fn wrap_sol(wallet: &Pubkey, lamports: u64) -> Result<Vec<Instruction>> {
    let mint = anchor_spl::token::spl_token::native_mint::ID;
    let token_program = anchor_spl::token::ID;
    let account = crate::pda::associated_token(wallet, &mint, &token_program);
    Ok(vec![
        create_associated_account(wallet, wallet, &mint, &token_program),
        anchor_lang::solana_program::system_instruction::transfer(wallet, &account, lamports),
        built(anchor_spl::token::spl_token::instruction::sync_native(
            &token_program,
            &account,
        ))?,
    ])
}

/// Mints `amount` to `to`; `authority` signs.
pub fn mint_to(
    token_program: &Pubkey,
    mint: &Pubkey,
    to: &Pubkey,
    authority: &Pubkey,
    amount: u64,
) -> Result<Instruction> {
    let ix = if *token_program == spl_token_2022::ID {
        spl_token_2022::instruction::mint_to(token_program, mint, to, authority, &[], amount)
    } else {
        spl_token::instruction::mint_to(token_program, mint, to, authority, &[], amount)
    };
    built(ix)
}

/// Moves `amount` between two token accounts with `transfer_checked`; `owner` signs.
pub fn transfer_checked(
    token_program: &Pubkey,
    from: &Pubkey,
    mint: &Pubkey,
    to: &Pubkey,
    owner: &Pubkey,
    amount: u64,
    decimals: u8,
) -> Result<Instruction> {
    built(spl_token_2022::instruction::transfer_checked(
        token_program,
        from,
        mint,
        to,
        owner,
        &[],
        amount,
        decimals,
    ))
}

/// Approves `delegate` to move up to `amount` out of `account`; `owner` signs. Auto-renewal approves the config
/// PDA this way.
pub fn approve(
    token_program: &Pubkey,
    account: &Pubkey,
    delegate: &Pubkey,
    owner: &Pubkey,
    amount: u64,
) -> Result<Instruction> {
    let ix = if *token_program == spl_token_2022::ID {
        spl_token_2022::instruction::approve(token_program, account, delegate, owner, &[], amount)
    } else {
        spl_token::instruction::approve(token_program, account, delegate, owner, &[], amount)
    };
    built(ix)
}

/// Revokes any delegate of `account`; `owner` signs.
pub fn revoke(token_program: &Pubkey, account: &Pubkey, owner: &Pubkey) -> Result<Instruction> {
    let ix = if *token_program == spl_token_2022::ID {
        spl_token_2022::instruction::revoke(token_program, account, owner, &[])
    } else {
        spl_token::instruction::revoke(token_program, account, owner, &[])
    };
    built(ix)
}
