//! Sequences the fuzz found (docs/testing.md), shrunk, replayed with every check on every run. Each names what it
//! found; `Fuzz::replay` panics, as the fuzz does, on any violation.
use mutual_tests::fuzz::Fuzz;
use mutual_tests::fuzz::Step::*;

/// Found on the SBF pass of seed 7 (issue 27): after the fraudster's flag burnt their stake without a snapshot
/// write, an edit minted rewards at the book value of the supply before the burn. Fixed by pricing cover,
/// rewards and burns at the recorded capital over the live supply (`CapitalSnapshot::book_value_at`).
#[test]
fn fuzz_regression_a_fraud_burn_does_not_inflate_the_next_rewards() {
    let report = Fuzz::replay(&[
        CoverBuy(0, 0, false, 1, 28, 3),
        CoverBuy(2, 0, false, 1350706964, 354, 1),
        CoverBuy(0, 0, false, 630106579, 60, 2),
        CoverBuy(1, 1, false, 490930056, 357, 3),
        CoverBuy(3, 1, false, 515349185, 342, 2),
        CoverBuy(0, 0, false, 494772707, 182, 1),
        CoverBuy(2, 0, false, 1804730228, 227, 3),
        FraudFlag(3),
        CoverEdit(6, 2197468728, 263, 3),
    ]);
    assert_eq!(report.steps, 9);
}
