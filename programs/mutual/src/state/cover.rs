use crate::constants::{ACCOUNT_VERSION, MAX_COVER_POOLS, RENEWAL_WINDOW};
use crate::errors::MutualError;
use crate::math::claims::PollTimes;
use crate::math::cover::validate_period;
use crate::math::periods::{bucket_id, expiry_bucket};
use crate::math::{Bps, SafeMath};
use crate::state::ProductTerms;
use anchor_lang::prelude::*;

/// The capacity one pool gives a cover, in allocation units (0.01 stake token).
#[derive(
    AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, Default, PartialEq, Eq,
)]
pub struct CoverAllocation {
    pub pool_id: u32,
    pub units: u32,
}

/// Where a cover is in its life.
///
/// Borsh stores the variant's position, so variants are only ever appended.
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CoverState {
    /// Bought; its allocations and active cover are booked.
    Active,
    /// Past end plus grace, allocations released, kept only because a claim is still open.
    Expired,
}

/// One period of cover at one price: what a buy, an edit or a renewal writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    /// In the cover asset's base units.
    pub amount: u64,
    pub start: i64,
    pub period: u32,
    /// The product's grace period when the segment was bought.
    pub grace: u32,
    /// Premium of this segment, before any credit from the one it replaced.
    pub premium: u64,
    /// The product's wording when the segment was bought: the terms a claim is judged against.
    pub wording_hash: [u8; 32],
    pub allocations: [CoverAllocation; MAX_COVER_POOLS],
    pub pool_count: u8,
    /// The terms in force at purchase that a claim's poll and burn depend on (decision 58).
    pub capacity_ratio: Bps,
    pub poll_times: PollTimes,
    /// `Config::claims_pause_clock` at purchase (seconds; a u32 lasts 136 years of pauses).
    pub pause_clock: u32,
}

/// The segment a renewal replaced, kept until the renewal starts (`until`, the old end): a claim filed before
/// then concerns it, and burns the pools that backed it (decision 57). It lives past the `Cover` struct, in
/// bytes the first renewal adds to the account (`Cover::SIZE..`), so a first purchase's rent stays as small as
/// the cover itself; `until` 0 = none.
#[derive(
    AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, Default, PartialEq, Eq,
)]
pub struct PriorSegment {
    /// The start of the renewal that replaced it: it concerns claims filed before then.
    pub until: i64,
    pub allocations: [CoverAllocation; MAX_COVER_POOLS],
    pub pool_count: u8,
    pub capacity_ratio: Bps,
    pub grace: u32,
    pub wording_hash: [u8; 32],
    pub poll_times: PollTimes,
}

impl PriorSegment {
    /// Its bytes after the `Cover` struct.
    pub const SIZE: usize = PriorSegment::INIT_SPACE;

    /// The prior segment stored in a cover account's `data`, if the account has grown to hold one (and one is
    /// recorded).
    pub fn read(data: &[u8]) -> Result<Option<Self>> {
        let Some(mut tail) = data.get(Cover::SIZE..Cover::SIZE + Self::SIZE) else {
            return Ok(None);
        };
        let prior = Self::deserialize(&mut tail)?;
        Ok((prior.until != 0).then_some(prior))
    }

    /// The prior segment that concerns a claim filed at `now` on `cover`: recorded for the cover's current
    /// renewal, which has not started yet.
    pub fn in_force(prior: Option<&Self>, cover: &Cover, now: i64) -> Option<Self> {
        prior
            .filter(|p| p.until == cover.start && now < cover.start && p.pool_count > 0)
            .copied()
    }

    pub fn expiry_bucket(&self) -> Result<u32> {
        expiry_bucket(self.until.safe_add(i64::from(self.grace))?)
    }

    fn backing(&self) -> Result<Backing> {
        Ok(Backing {
            allocations: self.allocations,
            pool_count: self.pool_count,
            capacity_ratio: self.capacity_ratio,
            wording_hash: self.wording_hash,
            poll_times: self.poll_times,
            expiry_bucket: self.expiry_bucket()?,
        })
    }
}

/// What a claim filed at a given moment is judged and paid against: the segment in force then.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backing {
    pub allocations: [CoverAllocation; MAX_COVER_POOLS],
    pub pool_count: u8,
    pub capacity_ratio: Bps,
    pub wording_hash: [u8; 32],
    pub poll_times: PollTimes,
    /// The bucket the segment's allocations expire with (its end plus grace).
    pub expiry_bucket: u32,
}

impl Backing {
    pub fn pools(&self) -> &[CoverAllocation] {
        &self.allocations[..usize::from(self.pool_count).min(MAX_COVER_POOLS)]
    }
}

