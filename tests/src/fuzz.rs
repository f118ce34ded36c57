//! The whole-protocol stateful fuzz (issue 27): seeded sequences of steps by adversarial actors against the
//! embedded chain, a reference model of what each step moves, and invariants checked after every step
//! (docs/testing.md).
//!
//! This first part drives members, trades, donations, base-asset covers, claims, votes (a tiny accept vote
//! among them), payouts, closes and clock warps. The model predicts each trade's amounts from the spec's
//! formulas (PROTOCOL.md §7), keeps a ledger of the base vault, and knows when a claim's liability counts
//! (decision 56); the invariants compare the chain with it to the unit.
use crate::*;
use anchor_lang::solana_program::instruction::Instruction;
use mutual_sdk::{ix, pda, Keypair, Pubkey, SdkError, Signer, Transport};

/// A small, seedable generator (SplitMix64): the same seed gives the same sequence on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn index(&mut self, len: usize) -> usize {
        usize::try_from(self.below(len as u64)).unwrap_or(0)
    }

    /// One of `choices`, each with its weight.
    pub fn weighted<T: Copy>(&mut self, choices: &[(u64, T)]) -> T {
        let total: u64 = choices.iter().map(|(w, _)| w).sum();
        let mut pick = self.below(total);
        for (weight, choice) in choices {
            if pick < *weight {
                return *choice;
            }
            pick -= weight;
        }
        choices[choices.len() - 1].1
    }

    /// An amount an adversary would try: one unit, dust, an ordinary figure, or the largest there is.
    pub fn amount(&mut self, ordinary: u64) -> u64 {
        match self.below(10) {
            0 => 1,
            1 => 1 + self.below(1_000),
            2 => u64::MAX,
            _ => 1 + self.below(ordinary),
        }
    }
}

/// One step an actor takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Join(usize),
    Leave(usize),
    Buy(usize, u64),
    /// Sells this share (bps) of the actor's stake.
    Sell(usize, u16),
    /// A buy and a sale of what it minted, in one transaction.
    RoundTrip(usize, u64),
    Donate(usize, u64),
    /// A cover of `amount` for `days` over the first `pools` pools.
    CoverBuy(usize, u64, u32, usize),
    ClaimSubmit(usize, u64),
    /// Assessor `a` votes on claim `c`.
    Vote(usize, usize, bool),
    Redeem(usize),
    Close(usize),
    Warp(i64),
    /// The permissionless expiry crank on pool `p` (`staking::catch_up`).
    Crank(usize),
}

/// The kinds of step, with how often the adversary tries each.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Join,
    Leave,
    Buy,
    Sell,
    RoundTrip,
    Donate,
    CoverBuy,
    ClaimSubmit,
    Vote,
    Redeem,
    Close,
    Warp,
    Crank,
}

const KINDS: &[(u64, Kind)] = &[
    (2, Kind::Join),
    (1, Kind::Leave),
    (6, Kind::Buy),
    (5, Kind::Sell),
    (2, Kind::RoundTrip),
    (1, Kind::Donate),
    (5, Kind::CoverBuy),
    (3, Kind::ClaimSubmit),
    (5, Kind::Vote),
    (3, Kind::Redeem),
    (2, Kind::Close),
    (3, Kind::Warp),
    (2, Kind::Crank),
];

/// Actors: members who trade, buy cover and file claims; assessors who vote.
const ACTORS: usize = 6;
const FUNDING: u64 = 200_000 * USDC;
/// How often the supply is reconciled with every stake-token account (a scan of the whole chain).
const SUPPLY_EVERY: usize = 25;
/// Assessors' stake in whole tokens: the quorum exactly, a tiny one, a large one.
const ASSESSOR_TOKENS: [u64; 3] = [100, 1, 300];

/// A claim the model follows.
#[derive(Clone, Debug)]
pub struct Filed {
    pub address: Pubkey,
    pub claimant: usize,
}

/// The reference model: the base vault's ledger and what the actors hold, predicted step by step.
#[derive(Default, Debug)]
pub struct Model {
    /// The base vault as the model's ledger has it.
    pub vault: u64,
    pub covers: Vec<(Pubkey, usize)>,
    pub claims: Vec<Filed>,
}

