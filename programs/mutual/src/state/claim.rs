use crate::constants::{ACCOUNT_VERSION, LAMPORTS_PER_SOL, MAX_COVER_POOLS, MAX_EVIDENCE_URI_LEN};
use crate::errors::MutualError;
use crate::math::claims::{
    claim_deposit, claim_reward, denied_reward, poll_phase, pool_burn, silent_ending_extension,
    tally_end, voter_reward, PollPhase, PollTimes,
};
use crate::math::prices::{base_to_stake_down, stake_to_base, Side};
use crate::math::{Bps, SafeMath};
use crate::state::{Asset, Backing, CoverAllocation, Params};
use anchor_lang::prelude::*;

/// Where a claim is in its life. Only instructions write it; what time alone decides (the poll's phase, the
/// outcome) is derived from the poll by `Claim::phase` and `Claim::accepted`.
///
/// Borsh stores the variant's position, so variants are only ever appended.
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClaimStatus {
    /// Filed; the cover's one open claim.
    Open,
    /// Accepted and paid out.
    Paid,
    /// Denied; the deposit went to the treasury.
    Denied,
    /// Accepted but not redeemed within the payout window.
    Lapsed,
}

/// How a tally change moves the capital snapshot's pending payouts, in units of the claim's asset: a claim
/// counts as a liability while accept leads its tally with at least the quorum behind it (decision 56).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiabilityChange {
    Unchanged,
    Booked(u64),
    Released(u64),
}

/// What a claim of `amount` costs and is worth when filed: `claim_submit` and the SDK's quote both price it here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClaimTerms {
    /// The amount in base units at the cover asset's high price.
    pub liability: u64,
    /// The assessors' reward in stake tokens (`claim_reward` of the liability in stake, rounded down).
    pub reward: u64,
    /// The claimant's deposit in lamports (`claim_deposit`).
    pub deposit: u64,
    /// What the voters share if the claim is denied: the reward capped at what the deposit is worth
    /// (`math::claims::denied_reward`).
    pub denied_reward: u64,
}

impl ClaimTerms {
    /// The terms of a claim of `amount` of `asset` on a cover of `period` seconds, at `book_value` (gross of
    /// pending payouts, so another claim's liability never cheapens this one's deposit). The reward is valued in
    /// lamports at `sol_asset`'s low price; with no wrapped-SOL asset, or one never priced, the deposit is
    /// `min_deposit` and a denial rewards nothing.
    pub fn price(
        params: &Params,
        book_value: u64,
        asset: &Asset,
        sol_asset: Option<&Asset>,
        amount: u64,
        period: u32,
    ) -> Result<Self> {
        let liability = asset.valuation()?.to_base(amount, Side::Liability)?;
        let reward = claim_reward(
            base_to_stake_down(liability, book_value)?,
            params.reward_ratio,
            period,
            params.max_reward,
        )?;
        let sol_base = match sol_asset.and_then(Asset::priced) {
            Some(price) => price.to_base(LAMPORTS_PER_SOL, Side::Capital)?,
            None => 0,
        };
        let deposit = claim_deposit(
            params.min_deposit,
            stake_to_base(reward, book_value)?,
            sol_base,
        )?;
        Ok(ClaimTerms {
            liability,
            reward,
            deposit,
            denied_reward: denied_reward(reward, deposit, sol_base, book_value)?,
        })
    }
}

/// What a claim is filed with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimFiling {
    pub seq: u8,
    pub cover: Pubkey,
    pub product: Pubkey,
    pub claimant: Pubkey,
    pub asset: Pubkey,
    /// The asset's index: where the snapshot keeps what the claim is owed.
    pub asset_index: u8,
    pub amount: u64,
    pub terms: ClaimTerms,
    /// The segment the claim is judged against (`Cover::backing_at`): its wording, pools, capacity ratio and
    /// claim periods, all as bought.
    pub backing: Backing,
    /// Per pool of the backing, the tranche whose expiry the claim holds (`Pool::hold_for_claim`).
    pub held_tranches: [u32; MAX_COVER_POOLS],
    pub evidence_hash: [u8; 32],
    pub evidence_uri: String,
    pub commit_reveal: bool,
    /// `liability_quorum` at filing.
    pub quorum: u64,
}

