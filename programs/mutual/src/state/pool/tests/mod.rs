//! Unit and property tests of `state/pool.rs`.
use super::*;
use crate::constants::{BUCKET_DURATION, DAY, STAKE_UNIT, TRANCHE_DURATION};
use crate::state::StakePosition;

mod deposit;
mod extend;
mod init;
mod processing;
mod properties;
mod rewards;

/// 2023-10-26 00:00:00 UTC: the first second of tranche 216 and of bucket 702 (216 · 91 d = 702 · 28 d =
/// 19_656 d). Tranche and bucket boundaries coincide every 364 days (lcm of 91 and 28), so tranche 219 ends
/// with bucket 714.
const T0: i64 = 1_698_278_400;
const T0_TRANCHE: u32 = 216;
const T0_BUCKET: u32 = 702;
const TOKEN: u64 = STAKE_UNIT;

fn manager() -> Pubkey {
    Pubkey::new_from_array([1; 32])
}

fn stranger() -> Pubkey {
    Pubkey::new_from_array([2; 32])
}

fn blank() -> Pool {
    Pool::deserialize(&mut &[0u8; Pool::INIT_SPACE][..]).unwrap()
}

/// A public pool created at `now` with `fee` (max 20%).
fn pool_at(now: i64, fee: u16) -> Pool {
    let mut pool = blank();
    pool.init(
        255,
        254,
        7,
        manager(),
        Pubkey::new_from_array([3; 32]),
        false,
        Bps(fee),
        Bps(2_000),
        now,
    )
    .unwrap();
    pool
}

fn checkpoint(id: u32) -> PoolTranche {
    let mut c = PoolTranche::deserialize(&mut &[0u8; PoolTranche::INIT_SPACE][..]).unwrap();
    c.init(253, Pubkey::new_from_array([4; 32]), id);
    c
}

/// A new position holding `minted`, opened at the pool's accumulator (as `stake_deposit` does).
fn position(pool: &Pool, tranche: u32, minted: Minted) -> StakePosition {
    let mut p = StakePosition::deserialize(&mut &[0u8; StakePosition::INIT_SPACE][..]).unwrap();
    p.init(
        252,
        Pubkey::new_from_array([5; 32]),
        tranche,
        stranger(),
        pool.acc_reward_per_share,
    );
    p.add(minted).unwrap();
    p
}

fn bytes(pool: &Pool) -> Vec<u8> {
    borsh::to_vec(pool).unwrap()
}

fn slot(tranche: u32) -> usize {
    tranche as usize % ACTIVE_TRANCHES
}
/// The boundaries in (from, to]: bucket ends (multiples of 28 d) and tranche ends (multiples of 91 d), those at
/// the same time (multiples of 364 d) counted once.
fn boundaries(from: i64, to: i64) -> u32 {
    let count = |d: i64| u32::try_from(to / d - from / d).unwrap();
    count(BUCKET_DURATION) + count(TRANCHE_DURATION) - count(364 * DAY)
}
