//! Claims off chain: the claims, votes and assessor records, the instructions that need chain state to build
//! (the cover's product, pools and asset), and the view of a poll a voter decides from. The phase comes from the
//! program's own `math::claims::poll_phase`, so the SDK and the chain agree on every boundary to the second.
use crate::ix::{self, CoverAsset};
use crate::staking::owned_by;
use crate::{fetch, pda, Result, SdkError, Transport};
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{require, require_keys_eq};
use mutual::errors::MutualError;
use mutual::instructions::ClaimSubmitArgs;
/// Where a claim's poll stands: voting, revealing, or decided.
pub use mutual::math::claims::PollPhase;
use mutual::math::prices::{base_to_stake, Side};
use mutual::state::{
    AssessorStake, Asset, CapitalSnapshot, Claim, ClaimStatus, ClaimTerms, Config, Cover, Pool,
    Product, Vote,
};

pub fn claim(chain: &impl Transport, address: &Pubkey) -> Result<Option<Claim>> {
    fetch::anchor_account(chain, address)
}

/// The vote of the assessor `wallet` on `claim`, while it is open (its reward not yet taken).
pub fn vote(chain: &impl Transport, claim: &Pubkey, wallet: &Pubkey) -> Result<Option<Vote>> {
    fetch::anchor_account(chain, &pda::vote(claim, wallet).0)
}

pub fn assessor(chain: &impl Transport, wallet: &Pubkey) -> Result<Option<AssessorStake>> {
    fetch::anchor_account(chain, &pda::assessor_stake(wallet).0)
}

fn claim_of(chain: &impl Transport, address: &Pubkey) -> Result<Claim> {
    claim(chain, address)?.ok_or(SdkError::Missing(crate::errors::Missing::Claim(*address)))
}

/// What a vote on a claim is cast from: the claim, the voter's weight in its poll, the config (the lock a vote
/// sets) and the chain's time.
#[derive(Clone, Debug)]
pub struct Ballot {
    pub voter: Pubkey,
    pub address: Pubkey,
    pub claim: Claim,
    pub weight: u64,
    pub config: Config,
    pub now: i64,
}

impl Ballot {
    /// `voter`'s ballot on the claim at `address`, checked in the program's order: the accounts (the claim, the
    /// voter's assessor stake: `Missing::AssessorStake`), the claimant rule (`ClaimantCannotVote`), the weight
    /// from before the claim was filed, and one vote per assessor and claim (`AlreadyInitialized`). One
    /// `getMultipleAccounts`.
    pub fn load(chain: &impl Transport, voter: &Pubkey, address: &Pubkey) -> Result<Self> {
        let addresses = [
            *address,
            pda::assessor_stake(voter).0,
            pda::vote(address, voter).0,
            pda::config().0,
        ];
        let [claim, assessor, vote, config] = fetch::accounts(chain, &addresses)?;
        if claim.is_none() {
            return Err(SdkError::Missing(crate::errors::Missing::Claim(*address)));
        }
        let claim: Claim = fetch::decode(address, claim)?;
        if assessor.is_none() {
            return Err(SdkError::Missing(crate::errors::Missing::AssessorStake(
                *voter,
            )));
        }
        let assessor: AssessorStake = fetch::decode(&addresses[1], assessor)?;
        let refuse = |e: MutualError| SdkError::refused(e.into());
        if claim.claimant == *voter {
            return Err(refuse(MutualError::ClaimantCannotVote));
        }
        let weight = assessor
            .weight_for(claim.submitted_at)
            .map_err(SdkError::refused)?;
        if vote.is_some() {
            // The vote's address is taken: one vote per assessor and claim.
            return Err(refuse(MutualError::AlreadyInitialized));
        }
        Ok(Ballot {
            voter: *voter,
            address: *address,
            claim,
            weight,
            config: fetch::decode(&addresses[3], config)?,
            now: chain.unix_timestamp()?,
        })
    }

    /// The claim after an open vote of `accept`, by the program's own `Claim::vote`: refused as the chain
    /// refuses it (a commit-reveal poll, a poll no longer voting, a first vote that denies).
    pub fn after_vote(&self, accept: bool) -> Result<Claim> {
        let mut after = self.claim.clone();
        after
            .vote(accept, self.weight, self.now)
            .map_err(SdkError::refused)?;
        Ok(after)
    }
}

