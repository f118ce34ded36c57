//! The redeem action, `/api/actions/claim/{claim}/redeem`: the claimant of an accepted claim takes the payout.
//! `GET` says what is paid and whether it can be redeemed now; `POST` builds the payout for the claimant
//! (`claims::RedeemPlan`: the payout accounts to create, a refresh if the base part needs one, the pools'
//! cranks, then `claim_redeem_payout`), refused as the chain refuses it.
use super::spec::{Action, ActionError, ActionLinks, LinkedAction, TransactionResponse};
use super::vote::{claim_view, mut_amount};
use super::{encode_transaction, Refusal};
use crate::output::{duration, ui_amount_string, SOL_DECIMALS};
use anchor_lang::prelude::Pubkey;
use mutual_sdk::claims::RedeemPlan;
use mutual_sdk::compute_budget::{self, Price};
use mutual_sdk::{fetch, Transport};

pub fn path(claim: &Pubkey) -> String {
    format!("/api/actions/claim/{claim}/redeem")
}

/// `GET`: the payout, and the button while it can be redeemed.
pub fn get(chain: &impl Transport, origin: &str, address: &Pubkey) -> Result<Action, Refusal> {
    let (view, product) = claim_view(chain, address)?;
    let claim = &view.claim;
    let asset = fetch::asset(chain, &claim.asset)?;
    let now = chain.unix_timestamp()?;
    let redeemable = claim.require_redeemable(now);
    let state = match &redeemable {
        Ok(()) => format!(
            "It can be redeemed now, for {} more.",
            duration(view.time_left)
        ),
        Err(_) => format!(
            "It cannot be redeemed now ({}).",
            crate::commands::claim::state_name(&view)
        ),
    };
    let description = format!(
        "The payout of a claim of {} {} on {} cover, to the claimant, with the {} SOL deposit back. {state}",
        ui_amount_string(claim.amount, asset.decimals),
        super::catalogue::asset_name(&asset),
        product.terms.name,
        ui_amount_string(claim.deposit, SOL_DECIMALS),
    );
    Ok(Action {
        kind: "action".into(),
        icon: format!("{origin}/icon.svg"),
        title: format!("Redeem a claim: {}", product.terms.name),
        description,
        label: "Redeem payout".into(),
        disabled: redeemable.is_err(),
        links: Some(ActionLinks {
            actions: vec![LinkedAction {
                kind: "transaction".into(),
                href: path(address),
                label: "Redeem payout".into(),
                parameters: Vec::new(),
            }],
        }),
        error: redeemable.err().map(|e| ActionError {
            message: Refusal::from(mutual_sdk::SdkError::refused(e)).message,
        }),
    })
}

/// `POST`: the payout for `account`, the claimant, or why not.
pub fn post(
    chain: &impl Transport,
    address: &Pubkey,
    account: &Pubkey,
) -> Result<TransactionResponse, Refusal> {
    let plan = RedeemPlan::load(chain, account, address, None)?;
    let tx = compute_budget::for_wallet(chain, &plan.ixs, account, Price::default())?;
    let name = super::catalogue::asset_name(&plan.asset);
    let paid = if plan.split.in_base == 0 {
        format!(
            "{} {name}",
            ui_amount_string(plan.claim.amount, plan.asset.decimals)
        )
    } else {
        format!(
            "{} {name} and {} USDC for the rest",
            ui_amount_string(plan.split.in_kind, plan.asset.decimals),
            ui_amount_string(plan.split.in_base, plan.base.decimals)
        )
    };
    let burnt: u64 = plan.burnt.iter().sum();
    Ok(TransactionResponse {
        kind: "transaction".into(),
        transaction: encode_transaction(&tx)?,
        message: Some(format!(
            "Pays {paid} to {} and returns the {} SOL deposit; the pools that backed the cover burn {}",
            plan.payout_to,
            ui_amount_string(plan.claim.deposit, SOL_DECIMALS),
            mut_amount(burnt),
        )),
        links: None,
    })
}