/// What a run did.
#[derive(Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub steps: u64,
    pub checks: u64,
    pub refused: u64,
}

/// The fuzz: a fixture, its actors, the model and the generator.
pub struct Fuzz {
    pub f: TestFixture,
    actors: Vec<Keypair>,
    assessors: Vec<Keypair>,
    pools: Vec<u32>,
    product: u32,
    model: Model,
    rng: Rng,
    report: Report,
}

impl Fuzz {
    /// A bootstrapped protocol with one product on three pools, six funded actors (four of them members) and
    /// three assessors staked before any claim.
    pub fn new(seed: u64) -> Self {
        let f = TestFixture::bootstrapped();
        let market = f.with_cover_market(
            "Fuzz",
            &[(100, 300, 3_000), (60, 400, 2_000), (40, 250, 1_000)],
        );
        let assessors = ASSESSOR_TOKENS
            .iter()
            .map(|t| f.with_assessor(*t))
            .collect();
        let actors = (0..ACTORS)
            .map(|i| {
                let wallet = if i < 4 {
                    f.with_member()
                } else {
                    f.new_wallet(10)
                };
                f.faucet(&wallet.pubkey(), FUNDING);
                wallet
            })
            .collect();
        let model = Model {
            vault: f.vault_balance(),
            ..Model::default()
        };
        Fuzz {
            f,
            actors,
            assessors,
            pools: market.pools,
            product: market.product,
            model,
            rng: Rng::new(seed),
            report: Report::default(),
        }
    }

    /// Runs `steps` steps, checking every invariant after each; panics with the seed's step and its sequence on
    /// the first violation.
    pub fn run(&mut self, steps: u64) -> Report {
        let mut history = Vec::new();
        self.check_all(&history);
        for _ in 0..steps {
            let step = self.next_step();
            history.push(step);
            self.apply(step, &history);
            self.check_all(&history);
            self.report.steps += 1;
        }
        self.check_supply(&history);
        self.report
    }

    fn next_step(&mut self) -> Step {
        let r = &mut self.rng;
        let actor = r.index(ACTORS);
        match r.weighted(KINDS) {
            Kind::Join => Step::Join(actor),
            Kind::Leave => Step::Leave(actor),
            Kind::Buy => Step::Buy(actor, r.amount(20_000 * USDC)),
            Kind::Sell => Step::Sell(actor, u16::try_from(r.below(10_001)).unwrap_or(10_000)),
            Kind::RoundTrip => Step::RoundTrip(actor, r.amount(20_000 * USDC)),
            Kind::Donate => Step::Donate(actor, 1 + r.below(100 * USDC)),
            Kind::CoverBuy => {
                let days = u32::try_from(20 + r.below(360)).unwrap_or(28);
                Step::CoverBuy(actor, r.amount(3_000 * USDC), days, 1 + r.index(3))
            }
            Kind::ClaimSubmit => {
                let cover = r.index(self.model.covers.len().max(1));
                Step::ClaimSubmit(cover, r.amount(3_000 * USDC))
            }
            Kind::Vote => {
                let claim = r.index(self.model.claims.len().max(1));
                Step::Vote(r.index(ASSESSOR_TOKENS.len()), claim, r.below(3) > 0)
            }
            Kind::Redeem => Step::Redeem(r.index(self.model.claims.len().max(1))),
            Kind::Close => Step::Close(r.index(self.model.claims.len().max(1))),
            Kind::Crank => Step::Crank(r.index(3)),
            Kind::Warp => {
                let choices = [1, 60, 3_600, DAY, 3 * DAY, 7 * DAY, 31 * DAY, 91 * DAY];
                Step::Warp(choices[r.index(choices.len())])
            }
        }
    }

