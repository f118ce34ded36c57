//! Compute-unit budgets: the one place that says what each instruction may cost. `tests/tests/cu/` measures
//! every row on the SBF build and fails when a figure exceeds its budget, when a row is never measured, or when
//! an instruction of the IDL has no row. A new instruction adds its rows here.
//!
//! The figures are whole transactions of one instruction, CPIs into SPL Token, Token-2022, the ATA program and
//! the system program included: what a wallet's simulation shows and what a compute-budget request must cover.
//! docs/performance.md has the table, the baseline and what each optimisation saved.

/// No instruction may ever cost more than this: the default compute limit of one instruction. Cranks take a
/// full batch up to it; every other instruction's budget is far below.
pub const CU_CEILING: u64 = 200_000;

/// One measured case of one instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CuBudget {
    pub instruction: &'static str,
    /// Which path of the instruction (empty when it has one).
    pub case: &'static str,
    pub budget: u64,
}

const fn row(instruction: &'static str, case: &'static str, budget: u64) -> CuBudget {
    CuBudget {
        instruction,
        case,
        budget,
    }
}

/// Each budget is the measured figure plus about 5%, rounded up to 500 CU (docs/performance.md): a regression
/// fails, a toolchain's codegen noise does not. Lower a budget when an optimisation lands.
pub const CU_BUDGETS: &[CuBudget] = &[
    // governance
    row("config_init", "", 49_000),
    row("params_propose", "", 9_500),
    row("params_execute", "", 8_500),
    row("params_cancel", "", 9_000),
    row("authority_propose", "", 8_500),
    row("authority_accept", "", 8_500),
    row("guardian_set", "", 8_500),
    row("protocol_pause", "by the guardian", 8_500),
    row("protocol_unpause", "", 8_500),
    // assets
    row("asset_register", "base asset", 36_000),
    row("asset_register", "with a price feed", 35_000),
    row("asset_update", "", 12_500),
    // capital
    row("capital_snapshot_refresh", "2 assets", 25_000),
    row("capital_snapshot_refresh", "8 assets", 69_500),
    row("treasury_sweep", "", 30_000),
    // members
    row("member_join", "new stake account", 51_000),
    row("member_join", "re-join, frozen stake account", 26_000),
    row("member_leave", "", 15_500),
    row("member_thaw", "", 15_000),
    row("member_set_broker", "", 9_000),
    // stake token
    row("token_buy", "first mint", 45_000),
    row("token_buy", "", 45_000),
    row("token_sell", "", 45_500),
    // products and risk signals
    row("product_create", "", 36_500),
    row("product_update", "", 13_000),
    row("curator_add", "", 16_500),
    row("curator_remove", "", 9_000),
    row("risk_signals_update", "by a curator", 19_000),
    row("risk_signals_update", "8 audits and 8 incidents", 24_500),
    row("product_risk", "8 audits and 8 incidents", 12_500),
    // pools and staking
    row("pool_create", "", 41_000),
    row("pool_set_products", "1 new listing", 35_000),
    row("pool_set_products", "8 new listings", 177_500),
    row("pool_set_products", "1 existing listing", 32_000),
    row("pool_set_fee", "", 10_000),
    row("pool_set_manager", "", 13_000),
    row("stake_deposit", "new position", 41_500),
    row("stake_deposit", "existing position", 36_500),
    row("stake_extend", "new position", 39_000),
    row("stake_position_transfer", "new position", 32_500),
    row(
        "stake_withdraw",
        "stake, expiring the tranche lazily",
        36_000,
    ),
    row("stake_withdraw", "stake, after 8 lazy boundaries", 37_000),
    row("pool_process_expirations", "full batch, 8 expiries", 39_500),
    row("pool_fee_withdraw", "", 27_500),
    // cover (the ceilings: buy 80k with 1 pool and 200k with 4, edit and renewals 200k, expire and
    // status 40k)
    row("cover_buy", "1 pool", 75_000),
    row("cover_buy", "4 pools", 130_500),
    row("cover_edit", "4 pools to 4 pools", 120_500),
    row("cover_renew", "1 pool", 69_000),
    row("cover_auto_renew", "4 pools", 110_500),
    row("cover_auto_renew_set", "", 7_000),
    row("cover_auto_renew_cancel", "", 7_000),
    row("cover_transfer", "", 7_000),
    row("cover_expire", "4 pools, releasing", 29_500),
    row("cover_status", "", 5_500),
    // claims and assessment (the ceilings: votes, commitments and reveals 40k; a payout burning across 4
    // pools and a full fraud-undo batch 200k)
    row("assessor_stake", "first, creating the vault", 39_500),
    row("assessor_stake", "new record", 29_000),
    row("assessor_stake", "existing record", 26_000),
    row("assessor_unstake", "", 23_500),
    row("assessor_flag_fraud", "", 21_500),
    row("claim_submit", "", 70_500),
    row("claim_vote", "first vote", 32_000),
    row("claim_vote", "", 31_500),
    row("claim_vote_commit", "", 33_500),
    row("claim_vote_reveal", "", 24_500),
    row("claim_fraud_undo_votes", "full batch, 8 votes", 86_000),
    row("claim_redeem_payout", "4 pools", 103_000),
    row("claim_close", "denied", 43_500),
    row("vote_reward_claim", "", 27_500),
];

