use crate::amounts::TokenAmount;
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
    Localnet {
        /// RPC port (solana-test-validator's default).
        #[arg(long, default_value_t = 8899)]
        port: u16,
        /// Where the state is saved and restored from.
        #[arg(long, default_value = ".mutual-ledger")]
        ledger: std::path::PathBuf,
        /// Discard the saved state and start over.
        #[arg(long)]
        reset: bool,
        /// How the clock moves: `wall` follows the wall clock, as a validator's does; `manual` moves only with
        /// `localnet warp`, so the same commands give the same times.
        #[arg(long, value_enum, default_value_t = crate::localnet::ClockMode::Wall)]
        clock: crate::localnet::ClockMode,
        /// Also serve the Solana Actions for it on this port (as `mutual serve` does).
        #[arg(long)]
        web: Option<u16>,
        #[command(subcommand)]
        action: Option<LocalnetAction>,
    },
    /// Serve the Solana Actions (buy cover) for the cluster at --url on 127.0.0.1 (docs/web.md). Holds no key:
    /// wallets sign what it builds.
    Serve {
        #[arg(long, default_value_t = 8080)]
        port: u16,
    },
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
    Pause {
        /// buy, claims, staking, token (comma-separated), or all.
        #[arg(long, default_value = "all")]
        areas: String,
    },
    /// Resume paused areas (authority).
    Unpause {
        /// buy, claims, staking, token (comma-separated), or all.
        #[arg(long, default_value = "all")]
        areas: String,
    },
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
    Quote {
        /// Product id.
        product: u32,
        /// What you have at stake in the product, in tokens of the cover asset.
        #[arg(long, allow_hyphen_values = true)]
        exposure: TokenAmount,
        #[command(flatten)]
        terms: CoverTermsArgs,
    },
}

/// What a cover buys: the period, the asset, and the pools (cheapest first when omitted).
#[derive(Args, Debug, Clone)]
pub struct CoverTermsArgs {
    /// Period in days: 28 to 365.
    #[arg(long, default_value_t = 365)]
    pub days: u32,
    /// Mint of the cover asset; the base asset when omitted.
    #[arg(long)]
    pub asset: Option<String>,
    /// Pool ids to fill, in order (comma-separated); the product's pools cheapest first when omitted.
    #[arg(long, value_delimiter = ',')]
    pub pools: Vec<u32>,
}

/// `cover buy`: the cover, the premium limit, and a broker's owner and commission.
#[derive(Args, Debug, Clone)]
pub struct CoverBuyOpts {
    pub product: u32,
    /// Cover amount, in tokens of the cover asset.
    #[arg(long, allow_hyphen_values = true)]
    pub amount: TokenAmount,
    #[command(flatten)]
    pub terms: CoverTermsArgs,
    /// Most to pay, premium and commission together, in tokens of the cover asset; the quote when omitted.
    #[arg(long, allow_hyphen_values = true)]
    pub max_premium: Option<TokenAmount>,
    /// Who holds the cover (brokers only); the signer when omitted.
    #[arg(long)]
    pub owner: Option<String>,
    #[arg(long, default_value_t = 0)]
    pub commission_bps: u16,
    /// Token account (of the asset) that receives the commission.
    #[arg(long)]
    pub commission_to: Option<String>,
}

/// Which cover: the product and the cover's sequence number on it.
#[derive(Args, Debug, Clone)]
pub struct CoverId {
    /// Product id.
    pub product: u32,
    /// The cover's sequence number on the product.
    pub seq: u64,
}

