//! The whole-protocol adversarial stateful fuzz (issue 27, docs/testing.md): seeded sequences of steps by
//! adversarial actors against the embedded chain, a reference model of what each step moves, and invariants
//! checked after every step, to the base unit.
//!
//! A run: `Fuzz::new(seed).run(steps)`. A failure panics with the seed, the step sequence shrunk to what still
//! fails, and a test to paste into `tests/tests/fuzz_regressions.rs` (`Fuzz::replay`).
mod apply;
mod check;
pub mod model;
pub mod rng;
pub mod step;
pub mod year;

use crate::*;
use anchor_lang::AccountDeserialize;
use model::{Made, Model};
use mutual::state::{CapitalSnapshot, PoolProduct};
use mutual_sdk::{ix, pda, Keypair, Pubkey, Signer, Transport};
pub use rng::Rng;
pub use step::Step;
pub use year::Year;

/// Actors: members who trade, stake, buy cover and file claims (all but the last join at setup; actor 3 is a
/// broker, actor 4 takes its commissions).
pub const ACTORS: usize = 6;
/// Assessors, by stake in whole tokens: the quorum exactly, a tiny one, a large one, and the fraudster (the only
/// one the authority flags: a flag is for ever).
pub const ASSESSOR_TOKENS: [u64; 4] = [100, 1, 300, 50];
pub const FRAUDSTER: usize = 3;
pub const ASSESSORS: usize = ASSESSOR_TOKENS.len();
pub const POOLS: usize = 3;
/// Every pool, as a pool set (`model::pool_set`).
pub const ALL_POOLS: usize = (1 << POOLS) - 1;
/// Product 0 covers in USDC and wrapped SOL with open votes; product 1 in USDC with commit-reveal votes.
pub const PRODUCTS: usize = 2;
pub const BROKER: usize = 3;
pub const BROKER_TREASURY: usize = 4;
const FUNDING: u64 = 200_000 * USDC;
const WRAPPED: u64 = 200 * SOL;
/// How often (at least) the supply is reconciled with every stake-token account the chain has: a scan of the whole
/// chain, spaced out as it grows so that its cost per step stays flat; the per-step check follows every holder the
/// fuzz made.
const SCAN_EVERY: usize = 500;

/// What a run did.
#[derive(Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub steps: u64,
    pub checks: u64,
    pub refused: u64,
}

impl Report {
    pub fn add(&mut self, other: Report) {
        self.steps += other.steps;
        self.checks += other.checks;
        self.refused += other.refused;
    }

    /// The one line every fuzz test prints.
    pub fn line(&self) -> String {
        format!(
            "fuzz: {} steps, {} invariant checks, {} refused",
            self.steps, self.checks, self.refused
        )
    }
}

/// Per kind of step: (taken, refused).
pub type Coverage = std::collections::BTreeMap<String, (u64, u64)>;

/// A run's outcome: its report, its coverage, and the time its steps took (the setup left out).
pub struct Run {
    pub report: Report,
    pub coverage: Coverage,
    pub stepping: std::time::Duration,
}

/// The balances the model follows, read in one call before and after every step.
#[derive(Clone, Debug)]
pub struct Balances {
    pub vault: u64,
    pub sol_vault: u64,
    pub pool_vaults: [u64; POOLS],
    pub assessment_vault: u64,
    pub treasury_lamports: u64,
    pub supply: u64,
    /// Per actor: USDC and wrapped SOL.
    pub base: Vec<u64>,
    pub wsol: Vec<u64>,
    /// Stake of actors, then assessors, then pool managers.
    pub stake: Vec<u64>,
    /// Each listing, pool by pool, product by product.
    pub listings: Vec<Option<PoolProduct>>,
    pub snapshot: CapitalSnapshot,
}

impl Balances {
    pub fn actor_stake(&self, i: usize) -> u64 {
        self.stake[i]
    }

    pub fn assessor_stake(&self, a: usize) -> u64 {
        self.stake[ACTORS + a]
    }

    /// Stake held by every holder the fuzz follows.
    pub fn followed_stake(&self) -> u64 {
        self.stake.iter().sum::<u64>()
            + self.pool_vaults.iter().sum::<u64>()
            + self.assessment_vault
    }
}

