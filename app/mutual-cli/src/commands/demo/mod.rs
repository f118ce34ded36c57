//! `mutual demo`: the protocol's story on a fresh embedded chain, narrated step by step. The narrator and its
//! shared steps live here; each chapter of the story has its file, told in this order: members and the stake token,
//! a second asset and the parameter timelock, products and pools, cover, claims.

mod assets;
mod claims;
mod cover;
mod members;
mod pools;

use crate::output::{mut_tokens, sol, units};
use crate::{CliError, Result};
use mutual_migrations::{bootstrap, BootstrapOptions, Deployment};
use mutual_sdk::transport::embedded::LAMPORTS_PER_SOL;
use mutual_sdk::{
    capital, fetch, ix, pda, quote, EmbeddedChain, Keypair, MutualEvent, Signer, Transport,
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

    let alice = members::story(&mut demo, &deployer)?;
    assets::story(&mut demo, &deployer, &alice)?;
    let dave = pools::story(&mut demo, &deployer, &alice)?;
    let (erin, cover) = cover::story(&mut demo, &deployer)?;
    claims::story(&mut demo, &deployer, [&alice, &dave], &erin, &cover)?;

    writeln!(
        demo.out,
        "\nDone: every step above ran as real transactions on the embedded chain."
    )?;
    Ok(())
}
