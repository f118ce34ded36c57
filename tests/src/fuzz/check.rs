//! The invariants, to the base unit: after every step (`check_all`), after every step that landed
//! (`check_step`), and over the whole chain every `SCAN_EVERY` steps (`check_supply_scan`).
use super::model::{self, Position};
use super::{Balances, Fuzz, Step, PRODUCTS, SCAN_EVERY};
use anchor_lang::AccountDeserialize;
use mutual::math::periods::{booking_tranche, expiry_bucket};
use mutual::state::{Claim, Cover, Pool, PoolProduct, StakePosition};
use mutual_sdk::{pda, Pubkey, Signer, Transport};

impl Fuzz {
    /// Every invariant that holds between steps.
    pub(super) fn check_all(&mut self, history: &[Step]) {
        // the whole-chain scan, amortised: at most a tenth of an account read per step as the chain grows
        let touched = self.f.chain.touched_len().expect("touched");
        if history.len() >= self.last_scan + SCAN_EVERY.max(touched / 10) {
            self.check_supply_scan(history);
            self.last_scan = history.len();
        }
        let trace = || trace(history);
        let b = self.balances();
        let m = &self.model;
        // every vault is its ledger
        assert_eq!(b.vault, m.vault, "{}: base vault", trace());
        assert_eq!(b.sol_vault, m.sol_vault, "{}: wrapped-SOL vault", trace());
        assert_eq!(b.pool_vaults, m.pool_vaults, "{}: pool vaults", trace());
        assert_eq!(
            b.assessment_vault,
            m.assessment_vault,
            "{}: assessment vault",
            trace()
        );
        assert_eq!(b.treasury_lamports, m.treasury, "{}: treasury", trace());
        // the supply is every holder's balance
        assert_eq!(
            b.supply,
            b.followed_stake() + m.unfollowed_stake,
            "{}: stake supply",
            trace()
        );
        // book value is never 0 while capital exists
        assert!(
            b.snapshot.capital == 0 || b.snapshot.book_value > 0,
            "{}: book value 0",
            trace()
        );
        self.check_claims(&b, history);
        self.check_pools(history);
        let config = self.f.config();
        assert!(config.invariant().is_ok(), "{}: config invariant", trace());
        self.report.checks += 10;
    }

    /// The pending payouts of each asset are the amounts of the open claims whose liability counts (accept
    /// leads with the quorum, decision 56), and each open claim keeps its invariant.
    fn check_claims(&mut self, b: &Balances, history: &[Step]) {
        let addresses: Vec<Pubkey> = self.model.open_claims().map(|c| c.address).collect();
        let accounts = self
            .f
            .chain
            .get_multiple_accounts(&addresses)
            .expect("claims");
        let mut booked = [0u64; 8];
        for (address, account) in addresses.iter().zip(accounts) {
            let account = account.expect("a claim the model holds open exists");
            let claim = Claim::try_deserialize(&mut account.data.as_slice()).expect("a claim");
            assert!(
                claim.invariant().is_ok(),
                "{}: claim invariant of {address}",
                trace(history)
            );
            // the quorum as it was at filing
            let counts =
                claim.is_open() && claim.accept > claim.deny && claim.accept >= claim.quorum;
            assert_eq!(
                claim.liability_booked,
                counts,
                "{}: liability of {address}",
                trace(history)
            );
            if counts {
                booked[usize::from(claim.asset_index)] += claim.amount;
            }
            if !claim.is_open() {
                if let Some(filed) = self.model.claims.iter_mut().find(|c| c.address == *address) {
                    filed.open = false;
                }
            }
            self.report.checks += 3;
        }
        assert_eq!(
            b.snapshot.pending_units,
            booked,
            "{}: pending payouts",
            trace(history)
        );
    }

    /// Every pool keeps its invariant, and each active tranche's shares are the sum of its positions' shares.
    fn check_pools(&mut self, history: &[Step]) {
        for (p, id) in self.pools.clone().into_iter().enumerate() {
            let pool = self.f.pool(id);
            assert!(
                pool.invariant().is_ok(),
                "{}: pool {id} invariant",
                trace(history)
            );
            let first = pool.first_active_tranche;
            let positions: Vec<Position> = self
                .model
                .positions
                .iter()
                .copied()
                .filter(|(q, t, _)| *q == p && *t >= first && *t < first + 8)
                .collect();
            let addresses: Vec<Pubkey> = positions
                .iter()
                .map(|(_, t, owner)| {
                    pda::stake_position(&pda::pool(id).0, *t, &self.actors[*owner].pubkey()).0
                })
                .collect();
            let accounts = self
                .f
                .chain
                .get_multiple_accounts(&addresses)
                .expect("positions");
            let mut sums = [(0u128, 0u128); 8];
            for ((_, t, _), account) in positions.iter().zip(accounts) {
                let Some(account) = account else { continue };
                let Ok(position) = StakePosition::try_deserialize(&mut account.data.as_slice())
                else {
                    continue;
                };
                let slot = (*t % 8) as usize;
                sums[slot].0 += position.stake_shares;
                sums[slot].1 += position.reward_shares + position.fee_shares;
            }
            for (slot, shares) in pool.tranches.iter().enumerate() {
                assert_eq!(
                    (
                        shares.stake_shares,
                        shares.reward_shares + shares.fee_shares
                    ),
                    sums[slot],
                    "{}: pool {id} slot {slot}: shares against its positions",
                    trace(history)
                );
            }
            self.report.checks += 2;
        }
    }