/// What `cover_status` returns, for integrators (PROTOCOL.md §10).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoverStatus {
    /// Bought, not yet ended, and something is left to claim (the owner can claim until end plus grace): a
    /// cover that claims paid out in full is not active.
    pub active: bool,
    pub amount: u64,
    /// Paid out by claims so far: what is left to claim is amount − paid_out.
    pub paid_out: u64,
    /// Premium of the current segment.
    pub premium: u64,
    pub start: i64,
    pub end: i64,
    pub grace: u32,
    pub product: Pubkey,
    /// The cover asset's mint.
    pub asset: Pubkey,
    pub owner: Pubkey,
    /// A claim on it is open (voting, revealing, cooling down or in its payout window): an integrator holding
    /// value against the cover waits for it to settle. Fields are only ever appended (docs/integrating.md).
    pub open_claim: bool,
}

/// A cover, `["cover", product, seq u64 le]` (PROTOCOL.md §2, §5). The owner holds it and may claim on it; the
/// buyer paid for it and gets the rent back when it closes.
#[account]
#[derive(InitSpace, Debug)]
pub struct Cover {
    pub version: u8,
    pub bump: u8,
    pub state: CoverState,
    pub product: Pubkey,
    pub seq: u64,
    pub owner: Pubkey,
    pub buyer: Pubkey,
    /// The cover asset's mint.
    pub asset: Pubkey,
    pub amount: u64,
    /// Start of the current segment. After a renewal it is the old end, which may still lie ahead: the cover is
    /// continuous from its purchase to `end()`.
    pub start: i64,
    pub period: u32,
    pub grace: u32,
    pub premium: u64,
    pub paid_out: u64,
    pub wording_hash: [u8; 32],
    pub pool_count: u8,
    pub allocations: [CoverAllocation; MAX_COVER_POOLS],
    /// Most the owner lets an auto-renewal charge, in the cover asset; 0 = off.
    pub renew_max_premium: u64,
    /// Slot of the purchase: a claim may not come in the same slot (PROTOCOL.md §12).
    pub bought_slot: u64,
    /// Claims filed so far (the next claim's seq) and whether one is open (the claims instructions keep both).
    pub claim_count: u8,
    pub open_claim: bool,
    /// The capacity ratio in force when the current segment was bought: a payout's burn is priced at it.
    pub capacity_ratio: Bps,
    /// The claim periods in force when the current segment was bought: a claim's poll runs on them.
    pub poll_times: PollTimes,
    /// `Config::claims_pause_clock` when the current segment was bought: every second of claims pause since
    /// extends the claim window by a second (`claim_deadline`).
    pub pause_clock: u32,
}

impl Cover {
    pub const SIZE: usize = 8 + Cover::INIT_SPACE;

    #[allow(clippy::too_many_arguments)]
    pub fn init(
        &mut self,
        bump: u8,
        product: Pubkey,
        seq: u64,
        owner: Pubkey,
        buyer: Pubkey,
        asset: Pubkey,
        segment: Segment,
        slot: u64,
    ) -> Result<()> {
        self.version = ACCOUNT_VERSION;
        self.bump = bump;
        self.state = CoverState::Active;
        self.product = product;
        self.seq = seq;
        self.owner = owner;
        self.buyer = buyer;
        self.asset = asset;
        self.paid_out = 0;
        self.renew_max_premium = 0;
        self.bought_slot = slot;
        self.claim_count = 0;
        self.open_claim = false;
        self.write_segment(segment);
        self.invariant()
    }

    fn write_segment(&mut self, segment: Segment) {
        self.amount = segment.amount;
        self.start = segment.start;
        self.period = segment.period;
        self.grace = segment.grace;
        self.premium = segment.premium;
        self.wording_hash = segment.wording_hash;
        self.allocations = segment.allocations;
        self.pool_count = segment.pool_count;
        self.capacity_ratio = segment.capacity_ratio;
        self.poll_times = segment.poll_times;
        self.pause_clock = segment.pause_clock;
    }

    /// Replaces the current segment (an edit from now, or a renewal from the old end) in `slot`. What claims
    /// paid out stays paid out, so the new amount may not be below it (`AmountBelowPaidOut`). A claim may not
    /// come in the slot of a change either: an edit raises the amount as a purchase does. Returns what the
    /// instruction stores past the struct: for a renewal (a segment that starts later than `now`) the old
    /// segment, which claims filed before the renewal starts concern; for an edit, which starts now, none.
    pub fn replace_segment(
        &mut self,
        segment: Segment,
        now: i64,
        slot: u64,
    ) -> Result<PriorSegment> {
        let prior = if segment.start > now {
            PriorSegment {
                until: segment.start,
                allocations: self.allocations,
                pool_count: self.pool_count,
                capacity_ratio: self.capacity_ratio,
                grace: self.grace,
                wording_hash: self.wording_hash,
                poll_times: self.poll_times,
            }
        } else {
            PriorSegment::default()
        };
        self.write_segment(segment);
        self.bought_slot = slot;
        self.invariant()?;
        Ok(prior)
    }

