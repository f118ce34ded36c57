//! `mutual asset register|update` (the authority): the assets of the capital pool. Both run the program's own
//! rules on copies before any review (`Config::add_asset`, `Asset::init`, `Asset::update`), so a refusal prints
//! as the chain's error.
use crate::chain::{parse_pubkey, Session};
use crate::output::Report;
use crate::{CliError, Result};
use anchor_lang::AnchorDeserialize;
use anchor_lang::Space;
use clap::Subcommand;
use mutual::errors::MutualError;
use mutual::instructions::AssetUpdateArgs;
use mutual::state::Asset;
use mutual_sdk::prices::FeedId;
use mutual_sdk::{fetch, ix, pda, SdkError, Signer, Transport};
use std::io::BufRead;

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

pub fn run(session: &Session, cmd: AssetCommand, input: &mut dyn BufRead) -> Result<Report> {
    match cmd {
        AssetCommand::Register {
            mint,
            feed,
            capital_only,
        } => register(session, &mint, feed.as_deref(), capital_only, input),
        AssetCommand::Update {
            mint,
            cover,
            abandoned,
            feed,
        } => update(session, &mint, cover, abandoned, feed.as_deref(), input),
    }
}

/// A Pyth feed id: `SOL/USD`, or 32 bytes of hex (with or without `0x`).
pub fn parse_feed(text: &str) -> Result<FeedId> {
    let hex = match text {
        "SOL/USD" => mutual_sdk::prices::SOL_USD_FEED,
        other => other,
    };
    mutual_sdk::prices::get_feed_id_from_hex(hex).map_err(|_| {
        CliError::Usage(format!(
            "--feed {text}: expected SOL/USD or a feed id in hex"
        ))
    })
}

fn feed_text(feed: Option<FeedId>) -> String {
    feed.map_or("none (the base asset is worth 1)".into(), |f| {
        format!("0x{}", crate::output::hex(&f))
    })
}

/// The signer, who must be the protocol's authority.
fn authority(session: &Session) -> Result<(mutual_sdk::Pubkey, mutual::state::Config)> {
    let signer = session.signer()?.pubkey();
    let config = fetch::config(&session.chain)?;
    if config.authority != signer {
        return Err(super::refused(MutualError::NotAuthority));
    }
    Ok((signer, config))
}

fn register(
    session: &Session,
    mint_arg: &str,
    feed: Option<&str>,
    capital_only: bool,
    input: &mut dyn BufRead,
) -> Result<Report> {
    let (signer, config) = authority(session)?;
    let mint = parse_pubkey(mint_arg, "--mint")?;
    let feed = feed.map(parse_feed).transpose()?;
    let mint_account = session
        .chain
        .get_account(&mint)?
        .ok_or_else(|| CliError::Usage(format!("--mint {mint}: no such account")))?;
    let token_program = mint_account.owner;
    if token_program != anchor_spl::token::ID && token_program != anchor_spl::token_2022::ID {
        return Err(CliError::Usage(format!(
            "--mint {mint}: not a mint of SPL Token or Token-2022 (owner {token_program})"
        )));
    }
    let decimals = fetch::mint(&session.chain, &mint)?.decimals;
    if let Some(existing) = fetch::anchor_account::<Asset>(&session.chain, &pda::asset(&mint).0)? {
        return Err(CliError::Usage(format!(
            "mint {mint} is already asset {} (change it with `mutual asset update`)",
            existing.index
        )));
    }
    if mint == config.stake_mint {
        return Err(super::refused(MutualError::StakeMintNotAsset));
    }
    // The program's own rules, on copies: the index it takes, then the asset it writes.
    let now = session.chain.unix_timestamp()?;
    let index = config.clone().add_asset(mint).map_err(SdkError::refused)?;
    let zeroed = [0u8; Asset::INIT_SPACE];
    let mut asset = Asset::deserialize(&mut &zeroed[..])
        .map_err(|e| CliError::Usage(format!("an empty asset: {e}")))?;
    asset
        .init(
            0,
            0,
            index,
            mint,
            decimals,
            token_program,
            pda::asset_vault(&mint).0,
            feed,
            !capital_only,
            now,
            config.params.params_delay,
        )
        .map_err(SdkError::refused)?;
    let role = match (index, capital_only) {
        (0, _) => "the base asset: every value is counted in it".to_string(),
        (_, false) => "a cover asset, held as capital".to_string(),
        (_, true) => "held as capital only".to_string(),
    };
    let counts = if index == 0 {
        "at once".to_string()
    } else {
        format!(
            "in {} (unix {}): the parameter timelock after registration",
            crate::output::duration(asset.valued_from - now),
            asset.valued_from
        )
    };
    let review = [
        (
            "action",
            "register an asset of the capital pool".to_string(),
        ),
        ("mint", format!("{mint} ({decimals} decimals)")),
        ("index", index.to_string()),
        ("role", role),
        ("price feed", feed_text(feed)),
        ("counts", counts),
    ];
    let register = ix::asset_register(&signer, &mint, &token_program, feed, !capital_only);
    let receipt = session.execute(&review, &[register], input)?;
    Ok(Report::new("asset registered")
        .text("mint", mint)
        .field("index", index.to_string(), index)
        .text("asset", pda::asset(&mint).0)
        .text("vault", pda::asset_vault(&mint).0)
        .field("is_cover_asset", (!capital_only).to_string(), !capital_only)
        .field(
            "valued_from",
            asset.valued_from.to_string(),
            asset.valued_from,
        )
        .text("signature", receipt.signature))
}

fn update(
    session: &Session,
    mint_arg: &str,
    cover: Option<bool>,
    abandoned: Option<bool>,
    feed: Option<&str>,
    input: &mut dyn BufRead,
) -> Result<Report> {
    let (signer, _) = authority(session)?;
    let mint = parse_pubkey(mint_arg, "--mint")?;
    let current = fetch::asset(&session.chain, &mint)?;
    let args = AssetUpdateArgs {
        is_cover_asset: cover.unwrap_or(current.is_cover_asset),
        is_abandoned: abandoned.unwrap_or(current.is_abandoned),
        pyth_feed_id: match feed {
            Some(text) => Some(parse_feed(text)?),
            None if current.is_base() => None,
            None => Some(current.pyth_feed_id),
        },
    };
    // The program's own rule, on a copy.
    current
        .clone()
        .update(args.is_cover_asset, args.is_abandoned, args.pyth_feed_id)
        .map_err(SdkError::refused)?;
    let review = [
        ("action", format!("update asset {} ({mint})", current.index)),
        (
            "cover asset",
            format!("{} -> {}", current.is_cover_asset, args.is_cover_asset),
        ),
        (
            "abandoned",
            format!("{} -> {}", current.is_abandoned, args.is_abandoned),
        ),
        ("price feed", feed_text(args.pyth_feed_id)),
    ];
    let is_cover_asset = args.is_cover_asset;
    let is_abandoned = args.is_abandoned;
    let receipt = session.execute(&review, &[ix::asset_update(&signer, &mint, args)], input)?;
    Ok(Report::new("asset updated")
        .text("mint", mint)
        .field("is_cover_asset", is_cover_asset.to_string(), is_cover_asset)
        .field("is_abandoned", is_abandoned.to_string(), is_abandoned)
        .text("signature", receipt.signature))
}
