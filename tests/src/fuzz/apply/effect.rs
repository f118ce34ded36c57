//! A successful step's effect: what the model predicts it moved, checked against the balances before and after
//! (PROTOCOL.md §7 for trades and rewards, §9 for payouts), and the model's ledgers following it.
use super::{renewal_set, Planned};
use crate::fuzz::model::{self, Filed, Made, Segment};
use crate::fuzz::{Balances, Fuzz, Step, ALL_POOLS, BROKER_TREASURY, POOLS};
use mutual_sdk::pda;

impl Fuzz {
    /// What a successful step moved, as the model predicts it; the model's ledgers follow.
    pub(super) fn effect(&mut self, step: Step, planned: &Planned, b: &Balances, a: &Balances) {
        let i = planned.actor;
        let base_paid = b.base[i].saturating_sub(a.base[i]);
        let base_got = a.base[i].saturating_sub(b.base[i]);
        let sol_paid = b.wsol[i].saturating_sub(a.wsol[i]);
        let sol_got = a.wsol[i].saturating_sub(b.wsol[i]);
        let stake_delta = i128::from(a.actor_stake(i)) - i128::from(b.actor_stake(i));
        let supply_delta = i128::from(a.supply) - i128::from(b.supply);
        let pools_delta: i128 = (0..POOLS)
            .map(|p| i128::from(a.pool_vaults[p]) - i128::from(b.pool_vaults[p]))
            .sum();
        let exact = self.trades_exact(b);
        // no step but a sale, a payout or a refund pays the actor in base or wrapped SOL: edits and renewals
        // charge at least nothing
        if matches!(
            step,
            Step::CoverBuy(..)
                | Step::CoverEdit(..)
                | Step::CoverRenew(..)
                | Step::AutoRenewCrank(..)
                | Step::Deposit(..)
        ) {
            assert_eq!((base_got, sol_got), (0, 0), "{step:?}: paid the buyer");
        }
        let capacity_ratio = self.f.config().params.capacity_ratio.get();
        let now = self.f.now();
        let m = &mut self.model;
        match step {
            Step::Join(_) => m.treasury += self.f.config().params.join_fee,
            Step::Buy(_, amount) => {
                assert_eq!(base_paid, amount, "{step:?}: paid");
                if exact {
                    let minted = model::buy_mints(amount, b.vault, b.supply).unwrap_or(0);
                    assert_eq!(stake_delta, i128::from(minted), "{step:?}: minted");
                }
                assert!(stake_delta > 0, "{step:?}: nothing minted");
                m.vault += amount;
            }
            Step::Sell(..) => {
                let sold = planned.figure;
                assert_eq!(stake_delta, -i128::from(sold), "{step:?}: burnt");
                if exact {
                    let pays =
                        model::sale_pays(sold, b.vault, b.snapshot.pending_units[0], b.supply);
                    assert_eq!(base_got, pays, "{step:?}: paid out");
                }
                m.vault -= base_got;
                // a sale never strands a counted payout (decision 66)
                let covered_before = b.vault >= b.snapshot.pending_units[0];
                let covered = a.vault >= a.snapshot.pending_units[0];
                assert!(
                    !covered_before || covered,
                    "{step:?}: a sale stranded a payout"
                );
            }
            Step::RoundTrip(..) => {
                // the sale is priced on the capital the buy left and the prices the refresh between them
                // recorded: nothing that landed since the last refresh is taken (issue 26, 3), and neither is a
                // price posted since it, which the buy already paid (decision 69)
                assert_eq!(base_got, 0, "{step:?}: a round trip gained");
                assert_eq!(stake_delta, 0, "{step:?}: stake left over");
                m.vault += base_paid;
                m.vault -= base_got;
            }
            Step::Donate(_, amount) => m.vault += amount,
            Step::Deposit(_, p, offset, amount) => {
                assert_eq!(stake_delta, -i128::from(amount), "{step:?}: staked");
                m.pool_vaults[p] += amount;
                m.put_in((p, self.f.current_tranche() + offset, i), amount);
            }
            Step::Withdraw(n) => {
                let position = m.positions[n];
                let got = u64::try_from(stake_delta).expect("a withdrawal never takes stake");
                // a stake-then-withdraw round trip gains at most the rewards the pool received meanwhile
                let most = m.withdrawable_at_most(position);
                assert!(
                    got <= most,
                    "{step:?}: withdrew {got}, put in and earned {most}"
                );
                m.withdrawn(position, got);
                m.pool_vaults[position.0] -= got;
            }
            Step::Extend(n, by) => {
                let (p, tranche, owner) = m.positions[n];
                let to = if by == 0 {
                    self.f.current_tranche() + 7
                } else {
                    tranche + by
                };
                let stake = m.take_out((p, tranche, owner));
                m.put_in((p, to, owner), stake);
            }
            Step::PositionTransfer(n, to) => {
                let (p, tranche, owner) = m.positions[n];
                let stake = m.take_out((p, tranche, owner));
                m.put_in((p, tranche, to), stake);
            }
            Step::CoverBuy(_, product, sol, _, _, pools) => {
                let paid = if sol { sol_paid } else { base_paid };
                self.premium_landed(step, sol, paid, 0, b, a, supply_delta, pools_delta);
                let id = self.products[product];
                let seq = self.f.product(id).next_cover_seq - 1;
                let pools = model::pool_set(pools);
                self.model.covers.push(Made {
                    address: mutual_sdk::cover::cover_address(id, seq),
                    product,
                    seq,
                    sol,
                    segments: vec![Segment {
                        start: now,
                        pools,
                        capacity_ratio,
                    }],
                });
            }
            Step::BrokerBuy(_, _, commission, twice) => {
                let to_treasury = if twice {
                    0
                } else {
                    a.base[BROKER_TREASURY] - b.base[BROKER_TREASURY]
                };
                // a commission is at most its bps of the premium, and the premium the rest
                let premium = base_paid - to_treasury;
                assert!(
                    u128::from(to_treasury) * 10_000
                        <= u128::from(premium) * u128::from(commission) + 10_000,
                    "{step:?}: commission {to_treasury} on {premium}"
                );
                self.premium_landed(
                    step,
                    false,
                    base_paid,
                    to_treasury,
                    b,
                    a,
                    supply_delta,
                    pools_delta,
                );
                let id = self.products[0];
                let seq = self.f.product(id).next_cover_seq - 1;
                self.model.covers.push(Made {
                    address: mutual_sdk::cover::cover_address(id, seq),
                    product: 0,
                    seq,
                    sol: false,
                    segments: vec![Segment {
                        start: now,
                        pools: ALL_POOLS,
                        capacity_ratio,
                    }],
                });
            }
            Step::CoverEdit(c, _, _, pools) => {
                let sol = m.covers[c].sol;
                let pools = model::pool_set(pools);
                m.covers[c].segments.push(Segment {
                    start: now,
                    pools,
                    capacity_ratio,
                });
                let paid = if sol { sol_paid } else { base_paid };
                self.premium_landed(step, sol, paid, 0, b, a, supply_delta, pools_delta);
            }
            Step::CoverRenew(c, _) | Step::AutoRenewCrank(c, _) => {
                // nothing left to claim is nothing to renew (issue 25, 10)
                assert_eq!(planned.figure, 0, "{step:?}: renewed a paid-out cover");
                let start = self.f.cover(&m.covers[c].address).map_or(0, |c| c.start);
                let pools = match step {
                    Step::CoverRenew(_, pools) => renewal_set(&m.covers[c], pools),
                    _ => m.covers[c].pools(),
                };
                m.covers[c].segments.push(Segment {
                    start,
                    pools,
                    capacity_ratio,
                });
                let sol = m.covers[c].sol;
                let paid = if sol { sol_paid } else { base_paid };
                self.premium_landed(step, sol, paid, 0, b, a, supply_delta, pools_delta);
            }
            Step::ClaimSubmit(c, amount) => {
                let made = &m.covers[c];
                let seq = self.f.cover(&made.address).map_or(1, |c| c.claim_count) - 1;
                let address = pda::claim(&made.address, seq).0;
                m.claims.push(Filed {
                    address,
                    cover: c,
                    claimant: i,
                    amount,
                    sol: made.sol,
                    segment: made.segment_at(now),
                    deposit: self.f.claim(&address).map_or(0, |c| c.deposit),
                    open: true,
                    votes: Vec::new(),
                });
            }
            Step::Vote(v, c, accept) | Step::Commit(v, c, accept) => {
                assert_eq!(planned.figure, 0, "{step:?}: a banned assessor voted");
                m.claims[c].votes.push((v, accept));
            }
            Step::Reveal(..) => {
                assert_eq!(planned.figure, 0, "{step:?}: a banned assessor revealed")
            }
            Step::Redeem(c) => {
                let claim = &mut m.claims[c];
                claim.open = false;
                // the claimant receives exactly what they filed: in kind, and any shortfall in base
                if claim.sol {
                    assert!(
                        sol_got <= claim.amount,
                        "{step:?}: paid {sol_got} of {}",
                        claim.amount
                    );
                    assert!(
                        sol_got == claim.amount || base_got > 0,
                        "{step:?}: a shortfall went unpaid"
                    );
                } else {
                    assert_eq!((base_got, sol_got), (claim.amount, 0), "{step:?}: payout");
                }
                m.vault -= base_got;
                m.sol_vault -= sol_got;
                m.payouts += base_got;
                let burnt = u64::try_from(-supply_delta).unwrap_or(0);
                m.burnt += burnt;
                // the payout burns stake from the pools of the segment it concerns, and nothing else
                assert_eq!(pools_delta, supply_delta, "{step:?}: burns");
                assert!(supply_delta <= 0, "{step:?}: a payout minted");
                for p in (0..POOLS).filter(|p| claim.segment.pools & (1 << p) == 0) {
                    assert_eq!(
                        a.pool_vaults[p], b.pool_vaults[p],
                        "{step:?}: pool {p} burnt for a claim on pools {:b}",
                        claim.segment.pools
                    );
                }
                // as much as the payout is worth in stake at the capacity ratio the segment was bought at
                // (issue 25, 6), unless a pool's stake caps it
                if !claim.sol {
                    let book_value = model::book_value(b.snapshot.capital, b.supply);
                    let expected =
                        model::payout_burn(claim.amount, book_value, claim.segment.capacity_ratio);
                    if planned.figure >= expected.saturating_mul(2) {
                        // each pool's share rounds up twice on its own (its part of the payout, then over the ratio)
                        assert!(
                            burnt.abs_diff(expected) <= 2 * POOLS as u64,
                            "{step:?}: burnt {burnt} for a payout worth {expected}"
                        );
                        self.report.checks += 1;
                    }
                }
                m.pool_vaults = a.pool_vaults;
            }
            Step::Close(c) => {
                let still_open = self
                    .f
                    .claim(&m.claims[c].address)
                    .is_some_and(|c| c.is_open());
                // a denied or lapsed claim's deposit, as filed, goes to the treasury
                if m.claims[c].open && !still_open {
                    m.treasury += m.claims[c].deposit;
                }
                m.claims[c].open = still_open;
            }
            Step::RewardClaim(v, _) => {
                let got = i128::from(a.assessor_stake(v)) - i128::from(b.assessor_stake(v));
                assert_eq!(supply_delta, got, "{step:?}: a reward minted elsewhere");
            }
            Step::AssessorStake(_, amount) => m.assessment_vault += amount,
            Step::AssessorUnstake(_, amount) => m.assessment_vault -= amount,
            Step::FraudFlag(_) => {
                m.assessment_vault -= planned.figure;
                assert_eq!(supply_delta, -i128::from(planned.figure), "{step:?}: burnt");
            }
            Step::Sweep => {
                let swept = b.treasury_lamports - a.treasury_lamports;
                assert_eq!(a.sol_vault - b.sol_vault, swept, "{step:?}: swept");
                m.sol_vault += swept;
                m.treasury -= swept;
            }
            _ => {}
        }
    }

