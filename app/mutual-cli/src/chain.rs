//! Connects the CLI to a chain, and loads and confirms what it signs.
use crate::cli::GlobalOpts;
use crate::{CliError, Result};
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use mutual_migrations::{bootstrap, deployment, BootstrapOptions, Deployment, USDC};
use mutual_sdk::compute_budget::{self, Price};
use mutual_sdk::transport::embedded::LAMPORTS_PER_SOL;
use mutual_sdk::transport::Layer;
use mutual_sdk::{EmbeddedChain, Keypair, Receipt, RpcTransport, Signer, Transport};
use std::io::{BufRead, Write};
use std::str::FromStr;

/// The embedded chain or a JSON-RPC endpoint.
pub enum Endpoint {
    Embedded(Box<EmbeddedChain>),
    Rpc(RpcTransport),
}

/// Where the CLI's transactions go, behind one `Transport`: everything it sends carries a compute budget, the
/// units of its own simulation (with a margin) and the price asked for (`mutual_sdk::compute_budget`).
pub struct Chain {
    pub endpoint: Endpoint,
    pub price: Price,
}

impl Layer for Endpoint {
    fn inner(&self) -> &dyn Transport {
        match self {
            Endpoint::Embedded(chain) => chain.as_ref(),
            Endpoint::Rpc(rpc) => rpc,
        }
    }
}

/// Reads go to the endpoint as they are; what is sent or simulated gets its compute budget first.
impl Layer for Chain {
    fn inner(&self) -> &dyn Transport {
        &self.endpoint
    }

