//! Economics over a simulated year (issue 27, docs/testing.md): ordinary buyers, stakers and traders day by day
//! with the default parameters, claims at a realistic rate decided by the assessors, every step through the
//! fuzz's checks. The mutual must stay solvent: no sale leaves capital below the MCR, and the base vault can
//! always pay what counted claims are owed.
use super::{Fuzz, Report, Step, ACTORS, POOLS};
use crate::{DAY, STAKE, USDC};

/// What a year did.
#[derive(Clone, Debug, Default)]
pub struct Year {
    pub report: Report,
    pub covers_bought: u64,
    pub claims_filed: u64,
    pub claims_paid: u64,
    pub claims_denied: u64,
    /// Premiums brought into the base vault, payouts taken from it, and the stake the payouts burnt.
    pub premiums: u64,
    pub payouts: u64,
    pub burnt: u64,
    /// Book value (base units per whole token) at the end of each month.
    pub book_values: Vec<u64>,
    /// The lowest capital / MCR seen after a sale, in bps.
    pub lowest_cover_of_mcr_bps: u64,
}

/// Days in the simulated year, and a month's length for the book-value path.
pub const DAYS: u64 = 365;
pub const MONTH: u64 = 30;

impl Fuzz {
    /// Runs `days` of a year from `seed`; panics on any violation, as `run` does.
    pub fn year(seed: u64, days: u64) -> Year {
        let mut fuzz = Fuzz::new(seed);
        let mut year = Year {
            lowest_cover_of_mcr_bps: u64::MAX,
            ..Year::default()
        };
        let mut history = Vec::new();
        fuzz.check_all(&history);
        for day in 0..days {
            for step in fuzz.day_of_year() {
                history.push(step);
                let before = fuzz.balances();
                let landed = fuzz.take(step);
                fuzz.check_all(&history);
                fuzz.report.steps += 1;
                let after = fuzz.balances();
                match step {
                    Step::CoverBuy(..) if landed => year.covers_bought += 1,
                    Step::ClaimSubmit(..) if landed => year.claims_filed += 1,
                    Step::Redeem(_) if landed => year.claims_paid += 1,
                    Step::Close(_) if landed => year.claims_denied += 1,
                    Step::Sell(..) if landed => {
                        // a sale never leaves capital below the MCR (PROTOCOL.md §7)
                        let s = &after.snapshot;
                        assert!(
                            s.capital >= s.mcr,
                            "day {day}: {step:?} left capital {} below the MCR {}",
                            s.capital,
                            s.mcr
                        );
                        let bps = u128::from(s.capital) * 10_000 / u128::from(s.mcr.max(1));
                        year.lowest_cover_of_mcr_bps = year
                            .lowest_cover_of_mcr_bps
                            .min(u64::try_from(bps).unwrap_or(u64::MAX));
                    }
                    _ => {}
                }
                // counted claims are always payable from the base vault
                assert!(
                    after.vault >= after.snapshot.pending_units[0],
                    "day {day}: {step:?}: the base vault {} cannot pay {} owed (was {})",
                    after.vault,
                    after.snapshot.pending_units[0],
                    before.vault
                );
            }
            history.push(Step::Warp(DAY));
            let _ = fuzz.take(Step::Warp(DAY));
            if (day + 1) % MONTH == 0 {
                year.book_values.push(fuzz.balances().snapshot.book_value);
            }
        }
        fuzz.check_supply_scan(&history);
        year.report = fuzz.report;
        year.premiums = fuzz.model.premiums;
        year.payouts = fuzz.model.payouts;
        year.burnt = fuzz.model.burnt;
        year
    }

    /// One ordinary day: a few purchases, trades and stakes; now and then a claim, honestly voted on by the
    /// two large assessors; payouts and closes once their time comes.
    fn day_of_year(&mut self) -> Vec<Step> {
        let r = &mut self.rng;
        let mut steps = Vec::new();
        // actors 0..=4 are members; the last is the outsider
        let member = |r: &mut super::Rng| r.index(ACTORS - 1);
        for _ in 0..r.below(3) {
            let days = u32::try_from(28 + r.below(338)).unwrap_or(90);
            let amount = 500 * USDC + r.below(4_500 * USDC);
            // the open-vote product: the year's claims are decided by open votes
            steps.push(Step::CoverBuy(
                member(r),
                0,
                false,
                amount,
                days,
                super::step::pools(r),
            ));
        }
        if r.chance(4) {
            steps.push(Step::Buy(member(r), 1_000 * USDC + r.below(9_000 * USDC)));
        }
        if r.chance(5) {
            steps.push(Step::Sell(
                member(r),
                u16::try_from(r.below(2_000)).unwrap_or(0),
            ));
        }
        if r.chance(10) {
            let (actor, pool) = (member(r), r.index(POOLS));
            steps.push(Step::Buy(actor, 2_000 * USDC));
            let amount = 100 * STAKE + r.below(1_000 * STAKE);
            steps.push(Step::Deposit(
                actor,
                pool,
                3 + u32::try_from(r.below(5)).unwrap_or(0),
                amount,
            ));
        }
        if r.chance(15) && !self.model.positions.is_empty() {
            steps.push(Step::Extend(r.index(self.model.positions.len()), 0));
        }
        // about one claim every two months, on a recent cover, for a tenth to half of it: the first vote must
        // accept, and the largest assessor decides, accepting two claims in three
        let covers = self.model.covers.len();
        if covers > 0 && r.chance(2 * MONTH) {
            let c = covers - 1 - r.index(covers.min(10));
            let amount = self
                .f
                .cover(&self.model.covers[c].address)
                .map_or(0, |c| c.amount);
            let claimed = (amount / 10).max(1) * (1 + r.below(5));
            let claim = self.model.claims.len();
            steps.extend([
                Step::ClaimSubmit(c, claimed),
                Step::Vote(0, claim, true),
                Step::Vote(2, claim, !r.chance(3)),
            ]);
        }
        // settle what is due: payouts after the cooldown, closes of what is decided, then the voters' rewards
        let now = self.f.now();
        for (c, filed) in self.model.claims.iter().enumerate().filter(|(_, c)| c.open) {
            let Some(claim) = self.f.claim(&filed.address) else {
                continue;
            };
            if claim.cooldown_end().is_ok_and(|end| now >= end) {
                steps.push(if claim.accept > claim.deny {
                    Step::Redeem(c)
                } else {
                    Step::Close(c)
                });
                steps.extend([Step::RewardClaim(0, c), Step::RewardClaim(2, c)]);
            }
        }
        steps
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_month_is_thirty_days_of_the_year() {
        assert_eq!(super::DAYS / super::MONTH, 12);
        assert_eq!(super::DAYS * super::DAY as u64, 365 * 86_400);
    }
}
