//! Staking tranches (91 days) and cover-expiry buckets (28 days) (PROTOCOL.md §4, §8).
//!
//! Both are fixed-length periods counted from the Unix epoch: period id = ⌊now / duration⌋, and period `id`
//! covers `[id · duration, (id + 1) · duration)`. Ids are u32: tranche ids last a billion years and bucket ids
//! 300 million, so a u32 id never overflows in practice, and a time past that is refused rather than wrapped.
use crate::constants::{ACTIVE_TRANCHES, BUCKET_DURATION, COVER_BUCKETS, TRANCHE_DURATION};
use crate::errors::MutualError;
use anchor_lang::prelude::*;

/// ⌊now / duration⌋ as a u32 id. A negative `now` (before 1970) or an id above u32::MAX is `MathOverflow`.
fn period_id(now: i64, duration: i64) -> Result<u32> {
    require!(now >= 0, MutualError::MathOverflow);
    // `now >= 0` and `duration > 0`: the quotient is the floor, and the division cannot overflow.
    u32::try_from(now / duration).map_err(|_| error!(MutualError::MathOverflow))
}

/// The tranche `now` falls in: ⌊now / TRANCHE_DURATION⌋, rounded down (a tranche starts at its first second).
pub fn tranche_id(now: i64) -> Result<u32> {
    period_id(now, TRANCHE_DURATION)
}

/// The bucket `now` falls in: ⌊now / BUCKET_DURATION⌋, rounded down.
pub fn bucket_id(now: i64) -> Result<u32> {
    period_id(now, BUCKET_DURATION)
}

/// The first second of tranche `id`: id · TRANCHE_DURATION (exact). At most u32::MAX · 91 d < 2^55, so it
/// cannot overflow an i64.
pub fn tranche_start(id: u32) -> i64 {
    i64::from(id) * TRANCHE_DURATION
}

/// The moment tranche `id` expires: (id + 1) · TRANCHE_DURATION (exact), the start of the next tranche. Stake
/// in it may be withdrawn from then on; at that second it no longer counts toward capacity.
pub fn tranche_end(id: u32) -> i64 {
    (i64::from(id) + 1) * TRANCHE_DURATION
}

/// The moment bucket `id` expires: (id + 1) · BUCKET_DURATION (exact). Cover ending in the bucket stops
/// counting (and its rewards finish streaming) then.
pub fn bucket_end(id: u32) -> i64 {
    (i64::from(id) + 1) * BUCKET_DURATION
}

/// Whether tranche `id` can take deposits when the current tranche is `current`: current ≤ id < current + 8
/// (ACTIVE_TRANCHES). Computed as id − current < 8, so it never overflows near u32::MAX.
pub fn is_active_tranche(id: u32, current: u32) -> bool {
    id.checked_sub(current)
        .and_then(|offset| usize::try_from(offset).ok())
        .is_some_and(|offset| offset < ACTIVE_TRANCHES)
}

/// The bucket a cover's allocation and active cover expire with: the bucket of `end_with_grace`, the cover's
/// end plus its grace period. They stop counting at that bucket's end, up to 28 days after the cover, so that
/// expiry needs no crank (rounded toward the mutual: cover counts a little longer, never shorter).
pub fn expiry_bucket(end_with_grace: i64) -> Result<u32> {
    bucket_id(end_with_grace)
}

/// The tranche an allocation expiring with `bucket` is booked in: the tranche that holds the bucket's last
/// second. Every tranche from it on outlives the allocation (its end is at or after the bucket's end), so when
/// a tranche expires nothing booked in it is still live, and its ring slot can be reused.
pub fn booking_tranche(bucket: u32) -> Result<u32> {
    tranche_id(bucket_end(bucket) - 1)
}

/// The ring slot of tranche `id`: id % 8.
pub fn tranche_slot(id: u32) -> usize {
    // u32 → usize never truncates on SBF (64-bit) or any host this runs on.
    id as usize % ACTIVE_TRANCHES
}

/// The ring slot of expiry bucket `id`: id % COVER_BUCKETS.
pub fn expiry_slot(id: u32) -> usize {
    id as usize % COVER_BUCKETS
}

/// The expiry buckets that ended since `next` (the oldest not yet released) as of `current`: next..current, but
/// at most a ring's worth, since the ring holds no bucket older than that.
pub fn ended_buckets(next: u32, current: u32) -> core::ops::Range<u32> {
    next..current.min(next.saturating_add(COVER_BUCKETS as u32))
}

#[cfg(test)]
mod tests;
