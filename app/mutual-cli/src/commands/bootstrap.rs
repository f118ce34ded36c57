use crate::amounts::TokenAmount;
use crate::chain::{parse_pubkey, Session};
use crate::output::Report;
use crate::{CliError, Result};
use clap::Args;
use mutual::state::Params;
use mutual_migrations::{bootstrap, BaseMint, BootstrapOptions};
use mutual_sdk::Signer;
use std::io::BufRead;

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

pub fn run(session: &Session, args: BootstrapArgs, input: &mut dyn BufRead) -> Result<Report> {
    let signer = session.signer()?.pubkey();
    let guardian = match &args.guardian {
        Some(g) => parse_pubkey(g, "--guardian")?,
        None => signer,
    };
    let mint = parse_pubkey(&args.base_mint, "--base-mint")?;
    let decimals = mutual_sdk::fetch::mint(&session.chain, &mint)?.decimals;
    let min_mcr = session.amount(&args.min_mcr, decimals, "--min-mcr")?;
    let initial_book_value =
        session.amount(&args.initial_book_value, decimals, "--initial-book-value")?;
    let options = BootstrapOptions {
        guardian,
        params: Params::defaults(min_mcr, initial_book_value),
        base_mint: BaseMint::Existing {
            mint,
            token_program: parse_pubkey(&args.base_token_program, "--base-token-program")?,
        },
    };
    options
        .params
        .validate()
        .map_err(|e| CliError::Usage(format!("parameters: {e}")))?;
    if session.opts.dry_run {
        return Err(CliError::Usage(
            "bootstrap sends several dependent transactions and cannot be simulated as one".into(),
        ));
    }
    let review = [
        (
            "action",
            "initialise the protocol and register the base asset".to_string(),
        ),
        (
            "authority",
            format!("{signer} (must be the program's upgrade authority)"),
        ),
        ("guardian", guardian.to_string()),
        ("base mint", args.base_mint.clone()),
        (
            "wrapped SOL",
            if args.no_wrapped_sol {
                "not registered (add it later with `mutual asset register`): until then claim deposits \
                 are the floor and a denied claim rewards its voters nothing"
                    .to_string()
            } else {
                "registered too, valued by Pyth's SOL/USD feed: join fees are swept into it and claim \
                 deposits are valued at it"
                    .to_string()
            },
        ),
    ];
    session.confirm(&review, input)?;
    let deployment = bootstrap(&session.chain, session.signer()?, &options)?;
    let report = Report::new("bootstrapped")
        .text("config", deployment.config)
        .text("stake_mint", deployment.stake_mint)
        .text("treasury", deployment.treasury)
        .text("base_mint", deployment.base_mint)
        .text("base_vault", deployment.base_vault);
    if args.no_wrapped_sol {
        return Ok(report);
    }
    let mint = mutual_migrations::register_wrapped_sol(&session.chain, session.signer()?)?;
    Ok(report.text("wrapped_sol", mint))
}