    /// A premium of `paid` (in the cover's asset) landed in its vault, less `commission`: the vault's ledger
    /// takes it, rewards go only to the pools' vaults and are at most the stakers' share of it at book value.
    #[allow(clippy::too_many_arguments)]
    fn premium_landed(
        &mut self,
        step: Step,
        sol: bool,
        paid: u64,
        commission: u64,
        b: &Balances,
        a: &Balances,
        supply_delta: i128,
        pools_delta: i128,
    ) {
        let premium = paid - commission;
        if sol {
            self.model.sol_vault += premium;
        } else {
            self.model.vault += premium;
            self.model.premiums += premium;
            // at the book value gross of pending payouts (decision 42): the recorded capital over the supply as
            // it stands (decision 68)
            let book_value = model::book_value(b.snapshot.capital, b.supply);
            let ratio = self.f.config().params.rewards_ratio.get();
            let most = model::rewards_at_most(premium, ratio, book_value);
            assert!(
                supply_delta <= i128::from(most),
                "{step:?}: rewards {supply_delta} above {most} for {premium}"
            );
        }
        assert_eq!(
            pools_delta, supply_delta,
            "{step:?}: rewards minted outside the pools"
        );
        assert!(supply_delta >= 0, "{step:?}: a premium burnt stake");
        for p in 0..POOLS {
            self.model.rewards[p] += a.pool_vaults[p] - b.pool_vaults[p];
        }
        self.model.pool_vaults = a.pool_vaults;
    }
}
