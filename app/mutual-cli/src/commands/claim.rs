//! `mutual claim …`: file a claim on a cover, follow its poll, take the payout or settle it. Whatever the program
//! checks that can be checked off chain is run first with the program's own state methods (`Cover::file_claim`,
//! `Claim::require_redeemable`, `Claim::settle_unpaid`), so a refusal prints as the chain's error, by name, before
//! anything is shown for signing.
use super::refused;
use crate::amounts::TokenAmount;
use crate::chain::{parse_hex32, parse_pubkey, Session};
use crate::output::{amount_cell, duration, hex, mut_tokens, sol, units, Amount, Report, Row};
use crate::{CliError, Result};
use clap::Subcommand;
use mutual::constants::{MAX_EVIDENCE_URI_LEN, STAKE_DECIMALS};
use mutual::errors::MutualError;
use mutual::instructions::ClaimSubmitArgs;
use mutual::state::{Asset, Claim, ClaimStatus, Pool, Product};
use mutual_sdk::claims::PollPhase;
use mutual_sdk::claims::{self, ClaimView};
use mutual_sdk::errors::Missing;
use mutual_sdk::{fetch, ix, pda, MutualEvent, Pubkey, SdkError, Signer, Transport};
use serde_json::{json, Value};
use std::collections::hash_map::{Entry, HashMap};
use std::io::BufRead;

#[derive(Subcommand, Debug)]
pub enum ClaimCommand {
    /// File a claim on a cover you own (a deposit in SOL is held, refunded if the claim is accepted).
    Submit {
        /// The cover: its address, or PRODUCT/SEQ as `cover show` names it.
        #[arg(long)]
        cover: String,
        /// Claimed, in tokens of the cover asset: at most the cover amount less what claims paid out.
        #[arg(long, allow_hyphen_values = true)]
        amount: TokenAmount,
        /// Where the evidence is published (at most 128 bytes).
        #[arg(long)]
        evidence_uri: String,
        /// SHA-256 of the evidence, hex; defaults to the hash of the URI.
        #[arg(long)]
        evidence_hash: Option<String>,
    },
    /// One claim: its poll (phase, time left, tally or hidden), the wording it is judged against, the evidence.
    Show {
        /// The claim's address.
        claim: String,
    },
    /// Claims, oldest first: --open keeps those taking votes now, --mine those the signer filed.
    List {
        #[arg(long)]
        open: bool,
        #[arg(long)]
        mine: bool,
    },
    /// Take the payout of an accepted claim, after its cooldown and within the payout window (the claimant).
    Redeem {
        /// The claim's address.
        claim: String,
        /// Token account of the cover asset that receives the payout; the signer's associated account when
        /// omitted (created if missing).
        #[arg(long)]
        to: Option<String>,
    },
    /// Settle a denied claim (the deposit goes to the treasury) or a lapsed one (back to the claimant); anyone
    /// may.
    Close {
        /// The claim's address.
        claim: String,
    },
    /// Undo a flagged assessor's votes (anyone; 8 a transaction until none is left): they earn nothing, and leave
    /// the tally of polls not yet final.
    UndoFraud {
        /// The flagged assessor's wallet.
        assessor: String,
    },
}

pub fn run(session: &Session, cmd: ClaimCommand, input: &mut dyn BufRead) -> Result<Report> {
    match cmd {
        ClaimCommand::Submit {
            cover,
            amount,
            evidence_uri,
            evidence_hash,
        } => submit(session, &cover, &amount, evidence_uri, evidence_hash, input),
        ClaimCommand::Show { claim } => show(session, &claim),
        ClaimCommand::List { open, mine } => list(session, open, mine),
        ClaimCommand::Redeem { claim, to } => redeem(session, &claim, to.as_deref(), input),
        ClaimCommand::Close { claim } => close(session, &claim, input),
        ClaimCommand::UndoFraud { assessor } => undo_fraud(session, &assessor, input),
    }
}

/// A claim named by its address, or as PRODUCT/COVER/N: the N-th claim (from 0) on cover PRODUCT/COVER.
pub(super) fn parse_claim(value: &str) -> Result<Pubkey> {
    let parts: Vec<&str> = value.split('/').collect();
    let [product, cover, n] = parts.as_slice() else {
        return parse_pubkey(value, "CLAIM");
    };
    let bad = || {
        CliError::Usage(format!(
            "CLAIM {value}: expected an address or PRODUCT/COVER/N"
        ))
    };
    let cover = mutual_sdk::cover::cover_address(
        product.parse().map_err(|_| bad())?,
        cover.parse().map_err(|_| bad())?,
    );
    Ok(mutual_sdk::pda::claim(&cover, n.parse().map_err(|_| bad())?).0)
}

