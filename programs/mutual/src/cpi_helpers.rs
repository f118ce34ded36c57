//! CPI helpers shared by the instructions: account creation that survives pre-funding (see `init_pda_account`),
//! and token operations that the config PDA signs.
use crate::errors::MutualError;
use anchor_lang::prelude::*;
use anchor_lang::system_program;
use anchor_spl::token_2022::spl_token_2022::extension::{
    BaseStateWithExtensions, ExtensionType, StateWithExtensions,
};
use anchor_spl::token_2022::spl_token_2022::state::Mint as MintState;
use anchor_spl::token_interface::{self, TokenAccount};

/// Creates a PDA-addressed account owned by `owner`. Unlike a bare `create_account`, it still works when someone
/// sent lamports to the address first, so a dust transfer cannot block initialisation.
pub fn create_pda_account<'info>(
    payer: &AccountInfo<'info>,
    target: &AccountInfo<'info>,
    system: &AccountInfo<'info>,
    space: usize,
    owner: &Pubkey,
    signer_seeds: &[&[u8]],
) -> Result<()> {
    // Lamports alone don't make an account: only a system-owned address is still free to create.
    require_keys_eq!(
        *target.owner,
        system_program::ID,
        MutualError::AlreadyInitialized
    );
    let rent = Rent::get()?.minimum_balance(space);
    let seeds = &[signer_seeds];
    if target.lamports() == 0 {
        let accounts = system_program::CreateAccount {
            from: payer.clone(),
            to: target.clone(),
        };
        let ctx = CpiContext::new_with_signer(system.key(), accounts, seeds);
        return system_program::create_account(ctx, rent, space as u64, owner);
    }
    let shortfall = rent.saturating_sub(target.lamports());
    if shortfall > 0 {
        let accounts = system_program::Transfer {
            from: payer.clone(),
            to: target.clone(),
        };
        system_program::transfer(CpiContext::new(system.key(), accounts), shortfall)?;
    }
    let allocate = system_program::Allocate {
        account_to_allocate: target.clone(),
    };
    system_program::allocate(
        CpiContext::new_with_signer(system.key(), allocate, seeds),
        space as u64,
    )?;
    let assign = system_program::Assign {
        account_to_assign: target.clone(),
    };
    system_program::assign(
        CpiContext::new_with_signer(system.key(), assign, seeds),
        owner,
    )
}

/// Creates a program-owned PDA account of type `T` and lets `init` fill it, then writes it with its
/// discriminator. Used instead of Anchor's `init`, which on an address that already holds lamports issues
/// `CreateAccountAllowPrefund`, an instruction the runtime does not support yet: with `init`, anyone could block
/// the creation of a predictable PDA (the config, an asset, a wallet's member record) by sending it a few lamports.
/// Re-initialisation fails with `AlreadyInitialized`: only a system-owned address can still be created.
pub fn init_pda_account<'info, T>(
    payer: &AccountInfo<'info>,
    target: &AccountInfo<'info>,
    system: &AccountInfo<'info>,
    space: usize,
    signer_seeds: &[&[u8]],
    init: impl FnOnce(&mut T) -> Result<()>,
) -> Result<()>
where
    T: AccountSerialize + AccountDeserialize,
{
    create_pda_account(payer, target, system, space, &crate::ID, signer_seeds)?;
    let mut data = target.try_borrow_mut_data()?;
    // A fresh account is all zeroes: every field decodes to its zero value before `init` sets it.
    let mut value = T::try_deserialize_unchecked(&mut &data[..])?;
    init(&mut value)?;
    value.try_serialize(&mut &mut data[..])
}

/// Creates the program-owned PDA account of type `T` with `init` then `update` when the address is still free
/// (prefund-proof, like `init_pda_account`), or loads the existing `T` there (owner and discriminator
/// checked), applies `update` and writes it back. Returns whether it created the account. For records that a
/// later deposit adds to, where Anchor's `init_if_needed` would bring back the prefunding problem.
pub fn init_or_update_pda<'info, T>(
    payer: &AccountInfo<'info>,
    target: &AccountInfo<'info>,
    system: &AccountInfo<'info>,
    space: usize,
    signer_seeds: &[&[u8]],
    init: impl FnOnce(&mut T),
    update: impl FnOnce(&mut T) -> Result<()>,
) -> Result<bool>
where
    T: AccountSerialize + AccountDeserialize,
{
    if *target.owner == system_program::ID {
        init_pda_account::<T>(payer, target, system, space, signer_seeds, |value| {
            init(value);
            update(value)
        })?;
        return Ok(true);
    }
    require_keys_eq!(*target.owner, crate::ID, MutualError::AlreadyInitialized);
    let mut data = target.try_borrow_mut_data()?;
    let mut value = T::try_deserialize(&mut &data[..])?;
    update(&mut value)?;
    value.try_serialize(&mut &mut data[..])?;
    Ok(false)
}