#[derive(Subcommand, Debug)]
pub enum CoverCommand {
    /// Price a cover without buying it.
    Quote {
        product: u32,
        /// Cover amount, in tokens of the cover asset.
        #[arg(long, allow_hyphen_values = true)]
        amount: TokenAmount,
        #[command(flatten)]
        terms: CoverTermsArgs,
        /// A broker's commission on top, in basis points.
        #[arg(long, default_value_t = 0)]
        commission_bps: u16,
    },
    /// Buy cover (members; brokers may buy for another --owner).
    Buy(CoverBuyOpts),
    /// Replace a cover with a new amount and period from now, credited with the unused premium.
    Edit {
        #[command(flatten)]
        id: CoverId,
        /// The new amount, in tokens of the cover asset.
        #[arg(long, allow_hyphen_values = true)]
        amount: TokenAmount,
        #[command(flatten)]
        terms: CoverTermsArgs,
        /// Most to pay after the credit; what the review shows when omitted.
        #[arg(long, allow_hyphen_values = true)]
        max_premium: Option<TokenAmount>,
    },
    /// Renew a cover from its end, in its last 7 days.
    Renew {
        #[command(flatten)]
        id: CoverId,
        /// Pools for the renewal (comma-separated); cheapest first when omitted.
        #[arg(long, value_delimiter = ',')]
        pools: Vec<u32>,
        /// Most to pay, in tokens of the cover asset; the quote when omitted.
        #[arg(long, allow_hyphen_values = true)]
        max_premium: Option<TokenAmount>,
    },
    /// Turn auto-renewal on (--max-premium, with the token approval), off (--cancel), or crank it (--crank).
    AutoRenew {
        #[command(flatten)]
        id: CoverId,
        /// The most one renewal may charge, in tokens of the cover asset; approves the config PDA for as much.
        #[arg(long, allow_hyphen_values = true)]
        max_premium: Option<TokenAmount>,
        /// Stop auto-renewal and revoke the approval.
        #[arg(long)]
        cancel: bool,
        /// Renew someone's cover now (anyone may, in its last 7 days).
        #[arg(long)]
        crank: bool,
    },
    /// Hand a cover to another owner.
    Transfer {
        #[command(flatten)]
        id: CoverId,
        #[arg(long)]
        to: String,
    },
    /// Show a cover.
    Show {
        #[command(flatten)]
        id: CoverId,
    },
    /// List the covers a wallet holds (the signer's when omitted).
    List {
        #[arg(long)]
        owner: Option<String>,
    },
    /// Expire a cover after its end plus grace (anyone may); the rent goes back to its buyer.
    Expire {
        #[command(flatten)]
        id: CoverId,
    },
}

#[derive(Subcommand, Debug)]
pub enum ClaimCommand {
    /// File a claim on a cover you own (a deposit in SOL is held, refunded if the claim is accepted).
    Submit {
        /// The cover: its address, or PRODUCT/SEQ as `cover show` names it.
        #[arg(long)]
        cover: String,
        /// Claimed, in tokens of the cover asset: at most the cover amount less what claims paid out.
        #[arg(long, allow_hyphen_values = true)]
        amount: TokenAmount,
        /// Where the evidence is published (at most 128 bytes).
        #[arg(long)]
        evidence_uri: String,
        /// SHA-256 of the evidence, hex; defaults to the hash of the URI.
        #[arg(long)]
        evidence_hash: Option<String>,
    },
    /// One claim: its poll (phase, time left, tally or hidden), the wording it is judged against, the evidence.
    Show {
        /// The claim's address.
        claim: String,
    },
    /// Claims, oldest first: --open keeps those taking votes now, --mine those the signer filed.
    List {
        #[arg(long)]
        open: bool,
        #[arg(long)]
        mine: bool,
    },
    /// Take the payout of an accepted claim, after its cooldown and within the payout window (the claimant).
    Redeem {
        /// The claim's address.
        claim: String,
        /// Token account of the cover asset that receives the payout; the signer's associated account when
        /// omitted (created if missing).
        #[arg(long)]
        to: Option<String>,
    },
    /// Settle a denied claim (the deposit goes to the treasury) or a lapsed one (back to the claimant); anyone
    /// may.
    Close {
        /// The claim's address.
        claim: String,
    },
    /// Undo a flagged assessor's votes (anyone; 8 a transaction until none is left): they earn nothing, and leave
    /// the tally of polls not yet final.
    UndoFraud {
        /// The flagged assessor's wallet.
        assessor: String,
    },
}

/// The side of a vote.
#[derive(Args, Debug, Clone, Copy)]
#[group(required = true, multiple = false)]
pub struct VoteChoiceArgs {
    /// Vote to accept the claim.
    #[arg(long)]
    pub accept: bool,
    /// Vote to deny the claim.
    #[arg(long)]
    pub deny: bool,
}

