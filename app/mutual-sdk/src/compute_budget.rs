//! Compute budgets: every transaction the CLI signs asks for the compute units its own simulation used (with a
//! margin) and offers a price per unit, which is what lands a transaction on a busy cluster.
//!
//! [`send`] and [`simulate`] are the integrator's entry points: they run the transaction once with the largest
//! limit to learn its units (a refusal returns here, before anything is signed for real), then build the same
//! transaction with `SetComputeUnitLimit` and `SetComputeUnitPrice` in front.
use crate::{Receipt, Result, Transport};
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use solana_compute_budget_interface::ComputeBudgetInstruction;
use solana_keypair::Keypair;
use solana_signer::Signer;

/// The most compute units a transaction may ask for.
pub const MAX_COMPUTE_UNIT_LIMIT: u32 = 1_400_000;

/// Units added to a simulation's count, on top of a tenth of it: what the accounts a transaction reads may
/// add between the simulation and the send (a pool's lazy processing, a longer tally).
pub const LIMIT_MARGIN_UNITS: u64 = 1_000;

/// The percentile of recent prioritization fees offered when no price is given.
pub const DEFAULT_FEE_PERCENTILE: u8 = 50;

/// Asks for at most `units` compute units (the default is 200,000 per instruction).
pub fn set_limit(units: u32) -> Instruction {
    ComputeBudgetInstruction::set_compute_unit_limit(units)
}

/// Offers `micro_lamports` per compute unit as a priority fee.
pub fn set_price(micro_lamports: u64) -> Instruction {
    ComputeBudgetInstruction::set_compute_unit_price(micro_lamports)
}

/// The limit for a transaction whose simulation consumed `units`: `units + units / 10 + 1,000`, at most the
/// transaction maximum.
pub fn limit_for(units: u64) -> u32 {
    let limit = units
        .saturating_add(units / 10)
        .saturating_add(LIMIT_MARGIN_UNITS);
    u32::try_from(limit)
        .unwrap_or(u32::MAX)
        .min(MAX_COMPUTE_UNIT_LIMIT)
}

/// The `percentile`-th of `fees` (nearest rank, rounded up), 0 when there are none.
pub fn percentile(fees: &[u64], percentile: u8) -> u64 {
    if fees.is_empty() {
        return 0;
    }
    let mut sorted = fees.to_vec();
    sorted.sort_unstable();
    let rank = (sorted.len() * usize::from(percentile.min(100))).div_ceil(100);
    sorted[rank.saturating_sub(1)]
}

/// The price a transaction offers per compute unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Price {
    /// This many micro-lamports per unit (`--with-compute-unit-price`).
    Fixed(u64),
    /// This percentile of what recent blocks' transactions paid to write the same accounts.
    Recent(u8),
}

impl Default for Price {
    fn default() -> Self {
        Price::Recent(DEFAULT_FEE_PERCENTILE)
    }
}

/// `ixs` behind a compute-unit limit and price.
pub fn with_budget(limit: u32, price: u64, ixs: &[Instruction]) -> Vec<Instruction> {
    let mut all = vec![set_limit(limit), set_price(price)];
    all.extend_from_slice(ixs);
    all
}

/// The accounts a transaction of `ixs` paid by `payer` writes: what its priority is measured against.
pub fn writable_accounts(ixs: &[Instruction], payer: &Pubkey) -> Vec<Pubkey> {
    let mut writable = vec![*payer];
    for meta in ixs.iter().flat_map(|ix| &ix.accounts) {
        if meta.is_writable && !writable.contains(&meta.pubkey) {
            writable.push(meta.pubkey);
        }
    }
    writable
}

/// Budget instructions [`with_budget`] puts in front.
const BUDGET_INSTRUCTIONS: u8 = 2;

/// A failure of the budgeted transaction, told by the caller's own instruction numbers: the budget in front is
/// not theirs.
fn as_sent(result: Result<Receipt>) -> Result<Receipt> {
    use solana_transaction::TransactionError;
    result.map_err(|e| match e {
        crate::SdkError::Transaction {
            error: TransactionError::InstructionError(index, error),
            logs,
        } if index >= BUDGET_INSTRUCTIONS => crate::SdkError::Transaction {
            error: TransactionError::InstructionError(index - BUDGET_INSTRUCTIONS, error),
            logs,
        },
        other => other,
    })
}

/// The limit and price `ixs` would be sent with: the units of a simulation at the largest limit, with the
/// margin, and the price asked for. A refusal of the simulation is returned as the chain's error.
pub fn budget(
    chain: &impl Transport,
    ixs: &[Instruction],
    payer: &Keypair,
    signers: &[&Keypair],
    price: Price,
) -> Result<(u32, u64)> {
    let probe =
        as_sent(chain.simulate(&with_budget(MAX_COMPUTE_UNIT_LIMIT, 0, ixs), payer, signers))?;
    budget_from(chain, &probe, ixs, &payer.pubkey(), price)
}