/// The claim at `address`, which must exist.
pub(super) fn decode_claim(
    address: &Pubkey,
    account: Option<solana_account::Account>,
) -> Result<Claim> {
    if account.is_none() {
        return Err(SdkError::Missing(Missing::Claim(*address)).into());
    }
    Ok(fetch::decode(address, account)?)
}

/// Undoes a flagged assessor's votes, 8 a transaction, until none is left: the claims they voted on are found
/// with a scan of claims (votes do not name their voter), their votes read in one getMultipleAccounts.
fn undo_fraud(session: &Session, assessor: &str, input: &mut dyn BufRead) -> Result<Report> {
    let wallet = crate::chain::parse_pubkey(assessor, "assessor")?;
    let stake = claims::assessor(&session.chain, &wallet)?
        .ok_or_else(|| CliError::Usage(format!("{wallet} has never staked as an assessor")))?;
    if !stake.fraud {
        return Err(refused(MutualError::AssessorNotFlagged));
    }
    let pending = claims::unforfeited_votes(&session.chain, &wallet)?;
    if pending.is_empty() {
        return Ok(
            Report::new(format!("no vote of {wallet} is left to undo")).field("votes", "0", 0)
        );
    }
    let batches: Vec<&[Pubkey]> = pending
        .chunks(mutual::constants::MAX_FRAUD_UNDO_BATCH)
        .collect();
    let review = [
        (
            "action",
            format!(
                "undo {} vote(s) of the flagged assessor {wallet}",
                pending.len()
            ),
        ),
        ("transactions", batches.len().to_string()),
    ];
    session.confirm(&review, input)?;
    let mut signatures = Vec::new();
    for batch in batches {
        signatures.push(
            session
                .send(&[ix::claim_fraud_undo_votes(&wallet, batch)])?
                .signature,
        );
    }
    Ok(Report::new("votes undone")
        .text("assessor", wallet)
        .field("votes", pending.len().to_string(), pending.len())
        .list(
            "signatures",
            signatures
                .into_iter()
                .map(|s| vec![("signature", s.clone(), json!(s))])
                .collect(),
        ))
}

/// A cover named by its address or as PRODUCT/SEQ.
fn parse_cover(value: &str) -> Result<Pubkey> {
    let Some((product, seq)) = value.split_once('/') else {
        return parse_pubkey(value, "--cover");
    };
    let bad = || {
        CliError::Usage(format!(
            "--cover {value}: expected an address or PRODUCT/SEQ"
        ))
    };
    let product = product.parse().map_err(|_| bad())?;
    let seq = seq.parse().map_err(|_| bad())?;
    Ok(mutual_sdk::cover::cover_address(product, seq))
}

pub(crate) fn phase_name(phase: PollPhase) -> &'static str {
    match phase {
        PollPhase::Voting => "voting",
        PollPhase::Reveal => "reveal",
        PollPhase::Cooldown => "cooldown",
        PollPhase::PayoutWindow => "payout-window",
        PollPhase::Closed => "closed",
    }
}

fn status_name(status: ClaimStatus) -> &'static str {
    match status {
        ClaimStatus::Open => "open",
        ClaimStatus::Paid => "paid",
        ClaimStatus::Denied => "denied",
        ClaimStatus::Lapsed => "lapsed",
        // A status added by a newer program than this CLI.
        _ => "unknown",
    }
}

/// Where a claim stands: its phase while open, its status once settled.
pub(crate) fn state_name(view: &ClaimView) -> &'static str {
    match view.claim.status {
        ClaimStatus::Open => phase_name(view.phase),
        status => status_name(status),
    }
}

/// The tally for people ("hidden" while a commit-reveal poll is voting) and as JSON.
pub(super) fn tally(view: &ClaimView) -> (String, Value) {
    match view.tally {
        None => ("hidden".into(), json!("hidden")),
        Some((accept, deny)) => (
            tally_text(accept, deny),
            json!({"accept": Amount::stake(accept).json(), "deny": Amount::stake(deny).json()}),
        ),
    }
}

