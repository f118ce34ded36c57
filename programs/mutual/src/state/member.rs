use crate::constants::ACCOUNT_VERSION;
use crate::errors::MutualError;
use anchor_lang::prelude::*;

/// A member of the mutual, `["member", wallet]` (PROTOCOL.md §3). The counters let `member_leave` check in O(1)
/// that nothing is left behind; the instructions that open and close positions and move assessor stake keep
/// them. (Claims need no membership: a broker's client may own cover, so no claim counter is kept.)
#[account]
#[derive(InitSpace, Debug)]
pub struct Member {
    pub version: u8,
    pub bump: u8,
    pub wallet: Pubkey,
    /// The wallet's associated stake-token account, derived once at join: the only account of the stake mint
    /// the program thaws for this member. Instructions check it by address, which costs no PDA derivation.
    pub stake_account: Pubkey,
    pub joined_at: i64,
    /// Brokers may buy cover for owners who are not members.
    pub is_broker: bool,
    pub active_positions: u32,
    /// Stake token held in the assessment vault for this member: `AssessorStake::stake`, mirrored.
    pub assessor_stake: u64,
    /// Votes cast and not yet closed by `vote_reward_claim`: leaving waits for them, so no reward or vote rent
    /// is stranded (decision 63).
    pub open_votes: u32,
    pub _reserved: [u8; 32],
}

impl Member {
    pub const SIZE: usize = 8 + Member::INIT_SPACE;

    pub fn init(&mut self, bump: u8, wallet: Pubkey, stake_account: Pubkey, now: i64) {
        self.version = ACCOUNT_VERSION;
        self.bump = bump;
        self.wallet = wallet;
        self.stake_account = stake_account;
        self.joined_at = now;
        self.is_broker = false;
        self.active_positions = 0;
        self.assessor_stake = 0;
        self.open_votes = 0;
    }

    /// A vote (or commitment) was cast.
    pub fn open_vote(&mut self) -> Result<()> {
        self.open_votes = self
            .open_votes
            .checked_add(1)
            .ok_or(MutualError::MathOverflow)?;
        Ok(())
    }

    /// A vote closed, its reward taken.
    pub fn close_vote(&mut self) -> Result<()> {
        self.open_votes = self
            .open_votes
            .checked_sub(1)
            .ok_or(MutualError::MathOverflow)?;
        Ok(())
    }

    /// Grants or revokes the right to buy cover for owners who are not members.
    pub fn set_broker(&mut self, is_broker: bool) {
        self.is_broker = is_broker;
    }

    /// A stake position opened in the member's name.
    pub fn open_position(&mut self) -> Result<()> {
        self.active_positions = self
            .active_positions
            .checked_add(1)
            .ok_or(MutualError::MathOverflow)?;
        Ok(())
    }

    /// One of the member's stake positions closed (withdrawn, merged or transferred away).
    pub fn close_position(&mut self) -> Result<()> {
        self.active_positions = self
            .active_positions
            .checked_sub(1)
            .ok_or(MutualError::MathOverflow)?;
        Ok(())
    }

    /// Mirrors the member's `AssessorStake::stake` after it changed.
    pub fn set_assessor_stake(&mut self, stake: u64) {
        self.assessor_stake = stake;
    }

    /// A member may leave only when nothing of theirs is still in the protocol.
    pub fn require_can_leave(&self) -> Result<()> {
        require!(self.active_positions == 0, MutualError::MemberHasPositions);
        require!(
            self.assessor_stake == 0,
            MutualError::MemberHasAssessorStake
        );
        require!(self.open_votes == 0, MutualError::MemberHasOpenVotes);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
