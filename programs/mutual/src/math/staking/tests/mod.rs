//! Unit and property tests of `math/staking.rs`.
use super::*;
use crate::constants::DAY;
use proptest::prelude::*;
use test_case::test_case;

/// The name of the program error inside an Anchor error, for table tests.
fn as_mutual(error: anchor_lang::error::Error) -> String {
    match error {
        anchor_lang::error::Error::AnchorError(e) => e.error_name,
        other => panic!("not a program error: {other}"),
    }
}

type Named<T> = std::result::Result<T, String>;

#[test_case(STAKE_UNIT, 0, 0 => Ok(u128::from(STAKE_UNIT)); "first deposit mints 1:1")]
#[test_case(STAKE_UNIT, 5, 0 => Ok(u128::from(STAKE_UNIT)); "first deposit ignores leftover stake")]
#[test_case(STAKE_UNIT - 1, 0, 0 => Err("FirstDepositTooSmall".to_string()); "first deposit under one token")]
#[test_case(0, 0, 0 => Err("ZeroAmount".to_string()); "zero into an empty pool")]
#[test_case(0, 100, 100 => Err("ZeroAmount".to_string()); "zero into a pool")]
#[test_case(10, 100, 100 => Ok(10); "at one share per unit")]
#[test_case(10, 200, 100 => Ok(5); "at two units per share")]
#[test_case(10, 300, 100 => Ok(3); "rounds down")]
#[test_case(2, 300, 100 => Err("DepositTooSmall".to_string()); "worth no share")]
#[test_case(1, 0, 100 => Err("PoolHalted".to_string()); "stake burnt to zero")]
#[test_case(u64::MAX, 1, u128::MAX / 2 => Err("MathOverflow".to_string()); "overflow")]
fn stake_shares_table(amount: u64, active_stake: u64, supply: u128) -> Named<u128> {
    stake_shares_for(amount, active_stake, supply).map_err(as_mutual)
}

#[test_case(0, 0, 0 => Ok(0); "no shares of nothing")]
#[test_case(1, 0, 0 => Err("MathOverflow".to_string()); "shares of an empty supply")]
#[test_case(101, 1_000, 100 => Err("MathOverflow".to_string()); "more shares than exist")]
#[test_case(50, 1_000, 100 => Ok(500); "half")]
#[test_case(1, 1_000, 3 => Ok(333); "rounds down")]
#[test_case(100, 1_000, 100 => Ok(1_000); "all of it")]
#[test_case(u128::MAX, u64::MAX, u128::MAX => Err("MathOverflow".to_string()); "u128 overflow")]
fn stake_for_shares_table(shares: u128, stake: u64, supply: u128) -> Named<u64> {
    stake_for_shares(shares, stake, supply).map_err(as_mutual)
}

#[test_case(1_000, 0 => Ok(1_000); "current tranche")]
#[test_case(1_000, 1 => Ok(1_100); "one tranche out")]
#[test_case(1_000, 7 => Ok(1_700); "the last active tranche")]
#[test_case(19, 7 => Ok(32); "rounds down")]
#[test_case(1_000, 8 => Err("InvalidTranche".to_string()); "past the active tranches")]
#[test_case(1_000, u32::MAX => Err("InvalidTranche".to_string()); "u32 max")]
#[test_case(u128::MAX, 1 => Err("MathOverflow".to_string()); "overflow")]
fn reward_shares_table(stake_shares: u128, offset: u32) -> Named<u128> {
    reward_shares_for(stake_shares, offset).map_err(as_mutual)
}

#[test_case(900, 1_000 => Ok(100); "10% of the total")]
#[test_case(1_000, 0 => Ok(0); "no fee")]
#[test_case(1_000, 5_000 => Ok(1_000); "half")]
#[test_case(10, 300 => Ok(0); "rounds down")]
#[test_case(1_000, 9_999 => Ok(9_999_000); "just under 100%")]
#[test_case(1_000, 10_000 => Err("InvalidPoolFee".to_string()); "100%")]
#[test_case(1_000, u16::MAX => Err("InvalidPoolFee".to_string()); "above 100%")]
fn fee_shares_table(reward_shares: u128, fee: u16) -> Named<u128> {
    fee_shares_for(reward_shares, Bps(fee)).map_err(as_mutual)
}

