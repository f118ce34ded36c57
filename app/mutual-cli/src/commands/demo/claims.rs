//! Claims: assessors stake, a holder claims after an exploit, the poll, the payout with its burns, and the
//! voters' rewards.
use super::{usdc, Demo, STAKE};
use crate::output::{mut_tokens, sol};
use crate::{CliError, Result};
use mutual_migrations::USDC;
use mutual_sdk::{fetch, ix, pda, Keypair, MutualEvent, Pubkey, Signer, Transport};

/// The program error of a refused transaction, by name and message.
fn refusal(e: &mutual_sdk::SdkError) -> String {
    e.custom_code()
        .and_then(mutual_sdk::errors::error_info)
        .map_or_else(|| e.to_string(), |i| format!("{}: {}", i.name, i.message))
}

/// A poll's tally as assessors read it.
fn tally(claim: &mutual::state::Claim) -> String {
    format!(
        "accept {} / deny {}",
        mut_tokens(claim.accept),
        mut_tokens(claim.deny)
    )
}

/// Claims: assessors stake, the holder claims after an exploit, the poll, the payout with its burns, and the
/// voters' rewards.
pub(super) fn story(
    demo: &mut Demo,
    deployer: &Keypair,
    [alice, dave]: [&Keypair; 2],
    erin: &Keypair,
    cover_address: &Pubkey,
) -> Result<()> {
    use crate::output::duration;
    use mutual::constants::DAY;
    use mutual_sdk::claims;
    demo.step(
        "Members stake MUT as assessors; stake weighs only in the polls of claims filed later",
    )?;
    let frank = demo.wallet(2)?;
    demo.join("Frank", &frank)?;
    demo.deployment
        .faucet(&demo.chain, deployer, &frank.pubkey(), 500 * USDC)?;
    demo.refresh_capital(deployer)?;
    demo.buy("Frank", &frank, 202 * USDC)?;
    let assessors = [
        ("Alice", alice, 400 * STAKE),
        ("Dave", dave, 300 * STAKE),
        ("Frank", &frank, 150 * STAKE),
    ];
    for (name, wallet, amount) in assessors {
        let stake = ix::assessor_stake(&wallet.pubkey(), amount);
        demo.chain.send(&[stake], wallet, &[])?;
        demo.say(format!(
            "{name} moves {} into the assessment vault",
            mut_tokens(amount)
        ))?;
    }
    let vault = fetch::token_balance(&demo.chain, &pda::assessment_vault().0)?;
    demo.say(format!(
        "the assessment vault holds {}; each vote locks the voter's stake for 14 days, so fraud can still be punished",
        mut_tokens(vault)
    ))?;
    demo.chain.warp_days(1)?;

    demo.step("An exploit drains the Lending Protocol; Erin files a claim")?;
    let cover = mutual_sdk::cover::cover(&demo.chain, cover_address)?
        .ok_or(CliError::Usage("Erin's cover is missing".into()))?;
    let amount = 1_800 * USDC;
    let evidence_uri = "ipfs://lending-exploit-postmortem".to_string();
    let args = mutual::instructions::ClaimSubmitArgs {
        amount,
        evidence_hash: solana_sha256_hasher::hash(evidence_uri.as_bytes()).to_bytes(),
        evidence_uri: evidence_uri.clone(),
    };
    let book_value = fetch::capital_snapshot(&demo.chain)?.book_value;
    let (submit, claim) = claims::submit_ix(&demo.chain, &erin.pubkey(), cover_address, args)?;
    let receipt = demo.chain.send(&[submit], erin, &[])?;
    if let Some(MutualEvent::ClaimSubmitEvent(e)) = receipt.events.first().cloned() {
        demo.say(format!(
            "claim_submit: {} of her {} cover, evidence at {evidence_uri}",
            usdc(e.amount),
            usdc(cover.amount)
        ))?;
        let floor = fetch::config(&demo.chain)?.params.min_deposit;
        let why = if e.deposit > floor {
            format!(
                "the assessors' reward of {} valued in SOL, above the {} floor",
                mut_tokens(e.reward),
                sol(floor)
            )
        } else {
            format!(
                "the floor; the assessors' reward is {}",
                mut_tokens(e.reward)
            )
        };
        demo.say(format!(
            "she pays a deposit of {} ({why}), refunded if the claim is accepted",
            sol(e.deposit)
        ))?;
    }
    demo.say(format!(
        "the claim is judged against the wording her cover recorded at purchase (sha256 {}...)",
        &crate::output::hex(&cover.wording_hash)[..16]
    ))?;

    demo.step("Assessors vote, each with the stake they had before the claim was filed")?;
    let gina = demo.wallet(2)?;
    demo.join("Gina", &gina)?;
    demo.deployment
        .faucet(&demo.chain, deployer, &gina.pubkey(), 500 * USDC)?;
    demo.refresh_capital(deployer)?;
    demo.buy("Gina", &gina, 202 * USDC)?;
    let late = [
        ix::assessor_stake(&gina.pubkey(), 100 * STAKE),
        ix::claim_vote(&gina.pubkey(), &claim, false),
    ];
    match demo.chain.send(&late, &gina, &[]) {
        Ok(_) => return Err(CliError::Usage("stake added after a claim voted on it".into())),
        Err(e) => demo.say(format!(
            "Gina stakes 100 MUT after the claim was filed and votes in the same transaction: refused ({})",
            refusal(&e)
        ))?,
    }
    // Alice votes at once, Dave a day later, Frank with 12 hours left: inside the last day, so his vote moves
    // the end (silent ending).
    let votes = [
        ("Alice", alice, true, 0),
        ("Dave", dave, true, DAY),
        ("Frank", &frank, false, DAY + DAY / 2),
    ];
    let mut end = 0;
    for (name, wallet, accept, wait) in votes {
        if wait > 0 {
            demo.chain.warp_seconds(wait)?;
        }
        let receipt = demo.chain.send(
            &[ix::claim_vote(&wallet.pubkey(), &claim, accept)],
            wallet,
            &[],
        )?;
        let Some(MutualEvent::ClaimVoteEvent(e)) = receipt.events.first().cloned() else {
            return Err(CliError::Usage("claim_vote emitted no event".into()));
        };
        let now = demo.chain.unix_timestamp()?;
        let when = match wait {
            0 => "at once".to_string(),
            _ => format!("{} later", duration(wait)),
        };
        demo.say(format!(
            "{name} ({when}) votes to {} with {}: accept {} / deny {}, voting ends in {}",
            if accept { "accept" } else { "deny" },
            mut_tokens(e.weight),
            mut_tokens(e.accept_total),
            mut_tokens(e.deny_total),
            duration(e.end - now)
        ))?;
        if end != 0 && e.end > end {
            demo.say(format!(
                "  a vote in the last day extends the poll by 1 day x {} / the {} voted before it = {} (silent ending), so nobody can swing it unanswered",
                mut_tokens(e.weight),
                mut_tokens(e.accept_total + e.deny_total - e.weight),
                duration(e.end - end)
            ))?;
        }
        end = e.end;
    }
    for view in claims::claims(&demo.chain, true)? {
        demo.say(format!(
            "`mutual claim list --open`: {} claimed, {} left, {}, wording {}, evidence {}",
            usdc(view.claim.amount),
            duration(view.time_left),
            tally(&view.claim),
            view.wording_uri,
            view.claim.evidence_uri
        ))?;
    }
    let snapshot = fetch::capital_snapshot(&demo.chain)?;
    let report = mutual_sdk::capital::report(&demo.chain)?;
    demo.say(format!(
        "accept leads with more than the {} quorum, so the claim is booked as a pending payout of {}: a sale now \
         sees {} per MUT, net of it, while book value, at which everything is minted, valued and burnt, stays {}",
        mut_tokens(fetch::config(&demo.chain)?.params.liability_quorum),
        usdc(report.pending_payouts),
        usdc(report.sell_book_value),
        usdc(snapshot.book_value)
    ))?;

    demo.step("Time passes: voting ends, then a day of cooldown for fraud checks")?;
    let payout_to = demo.deployment.base_account(&erin.pubkey());
    let redeem = claims::redeem_ix(&demo.chain, &erin.pubkey(), &claim, &payout_to)?;
    demo.chain
        .warp_seconds(end - demo.chain.unix_timestamp()?)?;
    let phase_now = |demo: &Demo| -> Result<String> {
        let c = claims::claim(&demo.chain, &claim)?
            .ok_or(CliError::Usage("the claim is missing".into()))?;
        let phase = c
            .phase(demo.chain.unix_timestamp()?)
            .map_err(mutual_sdk::SdkError::refused)?;
        Ok(crate::commands::claim::phase_name(phase).replace('-', " "))
    };
    let decided = claims::claim(&demo.chain, &claim)?
        .ok_or(CliError::Usage("the claim is missing".into()))?;
    demo.say(format!(
        "at the end of voting the poll enters its {}: {}, {}",
        phase_now(demo)?,
        if decided.accepted() {
            "accepted"
        } else {
            "denied"
        },
        tally(&decided)
    ))?;
    match demo.chain.send(std::slice::from_ref(&redeem), erin, &[]) {
        Ok(_) => return Err(CliError::Usage("a claim paid out in its cooldown".into())),
        Err(e) => demo.say(format!(
            "Erin tries to redeem at once: refused ({})",
            refusal(&e)
        ))?,
    }
    demo.chain.warp_days(1)?;
    demo.say(format!(
        "a day later the claim is in its {}, open for 30 days",
        phase_now(demo)?
    ))?;

    demo.step("Erin redeems the payout; the pools that backed her cover burn stake for it")?;
    let pool_ids: Vec<u32> = cover.pools().iter().map(|a| a.pool_id).collect();
    let stake_of = |demo: &Demo| -> Result<Vec<u64>> {
        pool_ids
            .iter()
            .map(|id| Ok(fetch::pool(&demo.chain, *id)?.active_stake))
            .collect()
    };
    let before = stake_of(demo)?;
    let usdc_before = fetch::token_balance(&demo.chain, &payout_to)?;
    let snapshot_before = fetch::capital_snapshot(&demo.chain)?;
    let now = demo.chain.unix_timestamp()?;
    let mut ixs = Vec::new();
    for id in &pool_ids {
        ixs.extend(mutual_sdk::staking::catch_up(
            &fetch::pool(&demo.chain, *id)?,
            now,
        ));
    }
    ixs.push(redeem);
    let receipt = demo.chain.send(&ixs, erin, &[])?;
    let Some(MutualEvent::ClaimRedeemPayoutEvent(e)) = receipt
        .events
        .iter()
        .find(|e| matches!(e, MutualEvent::ClaimRedeemPayoutEvent(_)))
        .cloned()
    else {
        return Err(CliError::Usage(
            "claim_redeem_payout emitted no event".into(),
        ));
    };
    let usdc_after = fetch::token_balance(&demo.chain, &payout_to)?;
    demo.say(format!(
        "claim_redeem_payout pays {} from the capital pool (Erin's USDC {} -> {}) and refunds her {} deposit",
        usdc(e.amount),
        usdc(usdc_before),
        usdc(usdc_after),
        sol(e.deposit)
    ))?;
    let after = stake_of(demo)?;
    let managers = ["Alice", "Dave"];
    for (i, id) in pool_ids.iter().enumerate() {
        let manager = managers.get(*id as usize).copied().unwrap_or("?");
        demo.say(format!(
            "pool {id} ({manager}'s) burns {}: its stake {} -> {}",
            mut_tokens(e.burnt[i]),
            mut_tokens(before[i]),
            mut_tokens(after[i])
        ))?;
    }
    let snapshot_after = fetch::capital_snapshot(&demo.chain)?;
    demo.say(format!(
        "capital {} -> {}, pending payouts {} -> {}, stake supply {} -> {}",
        usdc(snapshot_before.capital),
        usdc(snapshot_after.capital),
        usdc(snapshot_before.pending_units[0]),
        usdc(snapshot_after.pending_units[0]),
        mut_tokens(snapshot_before.stake_supply),
        mut_tokens(snapshot_after.stake_supply)
    ))?;
    demo.say(format!(
        "book value {} -> {} per MUT ({} before the claim): the burns carry part of the loss, every holder the rest",
        usdc(snapshot_before.book_value),
        usdc(snapshot_after.book_value),
        usdc(book_value)
    ))?;

    demo.step("Assessors take their rewards: the claim's reward pro rata to weight, whichever way they voted")?;
    for (name, wallet, _, _) in votes {
        let receipt = demo.chain.send(
            &[ix::vote_reward_claim(&wallet.pubkey(), &claim)],
            wallet,
            &[],
        )?;
        if let Some(MutualEvent::VoteRewardClaimEvent(e)) = receipt.events.first().cloned() {
            demo.say(format!(
                "{name} receives {} (minted to their MUT account); their vote closes and its rent comes back",
                mut_tokens(e.reward)
            ))?;
        }
    }
    Ok(())
}