/// The issues' ceilings, which no budget may be raised above: `(instruction, case, aim)`.
pub const CU_AIMS: &[CuBudget] = &[
    // issue 12: staking ≤ 60k, the crank at its full batch ≤ 200k, the risk read ≤ 20k
    row("stake_deposit", "new position", 60_000),
    row("stake_deposit", "existing position", 60_000),
    row("stake_extend", "new position", 60_000),
    row(
        "stake_withdraw",
        "stake, expiring the tranche lazily",
        60_000,
    ),
    row("stake_withdraw", "stake, after 8 lazy boundaries", 60_000),
    row(
        "pool_process_expirations",
        "full batch, 8 expiries",
        200_000,
    ),
    row("product_risk", "8 audits and 8 incidents", 20_000),
    // issue 14: the refresh over the most assets ≤ 200k, the governance steps and the sweep ≤ 30k
    row("capital_snapshot_refresh", "8 assets", 200_000),
    row("params_propose", "", 30_000),
    row("params_execute", "", 30_000),
    row("params_cancel", "", 30_000),
    row("treasury_sweep", "", 30_000),
    // issue 15: a buy ≤ 80k with 1 pool and ≤ 200k with 4, edits and renewals ≤ 200k, expiry and status ≤ 40k
    row("cover_buy", "1 pool", 80_000),
    row("cover_buy", "4 pools", 200_000),
    row("cover_edit", "4 pools to 4 pools", 200_000),
    row("cover_renew", "1 pool", 200_000),
    row("cover_auto_renew", "4 pools", 200_000),
    row("cover_expire", "4 pools, releasing", 40_000),
    row("cover_status", "", 40_000),
    // issue 16: votes, commitments and reveals ≤ 40k, a 4-pool payout and a full fraud-undo batch ≤ 200k
    row("claim_vote", "first vote", 40_000),
    row("claim_vote", "", 40_000),
    row("claim_vote_commit", "", 40_000),
    row("claim_vote_reveal", "", 40_000),
    row("claim_redeem_payout", "4 pools", 200_000),
    row("claim_fraud_undo_votes", "full batch, 8 votes", 200_000),
];

/// The budget of `instruction` in `case`, if it has one.
pub fn cu_budget(instruction: &str, case: &str) -> Option<u64> {
    CU_BUDGETS
        .iter()
        .find(|b| b.instruction == instruction && b.case == case)
        .map(|b| b.budget)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_aim_has_a_budget_within_it() {
        for aim in CU_AIMS {
            let budget = cu_budget(aim.instruction, aim.case)
                .unwrap_or_else(|| panic!("{aim:?} has no budget row"));
            assert!(
                budget <= aim.budget,
                "{aim:?}: the budget {budget} is over the aim"
            );
        }
    }

    #[test]
    fn every_budget_is_under_the_ceiling_and_listed_once() {
        for (i, b) in CU_BUDGETS.iter().enumerate() {
            assert!(b.budget <= CU_CEILING, "{b:?} is over {CU_CEILING}");
            assert!(
                CU_BUDGETS[..i]
                    .iter()
                    .all(|o| (o.instruction, o.case) != (b.instruction, b.case)),
                "{b:?} is listed twice"
            );
        }
    }
}
