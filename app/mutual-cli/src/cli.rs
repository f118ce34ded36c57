//! The top of the command line: the global options and one variant per area, each naming the clap type that
//! sits beside the area's `run` in `commands/`.
use crate::commands::assessor::AssessorCommand;
use crate::commands::asset::AssetCommand;
use crate::commands::bootstrap::BootstrapArgs;
use crate::commands::capital::CapitalCommand;
use crate::commands::claim::ClaimCommand;
use crate::commands::config::ConfigCommand;
use crate::commands::cover::{CoverCommand, QuoteArgs};
use crate::commands::governance::{AuthorityCommand, CuratorCommand, GuardianCommand, PauseArgs};
use crate::commands::localnet::LocalnetArgs;
use crate::commands::member::MemberCommand;
use crate::commands::params::ParamsCommand;
use crate::commands::pool::PoolCommand;
use crate::commands::product::ProductCommand;
use crate::commands::rewards::RewardsCommand;
use crate::commands::risk::RiskCommand;
use crate::commands::serve::ServeArgs;
use crate::commands::stake::StakeCommand;
use crate::commands::token::TokenCommand;
use crate::commands::treasury::TreasuryCommand;
use crate::commands::vote::VoteCommand;
use clap::builder::BoolishValueParser;
use clap::{Args, Parser, Subcommand};

/// mutual: a mutual cover protocol for Solana.
#[derive(Parser, Debug)]
#[command(name = "mutual", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct GlobalOpts {
    /// JSON-RPC endpoint, a moniker (`localhost`, `devnet`, `testnet`, `mainnet-beta`), or `embedded` for a
    /// fresh in-process chain (bootstrapped, wallet funded).
    #[arg(
        long,
        global = true,
        env = "MUTUAL_URL",
        default_value = "http://127.0.0.1:8899"
    )]
    pub url: String,
    /// Signer keypair file (Solana JSON format).
    #[arg(
        long,
        global = true,
        env = "MUTUAL_KEYPAIR",
        default_value = "~/.config/solana/id.json"
    )]
    pub keypair: String,
    /// Program id to talk to; this build of the CLI speaks to the id compiled into it.
    #[arg(long, global = true, env = "MUTUAL_PROGRAM_ID")]
    pub program_id: Option<String>,
    /// Print stable JSON instead of human tables.
    #[arg(long, global = true, env = "MUTUAL_JSON", value_parser = BoolishValueParser::new())]
    pub json: bool,
    /// Simulate and print the outcome; sign and send nothing.
    #[arg(long, global = true, env = "MUTUAL_DRY_RUN", value_parser = BoolishValueParser::new())]
    pub dry_run: bool,
    /// Amounts typed are base units (lamports, a mint's smallest unit) rather than tokens.
    #[arg(long, global = true, env = "MUTUAL_BASE_UNITS", value_parser = BoolishValueParser::new())]
    pub base_units: bool,
    /// Skip the confirmation prompt.
    #[arg(short = 'y', long = "yes", global = true, env = "MUTUAL_YES", value_parser = BoolishValueParser::new())]
    pub yes: bool,
    /// Priority fee in micro-lamports per compute unit; by default the median of what recent blocks' transactions
    /// paid to write the same accounts (getRecentPrioritizationFees).
    #[arg(
        long,
        global = true,
        env = "MUTUAL_COMPUTE_UNIT_PRICE",
        value_name = "MICRO_LAMPORTS"
    )]
    pub with_compute_unit_price: Option<u64>,
}

impl GlobalOpts {
    /// The price every transaction offers per compute unit.
    pub fn price(&self) -> mutual_sdk::compute_budget::Price {
        self.with_compute_unit_price
            .map_or_else(Default::default, mutual_sdk::compute_budget::Price::Fixed)
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the whole story on an embedded chain and narrate it.
    Demo,
    /// Serve a bootstrapped embedded chain over Solana JSON-RPC on 127.0.0.1, saved in a ledger directory;
    /// `faucet` and `warp` talk to a running one at --url.
    Localnet(LocalnetArgs),
    /// Serve the Solana Actions (buy cover) for the cluster at --url on 127.0.0.1 (docs/web.md). Holds no key:
    /// wallets sign what it builds.
    Serve(ServeArgs),
    /// Initialise the protocol and register the base asset (upgrade authority only).
    Bootstrap(BootstrapArgs),
    /// Protocol configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Membership.
    #[command(subcommand)]
    Member(MemberCommand),
    /// Buy and sell the stake token at book value.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Products cover is sold on.
    #[command(subcommand)]
    Product(ProductCommand),
    /// A product's risk signals and score.
    #[command(subcommand)]
    Risk(RiskCommand),
    /// The capital pool: every asset, MCR, the MCR ratio and book value; its refresh from Pyth prices.
    #[command(subcommand)]
    Capital(CapitalCommand),
    /// The assets of the capital pool: register a mint, or change one (authority).
    #[command(subcommand)]
    Asset(AssetCommand),
    /// The protocol's authority: proposed by the current one, accepted by the new key.
    #[command(subcommand)]
    Authority(AuthorityCommand),
    /// The guardian, who may pause but never resume (authority).
    #[command(subcommand)]
    Guardian(GuardianCommand),
    /// Stop areas at once (authority or guardian). Exits are never paused.
    Pause(PauseArgs),
    /// Resume paused areas (authority).
    Unpause(PauseArgs),
    /// Risk-signal curators: wallets that may update products' risk signals (authority).
    #[command(subcommand)]
    Curator(CuratorCommand),
    /// Protocol parameters: a change is proposed, then executed after the timelock.
    #[command(subcommand)]
    Params(ParamsCommand),
    /// The lamport treasury of join fees.
    #[command(subcommand)]
    Treasury(TreasuryCommand),
    /// Staking pools.
    #[command(subcommand)]
    Pool(PoolCommand),
    /// Stake positions.
    #[command(subcommand)]
    Stake(StakeCommand),
    /// Cover: quotes, purchases, edits, renewals, transfers and expiry.
    #[command(subcommand)]
    Cover(CoverCommand),
    /// Claims on cover: filed by the cover's owner, decided by the assessors' stake-weighted poll, then paid
    /// out or closed.
    #[command(subcommand)]
    Claim(ClaimCommand),
    /// Vote on claims as an assessor: open votes, or a hidden commitment revealed after the end.
    #[command(subcommand)]
    Vote(VoteCommand),
    /// Assessor stake: stake-token in the assessment vault, the weight of your votes.
    #[command(subcommand)]
    Assessor(AssessorCommand),
    /// Assessors' rewards for the claims they voted on.
    #[command(subcommand)]
    Rewards(RewardsCommand),
    /// Recommends a cover amount for an exposure from the product's risk score, and prices it.
    Quote(QuoteArgs),
}