pub(super) fn tally_text(accept: u64, deny: u64) -> String {
    format!(
        "accept {} / deny {} MUT",
        units(accept, STAKE_DECIMALS),
        units(deny, STAKE_DECIMALS)
    )
}

/// What the poll says so far, or how the claim ended.
fn outcome(view: &ClaimView) -> &'static str {
    let c = &view.claim;
    if c.status != ClaimStatus::Open {
        return status_name(c.status);
    }
    match view.phase {
        PollPhase::Voting | PollPhase::Reveal if view.tally.is_none() => "hidden",
        PollPhase::Voting | PollPhase::Reveal if c.accept == 0 && c.deny == 0 => "no votes yet",
        PollPhase::Voting | PollPhase::Reveal if c.accepted() => "accept leads",
        PollPhase::Voting | PollPhase::Reveal => "deny leads",
        _ if c.accepted() => "accepted",
        _ => "denied",
    }
}

/// Seconds until the current phase ends, for people and as JSON; nothing is left of a settled claim.
fn time_left(view: &ClaimView) -> (String, i64) {
    match view.claim.status {
        ClaimStatus::Open => (duration(view.time_left), view.time_left),
        _ => ("-".into(), view.time_left),
    }
}

fn voting_mode(commit_reveal: bool) -> &'static str {
    if commit_reveal {
        "commit-reveal"
    } else {
        "open"
    }
}

fn submit(
    session: &Session,
    cover_arg: &str,
    amount: &TokenAmount,
    evidence_uri: String,
    evidence_hash: Option<String>,
    input: &mut dyn BufRead,
) -> Result<Report> {
    let chain = &session.chain;
    let claimant = session.signer()?.pubkey();
    let cover_address = parse_cover(cover_arg)?;
    let (cover, prior) = mutual_sdk::cover::cover_with_prior(chain, &cover_address)?
        .ok_or(SdkError::Missing(Missing::CoverAt(cover_address)))?;
    if cover.owner != claimant {
        return Err(refused(MutualError::NotCoverOwner));
    }
    let decimals = fetch::asset(chain, &cover.asset)?.decimals;
    let amount = session.amount(amount, decimals, "--amount")?;
    if evidence_uri.len() > MAX_EVIDENCE_URI_LEN {
        return Err(refused(MutualError::EvidenceUriTooLong));
    }
    let evidence_hash = match &evidence_hash {
        Some(h) => parse_hex32(h, "--evidence-hash")?,
        None => solana_sha256_hasher::hash(evidence_uri.as_bytes()).to_bytes(),
    };
    let filing = claims::Filing::load(chain, &cover)?;
    let now = chain.unix_timestamp()?;
    // The program's filing rules on a copy of the cover. The slot rule (not in the purchase's slot) is left to
    // the chain: a client can't know the slot its transaction lands in.
    let claimable = cover.claimable().map_err(SdkError::refused)?;
    let pause_clock = filing
        .config
        .claims_pause_clock(now)
        .map_err(SdkError::refused)?;
    let (_, backing) = cover
        .clone()
        .file_claim(
            amount,
            now,
            cover.bought_slot.wrapping_add(1),
            pause_clock,
            prior.as_ref(),
        )
        .map_err(SdkError::refused)?;
    let terms = filing.terms(&cover, amount)?;
    let (reward, deposit) = (terms.reward, terms.deposit);
    let (product, decimals) = (&filing.product, filing.asset.decimals);
    // The claim periods as the cover bought them.
    let times = backing.poll_times;
    let commit_reveal = filing.commit_reveal();
    let voting = if commit_reveal {
        format!(
            "commit-reveal: hidden votes for {} from the first, then {} to reveal",
            duration(i64::from(times.voting_period)),
            duration(i64::from(times.reveal_period))
        )
    } else {
        format!(
            "open: {} from the first vote, which must accept",
            duration(i64::from(times.voting_period))
        )
    };
    let pools: Vec<u32> = backing.pools().iter().map(|a| a.pool_id).collect();
    let review = [
        (
            "action",
            format!(
                "file a claim on cover {}/{} ({})",
                product.id, cover.seq, product.terms.name
            ),
        ),
        (
            "amount",
            format!(
                "{} of the {} claimable",
                units(amount, decimals),
                units(claimable, decimals)
            ),
        ),
        (
            "evidence",
            format!("{evidence_uri} (sha256 {})", hex(&evidence_hash)),
        ),
        (
            "wording",
            format!(
                "{} (sha256 {}, as bought)",
                product.terms.wording_uri,
                hex(&backing.wording_hash)
            ),
        ),
        ("voting", voting),
        (
            "pools",
            format!("{pools:?}: their stake pays for it if accepted"),
        ),
        (
            "deposit",
            format!(
                "{}: refunded if accepted, to the treasury if denied",
                sol(deposit)
            ),
        ),
        (
            "reward",
            format!(
                "{} MUT, minted to the assessors once decided ({} MUT if denied: no more than the deposit is worth)",
                units(reward, STAKE_DECIMALS),
                units(terms.denied_reward, STAKE_DECIMALS)
            ),
        ),
    ];
    // Built from the accounts read above rather than `claims::submit_ix`, which would read them again.
    let submit = ix::claim_submit(
        &claimant,
        product.id,
        &cover_address,
        &cover.asset,
        cover.claim_count,
        &pools,
        ClaimSubmitArgs {
            amount,
            evidence_hash,
            evidence_uri: evidence_uri.clone(),
        },
    );
    let claim = pda::claim(&cover_address, cover.claim_count).0;
    let receipt = session.execute(&review, &[submit], input)?;
    let (reward, deposit) = receipt
        .events
        .iter()
        .find_map(|e| match e {
            MutualEvent::ClaimSubmitEvent(e) => Some((e.reward, e.deposit)),
            _ => None,
        })
        .unwrap_or((reward, deposit));
    Ok(Report::new("claim filed")
        .text("claim", claim)
        .text("cover", cover_address)
        .field("seq", cover.claim_count.to_string(), cover.claim_count)
        .amount("amount", Amount::of(amount, decimals))
        .amount("deposit", Amount::sol(deposit))
        .amount("reward", Amount::stake(reward))
        .text("voting", voting_mode(commit_reveal))
        .text("evidence_uri", evidence_uri)
        .text("evidence_hash", hex(&evidence_hash))
        .text("signature", receipt.signature))
}