/// A reveal of a hidden vote, checked in the program's order: a flagged assessor may not reveal, then the
/// commitment must open to the choice and salt, then the poll must be revealing. One `getMultipleAccounts`.
#[derive(Clone, Debug)]
pub struct Reveal {
    pub claim: Claim,
    pub vote: Vote,
    /// The claim once the reveal is counted.
    pub after: Claim,
    pub now: i64,
}

impl Reveal {
    pub fn load(
        chain: &impl Transport,
        voter: &Pubkey,
        address: &Pubkey,
        accept: bool,
        salt: &[u8; 32],
    ) -> Result<Self> {
        let addresses = [
            *address,
            pda::vote(address, voter).0,
            pda::assessor_stake(voter).0,
        ];
        let [claim, vote, assessor] = fetch::accounts(chain, &addresses)?;
        if claim.is_none() {
            return Err(SdkError::Missing(crate::errors::Missing::Claim(*address)));
        }
        let claim: Claim = fetch::decode(address, claim)?;
        if vote.is_none() {
            return Err(SdkError::Missing(crate::errors::Missing::Vote {
                claim: *address,
                voter: *voter,
            }));
        }
        let vote: Vote = fetch::decode(&addresses[1], vote)?;
        if let Some(assessor) = fetch::decode_optional::<AssessorStake>(&addresses[2], assessor)? {
            assessor.require_not_banned().map_err(SdkError::refused)?;
        }
        vote.clone()
            .reveal(accept, salt, voter, address)
            .map_err(SdkError::refused)?;
        let now = chain.unix_timestamp()?;
        let mut after = claim.clone();
        after
            .reveal(accept, vote.weight, now)
            .map_err(SdkError::refused)?;
        Ok(Reveal {
            claim,
            vote,
            after,
            now,
        })
    }
}

/// Everything a claim on a cover is priced from, in one `getMultipleAccounts`.
#[derive(Clone, Debug)]
pub struct Filing {
    pub config: Config,
    pub snapshot: CapitalSnapshot,
    pub product: Product,
    pub asset: Asset,
    /// The wrapped-SOL asset, once registered: the deposit is the reward's value in lamports at its price.
    pub sol_asset: Option<Asset>,
}

impl Filing {
    pub fn load(chain: &impl Transport, cover: &Cover) -> Result<Self> {
        let sol_address = pda::asset(&anchor_spl::token::spl_token::native_mint::ID).0;
        let addresses = [
            pda::config().0,
            pda::capital_snapshot().0,
            cover.product,
            pda::asset(&cover.asset).0,
            sol_address,
        ];
        let [config, snapshot, product, asset, sol_asset] = fetch::accounts(chain, &addresses)?;
        // As `claim_submit` reads it: only an account the program owns at the asset's seeds is the asset.
        let sol_asset = match sol_asset {
            Some(account) if account.owner == mutual::ID => {
                Some(fetch::decode(&sol_address, Some(account))?)
            }
            _ => None,
        };
        Ok(Filing {
            config: fetch::decode(&addresses[0], config)?,
            snapshot: fetch::decode(&addresses[1], snapshot)?,
            product: fetch::decode(&addresses[2], product)?,
            asset: fetch::decode(&addresses[3], asset)?,
            sol_asset,
        })
    }

    /// The liability, reward and deposit of a claim of `amount` on `cover`: `claim_submit`'s own
    /// `ClaimTerms::price`, so the quote is what the chain will charge at this snapshot.
    pub fn terms(&self, cover: &Cover, amount: u64) -> Result<ClaimTerms> {
        ClaimTerms::price(
            &self.config.params,
            self.snapshot.book_value,
            &self.asset,
            self.sol_asset.as_ref(),
            amount,
            cover.period,
        )
        .map_err(SdkError::refused)
    }

    /// Whether the claim's poll is commit-reveal.
    pub fn commit_reveal(&self) -> bool {
        self.config.commit_reveal(&self.product.terms)
    }
}

