use crate::constants::{CONFIG_SEED, MEMBER_SEED, POOL_SEED, POOL_VAULT_SEED};
use crate::cpi_helpers::{init_pda_account, init_token_account_pda, ConfigSigner};
use crate::events::PoolCreateEvent;
use crate::math::Bps;
use crate::state::{pause_area, Config, Member, Pool};
use anchor_lang::prelude::*;
use anchor_spl::token_2022::Token2022;
use anchor_spl::token_interface::Mint;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolCreateArgs {
    pub manager: Pubkey,
    /// Only the manager may stake in a private pool.
    pub is_private: bool,
    pub pool_fee: Bps,
    /// The most the fee may ever be raised to: below 100%.
    pub max_pool_fee: Bps,
}

/// A member opens a staking pool, with its own stake vault, under the next pool id.
#[derive(Accounts)]
pub struct PoolCreate<'info> {
    #[account(mut)]
    pub creator: Signer<'info>,
    #[account(
        seeds = [MEMBER_SEED, creator.key().as_ref()],
        bump = creator_member.bump,
    )]
    pub creator_member: Box<Account<'info, Member>>,
    #[account(mut, dup, seeds = [CONFIG_SEED], bump = config.bump, has_one = stake_mint)]
    pub config: Box<Account<'info, Config>>,
    /// CHECK: created in the handler (`init_pda_account`: prefund-proof, refuses an address in use).
    #[account(mut, dup, seeds = [POOL_SEED, &config.pool_count.to_le_bytes()], bump)]
    pub pool: UncheckedAccount<'info>,
    /// CHECK: created in the handler as a stake-token account owned by the config PDA. Seeded by the pool, so
    /// no vault can serve two pools.
    #[account(mut, dup, seeds = [POOL_VAULT_SEED, pool.key().as_ref()], bump)]
    pub vault: UncheckedAccount<'info>,
    pub stake_mint: Box<InterfaceAccount<'info, Mint>>,
    pub token_program: Program<'info, Token2022>,
    pub system_program: Program<'info, System>,
}

impl PoolCreate<'_> {
    fn validate(&self) -> Result<()> {
        let Self { config, .. } = self;
        // config
        config.require_active(pause_area::STAKING)
    }

    #[access_control(ctx.accounts.validate())]
    pub fn pool_create(ctx: Context<Self>, args: PoolCreateArgs) -> Result<()> {
        let accounts = ctx.accounts;
        let bumps = ctx.bumps;
        let now = Clock::get()?.unix_timestamp;
        let id = accounts.config.add_pool()?;
        let pool = accounts.pool.key();
        let vault = accounts.vault.key();
        let payer = accounts.creator.to_account_info();
        let system = accounts.system_program.to_account_info();
        let token_program = accounts.token_program.to_account_info();
        let mint = accounts.stake_mint.to_account_info();
        let config_info = accounts.config.to_account_info();
        init_token_account_pda(
            &payer,
            &accounts.vault.to_account_info(),
            &mint,
            &config_info,
            &token_program,
            &system,
            &[POOL_VAULT_SEED, pool.as_ref(), &[bumps.vault]],
        )?;
        ConfigSigner::new(&accounts.config).thaw_new(
            &token_program,
            &accounts.vault.to_account_info(),
            &mint,
        )?;
        let id_bytes = id.to_le_bytes();
        init_pda_account::<Pool>(
            &payer,
            &accounts.pool.to_account_info(),
            &system,
            Pool::SIZE,
            &[POOL_SEED, &id_bytes, &[bumps.pool]],
            |p| {
                p.init(
                    bumps.pool,
                    bumps.vault,
                    id,
                    args.manager,
                    vault,
                    args.is_private,
                    args.pool_fee,
                    args.max_pool_fee,
                    now,
                )
            },
        )?;
        crate::emit_event!(PoolCreateEvent {
            id,
            pool,
            vault,
            creator: accounts.creator.key(),
            manager: args.manager,
            is_private: args.is_private,
            pool_fee: args.pool_fee,
            max_pool_fee: args.max_pool_fee,
        });
        Ok(())
    }
}
