//! Unit and property tests of `math/cover.rs`.
use super::*;
use crate::constants::{DAY, STAKE_UNIT};
use proptest::prelude::*;
use test_case::test_case;

fn named<T>(r: Result<T>) -> std::result::Result<T, String> {
    r.map_err(|e| match e {
        anchor_lang::error::Error::AnchorError(e) => e.error_name,
        other => panic!("not a program error: {other}"),
    })
}

#[test_case(27 * DAY as u32 => Err("InvalidCoverPeriod".to_string()); "27 days")]
#[test_case(28 * DAY as u32 => Ok(()); "28 days")]
#[test_case(365 * DAY as u32 => Ok(()); "365 days")]
#[test_case(365 * DAY as u32 + 1 => Err("InvalidCoverPeriod".to_string()); "a second more")]
#[test_case(0 => Err("InvalidCoverPeriod".to_string()); "zero")]
fn period_table(period: u32) -> std::result::Result<(), String> {
    named(validate_period(period))
}

/// USDC (6 decimals) as the base asset, book value 2 USDC per token.
const BV: u64 = 2_000_000;

#[test_case(1_000_000_000, AssetPrice::ONE => Ok(50_000); "1,000 USDC at 2 USDC a token: 500 tokens = 50,000 units")]
#[test_case(1, AssetPrice::ONE => Ok(1); "a unit uses a whole allocation unit")]
#[test_case(0, AssetPrice::ONE => Err("ZeroAmount".to_string()); "nothing")]
#[test_case(u64::MAX, AssetPrice::ONE => Err("MathOverflow".to_string()); "u64 max")]
fn cover_units_table(amount: u64, price: AssetPrice) -> std::result::Result<u64, String> {
    named(cover_units(amount, price, BV))
}

#[test]
fn cover_units_of_a_non_base_asset_use_the_high_price() {
    // 1 SOL (9 decimals) at $150 ± 0.15 into USDC: 150.15 USDC at 2 USDC a token = 75.075 tokens → 7,508 units.
    let sol = AssetPrice::from_pyth(15_000_000_000, 15_000_000, -8, 9, 6, Bps(200)).unwrap();
    assert_eq!(cover_units(1_000_000_000, sol, BV).unwrap(), 7_508);
}

#[test_case(100, &[60, 100, 100] => Ok([60, 40, 0, 0]); "spills to the second pool")]
#[test_case(100, &[100] => Ok([100, 0, 0, 0]); "exactly full")]
#[test_case(101, &[100] => Err("InsufficientCapacity".to_string()); "a unit more")]
#[test_case(250, &[100, 0, 100, 50] => Ok([100, 0, 100, 50]); "skips a full pool, uses all four")]
#[test_case(10, &[] => Err("InvalidPoolAccounts".to_string()); "no pools")]
#[test_case(10, &[1, 1, 1, 1, 10] => Err("InvalidPoolAccounts".to_string()); "five pools")]
#[test_case(u64::MAX, &[u64::MAX] => Ok([u64::MAX, 0, 0, 0]); "u64 max")]
fn fill_table(units: u64, free: &[u64]) -> std::result::Result<PerPool, String> {
    named(fill_in_order(units, free))
}

#[test_case(1_000, [1, 1, 1, 0] => [333, 333, 334, 0]; "thirds: the remainder to the last pool that took any")]
#[test_case(1_000, [3, 0, 0, 0] => [1_000, 0, 0, 0]; "one pool")]
#[test_case(7, [1, 0, 2, 0] => [2, 0, 5, 0]; "a gap")]
#[test_case(u64::MAX, [1, 1, 0, 0] => [u64::MAX / 2, u64::MAX / 2 + 1, 0, 0]; "u64 max")]
fn split_table(amount: u64, taken: PerPool) -> PerPool {
    split_amount(amount, &taken).unwrap()
}

#[test]
fn split_of_nothing_taken_is_refused() {
    assert_eq!(
        named(split_amount(5, &[0; 4])),
        Err("ZeroAmount".to_string())
    );
}

#[test_case(1_000_000, 0 => 0; "no commission")]
#[test_case(1_000_000, 1_000 => 100_000; "10%")]
#[test_case(9, 3_000 => 2; "rounded down: 2.7")]
#[test_case(u64::MAX, 5_000 => u64::MAX / 2; "u64 max at 50%")]
fn commission_table(premium: u64, bps: u16) -> u64 {
    commission(premium, Bps(bps)).unwrap()
}

const P: u32 = 100 * DAY as u32;

#[test_case(1_000, 0, 0 => 1_000; "at the start: all of it")]
#[test_case(1_000, 0, 25 * DAY => 750; "a quarter used")]
#[test_case(1_000, 0, 100 * DAY => 0; "at the end")]
#[test_case(1_000, 0, 200 * DAY => 0; "after the end")]
#[test_case(1_000, 10 * DAY, 0 => 1_000; "before a renewal's start: all of it")]
#[test_case(999, 0, 1 => 998; "rounded down: 998.99")]
fn unused_table(premium: u64, start: i64, now: i64) -> u64 {
    unused_premium(premium, start, P, now).unwrap()
}

#[test_case(900, &[(1, 100)], &[(1, 100)] => 900; "the same pool, the same units: all of it")]
#[test_case(900, &[(1, 100)], &[(1, 300)] => 900; "more units in the same pool: all of it")]
#[test_case(900, &[(1, 100)], &[(1, 25)] => 225; "a quarter kept")]
#[test_case(900, &[(1, 100)], &[(2, 100)] => 0; "moved to another pool: nothing")]
#[test_case(900, &[(1, 50), (2, 50)], &[(2, 80), (3, 20)] => 450; "half stays, in pool 2")]
#[test_case(900, &[], &[(1, 1)] => 0; "no old units")]
fn edit_credit_table(unused: u64, old: &[(u32, u64)], new: &[(u32, u64)]) -> u64 {
    edit_credit(unused, old, new).unwrap()
}