/// A claim on a cover, `["claim", cover, seq u8]` (PROTOCOL.md §2, §6), with its stake-weighted poll. It holds
/// the claimant's deposit in lamports on top of its rent, and is kept after it settles: the voters' rewards are
/// computed from its final tally.
#[account]
#[derive(InitSpace, Debug)]
pub struct Claim {
    pub version: u8,
    pub bump: u8,
    pub seq: u8,
    pub status: ClaimStatus,
    /// Votes are committed as hashes and revealed after the end: no tally is visible while voting.
    pub commit_reveal: bool,
    pub cover: Pubkey,
    pub product: Pubkey,
    /// The cover's owner when the claim was filed; the payout and the deposit go back to them.
    pub claimant: Pubkey,
    /// The cover asset's mint: the payout's.
    pub asset: Pubkey,
    /// Claimed, in the cover asset's base units.
    pub amount: u64,
    /// The amount's value in base-asset units (μ + σ at filing): what the reward and the deposit were priced
    /// from. What the snapshot books while accept leads is the amount itself, in the asset's units, so that it
    /// follows the asset's price (decision 65).
    pub liability: u64,
    pub liability_booked: bool,
    /// The voters' reward, stake-token base units, minted to them pro rata once the outcome is final.
    pub reward: u64,
    /// Lamports held on top of the rent: refunded on acceptance, to the treasury on denial.
    pub deposit: u64,
    /// The cover's wording at purchase: the terms the claim is judged against.
    pub wording_hash: [u8; 32],
    pub evidence_hash: [u8; 32],
    #[max_len(MAX_EVIDENCE_URI_LEN)]
    pub evidence_uri: String,
    /// The poll: filed at `submitted_at`; `end` is 0 until the first vote (or commitment) sets it.
    pub submitted_at: i64,
    pub end: i64,
    pub times: PollTimes,
    pub accept: u64,
    pub deny: u64,
    /// Weight committed in a commit-reveal poll, revealed or not.
    pub committed: u64,
    /// Votes (or commitments) cast.
    pub voters: u32,
    /// Accept weight needed before the liability counts against sales (`liability_quorum` at filing).
    pub quorum: u64,
    /// What the voters share if the claim is denied (`ClaimTerms::denied_reward`).
    pub denied_reward: u64,
    /// The pools of the segment the claim is judged against, and the capacity ratio it was bought at: what a
    /// payout burns, and how much (decision 57).
    pub allocations: [CoverAllocation; MAX_COVER_POOLS],
    pub pool_count: u8,
    pub capacity_ratio: Bps,
    /// Per pool, the tranche whose expiry waits for this claim to settle (decision 60).
    pub held_tranches: [u32; MAX_COVER_POOLS],
    /// The cover asset's index: the `pending_units` slot the claim books.
    pub asset_index: u8,
    pub _reserved: [u8; 31],
}

impl Claim {
    pub const SIZE: usize = 8 + Claim::INIT_SPACE;

    pub fn init(&mut self, bump: u8, filing: ClaimFiling, now: i64) -> Result<()> {
        require!(
            filing.evidence_uri.len() <= MAX_EVIDENCE_URI_LEN,
            MutualError::EvidenceUriTooLong
        );
        require!(filing.amount > 0, MutualError::ZeroAmount);
        self.version = ACCOUNT_VERSION;
        self.bump = bump;
        self.seq = filing.seq;
        self.status = ClaimStatus::Open;
        self.commit_reveal = filing.commit_reveal;
        self.cover = filing.cover;
        self.product = filing.product;
        self.claimant = filing.claimant;
        self.asset = filing.asset;
        self.asset_index = filing.asset_index;
        self.amount = filing.amount;
        self.liability = filing.terms.liability;
        self.liability_booked = false;
        self.reward = filing.terms.reward;
        self.deposit = filing.terms.deposit;
        self.denied_reward = filing.terms.denied_reward;
        self.wording_hash = filing.backing.wording_hash;
        self.evidence_hash = filing.evidence_hash;
        self.evidence_uri = filing.evidence_uri;
        self.submitted_at = now;
        self.end = 0;
        self.times = filing.backing.poll_times;
        self.quorum = filing.quorum;
        self.allocations = filing.backing.allocations;
        self.pool_count = filing.backing.pool_count;
        self.capacity_ratio = filing.backing.capacity_ratio;
        self.held_tranches = filing.held_tranches;
        Ok(())
    }

    /// The pools the claim's payout burns from, in the order of its segment.
    pub fn pools(&self) -> &[CoverAllocation] {
        &self.allocations[..usize::from(self.pool_count).min(MAX_COVER_POOLS)]
    }