/// The fuzz: a fixture, its actors, the model and the generator.
pub struct Fuzz {
    pub f: TestFixture,
    actors: Vec<Keypair>,
    assessors: Vec<Keypair>,
    managers: Vec<Keypair>,
    pools: Vec<u32>,
    products: Vec<u32>,
    model: Model,
    rng: Rng,
    report: Report,
    /// The addresses `Balances` reads, in its order.
    followed: Vec<Pubkey>,
    /// Steps a strategy laid out and not yet taken.
    plan: std::collections::VecDeque<Step>,
    /// The SOL price last published, in dollars.
    sol_dollars: u16,
    /// Per kind of step: how many were taken, and how many of those the chain refused.
    pub coverage: Coverage,
    /// The step of the last whole-chain scan.
    last_scan: usize,
    /// Why the chain refused, per kind of step ("Kind: ErrorName").
    pub reasons: std::collections::BTreeMap<String, u64>,
}

impl Fuzz {
    /// A bootstrapped protocol with wrapped SOL registered, two products on three pools staked by the actors,
    /// six funded actors and three assessors staked before any claim.
    pub fn new(seed: u64) -> Self {
        let f = TestFixture::bootstrapped_seeded(seed);
        let donor = f.new_wallet(10);
        f.with_wrapped_sol(&donor, 0);
        let mut open = sample_terms("Fuzz open");
        open.cover_assets = 0b11;
        let mut hidden = sample_terms("Fuzz hidden");
        hidden.commit_reveal = true;
        let products = vec![f.create_product(open), f.create_product(hidden)];
        let actors: Vec<Keypair> = (0..ACTORS)
            .map(|i| {
                let wallet = if i < ACTORS - 1 {
                    f.with_member()
                } else {
                    f.new_wallet(1)
                };
                f.chain
                    .airdrop(&wallet.pubkey(), WRAPPED + 10 * SOL)
                    .expect("airdrop");
                f.faucet(&wallet.pubkey(), FUNDING);
                f.wrap_sol(&wallet, WRAPPED);
                wallet
            })
            .collect();
        let deployer = f.deployer().insecure_clone();
        f.send_ok(
            &[ix::member_set_broker(
                &deployer.pubkey(),
                &actors[BROKER].pubkey(),
                true,
            )],
            &[&deployer],
        );
        let mut managers = Vec::new();
        let mut pools = Vec::new();
        for (weight, price) in [(100, 300), (60, 400), (40, 250)] {
            let (manager, pool) = f.with_pool();
            f.list_product(&manager, pool, products[0], weight, price);
            f.list_product(&manager, pool, products[1], 50, price);
            managers.push(manager);
            pools.push(pool);
        }
        let assessors = ASSESSOR_TOKENS
            .iter()
            .map(|t| f.with_assessor(*t))
            .collect();
        let mut model = Model::default();
        // the first three actors back the pools, in the last active tranche
        let tranche = f.current_tranche() + 7;
        for (p, pool) in pools.iter().enumerate() {
            let staker = &actors[p];
            f.buy_stake(staker, 40_000 * USDC);
            f.stake(staker, *pool, tranche, 30_000 * STAKE);
            model.put_in((p, tranche, p), 30_000 * STAKE);
        }
        let mut fuzz = Fuzz {
            f,
            actors,
            assessors,
            managers,
            pools,
            products,
            model,
            rng: Rng::new(seed),
            report: Report::default(),
            followed: Vec::new(),
            plan: Default::default(),
            sol_dollars: 150,
            coverage: Default::default(),
            reasons: Default::default(),
            last_scan: 0,
        };
        fuzz.followed = fuzz.followed_addresses();
        let b = fuzz.balances();
        fuzz.model.vault = b.vault;
        fuzz.model.sol_vault = b.sol_vault;
        fuzz.model.pool_vaults = b.pool_vaults;
        fuzz.model.assessment_vault = b.assessment_vault;
        fuzz.model.treasury = b.treasury_lamports;
        fuzz.model.unfollowed_stake = b.supply - b.followed_stake();
        fuzz
    }

    /// Runs `steps` steps from the seed, checking every invariant after each; on a violation, shrinks the
    /// sequence and panics with it and a regression test.
    pub fn run(seed: u64, steps: u64) -> Report {
        Self::run_with_coverage(seed, steps).report
    }

    /// `run`, with how many steps of each kind were taken and refused.
    pub fn run_with_coverage(seed: u64, steps: u64) -> Run {
        Self::run_on(Fuzz::new(seed), seed, steps)
    }

