//! `mutual demo`: the protocol's story on a fresh embedded chain, narrated step by step.
use crate::output::{mut_tokens, sol, units};
use crate::{CliError, Result};
use mutual::constants::STAKE_DECIMALS;
use mutual_migrations::{bootstrap, BootstrapOptions, Deployment, USDC};
use mutual_sdk::transport::embedded::LAMPORTS_PER_SOL;
use mutual_sdk::{
    capital, fetch, ix, pda, quote, spl, EmbeddedChain, Keypair, MutualEvent, Pubkey, Signer,
    Transport,
};
use std::io::Write;

const STAKE: u64 = mutual::constants::STAKE_UNIT;

fn usdc(amount: u64) -> String {
    format!("{} USDC", units(amount, 6))
}

struct Demo<'a> {
    chain: EmbeddedChain,
    deployment: Deployment,
    out: &'a mut dyn Write,
    step: u32,
}

impl Demo<'_> {
    fn step(&mut self, title: &str) -> Result<()> {
        self.step += 1;
        writeln!(self.out, "\n{}. {title}", self.step)?;
        Ok(())
    }

    fn say(&mut self, text: impl AsRef<str>) -> Result<()> {
        writeln!(self.out, "   {}", text.as_ref())?;
        Ok(())
    }

    fn wallet(&self, sol_amount: u64) -> Result<Keypair> {
        let wallet = Keypair::new();
        self.chain
            .airdrop(&wallet.pubkey(), sol_amount * LAMPORTS_PER_SOL)?;
        Ok(wallet)
    }

    fn join(&mut self, name: &str, wallet: &Keypair) -> Result<()> {
        let receipt = self
            .chain
            .send(&[ix::member_join(&wallet.pubkey())], wallet, &[])?;
        for event in &receipt.events {
            if let MutualEvent::MemberJoinEvent(e) = event {
                let line = format!("{name} joined, paying {} to the treasury", sol(e.join_fee));
                self.say(line)?;
            }
        }
        Ok(())
    }

    fn buy(&mut self, name: &str, wallet: &Keypair, base_in: u64) -> Result<u64> {
        let base = self
            .deployment
            .base_accounts(&wallet.pubkey(), capital::traded_assets(&self.chain)?);
        let quoted = quote::token_buy(&self.chain, base_in, 0)?;
        let ixs = [ix::token_buy(&wallet.pubkey(), &base, base_in, quoted)];
        let receipt = self.chain.send(&ixs, wallet, &[])?;
        let Some(MutualEvent::TokenBuyEvent(e)) = receipt.events.first().cloned() else {
            return Err(CliError::Usage("token_buy emitted no event".into()));
        };
        let line = format!(
            "{name} pays {} and receives {}; book value is now {} per MUT",
            usdc(e.base_in),
            mut_tokens(e.stake_out),
            usdc(e.book_value)
        );
        self.say(line)?;
        Ok(e.stake_out)
    }

    fn sell(&mut self, name: &str, wallet: &Keypair, stake_in: u64) -> Result<()> {
        let base = self
            .deployment
            .base_accounts(&wallet.pubkey(), capital::traded_assets(&self.chain)?);
        let quoted = quote::token_sell(&self.chain, &wallet.pubkey(), stake_in, 0)?;
        let ixs = [ix::token_sell(&wallet.pubkey(), &base, stake_in, quoted)];
        let receipt = self.chain.send(&ixs, wallet, &[])?;
        let Some(MutualEvent::TokenSellEvent(e)) = receipt.events.first().cloned() else {
            return Err(CliError::Usage("token_sell emitted no event".into()));
        };
        let line = format!(
            "{name} sells {} and receives {}; book value is now {} per MUT",
            mut_tokens(e.stake_in),
            usdc(e.base_out),
            usdc(e.book_value)
        );
        self.say(line)
    }

    /// Every asset, net capital, the MCR and the MCR ratio, as `mutual capital show` prints them.
    fn capital_pool(&mut self) -> Result<()> {
        let r = mutual_sdk::capital::report(&self.chain)?;
        for asset in &r.assets {
            let name = if asset.index == 0 { "USDC" } else { "wSOL" };
            let line = format!(
                "asset {} {name}: vault {} worth {}",
                asset.index,
                units(asset.vault_balance, asset.decimals),
                asset.value.map_or("unpriced".into(), usdc)
            );
            self.say(line)?;
        }
        let ratio = r
            .mcr_ratio_bps
            .map_or("-".to_string(), crate::output::ratio);
        let line = format!(
            "capital {} | MCR {} | MCR ratio {ratio} | book value {} per MUT | snapshot {} s old",
            usdc(r.net_capital),
            usdc(r.mcr),
            usdc(r.book_value),
            r.snapshot_age
        );
        self.say(line)
    }

    /// Publishes the SOL price at the chain's time, as Pyth's push oracle would, and refreshes the capital
    /// snapshot with it: trades need a fresh one after time has passed.
    fn refresh_capital(&mut self, payer: &Keypair) -> Result<()> {
        let now = self.chain.unix_timestamp()?;
        self.chain.set_price(
            mutual_sdk::prices::sol_usd_feed(),
            mutual_sdk::prices::PythPrice::usd(15_000_000_000, now),
        )?;
        let refresh = mutual_sdk::capital::refresh_ix(&self.chain)?;
        self.chain.send(&[refresh], payer, &[])?;
        Ok(())
    }

    fn capital(&mut self) -> Result<()> {
        let m = quote::market(&self.chain)?;
        let line = format!(
            "capital {} | stake supply {} | book value {} | MCR {}",
            usdc(m.capital),
            mut_tokens(m.stake_supply),
            usdc(m.book_value),
            usdc(m.mcr)
        );
        self.say(line)
    }
}