#[test_case(1, 1 => Ok(REWARD_SCALE); "one unit a second")]
#[test_case(1, 3 => Ok(333_333_333_333); "rounds down")]
#[test_case(u64::MAX, 1 => Ok(u128::from(u64::MAX) * REWARD_SCALE); "u64 max fits")]
#[test_case(1, 0 => Err("MathOverflow".to_string()); "zero duration")]
#[test_case(1, -1 => Err("MathOverflow".to_string()); "negative duration")]
fn reward_rate_table(amount: u64, duration: i64) -> Named<u128> {
    reward_rate_for(amount, duration).map_err(as_mutual)
}

#[test_case(7, 10, 3, 0 => Ok(7); "no reward shares: nothing accrues")]
#[test_case(7, 10, 3, 10 => Ok(10); "adds rate times elapsed per share")]
#[test_case(0, 10, 3, 4 => Ok(7); "rounds down")]
#[test_case(0, 10, -1, 4 => Err("MathOverflow".to_string()); "negative elapsed")]
#[test_case(0, 10, -1, 0 => Err("MathOverflow".to_string()); "negative elapsed with no shares")]
#[test_case(u128::MAX, 1, 1, 1 => Err("MathOverflow".to_string()); "accumulator overflow")]
fn accrue_table(acc: u128, rate: u128, elapsed: i64, supply: u128) -> Named<u128> {
    accrue_reward_per_share(acc, rate, elapsed, supply).map_err(as_mutual)
}

#[test_case(10, 5 * REWARD_SCALE, 2 * REWARD_SCALE => Ok(30); "shares times the accumulator's rise")]
#[test_case(3, REWARD_SCALE / 2, 0 => Ok(1); "rounds down")]
#[test_case(10, 5, 5 => Ok(0); "nothing since the last settle")]
#[test_case(10, 4, 5 => Err("MathOverflow".to_string()); "accumulator went backwards")]
#[test_case(u128::from(u64::MAX) + 1, REWARD_SCALE, 0 => Err("MathOverflow".to_string()); "above u64 max")]
fn rewards_earned_table(shares: u128, acc: u128, last: u128) -> Named<u64> {
    rewards_earned(shares, acc, last).map_err(as_mutual)
}

#[test_case(REWARD_SCALE, 10 => Ok(10); "one unit a second")]
#[test_case(333_333_333_333, 3 => Ok(0); "rounds down")]
#[test_case(REWARD_SCALE, -1 => Err("MathOverflow".to_string()); "negative elapsed")]
#[test_case(u128::MAX, 2 => Err("MathOverflow".to_string()); "overflow")]
fn streamed_table(rate: u128, elapsed: i64) -> Named<u64> {
    streamed(rate, elapsed).map_err(as_mutual)
}

#[test]
fn a_stream_pays_out_its_amount_over_its_duration() {
    // 1_000 tokens over 28 days, in one go or second by second in 28 slices, pay at most 1_000 tokens.
    let amount = 1_000 * STAKE_UNIT;
    let duration = 28 * DAY;
    let rate = reward_rate_for(amount, duration).unwrap();
    let total = streamed(rate, duration).unwrap();
    assert!(total <= amount && amount - total <= 1);
    let supply = 3 * u128::from(STAKE_UNIT);
    let mut acc = 0;
    for _ in 0..28 {
        acc = accrue_reward_per_share(acc, rate, DAY, supply).unwrap();
    }
    let each = rewards_earned(supply / 3, acc, 0).unwrap();
    assert!(3 * each <= total);
    assert!(
        total - 3 * each < 1_000,
        "dust lost to rounding: {}",
        total - 3 * each
    );
}

#[test]
fn a_long_lock_and_a_fee_split_rewards_as_promised() {
    // 100 tokens locked for the last active tranche (1.7x) into a pool with a 20% fee.
    let stake = stake_shares_for(100 * STAKE_UNIT, 0, 0).unwrap();
    let rewards = reward_shares_for(stake, 7).unwrap();
    assert_eq!(rewards, 170 * u128::from(STAKE_UNIT));
    let fee = fee_shares_for(rewards, Bps(2_000)).unwrap();
    assert_eq!(fee, 42_500_000_000);
    assert_eq!(fee * 10_000 / (rewards + fee), 2_000);
}