    /// `run` on a chain that already holds `ballast` other accounts (each named by a transaction, as users'
    /// accounts are): the per-step cost must not grow with them.
    pub fn run_with_ballast(seed: u64, steps: u64, ballast: u64) -> Run {
        let fuzz = Fuzz::new(seed);
        let lamports = fuzz.f.rent(0);
        for _ in 0..ballast {
            // random addresses, as users' are: the bank's account maps hash only part of a key
            let address = fuzz.f.new_keypair().pubkey();
            fuzz.f.chain.set_account(
                &address,
                solana_account::Account {
                    lamports,
                    ..Default::default()
                },
            );
            fuzz.f.chain.remember([address]).expect("remember");
        }
        Self::run_on(fuzz, seed, steps)
    }

    fn run_on(mut fuzz: Fuzz, seed: u64, steps: u64) -> Run {
        let mut history = Vec::new();
        let started = std::time::Instant::now();
        let mut stepping = std::time::Duration::ZERO;
        let outcome = quietly(|| {
            fuzz.check_all(&history);
            while (history.len() as u64) < steps {
                let step = fuzz.next_step();
                history.push(step);
                let _ = fuzz.take(step);
                fuzz.check_all(&history);
                fuzz.report.steps += 1;
            }
            // the steps' time, without the last whole-chain scan (its own cost is the chain's size)
            stepping = started.elapsed();
            fuzz.check_supply_scan(&history);
        });
        match outcome {
            Ok(()) => {
                if std::env::var_os("FUZZ_REASONS").is_some() {
                    for (reason, count) in &fuzz.reasons {
                        println!("{count:>6} {reason}");
                    }
                }
                Run {
                    report: fuzz.report,
                    coverage: fuzz.coverage,
                    stepping,
                }
            }
            Err(message) => fail(seed, history, message),
        }
    }

    /// Replays `steps` on a fresh setup with every check: a regression test's body.
    pub fn replay(steps: &[Step]) -> Report {
        let mut fuzz = Fuzz::new(0);
        let mut history = Vec::new();
        fuzz.check_all(&history);
        for step in steps {
            history.push(*step);
            let _ = fuzz.take(*step);
            fuzz.check_all(&history);
            fuzz.report.steps += 1;
        }
        fuzz.check_supply_scan(&history);
        fuzz.report
    }

    fn next_step(&mut self) -> Step {
        if self.plan.is_empty() {
            let steps = step::next_steps(&mut self.rng, &self.model);
            self.plan.extend(steps);
        }
        self.plan.pop_front().unwrap_or(Step::Refresh)
    }

    /// The addresses `balances` reads.
    fn followed_addresses(&self) -> Vec<Pubkey> {
        let d = self.f.deployment();
        let wsol = anchor_spl::token::spl_token::native_mint::ID;
        let mut addresses = vec![
            d.base_vault,
            pda::asset_vault(&wsol).0,
            pda::assessment_vault().0,
            pda::treasury().0,
            pda::stake_mint().0,
            pda::capital_snapshot().0,
        ];
        addresses.extend(
            self.pools
                .iter()
                .map(|p| pda::pool_vault(&pda::pool(*p).0).0),
        );
        for actor in &self.actors {
            addresses.push(d.base_account(&actor.pubkey()));
            addresses.push(pda::associated_token(
                &actor.pubkey(),
                &wsol,
                &anchor_spl::token::spl_token::ID,
            ));
        }
        let holders = self
            .actors
            .iter()
            .chain(&self.assessors)
            .chain(&self.managers);
        addresses.extend(holders.map(|h| pda::stake_account(&h.pubkey())));
        for pool in &self.pools {
            for product in &self.products {
                let (pool, product) = (pda::pool(*pool).0, pda::product(*product).0);
                addresses.push(pda::pool_product(&pool, &product).0);
            }
        }
        addresses
    }

