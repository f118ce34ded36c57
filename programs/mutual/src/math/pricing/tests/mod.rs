//! Unit tests of `math/pricing.rs`.
use super::*;
use proptest::prelude::*;
use test_case::test_case;

const DECAY: Bps = Bps(200);

#[test_case(Bps(700), 0, Bps(300), 0 => Bps(700); "no time: the bumped price")]
#[test_case(Bps(700), 0, Bps(300), DAY => Bps(500); "a day: 200 bps lower")]
#[test_case(Bps(700), 0, Bps(300), DAY / 2 => Bps(600); "half a day, pro rata")]
#[test_case(Bps(700), 0, Bps(300), 3 * DAY => Bps(300); "never below the target")]
#[test_case(Bps(700), 0, Bps(300), 1 => Bps(700); "a second drops less than a basis point: rounded toward the higher price")]
#[test_case(Bps(700), 100, Bps(300), 50 => Bps(700); "a clock behind the bump counts as no time")]
fn base_price_table(bumped: Bps, bumped_at: i64, target: Bps, now: i64) -> Bps {
    base_price(bumped, bumped_at, target, DECAY, now).unwrap()
}

#[test_case(Bps(300), 100, 100 => Bps(800); "the whole capacity: +5%")]
#[test_case(Bps(300), 50, 100 => Bps(550); "half of it: +2.5%")]
#[test_case(Bps(300), 1, 1_000_000 => Bps(300); "a sliver rounds down to nothing")]
#[test_case(Bps(300), 19, 10_000 => Bps(300); "just under a basis point: nothing")]
#[test_case(Bps(300), 20, 10_000 => Bps(301); "exactly a basis point")]
#[test_case(Bps(9_800), 100, 100 => Bps(10_000); "capped at 100%")]
#[test_case(Bps(300), 0, 100 => Bps(300); "nothing bought")]
#[test_case(Bps(300), 5, 0 => Bps(300); "no capacity")]
fn bumped_price_table(base: Bps, amount: u64, capacity: u64) -> Bps {
    bumped_price(base, Bps(500), amount, capacity).unwrap()
}

#[test_case(1_000_000_000, Bps(200), YEAR => 20_000_000; "2% of 1,000 USDC for a year")]
#[test_case(1_000_000_000, Bps(200), 28 * DAY => 1_534_247; "for 28 days, rounded up")]
#[test_case(1, Bps(1), 28 * DAY => 1; "any cover pays at least a unit")]
#[test_case(0, Bps(200), YEAR => 0; "no cover, no premium")]
fn premium_table(amount: u64, price: Bps, period: i64) -> u64 {
    premium(amount, price, period).unwrap()
}

#[test]
fn out_of_range_inputs_are_refused_not_wrapped() {
    let overflow: anchor_lang::error::Error = MutualError::MathOverflow.into();
    assert_eq!(
        premium(u64::MAX, Bps::ONE, 10 * YEAR).unwrap_err(),
        overflow
    );
    assert_eq!(premium(1, Bps(1), -1).unwrap_err(), overflow);
    assert_eq!(
        base_price(Bps(1), i64::MIN, Bps(0), DECAY, i64::MAX).unwrap_err(),
        overflow
    );
}

proptest! {
    #[test]
    fn the_premium_grows_with_amount_and_period(
        a in 0u64..=1_000_000_000_000_000,
        b in 0u64..=1_000_000_000_000_000,
        price in 1u16..=10_000,
        p in 0i64..=YEAR,
        q in 0i64..=YEAR,
    ) {
        let (amount_lo, amount_hi) = (a.min(b), a.max(b));
        let (period_lo, period_hi) = (p.min(q), p.max(q));
        let price = Bps(price);
        prop_assert!(premium(amount_lo, price, period_hi).unwrap() <= premium(amount_hi, price, period_hi).unwrap());
        prop_assert!(premium(amount_hi, price, period_lo).unwrap() <= premium(amount_hi, price, period_hi).unwrap());
        // rounded up: never below the exact value
        let exact = u128::from(amount_hi) * u128::from(price.get()) * period_hi as u128;
        prop_assert!(u128::from(premium(amount_hi, price, period_hi).unwrap()) * 10_000 * YEAR as u128 >= exact);
    }

    #[test]
    fn the_bumped_price_is_never_below_the_target_and_only_decays(
        bumped in 0u16..=10_000,
        target in 0u16..=10_000,
        decay in 0u16..=2_000,
        t1 in 0i64..=400 * DAY,
        t2 in 0i64..=400 * DAY,
    ) {
        let (early, late) = (t1.min(t2), t1.max(t2));
        let at = |now| base_price(Bps(bumped), 0, Bps(target), Bps(decay), now).unwrap();
        prop_assert!(at(early) >= Bps(target));
        prop_assert!(at(late) <= at(early));
        prop_assert!(at(early) <= Bps(bumped).max(Bps(target)));
    }

    #[test]
    fn a_bump_never_lowers_the_price(
        base in 0u16..=10_000,
        amount in 0u64..=u64::MAX / 20_000,
        capacity in 0u64..=u64::MAX / 20_000,
    ) {
        let bumped = bumped_price(Bps(base), Bps(500), amount, capacity).unwrap();
        prop_assert!(bumped >= Bps(base) && bumped <= Bps::ONE);
    }

    /// Dust can't move a price: any number of buys, one after another at the same moment, bumps the price no
    /// more than one buy of their total.
    #[test]
    fn many_small_buys_never_bump_more_than_one_of_their_total(
        base in 0u16..=10_000,
        parts in proptest::collection::vec(0u64..1u64 << 20, 1..50),
        capacity in 1u64..1u64 << 30,
    ) {
        let mut price = Bps(base);
        for part in &parts {
            price = bumped_price(price, Bps(500), *part, capacity).unwrap();
        }
        let total: u64 = parts.iter().sum();
        prop_assert!(price <= bumped_price(Bps(base), Bps(500), total, capacity).unwrap());
    }
}
