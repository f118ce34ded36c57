//! The events of claims and votes.
use crate::state::ClaimStatus;
use anchor_lang::prelude::*;

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimSubmitEvent {
    pub claim: Pubkey,
    pub cover: Pubkey,
    pub claimant: Pubkey,
    pub seq: u8,
    pub amount: u64,
    /// Lamports held by the claim.
    pub deposit: u64,
    /// The voters' reward, stake-token base units.
    pub reward: u64,
    pub commit_reveal: bool,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimVoteEvent {
    pub claim: Pubkey,
    pub voter: Pubkey,
    pub accept: bool,
    pub weight: u64,
    pub accept_total: u64,
    pub deny_total: u64,
    /// The end of voting after this vote (silent ending included).
    pub end: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimVoteCommitEvent {
    pub claim: Pubkey,
    pub voter: Pubkey,
    pub weight: u64,
    pub end: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimVoteRevealEvent {
    pub claim: Pubkey,
    pub voter: Pubkey,
    pub accept: bool,
    pub weight: u64,
    pub accept_total: u64,
    pub deny_total: u64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimRedeemPayoutEvent {
    pub claim: Pubkey,
    pub cover: Pubkey,
    pub claimant: Pubkey,
    /// The claim's amount, in the cover asset's base units.
    pub amount: u64,
    /// Of it, paid in the cover asset.
    pub in_kind: u64,
    /// The rest's value, paid in the base asset (decision 67).
    pub in_base: u64,
    /// Lamports refunded.
    pub deposit: u64,
    /// The cover's pools and the stake burnt from each (unused slots 0).
    pub pool_ids: [u32; 4],
    pub burnt: [u64; 4],
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimCloseEvent {
    pub claim: Pubkey,
    pub cover: Pubkey,
    /// Denied or Lapsed.
    pub status: ClaimStatus,
    pub deposit: u64,
    /// The treasury (denied) or the claimant (lapsed).
    pub deposit_to: Pubkey,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimFraudUndoVotesEvent {
    pub wallet: Pubkey,
    pub votes: u8,
    /// Claims whose liability the undo booked or released (their outcome flipped).
    pub flipped: u8,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteRewardClaimEvent {
    pub claim: Pubkey,
    pub voter: Pubkey,
    pub reward: u64,
}
