//! The reference model kept beside the chain: ledgers of every vault, what the actors made (covers, claims,
//! votes, positions), and the spec's formulas (PROTOCOL.md §7, §12) for what a trade moves and what rewards and
//! capacity may be. It is written from the spec, not by calling the program's math.
use super::{ALL_POOLS, POOLS};
use mutual_sdk::Pubkey;
use std::collections::BTreeMap;

/// A set of the setup's pools, as a bit mask (bit p: pool p); 0 is taken as pool 0 alone, as a client would
/// refuse an empty set.
pub fn pool_set(mask: usize) -> usize {
    match mask & ALL_POOLS {
        0 => 1,
        set => set,
    }
}

/// A segment of a cover: from when it is in force, over which pools, and the capacity ratio (bps) in force when it
/// was bought, which its claims' burns are priced at (decision 58).
#[derive(Clone, Copy, Debug)]
pub struct Segment {
    pub start: i64,
    pub pools: usize,
    pub capacity_ratio: u64,
}

/// A cover the model follows.
#[derive(Clone, Debug)]
pub struct Made {
    pub address: Pubkey,
    pub product: usize,
    pub seq: u64,
    pub sol: bool,
    /// Its segments, in order (a renewal's starts at the old end); never empty.
    pub segments: Vec<Segment>,
}

impl Made {
    /// The pools it was last placed on (`pool_set`): the last segment's.
    pub fn pools(&self) -> usize {
        self.segments[self.segments.len() - 1].pools
    }

    /// The segment in force at `now`: the latest that has started (a claim concerns it).
    pub fn segment_at(&self, now: i64) -> Segment {
        let last = self.segments[self.segments.len() - 1];
        self.segments
            .iter()
            .rev()
            .find(|s| s.start <= now)
            .copied()
            .unwrap_or(last)
    }
}

/// A claim the model follows.
#[derive(Clone, Debug)]
pub struct Filed {
    pub address: Pubkey,
    pub cover: usize,
    pub claimant: usize,
    pub amount: u64,
    pub sol: bool,
    /// The segment it concerns: its pools are the only ones its payout may burn, at its capacity ratio.
    pub segment: Segment,
    /// The deposit (lamports) it was filed with: the treasury's when it is denied or lapses.
    pub deposit: u64,
    /// Still open as far as the model knows: it is dropped from the per-step checks once closed or paid.
    pub open: bool,
    /// The assessors who voted on it, and how (a committed vote's choice, to reveal).
    pub votes: Vec<(usize, bool)>,
}

/// A stake position: (pool index, tranche, owner actor).
pub type Position = (usize, u32, usize);

/// What the chain should hold, step by step.
#[derive(Default, Debug)]
pub struct Model {
    /// The base vault, the wrapped-SOL vault, each pool's stake vault and the assessment vault, as their ledgers
    /// have them.
    pub vault: u64,
    pub sol_vault: u64,
    pub pool_vaults: [u64; POOLS],
    pub assessment_vault: u64,
    pub covers: Vec<Made>,
    pub claims: Vec<Filed>,
    pub positions: Vec<Position>,
    /// Per position: the stake its owners put in. A withdrawal takes at most that and the rewards its pool has
    /// not paid out yet (rewards stream to whoever stakes while they stream, so a late deposit earns earlier
    /// premiums): a stake-then-withdraw round trip gains only premiums.
    pub basis: BTreeMap<Position, u64>,
    /// The rewards each pool's vault received, and what withdrawals took above their stake.
    pub rewards: [u64; POOLS],
    pub rewards_paid: [u64; POOLS],
    /// The treasury's lamports: join fees and forfeited deposits in, sweeps out.
    pub treasury: u64,
    /// Stake held by wallets the fuzz does not follow (the bootstrap's): constant.
    pub unfollowed_stake: u64,
    /// What premiums brought into the base vault, what payouts took from it, and the stake their burns took.
    pub premiums: u64,
    pub payouts: u64,
    pub burnt: u64,
}

impl Model {
    pub fn open_claims(&self) -> impl Iterator<Item = &Filed> {
        self.claims.iter().filter(|c| c.open)
    }

    /// `stake` put into a position: a deposit, or a whole position moved onto it (an extension, a transfer).
    pub fn put_in(&mut self, position: Position, stake: u64) {
        if !self.positions.contains(&position) {
            self.positions.push(position);
        }
        *self.basis.entry(position).or_default() += stake;
    }

