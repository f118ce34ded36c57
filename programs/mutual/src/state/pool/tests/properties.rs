//! Properties: random histories keep the books, and idle pools catch up in one call.
use super::*;
use crate::constants::{
    BUCKET_DURATION, DAY, LAZY_PROCESS_STEPS, MAX_PROCESS_STEPS, TRANCHE_DURATION,
};
use crate::state::StakePosition;
use proptest::prelude::*;
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
enum Op {
    Deposit { who: u8, offset: u32, amount: u64 },
    Stream { amount: u64, ahead: u32 },
    Warp { seconds: i64 },
    Extend { who: u8, by: u32 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0u8..3, 0u32..8, TOKEN..1_000_000 * TOKEN)
            .prop_map(|(who, offset, amount)| Op::Deposit { who, offset, amount }),
        2 => (0u64..100_000 * TOKEN, 0u32..16).prop_map(|(amount, ahead)| Op::Stream { amount, ahead }),
        3 => (0i64..120 * DAY).prop_map(|seconds| Op::Warp { seconds }),
        1 => (0u8..3, 1u32..8).prop_map(|(who, by)| Op::Extend { who, by }),
    ]
}

/// A pool with every checkpoint and position an instruction sequence would have made.
struct Model {
    pool: Pool,
    now: i64,
    checkpoints: BTreeMap<u32, PoolTranche>,
    positions: BTreeMap<(u8, u32), StakePosition>,
    deposited: u64,
    streamed: u64,
}

impl Model {
    fn catch_up(&mut self) {
        loop {
            let mut refs: Vec<&mut PoolTranche> = self.checkpoints.values_mut().collect();
            let done = self
                .pool
                .process(self.now, MAX_PROCESS_STEPS, &mut refs)
                .unwrap();
            assert!(done.steps <= MAX_PROCESS_STEPS);
            if done.caught_up {
                return;
            }
            assert_eq!(done.steps, MAX_PROCESS_STEPS);
        }
    }

    /// The accumulator a position of `tranche` settles at: the checkpoint's once it expired.
    fn acc_for(&self, tranche: u32) -> u128 {
        match self.checkpoints.get(&tranche) {
            Some(c) if c.expired => c.acc_at_expiry,
            _ => self.pool.acc_reward_per_share,
        }
    }

    fn owed(&self) -> u64 {
        let positions: u64 = self
            .positions
            .iter()
            .map(|((_, tranche), p)| {
                p.pending_rewards
                    + rewards_earned(p.reward_shares, self.acc_for(*tranche), p.reward_debt)
                        .unwrap()
            })
            .sum();
        let manager = self.pool.manager_rewards
            + rewards_earned(
                self.pool.manager_fee_shares,
                self.pool.acc_reward_per_share,
                self.pool.manager_reward_debt,
            )
            .unwrap();
        positions + manager
    }

    fn open(&mut self, who: u8, tranche: u32, minted: Minted, rewards: u64) {
        let acc = self.pool.acc_reward_per_share;
        let pool = &self.pool;
        let p = self
            .positions
            .entry((who, tranche))
            .or_insert_with(|| position(pool, tranche, Minted::default()));
        p.settle(acc).unwrap();
        p.add(minted).unwrap();
        p.add_rewards(rewards).unwrap();
        self.checkpoints
            .entry(tranche)
            .or_insert_with(|| checkpoint(tranche));
    }

    fn apply(&mut self, op: &Op) {
        match *op {
            Op::Deposit {
                who,
                offset,
                amount,
            } => {
                self.catch_up();
                let tranche = self.pool.first_active_tranche + offset;
                let minted = self.pool.deposit(tranche, amount).unwrap();
                self.deposited += amount;
                self.open(who, tranche, minted, 0);
            }
            Op::Stream { amount, ahead } => {
                self.catch_up();
                let end = self.pool.next_bucket + ahead;
                self.pool.stream_rewards(amount, self.now, end).unwrap();
                self.streamed += amount;
            }
            Op::Warp { seconds } => {
                self.now += seconds;
                self.catch_up();
            }
            Op::Extend { who, by } => {
                self.catch_up();
                let first = self.pool.first_active_tranche;
                let found = self
                    .positions
                    .iter()
                    .find(|((w, t), p)| *w == who && *t >= first && p.stake_shares > 0)
                    .map(|((_, t), _)| *t);
                let Some(from) = found else { return };
                let to = from + by;
                if !is_active_tranche(to, first) {
                    return;
                }
                let acc = self.pool.acc_reward_per_share;
                let old = self.positions.get_mut(&(who, from)).unwrap();
                old.settle(acc).unwrap();
                let shares = old.take_shares();
                let rewards = old.take_rewards();
                let minted = self.pool.extend(from, to, shares).unwrap();
                assert_eq!(minted.stake_shares, shares.stake_shares);
                self.open(who, to, minted, rewards);
            }
        }
    }

