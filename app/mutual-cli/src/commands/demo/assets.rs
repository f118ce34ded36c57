//! A second asset: wrapped SOL registered and valued by its Pyth price, a parameter change through the timelock
//! that also holds a new asset back, and the treasury's join fees swept into it as capital.
use super::{usdc, Demo};
use crate::output::sol;
use crate::{CliError, Result};
use mutual_sdk::transport::embedded::LAMPORTS_PER_SOL;
use mutual_sdk::{fetch, ix, Keypair, MutualEvent, Signer, Transport};

pub(super) fn story(demo: &mut Demo, deployer: &Keypair, alice: &Keypair) -> Result<()> {
    demo.step("Wrapped SOL joins the capital pool, valued by its Pyth price")?;
    mutual_migrations::register_wrapped_sol(&demo.chain, deployer)?;
    let now = demo.chain.unix_timestamp()?;
    let price = mutual_sdk::prices::PythPrice::usd(15_000_000_000, now);
    demo.chain
        .set_price(mutual_sdk::prices::sol_usd_feed(), price)?;
    demo.say("wrapped SOL is registered as asset 1 with Pyth's SOL/USD feed; the feed reads $150.00 ± $0.15 (a local stand-in for Pyth's push oracle)")?;
    demo.say("a new asset counts as capital only after the 2-day parameter delay, so nobody can inflate book value with one at once")?;
    demo.step("A parameter change waits out its timelock, in public")?;
    let mut proposed = fetch::config(&demo.chain)?.params;
    proposed.join_fee = 3 * LAMPORTS_PER_SOL / 1_000;
    let receipt = demo.chain.send(
        &[ix::params_propose(&deployer.pubkey(), proposed)],
        deployer,
        &[],
    )?;
    if let Some(MutualEvent::ParamsProposeEvent(e)) = receipt.events.first() {
        let wait = e.eta - demo.chain.unix_timestamp()?;
        demo.say(format!(
            "the authority proposes a join fee of {}: executable in {} days, so a member who disagrees can leave first",
            sol(e.params.join_fee),
            wait / mutual::constants::DAY
        ))?;
    }
    match demo.chain.send(&[ix::params_execute()], alice, &[]) {
        Ok(_) => {
            return Err(CliError::Usage(
                "a change applied before its timelock".into(),
            ))
        }
        Err(e) => demo.say(format!(
            "executing it at once is refused ({})",
            e.custom_code()
                .and_then(mutual_sdk::errors::error_info)
                .map_or_else(|| e.to_string(), |i| i.name.to_string())
        ))?,
    }
    demo.chain.warp_days(2)?;
    demo.chain.send(&[ix::params_execute()], alice, &[])?;
    demo.say(format!(
        "two days later anyone may execute it (Alice does): the join fee is now {}",
        sol(fetch::config(&demo.chain)?.params.join_fee)
    ))?;
    // The price feed moved on with the clock: publish it again, as Pyth's push oracle would.
    let now = demo.chain.unix_timestamp()?;
    demo.chain.set_price(
        mutual_sdk::prices::sol_usd_feed(),
        mutual_sdk::prices::PythPrice::usd(15_000_000_000, now),
    )?;

    demo.step("The treasury's join fees become capital, at the low side of the SOL price")?;
    let sweep = [
        mutual_sdk::capital::refresh_ix(&demo.chain)?,
        ix::treasury_sweep(&demo.deployment.base_mint),
    ];
    let receipt = demo.chain.send(&sweep, deployer, &[])?;
    for event in &receipt.events {
        if let MutualEvent::TreasurySweepEvent(e) = event {
            let line = format!(
                "treasury_sweep wraps the join fees, {}, into the wSOL vault: worth {} at the low side of the price (μ - σ); book value {} per MUT",
                sol(e.lamports),
                usdc(e.value),
                usdc(e.book_value)
            );
            demo.say(line)?;
        }
    }
    demo.capital_pool()?;
    Ok(())
}