    /// What is still claimable: the amount less what claims paid out. It is also the active cover the asset
    /// books for the cover, and what a renewal or an edit prices and places (decision 61).
    pub fn claimable(&self) -> Result<u64> {
        self.amount.safe_sub(self.paid_out)
    }

    /// What a renewal buys again: what is still claimable, of which there must be some
    /// (`NothingLeftToCover`).
    pub fn renewable(&self) -> Result<u64> {
        let claimable = self.claimable()?;
        require!(claimable > 0, MutualError::NothingLeftToCover);
        Ok(claimable)
    }

    /// The segment a claim filed at `now` is judged against: the one a renewal replaced (`prior`, as stored
    /// past the struct) while the renewal has not started, else the current one.
    pub fn backing_at(&self, now: i64, prior: Option<&PriorSegment>) -> Result<Backing> {
        if let Some(prior) = PriorSegment::in_force(prior, self, now) {
            return prior.backing();
        }
        Ok(Backing {
            allocations: self.allocations,
            pool_count: self.pool_count,
            capacity_ratio: self.capacity_ratio,
            wording_hash: self.wording_hash,
            poll_times: self.poll_times,
            expiry_bucket: self.expiry_bucket()?,
        })
    }

    /// The last moment a claim may be filed, with the claims pause clock at `pause_clock`: the end plus grace,
    /// later by every second claims were paused since the segment was bought (decision 59).
    pub fn claim_deadline(&self, pause_clock: u32) -> Result<i64> {
        let paused = pause_clock.saturating_sub(self.pause_clock);
        self.end_with_grace()?.safe_add(i64::from(paused))
    }

    /// Opens a claim of `amount` at `now` in `slot`, with the claims pause clock at `pause_clock`, and returns
    /// its sequence number and the segment it is judged against (`prior` is what the account stores past the
    /// struct): the cover is still in its claim period (end plus grace, extended by claims pauses), not bought
    /// or changed in this slot, has no other open claim, and covers the amount.
    pub fn file_claim(
        &mut self,
        amount: u64,
        now: i64,
        slot: u64,
        pause_clock: u32,
        prior: Option<&PriorSegment>,
    ) -> Result<(u8, Backing)> {
        require!(amount > 0, MutualError::ZeroAmount);
        require!(
            self.state == CoverState::Active && now < self.claim_deadline(pause_clock)?,
            MutualError::ClaimPeriodOver
        );
        require!(slot != self.bought_slot, MutualError::ClaimSameSlot);
        self.require_no_open_claim()?;
        require!(amount <= self.claimable()?, MutualError::ClaimAboveCover);
        let seq = self.claim_count;
        self.claim_count = seq.checked_add(1).ok_or(MutualError::MathOverflow)?;
        self.open_claim = true;
        Ok((seq, self.backing_at(now, prior)?))
    }

    /// The open claim settled without a payout.
    pub fn settle_claim(&mut self) {
        self.open_claim = false;
    }

    /// The open claim paid `amount` out. A cover with nothing left to claim renews no more: its auto-renewal
    /// ends.
    pub fn record_payout(&mut self, amount: u64) -> Result<()> {
        self.paid_out = self.paid_out.safe_add(amount)?;
        self.open_claim = false;
        if self.claimable()? == 0 {
            self.renew_max_premium = 0;
        }
        self.invariant()
    }

    /// The end of the current segment: start + period.
    pub fn end(&self) -> Result<i64> {
        self.start.safe_add(i64::from(self.period))
    }

    /// The end plus grace: the last moment a claim may be filed.
    pub fn end_with_grace(&self) -> Result<i64> {
        self.end()?.safe_add(i64::from(self.grace))
    }

    /// The bucket the cover's allocations and active cover expire with (its end plus grace).
    pub fn expiry_bucket(&self) -> Result<u32> {
        expiry_bucket(self.end_with_grace()?)
    }

    /// The bucket its rewards finish streaming in: the bucket of its end (PROTOCOL.md §4).
    pub fn reward_bucket(&self) -> Result<u32> {
        bucket_id(self.end()?)
    }

