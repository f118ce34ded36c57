//! Unit and property tests of `math/claims.rs`.
use super::*;
use crate::constants::{DAY, STAKE_UNIT};
use proptest::prelude::*;
use test_case::test_case;

const MAX_REWARD: u64 = 50 * STAKE_UNIT;

#[test_case(1_000 * STAKE_UNIT, 365 => 13 * STAKE_UNIT; "1.3% of 1,000 tokens for a year")]
#[test_case(1_000 * STAKE_UNIT, 73 => 2_600_000_000; "a fifth of a year")]
#[test_case(10_000 * STAKE_UNIT, 365 => MAX_REWARD; "capped at max_reward")]
#[test_case(1, 28 => 0; "dust rounds down to nothing")]
#[test_case(u64::MAX, 365 => MAX_REWARD; "u64 max is capped, not overflowed")]
fn claim_reward_table(cover_stake: u64, days: u32) -> u64 {
    claim_reward(cover_stake, Bps(130), days * DAY as u32, MAX_REWARD).unwrap()
}

const SILENT: u32 = DAY as u32;

#[test_case(2 * DAY, 100, 100 => 0; "more than a day left: no extension")]
#[test_case(DAY, 100, 100 => 0; "exactly a day left: no extension")]
#[test_case(DAY - 1, 100, 0 => DAY; "the first vote counted: a full day")]
#[test_case(3_600, 25, 100 => DAY / 4; "a quarter of the tally before it: a quarter day")]
#[test_case(3_600, 100, 100 => DAY; "as large as the tally before it: a full day, not half")]
#[test_case(3_600, 1_000, 100 => DAY; "ten times the tally: capped at a day")]
#[test_case(3_600, 1, 3 => 28_800; "a third, rounded down")]
#[test_case(1, 1, u64::MAX => 0; "a dust vote into a huge tally: nothing")]
#[test_case(0, 0, 5 => 0; "no weight: nothing")]
fn silent_ending_table(time_left: i64, weight: u64, tally_before: u64) -> i64 {
    silent_ending_extension(time_left, SILENT, weight, tally_before).unwrap()
}

#[test_case(50 * STAKE_UNIT, 50_000_000, 150_000_000, 1_000_000 => 7_500_000_000; "0.05 SOL at 150: 7.5 tokens")]
#[test_case(STAKE_UNIT, 50_000_000, 150_000_000, 1_000_000 => STAKE_UNIT; "capped at the reward")]
#[test_case(50 * STAKE_UNIT, 50_000_000, 0, 1_000_000 => 0; "no SOL price: a denial rewards nothing")]
#[test_case(50 * STAKE_UNIT, 1, 150_000_000, 1_000_000 => 0; "a lamport is worth nothing here")]
fn denied_reward_table(reward: u64, deposit: u64, sol_base: u64, book_value: u64) -> u64 {
    denied_reward(reward, deposit, sol_base, book_value).unwrap()
}

#[test_case(1_000, 1, 3 => 333; "a third, rounded down")]
#[test_case(1_000, 3, 3 => 1_000; "all the weight")]
#[test_case(1_000, 0, 0 => 0; "an empty poll")]
fn voter_reward_table(reward: u64, weight: u64, total: u64) -> u64 {
    voter_reward(reward, weight, total).unwrap()
}

#[test]
fn a_weight_above_the_total_is_refused() {
    assert_eq!(
        voter_reward(1, 2, 1).unwrap_err(),
        MutualError::MathOverflow.into()
    );
}

#[test_case(1_000, 50, 100, 20_000, u64::MAX => 250; "half the cover, at 2x: a quarter of the payout")]
#[test_case(1_000, 100, 100, 10_000, u64::MAX => 1_000; "all of it at 1x")]
#[test_case(1_000, 1, 3, 20_000, u64::MAX => 167; "rounded up twice: 333.4 then 166.7")]
#[test_case(1_000, 100, 100, 10_000, 400 => 400; "capped by the pool's stake")]
fn pool_burn_table(payout: u64, units: u64, total: u64, ratio: u16, stake: u64) -> u64 {
    pool_burn(payout, units, total, Bps(ratio), stake).unwrap()
}

proptest! {
    /// The voters' shares never add up to more than the reward.
    #[test]
    fn shares_never_exceed_the_reward(reward in 0u64..=u64::MAX, weights in proptest::collection::vec(0u64..1u64 << 40, 1..20)) {
        let total: u64 = weights.iter().sum();
        let paid: u128 = weights.iter().map(|w| u128::from(voter_reward(reward, *w, total).unwrap())).sum();
        prop_assert!(paid <= u128::from(reward));
    }

    /// The burns over a cover's pools take at least the payout's share at the capacity ratio, and never more
    /// than a pool holds.
    #[test]
    fn burns_cover_the_payout(payout in 0u64..1u64 << 50, units in proptest::collection::vec(1u64..1u64 << 20, 1..=4), ratio in 10_000u16..=50_000) {
        let total: u64 = units.iter().sum();
        let burnt: u128 = units.iter().map(|u| u128::from(pool_burn(payout, *u, total, Bps(ratio), u64::MAX).unwrap())).sum();
        prop_assert!(burnt * u128::from(ratio) >= u128::from(payout) * 10_000);
        prop_assert!(pool_burn(payout, units[0], total, Bps(ratio), 7).unwrap() <= 7);
    }

    /// An extension is never longer than the silent-ending period, and a heavier vote never extends less.
    #[test]
    fn extensions_are_bounded(left in -100i64..2 * DAY, weight in 0u64..=u64::MAX, tally in 0u64..=u64::MAX) {
        let extension = silent_ending_extension(left, SILENT, weight, tally).unwrap();
        prop_assert!((0..=i64::from(SILENT)).contains(&extension));
        let heavier = silent_ending_extension(left, SILENT, weight.saturating_add(1), tally).unwrap();
        prop_assert!(heavier >= extension);
    }

    /// What a denial pays the voters is never worth more than the deposit it forfeits.
    #[test]
    fn a_denial_never_rewards_more_than_the_deposit(reward in 0u64..=u64::MAX, deposit in 0u64..1u64 << 40, sol_base in 0u64..1u64 << 40, bv in 1u64..1u64 << 40) {
        let paid = denied_reward(reward, deposit, sol_base, bv).unwrap();
        prop_assert!(paid <= reward);
        let worth = u128::from(deposit) * u128::from(sol_base) / u128::from(crate::constants::LAMPORTS_PER_SOL);
        prop_assert!(u128::from(paid) * u128::from(bv) / u128::from(STAKE_UNIT) <= worth);
    }
}