    fn layer_send(
        &self,
        ixs: &[Instruction],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> mutual_sdk::Result<Receipt> {
        compute_budget::send(&self.endpoint, ixs, payer, signers, self.price)
    }

    fn layer_simulate(
        &self,
        ixs: &[Instruction],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> mutual_sdk::Result<Receipt> {
        compute_budget::simulate(&self.endpoint, ixs, payer, signers, self.price)
    }
}

/// What every command works with: the chain, the signer, and the global options.
pub struct Session {
    pub chain: Chain,
    /// The keypair, or why it could not be loaded: read-only commands need none.
    signer: std::result::Result<Keypair, String>,
    pub opts: GlobalOpts,
}

/// Test USDC and SOL an embedded session's signer starts with.
pub const EMBEDDED_START_USDC: u64 = 10_000 * USDC;
pub const EMBEDDED_START_SOL: u64 = 10;

impl Session {
    pub fn open(opts: GlobalOpts) -> Result<Self> {
        if let Some(id) = &opts.program_id {
            let id = parse_pubkey(id, "--program-id")?;
            if id != mutual::ID {
                return Err(CliError::Usage(format!(
                    "this build of the CLI speaks to program {}, not {id}",
                    mutual::ID
                )));
            }
        }
        if opts.url == "embedded" {
            // A fresh chain each run: bootstrapped, with the signer funded and made the protocol authority.
            let chain = EmbeddedChain::start()?;
            let signer = load_keypair(&opts.keypair).unwrap_or_else(|_| Keypair::new());
            let deployer = chain.deployer();
            let deployment = bootstrap(
                &chain,
                deployer,
                &BootstrapOptions::test_usdc(&deployer.pubkey()),
            )?;
            chain.airdrop(&signer.pubkey(), EMBEDDED_START_SOL * LAMPORTS_PER_SOL)?;
            deployment.faucet(&chain, deployer, &signer.pubkey(), EMBEDDED_START_USDC)?;
            // The signer governs the embedded protocol (products, curators), so every command can be tried.
            chain.send(
                &[mutual_sdk::ix::authority_propose(
                    &deployer.pubkey(),
                    &signer.pubkey(),
                )],
                deployer,
                &[],
            )?;
            chain.send(
                &[mutual_sdk::ix::authority_accept(&signer.pubkey())],
                &signer,
                &[],
            )?;
            return Ok(Session {
                chain: Chain {
                    endpoint: Endpoint::Embedded(Box::new(chain)),
                    price: opts.price(),
                },
                signer: Ok(signer),
                opts,
            });
        }
        let signer = load_keypair(&opts.keypair).map_err(|e| e.to_string());
        Ok(Session {
            chain: Chain {
                endpoint: Endpoint::Rpc(RpcTransport::new(resolve_url(&opts.url))),
                price: opts.price(),
            },
            signer,
            opts,
        })
    }

    /// A session on `chain`, signed by `signer`: for a program (a test) that set the chain up itself, e.g. one
    /// with the program deployed but not bootstrapped.
    pub fn with(chain: Chain, signer: Keypair, opts: GlobalOpts) -> Self {
        Session {
            chain,
            signer: Ok(signer),
            opts,
        }
    }

    /// The signing keypair; an error naming the keypair file when it could not be loaded.
    pub fn signer(&self) -> Result<&Keypair> {
        self.signer.as_ref().map_err(|e| CliError::Usage(e.clone()))
    }

    /// Signs with `signer` from now on, on the same chain: for a program driving several wallets through one
    /// session (an embedded chain lives only as long as its session).
    pub fn set_signer(&mut self, signer: Keypair) {
        self.signer = Ok(signer);
    }

    /// An amount typed for a mint with `decimals` (tokens, or base units with `--base-units`); `flag` names the
    /// option in errors.
    pub fn amount(
        &self,
        amount: &crate::amounts::TokenAmount,
        decimals: u8,
        flag: &str,
    ) -> Result<u64> {
        amount.units(decimals, self.opts.base_units, flag)
    }

    /// MUT typed (9 decimals).
    pub fn stake_amount(&self, amount: &crate::amounts::TokenAmount, flag: &str) -> Result<u64> {
        self.amount(amount, mutual::constants::STAKE_DECIMALS, flag)
    }

    pub fn deployment(&self) -> Result<Deployment> {
        Ok(deployment(&self.chain)?)
    }

    /// Prints the review summary to stderr and, unless `-y` or `--dry-run`, asks for confirmation on `input`.
    pub fn confirm(&self, review: &[(&str, String)], input: &mut dyn BufRead) -> Result<()> {
        let mut prompt = std::io::stderr();
        writeln!(prompt, "Review:")?;
        for (key, value) in review {
            writeln!(prompt, "  {key:<14} {value}")?;
        }
        if self.opts.dry_run {
            writeln!(prompt, "  (dry run: simulating, nothing is signed or sent)")?;
            return Ok(());
        }
        if self.opts.yes {
            return Ok(());
        }
        write!(prompt, "Sign and send? [y/N] ")?;
        prompt.flush()?;
        let mut answer = String::new();
        input.read_line(&mut answer)?;
        match answer.trim() {
            "y" | "Y" | "yes" => Ok(()),
            _ => Err(CliError::Aborted),
        }
    }

    /// Reviews and confirms, then sends, or simulates with `--dry-run`.
    pub fn execute(
        &self,
        review: &[(&str, String)],
        ixs: &[Instruction],
        input: &mut dyn BufRead,
    ) -> Result<Receipt> {
        self.confirm(review, input)?;
        self.send(ixs)
    }

    /// Reviews and confirms, then sends `cranks` (the pools' catch-up, see `staking::catch_up`) and `ixs`: in one
    /// transaction when it fits the packet, else the cranks first, one transaction each (permissionless; each
    /// alone leaves the pool further processed and nothing else). A dry run simulates them all as one.
    pub fn execute_after_cranks(
        &self,
        review: &[(&str, String)],
        cranks: &[Instruction],
        ixs: &[Instruction],
        input: &mut dyn BufRead,
    ) -> Result<Receipt> {
        self.confirm(review, input)?;
        let mut all = cranks.to_vec();
        all.extend_from_slice(ixs);
        let payer = self.signer()?.pubkey();
        if self.opts.dry_run || mutual_sdk::TxSize::budgeted(&all, &payer).fits() {
            return self.send(&all);
        }
        for crank in cranks {
            self.send(std::slice::from_ref(crank))?;
        }
        self.send(ixs)
    }

    /// Sends `ixs` signed by the signer, or simulates them with `--dry-run`: for a command that has something
    /// to do between the confirmation and the send (`vote commit` saves its salt first).
    pub fn send(&self, ixs: &[Instruction]) -> Result<Receipt> {
        if self.opts.dry_run {
            return Ok(self.chain.simulate(ixs, self.signer()?, &[])?);
        }
        Ok(self.chain.send(ixs, self.signer()?, &[])?)
    }
}

/// Solana's URL monikers, as the `solana` CLI takes them; anything else is used as given.
pub fn resolve_url(url: &str) -> &str {
    match url {
        "localhost" | "l" => "http://127.0.0.1:8899",
        "devnet" | "d" => "https://api.devnet.solana.com",
        "testnet" | "t" => "https://api.testnet.solana.com",
        "mainnet-beta" | "m" => "https://api.mainnet-beta.solana.com",
        other => other,
    }
}

pub fn parse_pubkey(value: &str, what: &str) -> Result<Pubkey> {
    Pubkey::from_str(value)
        .map_err(|_| CliError::Usage(format!("{what}: not a public key: {value}")))
}

/// 32 bytes written as 64 hex digits (a hash or a salt); `what` names the option in the error.
pub fn parse_hex32(value: &str, what: &str) -> Result<[u8; 32]> {
    let bad = || CliError::Usage(format!("{what}: not 32 bytes of hex: {value}"));
    if value.len() != 64 || !value.is_ascii() {
        return Err(bad());
    }
    let mut bytes = [0u8; 32];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&value[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
    }
    Ok(bytes)
}

/// A path with a leading `~/` expanded to $HOME, as the Solana CLI takes keypair paths.
pub fn expand_home(path: &str) -> String {
    match path.strip_prefix("~/") {
        Some(rest) => format!("{}/{rest}", std::env::var("HOME").unwrap_or_default()),
        None => path.to_string(),
    }
}

/// Reads a Solana JSON keypair file (an array of 64 bytes); `~` expands to $HOME.
pub fn load_keypair(path: &str) -> Result<Keypair> {
    let path = expand_home(path);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| CliError::Usage(format!("keypair {path}: {e}")))?;
    let bytes: Vec<u8> =
        serde_json::from_str(&text).map_err(|e| CliError::Usage(format!("keypair {path}: {e}")))?;
    Keypair::try_from(bytes.as_slice()).map_err(|e| CliError::Usage(format!("keypair {path}: {e}")))
}

#[cfg(test)]
mod url_tests {
    use super::resolve_url;

    #[test]
    fn monikers_resolve_like_the_solana_cli() {
        assert_eq!(resolve_url("localhost"), "http://127.0.0.1:8899");
        assert_eq!(resolve_url("devnet"), "https://api.devnet.solana.com");
        assert_eq!(resolve_url("m"), "https://api.mainnet-beta.solana.com");
        assert_eq!(resolve_url("http://10.0.0.1:8899"), "http://10.0.0.1:8899");
    }

    #[test]
    fn hex32_takes_exactly_64_hex_digits() {
        let text = "00ff".repeat(16);
        let bytes = super::parse_hex32(&text, "--salt").unwrap();
        assert_eq!((bytes[0], bytes[1], bytes[31]), (0x00, 0xff, 0xff));
        for bad in ["", "00", &"zz".repeat(32), &"0".repeat(65), &"é".repeat(32)] {
            assert!(super::parse_hex32(bad, "--salt").is_err(), "{bad}");
        }
    }
}
