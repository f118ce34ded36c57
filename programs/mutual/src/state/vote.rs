use crate::constants::ACCOUNT_VERSION;
use crate::errors::MutualError;
use anchor_lang::prelude::*;
use solana_sha256_hasher::hashv;

/// What a vote says.
///
/// Borsh stores the variant's position, so variants are only ever appended.
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VoteChoice {
    Accept,
    Deny,
    /// Committed, not yet revealed.
    Hidden,
}

/// One assessor's vote on one claim, `["vote", claim, wallet]` (PROTOCOL.md §2, §6). Its address is the only
/// link to the claim and the assessor, which keeps it small; cranks re-derive it from the stored bump. It closes
/// when its reward is taken, and a closed vote can't be cast again: by then the poll is over.
#[account]
#[derive(InitSpace, Debug)]
pub struct Vote {
    pub version: u8,
    pub bump: u8,
    pub choice: VoteChoice,
    /// The assessor's weight when the vote (or commitment) was cast.
    pub weight: u64,
    pub cast_at: i64,
    /// hash(choice ‖ salt ‖ voter ‖ claim) in a commit-reveal poll; zero in an open one.
    pub commitment: [u8; 32],
    /// Undone as fraud: it no longer counts and earns nothing.
    pub forfeited: bool,
    pub _reserved: [u8; 4],
}

impl Vote {
    pub const SIZE: usize = 8 + Vote::INIT_SPACE;

    /// What must hold after every write: a vote weighs something (`AssessorStake::weight_for` refuses zero),
    /// and a hidden one carries its commitment.
    pub fn invariant(&self) -> Result<()> {
        require!(
            self.weight > 0 && (self.choice != VoteChoice::Hidden || self.commitment != [0; 32]),
            MutualError::VoteAccountingBroken
        );
        Ok(())
    }

    pub fn init(
        &mut self,
        bump: u8,
        choice: VoteChoice,
        weight: u64,
        commitment: [u8; 32],
        now: i64,
    ) {
        self.version = ACCOUNT_VERSION;
        self.bump = bump;
        self.choice = choice;
        self.weight = weight;
        self.cast_at = now;
        self.commitment = commitment;
        self.forfeited = false;
    }

    /// The commitment to `accept` under `salt` by `voter` on `claim`: sha256(choice ‖ salt ‖ voter ‖ claim),
    /// choice being one byte, 1 to accept and 0 to deny. Binding the voter and the claim means a commitment can't
    /// be copied by another assessor or replayed on another claim (PROTOCOL.md §12).
    pub fn commitment(accept: bool, salt: &[u8; 32], voter: &Pubkey, claim: &Pubkey) -> [u8; 32] {
        hashv(&[
            &[u8::from(accept)][..],
            &salt[..],
            voter.as_ref(),
            claim.as_ref(),
        ])
        .to_bytes()
    }

    /// Opens a commitment; anything but the committed choice and salt is refused.
    pub fn reveal(
        &mut self,
        accept: bool,
        salt: &[u8; 32],
        voter: &Pubkey,
        claim: &Pubkey,
    ) -> Result<()> {
        require!(!self.forfeited, MutualError::VoteAlreadyUndone);
        require!(
            self.choice == VoteChoice::Hidden,
            MutualError::VoteNotHidden
        );
        require!(
            Self::commitment(accept, salt, voter, claim) == self.commitment,
            MutualError::CommitmentMismatch
        );
        self.choice = if accept {
            VoteChoice::Accept
        } else {
            VoteChoice::Deny
        };
        Ok(())
    }

    /// The side this vote counts for: none while hidden, or once forfeited.
    pub fn counted(&self) -> Option<bool> {
        match (self.forfeited, self.choice) {
            (false, VoteChoice::Accept) => Some(true),
            (false, VoteChoice::Deny) => Some(false),
            _ => None,
        }
    }

    /// Forfeits the vote (fraud). Returns the side it was counted for, to take out of the tally.
    pub fn forfeit(&mut self) -> Result<Option<bool>> {
        require!(!self.forfeited, MutualError::VoteAlreadyUndone);
        let counted = self.counted();
        self.forfeited = true;
        Ok(counted)
    }

    /// The weight that earns a share of the reward: a counted vote's, unless its assessor is flagged for fraud
    /// (`assessor_fraud`), who earns nothing even before the crank has undone their votes.
    pub fn earning_weight(&self, assessor_fraud: bool) -> u64 {
        if assessor_fraud {
            return 0;
        }
        self.counted().map_or(0, |_| self.weight)
    }
}

#[cfg(test)]
mod tests;
