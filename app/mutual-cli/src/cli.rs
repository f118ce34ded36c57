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
    /// JSON-RPC endpoint, or `embedded` for a fresh in-process chain (bootstrapped, wallet funded).
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
    #[arg(long, global = true, env = "MUTUAL_JSON")]
    pub json: bool,
    /// Simulate and print the outcome; sign and send nothing.
    #[arg(long, global = true, env = "MUTUAL_DRY_RUN")]
    pub dry_run: bool,
    /// Skip the confirmation prompt.
    #[arg(short = 'y', long = "yes", global = true, env = "MUTUAL_YES")]
    pub yes: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the whole story on an embedded chain and narrate it.
    Demo,
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
}

#[derive(Args, Debug)]
pub struct BootstrapArgs {
    /// Mint of the base asset (e.g. USDC).
    #[arg(long)]
    pub base_mint: String,
    /// Token program of the base mint.
    #[arg(long, default_value = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA")]
    pub base_token_program: String,
    /// Guardian key (may pause only); defaults to the signer.
    #[arg(long)]
    pub guardian: Option<String>,
    /// MCR floor in base units.
    #[arg(long)]
    pub min_mcr: u64,
    /// Base units per whole stake token for the first mint.
    #[arg(long)]
    pub initial_book_value: u64,
}

#[derive(Subcommand, Debug)]
pub enum ConfigCommand {
    /// Show the configuration, parameters and capital snapshot.
    Show,
}

#[derive(Subcommand, Debug)]
pub enum MemberCommand {
    /// Join the mutual: pay the join fee and get a stake-token account.
    Join,
    /// Leave the mutual (the stake-token account must be empty, or hold at most --max-burn units, which burn).
    Leave {
        /// Stake units left in the account (e.g. dust sent by others) that may be burnt on the way out.
        #[arg(long, default_value_t = 0)]
        max_burn: u64,
    },
    /// Thaw the stake-token account again after closing and re-creating it.
    Thaw,
    /// Show a wallet's membership (the signer's by default).
    Show { wallet: Option<String> },
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Buy stake tokens with base units at book value plus the buffer.
    Buy {
        /// Base-asset units to pay.
        #[arg(long)]
        amount: u64,
        /// Fewest stake units accepted; defaults to the quoted amount.
        #[arg(long)]
        min_out: Option<u64>,
    },
    /// Sell stake units for base units at book value minus the buffer.
    Sell {
        /// Stake-token units to sell.
        #[arg(long)]
        amount: u64,
        /// Fewest base units accepted; defaults to the quoted amount.
        #[arg(long)]
        min_out: Option<u64>,
    },
}