    /// The instructions and signer of `step`, or `None` when it names nothing that exists (no cover yet).
    fn instructions(&self, step: Step) -> Option<(Vec<Instruction>, usize)> {
        let f = &self.f;
        let key = |i: usize| self.actors[i].pubkey();
        Some(match step {
            Step::Join(i) => (vec![ix::member_join(&key(i))], i),
            Step::Leave(i) => (vec![ix::member_leave(&key(i), u64::MAX)], i),
            Step::Buy(i, amount) => (vec![f.token_buy_ix(&key(i), amount, 0)], i),
            Step::Sell(i, share) => (vec![f.token_sell_ix(&key(i), self.sold(i, share), 0)], i),
            Step::RoundTrip(i, amount) => {
                let minted = self.predicted_buy(amount)?;
                let ixs = vec![
                    f.token_buy_ix(&key(i), amount, 0),
                    f.token_sell_ix(&key(i), minted, 0),
                ];
                (ixs, i)
            }
            Step::Donate(i, amount) => {
                let d = f.deployment();
                let transfer = mutual_sdk::spl::transfer_checked(
                    &d.base_token_program,
                    &d.base_account(&key(i)),
                    &d.base_mint,
                    &d.base_vault,
                    &key(i),
                    amount,
                    mutual_migrations::TEST_USDC_DECIMALS,
                )
                .ok()?;
                (vec![transfer], i)
            }
            Step::CoverBuy(i, amount, days, pools) => {
                let period = i64::from(days) * DAY;
                let buy = f.cover_buy_ix(
                    &key(i),
                    self.product,
                    amount,
                    period,
                    u64::MAX,
                    &self.pools[..pools],
                );
                (vec![buy], i)
            }
            Step::ClaimSubmit(c, amount) => {
                let (cover, owner) = *self.model.covers.get(c)?;
                let (submit, _) = f.claim_submit_ix(&key(owner), &cover, amount);
                (vec![submit], owner)
            }
            Step::Crank(p) => {
                let pool = f.pool(self.pools[p]);
                let cranks = mutual_sdk::staking::catch_up(&pool, f.now());
                if cranks.is_empty() {
                    return None;
                }
                (cranks, 0)
            }
            Step::Vote(..) | Step::Redeem(_) | Step::Close(_) | Step::Warp(_) => return None,
        })
    }

    /// The stake a sale of `share` (bps) of actor `i`'s stake burns.
    fn sold(&self, i: usize, share: u16) -> u64 {
        let held = self.f.stake_balance(&self.actors[i].pubkey());
        u64::try_from(u128::from(held) * u128::from(share) / 10_000).unwrap_or(0)
    }

    /// Stake `token_buy(amount)` mints now, by the spec (PROTOCOL.md §7): ⌊⌊amount · supply / capital⌋ / 1.01⌋,
    /// capital gross of pending payouts; `None` when the buy would be refused.
    fn predicted_buy(&self, amount: u64) -> Option<u64> {
        let (capital, supply) = (self.f.vault_balance(), self.f.stake_supply());
        if capital == 0 || supply < STAKE {
            return None;
        }
        let at_book = u128::from(amount) * u128::from(supply) / u128::from(capital);
        let minted = u64::try_from(at_book * 10_000 / 10_100).ok()?;
        (minted > 0).then_some(minted)
    }

    /// Base paid for selling `stake` now, by the spec: ⌊⌊stake · (capital − pending) / supply⌋ · 0.99⌋.
    fn predicted_sale(&self, stake: u64) -> u64 {
        let pending = self.f.snapshot().pending_units[0];
        let net = self.f.vault_balance().saturating_sub(pending);
        let supply = self.f.stake_supply();
        let at_book = u128::from(stake) * u128::from(net) / u128::from(supply.max(1));
        u64::try_from(at_book * 9_900 / 10_000).unwrap_or(0)
    }