    /// The stake a payout worth `payout_stake` burns from the pool of `allocation` (one of `pools()`), which
    /// holds `active_stake`: its share of the segment's units, over the capacity ratio the segment was bought
    /// at (`math::claims::pool_burn`).
    pub fn payout_burn(
        &self,
        allocation: &CoverAllocation,
        payout_stake: u64,
        active_stake: u64,
    ) -> Result<u64> {
        let units = self.pools().iter().map(|a| u64::from(a.units)).sum::<u64>();
        pool_burn(
            payout_stake,
            u64::from(allocation.units),
            units,
            self.capacity_ratio,
            active_stake,
        )
    }

    pub fn phase(&self, now: i64) -> Result<PollPhase> {
        poll_phase(
            &self.times,
            self.commit_reveal,
            self.submitted_at,
            self.end,
            now,
        )
    }

    /// When the tally becomes final.
    pub fn tally_end(&self) -> Result<i64> {
        tally_end(&self.times, self.commit_reveal, self.submitted_at, self.end)
    }

    /// When the cooldown ends: the payout window and the rewards open.
    pub fn cooldown_end(&self) -> Result<i64> {
        self.tally_end()?.safe_add(i64::from(self.times.cooldown))
    }

    /// There is no quorum: accepted iff accept > deny (a poll without votes is denied).
    pub fn accepted(&self) -> bool {
        self.accept > self.deny
    }

    pub fn is_open(&self) -> bool {
        self.status == ClaimStatus::Open
    }

    fn require_phase(&self, phase: PollPhase, now: i64, error: MutualError) -> Result<()> {
        if self.is_open() && self.phase(now)? == phase {
            return Ok(());
        }
        Err(error.into())
    }

    /// Counts an open vote of `weight`. The first vote must accept and starts the voting period; a vote with
    /// less than `silent_ending` left extends the end by min(silent_ending, silent_ending · weight / the tally
    /// before it), as Nexus V2 does.
    pub fn vote(&mut self, accept: bool, weight: u64, now: i64) -> Result<LiabilityChange> {
        require!(!self.commit_reveal, MutualError::WrongVotingMode);
        self.require_phase(PollPhase::Voting, now, MutualError::PollNotVoting)?;
        if self.end == 0 {
            require!(accept, MutualError::FirstVoteMustAccept);
            self.end = now.safe_add(i64::from(self.times.voting_period))?;
        }
        let tally_before = self.accept.safe_add(self.deny)?;
        let extension = silent_ending_extension(
            self.end.safe_sub(now)?,
            self.times.silent_ending,
            weight,
            tally_before,
        )?;
        self.add_to_tally(accept, weight)?;
        self.voters = self.voters.safe_add(1)?;
        self.end = self.end.safe_add(extension)?;
        Ok(self.sync_liability())
    }

    /// Records a commitment of `weight`; the first one starts the voting period. Tallies stay hidden, so there
    /// is no silent ending.
    pub fn commit(&mut self, weight: u64, now: i64) -> Result<()> {
        require!(self.commit_reveal, MutualError::WrongVotingMode);
        self.require_phase(PollPhase::Voting, now, MutualError::PollNotVoting)?;
        if self.end == 0 {
            self.end = now.safe_add(i64::from(self.times.voting_period))?;
        }
        self.committed = self.committed.safe_add(weight)?;
        self.voters = self.voters.safe_add(1)?;
        Ok(())
    }

    /// Counts a revealed commitment, in the reveal window.
    pub fn reveal(&mut self, accept: bool, weight: u64, now: i64) -> Result<LiabilityChange> {
        self.require_phase(PollPhase::Reveal, now, MutualError::PollNotRevealing)?;
        self.add_to_tally(accept, weight)?;
        Ok(self.sync_liability())
    }

    /// Takes a fraudulent assessor's counted vote back out of the tally, while it is not final (voting, reveal
    /// or cooldown). Returns `None` once the outcome is final: the vote then only forfeits its reward.
    pub fn undo(
        &mut self,
        counted: Option<bool>,
        weight: u64,
        now: i64,
    ) -> Result<LiabilityChange> {
        let phase = self.phase(now)?;
        let final_ = matches!(phase, PollPhase::PayoutWindow | PollPhase::Closed);
        if !self.is_open() || final_ {
            return Ok(LiabilityChange::Unchanged);
        }
        match counted {
            Some(true) => self.accept = self.accept.safe_sub(weight)?,
            Some(false) => self.deny = self.deny.safe_sub(weight)?,
            None => {}
        }
        if self.commit_reveal {
            self.committed = self.committed.safe_sub(weight)?;
        }
        Ok(self.sync_liability())
    }

    fn add_to_tally(&mut self, accept: bool, weight: u64) -> Result<()> {
        if accept {
            self.accept = self.accept.safe_add(weight)?;
        } else {
            self.deny = self.deny.safe_add(weight)?;
        }
        Ok(())
    }