fn show(session: &Session, claim_arg: &str) -> Result<Report> {
    let chain = &session.chain;
    let address = parse_claim(claim_arg)?;
    let claim = decode_claim(&address, chain.get_account(&address)?)?;
    let addresses = [claim.product, pda::asset(&claim.asset).0];
    let [product, asset] = fetch::accounts(chain, &addresses)?;
    let product: Product = fetch::decode(&addresses[0], product)?;
    let asset: Asset = fetch::decode(&addresses[1], asset)?;
    let now = chain.unix_timestamp()?;
    let view = ClaimView::new(address, claim, product.terms.wording_uri.clone(), now)?;
    let c = &view.claim;
    let d = asset.decimals;
    let (tally_human, tally_json) = tally(&view);
    let (left_human, left) = time_left(&view);
    let end = if c.end == 0 {
        "not started: the first vote starts it".to_string()
    } else {
        c.end.to_string()
    };
    Ok(Report::new(format!("claim {address}"))
        .text("claim", address)
        .text("cover", c.cover)
        .field(
            "product",
            format!("{} ({})", product.id, product.terms.name),
            product.id,
        )
        .text("claimant", c.claimant)
        .text("status", status_name(c.status))
        .text("phase", phase_name(view.phase))
        .field("time_left", left_human, left)
        .text("voting", voting_mode(c.commit_reveal))
        .field("tally", tally_human, tally_json)
        .text("outcome", outcome(&view))
        .field("voters", c.voters.to_string(), c.voters)
        .text("asset", c.asset)
        .amount("amount", Amount::of(c.amount, d))
        .amount("reward", Amount::stake(c.reward))
        .amount("reward_if_denied", Amount::stake(c.denied_reward))
        .amount("deposit", Amount::sol(c.deposit))
        .text("pools", format!("{:?}", claims::claim_pools(c)))
        .field(
            "liability_counts",
            format!(
                "{} (accept must lead with {} behind it)",
                c.liability_booked,
                mut_tokens(c.quorum)
            ),
            c.liability_booked,
        )
        .field("submitted_at", c.submitted_at.to_string(), c.submitted_at)
        .field("end", end, c.end)
        .text("evidence_uri", &c.evidence_uri)
        .text("evidence_hash", hex(&c.evidence_hash))
        .text("wording_uri", &view.wording_uri)
        .text("wording_hash", hex(&c.wording_hash)))
}