/// The stake a payout of `claim` burns from each of its `pools` (as `staking::as_processed` gives them, in
/// `claim.pools()` order: the segment the claim concerns), computed as `claim_redeem_payout` does: its amount is
/// valued at `asset`'s recorded high price (the price at payout, decision 65) and priced in stake at the book
/// value of the recorded capital (gross of every pending payout) over `stake_supply`, the stake mint's; each pool
/// burns its `Claim::payout_burn` at the capacity ratio the segment was bought at, at most its active stake.
/// Pools that are not the claim's are refused as the chain refuses them (`CoverPoolsMismatch`).
pub fn payout_burns(
    claim: &Claim,
    pools: &[Pool],
    asset: &Asset,
    snapshot: &CapitalSnapshot,
    stake_supply: u64,
    params: &mutual::state::Params,
    now: i64,
) -> Result<Vec<u64>> {
    let quote = || -> anchor_lang::Result<Vec<u64>> {
        let allocations = claim.pools();
        require!(
            pools.len() == allocations.len()
                && allocations
                    .iter()
                    .zip(pools)
                    .all(|(a, p)| a.pool_id == p.id),
            MutualError::CoverPoolsMismatch
        );
        require_keys_eq!(asset.mint, claim.asset, MutualError::WrongClaimAccount);
        claim.require_redeemable(now)?;
        let payout_value = asset.to_base(claim.amount, Side::Liability)?;
        let book_value = snapshot.book_value_at(stake_supply, params)?;
        let payout_stake = base_to_stake(payout_value, book_value)?;
        allocations
            .iter()
            .zip(pools)
            .map(|(allocation, pool)| {
                let share = claim.payout_burn(allocation, payout_stake, pool.active_stake)?;
                pool.clone().burn_stake(share)
            })
            .collect()
    };
    quote().map_err(SdkError::refused)
}

/// `claim_submit` for the owner of the cover at `cover_address`, and the new claim's address. The claim
/// concerns the segment in force at the chain's time now (the one a renewal replaced, until the renewal
/// starts), and takes that segment's pools.
pub fn submit_ix(
    chain: &impl Transport,
    claimant: &Pubkey,
    cover_address: &Pubkey,
    args: ClaimSubmitArgs,
) -> Result<(Instruction, Pubkey)> {
    let (cover, prior) = crate::cover::cover_with_prior(chain, cover_address)?.ok_or(
        SdkError::Missing(crate::errors::Missing::CoverAt(*cover_address)),
    )?;
    let product: mutual::state::Product =
        fetch::decode(&cover.product, chain.get_account(&cover.product)?)?;
    let now = chain.unix_timestamp()?;
    let backing = cover
        .backing_at(now, prior.as_ref())
        .map_err(SdkError::refused)?;
    let pools: Vec<u32> = backing.pools().iter().map(|a| a.pool_id).collect();
    let claim = pda::claim(cover_address, cover.claim_count).0;
    let ix = ix::claim_submit(
        claimant,
        product.id,
        cover_address,
        &cover.asset,
        cover.claim_count,
        &pools,
        args,
    );
    Ok((ix, claim))
}

/// The pool ids of `claim`'s segment, in its order: what its payout burns and its settlement releases.
pub fn claim_pools(claim: &Claim) -> Vec<u32> {
    claim.pools().iter().map(|a| a.pool_id).collect()
}

/// `claim_redeem_payout` of the claim at `claim_address` into `payout_to`, with the claim's pools. A non-base
/// claim's shortfall, if its vault cannot pay it all, goes to the claimant's associated account of the base
/// asset (decision 67; `redeem_ix_to` names another).
pub fn redeem_ix(
    chain: &impl Transport,
    claimant: &Pubkey,
    claim_address: &Pubkey,
    payout_to: &Pubkey,
) -> Result<Instruction> {
    let base = fetch::config(chain)?.base_asset;
    let base_asset = fetch::asset(chain, &base)?;
    let base_to = if claim_of(chain, claim_address)?.asset == base {
        *payout_to
    } else {
        pda::associated_token(claimant, &base, &base_asset.token_program)
    };
    redeem_ix_to(chain, claimant, claim_address, payout_to, &base_to)
}