    /// What a step that landed may have changed: book value only where the spec moves it, and a cover's
    /// allocations within its pools' capacity.
    pub(super) fn check_step(&mut self, step: Step, named: &[Pubkey], b: &Balances, a: &Balances) {
        let (before, after) = (b.snapshot.book_value, a.snapshot.book_value);
        match step {
            // trades and premiums only ever add to what a token is worth: the spec's book value (base vault per
            // whole token) with nothing but the base asset
            Step::Buy(..)
            | Step::Sell(..)
            | Step::RoundTrip(..)
            | Step::CoverBuy(..)
            | Step::BrokerBuy(..)
            | Step::CoverEdit(..)
            | Step::CoverRenew(..)
            | Step::AutoRenewCrank(..)
                if self.trades_exact(b) && self.trades_exact(a) =>
            {
                let (before, after) = (
                    model::book_value(b.vault, b.supply),
                    model::book_value(a.vault, a.supply),
                );
                assert!(
                    after >= before,
                    "{step:?}: book value fell {before} → {after}"
                );
            }
            // moves no value: book value stays
            Step::Join(_)
            | Step::Deposit(..)
            | Step::Extend(..)
            | Step::PositionTransfer(..)
            | Step::CoverTransfer(..)
            | Step::AutoRenewSet(..)
            | Step::AutoRenewCancel(_)
            | Step::ClaimSubmit(..)
            | Step::Vote(..)
            | Step::Commit(..)
            | Step::Reveal(..)
            | Step::ParamsPropose(..)
            | Step::Pause(_)
            | Step::Unpause(_)
            | Step::ManagerPrice(..)
            | Step::PoolFee(..) => {
                assert_eq!(after, before, "{step:?}: book value moved");
            }
            _ => {}
        }
        self.report.checks += 1;
        // dust moves no price (issue 25, 5): a cover of at most DUST (one allocation unit) raises no listing
        // above the price it had, but by what one unit of its free capacity bumps (PROTOCOL.md §6, rounded down)
        if let Step::CoverBuy(_, _, _, amount, ..) | Step::CoverEdit(_, amount, ..) = step {
            if amount <= DUST {
                self.check_dust(step, b, a);
            }
        }
        let cover = match step {
            Step::CoverBuy(..) | Step::BrokerBuy(..) => self.model.covers.last().cloned(),
            Step::CoverEdit(c, ..) | Step::CoverRenew(c, _) | Step::AutoRenewCrank(c, _) => {
                self.model.covers.get(c).cloned()
            }
            _ => None,
        };
        if let Some(made) = cover {
            self.check_capacity(step, &made.address);
        }
        // every cover the step named keeps its invariant
        let accounts = self.f.chain.get_multiple_accounts(named).expect("named");
        for account in accounts.into_iter().flatten() {
            if account.owner != mutual::ID || account.data.len() < Cover::SIZE {
                continue;
            }
            if let Ok(cover) = Cover::try_deserialize(&mut account.data.as_slice()) {
                assert!(cover.invariant().is_ok(), "{step:?}: cover invariant");
                self.report.checks += 1;
            }
        }
    }

