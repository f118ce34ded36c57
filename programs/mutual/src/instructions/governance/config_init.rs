use crate::constants::{CAPITAL_SEED, CONFIG_SEED, STAKE_DECIMALS, STAKE_MINT_SEED, TREASURY_SEED};
use crate::cpi_helpers::{create_pda_account, init_pda_account, transfer_lamports};
use crate::errors::MutualError;
use crate::events::ConfigInitEvent;
use crate::state::{CapitalSnapshot, Config, Params};
use anchor_lang::prelude::*;
use anchor_lang::solana_program::bpf_loader_upgradeable;
use anchor_spl::token_2022::spl_token_2022::extension::ExtensionType;
use anchor_spl::token_2022::spl_token_2022::state::{AccountState, Mint as MintState};
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::{self, DefaultAccountStateInitialize, InitializeMint2};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct ConfigInitArgs {
    pub guardian: Pubkey,
    pub params: Params,
}

/// Creates the protocol root, the capital snapshot, the treasury and the frozen-by-default stake mint.
///
/// Only the program's upgrade authority may call it: it proves so with the upgradeable loader's `ProgramData`
/// account, whose address is derived from this program's id and which only the loader can write. So the deploy
/// and the init can't be separated by a front-runner, even if they land in different transactions.
#[derive(Accounts)]
pub struct ConfigInit<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,
    #[account(
        seeds = [crate::ID.as_ref()],
        bump,
        seeds::program = bpf_loader_upgradeable::ID,
        constraint = program_data.upgrade_authority_address == Some(authority.key())
            @ MutualError::NotUpgradeAuthority,
    )]
    pub program_data: Account<'info, ProgramData>,
    /// CHECK: created in the handler (`init_pda_account`: prefund-proof, refuses an address in use).
    #[account(mut, seeds = [CONFIG_SEED], bump)]
    pub config: UncheckedAccount<'info>,
    /// CHECK: created in the handler, like `config`.
    #[account(mut, seeds = [CAPITAL_SEED], bump)]
    pub capital_snapshot: UncheckedAccount<'info>,
    /// CHECK: created in the handler as the Token-2022 stake mint; the seeds pin its address.
    #[account(mut, seeds = [STAKE_MINT_SEED], bump)]
    pub stake_mint: UncheckedAccount<'info>,
    /// Lamport treasury for join fees and forfeited claim deposits; funded rent-exempt here so that any fee,
    /// however small, can land in it.
    #[account(mut, seeds = [TREASURY_SEED], bump)]
    pub treasury: SystemAccount<'info>,
    pub token_program: Program<'info, Token2022>,
    pub system_program: Program<'info, System>,
}

impl ConfigInit<'_> {
    fn validate(&self, args: &ConfigInitArgs) -> Result<()> {
        args.params.validate()
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn config_init(ctx: Context<Self>, args: ConfigInitArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        ctx.accounts.create_stake_mint(ctx.bumps.stake_mint)?;
        ctx.accounts.fund_treasury()?;

        let accounts = &ctx.accounts;
        let bumps = &ctx.bumps;
        let stake_mint = accounts.stake_mint.key();
        let authority = accounts.authority.key();
        let payer = accounts.authority.to_account_info();
        let system = accounts.system_program.to_account_info();
        init_pda_account::<Config>(
            &payer,
            &accounts.config.to_account_info(),
            &system,
            Config::SIZE,
            &[CONFIG_SEED, &[bumps.config]],
            |config| {
                config.init(
                    bumps.config,
                    bumps.stake_mint,
                    bumps.treasury,
                    authority,
                    args.guardian,
                    stake_mint,
                    args.params,
                )
            },
        )?;
        init_pda_account::<CapitalSnapshot>(
            &payer,
            &accounts.capital_snapshot.to_account_info(),
            &system,
            CapitalSnapshot::SIZE,
            &[CAPITAL_SEED, &[bumps.capital_snapshot]],
            |snapshot| {
                snapshot.init(bumps.capital_snapshot, &args.params, now)?;
                snapshot.invariant()
            },
        )?;

        crate::emit_event!(ConfigInitEvent {
            authority,
            guardian: args.guardian,
            stake_mint,
            params: args.params,
        });
        Ok(())
    }

    /// The stake mint: 9 decimals, every new account frozen, mint and freeze authority the config PDA. Only
    /// accounts the program thaws (members' and its own vaults) can ever hold the token.
    fn create_stake_mint(&self, bump: u8) -> Result<()> {
        let space = ExtensionType::try_calculate_account_len::<MintState>(&[
            ExtensionType::DefaultAccountState,
        ])?;
        let mint = self.stake_mint.to_account_info();
        let token_program = self.token_program.key();
        create_pda_account(
            &self.authority.to_account_info(),
            &mint,
            &self.system_program.to_account_info(),
            space,
            &token_program,
            &[STAKE_MINT_SEED, &[bump]],
        )?;
        token_interface::default_account_state_initialize(
            CpiContext::new(
                token_program,
                DefaultAccountStateInitialize {
                    token_program_id: self.token_program.to_account_info(),
                    mint: mint.clone(),
                },
            ),
            &AccountState::Frozen,
        )?;
        let config = self.config.key();
        token_interface::initialize_mint2(
            CpiContext::new(token_program, InitializeMint2 { mint }),
            STAKE_DECIMALS,
            &config,
            Some(&config),
        )
    }

    fn fund_treasury(&self) -> Result<()> {
        let rent = Rent::get()?.minimum_balance(0);
        transfer_lamports(
            &self.authority.to_account_info(),
            &self.treasury.to_account_info(),
            &self.system_program.to_account_info(),
            rent.saturating_sub(self.treasury.lamports()),
        )
    }
}