    /// A whole position taken out (withdrawn, extended or transferred): the stake put into it.
    pub fn take_out(&mut self, position: Position) -> u64 {
        self.basis.remove(&position).unwrap_or(0)
    }

    /// The most a position may withdraw: the stake put in and the rewards its pool has not paid out.
    pub fn withdrawable_at_most(&self, position: Position) -> u64 {
        let unpaid = self.rewards[position.0] - self.rewards_paid[position.0];
        self.basis.get(&position).map_or(0, |stake| stake + unpaid)
    }

    /// A position withdrew `got`: what is above its stake was paid from its pool's rewards.
    pub fn withdrawn(&mut self, position: Position, got: u64) {
        let stake = self.take_out(position);
        self.rewards_paid[position.0] += got.saturating_sub(stake);
    }
}

/// Stake `token_buy(amount)` mints, by the spec (PROTOCOL.md §7): ⌊⌊amount · supply / capital⌋ / 1.01⌋, capital
/// gross of pending payouts; `None` when the buy would be refused (no capital, or nothing minted).
pub fn buy_mints(amount: u64, capital: u64, supply: u64) -> Option<u64> {
    if capital == 0 {
        return None;
    }
    let at_book = u128::from(amount) * u128::from(supply) / u128::from(capital);
    let minted = u64::try_from(at_book * 10_000 / 10_100).ok()?;
    (minted > 0).then_some(minted)
}

/// Base paid for selling `stake`, by the spec: ⌊⌊stake · (capital − pending) / supply⌋ · 0.99⌋.
pub fn sale_pays(stake: u64, capital: u64, pending: u64, supply: u64) -> u64 {
    let net = capital.saturating_sub(pending);
    let at_book = u128::from(stake) * u128::from(net) / u128::from(supply.max(1));
    u64::try_from(at_book * 9_900 / 10_000).unwrap_or(0)
}

/// Book value by the spec (PROTOCOL.md §7) with the base asset alone: capital (gross of pending payouts) per whole
/// token, ⌊capital · STAKE_UNIT / supply⌋; with no supply, the capital itself.
pub fn book_value(capital: u64, supply: u64) -> u64 {
    if supply == 0 {
        return capital;
    }
    u64::try_from(u128::from(capital) * u128::from(crate::STAKE) / u128::from(supply))
        .unwrap_or(u64::MAX)
}

/// The most stake a premium may mint as rewards across its pools (PROTOCOL.md §7: stakers earn `rewards_ratio`
/// of every premium): ⌊paid · ratio / 10_000⌋ in base, at `book_value` base units per whole token.
pub fn rewards_at_most(paid_in_base: u64, rewards_ratio_bps: u64, book_value: u64) -> u64 {
    let rewards = u128::from(paid_in_base) * u128::from(rewards_ratio_bps) / 10_000;
    let stake = rewards * u128::from(crate::STAKE) / u128::from(book_value.max(1));
    u64::try_from(stake).unwrap_or(u64::MAX)
}

/// Stake a payout of `amount` base units burns across its segment's pools (PROTOCOL.md §6, decision 58), before any
/// pool's cap: the payout in stake at `book_value` (base per whole token), ⌈amount · STAKE_UNIT / book value⌉,
/// over the segment's capacity ratio, ⌈· 10_000 / ratio⌉ (burns round up).
pub fn payout_burn(amount: u64, book_value: u64, capacity_ratio_bps: u64) -> u64 {
    let stake =
        (u128::from(amount) * u128::from(crate::STAKE)).div_ceil(u128::from(book_value.max(1)));
    let burn = (stake * 10_000).div_ceil(u128::from(capacity_ratio_bps.max(1)));
    u64::try_from(burn).unwrap_or(u64::MAX)
}