    /// A dust step raised no listing's stored price above its price before the step (decayed, at least the
    /// product's minimum), but by ⌊price_bump / (free capacity before)⌋ for the one unit it took.
    fn check_dust(&mut self, step: Step, b: &Balances, a: &Balances) {
        let params = self.f.config().params;
        let now = self.f.now();
        let made = match step {
            Step::CoverEdit(c, ..) => self.model.covers.get(c),
            _ => self.model.covers.last(),
        };
        let Some(cover) = made.and_then(|m| self.f.cover(&m.address)) else {
            return;
        };
        let end = cover.start + i64::from(cover.period) + i64::from(cover.grace);
        let bucket = expiry_bucket(end).expect("bucket");
        let listings = b.listings.iter().zip(&a.listings).enumerate();
        for (k, (before, after)) in listings {
            let (Some(before), Some(after)) = (before, after) else {
                continue;
            };
            let product = self.f.product(self.products[k % PRODUCTS]);
            let was = before
                .price_now(params.price_decay_per_day, product.terms.min_price, now)
                .expect("price")
                .get();
            let is = after.bumped_price.get();
            if is <= was.max(before.bumped_price.get()) {
                continue;
            }
            let pool = self.f.pool(self.pools[k / PRODUCTS]);
            let free = after
                .capacity(
                    &pool,
                    params.capacity_ratio,
                    product.terms.capacity_reduction,
                    bucket,
                    now,
                )
                .expect("capacity")
                .free;
            let one_unit = params.price_bump.get() / (free + 1);
            assert!(
                is <= was + one_unit,
                "{step:?}: dust bumped listing {k} {was} → {is} (free {free})"
            );
            self.report.checks += 1;
        }
    }

    /// After a cover is placed: in each of its pools, the allocations booked in any tranche from the first
    /// active one up to the cover's fit the capacity of the stake from that tranche on (PROTOCOL.md §6).
    fn check_capacity(&mut self, step: Step, address: &Pubkey) {
        let Some(cover) = self.f.cover(address) else {
            return;
        };
        let end = cover.start + i64::from(cover.period) + i64::from(cover.grace);
        let booked = booking_tranche(expiry_bucket(end).expect("bucket")).expect("tranche");
        let product = self.f.product(self.products[self.model_product(address)]);
        for allocation in &cover.allocations[..usize::from(cover.pool_count)] {
            let pool = self.f.pool(allocation.pool_id);
            let listing = listing(&self.f, allocation.pool_id, &product);
            let first = pool.first_active_tranche;
            let through = booked.saturating_sub(first).min(7) as usize;
            let (stakes, allocations) = in_tranche_order(&pool, &listing);
            assert!(
                model::allocations_fit(
                    &stakes,
                    &allocations,
                    cover.capacity_ratio.get(),
                    product.terms.capacity_reduction.get(),
                    listing.target_weight,
                    through,
                ),
                "{step:?}: pool {} over capacity: stakes {stakes:?}, allocations {allocations:?}",
                allocation.pool_id
            );
            self.report.checks += 1;
        }
    }

    fn model_product(&self, address: &Pubkey) -> usize {
        self.model
            .covers
            .iter()
            .find(|c| c.address == *address)
            .map_or(0, |c| c.product)
    }

    /// The stake supply is the sum of every stake-token account's balance: a scan of every account the chain has
    /// seen.
    pub(super) fn check_supply_scan(&mut self, history: &[Step]) {
        let stake_mint = pda::stake_mint().0;
        let addresses = self.f.chain.touched_addresses().expect("addresses");
        let accounts = self
            .f
            .chain
            .get_multiple_accounts(&addresses)
            .expect("accounts");
        let held: u64 = accounts
            .into_iter()
            .flatten()
            .filter(|a| {
                a.owner == anchor_spl::token_2022::ID
                    && a.data.len() >= 72
                    && a.data[..32] == stake_mint.to_bytes()
            })
            .map(|a| super::le_u64(&a.data[64..72]))
            .sum();
        assert_eq!(
            self.f.stake_supply(),
            held,
            "{}: stake supply against every account",
            trace(history)
        );
        self.report.checks += 1;
    }
}

/// A cover this small (0.001 USDC) takes less than one allocation unit: it may not move a price.
const DUST: u64 = 1_000;

fn listing(f: &crate::TestFixture, pool_id: u32, product: &mutual::state::Product) -> PoolProduct {
    let pool = pda::pool(pool_id).0;
    let product_address = pda::product(product.id).0;
    let address = pda::pool_product(&pool, &product_address).0;
    let account = f.account(&address);
    PoolProduct::try_deserialize(&mut account.data.as_slice()).expect("listing")
}

/// A pool's tranche stakes (one pool-wide stake per share, rounded down) and a listing's allocations, from the
/// first active tranche on.
fn in_tranche_order(pool: &Pool, listing: &PoolProduct) -> ([u64; 8], [u64; 8]) {
    let first = pool.first_active_tranche as usize;
    let stake_of = |shares: u128| {
        (shares * u128::from(pool.active_stake))
            .checked_div(pool.stake_share_supply)
            .map_or(0, |stake| u64::try_from(stake).unwrap_or(u64::MAX))
    };
    let stakes = std::array::from_fn(|k| stake_of(pool.tranches[(first + k) % 8].stake_shares));
    let allocations = std::array::from_fn(|k| u64::from(listing.allocations[(first + k) % 8]));
    (stakes, allocations)
}

fn trace(history: &[Step]) -> String {
    format!("fuzz failed after {} steps: {history:?}", history.len())
}
