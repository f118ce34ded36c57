//! Bootstrap of a mutual deployment: config (with the frozen-by-default stake mint), then the base asset.
//!
//! The same code runs on the embedded chain (tests, the demo) and on a real cluster, through
//! `mutual_sdk::Transport`. It is idempotent: run again, it skips whatever already exists, so a bootstrap that
//! stopped half-way can simply be rerun.
pub mod samples;

use anchor_lang::prelude::Pubkey;
use mutual::state::Params;
use mutual_sdk::{fetch, ix, pda, spl, Keypair, Result, Signer, Transport};

/// Decimals of the test USDC the embedded chain uses as its base asset.
pub const TEST_USDC_DECIMALS: u8 = 6;
pub const USDC: u64 = 1_000_000;

/// Which mint becomes the base asset.
pub enum BaseMint {
    /// An existing mint (e.g. USDC on a real cluster).
    Existing { mint: Pubkey, token_program: Pubkey },
    /// A fresh SPL Token mint whose mint authority is the deployer: a test USDC with a faucet.
    CreateTest { decimals: u8 },
}

pub struct BootstrapOptions {
    pub guardian: Pubkey,
    pub params: Params,
    pub base_mint: BaseMint,
}

impl BootstrapOptions {
    /// The defaults of PROTOCOL.md §8 for a 6-decimal USDC base: an initial book value of 1 USDC per stake
    /// token and an MCR floor of 1_000 USDC, a test USDC mint, and the deployer as guardian.
    pub fn test_usdc(deployer: &Pubkey) -> Self {
        BootstrapOptions {
            guardian: *deployer,
            params: Params::defaults(1_000 * USDC, USDC),
            base_mint: BaseMint::CreateTest {
                decimals: TEST_USDC_DECIMALS,
            },
        }
    }
}

/// Addresses of a bootstrapped deployment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deployment {
    pub config: Pubkey,
    pub stake_mint: Pubkey,
    pub treasury: Pubkey,
    pub base_mint: Pubkey,
    pub base_token_program: Pubkey,
    pub base_vault: Pubkey,
}

impl Deployment {
    /// The deployment a config and its base asset describe (no reads).
    pub fn of(config: &mutual::state::Config, base: &mutual::state::Asset) -> Self {
        Deployment {
            config: pda::config().0,
            stake_mint: config.stake_mint,
            treasury: pda::treasury().0,
            base_mint: base.mint,
            base_token_program: base.token_program,
            base_vault: base.vault,
        }
    }

    /// The accounts a wallet trades the stake token with: the base asset's, and every other registered asset
    /// (`others`, in index order with their push-feed accounts: `mutual_sdk::capital::traded_assets`).
    pub fn base_accounts(&self, wallet: &Pubkey, others: Vec<ix::TradedAsset>) -> ix::BaseAccounts {
        ix::BaseAccounts {
            mint: self.base_mint,
            token_program: self.base_token_program,
            wallet_account: self.base_account(wallet),
            others,
        }
    }

    /// The wallet's associated account of the base asset.
    pub fn base_account(&self, wallet: &Pubkey) -> Pubkey {
        pda::associated_token(wallet, &self.base_mint, &self.base_token_program)
    }

    /// Test faucet: mints base units to the wallet's base account (created if needed). Only works where the
    /// deployer is the mint authority, i.e. for a `BaseMint::CreateTest` mint.
    pub fn faucet(
        &self,
        chain: &impl Transport,
        deployer: &Keypair,
        wallet: &Pubkey,
        amount: u64,
    ) -> Result<Pubkey> {
        chain.send(
            &self.faucet_instructions(deployer, wallet, amount)?,
            deployer,
            &[],
        )?;
        Ok(self.base_account(wallet))
    }

    /// The faucet's instructions, signed by `deployer`: create the wallet's base account if it is missing, then
    /// mint `amount` to it.
    pub fn faucet_instructions(
        &self,
        deployer: &Keypair,
        wallet: &Pubkey,
        amount: u64,
    ) -> Result<Vec<anchor_lang::solana_program::instruction::Instruction>> {
        Ok(vec![
            spl::create_associated_account(
                &deployer.pubkey(),
                wallet,
                &self.base_mint,
                &self.base_token_program,
            ),
            spl::mint_to(
                &self.base_token_program,
                &self.base_mint,
                &self.base_account(wallet),
                &deployer.pubkey(),
                amount,
            )?,
        ])
    }
}

/// Initialises the protocol (if not yet) and registers the base asset (if none yet). `deployer` must be the
/// program's upgrade authority.
pub fn bootstrap(
    chain: &impl Transport,
    deployer: &Keypair,
    options: &BootstrapOptions,
) -> Result<Deployment> {
    let authority = deployer.pubkey();
    // Initialised means owned by the program: the address may hold someone's dust lamports before that.
    let config_account = chain.get_account(&pda::config().0)?;
    if config_account.is_none_or(|a| a.owner != mutual::ID) {
        let init = ix::config_init(&authority, &options.guardian, options.params);
        chain.send(&[init], deployer, &[])?;
    }
    let config = fetch::config(chain)?;
    if config.asset_count == 0 {
        let (mint, token_program) = base_mint(chain, deployer, &options.base_mint)?;
        let register = ix::asset_register(&authority, &mint, &token_program, None, true);
        chain.send(&[register], deployer, &[])?;
    }
    deployment(chain)
}

/// Registers wrapped SOL (SPL Token's native mint) as a cover asset valued by Pyth's SOL/USD feed, if it is not
/// registered yet: the asset `treasury_sweep` wraps join fees into. Returns its mint.
pub fn register_wrapped_sol(chain: &impl Transport, deployer: &Keypair) -> Result<Pubkey> {
    let mint = anchor_spl::token::spl_token::native_mint::ID;
    let registered = chain
        .get_account(&pda::asset(&mint).0)?
        .is_some_and(|a| a.owner == mutual::ID);
    if !registered {
        let register = ix::asset_register(
            &deployer.pubkey(),
            &mint,
            &anchor_spl::token::ID,
            Some(mutual_sdk::prices::sol_usd_feed()),
            true,
        );
        chain.send(&[register], deployer, &[])?;
    }
    Ok(mint)
}

/// Reads back the addresses of an existing deployment.
pub fn deployment(chain: &impl Transport) -> Result<Deployment> {
    let config = fetch::config(chain)?;
    let base = fetch::asset(chain, &config.base_asset)?;
    Ok(Deployment::of(&config, &base))
}

fn base_mint(
    chain: &impl Transport,
    deployer: &Keypair,
    base: &BaseMint,
) -> Result<(Pubkey, Pubkey)> {
    match base {
        BaseMint::Existing {
            mint,
            token_program,
        } => Ok((*mint, *token_program)),
        BaseMint::CreateTest { decimals } => {
            let mint = Keypair::new();
            let token_program = anchor_spl::token::ID;
            let rent = chain.minimum_balance(spl::MINT_LEN)?;
            let ixs = spl::create_mint(
                &deployer.pubkey(),
                &mint.pubkey(),
                &deployer.pubkey(),
                *decimals,
                &token_program,
                rent,
            )?;
            chain.send(&ixs, deployer, &[&mint])?;
            Ok((mint.pubkey(), token_program))
        }
    }
}
