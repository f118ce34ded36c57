//! Products, their curators and risk signals, and the risk view.
use super::build;
use crate::pda;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::system_program;
use mutual::state::{ProductTerms, Signals};

/// `product_create`: the product takes id `next_id`, the config's current `product_count`.
pub fn product_create(authority: &Pubkey, next_id: u32, terms: ProductTerms) -> Instruction {
    let product = pda::product(next_id).0;
    build(
        mutual::accounts::ProductCreate {
            authority: *authority,
            config: pda::config().0,
            product,
            risk_signals: pda::risk_signals(&product).0,
            system_program: system_program::ID,
        },
        mutual::instruction::ProductCreate { terms },
    )
}

pub fn product_update(authority: &Pubkey, id: u32, terms: ProductTerms) -> Instruction {
    build(
        mutual::accounts::ProductUpdate {
            authority: *authority,
            config: pda::config().0,
            product: pda::product(id).0,
        },
        mutual::instruction::ProductUpdate { terms },
    )
}

pub fn curator_add(authority: &Pubkey, wallet: &Pubkey) -> Instruction {
    build(
        mutual::accounts::CuratorAdd {
            authority: *authority,
            config: pda::config().0,
            curator: pda::curator(wallet).0,
            system_program: system_program::ID,
        },
        mutual::instruction::CuratorAdd { wallet: *wallet },
    )
}

pub fn curator_remove(authority: &Pubkey, wallet: &Pubkey) -> Instruction {
    build(
        mutual::accounts::CuratorRemove {
            authority: *authority,
            config: pda::config().0,
            curator: pda::curator(wallet).0,
        },
        mutual::instruction::CuratorRemove {},
    )
}

/// `risk_signals_update` signed by the authority (`as_curator = false`) or by a curator.
pub fn risk_signals_update(
    updater: &Pubkey,
    product_id: u32,
    as_curator: bool,
    signals: Signals,
) -> Instruction {
    let product = pda::product(product_id).0;
    build(
        mutual::accounts::RiskSignalsUpdate {
            updater: *updater,
            config: pda::config().0,
            product,
            risk_signals: pda::risk_signals(&product).0,
            curator: as_curator.then(|| pda::curator(updater).0),
        },
        mutual::instruction::RiskSignalsUpdate { signals },
    )
}

/// `product_risk`: read-only; the `ProductRisk` comes back as return data.
pub fn product_risk(product_id: u32) -> Instruction {
    let product = pda::product(product_id).0;
    build(
        mutual::accounts::ProductRiskView {
            product,
            risk_signals: pda::risk_signals(&product).0,
        },
        mutual::instruction::ProductRisk {},
    )
}
