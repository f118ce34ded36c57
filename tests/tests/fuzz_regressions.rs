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
        CoverBuy(0, 0, false, 1, 28, 7),
        CoverBuy(2, 0, false, 1350706964, 354, 1),
        CoverBuy(0, 0, false, 630106579, 60, 3),
        CoverBuy(1, 1, false, 490930056, 357, 7),
        CoverBuy(3, 1, false, 515349185, 342, 3),
        CoverBuy(0, 0, false, 494772707, 182, 1),
        CoverBuy(2, 0, false, 1804730228, 227, 7),
        FraudFlag(3),
        CoverEdit(6, 2197468728, 263, 7),
    ]);
    assert_eq!(report.steps, 9);
}

/// Issue 25, finding 1 (caught at 4961f90 in 7 steps, seed 10): a one-token accept vote on a bogus claim moved the
/// book value covers and rewards are priced at.
#[test]
fn fuzz_regression_a_tiny_accept_vote_moves_no_book_value() {
    Fuzz::replay(&[
        CoverBuy(4, 0, false, 1616497640, 60, 1),
        Warp(1),
        ClaimSubmit(0, 1616497640),
        Vote(1, 0, true),
    ]);
}

/// Issue 25, finding 5 (caught at 4961f90 in 6 steps, seed 7): a one-unit cover bumped a listing's price.
#[test]
fn fuzz_regression_a_dust_cover_moves_no_price() {
    Fuzz::replay(&[CoverBuy(0, 0, false, 1, 28, 7)]);
}

/// Issue 25, finding 8 (caught at 4961f90, seed 13): a fully paid-out cover was renewed at full price.
#[test]
fn fuzz_regression_a_paid_out_cover_is_not_renewed() {
    Fuzz::replay(&[
        CoverBuy(1, 0, false, 1502698584, 60, 1),
        Warp(1),
        ClaimSubmit(0, 1502698584),
        Vote(1, 0, true),
        WarpToClaim(0, 3),
        Redeem(0),
        WarpToCover(0, 0),
        CoverRenew(0, 0),
    ]);
}

/// Issue 26's root on the base asset (caught at 4961f90 in 27 steps, seed 2): a premium left out of the recorded
/// capital until the next trade, so the next cover minted rewards on a stale book value.
#[test]
fn fuzz_regression_a_premium_counts_before_the_next_cover() {
    Fuzz::replay(&[
        CoverBuy(1, 0, false, 1210095476, 174, 1),
        CoverBuy(4, 0, false, 1991550840, 170, 7),
    ]);
}

/// Decision 68 again, from the run against 4961f90 (seed 16): a fraud burn, then a purchase.
#[test]
fn fuzz_regression_a_fraud_burn_then_a_purchase() {
    Fuzz::replay(&[FraudFlag(3), CoverBuy(0, 0, false, 1369129467, 267, 7)]);
}

/// Found by the due-payout check (seed 21 of the long run's build): an accepted claim redeemed 273 days after its
/// pools were last processed. The payout is not blocked, the client cranks the pools' expiries first (anyone may),
/// as it does for a purchase; a due payout the vault holds is never refused.
#[test]
fn fuzz_regression_a_due_payout_after_months_is_paid_once_cranked() {
    Fuzz::replay(&[
        BrokerBuy(4, 1157660897, 130, true),
        Warp(259200),
        ClaimSubmit(0, 1),
        CoverBuy(3, 0, false, 1, 245, 5),
        CoverBuy(3, 0, false, 1862344053, 28, 1),
        Warp(172800),
        ClaimSubmit(2, 1862344053),
        BrokerBuy(2, 116045086, 1586, false),
        CoverBuy(0, 0, false, 641482126, 360, 6),
        CoverBuy(4, 0, false, 1328801671, 288, 5),
        CoverBuy(0, 0, false, 80997261, 60, 5),
        Warp(1),
        ClaimSubmit(6, 80997261),
        Vote(1, 2, true),
        Warp(7862400),
        Warp(7862400),
        Warp(7862400),
        Redeem(2),
    ]);
}

/// Found by the long run (seed 27, step 25,255; shrunk to 7): wrapped-SOL premiums recorded at $33, SOL posted at
/// $353 with no refresh, then buy → refresh → sell in one transaction gained 46.99 USDC: trades priced non-base
/// capital at the recorded price only, and the refresh may use any update not older than the last. Since
/// decision 69 a trade also reads the price the feed's push-oracle account shows, the buy paying the higher, so
/// the same round trip loses the spreads.
#[test]
fn fuzz_regression_a_round_trip_around_a_posted_price_gains_nothing() {
    Fuzz::replay(&[
        SolPrice(33, false),
        ManagerPrice(0, 0, 40, 10000),
        Warp(1),
        CoverBuy(0, 0, true, 11936581464, 169, 5),
        CoverBuy(0, 0, true, 5684439208, 348, 3),
        SolPrice(353, false),
        RoundTrip(0, 6108503756),
    ]);
}
