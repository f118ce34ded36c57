//! `cover auto-renew`: turning it on (with the token approval that serves every auto-renewing cover paid from the
//! same account), off, or cranking a renewal for the owner.
use super::change::Change;
use super::pricing::explain_capacity;
use super::{cover_asset, held, payer, pool_ids, CoverId};
use crate::amounts::TokenAmount;
use crate::chain::Session;
use crate::commands::refused;
use crate::output::{units, Amount, Report};
use crate::{CliError, Result};
use anchor_lang::solana_program::instruction::Instruction;
use mutual::errors::MutualError;
use mutual::state::Cover;
use mutual_sdk::cover::CoverMarket;
use mutual_sdk::Bps;
use mutual_sdk::{fetch, ix, pda, spl, Pubkey, Signer, Transport};
use std::io::BufRead;

/// The caps of the owner's other auto-renewing covers paid from `account` (one SPL approval serves them all).
fn other_caps(session: &Session, cover: &Cover, address: &Pubkey, account: &Pubkey) -> Result<u64> {
    let asset = fetch::asset(&session.chain, &cover.asset)?;
    Ok(mutual_sdk::cover::covers_of(&session.chain, &cover.owner)?
        .iter()
        .filter(|(a, c)| a != address && c.asset == cover.asset && c.renew_max_premium > 0)
        .filter(|(_, c)| payer(&c.owner, &asset) == *account)
        .map(|(_, c)| c.renew_max_premium)
        .fold(0u64, u64::saturating_add))
}

pub(super) fn auto_renew(
    session: &Session,
    id: CoverId,
    max_premium: Option<&TokenAmount>,
    cancel: bool,
    crank: bool,
    input: &mut dyn BufRead,
) -> Result<Report> {
    let (address, cover) = held(session, &id)?;
    let signer = session.signer()?.pubkey();
    let asset = fetch::asset(&session.chain, &cover.asset)?;
    let account = payer(&cover.owner, &asset);
    let owner_only = |cover: &Cover| {
        if cover.owner != signer {
            return Err(refused(MutualError::NotCoverOwner));
        }
        Ok(())
    };
    let mut cranks = Vec::new();
    let (action, ixs, approved): (String, Vec<Instruction>, Option<u64>) = match (
        max_premium,
        cancel,
        crank,
    ) {
        (Some(cap), false, false) => {
            owner_only(&cover)?;
            let cap = session.amount(cap, asset.decimals, "--max-premium")?;
            // cover_auto_renew_set's checks, in its order.
            if cap == 0 {
                return Err(refused(MutualError::ZeroAmount));
            }
            let now = session.chain.unix_timestamp()?;
            cover
                .require_active(now)
                .map_err(mutual_sdk::SdkError::refused)?;
            cover
                .clone()
                .set_auto_renew(cap)
                .map_err(mutual_sdk::SdkError::refused)?;
            // One approval serves every auto-renewing cover paid from this account: it covers all their caps.
            let total = other_caps(session, &cover, &address, &account)?.saturating_add(cap);
            (
                    format!(
                        "allow auto-renewal up to {} (the account's approval becomes {}, the caps of all its \
                         auto-renewing covers)",
                        units(cap, asset.decimals),
                        units(total, asset.decimals)
                    ),
                    vec![
                        spl::approve(&asset.token_program, &account, &pda::config().0, &signer, total)?,
                        ix::cover_auto_renew_set(&signer, &address, cap),
                    ],
                    Some(total),
                )
        }
        (None, true, false) => {
            owner_only(&cover)?;
            if cover.renew_max_premium == 0 {
                return Err(refused(MutualError::AutoRenewOff));
            }
            let others = other_caps(session, &cover, &address, &account)?;
            let mut ixs = vec![ix::cover_auto_renew_cancel(&signer, &address)];
            let action = if others == 0 {
                ixs.push(spl::revoke(&asset.token_program, &account, &signer)?);
                "stop auto-renewal and revoke the approval".to_string()
            } else {
                // The other covers keep theirs.
                ixs.push(spl::approve(
                    &asset.token_program,
                    &account,
                    &pda::config().0,
                    &signer,
                    others,
                )?);
                format!(
                    "stop auto-renewal; the approval drops to {}, the caps of the account's other \
                         auto-renewing covers",
                    units(others, asset.decimals)
                )
            };
            (action, ixs, Some(others))
        }
        (None, false, true) => {
            let market = CoverMarket::load(&session.chain, id.product, &cover.asset)?;
            let pools = pool_ids(&cover);
            auto_renewal_checks(session, &market, &cover, &account)?;
            cranks = market.cranks(&pools);
            (
                "renew the cover for its owner, within their cap".into(),
                vec![ix::cover_auto_renew(
                    &signer,
                    id.product,
                    id.seq,
                    &cover_asset(&asset),
                    &account,
                    &pools,
                )],
                None,
            )
        }
        _ => {
            return Err(CliError::Usage(
                "give exactly one of --max-premium AMOUNT, --cancel or --crank".into(),
            ))
        }
    };
    let review = vec![
        ("action", action.clone()),
        ("cover", format!("{}/{}", id.product, id.seq)),
        ("paying account", account.to_string()),
    ];
    let mut report = Report::new(action).text("cover", address);
    if let Some(total) = approved {
        report = report.amount("approved", Amount::of(total, asset.decimals));
    }
    Change {
        cranks,
        ixs,
        review,
        report,
    }
    .execute(session, input)
}

/// `cover_auto_renew`'s checks, in its order (`CoverMarket::auto_renewal_quote`), a capacity shortfall explained.
fn auto_renewal_checks(
    session: &Session,
    market: &CoverMarket,
    cover: &Cover,
    account: &Pubkey,
) -> Result<()> {
    let paying = fetch::token_account(&session.chain, account)?;
    // Read only when the segment is short of capacity, by when both are known.
    let (start, claimable) = (
        cover.end().unwrap_or_default(),
        cover.renewable().unwrap_or_default(),
    );
    explain_capacity(
        market,
        (start, claimable, cover.period, Bps::ZERO, &pool_ids(cover)),
        market.auto_renewal_quote(cover, paying.as_ref()),
    )?;
    Ok(())
}