#[derive(Subcommand, Debug)]
pub enum VoteCommand {
    /// Vote to accept a claim (open polls; the first vote must accept).
    Accept {
        /// The claim's address.
        claim: String,
    },
    /// Vote to deny a claim (open polls).
    Deny {
        /// The claim's address.
        claim: String,
    },
    /// Commit a hidden vote (commit-reveal polls): a random salt is saved for `vote reveal`.
    Commit {
        /// The claim's address.
        claim: String,
        #[command(flatten)]
        choice: VoteChoiceArgs,
        /// Where the choice and salt are saved; next to the keypair (KEYPAIR_STEM.vote-CLAIM.json) when omitted.
        #[arg(long)]
        salt_file: Option<std::path::PathBuf>,
    },
    /// Reveal a committed vote in the reveal window, from the saved salt file or --accept/--deny --salt.
    Reveal {
        /// The claim's address.
        claim: String,
        /// The committed choice was to accept (with --salt).
        #[arg(long, conflicts_with = "deny", requires = "salt")]
        accept: bool,
        /// The committed choice was to deny (with --salt).
        #[arg(long, requires = "salt")]
        deny: bool,
        /// The salt of the commitment, 32 bytes of hex (with --accept or --deny).
        #[arg(long, conflicts_with = "salt_file")]
        salt: Option<String>,
        /// The file `vote commit` saved; next to the keypair when omitted.
        #[arg(long)]
        salt_file: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum AssessorCommand {
    /// Move stake-token into the assessment vault; it weighs in the polls of claims filed afterwards.
    Stake {
        /// MUT.
        #[arg(long, allow_hyphen_values = true)]
        amount: TokenAmount,
    },
    /// Take assessor stake back, once the lock after your last vote has passed.
    Unstake {
        /// MUT.
        #[arg(long, allow_hyphen_values = true)]
        amount: TokenAmount,
    },
    /// A wallet's assessor stake, its lock and fraud flag (the signer's by default).
    Show { wallet: Option<String> },
    /// Flag an assessor as fraudulent (authority): its stake burns and its votes can be undone.
    FlagFraud { wallet: String },
}

#[derive(Subcommand, Debug)]
pub enum RewardsCommand {
    /// Take your share of a claim's assessment reward once its outcome is final; your vote closes.
    Claim {
        /// The claim's address.
        claim: String,
    },
}

/// The terms of a product (`product create` and `product update`).
#[derive(Args, Debug, Clone)]
pub struct ProductTermsArgs {
    /// Display name, at most 32 bytes.
    #[arg(long)]
    pub name: String,
    /// smart-contract, oracle, platform-insolvency, transparency or governance.
    #[arg(long, default_value = "smart-contract")]
    pub class: String,
    /// Where the cover wording is published.
    #[arg(long)]
    pub wording_uri: String,
    /// SHA-256 of the wording, hex; defaults to the hash of the URI.
    #[arg(long)]
    pub wording_hash: Option<String>,
    /// Bit i allows cover in the asset registered at index i.
    #[arg(long, default_value_t = 1)]
    pub cover_assets: u8,
    #[arg(long, default_value_t = 30)]
    pub grace_days: u32,
    /// Share of pool capacity the product may not use.
    #[arg(long, default_value_t = 0)]
    pub capacity_reduction_bps: u16,
    /// Annual price a new listing starts from.
    #[arg(long, default_value_t = 200)]
    pub initial_price_bps: u16,
    /// Floor of every annual price of the product.
    #[arg(long, default_value_t = 100)]
    pub min_price_bps: u16,
    /// Pool ids that may list it (comma-separated); none means every pool.
    #[arg(long, value_delimiter = ',')]
    pub allowed_pools: Vec<u32>,
    /// Take no new cover or listings.
    #[arg(long)]
    pub deprecated: bool,
    /// Vote claims on this product commit-reveal, whatever the protocol's mode.
    #[arg(long)]
    pub commit_reveal: bool,
}

#[derive(Subcommand, Debug)]
pub enum ProductCommand {
    /// Every product with its class, price and risk score.
    List,
    /// One product's terms.
    Show { id: u32 },
    /// List a new product (authority only).
    Create(ProductTermsArgs),
    /// Replace a product's terms (authority only).
    Update {
        id: u32,
        #[command(flatten)]
        terms: ProductTermsArgs,
    },
}

#[derive(Subcommand, Debug)]
pub enum RiskCommand {
    /// The signals and the risk score of a product.
    Show { product: u32 },
    /// Replace a product's signals from a JSON file (authority or curator).
    Update {
        product: u32,
        /// JSON: {"audits":[{"auditor":"name","date":unix,"critical_open":0,...}],"incidents":[...],
        /// "permissions":{...},"intent":{...}}; the README has the full form.
        #[arg(long)]
        file: String,
        /// Sign as a curator (with the signer's curator record).
        #[arg(long)]
        as_curator: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum PoolCommand {
    /// Open a staking pool (members only); the signer manages it unless --manager is given.
    Create {
        #[arg(long)]
        manager: Option<String>,
        /// Only the manager may stake.
        #[arg(long)]
        private: bool,
        #[arg(long, default_value_t = 1_000)]
        fee_bps: u16,
        #[arg(long, default_value_t = 2_000)]
        max_fee_bps: u16,
        /// Initial products, listed in the same transaction: PRODUCT:WEIGHT:PRICE_BPS (repeatable; the signer must
        /// be the manager).
        #[arg(long = "listing")]
        listings: Vec<String>,
    },
    /// One pool: stake per tranche, listings and free capacity.
    Show {
        id: u32,
        /// Cover period the capacity is shown for, in days.
        #[arg(long, default_value_t = 365)]
        period_days: i64,
    },
    /// Every pool.
    List,
    /// List products or change their weights and prices: --listing PRODUCT:WEIGHT:PRICE_BPS (repeatable).
    SetProducts {
        id: u32,
        #[arg(long = "listing", required = true)]
        listings: Vec<String>,
    },
    /// Take the pool fee's rewards (the manager only).
    FeeWithdraw { id: u32 },
    /// Set the pool fee (up to the pool's max fee).
    SetFee {
        id: u32,
        #[arg(long)]
        fee_bps: u16,
    },
    /// Hand the pool to a new manager.
    SetManager {
        id: u32,
        #[arg(long)]
        manager: String,
    },
    /// Process the pool's bucket ends and tranche expiries up to now (permissionless), one crank per
    /// transaction until it is caught up: a pool idle for long needs several before a pool-touching instruction.
    Process { id: u32 },
}

#[derive(Subcommand, Debug)]
pub enum StakeCommand {
    /// Stake into a pool: --lock 0..7 tranches beyond the current one (or --tranche ID).
    Deposit {
        #[arg(long)]
        pool: u32,
        /// MUT.
        #[arg(long, allow_hyphen_values = true)]
        amount: TokenAmount,
        #[arg(long, default_value_t = 0)]
        lock: u32,
        #[arg(long)]
        tranche: Option<u32>,
    },
    /// Move a position to a later tranche.
    Extend {
        #[arg(long)]
        pool: u32,
        #[arg(long)]
        tranche: u32,
        #[arg(long)]
        to: u32,
    },
    /// Withdraw rewards, and stake once the tranche has expired.
    Withdraw {
        #[arg(long)]
        pool: u32,
        #[arg(long)]
        tranche: u32,
        /// Withdraw the stake (after expiry).
        #[arg(long)]
        stake: bool,
        /// Withdraw the rewards.
        #[arg(long)]
        rewards: bool,
    },
    /// A wallet's positions (the signer's by default).
    List { owner: Option<String> },
    /// Hand a position, with its rewards, to another member.
    Transfer {
        #[arg(long)]
        pool: u32,
        #[arg(long)]
        tranche: u32,
        /// The receiving member's wallet.
        #[arg(long)]
        to: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum LocalnetAction {
    /// Give a wallet SOL and test USDC on the running localnet.
    Faucet {
        /// The wallet to fund; the signer's when omitted.
        #[arg(long)]
        to: Option<String>,
        /// SOL.
        #[arg(long, default_value = "10", allow_hyphen_values = true)]
        sol: TokenAmount,
        /// Test USDC.
        #[arg(long, default_value = "10000", allow_hyphen_values = true)]
        usdc: TokenAmount,
    },
    /// Move the running localnet's clock forward: by --days, --hours, --seconds (added together), or a span
    /// like `12h`, `90m`, `1d12h`, `30s`.
    Warp {
        /// A span: a number with d, h, m or s (e.g. 1d12h).
        span: Option<String>,
        #[arg(long, default_value_t = 0)]
        days: i64,
        #[arg(long, default_value_t = 0)]
        hours: i64,
        #[arg(long, default_value_t = 0)]
        seconds: i64,
    },
    /// Set the running localnet's test price of a feed (a local stand-in for Pyth's push feeds).
    Price {
        /// `SOL/USD`, or a feed id in hex.
        #[arg(long, default_value = "SOL/USD")]
        feed: String,
        /// Dollars, e.g. 151.25 (up to 8 decimals).
        #[arg(long)]
        price: String,
    },
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
    /// MCR floor, in tokens of the base asset.
    #[arg(long, allow_hyphen_values = true)]
    pub min_mcr: TokenAmount,
    /// Price of one stake token at the first mint, in tokens of the base asset.
    #[arg(long, allow_hyphen_values = true)]
    pub initial_book_value: TokenAmount,
    /// Skip registering wrapped SOL (valued by Pyth's SOL/USD feed), which `bootstrap` registers by default:
    /// join fees are swept into it, and it values claim deposits (without it a denied claim rewards nothing).
    #[arg(long)]
    pub no_wrapped_sol: bool,
}

#[derive(Subcommand, Debug)]
pub enum AuthorityCommand {
    /// Propose a new authority (the current authority); it takes over when it accepts.
    Propose {
        /// The new authority's public key.
        to: String,
    },
    /// Take over as the authority (the proposed key signs).
    Accept,
}

#[derive(Subcommand, Debug)]
pub enum GuardianCommand {
    /// Set the guardian (authority).
    Set {
        /// The guardian's public key.
        guardian: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum CuratorCommand {
    /// Let a wallet update products' risk signals.
    Add { wallet: String },
    /// Remove a curator (its record's rent comes back).
    Remove { wallet: String },
}

#[derive(Subcommand, Debug)]
pub enum AssetCommand {
    /// Register a mint (authority). The first asset is the base asset; every other needs a Pyth feed and counts
    /// as capital once the parameter timelock has passed.
    Register {
        #[arg(long)]
        mint: String,
        /// Pyth price feed: `SOL/USD` or a feed id in hex (required for every asset but the first).
        #[arg(long)]
        feed: Option<String>,
        /// Hold it as capital only: no cover is sold in it.
        #[arg(long)]
        capital_only: bool,
    },
    /// Change an asset (authority): whether it takes new cover, whether it is abandoned, its feed (once set, a
    /// feed is fixed). What is omitted stays as it is.
    Update {
        #[arg(long)]
        mint: String,
        /// Sell cover in it: true or false.
        #[arg(long)]
        cover: Option<bool>,
        /// Abandon it (no new cover; its capital still counts): true or false.
        #[arg(long)]
        abandoned: Option<bool>,
        /// Pyth price feed: `SOL/USD` or a feed id in hex.
        #[arg(long)]
        feed: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum CapitalCommand {
    /// Capital per asset, pending payouts, MCR, the MCR ratio, book value and the snapshot's age.
    Show,
    /// Revalue every asset at its Pyth price (permissionless).
    Refresh,
}

#[derive(Subcommand, Debug)]
pub enum ParamsCommand {
    /// Every parameter, and the pending change with its execution time.
    Show,
    /// Propose the current parameters with changes: --set NAME=VALUE (repeatable; names as `params show`).
    Propose {
        #[arg(long = "set", required = true)]
        changes: Vec<String>,
    },
    /// Apply the pending change once its time has come (permissionless).
    Execute,
    /// Withdraw the pending change (authority).
    Cancel,
}

#[derive(Subcommand, Debug)]
pub enum TreasuryCommand {
    /// Wrap the treasury's lamports above its rent into the wrapped-SOL vault, as capital (permissionless).
    Sweep,
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
        /// MUT left in the account (e.g. dust sent by others) that may be burnt on the way out.
        #[arg(long, default_value = "0", allow_hyphen_values = true)]
        max_burn: TokenAmount,
    },
    /// Thaw the stake-token account again after closing and re-creating it.
    Thaw,
    /// Approve (or with --off revoke) a member as a broker, who may buy cover for others (authority).
    SetBroker {
        wallet: String,
        #[arg(long)]
        off: bool,
    },
    /// Show a wallet's membership (the signer's by default).
    Show { wallet: Option<String> },
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Buy MUT with the base asset at book value plus the buffer.
    Buy {
        /// What to pay, in tokens of the base asset.
        #[arg(long, allow_hyphen_values = true)]
        amount: TokenAmount,
        /// Fewest MUT accepted; the quote when omitted.
        #[arg(long, allow_hyphen_values = true)]
        min_out: Option<TokenAmount>,
    },
    /// Sell MUT for the base asset at book value minus the buffer.
    Sell {
        /// MUT to sell.
        #[arg(long, allow_hyphen_values = true)]
        amount: TokenAmount,
        /// Fewest tokens of the base asset accepted; the quote when omitted.
        #[arg(long, allow_hyphen_values = true)]
        min_out: Option<TokenAmount>,
    },
}