/// `redeem_ix` with the base asset's part paid to `base_payout_to`.
pub fn redeem_ix_to(
    chain: &impl Transport,
    claimant: &Pubkey,
    claim_address: &Pubkey,
    payout_to: &Pubkey,
    base_payout_to: &Pubkey,
) -> Result<Instruction> {
    let claim = claim_of(chain, claim_address)?;
    let asset = fetch::asset(chain, &claim.asset)?;
    let base = fetch::asset(chain, &fetch::config(chain)?.base_asset)?;
    let payout = |asset: &Asset, to: &Pubkey| ix::Payout {
        asset: CoverAsset {
            mint: asset.mint,
            token_program: asset.token_program,
        },
        to: *to,
    };
    Ok(ix::claim_redeem_payout(
        claimant,
        claim_address,
        &claim.cover,
        &payout(&asset, payout_to),
        &payout(&base, base_payout_to),
        &claim_pools(&claim),
    ))
}

/// The payout of an accepted claim, planned with the program's own rules before anything is signed: who is paid
/// what (in kind up to what the claim's vault holds, a non-base claim's shortfall in the base asset at μ + σ,
/// decision 67), the stake each pool burns, and the instructions that pay it: the payout accounts to create, a
/// refresh when the base part needs fresher prices, the pools' expiry cranks, then `claim_redeem_payout`.
#[derive(Clone, Debug)]
pub struct RedeemPlan {
    pub address: Pubkey,
    pub claim: Claim,
    pub asset: Asset,
    pub base: Asset,
    pub split: mutual::state::PayoutSplit,
    pub payout_to: Pubkey,
    pub base_to: Pubkey,
    /// The pools of the segment the claim concerns (a renewal after the filing does not move them).
    pub pool_ids: Vec<u32>,
    pub pool_addresses: Vec<Pubkey>,
    /// The pools as the payout finds them (processed up to now), and what each burns.
    pub before: Vec<Pool>,
    pub burnt: Vec<u64>,
    pub ixs: Vec<Instruction>,
}

impl RedeemPlan {
    /// `claimant`'s payout of the claim at `address`, to `to` (the claimant's associated account of the asset
    /// when `None`). Refused as the chain refuses it: `NotClaimant`, a claim not redeemable now, or vaults that
    /// cannot pay it (`InsufficientCapital`).
    pub fn load(
        chain: &impl Transport,
        claimant: &Pubkey,
        address: &Pubkey,
        to: Option<Pubkey>,
    ) -> Result<Self> {
        let refuse = |e: MutualError| SdkError::refused(e.into());
        let claim = claim_of(chain, address)?;
        if claim.claimant != *claimant {
            return Err(refuse(MutualError::NotClaimant));
        }
        let now = chain.unix_timestamp()?;
        claim.require_redeemable(now).map_err(SdkError::refused)?;
        let config = fetch::config(chain)?;
        let asset = fetch::asset(chain, &claim.asset)?;
        let base = fetch::asset(chain, &config.base_asset)?;
        let snapshot = fetch::capital_snapshot(chain)?;
        let pool_ids = claim_pools(&claim);
        let pool_addresses: Vec<Pubkey> = pool_ids.iter().map(|id| pda::pool(*id).0).collect();
        let pools: Vec<Pool> = fetch::decode_all(chain, &pool_addresses)?;
        let before: Vec<Pool> = pools
            .iter()
            .map(|p| crate::staking::as_processed(p, now))
            .collect();
        let supply = fetch::mint(chain, &pda::stake_mint().0)?.supply;
        let burnt = payout_burns(
            &claim,
            &before,
            &asset,
            &snapshot,
            supply,
            &config.params,
            now,
        )?;
        let mut ixs: Vec<Instruction> = Vec::new();
        // A payout account to create, unless it exists: the claimant's own, for the asset and the base asset.
        let mut account_of = |asset: &Asset, needed: bool| -> Result<Pubkey> {
            let ata = pda::associated_token(claimant, &asset.mint, &asset.token_program);
            if needed && chain.get_account(&ata)?.is_none() {
                ixs.push(crate::spl::create_associated_account(
                    claimant,
                    claimant,
                    &asset.mint,
                    &asset.token_program,
                ));
            }
            Ok(ata)
        };
        let payout_to = match to {
            Some(to) => to,
            None => account_of(&asset, true)?,
        };
        let split = asset
            .payout_split(claim.amount, fetch::token_balance(chain, &asset.vault)?)
            .map_err(SdkError::refused)?;
        if !split.payable(fetch::token_balance(chain, &base.vault)?) {
            return Err(refuse(MutualError::InsufficientCapital));
        }
        let base_to = if asset.is_base() {
            payout_to
        } else {
            account_of(&base, split.in_base > 0)?
        };
        // The base part is paid at prices at most oracle_max_age old: refresh in front when they are older.
        if split.in_base > 0
            && !snapshot
                .is_priced(config.params.oracle_max_age, now)
                .map_err(SdkError::refused)?
        {
            ixs.push(crate::capital::refresh_ix(chain)?);
        }
        for pool in &pools {
            ixs.extend(crate::staking::catch_up(pool, now));
        }
        let payout = |asset: &Asset, to: Pubkey| ix::Payout {
            asset: CoverAsset {
                mint: asset.mint,
                token_program: asset.token_program,
            },
            to,
        };
        ixs.push(ix::claim_redeem_payout(
            claimant,
            address,
            &claim.cover,
            &payout(&asset, payout_to),
            &payout(&base, base_to),
            &pool_ids,
        ));
        Ok(RedeemPlan {
            address: *address,
            claim,
            asset,
            base,
            split,
            payout_to,
            base_to,
            pool_ids,
            pool_addresses,
            before,
            burnt,
            ixs,
        })
    }
}