#[test_case(1_000, 0 => Ok(1_000); "nothing paid out: all of it")]
#[test_case(1_000, 400 => Ok(600); "the rest")]
#[test_case(1_000, 1_000 => Err("NothingLeftToCover".to_string()); "paid out in full")]
#[test_case(999, 1_000 => Err("AmountBelowPaidOut".to_string()); "below what was paid out")]
fn placed_table(amount: u64, paid_out: u64) -> std::result::Result<u64, String> {
    named(placed_amount(amount, paid_out))
}

#[test_case(1_000, 900, &[(1, 100)], &[(1, 100)] => SegmentCharge { credit: 900, paid: 100 }; "an edit in the same pool")]
#[test_case(500, 900, &[(1, 100)], &[(1, 100)] => SegmentCharge { credit: 900, paid: 0 }; "an excess credit is not paid out")]
#[test_case(1_000, 900, &[(1, 100)], &[(2, 100)] => SegmentCharge { credit: 0, paid: 1_000 }; "moved: no credit")]
#[test_case(1_000, 0, &[(1, 100)], &[(1, 100)] => SegmentCharge { credit: 0, paid: 1_000 }; "a renewal: nothing unused")]
fn charge_table(
    premium: u64,
    unused: u64,
    old: &[(u32, u64)],
    new: &[(u32, u64)],
) -> SegmentCharge {
    segment_charge(premium, unused, old, new).unwrap()
}

#[test_case(0, 5, 10 => 0; "nothing")]
#[test_case(600, 400, 1_000 => 240; "the paid part")]
#[test_case(5, 5, 0 => 0; "an empty whole")]
fn paid_share_table(part: u64, paid: u64, whole: u64) -> u64 {
    paid_share(part, paid, whole).unwrap()
}

#[test]
fn rewards_are_half_the_premium_in_stake_rounded_down() {
    // 10 USDC of premium: 5 USDC of rewards at 2 USDC a token = 2.5 tokens.
    assert_eq!(
        reward_stake(10_000_000, Bps(5_000), AssetPrice::ONE, BV).unwrap(),
        5 * STAKE_UNIT / 2
    );
    // 3 units of premium: 1 unit of rewards = 0.0000005 tokens = 500 base units.
    assert_eq!(
        reward_stake(3, Bps(5_000), AssetPrice::ONE, BV).unwrap(),
        500
    );
    // 1 SOL premium at $150 ± 0.15: 0.5 SOL → 74.925 USDC (low price) → 37.4625 tokens
    let sol = AssetPrice::from_pyth(15_000_000_000, 15_000_000, -8, 9, 6, Bps(200)).unwrap();
    assert_eq!(
        reward_stake(1_000_000_000, Bps(5_000), sol, BV).unwrap(),
        37_462_500_000
    );
    assert_eq!(
        named(reward_stake(1, Bps(5_000), AssetPrice::ONE, 0)),
        Err("ZeroBookValue".to_string())
    );
}

proptest! {
    /// A charge never exceeds the premium, never credits more than was unused, and pays the premium less the
    /// credit whenever the credit is smaller.
    #[test]
    fn a_charge_is_bounded(premium in 0u64..1u64 << 50, unused in 0u64..1u64 << 50, old in 1u64..1u64 << 30, new in 0u64..1u64 << 30) {
        let charge = segment_charge(premium, unused, &[(1, old)], &[(1, new)]).unwrap();
        prop_assert!(charge.paid <= premium);
        prop_assert!(charge.credit <= unused);
        prop_assert_eq!(charge.paid, premium.saturating_sub(charge.credit));
    }

    /// The fill takes every unit or fails, and never gives a pool more than it has free.
    #[test]
    fn the_fill_conserves_units(units in 0u64..1u64 << 40, free in proptest::collection::vec(0u64..1u64 << 40, 1..=4)) {
        match fill_in_order(units, &free) {
            Ok(taken) => {
                prop_assert_eq!(taken.iter().sum::<u64>(), units);
                for (t, f) in taken.iter().zip(&free) {
                    prop_assert!(t <= f);
                }
            }
            Err(_) => prop_assert!(free.iter().sum::<u64>() < units),
        }
    }

    /// The parts of an amount add up to it exactly, and a pool that took nothing gets nothing.
    #[test]
    fn the_split_adds_up(amount in 0u64..=u64::MAX, taken in proptest::array::uniform4(0u64..1u64 << 32)) {
        prop_assume!(taken.iter().any(|t| *t > 0));
        let parts = split_amount(amount, &taken).unwrap();
        prop_assert_eq!(parts.iter().map(|p| u128::from(*p)).sum::<u128>(), u128::from(amount));
        for (p, t) in parts.iter().zip(&taken) {
            prop_assert!(*t > 0 || *p == 0);
        }
    }

    /// The credit never exceeds the premium and shrinks with time.
    #[test]
    fn the_credit_only_shrinks(premium in 0u64..=u64::MAX, t1 in 0i64..400 * DAY, t2 in 0i64..400 * DAY) {
        let (early, late) = (t1.min(t2), t1.max(t2));
        let at = |now| unused_premium(premium, 0, P, now).unwrap();
        prop_assert!(at(late) <= at(early) && at(early) <= premium);
    }
}
