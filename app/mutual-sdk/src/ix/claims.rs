//! Claims: filing, the poll's votes, the payout, closing, undoing a flagged assessor's votes, and the voters'
//! rewards.
use super::{build, CoverAsset};
use crate::pda;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::AccountMeta;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::system_program;
use mutual::instructions::ClaimSubmitArgs;

/// The `Pool` accounts of `pools`, writable, in order: the pools a claim holds a tranche of.
fn pool_accounts(pools: &[u32]) -> impl Iterator<Item = AccountMeta> + '_ {
    pools
        .iter()
        .map(|id| AccountMeta::new(pda::pool(*id).0, false))
}

/// `claim_submit`: the owner of `cover` (on `product_id`) files claim number `seq` (the cover's
/// `claim_count`). `pools` are the pools of the segment the claim concerns (`cover::backing_pools`).
pub fn claim_submit(
    claimant: &Pubkey,
    product_id: u32,
    cover: &Pubkey,
    cover_asset: &Pubkey,
    seq: u8,
    pools: &[u32],
    args: ClaimSubmitArgs,
) -> Instruction {
    let mut ix = build(
        mutual::accounts::ClaimSubmit {
            claimant: *claimant,
            config: pda::config().0,
            capital_snapshot: pda::capital_snapshot().0,
            product: pda::product(product_id).0,
            cover: *cover,
            asset: pda::asset(cover_asset).0,
            sol_asset: pda::asset(&anchor_spl::token::spl_token::native_mint::ID).0,
            claim: pda::claim(cover, seq).0,
            system_program: system_program::ID,
        },
        mutual::instruction::ClaimSubmit { args },
    );
    ix.accounts.extend(pool_accounts(pools));
    ix
}

fn claim_voting(voter: &Pubkey, claim: &Pubkey) -> mutual::accounts::ClaimVoting {
    mutual::accounts::ClaimVoting {
        voter: *voter,
        config: pda::config().0,
        member: pda::member(voter).0,
        assessor: pda::assessor_stake(voter).0,
        claim: *claim,
        vote: pda::vote(claim, voter).0,
        capital_snapshot: pda::capital_snapshot().0,
        system_program: system_program::ID,
    }
}

/// `claim_vote`: an open vote on `claim`.
pub fn claim_vote(voter: &Pubkey, claim: &Pubkey, accept: bool) -> Instruction {
    build(
        claim_voting(voter, claim),
        mutual::instruction::ClaimVote { accept },
    )
}

/// `claim_vote_commit`: a hidden vote; `commitment` is `mutual::state::Vote::commitment(accept, salt, voter,
/// claim)`.
pub fn claim_vote_commit(voter: &Pubkey, claim: &Pubkey, commitment: [u8; 32]) -> Instruction {
    build(
        claim_voting(voter, claim),
        mutual::instruction::ClaimVoteCommit { commitment },
    )
}

/// `claim_vote_reveal`: opens the voter's commitment on `claim`.
pub fn claim_vote_reveal(
    voter: &Pubkey,
    claim: &Pubkey,
    accept: bool,
    salt: [u8; 32],
) -> Instruction {
    build(
        mutual::accounts::ClaimVoteReveal {
            voter: *voter,
            config: pda::config().0,
            assessor: pda::assessor_stake(voter).0,
            claim: *claim,
            vote: pda::vote(claim, voter).0,
            capital_snapshot: pda::capital_snapshot().0,
        },
        mutual::instruction::ClaimVoteReveal { accept, salt },
    )
}

/// The [Pool, pool vault] pairs of `pools`, both writable, in order: the accounts a payout burns from.
fn pool_vaults(pools: &[u32]) -> Vec<AccountMeta> {
    pools
        .iter()
        .flat_map(|id| {
            let pool = pda::pool(*id).0;
            [
                AccountMeta::new(pool, false),
                AccountMeta::new(pda::pool_vault(&pool).0, false),
            ]
        })
        .collect()
}