/// `claim_close` of the claim at `claim_address`.
pub fn close_ix(chain: &impl Transport, claim_address: &Pubkey) -> Result<Instruction> {
    let claim = claim_of(chain, claim_address)?;
    let base = fetch::config(chain)?.base_asset;
    Ok(ix::claim_close(
        claim_address,
        &claim.cover,
        (&claim.asset, &base),
        &claim_pools(&claim),
    ))
}

/// A claim as a voter or claimant sees it at a moment.
#[derive(Clone, Debug)]
pub struct ClaimView {
    pub address: Pubkey,
    pub claim: Claim,
    pub phase: PollPhase,
    /// Seconds until the current phase ends (0 once closed, or once the claim is settled).
    pub time_left: i64,
    /// The tally, or `None` while a commit-reveal poll hides it.
    pub tally: Option<(u64, u64)>,
    /// The wording the claim is judged against, as the product publishes it now (the hash is the claim's).
    pub wording_uri: String,
}

impl ClaimView {
    pub fn new(address: Pubkey, claim: Claim, wording_uri: String, now: i64) -> Result<Self> {
        let phase = claim.phase(now).map_err(SdkError::refused)?;
        let ends = phase_end(&claim, phase).map_err(SdkError::refused)?;
        let hidden = claim.commit_reveal && phase == PollPhase::Voting;
        Ok(ClaimView {
            address,
            tally: (!hidden).then_some((claim.accept, claim.deny)),
            time_left: if claim.status == ClaimStatus::Open {
                (ends - now).max(0)
            } else {
                0
            },
            phase,
            wording_uri,
            claim,
        })
    }

    /// Whether an assessor may vote (or commit) on it now.
    pub fn is_voting(&self) -> bool {
        self.claim.status == ClaimStatus::Open && self.phase == PollPhase::Voting
    }
}

/// When `phase` of `claim` ends.
fn phase_end(claim: &Claim, phase: PollPhase) -> anchor_lang::Result<i64> {
    let times = claim.times;
    let cooled = claim.cooldown_end()?;
    Ok(match phase {
        PollPhase::Voting if claim.end == 0 => claim.submitted_at + i64::from(times.max_poll),
        PollPhase::Voting => claim.end,
        PollPhase::Reveal => claim.tally_end()?,
        PollPhase::Cooldown => cooled,
        PollPhase::PayoutWindow => cooled + i64::from(times.payout_window),
        PollPhase::Closed => cooled + i64::from(times.payout_window),
    })
}

/// Where a claim's status byte sits: discriminator 8, version 1, bump 1, seq 1.
const STATUS_OFFSET: usize = 8 + 3;