/// Whether a listing's allocations fit its capacity for every run of tranches a new booking in tranche
/// `through` reaches (PROTOCOL.md §6): for each k ≤ through, the units booked in tranche k or later, in stake, are
/// at most capacity_ratio · (1 − reduction) · weight of the stake in tranche k or later. `stakes` and
/// `allocations` are in tranche order from the first active one.
pub fn allocations_fit(
    stakes: &[u64; 8],
    allocations: &[u64; 8],
    capacity_ratio_bps: u64,
    reduction_bps: u64,
    weight: u16,
    through: usize,
) -> bool {
    let (mut stake, mut allocated) = (0u128, 0u128);
    (0..8).rev().all(|k| {
        stake += u128::from(stakes[k]);
        allocated +=
            u128::from(allocations[k]) * u128::from(mutual::math::capacity::ALLOCATION_UNIT);
        let capacity = stake
            * u128::from(capacity_ratio_bps)
            * u128::from(10_000 - reduction_bps.min(10_000))
            * u128::from(weight)
            / (10_000 * 10_000 * 100);
        k > through || allocated <= capacity
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_buy_pays_the_fee_and_rounds_down() {
        // 100 USDC into 1,000 USDC of capital and 1,000 tokens: 100 tokens at book, 99.0099 after the 1% fee.
        assert_eq!(buy_mints(100, 1_000, 1_000), Some(99));
        assert_eq!(buy_mints(1, 1_000, 1_000), None);
        assert_eq!(buy_mints(1, 0, 1_000), None);
    }

    #[test]
    fn a_sale_is_net_of_pending_payouts_and_the_fee() {
        assert_eq!(sale_pays(100, 1_000, 0, 1_000), 99);
        assert_eq!(sale_pays(100, 1_000, 500, 1_000), 49);
        assert_eq!(sale_pays(100, 1_000, 2_000, 1_000), 0);
    }

    #[test]
    fn rewards_are_the_ratio_at_book_value() {
        // 100 USDC of premium, half to stakers, at 2 USDC a token: 25 tokens.
        assert_eq!(
            rewards_at_most(100_000_000, 5_000, 2_000_000),
            25 * crate::STAKE
        );
    }

    #[test]
    fn a_burn_is_the_payout_in_stake_over_the_ratio_rounded_up() {
        // 600 USDC at 2 USDC a token is 300 tokens; at a 2x capacity ratio, 150 tokens burn
        assert_eq!(
            payout_burn(600_000_000, 2_000_000, 20_000),
            150 * crate::STAKE
        );
        // a third of a unit rounds up twice
        assert_eq!(payout_burn(1, 3 * crate::STAKE, 30_000), 1);
        assert_eq!(payout_burn(0, 1, 20_000), 0);
    }

    #[test]
    fn a_pool_set_is_never_empty() {
        assert_eq!(pool_set(0), 1);
        assert_eq!(pool_set(0b101), 0b101);
        assert_eq!(pool_set(0b1000), 1);
    }

    #[test]
    fn a_position_withdraws_its_stake_and_the_rewards_not_yet_paid() {
        let mut m = Model::default();
        m.rewards[0] = 7;
        m.put_in((0, 3, 1), 100);
        m.put_in((0, 3, 2), 50);
        assert_eq!(m.withdrawable_at_most((0, 3, 1)), 107);
        // moved whole onto another position
        let stake = m.take_out((0, 3, 1));
        m.put_in((0, 4, 1), stake);
        assert_eq!(m.withdrawable_at_most((0, 4, 1)), 107);
        assert_eq!(m.withdrawable_at_most((0, 3, 1)), 0);
        // what one took of the rewards, the other cannot
        m.withdrawn((0, 4, 1), 105);
        assert_eq!(m.withdrawable_at_most((0, 3, 2)), 52);
    }

    #[test]
    fn capacity_is_checked_for_every_suffix() {
        let unit = mutual::math::capacity::ALLOCATION_UNIT;
        let stakes = [0, 0, 0, 0, 0, 0, 0, 100 * unit];
        // all the stake is in the last tranche: a cover booked there fits, one booked earlier needs it too
        let mut allocations = [0; 8];
        allocations[7] = 100;
        assert!(allocations_fit(&stakes, &allocations, 10_000, 0, 100, 7));
        allocations[7] = 101;
        assert!(!allocations_fit(&stakes, &allocations, 10_000, 0, 100, 7));
        let mut early = [0; 8];
        early[0] = 50;
        early[7] = 51;
        assert!(!allocations_fit(&stakes, &early, 10_000, 0, 100, 0));
        assert!(allocations_fit(
            &stakes,
            &[0, 0, 0, 0, 0, 0, 0, 50],
            10_000,
            0,
            50,
            7
        ));
        // a booking in tranche 6 need not make tranche 7's own run fit (it may be over after a burn), only the
        // runs that include tranche 6
        let later = [0, 0, 0, 0, 0, 0, 100 * unit, 50 * unit];
        let over_in_7 = [0, 0, 0, 0, 0, 0, 0, 101];
        assert!(allocations_fit(&later, &over_in_7, 10_000, 0, 100, 6));
        assert!(!allocations_fit(&later, &over_in_7, 10_000, 0, 100, 7));
    }
}
