//! The vote action, `/api/actions/vote/{claim}`: an assessor accepts or denies a claim in an open poll. `GET`
//! shows the claim as a voter decides it (amount, product, the wording it is judged against, the evidence, the
//! tally and the time left); `POST` builds the vote for the wallet that asks, after the program's own checks
//! (`claims::Ballot`: an assessor with weight in this poll, not the claimant, not yet voted, the poll voting).
//! A commit-reveal poll is voted from the page, which keeps the voter's salt: while it votes, `POST` takes the
//! `commitment` the page computed (sha256(choice ‖ salt ‖ voter ‖ claim), `Vote::commitment`), never the choice;
//! once it reveals, `POST` takes the `choice` and the `salt` and checks they open the commitment
//! (`claims::Reveal`).
use super::spec::{Action, ActionError, ActionLinks, LinkedAction, TransactionResponse};
use super::{encode_transaction, Params, Refusal};
use crate::commands::claim::state_name;
use crate::output::{duration, ui_amount_string};
use anchor_lang::prelude::Pubkey;
use mutual::constants::STAKE_DECIMALS;
use mutual::state::Product;
use mutual_sdk::claims::{Ballot, ClaimView};
use mutual_sdk::compute_budget::{self, Price};
use mutual_sdk::errors::Missing;
use mutual_sdk::{fetch, ix, SdkError, Transport};

/// The parameters `POST` takes: `choice` for an open vote; `commitment` alone to commit; `choice` and `salt` to
/// reveal.
pub const PARAMETERS: [&str; 3] = ["choice", "commitment", "salt"];

pub fn path(claim: &Pubkey) -> String {
    format!("/api/actions/vote/{claim}")
}

/// A claim address from the path.
pub fn claim_address(text: &str) -> Result<Pubkey, Refusal> {
    text.parse().map_err(|_| {
        Refusal::not_found(format!(
            "no claim {text:?}: a claim is named by its address"
        ))
    })
}

/// MUT, the stake token, for people.
pub(super) fn mut_amount(units: u64) -> String {
    format!("{} MUT", ui_amount_string(units, STAKE_DECIMALS))
}

/// The claim at `address` as a voter sees it now, with its product.
pub(super) fn claim_view(
    chain: &impl Transport,
    address: &Pubkey,
) -> Result<(ClaimView, Product), Refusal> {
    let claim = mutual_sdk::claims::claim(chain, address)?
        .ok_or(SdkError::Missing(Missing::Claim(*address)))?;
    let product: Product = fetch::anchor_account(chain, &claim.product)?.ok_or_else(|| {
        Refusal::not_found(format!(
            "the claim's product {} does not exist",
            claim.product
        ))
    })?;
    let now = chain.unix_timestamp()?;
    let view = ClaimView::new(*address, claim, product.terms.wording_uri.clone(), now)?;
    Ok((view, product))
}

/// `GET`: the claim, and the two buttons while it takes open votes.
pub fn get(chain: &impl Transport, origin: &str, address: &Pubkey) -> Result<Action, Refusal> {
    let (view, product) = claim_view(chain, address)?;
    let claim = &view.claim;
    let asset = fetch::asset(chain, &claim.asset)?;
    let tally = match view.tally {
        Some((accept, deny)) => format!("accept {}, deny {}", mut_amount(accept), mut_amount(deny)),
        None => "hidden until the reveal (a commit-reveal poll)".to_string(),
    };
    let description = format!(
        "A claim of {} {} on {} cover. Judged against the wording {}; evidence: {}. Tally: {tally}; {} \
         ({} left).",
        ui_amount_string(claim.amount, asset.decimals),
        super::catalogue::asset_name(&asset),
        product.terms.name,
        view.wording_uri,
        claim.evidence_uri,
        state_name(&view),
        duration(view.time_left),
    );
    let error = if claim.commit_reveal {
        Some("This poll is commit-reveal: vote from the mutual's page, which keeps your salt.")
    } else if !view.is_voting() {
        Some("This poll takes no more votes.")
    } else {
        None
    };
    let link = |choice: &str, label: &str| LinkedAction {
        kind: "transaction".into(),
        href: format!("{}?choice={choice}", path(address)),
        label: label.into(),
        parameters: Vec::new(),
    };
    Ok(Action {
        kind: "action".into(),
        icon: format!("{origin}/icon.svg"),
        title: format!("Vote on a claim: {}", product.terms.name),
        description,
        label: "Vote".into(),
        disabled: error.is_some(),
        links: Some(ActionLinks {
            actions: vec![link("accept", "Accept"), link("deny", "Deny")],
        }),
        error: error.map(|message| ActionError {
            message: message.into(),
        }),
    })
}

/// `choice`: accept or deny.
fn choice(params: &Params) -> Result<bool, Refusal> {
    match params.require("choice")? {
        "accept" => Ok(true),
        "deny" => Ok(false),
        other => Err(Refusal::bad_request(format!(
            "choice {other:?}: accept or deny"
        ))),
    }
}