proptest! {
    /// Depositing and redeeming straight back never returns more than was deposited, at share prices from
    /// 1_024 stake units per share down to 1 / 1_024.
    #[test]
    fn deposit_then_redeem_never_creates_stake(
        amount in 1u64..1u64 << 56,
        stake in 1u64..1u64 << 60,
        price_shift in 0u32..=20,
        noise in 0u128..1_024,
    ) {
        let supply = ((u128::from(stake) << price_shift) >> 10) + noise + 1;
        if let Ok(shares) = stake_shares_for(amount, stake, supply) {
            let back = stake_for_shares(shares, stake + amount, supply + shares).unwrap();
            prop_assert!(back <= amount);
        }
    }

    /// The first deposit redeems exactly.
    #[test]
    fn first_deposit_round_trips(amount in MIN_FIRST_DEPOSIT..=u64::MAX) {
        let shares = stake_shares_for(amount, 0, 0).unwrap();
        prop_assert_eq!(stake_for_shares(shares, amount, shares).unwrap(), amount);
    }

    /// More stake in never mints fewer shares, and the shares minted are worth at most the amount at the
    /// price before the deposit.
    #[test]
    fn shares_are_monotone_and_never_worth_more_than_paid(
        a in 1u64..1u64 << 60,
        b in 1u64..1u64 << 60,
        stake in 1u64..1u64 << 60,
        supply in 1u128..1u128 << 64,
    ) {
        let (lo, hi) = (a.min(b), a.max(b));
        match (stake_shares_for(lo, stake, supply), stake_shares_for(hi, stake, supply)) {
            (Ok(lo_shares), Ok(hi_shares)) => {
                prop_assert!(lo_shares <= hi_shares);
                // Worth at most what was paid, at the price before: shares · stake ≤ a · supply.
                prop_assert!(lo_shares * u128::from(stake) <= u128::from(lo) * supply);
                prop_assert!(stake_for_shares(lo_shares, stake, supply.max(lo_shares)).unwrap() <= lo);
            }
            (Err(_), Ok(_)) => {}
            (Ok(_), Err(e)) => prop_assert!(false, "a larger deposit failed: {e}"),
            (Err(_), Err(_)) => {}
        }
    }

    /// Redeeming never pays more than the pool's stake, and more shares never redeem less.
    #[test]
    fn redemption_is_bounded_and_monotone(
        a in 0u128..1u128 << 64,
        b in 0u128..1u128 << 64,
        stake in 0u64..=u64::MAX,
        extra in 0u128..1u128 << 40,
    ) {
        let (lo, hi) = (a.min(b), a.max(b));
        let supply = hi + extra;
        let lo_out = stake_for_shares(lo, stake, supply).unwrap();
        let hi_out = stake_for_shares(hi, stake, supply).unwrap();
        prop_assert!(lo_out <= hi_out && hi_out <= stake);
    }

    /// Reward shares are at least the stake shares and grow with the lock.
    #[test]
    fn longer_locks_earn_more(shares in 0u128..1u128 << 100, offset in 0u32..7) {
        let here = reward_shares_for(shares, offset).unwrap();
        prop_assert!(here >= shares);
        prop_assert!(reward_shares_for(shares, offset + 1).unwrap() >= here);
        prop_assert!(here <= shares * 17 / 10);
    }

    /// The manager never holds more than the pool fee of all reward shares.
    #[test]
    fn fee_shares_never_exceed_the_fee(reward in 0u128..1u128 << 100, fee in 0u16..10_000) {
        let fee_shares = fee_shares_for(reward, Bps(fee)).unwrap();
        prop_assert!(fee_shares * 10_000 <= (reward + fee_shares) * u128::from(fee));
    }

    /// Accruing over split intervals never credits more than over the whole (rounding favours the protocol),
    /// and what all holders earn never exceeds what streamed, which never exceeds the amount.
    #[test]
    fn rewards_never_exceed_the_stream(
        amount in 0u64..1u64 << 60,
        duration in 1i64..400 * DAY,
        cuts in proptest::collection::vec(0i64..400 * DAY, 0..8),
        holders in proptest::collection::vec(1u128..1u128 << 64, 1..6),
    ) {
        let rate = reward_rate_for(amount, duration).unwrap();
        let supply: u128 = holders.iter().sum();
        let mut cuts: Vec<i64> = cuts.into_iter().map(|c| c % (duration + 1)).collect();
        cuts.push(0);
        cuts.push(duration);
        cuts.sort_unstable();

        let whole = accrue_reward_per_share(0, rate, duration, supply).unwrap();
        let mut split = 0;
        for pair in cuts.windows(2) {
            split = accrue_reward_per_share(split, rate, pair[1] - pair[0], supply).unwrap();
        }
        prop_assert!(split <= whole);

        let total = streamed(rate, duration).unwrap();
        prop_assert!(total <= amount);
        let earned: u64 = holders
            .iter()
            .map(|&h| rewards_earned(h, whole, 0).unwrap())
            .sum();
        prop_assert!(earned <= total);
    }
}
