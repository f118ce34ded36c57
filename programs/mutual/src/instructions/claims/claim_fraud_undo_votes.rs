use crate::constants::{ASSESSOR_SEED, CAPITAL_SEED, CONFIG_SEED, MAX_FRAUD_UNDO_BATCH, VOTE_SEED};
use crate::errors::MutualError;
use crate::events::ClaimFraudUndoVotesEvent;
use crate::state::{AssessorStake, CapitalSnapshot, Claim, Config, LiabilityChange, Vote};
use anchor_lang::prelude::*;

/// Permissionless crank over a flagged assessor's votes: `remaining_accounts` are up to 8 (claim, vote) pairs,
/// all writable. Each vote is forfeited (it earns nothing), and on a claim whose tally is not final yet (voting,
/// reveal or cooldown) its weight leaves the tally, which can flip the outcome and move the claim's liability.
/// Resumable: each vote is undone once (`VoteAlreadyUndone`), so the next call takes the next batch. The vote's
/// address is re-derived from the claim and the assessor's wallet, so no other assessor's vote can be passed.
///
/// Write set: the pairs and the capital snapshot.
#[derive(Accounts)]
pub struct ClaimFraudUndoVotes<'info> {
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        seeds = [ASSESSOR_SEED, assessor.wallet.as_ref()],
        bump = assessor.bump,
        constraint = assessor.fraud @ MutualError::AssessorNotFlagged,
    )]
    pub assessor: Box<Account<'info, AssessorStake>>,
    #[account(mut, dup, seeds = [CAPITAL_SEED], bump = capital_snapshot.bump)]
    pub capital_snapshot: Box<Account<'info, CapitalSnapshot>>,
}

impl<'info> ClaimFraudUndoVotes<'info> {
    /// Undoes one pair and writes it back before the next is read, so a pair passed twice finds its vote
    /// forfeited already. Returns the claim's asset index and how its liability moved.
    fn undo_pair(
        &self,
        pair: &'info [AccountInfo<'info>],
        now: i64,
    ) -> Result<(u8, LiabilityChange)> {
        require!(
            pair.iter().all(|info| info.is_writable),
            MutualError::InvalidVoteAccounts
        );
        let mut claim = Account::<Claim>::try_from(&pair[0])?;
        let mut vote = Account::<Vote>::try_from(&pair[1])?;
        let expected = Pubkey::create_program_address(
            &[
                VOTE_SEED,
                claim.key().as_ref(),
                self.assessor.wallet.as_ref(),
                &[vote.bump],
            ],
            &crate::ID,
        )
        .map_err(|_| error!(MutualError::InvalidVoteAccounts))?;
        require_keys_eq!(expected, vote.key(), MutualError::InvalidVoteAccounts);
        let counted = vote.forfeit()?;
        let change = claim.undo(counted, vote.weight, now)?;
        claim.invariant()?;
        claim.exit(&crate::ID)?;
        vote.invariant()?;
        vote.exit(&crate::ID)?;
        Ok((claim.asset_index, change))
    }

    pub fn claim_fraud_undo_votes(ctx: Context<'info, Self>) -> Result<()> {
        let accounts = ctx.accounts;
        let now = Clock::get()?.unix_timestamp;
        let remaining = ctx.remaining_accounts;
        require!(
            !remaining.is_empty()
                && remaining.len().is_multiple_of(2)
                && remaining.len() <= 2 * MAX_FRAUD_UNDO_BATCH,
            MutualError::InvalidVoteAccounts
        );
        let mut flipped = 0u8;
        for pair in remaining.chunks(2) {
            let (asset_index, change) = accounts.undo_pair(pair, now)?;
            if change != LiabilityChange::Unchanged {
                flipped += 1;
            }
            accounts
                .capital_snapshot
                .apply_liability(asset_index, change)?;
        }
        crate::emit_event!(ClaimFraudUndoVotesEvent {
            wallet: accounts.assessor.wallet,
            votes: u8::try_from(remaining.len() / 2).unwrap_or(u8::MAX),
            flipped,
        });
        Ok(())
    }
}