    /// Whether the liability counts against sales: accept leads, with the quorum behind it. One small accept
    /// vote moves no seller's price.
    fn liability_counts(&self) -> bool {
        self.accepted() && self.accept >= self.quorum
    }

    /// Books the liability when it starts to count, releases it when it stops.
    fn sync_liability(&mut self) -> LiabilityChange {
        match (self.liability_counts(), self.liability_booked) {
            (true, false) => {
                self.liability_booked = true;
                LiabilityChange::Booked(self.amount)
            }
            (false, true) => {
                self.liability_booked = false;
                LiabilityChange::Released(self.amount)
            }
            _ => LiabilityChange::Unchanged,
        }
    }

    /// Whether the claim can be paid at `now`: open, accepted and past the cooldown. The payout window bounds
    /// how long the claimant is sure to be able to redeem; after it the claim stays redeemable until someone
    /// lapses it, which only a claim that could be paid allows (`settle_unpaid`, decision 66).
    pub fn require_redeemable(&self, now: i64) -> Result<()> {
        require!(self.is_open(), MutualError::ClaimNotOpen);
        match self.phase(now)? {
            PollPhase::PayoutWindow | PollPhase::Closed if self.accepted() => Ok(()),
            PollPhase::PayoutWindow | PollPhase::Closed => err!(MutualError::ClaimDenied),
            _ => err!(MutualError::ClaimNotDecided),
        }
    }

    /// Records the payout; the liability is released with it.
    pub fn mark_paid(&mut self) -> LiabilityChange {
        self.status = ClaimStatus::Paid;
        self.release()
    }

    /// Settles a claim that will not be paid: denied (once the tally is final and cooled), or accepted but not
    /// redeemed in the window. Either way its deposit goes to the treasury, where it pays for the voters' reward
    /// (`denied_reward`). An accepted claim lapses only while it could be `payable` now (its vault, with the
    /// base vault behind it: `PayoutSplit::payable`): a claimant who could not be paid is never timed out
    /// (`PayoutVaultShort`). Returns the new status and the liability released.
    pub fn settle_unpaid(
        &mut self,
        payable: bool,
        now: i64,
    ) -> Result<(ClaimStatus, LiabilityChange)> {
        require!(self.is_open(), MutualError::ClaimNotOpen);
        let status = match self.phase(now)? {
            PollPhase::PayoutWindow | PollPhase::Closed if !self.accepted() => ClaimStatus::Denied,
            PollPhase::Closed => {
                require!(payable, MutualError::PayoutVaultShort);
                ClaimStatus::Lapsed
            }
            PollPhase::PayoutWindow => return err!(MutualError::ClaimRedeemable),
            _ => return err!(MutualError::ClaimNotDecided),
        };
        self.status = status;
        Ok((status, self.release()))
    }

    fn release(&mut self) -> LiabilityChange {
        if !self.liability_booked {
            return LiabilityChange::Unchanged;
        }
        self.liability_booked = false;
        LiabilityChange::Released(self.amount)
    }

    /// A voter's share of the reward once the outcome is final: of the whole reward once the claim is paid, of
    /// `denied_reward` if it was denied or lapsed unpaid (decision 55: what a claim the mutual did not pay costs
    /// it is never worth more than the deposit it keeps). While an accepted claim is open (it can still be
    /// redeemed), its voters wait (`ClaimPayoutPending`). Votes that did not count (unrevealed, or undone as fraud) earn nothing.
    pub fn reward_of(&self, counted_weight: u64, now: i64) -> Result<u64> {
        let phase = self.phase(now)?;
        require!(
            matches!(phase, PollPhase::PayoutWindow | PollPhase::Closed),
            MutualError::ClaimNotDecided
        );
        let reward = match self.status {
            ClaimStatus::Paid => self.reward,
            ClaimStatus::Open if self.accepted() => return err!(MutualError::ClaimPayoutPending),
            _ => self.denied_reward,
        };
        voter_reward(reward, counted_weight, self.accept.safe_add(self.deny)?)
    }

    pub fn invariant(&self) -> Result<()> {
        require!(
            self.liability_booked == (self.is_open() && self.liability_counts()),
            MutualError::ClaimAccountingBroken
        );
        require!(
            self.denied_reward <= self.reward,
            MutualError::ClaimAccountingBroken
        );
        require!(
            !self.commit_reveal || self.accept.safe_add(self.deny)? <= self.committed,
            MutualError::ClaimAccountingBroken
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests;