/// Every claim, as seen at the chain's time, oldest first; `open_only` keeps those taking votes. A filtered
/// getProgramAccounts (only claims still open, with `open_only`), then one getMultipleAccounts of their
/// products.
pub fn claims(chain: &impl Transport, open_only: bool) -> Result<Vec<ClaimView>> {
    let views = listing(chain, open_only)?;
    Ok(views
        .into_iter()
        .filter(|v| !open_only || v.is_voting())
        .collect())
}

/// The claims whose status is still `Open` (voting, revealing or cooling down), oldest first: filtered by status
/// on the node, so settled claims are never read.
pub fn open_claims(chain: &impl Transport) -> Result<Vec<ClaimView>> {
    listing(chain, true)
}

/// Every claim, or those whose status is `Open`, as seen at the chain's time, oldest first.
fn listing(chain: &impl Transport, status_open: bool) -> Result<Vec<ClaimView>> {
    let now = chain.unix_timestamp()?;
    let [size, kind] = crate::transport::AccountFilter::of_type::<Claim>(Claim::SIZE);
    let mut filters = vec![size, kind];
    if status_open {
        filters.push(crate::transport::AccountFilter::Memcmp {
            offset: STATUS_OFFSET,
            bytes: borsh_of(&ClaimStatus::Open),
        });
    }
    let found: Vec<(Pubkey, Claim)> =
        crate::staking::decode_listing(chain.program_accounts(&filters)?)?;
    let mut products: Vec<Pubkey> = found.iter().map(|(_, c)| c.product).collect();
    products.sort();
    products.dedup();
    let accounts = chain.get_multiple_accounts(&products)?;
    let mut wording = std::collections::HashMap::new();
    for (address, account) in products.iter().zip(accounts) {
        let product: mutual::state::Product = fetch::decode(address, account)?;
        wording.insert(*address, product.terms.wording_uri);
    }
    let mut views = Vec::new();
    for (address, claim) in found {
        let uri = wording.get(&claim.product).cloned().unwrap_or_default();
        views.push(ClaimView::new(address, claim, uri, now)?);
    }
    views.sort_by_key(|v| (v.claim.submitted_at, v.address));
    Ok(views)
}

fn borsh_of(status: &ClaimStatus) -> Vec<u8> {
    let mut bytes = Vec::new();
    anchor_lang::AnchorSerialize::serialize(status, &mut bytes).unwrap_or_default();
    bytes
}

/// The claims on which `wallet` has a vote not yet undone as fraud: a scan of every claim (a vote does not
/// name its voter), then their votes by address in one getMultipleAccounts.
pub fn unforfeited_votes(chain: &impl Transport, wallet: &Pubkey) -> Result<Vec<Pubkey>> {
    let [size, kind] = crate::transport::AccountFilter::of_type::<Claim>(Claim::SIZE);
    let claims: Vec<Pubkey> = chain
        .program_accounts(&[size, kind])?
        .into_iter()
        .map(|(address, _)| address)
        .collect();
    let votes: Vec<Pubkey> = claims.iter().map(|c| pda::vote(c, wallet).0).collect();
    let accounts = chain.get_multiple_accounts(&votes)?;
    let mut pending = Vec::new();
    for ((claim, address), account) in claims.iter().zip(&votes).zip(accounts) {
        if let Some(vote) = fetch::decode_optional::<mutual::state::Vote>(address, account)? {
            if !vote.forfeited {
                pending.push(*claim);
            }
        }
    }
    Ok(pending)
}

/// The claims filed by `claimant`.
pub fn claims_of(chain: &impl Transport, claimant: &Pubkey) -> Result<Vec<(Pubkey, Claim)>> {
    // discriminator 8, version 1, bump 1, seq 1, status 1, commit_reveal 1, cover 32, product 32
    const CLAIMANT_OFFSET: usize = 8 + 5 + 32 + 32;
    let mut claims: Vec<(Pubkey, Claim)> = owned_by(chain, Claim::SIZE, CLAIMANT_OFFSET, claimant)?;
    claims.sort_by_key(|(_, c)| (c.submitted_at, c.cover, c.seq));
    Ok(claims)
}
