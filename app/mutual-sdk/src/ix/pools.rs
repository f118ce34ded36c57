//! Staking pools: creation, listings, the manager's settings and fee, the expiry crank.
use super::build;
use crate::pda;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::AccountMeta;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::system_program;
use mutual::instructions::{PoolCreateArgs, ProductListing};
use mutual::math::Bps;

/// `pool_create`: the pool takes id `next_id`, the config's current `pool_count`; `creator` must be a member.
pub fn pool_create(creator: &Pubkey, next_id: u32, args: PoolCreateArgs) -> Instruction {
    let pool = pda::pool(next_id).0;
    build(
        mutual::accounts::PoolCreate {
            creator: *creator,
            creator_member: pda::member(creator).0,
            config: pda::config().0,
            pool,
            vault: pda::pool_vault(&pool).0,
            stake_mint: pda::stake_mint().0,
            token_program: anchor_spl::token_2022::ID,
            system_program: system_program::ID,
        },
        mutual::instruction::PoolCreate { args },
    )
}

/// `pool_set_products`: each listing's `Product` and `PoolProduct` go in the remaining accounts, in order.
pub fn pool_set_products(
    manager: &Pubkey,
    pool_id: u32,
    listings: Vec<ProductListing>,
) -> Instruction {
    let pool = pda::pool(pool_id).0;
    let mut ix = build(
        mutual::accounts::PoolSetProducts {
            manager: *manager,
            pool,
            system_program: system_program::ID,
        },
        mutual::instruction::PoolSetProducts {
            listings: listings.clone(),
        },
    );
    for listing in &listings {
        let product = pda::product(listing.product_id).0;
        ix.accounts.push(AccountMeta::new_readonly(product, false));
        ix.accounts.push(AccountMeta::new(
            pda::pool_product(&pool, &product).0,
            false,
        ));
    }
    ix
}

pub fn pool_set_manager(manager: &Pubkey, pool_id: u32, new_manager: &Pubkey) -> Instruction {
    build(
        mutual::accounts::PoolManaged {
            manager: *manager,
            pool: pda::pool(pool_id).0,
        },
        mutual::instruction::PoolSetManager {
            new_manager: *new_manager,
        },
    )
}

pub fn pool_set_fee(manager: &Pubkey, pool_id: u32, pool_fee: Bps) -> Instruction {
    build(
        mutual::accounts::PoolManaged {
            manager: *manager,
            pool: pda::pool(pool_id).0,
        },
        mutual::instruction::PoolSetFee { pool_fee },
    )
}

/// `pool_process_expirations` with the checkpoints of `tranches` (those expiring with shares in them).
pub fn pool_process_expirations(pool_id: u32, tranches: &[u32]) -> Instruction {
    let pool = pda::pool(pool_id).0;
    let mut ix = build(
        mutual::accounts::PoolProcessExpirations { pool },
        mutual::instruction::PoolProcessExpirations {},
    );
    for tranche in tranches {
        ix.accounts.push(AccountMeta::new(
            pda::pool_tranche(&pool, *tranche).0,
            false,
        ));
    }
    ix
}

/// `pool_fee_withdraw`: the manager takes the pool fee's rewards into their stake-token account.
pub fn pool_fee_withdraw(manager: &Pubkey, pool_id: u32) -> Instruction {
    let pool = pda::pool(pool_id).0;
    build(
        mutual::accounts::PoolFeeWithdraw {
            manager: *manager,
            member: pda::member(manager).0,
            config: pda::config().0,
            pool,
            vault: pda::pool_vault(&pool).0,
            stake_account: pda::stake_account(manager),
            stake_mint: pda::stake_mint().0,
            token_program: anchor_spl::token_2022::ID,
        },
        mutual::instruction::PoolFeeWithdraw {},
    )
}