/// `claim_redeem_payout`: the claimant of an accepted `claim` on `cover` takes the payout into `payout_to` (an
/// account of the cover asset). `pools` are the claim's pools in its order (`Claim::pools`).
pub fn claim_redeem_payout(
    claimant: &Pubkey,
    claim: &Pubkey,
    cover: &Pubkey,
    paid: &Payout,
    base: &Payout,
    pools: &[u32],
) -> Instruction {
    let mut ix = build(
        mutual::accounts::ClaimRedeemPayout {
            claimant: *claimant,
            config: pda::config().0,
            capital_snapshot: pda::capital_snapshot().0,
            claim: *claim,
            cover: *cover,
            asset: pda::asset(&paid.asset.mint).0,
            asset_mint: paid.asset.mint,
            vault: pda::asset_vault(&paid.asset.mint).0,
            payout_to: paid.to,
            stake_mint: pda::stake_mint().0,
            asset_token_program: paid.asset.token_program,
            stake_token_program: anchor_spl::token_2022::ID,
            base_asset: pda::asset(&base.asset.mint).0,
            base_mint: base.asset.mint,
            base_vault: pda::asset_vault(&base.asset.mint).0,
            base_payout_to: base.to,
            base_token_program: base.asset.token_program,
        },
        mutual::instruction::ClaimRedeemPayout {},
    );
    ix.accounts.extend(pool_vaults(pools));
    ix
}

/// Where a payout in one asset goes: the asset, and the claimant's token account of it.
#[derive(Clone, Copy, Debug)]
pub struct Payout {
    pub asset: CoverAsset,
    pub to: Pubkey,
}

/// `claim_close`: permissionless; settles a denied or lapsed claim on `cover` (its deposit to the treasury).
/// The claim's asset and the base asset name their vaults (a lapse needs them able to pay); `pools` are the
/// claim's pools in its order (`Claim::pools`).
pub fn claim_close(
    claim: &Pubkey,
    cover: &Pubkey,
    (asset_mint, base_mint): (&Pubkey, &Pubkey),
    pools: &[u32],
) -> Instruction {
    let mut ix = build(
        mutual::accounts::ClaimClose {
            config: pda::config().0,
            claim: *claim,
            cover: *cover,
            capital_snapshot: pda::capital_snapshot().0,
            treasury: pda::treasury().0,
            asset: pda::asset(asset_mint).0,
            vault: pda::asset_vault(asset_mint).0,
            base_asset: pda::asset(base_mint).0,
            base_vault: pda::asset_vault(base_mint).0,
        },
        mutual::instruction::ClaimClose {},
    );
    ix.accounts.extend(pool_accounts(pools));
    ix
}

/// `claim_fraud_undo_votes`: permissionless; undoes the flagged assessor `wallet`'s votes on `claims` (at most
/// 8 per call).
pub fn claim_fraud_undo_votes(wallet: &Pubkey, claims: &[Pubkey]) -> Instruction {
    let mut ix = build(
        mutual::accounts::ClaimFraudUndoVotes {
            config: pda::config().0,
            assessor: pda::assessor_stake(wallet).0,
            capital_snapshot: pda::capital_snapshot().0,
        },
        mutual::instruction::ClaimFraudUndoVotes {},
    );
    ix.accounts.extend(claims.iter().flat_map(|claim| {
        [
            AccountMeta::new(*claim, false),
            AccountMeta::new(pda::vote(claim, wallet).0, false),
        ]
    }));
    ix
}

/// `vote_reward_claim`: the voter takes their share of `claim`'s reward, and their vote closes.
pub fn vote_reward_claim(voter: &Pubkey, claim: &Pubkey) -> Instruction {
    build(
        mutual::accounts::VoteRewardClaim {
            voter: *voter,
            member: pda::member(voter).0,
            assessor: pda::assessor_stake(voter).0,
            config: pda::config().0,
            claim: *claim,
            vote: pda::vote(claim, voter).0,
            stake_account: pda::stake_account(voter),
            stake_mint: pda::stake_mint().0,
            token_program: anchor_spl::token_2022::ID,
        },
        mutual::instruction::VoteRewardClaim {},
    )
}
