//! Members and the stake token: joining, buying and selling MUT at book value, a non-member refused MUT, a sale
//! below the MCR refused, and a member leaving.
use super::{Demo, STAKE};
use crate::output::sol;
use crate::{CliError, Result};
use mutual::constants::STAKE_DECIMALS;
use mutual_migrations::USDC;
use mutual_sdk::{capital, fetch, ix, pda, spl, Keypair, Signer, Transport};

/// Alice and Bob join and trade; Bob leaves. Returns Alice, who manages a pool and votes later.
pub(super) fn story(demo: &mut Demo, deployer: &Keypair) -> Result<Keypair> {
    demo.step("Alice and Bob join the mutual")?;
    let alice = demo.wallet(10)?;
    let bob = demo.wallet(10)?;
    demo.join("Alice", &alice)?;
    demo.join("Bob", &bob)?;
    let treasury = fetch::lamports(&demo.chain, &pda::treasury().0)?;
    let reserve = demo.chain.minimum_balance(0)?;
    demo.say(format!(
        "the treasury now holds {} (the fees on top of its {} rent-exempt reserve)",
        sol(treasury),
        sol(reserve)
    ))?;
    demo.deployment
        .faucet(&demo.chain, deployer, &alice.pubkey(), 5_000 * USDC)?;
    demo.deployment
        .faucet(&demo.chain, deployer, &bob.pubkey(), 1_000 * USDC)?;
    demo.say("the faucet gives Alice 5,000 USDC and Bob 1,000 USDC")?;

    demo.step("Members buy the stake token at book value (+1%)")?;
    demo.buy("Alice", &alice, 2_020 * USDC)?;
    let bob_tokens = demo.buy("Bob", &bob, 505 * USDC)?;
    demo.capital()?;

    demo.step("Only members can hold MUT")?;
    let carol = demo.wallet(1)?;
    let carol_account = pda::stake_account(&carol.pubkey());
    let stake_mint = pda::stake_mint().0;
    let token_2022 = anchor_spl::token_2022::ID;
    let create =
        spl::create_associated_account(&carol.pubkey(), &carol.pubkey(), &stake_mint, &token_2022);
    demo.chain.send(&[create], &carol, &[])?;
    let transfer = spl::transfer_checked(
        &token_2022,
        &pda::stake_account(&alice.pubkey()),
        &stake_mint,
        &carol_account,
        &alice.pubkey(),
        10 * STAKE,
        STAKE_DECIMALS,
    )?;
    match demo.chain.send(&[transfer], &alice, &[]) {
        Ok(_) => return Err(CliError::Usage("a non-member received MUT".into())),
        Err(e) => demo.say(format!(
            "Alice tries to send 10 MUT to Carol, who is not a member: refused ({})",
            match e.custom_code() {
                Some(17) => "Token-2022: account is frozen".to_string(),
                _ => e.to_string(),
            }
        ))?,
    }

    demo.step("Alice sells some MUT back at book value (-1%)")?;
    demo.sell("Alice", &alice, 500 * STAKE)?;
    demo.capital()?;

    demo.step("Capital may not fall below the minimum capital requirement")?;
    let base = demo
        .deployment
        .base_accounts(&alice.pubkey(), capital::traded_assets(&demo.chain)?);
    let sell_all = ix::token_sell(&alice.pubkey(), &base, 1_400 * STAKE, 0);
    demo.say("Alice tries to sell 1,400 MUT, which would leave about 600 USDC (the program logs its refusal):")?;
    match demo.chain.send(&[sell_all], &alice, &[]) {
        Ok(_) => return Err(CliError::Usage("a sale below the MCR went through".into())),
        Err(e) => {
            // The refusal by name, never the program's raw log lines (native or SBF alike).
            let info = e.custom_code().and_then(mutual_sdk::errors::error_info);
            let reason =
                info.map_or_else(|| e.to_string(), |i| format!("{}: {}", i.name, i.message));
            demo.say(format!("refused, {reason}"))?
        }
    }

    demo.step("Bob sells out and leaves")?;
    demo.sell("Bob", &bob, bob_tokens)?;
    let before = fetch::lamports(&demo.chain, &bob.pubkey())?;
    demo.chain
        .send(&[ix::member_leave(&bob.pubkey(), 0)], &bob, &[])?;
    let after = fetch::lamports(&demo.chain, &bob.pubkey())?;
    demo.say(format!(
        "Bob left: his member account closed and its rent came back ({} net of the fee); his MUT account is frozen again",
        sol(after.saturating_sub(before))
    ))?;
    demo.capital()?;
    Ok(alice)
}