    fn apply(&mut self, step: Step, history: &[Step]) {
        match step {
            Step::Warp(seconds) => self.f.warp_seconds(seconds),
            Step::Vote(a, c, accept) => {
                let Some(claim) = self.model.claims.get(c).cloned() else {
                    return;
                };
                let voter = &self.assessors[a];
                let vote = ix::claim_vote(&voter.pubkey(), &claim.address, accept);
                self.send(vec![vote], voter.insecure_clone(), history, |_, _| {});
            }
            Step::Redeem(c) => {
                let Some(claim) = self.model.claims.get(c).cloned() else {
                    return;
                };
                let claimant = self.actors[claim.claimant].insecure_clone();
                let redeem = self.f.redeem_ix(&claimant.pubkey(), &claim.address);
                let amount = self.f.claim(&claim.address).map_or(0, |c| c.amount);
                self.send(vec![redeem], claimant, history, move |model, _| {
                    model.vault -= amount;
                });
            }
            Step::Close(c) => {
                let Some(claim) = self.model.claims.get(c).cloned() else {
                    return;
                };
                let close = self.f.close_ix(&claim.address);
                let cranker = self.actors[0].insecure_clone();
                self.send(vec![close], cranker, history, |_, _| {});
            }
            _ => {
                let Some((ixs, signer)) = self.instructions(step) else {
                    return;
                };
                let wallet = self.actors[signer].insecure_clone();
                let key = wallet.pubkey();
                let base_before = self.f.base_balance(&key);
                let stake_before = self.f.stake_balance(&key);
                // whether the base vault could pay every counted claim before the step
                let covered_before = self.f.vault_balance() >= self.f.snapshot().pending_units[0];
                let predicted = match step {
                    Step::Buy(_, amount) => self.predicted_buy(amount).map(|m| (amount, m)),
                    Step::Sell(i, share) => {
                        let sold = self.sold(i, share);
                        Some((self.predicted_sale(sold), sold))
                    }
                    _ => None,
                };
                self.send(ixs, wallet, history, move |model, fz| {
                    let base_after = fz.f.base_balance(&key);
                    let stake_after = fz.f.stake_balance(&key);
                    match step {
                        Step::Buy(_, amount) => {
                            let (paid, minted) = predicted.unwrap_or((amount, 0));
                            assert_eq!(base_before - base_after, paid, "{step:?}: paid");
                            assert_eq!(stake_after - stake_before, minted, "{step:?}: minted");
                            model.vault += paid;
                        }
                        Step::Sell(..) => {
                            let (paid, sold) = predicted.unwrap_or((0, 0));
                            assert_eq!(base_after - base_before, paid, "{step:?}: paid out");
                            assert_eq!(stake_before - stake_after, sold, "{step:?}: burnt");
                            model.vault -= paid;
                            // a sale never strands a counted payout (decision 66)
                            let covered = fz.f.vault_balance() >= fz.f.snapshot().pending_units[0];
                            assert!(
                                !covered_before || covered,
                                "{step:?}: a sale stranded a payout"
                            );
                        }
                        Step::RoundTrip(..) => {
                            // the sale is priced on the capital the buy left: the round trip never gains
                            assert!(base_after <= base_before, "{step:?}: a round trip gained");
                            assert_eq!(stake_after, stake_before, "{step:?}: stake left over");
                            model.vault += base_before - base_after;
                        }
                        Step::Donate(_, amount) => model.vault += amount,
                        Step::CoverBuy(..) => {
                            model.vault += base_before - base_after;
                            let seq = fz.f.product(fz.product).next_cover_seq - 1;
                            model.covers.push((
                                mutual_sdk::cover::cover_address(fz.product, seq),
                                step_actor(step),
                            ));
                        }
                        Step::ClaimSubmit(c, _) => {
                            let (cover, owner) = model.covers[c];
                            let seq = fz.f.cover(&cover).map_or(1, |c| c.claim_count) - 1;
                            let address = pda::claim(&cover, seq).0;
                            model.claims.push(Filed {
                                address,
                                claimant: owner,
                            });
                        }
                        _ => {}
                    }
                });
            }
        }
    }

    /// Sends `ixs` signed by `signer`; on success applies `effect` to the model, on a refusal checks that it is
    /// named and that no account changed.
    fn send(
        &mut self,
        ixs: Vec<Instruction>,
        signer: Keypair,
        history: &[Step],
        effect: impl FnOnce(&mut Model, &Fuzz),
    ) {
        let named: Vec<Pubkey> = ixs
            .iter()
            .flat_map(|ix| ix.accounts.iter().map(|m| m.pubkey))
            .collect();
        let before = self.accounts(&named, &signer.pubkey());
        match self.f.try_send(&ixs, &[&signer]) {
            Ok(_) => {
                let mut model = std::mem::take(&mut self.model);
                effect(&mut model, self);
                self.model = model;
            }
            Err(error) => {
                self.report.refused += 1;
                self.report.checks += 1;
                assert!(
                    refusal_is_named(&error),
                    "{}: unnamed refusal {error}",
                    self.trace(history)
                );
                let after = self.accounts(&named, &signer.pubkey());
                assert!(
                    before == after,
                    "{}: a refused step changed accounts",
                    self.trace(history)
                );
            }
        }
    }