/// Creates a token account at a PDA (prefund-proof, like `init_pda_account`) for `mint`, owned by `owner`.
/// Registered mints carry no extension that needs account space (`require_safe_mint`), so the base size fits
/// both token programs.
#[allow(clippy::too_many_arguments)]
pub fn init_token_account_pda<'info>(
    payer: &AccountInfo<'info>,
    target: &AccountInfo<'info>,
    mint: &AccountInfo<'info>,
    owner: &AccountInfo<'info>,
    token_program: &AccountInfo<'info>,
    system: &AccountInfo<'info>,
    signer_seeds: &[&[u8]],
) -> Result<()> {
    use anchor_lang::solana_program::program_pack::Pack;
    let space = anchor_spl::token::spl_token::state::Account::LEN;
    create_pda_account(
        payer,
        target,
        system,
        space,
        token_program.key,
        signer_seeds,
    )?;
    let accounts = token_interface::InitializeAccount3 {
        account: target.clone(),
        mint: mint.clone(),
        authority: owner.clone(),
    };
    token_interface::initialize_account3(CpiContext::new(token_program.key(), accounts))
}

/// Moves lamports from a signing wallet with a system transfer.
pub fn transfer_lamports<'info>(
    from: &AccountInfo<'info>,
    to: &AccountInfo<'info>,
    system: &AccountInfo<'info>,
    lamports: u64,
) -> Result<()> {
    if lamports == 0 {
        return Ok(());
    }
    let accounts = system_program::Transfer {
        from: from.clone(),
        to: to.clone(),
    };
    system_program::transfer(CpiContext::new(system.key(), accounts), lamports)
}

/// Moves lamports out of an account this program owns (a claim's deposit) without a CPI: the runtime lets a
/// program debit its own accounts and credit any.
pub fn move_lamports(from: &AccountInfo, to: &AccountInfo, lamports: u64) -> Result<()> {
    from.sub_lamports(lamports)?;
    to.add_lamports(lamports)?;
    Ok(())
}

/// Moves lamports out of a system-owned PDA of this program (the treasury), which signs with `seeds`.
pub fn transfer_lamports_from_pda<'info>(
    from: &AccountInfo<'info>,
    seeds: &[&[u8]],
    to: &AccountInfo<'info>,
    system: &AccountInfo<'info>,
    lamports: u64,
) -> Result<()> {
    let accounts = system_program::Transfer {
        from: from.clone(),
        to: to.clone(),
    };
    let signer = &[seeds];
    system_program::transfer(
        CpiContext::new_with_signer(system.key(), accounts, signer),
        lamports,
    )
}

/// Brings a wrapped-SOL token account's balance up to its lamports (after a plain lamport transfer into it).
pub fn sync_native<'info>(
    token_program: &AccountInfo<'info>,
    account: &AccountInfo<'info>,
) -> Result<()> {
    let accounts = token_interface::SyncNative {
        account: account.clone(),
    };
    token_interface::sync_native(CpiContext::new(token_program.key(), accounts))
}

/// Extensions a capital-pool mint may carry. Anything else (transfer fees, hooks, permanent delegates, default
/// frozen state, confidential transfers, non-transferability, pausing) could change balances or block payouts
/// behind the vault's back.
const SAFE_MINT_EXTENSIONS: [ExtensionType; 2] =
    [ExtensionType::MetadataPointer, ExtensionType::TokenMetadata];

/// Refuses a Token-2022 mint that carries an extension outside `SAFE_MINT_EXTENSIONS`.
pub fn require_safe_mint(mint: &AccountInfo) -> Result<()> {
    if *mint.owner != anchor_spl::token_2022::ID {
        return Ok(());
    }
    let data = mint.try_borrow_data()?;
    let state = StateWithExtensions::<MintState>::unpack(&data)?;
    for extension in state.get_extension_types()? {
        require!(
            SAFE_MINT_EXTENSIONS.contains(&extension),
            MutualError::UnsupportedMintExtension
        );
    }
    Ok(())
}

/// Signs as the config PDA: the mint and freeze authority of the stake token and the owner of every vault.
pub struct ConfigSigner<'a, 'info> {
    config: AccountInfo<'info>,
    seeds: [&'a [u8]; 2],
}

impl<'a, 'info> ConfigSigner<'a, 'info> {
    pub fn new(config: &'a Account<'info, crate::state::Config>) -> Self {
        ConfigSigner {
            config: config.to_account_info(),
            seeds: config.signer_seeds(),
        }
    }

    /// Thaws a stake-token account, unless it is thawed already.
    pub fn thaw(
        &self,
        token_program: &AccountInfo<'info>,
        account: &InterfaceAccount<'info, TokenAccount>,
        mint: &AccountInfo<'info>,
    ) -> Result<()> {
        if !account.is_frozen() {
            return Ok(());
        }
        self.thaw_new(token_program, &account.to_account_info(), mint)
    }

    /// Thaws a stake-token account the program just created (the stake mint freezes every new account).
    pub fn thaw_new(
        &self,
        token_program: &AccountInfo<'info>,
        account: &AccountInfo<'info>,
        mint: &AccountInfo<'info>,
    ) -> Result<()> {
        let accounts = token_interface::ThawAccount {
            account: account.clone(),
            mint: mint.clone(),
            authority: self.config.clone(),
        };
        let seeds = &[&self.seeds[..]];
        token_interface::thaw_account(CpiContext::new_with_signer(
            token_program.key(),
            accounts,
            seeds,
        ))
    }