/// The limit from a simulation at the largest limit (`probe`) and the price asked for.
fn budget_from(
    chain: &impl Transport,
    probe: &Receipt,
    ixs: &[Instruction],
    payer: &Pubkey,
    price: Price,
) -> Result<(u32, u64)> {
    let limit = limit_for(
        probe
            .compute_units
            .unwrap_or(u64::from(MAX_COMPUTE_UNIT_LIMIT)),
    );
    let price = match price {
        Price::Fixed(p) => p,
        Price::Recent(p) => percentile(
            &chain.recent_prioritization_fees(&writable_accounts(ixs, payer))?,
            p,
        ),
    };
    Ok((limit, price))
}

/// Sends `ixs` with the compute budget [`budget`] gives them.
pub fn send(
    chain: &impl Transport,
    ixs: &[Instruction],
    payer: &Keypair,
    signers: &[&Keypair],
    price: Price,
) -> Result<Receipt> {
    let (limit, price) = budget(chain, ixs, payer, signers, price)?;
    as_sent(chain.send(&with_budget(limit, price, ixs), payer, signers))
}

/// Simulates `ixs` exactly as [`send`] would send them.
pub fn simulate(
    chain: &impl Transport,
    ixs: &[Instruction],
    payer: &Keypair,
    signers: &[&Keypair],
    price: Price,
) -> Result<Receipt> {
    let (limit, price) = budget(chain, ixs, payer, signers, price)?;
    as_sent(chain.simulate(&with_budget(limit, price, ixs), payer, signers))
}

/// A transaction for a wallet to sign and send (a Solana Action's, a web page's): `ixs` paid by `payer`, behind
/// the compute budget [`budget`] would give them, from an unsigned simulation of the same transaction (no key is
/// held here), against the latest blockhash; its signatures are left empty for the wallet. Refuses what the
/// simulation refuses, with the chain's error and the caller's instruction numbers, and a transaction above the
/// 1,232-byte packet limit (`SdkError::TooLarge`).
pub fn for_wallet(
    chain: &impl Transport,
    ixs: &[Instruction],
    payer: &Pubkey,
    price: Price,
) -> Result<solana_transaction::Transaction> {
    let blockhash = chain.latest_blockhash()?;
    let unsigned = |limit, price| {
        let mut tx = solana_transaction::Transaction::new_with_payer(
            &with_budget(limit, price, ixs),
            Some(payer),
        );
        tx.message.recent_blockhash = blockhash;
        tx
    };
    // The budget's values do not change its size: what does not fit is refused before it is simulated.
    let probe = unsigned(MAX_COMPUTE_UNIT_LIMIT, 0);
    let size = crate::TxSize::of(&probe);
    if !size.fits() {
        return Err(crate::SdkError::TooLarge(size.bytes));
    }
    let probe = as_sent(chain.simulate_unsigned(&probe))?;
    let (limit, price) = budget_from(chain, &probe, ixs, payer, price)?;
    Ok(unsigned(limit, price))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_limit_is_the_units_with_a_tenth_and_a_thousand_more_at_most_the_maximum() {
        assert_eq!(limit_for(0), 1_000);
        assert_eq!(limit_for(120_342), 133_376);
        assert_eq!(limit_for(1_400_000), MAX_COMPUTE_UNIT_LIMIT);
        assert_eq!(limit_for(u64::MAX), MAX_COMPUTE_UNIT_LIMIT);
    }

    #[test]
    fn percentiles_take_the_nearest_rank() {
        assert_eq!(percentile(&[], 50), 0);
        assert_eq!(percentile(&[7], 50), 7);
        assert_eq!(percentile(&[0, 0, 5, 9], 50), 0);
        assert_eq!(percentile(&[0, 0, 5, 9], 75), 5);
        assert_eq!(percentile(&[9, 0, 5, 0], 100), 9);
        assert_eq!(percentile(&[3, 1, 2], 0), 1);
    }

    #[test]
    fn the_budget_goes_in_front_and_the_payer_is_always_written() {
        let payer = Pubkey::new_unique();
        let other = Pubkey::new_unique();
        let ix = anchor_lang::solana_program::system_instruction::transfer(&payer, &other, 1);
        let all = with_budget(5_000, 7, std::slice::from_ref(&ix));
        assert_eq!(all.len(), 3);
        assert_eq!(all[0], set_limit(5_000));
        assert_eq!(all[1], set_price(7));
        assert_eq!(all[2], ix);
        assert_eq!(writable_accounts(&[ix], &payer), vec![payer, other]);
    }

    proptest! {
        #[test]
        fn the_limit_never_falls_below_the_units_used(units in 0u64..=1_400_000) {
            let limit = u64::from(limit_for(units));
            prop_assert!(limit >= units.min(u64::from(MAX_COMPUTE_UNIT_LIMIT)));
            prop_assert!(limit <= u64::from(MAX_COMPUTE_UNIT_LIMIT));
        }

        #[test]
        fn a_percentile_is_one_of_the_fees_and_grows_with_the_rank(
            fees in proptest::collection::vec(0u64..1_000_000, 1..200),
            low in 0u8..=100,
            high in 0u8..=100,
        ) {
            let (low, high) = (low.min(high), low.max(high));
            prop_assert!(fees.contains(&percentile(&fees, low)));
            prop_assert!(percentile(&fees, low) <= percentile(&fees, high));
        }
    }
}