    /// The pools behind the current segment, in the order they were filled.
    pub fn pools(&self) -> &[CoverAllocation] {
        &self.allocations[..usize::from(self.pool_count).min(MAX_COVER_POOLS)]
    }

    pub fn is_active(&self, now: i64) -> Result<bool> {
        Ok(self.state == CoverState::Active && now < self.end()?)
    }

    pub fn require_active(&self, now: i64) -> Result<()> {
        require!(self.is_active(now)?, MutualError::CoverNotActive);
        Ok(())
    }

    /// A renewal is allowed in the last 7 days before the end.
    pub fn require_renewal_window(&self, now: i64) -> Result<()> {
        let end = self.end()?;
        require!(
            self.state == CoverState::Active && now < end && now >= end.safe_sub(RENEWAL_WINDOW)?,
            MutualError::RenewalWindowClosed
        );
        Ok(())
    }

    /// Allows anyone to renew the cover in its last 7 days for at most `max_premium`; 0 turns it off. A cover
    /// with nothing left to claim can't be set to renew.
    pub fn set_auto_renew(&mut self, max_premium: u64) -> Result<()> {
        if max_premium > 0 {
            self.renewable()?;
        }
        self.renew_max_premium = max_premium;
        Ok(())
    }

    /// An auto-renewal renews on the terms the owner bought: a product whose wording or grace period changed
    /// since is refused (`WordingChanged`, `GracePeriodChanged`); only the owner may accept new terms.
    pub fn require_same_terms(&self, terms: &ProductTerms) -> Result<()> {
        require!(
            terms.wording_hash == self.wording_hash,
            MutualError::WordingChanged
        );
        require!(
            terms.grace_period == self.grace,
            MutualError::GracePeriodChanged
        );
        Ok(())
    }

    /// Refuses an auto-renewal the owner did not allow, or one above their cap.
    pub fn require_auto_renew_within(&self, premium: u64) -> Result<()> {
        require!(self.renew_max_premium > 0, MutualError::AutoRenewOff);
        require!(
            premium <= self.renew_max_premium,
            MutualError::RenewPremiumAboveCap
        );
        Ok(())
    }

    /// An open claim is judged against the cover as it stands: no edit, renewal or transfer until it is settled.
    pub fn require_no_open_claim(&self) -> Result<()> {
        require!(!self.open_claim, MutualError::CoverHasOpenClaim);
        Ok(())
    }

    /// Hands the cover to `new_owner`. Auto-renewal stops: the new owner has approved nothing.
    pub fn transfer(&mut self, new_owner: Pubkey) -> Result<()> {
        self.require_no_open_claim()?;
        require_keys_neq!(new_owner, self.owner, MutualError::SameOwner);
        self.owner = new_owner;
        self.renew_max_premium = 0;
        Ok(())
    }

    /// Whether the cover may expire at `now`, with the claims pause clock at `pause_clock`: its claim window
    /// (end plus grace, extended by claims pauses) is over.
    pub fn require_expirable(&self, now: i64, pause_clock: u32) -> Result<()> {
        require!(
            now >= self.claim_deadline(pause_clock)?,
            MutualError::CoverNotExpired
        );
        Ok(())
    }

    /// Records the release of the allocations at expiry, for a cover that stays open for its claim.
    pub fn mark_expired(&mut self) {
        self.state = CoverState::Expired;
    }

    pub fn status(&self, product: Pubkey, now: i64) -> Result<CoverStatus> {
        Ok(CoverStatus {
            active: self.is_active(now)? && self.claimable()? > 0,
            amount: self.amount,
            paid_out: self.paid_out,
            premium: self.premium,
            start: self.start,
            end: self.end()?,
            grace: self.grace,
            product,
            asset: self.asset,
            owner: self.owner,
            open_claim: self.open_claim,
        })
    }

    pub fn invariant(&self) -> Result<()> {
        validate_period(self.period)?;
        require!(self.amount > 0, MutualError::ZeroAmount);
        require!(
            self.paid_out <= self.amount,
            MutualError::AmountBelowPaidOut
        );
        let count = usize::from(self.pool_count);
        require!(
            (1..=MAX_COVER_POOLS).contains(&count),
            MutualError::InvalidPoolAccounts
        );
        for (i, allocation) in self.allocations.iter().enumerate() {
            let used = i < count;
            require!(
                (allocation.units > 0) == used,
                MutualError::InvalidPoolAccounts
            );
            require!(
                !self.allocations[..i]
                    .iter()
                    .any(|a| used && a.pool_id == allocation.pool_id),
                MutualError::DuplicatePool
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