    /// Every balance the model follows, in one read.
    pub fn balances(&self) -> Balances {
        let accounts = self
            .f
            .chain
            .get_multiple_accounts(&self.followed)
            .expect("accounts");
        let token = |i: usize| {
            accounts[i]
                .as_ref()
                .filter(|a| a.data.len() >= 72)
                .map_or(0, |a| le_u64(&a.data[64..72]))
        };
        let supply = accounts[4].as_ref().map_or(0, |a| le_u64(&a.data[36..44]));
        let snapshot = accounts[5]
            .as_ref()
            .and_then(|a| CapitalSnapshot::try_deserialize(&mut a.data.as_slice()).ok())
            .expect("snapshot");
        let actors_at = 6 + POOLS;
        let holders_at = actors_at + 2 * ACTORS;
        let listings_at = self.followed.len() - POOLS * PRODUCTS;
        Balances {
            vault: token(0),
            sol_vault: token(1),
            pool_vaults: std::array::from_fn(|p| token(6 + p)),
            assessment_vault: token(2),
            treasury_lamports: accounts[3].as_ref().map_or(0, |a| a.lamports),
            supply,
            base: (0..ACTORS).map(|i| token(actors_at + 2 * i)).collect(),
            wsol: (0..ACTORS).map(|i| token(actors_at + 2 * i + 1)).collect(),
            stake: (holders_at..listings_at).map(token).collect(),
            listings: accounts[listings_at..]
                .iter()
                .map(|a| {
                    a.as_ref()
                        .and_then(|a| PoolProduct::try_deserialize(&mut a.data.as_slice()).ok())
                })
                .collect(),
            snapshot,
        }
    }

    fn cover(&self, c: usize) -> Option<Made> {
        self.model.covers.get(c).cloned()
    }

    /// The pool ids of a pool set.
    fn pool_ids(&self, set: usize) -> Vec<u32> {
        let set = model::pool_set(set);
        (0..POOLS)
            .filter(|p| set & (1 << p) != 0)
            .map(|p| self.pools[p])
            .collect()
    }
}

fn le_u64(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes.try_into().unwrap_or([0; 8]))
}

/// Runs `body`, turning a panic into its message; the panic hook is silenced meanwhile so that a failing run
/// prints its shrunk report once.
fn quietly(body: impl FnOnce()) -> Result<(), String> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(body));
    std::panic::set_hook(hook);
    outcome.map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "a panic".into())
    })
}

/// Whether replaying `steps` on a fresh setup still fails.
fn still_fails(steps: &[Step]) -> Option<String> {
    quietly(|| {
        Fuzz::replay(steps);
    })
    .err()
}

/// What a failure says, without the step, the amounts or the trace: "a round trip gained", "base vault". A
/// shrink keeps only candidates that fail the same way, so that it does not wander to another failure.
fn failure_kind(message: &str) -> String {
    let after = match (message.find("): "), message.rfind("]: ")) {
        (_, Some(at)) => &message[at + 3..],
        (Some(at), None) => &message[at + 3..],
        (None, None) => message,
    };
    after
        .chars()
        .take_while(|c| !c.is_ascii_digit() && !matches!(c, '(' | '\n'))
        .collect::<String>()
        .trim()
        .to_string()
}

/// Shrinks a failing sequence (dropping chunks, then single steps, while it still fails; at most
/// `SHRINK_REPLAYS` replays) and panics with the seed, the shrunk steps and a regression test to paste.
fn fail(seed: u64, history: Vec<Step>, message: String) -> ! {
    const SHRINK_REPLAYS: usize = 150;
    let mut steps = history.clone();
    let mut last = message.clone();
    let kind = failure_kind(&message);
    let mut replays = 0;
    let mut chunk = steps.len().div_ceil(2).max(1);
    while chunk >= 1 && replays < SHRINK_REPLAYS {
        let mut start = 0;
        while start < steps.len() && replays < SHRINK_REPLAYS {
            let mut candidate = steps.clone();
            candidate.drain(start..(start + chunk).min(steps.len()));
            replays += 1;
            match still_fails(&candidate) {
                Some(m) if !candidate.is_empty() && failure_kind(&m) == kind => {
                    steps = candidate;
                    last = m;
                }
                _ => start += chunk,
            }
        }
        if chunk == 1 {
            break;
        }
        chunk /= 2;
    }
    let listing: Vec<String> = steps.iter().map(|s| format!("        {s:?},")).collect();
    panic!(
        "fuzz seed {seed} failed after {} steps: {message}\n\
         shrunk to {} steps ({replays} replays), failing with: {last}\n\
         regression test for tests/tests/fuzz_regressions.rs:\n\n\
         #[test]\nfn fuzz_regression_seed_{seed}() {{\n    Fuzz::replay(&[\n{}\n    ]);\n}}\n",
        history.len(),
        steps.len(),
        listing.join("\n"),
    )
}