/// The claims filed by `claimant`, as seen now.
fn views_of(chain: &impl Transport, claimant: &Pubkey) -> Result<Vec<ClaimView>> {
    let now = chain.unix_timestamp()?;
    let mut wording: HashMap<Pubkey, String> = HashMap::new();
    let mut views = Vec::new();
    for (address, claim) in claims::claims_of(chain, claimant)? {
        let uri = match wording.entry(claim.product) {
            Entry::Occupied(e) => e.get().clone(),
            Entry::Vacant(e) => {
                let product: Product =
                    fetch::decode(&claim.product, chain.get_account(&claim.product)?)?;
                e.insert(product.terms.wording_uri).clone()
            }
        };
        views.push(ClaimView::new(address, claim, uri, now)?);
    }
    Ok(views)
}

fn list(session: &Session, open: bool, mine: bool) -> Result<Report> {
    let chain = &session.chain;
    let views = if mine {
        let me = session.signer()?.pubkey();
        let mut views = views_of(chain, &me)?;
        views.retain(|v| !open || v.is_voting());
        views
    } else {
        claims::claims(chain, open)?
    };
    // Amounts in each cover asset's decimals: one read for every asset the claims are in.
    let mut mints: Vec<Pubkey> = views.iter().map(|v| v.claim.asset).collect();
    mints.sort();
    mints.dedup();
    let addresses: Vec<Pubkey> = mints.iter().map(|m| pda::asset(m).0).collect();
    let decimals: HashMap<Pubkey, u8> = mints
        .iter()
        .copied()
        .zip(
            fetch::decode_all::<Asset>(chain, &addresses)?
                .iter()
                .map(|a| a.decimals),
        )
        .collect();
    let rows: Vec<Row> = views
        .iter()
        .map(|v| {
            let c = &v.claim;
            let d = decimals.get(&c.asset).copied().unwrap_or(0);
            let (tally_human, tally_json) = tally(v);
            let (left_human, left) = time_left(v);
            vec![
                ("claim", v.address.to_string(), json!(v.address.to_string())),
                amount_cell("amount", Amount::of(c.amount, d)),
                ("state", state_name(v).to_string(), json!(state_name(v))),
                ("time_left", left_human, json!(left)),
                ("tally", tally_human, tally_json),
                ("wording", v.wording_uri.clone(), json!(v.wording_uri)),
                ("evidence", c.evidence_uri.clone(), json!(c.evidence_uri)),
            ]
        })
        .collect();
    let title = match (open, mine) {
        (true, true) => "your claims taking votes",
        (true, false) => "claims taking votes",
        (false, true) => "your claims",
        (false, false) => "claims",
    };
    Ok(Report::new(title)
        .field("count", views.len().to_string(), views.len())
        .list("claims", rows))
}