    /// Freezes a stake-token account, unless it is `frozen` already.
    pub fn freeze(
        &self,
        token_program: &AccountInfo<'info>,
        account: &AccountInfo<'info>,
        frozen: bool,
        mint: &AccountInfo<'info>,
    ) -> Result<()> {
        if frozen {
            return Ok(());
        }
        let accounts = token_interface::FreezeAccount {
            account: account.clone(),
            mint: mint.clone(),
            authority: self.config.clone(),
        };
        let seeds = &[&self.seeds[..]];
        token_interface::freeze_account(CpiContext::new_with_signer(
            token_program.key(),
            accounts,
            seeds,
        ))
    }

    pub fn mint_to(
        &self,
        token_program: &AccountInfo<'info>,
        mint: &AccountInfo<'info>,
        to: &AccountInfo<'info>,
        amount: u64,
    ) -> Result<()> {
        let accounts = token_interface::MintTo {
            mint: mint.clone(),
            to: to.clone(),
            authority: self.config.clone(),
        };
        let seeds = &[&self.seeds[..]];
        token_interface::mint_to(
            CpiContext::new_with_signer(token_program.key(), accounts, seeds),
            amount,
        )
    }

    /// Burns tokens from an account the config PDA owns (a pool's vault for a payout, the assessment vault for
    /// fraud).
    pub fn burn(
        &self,
        token_program: &AccountInfo<'info>,
        mint: &AccountInfo<'info>,
        from: &AccountInfo<'info>,
        amount: u64,
    ) -> Result<()> {
        if amount == 0 {
            return Ok(());
        }
        let accounts = token_interface::Burn {
            mint: mint.clone(),
            from: from.clone(),
            authority: self.config.clone(),
        };
        let seeds = &[&self.seeds[..]];
        token_interface::burn(
            CpiContext::new_with_signer(token_program.key(), accounts, seeds),
            amount,
        )
    }

    /// Moves tokens out of an account the config PDA owns (a vault) or is the approved delegate of (an
    /// auto-renewal's payer).
    pub fn transfer(
        &self,
        token_program: &AccountInfo<'info>,
        vault: &AccountInfo<'info>,
        mint: &AccountInfo<'info>,
        to: &AccountInfo<'info>,
        amount: u64,
        decimals: u8,
    ) -> Result<()> {
        let accounts = token_interface::TransferChecked {
            from: vault.clone(),
            mint: mint.clone(),
            to: to.clone(),
            authority: self.config.clone(),
        };
        let seeds = &[&self.seeds[..]];
        token_interface::transfer_checked(
            CpiContext::new_with_signer(token_program.key(), accounts, seeds),
            amount,
            decimals,
        )
    }
}

/// Moves tokens out of an account its owner signs for.
pub fn transfer_from_owner<'info>(
    token_program: &AccountInfo<'info>,
    from: &AccountInfo<'info>,
    mint: &AccountInfo<'info>,
    to: &AccountInfo<'info>,
    owner: &AccountInfo<'info>,
    amount: u64,
    decimals: u8,
) -> Result<()> {
    let accounts = token_interface::TransferChecked {
        from: from.clone(),
        mint: mint.clone(),
        to: to.clone(),
        authority: owner.clone(),
    };
    token_interface::transfer_checked(
        CpiContext::new(token_program.key(), accounts),
        amount,
        decimals,
    )
}

/// Burns tokens from an account its owner signs for.
pub fn burn_from_owner<'info>(
    token_program: &AccountInfo<'info>,
    mint: &AccountInfo<'info>,
    from: &AccountInfo<'info>,
    owner: &AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    let accounts = token_interface::Burn {
        mint: mint.clone(),
        from: from.clone(),
        authority: owner.clone(),
    };
    token_interface::burn(CpiContext::new(token_program.key(), accounts), amount)
}

/// Natively, `solana-cpi`'s `set_return_data` (which Anchor calls with a handler's result) is a no-op, so a view's
/// result would never reach a native test or CPI caller. This writes the same Borsh bytes through the
/// program-test syscall stub; on chain it does nothing and Anchor's own call sets the data.
pub fn set_return_data_natively<T: AnchorSerialize>(value: &T) -> Result<()> {
    #[cfg(not(target_os = "solana"))]
    solana_sysvar::program_stubs::sol_set_return_data(&anchor_lang::prelude::borsh::to_vec(value)?);
    #[cfg(target_os = "solana")]
    let _ = value;
    Ok(())
}

/// The balance of a stake-token (Token-2022) account, read before a transfer so that an amount above it gets a
/// named error instead of the token program's.
pub fn stake_balance(account: &AccountInfo) -> Result<u64> {
    require_keys_eq!(
        *account.owner,
        anchor_spl::token_2022::ID,
        MutualError::WrongStakeAccount
    );
    let data = account.try_borrow_data()?;
    let state =
        StateWithExtensions::<anchor_spl::token_2022::spl_token_2022::state::Account>::unpack(
            &data,
        )?;
    Ok(state.base.amount)
}
