//! Calls into the mutual: the two views the vault gates on, and reading their answers safely.
//!
//! `mutual::cpi::Return::get` (Anchor's) unwraps and panics on a missing or foreign answer, and decodes strictly,
//! so a field the mutual appends to `CoverStatus` or `ProductRisk` would break every integrator built before it.
//! The vault reads the return data itself: only the mutual's, decoded leniently (trailing bytes ignored), with a
//! named error for each failure.
use crate::errors::VaultError;
use anchor_lang::prelude::*;
use mutual::state::{CoverStatus, ProductRisk};

/// The risk of the product at `product` (with its `risk_signals`), as the mutual scores it now.
pub fn product_risk<'info>(
    mutual_program: &AccountInfo<'info>,
    product: &AccountInfo<'info>,
    risk_signals: &AccountInfo<'info>,
) -> Result<ProductRisk> {
    let accounts = mutual::cpi::accounts::ProductRiskView {
        product: product.clone(),
        risk_signals: risk_signals.clone(),
    };
    mutual::cpi::product_risk(CpiContext::new(mutual_program.key(), accounts))?;
    read_return()
}

/// The status of the cover at `cover` now.
pub fn cover_status<'info>(
    mutual_program: &AccountInfo<'info>,
    cover: &AccountInfo<'info>,
) -> Result<CoverStatus> {
    let accounts = mutual::cpi::accounts::CoverStatusView {
        cover: cover.clone(),
    };
    mutual::cpi::cover_status(CpiContext::new(mutual_program.key(), accounts))?;
    read_return()
}

/// The return data of the last CPI, which must be the mutual's, decoded. `deserialize` (not `try_from_slice`):
/// bytes after the fields this build knows are fields appended by a newer mutual, and are ignored.
pub fn read_return<T: AnchorDeserialize>() -> Result<T> {
    let (program, data) = return_data().ok_or(VaultError::NotTheMutual)?;
    require_keys_eq!(program, mutual::ID, VaultError::NotTheMutual);
    T::deserialize(&mut &data[..]).map_err(|_| error!(VaultError::UnreadableAnswer))
}

/// The runtime's return data. On chain, the syscall; natively (the tests' processor), program-test's syscall
/// stub, which answers from the same runtime state (`solana_program::program::get_return_data` is a no-op off
/// chain).
fn return_data() -> Option<(Pubkey, Vec<u8>)> {
    #[cfg(target_os = "solana")]
    return anchor_lang::solana_program::program::get_return_data();
    #[cfg(not(target_os = "solana"))]
    return solana_sysvar::program_stubs::sol_get_return_data();
}