fn redeem(
    session: &Session,
    claim_arg: &str,
    to: Option<&str>,
    input: &mut dyn BufRead,
) -> Result<Report> {
    let chain = &session.chain;
    let claimant = session.signer()?.pubkey();
    let address = parse_claim(claim_arg)?;
    let to = to
        .map(|account| parse_pubkey(account, "--to"))
        .transpose()?;
    let claims::RedeemPlan {
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
        ..
    } = claims::RedeemPlan::load(chain, &claimant, &address, to)?;
    let d = asset.decimals;
    let per_pool = pool_ids
        .iter()
        .zip(&burnt)
        .zip(&before)
        .map(|((id, burn), pool)| {
            format!(
                "pool {id}: {} of its {} MUT",
                units(*burn, STAKE_DECIMALS),
                units(pool.active_stake, STAKE_DECIMALS)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let review = [
        ("action", format!("redeem the payout of claim {address}")),
        (
            "payout",
            if split.in_base == 0 {
                format!("{} to {payout_to}", units(claim.amount, d))
            } else {
                format!(
                    "{} to {payout_to} (all the vault holds) and the other {} as {} of the base asset at its \
                     high price, to {base_to}",
                    units(split.in_kind, d),
                    units(split.shortfall, d),
                    units(split.in_base, base.decimals)
                )
            },
        ),
        ("deposit back", sol(claim.deposit)),
        ("stake burnt", per_pool),
    ];
    let receipt = session.execute(&review, &ixs, input)?;
    let event = receipt.events.iter().find_map(|e| match e {
        MutualEvent::ClaimRedeemPayoutEvent(e) => Some(e.clone()),
        _ => None,
    });
    let (amount, deposit, in_base) = event
        .as_ref()
        .map_or((claim.amount, claim.deposit, split.in_base), |e| {
            (e.amount, e.deposit, e.in_base)
        });
    let burnt: Vec<u64> = match &event {
        Some(e) => e.burnt[..pool_ids.len()].to_vec(),
        None => burnt,
    };
    let after: Vec<Pool> = if session.opts.dry_run {
        // Simulated only: the pools as the program's burn leaves them.
        before
            .iter()
            .zip(&burnt)
            .map(|(pool, burn)| {
                let mut pool = pool.clone();
                let _ = pool.burn_stake(*burn);
                pool
            })
            .collect()
    } else {
        fetch::decode_all(chain, &pool_addresses)?
    };
    let rows: Vec<Row> = pool_ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let stake_before = before[i].active_stake;
            let stake_after = after.get(i).map_or(stake_before, |p| p.active_stake);
            vec![
                ("pool", id.to_string(), json!(id)),
                amount_cell("burnt", Amount::stake(burnt[i])),
                amount_cell("stake_before", Amount::stake(stake_before)),
                amount_cell("stake_after", Amount::stake(stake_after)),
            ]
        })
        .collect();
    Ok(Report::new("claim paid")
        .text("claim", address)
        .amount("amount", Amount::of(amount, d))
        .text("to", payout_to)
        .amount("in_base", Amount::of(in_base, base.decimals))
        .text("base_to", base_to)
        .amount("deposit", Amount::sol(deposit))
        .text("signature", receipt.signature)
        .list("burns", rows))
}

fn close(session: &Session, claim_arg: &str, input: &mut dyn BufRead) -> Result<Report> {
    let chain = &session.chain;
    let address = parse_claim(claim_arg)?;
    let claim = decode_claim(&address, chain.get_account(&address)?)?;
    let now = chain.unix_timestamp()?;
    // An accepted claim lapses only while it could be paid: the same rule, on the vaults as they stand.
    let asset = fetch::asset(chain, &claim.asset)?;
    let base = fetch::asset(chain, &fetch::config(chain)?.base_asset)?;
    let split = asset
        .payout_split(claim.amount, fetch::token_balance(chain, &asset.vault)?)
        .map_err(SdkError::refused)?;
    let payable = split.payable(fetch::token_balance(chain, &base.vault)?);
    // A base part needs prices at most oracle_max_age old: refresh in front when they are older.
    let snapshot = fetch::capital_snapshot(chain)?;
    let max_age = fetch::config(chain)?.params.oracle_max_age;
    let refresh = split.in_base > 0
        && !snapshot
            .is_priced(max_age, now)
            .map_err(SdkError::refused)?;
    let (status, _) = claim
        .clone()
        .settle_unpaid(payable, now)
        .map_err(SdkError::refused)?;
    // Denied or lapsed unpaid, the deposit goes to the treasury: it pays for what the voters share.
    let deposit_to = pda::treasury().0;
    let review = [
        (
            "action",
            format!("close claim {address} as {}", status_name(status)),
        ),
        (
            "deposit",
            format!(
                "{} to the treasury (the voters share {} MUT)",
                sol(claim.deposit),
                units(claim.denied_reward, STAKE_DECIMALS)
            ),
        ),
        ("cover", format!("{} takes claims again", claim.cover)),
    ];
    let close = ix::claim_close(
        &address,
        &claim.cover,
        (&claim.asset, &base.mint),
        &claims::claim_pools(&claim),
    );
    let ixs = if refresh {
        vec![mutual_sdk::capital::refresh_ix(chain)?, close]
    } else {
        vec![close]
    };
    let receipt = session.execute(&review, &ixs, input)?;
    let (status, deposit, deposit_to) = receipt
        .events
        .iter()
        .find_map(|e| match e {
            MutualEvent::ClaimCloseEvent(e) => Some((e.status, e.deposit, e.deposit_to)),
            _ => None,
        })
        .unwrap_or((status, claim.deposit, deposit_to));
    Ok(Report::new("claim closed")
        .text("claim", address)
        .text("status", status_name(status))
        .amount("deposit", Amount::sol(deposit))
        .text("deposit_to", deposit_to)
        .text("signature", receipt.signature))
}