    fn check(&self) {
        self.pool.invariant().unwrap();
        let fee: u128 = self.pool.tranches.iter().map(|t| t.fee_shares).sum();
        assert_eq!(self.pool.manager_fee_shares, fee);
        // The positions of the active tranches hold exactly the pool's supplies.
        let first = self.pool.first_active_tranche;
        let active = self
            .positions
            .iter()
            .filter(|((_, t), _)| is_active_tranche(*t, first));
        let (stake, reward) = active.fold((0u128, 0u128), |(s, r), (_, p)| {
            (s + p.stake_shares, r + p.reward_shares + p.fee_shares)
        });
        assert_eq!(stake, self.pool.stake_share_supply);
        assert_eq!(reward, self.pool.reward_share_supply);
        // No burn: every deposited unit is either active or kept by an expired checkpoint.
        let expired: u64 = self
            .checkpoints
            .values()
            .filter(|c| c.expired)
            .map(|c| c.stake_at_expiry)
            .sum();
        assert_eq!(self.pool.active_stake + expired, self.deposited);
        assert!(
            self.owed() <= self.streamed,
            "owed {} > streamed {}",
            self.owed(),
            self.streamed
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_histories_keep_the_books(ops in proptest::collection::vec(op(), 1..40), start in 0i64..364 * DAY) {
        let now = T0 + start;
        let mut m = Model {
            pool: pool_at(now, 1_500),
            now,
            checkpoints: BTreeMap::new(),
            positions: BTreeMap::new(),
            deposited: 0,
            streamed: 0,
        };
        for op in &ops {
            m.apply(op);
            m.check();
        }
        // Everything expires within 8 tranches, and every stream within 16 buckets.
        m.now += 8 * TRANCHE_DURATION + 16 * BUCKET_DURATION;
        m.catch_up();
        m.check();
        prop_assert_eq!(m.pool.reward_rate, 0);
        prop_assert_eq!((m.pool.active_stake, m.pool.stake_share_supply, m.pool.reward_share_supply), (0, 0, 0));
        // Every position redeems its stake in full (no burn: one base unit per share), and the rewards paid
        // never exceed what was streamed.
        let mut redeemed = 0;
        let mut paid = m.pool.take_manager_rewards().unwrap();
        let keys: Vec<(u8, u32)> = m.positions.keys().copied().collect();
        for key in keys {
            let acc = m.acc_for(key.1);
            let p = m.positions.get_mut(&key).unwrap();
            p.settle(acc).unwrap();
            let shares = p.take_shares().stake_shares;
            paid += p.take_rewards();
            prop_assert!(p.is_empty());
            let c = m.checkpoints.get_mut(&key.1).unwrap();
            if shares > 0 {
                prop_assert!(c.expired);
                redeemed += c.redeem(shares).unwrap();
            }
        }
        prop_assert_eq!(redeemed, m.deposited);
        prop_assert!(m.checkpoints.values().all(|c| c.stake_at_expiry == 0 && c.shares_at_expiry == 0));
        prop_assert!(paid <= m.streamed);
    }
}

proptest! {
    #[test]
    fn two_idle_years_need_one_crank_call(offset in 0i64..2 * 364 * DAY) {
        let start = T0 + offset;
        let now = start + 730 * DAY;
        let mut pool = pool_at(start, 0);
        let done = pool.process(now, MAX_PROCESS_STEPS, &mut []).unwrap();
        prop_assert!(done.caught_up);
        prop_assert_eq!(done.steps, boundaries(start, now));
        // At most 27 bucket ends + 9 tranche ends − 3 at the same time in any 730 days.
        prop_assert!(done.steps <= 33);
        prop_assert_eq!(pool.first_active_tranche, tranche_id(now).unwrap());
        prop_assert_eq!(pool.next_bucket, bucket_id(now).unwrap());
    }

    #[test]
    fn a_tranche_long_gap_needs_one_lazy_call(offset in 0i64..364 * DAY, gap in 0i64..=TRANCHE_DURATION) {
        let start = T0 + offset;
        let mut pool = pool_at(start, 0);
        let done = pool.process(start + gap, LAZY_PROCESS_STEPS, &mut []).unwrap();
        prop_assert!(done.caught_up);
        // At most 4 bucket ends and 1 tranche end in any 91 days.
        prop_assert!(done.steps <= 5);
        prop_assert_eq!(done.steps, boundaries(start, start + gap));
    }
}