/// 32 bytes as 64 hex digits (`commitment`, `salt`).
fn hex32(params: &Params, name: &str) -> Result<[u8; 32], Refusal> {
    crate::chain::parse_hex32(params.require(name)?, name)
        .map_err(|_| Refusal::bad_request(format!("{name}: 32 bytes as 64 hex digits")))
}

/// The ballot of `account` on the claim at `address`: its wallet exists, and what it lacks (an assessor stake)
/// is a refusal rather than a missing record.
fn ballot(chain: &impl Transport, account: &Pubkey, address: &Pubkey) -> Result<Ballot, Refusal> {
    Ballot::load(chain, account, address).map_err(|e| match e {
        SdkError::Missing(missing @ Missing::AssessorStake(_)) => {
            Refusal::refused(missing.to_string())
        }
        other => other.into(),
    })
}

/// The one-instruction transaction `account` signs.
fn vote_transaction(
    chain: &impl Transport,
    account: &Pubkey,
    instruction: anchor_lang::solana_program::instruction::Instruction,
    message: String,
) -> Result<TransactionResponse, Refusal> {
    let tx = compute_budget::for_wallet(chain, &[instruction], account, Price::default())?;
    Ok(TransactionResponse {
        kind: "transaction".into(),
        transaction: encode_transaction(&tx)?,
        message: Some(message),
        links: None,
    })
}

/// `POST`: the vote, commitment or reveal of `account`, or why not.
pub fn post(
    chain: &impl Transport,
    address: &Pubkey,
    account: &Pubkey,
    params: &Params,
) -> Result<TransactionResponse, Refusal> {
    match (params.get("commitment"), params.get("salt")) {
        (None, None) => open_vote(chain, address, account, choice(params)?),
        (Some(_), None) if params.get("choice").is_some() => Err(Refusal::bad_request(
            "a commitment hides the choice: send the commitment alone",
        )),
        (Some(_), None) => commit(chain, address, account, hex32(params, "commitment")?),
        (None, Some(_)) => reveal(
            chain,
            address,
            account,
            choice(params)?,
            hex32(params, "salt")?,
        ),
        (Some(_), Some(_)) => Err(Refusal::bad_request(
            "send the commitment while the poll votes, the choice and salt once it reveals",
        )),
    }
}

fn open_vote(
    chain: &impl Transport,
    address: &Pubkey,
    account: &Pubkey,
    accept: bool,
) -> Result<TransactionResponse, Refusal> {
    let ballot = ballot(chain, account, address)?;
    let after = ballot.after_vote(accept)?;
    vote_transaction(
        chain,
        account,
        ix::claim_vote(account, address, accept),
        format!(
            "Votes to {} with {}: the tally becomes accept {}, deny {}; voting ends in {}",
            if accept { "accept" } else { "deny" },
            mut_amount(ballot.weight),
            mut_amount(after.accept),
            mut_amount(after.deny),
            duration(after.end - ballot.now),
        ),
    )
}

/// A hidden vote: the program's own `Claim::commit` decides whether the poll takes it.
fn commit(
    chain: &impl Transport,
    address: &Pubkey,
    account: &Pubkey,
    commitment: [u8; 32],
) -> Result<TransactionResponse, Refusal> {
    let ballot = ballot(chain, account, address)?;
    let mut after = ballot.claim.clone();
    after
        .commit(ballot.weight, ballot.now)
        .map_err(SdkError::refused)?;
    let reveal_until = after.tally_end().map_err(SdkError::refused)?;
    vote_transaction(
        chain,
        account,
        ix::claim_vote_commit(account, address, commitment),
        format!(
            "Commits a hidden vote with {}; reveal it in {}, within {} (keep your salt)",
            mut_amount(ballot.weight),
            duration(after.end - ballot.now),
            duration(reveal_until - after.end),
        ),
    )
}

fn reveal(
    chain: &impl Transport,
    address: &Pubkey,
    account: &Pubkey,
    accept: bool,
    salt: [u8; 32],
) -> Result<TransactionResponse, Refusal> {
    let checked = mutual_sdk::claims::Reveal::load(chain, account, address, accept, &salt)
        .map_err(|e| match e {
            SdkError::Missing(missing @ Missing::Vote { .. }) => {
                Refusal::refused(missing.to_string())
            }
            other => other.into(),
        })?;
    vote_transaction(
        chain,
        account,
        ix::claim_vote_reveal(account, address, accept, salt),
        format!(
            "Reveals your vote to {} with {}: the tally becomes accept {}, deny {}",
            if accept { "accept" } else { "deny" },
            mut_amount(checked.vote.weight),
            mut_amount(checked.after.accept),
            mut_amount(checked.after.deny),
        ),
    )
}