    /// The accounts a transaction names (the only ones it can change), but the fee payer's lamports: a refused
    /// transaction still pays its fee.
    fn accounts(&self, addresses: &[Pubkey], payer: &Pubkey) -> Vec<(Pubkey, u64, Vec<u8>)> {
        let accounts = self
            .f
            .chain
            .get_multiple_accounts(addresses)
            .expect("accounts");
        addresses
            .iter()
            .copied()
            .zip(accounts)
            .filter_map(|(address, account)| {
                let account = account?;
                let lamports = if address == *payer {
                    0
                } else {
                    account.lamports
                };
                Some((address, lamports, account.data))
            })
            .collect()
    }

    /// The invariants, to the unit.
    fn check_all(&mut self, history: &[Step]) {
        // the stake supply (every SUPPLY_EVERY steps, and at the end)
        if history.len().is_multiple_of(SUPPLY_EVERY) {
            self.check_supply(history);
        }
        let trace = || self.trace(history);
        // 1. the base vault is the model's ledger
        assert_eq!(
            self.f.vault_balance(),
            self.model.vault,
            "{}: base vault",
            trace()
        );

        // 3. the pending payouts are the open claims whose liability counts (accept leads with the quorum)
        let quorum = self.f.config().params.liability_quorum;
        let mut booked = 0u64;
        for filed in &self.model.claims {
            let Some(claim) = self.f.claim(&filed.address) else {
                continue;
            };
            let counts = claim.is_open() && claim.accept > claim.deny && claim.accept >= quorum;
            assert_eq!(
                claim.liability_booked,
                counts,
                "{}: liability of {}",
                trace(),
                filed.address
            );
            if counts {
                booked += claim.amount;
            }
        }
        let snapshot = self.f.snapshot();
        assert_eq!(
            snapshot.pending_units[0],
            booked,
            "{}: pending payouts",
            trace()
        );
        // 4. book value never 0 while capital exists
        assert!(
            snapshot.capital == 0 || snapshot.book_value > 0,
            "{}: book value 0",
            trace()
        );
        self.report.checks += 3;
    }

    /// The stake supply is the sum of every stake-token account's balance: a scan of every account the chain has
    /// seen.
    fn check_supply(&mut self, history: &[Step]) {
        let stake_mint = pda::stake_mint().0;
        let held: u64 = self.token_accounts_of(&stake_mint).iter().sum();
        assert_eq!(
            self.f.stake_supply(),
            held,
            "{}: stake supply",
            self.trace(history)
        );
        self.report.checks += 1;
    }

    /// The balances of every token account of `mint` the chain has seen.
    fn token_accounts_of(&self, mint: &Pubkey) -> Vec<u64> {
        let addresses = self.f.chain.touched_addresses().expect("addresses");
        let accounts = self
            .f
            .chain
            .get_multiple_accounts(&addresses)
            .expect("accounts");
        accounts
            .into_iter()
            .flatten()
            .filter(|a| {
                a.owner == anchor_spl::token_2022::ID
                    && a.data.len() >= 72
                    && a.data[..32] == mint.to_bytes()
            })
            .map(|a| u64::from_le_bytes(a.data[64..72].try_into().unwrap_or([0; 8])))
            .collect()
    }

    fn trace(&self, history: &[Step]) -> String {
        format!("fuzz failed after {} steps: {history:?}", history.len())
    }
}

fn step_actor(step: Step) -> usize {
    match step {
        Step::Join(i)
        | Step::Leave(i)
        | Step::Buy(i, _)
        | Step::Sell(i, _)
        | Step::RoundTrip(i, _)
        | Step::Donate(i, _)
        | Step::CoverBuy(i, ..) => i,
        _ => 0,
    }
}

/// A refusal is named: an error of the program, or of the token program it called.
fn refusal_is_named(error: &SdkError) -> bool {
    error.custom_code().is_some() || matches!(error, SdkError::Transaction { .. })
}