pub fn run(out: &mut dyn Write) -> Result<()> {
    writeln!(
        out,
        "mutual demo: a mutual cover protocol on an embedded Solana chain"
    )?;
    writeln!(
        out,
        "(program {} runs natively; SPL Token, Token-2022 and ATA are the real programs)",
        mutual::ID
    )?;
    let chain = EmbeddedChain::start()?;
    let deployer = chain.deployer().insecure_clone();
    let options = BootstrapOptions::test_usdc(&deployer.pubkey());
    let deployment = bootstrap(&chain, &deployer, &options)?;
    let mut demo = Demo {
        chain,
        deployment,
        out,
        step: 0,
    };

    demo.step("Bootstrap")?;
    let config = fetch::config(&demo.chain)?;
    demo.say(format!(
        "config {} (authority {})",
        pda::config().0,
        config.authority
    ))?;
    demo.say(format!(
        "stake token MUT {}: Token-2022, 9 decimals, every new account frozen",
        config.stake_mint
    ))?;
    demo.say(format!(
        "base asset test USDC {}",
        demo.deployment.base_mint
    ))?;
    let p = config.params;
    demo.say(format!(
        "join fee {}, token buffer {} bps, MCR floor {}, initial book value {} per MUT",
        sol(p.join_fee),
        p.token_buffer.0,
        usdc(p.min_mcr),
        usdc(p.initial_book_value)
    ))?;

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
        .faucet(&demo.chain, &deployer, &alice.pubkey(), 5_000 * USDC)?;
    demo.deployment
        .faucet(&demo.chain, &deployer, &bob.pubkey(), 1_000 * USDC)?;
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

    demo.step("Wrapped SOL joins the capital pool, valued by its Pyth price")?;
    mutual_migrations::register_wrapped_sol(&demo.chain, &deployer)?;
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
        &deployer,
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
    match demo.chain.send(&[ix::params_execute()], &alice, &[]) {
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
    demo.chain.send(&[ix::params_execute()], &alice, &[])?;
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
    let receipt = demo.chain.send(&sweep, &deployer, &[])?;
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

    demo.step("The authority lists five products, one per risk class, with their risk signals")?;
    let now = demo.chain.unix_timestamp()?;
    for sample in mutual_migrations::samples::products(now) {
        let id = fetch::config(&demo.chain)?.product_count;
        let create = ix::product_create(&deployer.pubkey(), id, sample.terms);
        let signals = ix::risk_signals_update(&deployer.pubkey(), id, false, sample.signals);
        demo.chain.send(&[create, signals], &deployer, &[])?;
    }
    demo.say("id  product               class                price/yr  risk score (product_risk)")?;
    for product in fetch::products(&demo.chain)? {
        // Read the way an integrator program would: product_risk's return data.
        let risk = mutual_sdk::risk::product_risk_on_chain(&demo.chain, &deployer, product.id)?;
        let t = &product.terms;
        demo.say(format!(
            "{:<3} {:<21} {:<20} {:>2}.{:02}%    {:>3} / 100  ({} open critical, {} incidents, {} broken-promise points)",
            product.id,
            t.name,
            super::product::class_name(t.risk_class),
            t.initial_price.0 / 100,
            t.initial_price.0 % 100,
            risk.score,
            risk.open_critical,
            risk.incident_count,
            risk.broken_promises
        ))?;
    }

    demo.step("Two pools open, list products and take stake")?;
    let dave = demo.wallet(10)?;
    demo.join("Dave", &dave)?;
    demo.deployment
        .faucet(&demo.chain, &deployer, &dave.pubkey(), 2_000 * USDC)?;
    demo.buy("Dave", &dave, 1_500 * USDC)?;
    let pools = [
        (&alice, "Alice", vec![(0, 100), (1, 60), (4, 80)]),
        (
            &dave,
            "Dave",
            vec![(0, 50), (1, 50), (2, 100), (3, 70), (4, 50)],
        ),
    ];
    for (id, (manager, name, listings)) in pools.iter().enumerate() {
        let id = id as u32;
        let args = mutual::instructions::PoolCreateArgs {
            manager: manager.pubkey(),
            is_private: false,
            pool_fee: mutual_sdk::Bps(1_000),
            max_pool_fee: mutual_sdk::Bps(2_000),
        };
        let mut chosen = Vec::new();
        for (product_id, weight) in listings {
            chosen.push(mutual::instructions::ProductListing {
                product_id: *product_id,
                weight: *weight,
                target_price: fetch::product(&demo.chain, *product_id)?
                    .terms
                    .initial_price,
            });
        }
        let listings = chosen;
        let create = ix::pool_create(&manager.pubkey(), id, args);
        let list = ix::pool_set_products(&manager.pubkey(), id, listings.clone());
        demo.chain.send(&[create, list], manager, &[])?;
        demo.say(format!(
            "{name} opens pool {id} (10% fee) and lists products {:?}",
            listings
                .iter()
                .map(|l| (l.product_id, l.weight))
                .collect::<Vec<_>>()
        ))?;
    }
    let current = mutual_sdk::staking::tranche_id(demo.chain.unix_timestamp()?)
        .map_err(mutual_sdk::SdkError::refused)?;
    let stakes = [
        (&alice, "Alice", 0u32, 7u32, 900 * STAKE),
        (&dave, "Dave", 1, 6, 1_000 * STAKE),
        (&alice, "Alice", 1, 5, 100 * STAKE),
    ];
    for (wallet, name, pool, lock, amount) in stakes {
        let deposit = ix::stake_deposit(&wallet.pubkey(), pool, current + lock, amount);
        demo.chain.send(&[deposit], wallet, &[])?;
        demo.say(format!(
            "{name} stakes {} in pool {pool}, in tranche {} ({lock} beyond the current one: unlocks in {} days)",
            mut_tokens(amount),
            current + lock,
            (mutual_sdk::staking::tranche_end(current + lock) - demo.chain.unix_timestamp()?)
                / mutual::constants::DAY
        ))?;
    }

    demo.step("Capacity per product for a one-year cover (stake x 2 x (1 - reduction) x weight)")?;
    for product in fetch::products(&demo.chain)? {
        let rows = mutual_sdk::staking::product_capacity(
            &demo.chain,
            product.id,
            365 * mutual::constants::DAY,
        )?;
        let total: u64 = rows.iter().map(|r| r.free).sum();
        let per_pool = rows
            .iter()
            .map(|r| format!("pool {}: {}", r.pool_id, mut_tokens(r.free)))
            .collect::<Vec<_>>()
            .join(", ");
        demo.say(format!(
            "{:<21} {:>16} in all   ({per_pool})",
            product.terms.name,
            mut_tokens(total)
        ))?;
    }

    let (erin, cover) = cover_story(&mut demo, &deployer)?;
    claim_story(&mut demo, &deployer, [&alice, &dave], &erin, &cover)?;

    writeln!(
        demo.out,
        "\nDone: every step above ran as real transactions on the embedded chain."
    )?;
    Ok(())
}

/// How a buy of `amount` was placed, one line per pool that took part.
fn placement_lines(demo: &mut Demo, placement: &[mutual::events::PoolPlacement]) -> Result<()> {
    for p in placement.iter().filter(|p| p.units > 0) {
        let line = format!(
            "  pool {}: {} of capacity at {}.{:02}%/yr, premium {}, rewards {} streamed to its stakers",
            p.pool_id,
            mut_tokens(mutual_sdk::staking::units_to_stake(p.units)),
            p.price.0 / 100,
            p.price.0 % 100,
            usdc(p.premium),
            mut_tokens(p.rewards)
        );
        demo.say(line)?;
    }
    Ok(())
}

/// The annual price each pool asks for `product` now.
fn prices_now(demo: &Demo, product: u32) -> Result<String> {
    let rows =
        mutual_sdk::staking::product_capacity(&demo.chain, product, 365 * mutual::constants::DAY)?;
    Ok(rows
        .iter()
        .map(|r| {
            format!(
                "pool {}: {}.{:02}%",
                r.pool_id,
                r.price_bps / 100,
                r.price_bps % 100
            )
        })
        .collect::<Vec<_>>()
        .join(", "))
}

/// Cover: a purchase spilling across two pools, the price bump and its decay, a renewal and an expiry. Returns
/// Erin and her year of cover on the Lending Protocol.
fn cover_story(demo: &mut Demo, deployer: &Keypair) -> Result<(Keypair, Pubkey)> {
    use mutual::constants::DAY;
    use mutual_sdk::cover::{cover_address, CoverMarket};
    let day = DAY as u32;
    demo.step("Erin buys a year of cover on the Lending Protocol: the cheapest pool fills, the rest spills over")?;
    let erin = demo.wallet(2)?;
    demo.join("Erin", &erin)?;
    demo.deployment
        .faucet(&demo.chain, deployer, &erin.pubkey(), 1_000 * USDC)?;
    let base = demo.deployment.base_mint;
    let asset = ix::CoverAsset {
        mint: base,
        token_program: demo.deployment.base_token_program,
    };
    let payer = demo.deployment.base_account(&erin.pubkey());
    let market = CoverMarket::load(&demo.chain, 0, &base)?;
    let pools = market.route(365 * day)?;
    let amount = 2_500 * USDC;
    let quote = market.quote(amount, 365 * day, mutual_sdk::Bps::ZERO, &pools)?;
    demo.say(format!(
        "the SDK orders the pools cheapest first ({pools:?}) and quotes {} for {}",
        usdc(quote.total),
        usdc(amount)
    ))?;
    let args = |amount, period| mutual::instructions::CoverBuyArgs {
        owner: erin.pubkey(),
        amount,
        period,
        max_premium: u64::MAX,
        commission_bps: mutual_sdk::Bps::ZERO,
    };
    let buy = ix::cover_buy(
        &erin.pubkey(),
        0,
        market.product.next_cover_seq,
        &asset,
        &payer,
        None,
        &pools,
        {
            mutual::instructions::CoverBuyArgs {
                max_premium: quote.total,
                ..args(amount, 365 * day)
            }
        },
    );
    let lending_cover = cover_address(0, market.product.next_cover_seq);
    let receipt = demo.chain.send(&[buy], &erin, &[])?;
    if let Some(MutualEvent::CoverBuyEvent(e)) = receipt.events.first().cloned() {
        demo.say(format!(
            "cover_buy: {} of cover for {} days, premium {} (recorded wording and terms as of now)",
            usdc(e.amount),
            e.period / day,
            usdc(e.premium)
        ))?;
        placement_lines(demo, &e.placement)?;
    }
    let dao = CoverMarket::load(&demo.chain, 4, &base)?;
    let dao_pools = dao.route(30 * day)?;
    let short = ix::cover_buy(
        &erin.pubkey(),
        4,
        dao.product.next_cover_seq,
        &asset,
        &payer,
        None,
        &dao_pools,
        args(500 * USDC, 30 * day),
    );
    demo.chain.send(&[short], &erin, &[])?;
    let dao_cover = cover_address(4, dao.product.next_cover_seq);
    demo.say(format!(
        "Erin also buys 30 days of cover on the DAO Treasury: {}; active cover is now {}",
        usdc(500 * USDC),
        usdc(
            fetch::asset(&demo.chain, &base)?
                .active_cover(demo.chain.unix_timestamp()?)
                .map_err(mutual_sdk::SdkError::refused)?
        )
    ))?;

    demo.step("The price bump decays back to the target at 2% a day")?;
    demo.say(format!("right after the buy:  {}", prices_now(demo, 0)?))?;
    for _ in 0..3 {
        demo.chain.warp_days(1)?;
        demo.say(format!("a day later:          {}", prices_now(demo, 0)?))?;
    }

    demo.step(
        "Erin renews the DAO Treasury cover in its last 7 days; it continues from the old end",
    )?;
    let cover = fetch::anchor_account::<mutual::state::Cover>(&demo.chain, &dao_cover)?
        .ok_or(CliError::Usage("the DAO cover is missing".into()))?;
    let end = cover.end().map_err(mutual_sdk::SdkError::refused)?;
    demo.chain
        .warp_seconds(end - demo.chain.unix_timestamp()? - 3 * DAY)?;
    let pools_of =
        |c: &mutual::state::Cover| c.pools().iter().map(|a| a.pool_id).collect::<Vec<_>>();
    let renew = ix::cover_renew(
        &erin.pubkey(),
        4,
        cover.seq,
        &asset,
        &payer,
        &pools_of(&cover),
        u64::MAX,
    );
    let receipt = demo.chain.send(&[renew], &erin, &[])?;
    if let Some(MutualEvent::CoverRenewEvent(e)) = receipt.events.first().cloned() {
        demo.say(format!(
            "cover_renew 3 days before the end: premium {}, the cover now runs {} more days from the old end",
            usdc(e.premium),
            e.period / day
        ))?;
    }

    demo.step("After its end plus grace, anyone expires the cover; the rent goes back to Erin")?;
    let cover = fetch::anchor_account::<mutual::state::Cover>(&demo.chain, &dao_cover)?
        .ok_or(CliError::Usage("the DAO cover is missing".into()))?;
    let after = cover
        .end_with_grace()
        .map_err(mutual_sdk::SdkError::refused)?;
    demo.chain
        .warp_seconds(after - demo.chain.unix_timestamp()?)?;
    let lamports = demo
        .chain
        .get_account(&dao_cover)?
        .map_or(0, |a| a.lamports);
    let expire = ix::cover_expire(&dao_cover, 4, &base, &erin.pubkey(), &pools_of(&cover));
    demo.chain.send(&[expire], deployer, &[])?;
    demo.say(format!(
        "cover_expire (sent by the deployer) releases its capacity and refunds {} of rent; active cover is now {}",
        sol(lamports),
        usdc(fetch::asset(&demo.chain, &base)?.active_cover(demo.chain.unix_timestamp()?).map_err(mutual_sdk::SdkError::refused)?)
    ))?;
    Ok((erin, lending_cover))
}

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
fn claim_story(
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
        Ok(super::claim::phase_name(phase).replace('-', " "))
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
