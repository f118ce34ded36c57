use crate::chain::{parse_pubkey, Session};
use crate::output::{amount_cell, Amount, Report, Row};
use crate::{CliError, Result};
use anchor_lang::Space;
use clap::Subcommand;
use mutual::constants::{ACTIVE_TRANCHES, DAY};
use mutual::errors::MutualError;
use mutual::instructions::{PoolCreateArgs, ProductListing};
use mutual::state::Pool;
use mutual_sdk::Bps;
use mutual_sdk::{fetch, ix, pda, staking, Pubkey, SdkError, Signer, Transport};
use serde_json::json;
use std::io::BufRead;

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

pub fn run(session: &Session, cmd: PoolCommand, input: &mut dyn BufRead) -> Result<Report> {
    match cmd {
        PoolCommand::Create {
            manager,
            private,
            fee_bps,
            max_fee_bps,
            listings,
        } => {
            let manager = match manager {
                Some(m) => parse_pubkey(&m, "--manager")?,
                None => session.signer()?.pubkey(),
            };
            let args = PoolCreateArgs {
                manager,
                is_private: private,
                pool_fee: Bps(fee_bps),
                max_pool_fee: Bps(max_fee_bps),
            };
            create(session, args, parse_listings(&listings)?, input)
        }
        PoolCommand::Show { id, period_days } => show(session, id, period_days),
        PoolCommand::List => list(session),
        PoolCommand::SetProducts { id, listings } => {
            set_products(session, id, parse_listings(&listings)?, input)
        }
        PoolCommand::FeeWithdraw { id } => {
            let manager = session.signer()?.pubkey();
            let review = [("action", format!("take the fee rewards of pool {id}"))];
            let receipt =
                session.execute(&review, &[ix::pool_fee_withdraw(&manager, id)], input)?;
            let amount = receipt
                .events
                .iter()
                .find_map(|e| match e {
                    mutual_sdk::MutualEvent::PoolFeeWithdrawEvent(e) => Some(e.amount),
                    _ => None,
                })
                .unwrap_or_default();
            Ok(Report::new("pool fee withdrawn")
                .field("pool", id.to_string(), id)
                .amount("amount", Amount::stake(amount))
                .text("signature", receipt.signature))
        }
        PoolCommand::SetFee { id, fee_bps } => {
            let manager = session.signer()?.pubkey();
            // The chain's checks, on a copy of the pool: refused here, before any review.
            managed_pool(session, id, &manager)?
                .set_fee(Bps(fee_bps))
                .map_err(SdkError::refused)?;
            let review = [
                ("action", format!("set the fee of pool {id}")),
                ("fee", format!("{fee_bps} bps")),
            ];
            let receipt = session.execute(
                &review,
                &[ix::pool_set_fee(&manager, id, Bps(fee_bps))],
                input,
            )?;
            Ok(Report::new("pool fee set")
                .field("pool", id.to_string(), id)
                .field("fee_bps", fee_bps.to_string(), fee_bps)
                .text("signature", receipt.signature))
        }
        PoolCommand::Process { id } => process(session, id, input),
        PoolCommand::SetManager { id, manager } => {
            let next = parse_pubkey(&manager, "--manager")?;
            let current = session.signer()?.pubkey();
            managed_pool(session, id, &current)?;
            let review = [
                ("action", format!("hand pool {id} to a new manager")),
                ("new manager", next.to_string()),
            ];
            let receipt =
                session.execute(&review, &[ix::pool_set_manager(&current, id, &next)], input)?;
            Ok(Report::new("pool manager set")
                .field("pool", id.to_string(), id)
                .text("manager", next)
                .text("signature", receipt.signature))
        }
    }
}

/// Pool `id`, which `manager` must manage: the chain refuses anyone else (`NotPoolManager`).
fn managed_pool(session: &Session, id: u32, manager: &Pubkey) -> Result<Pool> {
    let pool = fetch::pool(&session.chain, id)?;
    if pool.manager != *manager {
        return Err(super::refused(MutualError::NotPoolManager));
    }
    Ok(pool)
}

/// Most cranks one `pool process` sends: each crosses up to `MAX_PROCESS_STEPS` (40) boundaries, so this covers
/// a pool idle for about 37 years (17 boundaries a year).
const MAX_CRANKS: usize = 16;

/// Sends `pool_process_expirations` until the pool has nothing left to process up to now, one crank per
/// transaction (a dry run simulates the first only).
fn process(session: &Session, id: u32, input: &mut dyn BufRead) -> Result<Report> {
    let chain = &session.chain;
    let mut signatures = Vec::new();
    let mut steps = 0u32;
    let pool = loop {
        let pool = fetch::pool(chain, id)?;
        let now = mutual_sdk::Transport::unix_timestamp(chain)?;
        let done = staking::is_processed(&pool, now)
            || signatures.len() == MAX_CRANKS
            || (session.opts.dry_run && !signatures.is_empty());
        if done {
            break pool;
        }
        let review = [(
            "action",
            format!(
                "process pool {id} up to now (crank {} of at most {MAX_CRANKS})",
                signatures.len() + 1
            ),
        )];
        let receipt = session.execute(&review, &[staking::crank(&pool, now)], input)?;
        steps += receipt
            .events
            .iter()
            .find_map(|e| match e {
                mutual_sdk::MutualEvent::PoolProcessEvent(e) => Some(e.steps),
                _ => None,
            })
            .unwrap_or_default();
        signatures.push(receipt.signature.to_string());
    };
    let now = mutual_sdk::Transport::unix_timestamp(chain)?;
    let caught_up = staking::is_processed(&pool, now);
    let title = if caught_up {
        format!("pool {id} is processed up to now")
    } else {
        format!("pool {id} is still behind: run `mutual pool process {id}` again")
    };
    Ok(Report::new(title)
        .field("pool", id.to_string(), id)
        .field("cranks", signatures.len().to_string(), signatures.len())
        .field("steps", steps.to_string(), steps)
        .field("caught_up", caught_up.to_string(), caught_up)
        .field(
            "first_active_tranche",
            pool.first_active_tranche.to_string(),
            pool.first_active_tranche,
        )
        .amount("active_stake", Amount::stake(pool.active_stake))
        .list(
            "signatures",
            signatures
                .iter()
                .map(|s| vec![("signature", s.clone(), json!(s))])
                .collect(),
        ))
}

/// PRODUCT:WEIGHT:PRICE_BPS.
fn parse_listing(text: &str) -> Result<ProductListing> {
    let bad = || {
        CliError::Usage(format!(
            "--listing: expected PRODUCT:WEIGHT:PRICE_BPS, got {text}"
        ))
    };
    let parts: Vec<&str> = text.split(':').collect();
    let [product, weight, price] = parts.as_slice() else {
        return Err(bad());
    };
    Ok(ProductListing {
        product_id: product.parse().map_err(|_| bad())?,
        weight: weight.parse().map_err(|_| bad())?,
        target_price: Bps(price.parse().map_err(|_| bad())?),
    })
}

fn parse_listings(listings: &[String]) -> Result<Vec<ProductListing>> {
    listings.iter().map(|l| parse_listing(l)).collect()
}

fn listings_summary(listings: &[ProductListing]) -> String {
    listings
        .iter()
        .map(|l| {
            format!(
                "#{} weight {} at {} bps",
                l.product_id, l.weight, l.target_price.0
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Opens a pool; initial listings follow in the same transaction (`pool_create` takes none, decision 43), so the
/// manager must be the signer to list them.
fn create(
    session: &Session,
    args: PoolCreateArgs,
    listings: Vec<ProductListing>,
    input: &mut dyn BufRead,
) -> Result<Report> {
    let creator = super::require_member(session)?;
    if !listings.is_empty() && args.manager != creator {
        return Err(CliError::Usage(
            "--listing needs the signer as the manager: the new manager lists with `pool set-products`".into(),
        ));
    }
    let id = fetch::config(&session.chain)?.pool_count;
    // Pool::init's fee rules on a copy, before any review.
    let now = session.chain.unix_timestamp()?;
    let zeroed = [0u8; Pool::INIT_SPACE];
    let mut probe = <Pool as anchor_lang::AnchorDeserialize>::deserialize(&mut &zeroed[..])
        .map_err(|e| CliError::Usage(e.to_string()))?;
    probe
        .init(
            0,
            0,
            id,
            args.manager,
            Pubkey::default(),
            args.is_private,
            args.pool_fee,
            args.max_pool_fee,
            now,
        )
        .map_err(SdkError::refused)?;
    let mut review = vec![
        ("action", "open a staking pool".to_string()),
        ("manager", args.manager.to_string()),
        ("private", args.is_private.to_string()),
        (
            "fee",
            format!("{} bps (max {})", args.pool_fee.0, args.max_pool_fee.0),
        ),
    ];
    let mut ixs = vec![ix::pool_create(&creator, id, args)];
    if !listings.is_empty() {
        review.push(("listings", listings_summary(&listings)));
        ixs.push(ix::pool_set_products(&creator, id, listings));
    }
    let receipt = session.execute(&review, &ixs, input)?;
    let pool = pda::pool(id).0;
    let total = fetch::pool(&session.chain, id)?.total_weight;
    Ok(Report::new("pool opened")
        .field("id", id.to_string(), id)
        .text("pool", pool)
        .text("vault", pda::pool_vault(&pool).0)
        .text("manager", args.manager)
        .field("total_weight", total.to_string(), total)
        .text("signature", receipt.signature))
}

fn set_products(
    session: &Session,
    id: u32,
    listings: Vec<ProductListing>,
    input: &mut dyn BufRead,
) -> Result<Report> {
    let manager = session.signer()?.pubkey();
    if fetch::pool(&session.chain, id)?.manager != manager {
        return Err(super::refused(MutualError::NotPoolManager));
    }
    let now = session.chain.unix_timestamp()?;
    let total = staking::preview_set_products(&session.chain, id, &listings, now)?;
    let review = [
        ("action", format!("set products of pool {id}")),
        ("listings", listings_summary(&listings)),
        ("total weight", format!("{total} of at most 2,000")),
    ];
    let receipt = session.execute(
        &review,
        &[ix::pool_set_products(&manager, id, listings)],
        input,
    )?;
    let total = fetch::pool(&session.chain, id)?.total_weight;
    Ok(Report::new("pool products set")
        .field("pool", id.to_string(), id)
        .field("total_weight", total.to_string(), total)
        .text("signature", receipt.signature))
}

fn pool_row(pool: &Pool) -> Row {
    vec![
        ("id", pool.id.to_string(), json!(pool.id)),
        (
            "manager",
            pool.manager.to_string(),
            json!(pool.manager.to_string()),
        ),
        (
            "private",
            pool.is_private.to_string(),
            json!(pool.is_private),
        ),
        (
            "fee_bps",
            pool.pool_fee.0.to_string(),
            json!(pool.pool_fee.0),
        ),
        amount_cell("active_stake", Amount::stake(pool.active_stake)),
        (
            "total_weight",
            pool.total_weight.to_string(),
            json!(pool.total_weight),
        ),
    ]
}

fn list(session: &Session) -> Result<Report> {
    let pools = fetch::pools(&session.chain)?;
    Ok(Report::new(format!("{} pools", pools.len()))
        .list("pools", pools.iter().map(pool_row).collect()))
}

fn show(session: &Session, id: u32, period_days: i64) -> Result<Report> {
    let pool = fetch::pool(&session.chain, id)?;
    let stakes = pool
        .tranche_stakes()
        .map_err(mutual_sdk::SdkError::refused)?;
    let tranches = (0..ACTIVE_TRANCHES as u32)
        .map(|offset| {
            let tranche = pool.first_active_tranche + offset;
            let stake = stakes[tranche as usize % ACTIVE_TRANCHES];
            vec![
                ("tranche", tranche.to_string(), json!(tranche)),
                (
                    "ends",
                    mutual_sdk::staking::tranche_end(tranche).to_string(),
                    json!(mutual_sdk::staking::tranche_end(tranche)),
                ),
                amount_cell("stake", Amount::stake(stake)),
            ]
        })
        .collect();
    let mut listings = Vec::new();
    let base = fetch::config(&session.chain)?.base_asset;
    let period = u32::try_from(period_days * DAY).unwrap_or(u32::MAX);
    for product in fetch::products(&session.chain)? {
        let rows = staking::product_capacity(&session.chain, product.id, period_days * DAY)?;
        let Some(row) = rows.into_iter().find(|r| r.pool_id == id) else {
            continue;
        };
        // The same capacity as cover in the base asset: the largest amount a buy on this pool alone places now.
        let market = mutual_sdk::cover::CoverMarket::load(&session.chain, product.id, &base)?;
        let bound = mutual_sdk::prices::stake_to_base(row.free, market.snapshot.book_value)
            .unwrap_or(u64::MAX / 2)
            .saturating_mul(2)
            .max(1);
        let cover = market.largest_fit(market.now, period, mutual_sdk::Bps::ZERO, &[id], bound);
        {
            listings.push(vec![
                ("product", product.id.to_string(), json!(product.id)),
                (
                    "name",
                    product.terms.name.clone(),
                    json!(product.terms.name),
                ),
                ("weight", row.weight.to_string(), json!(row.weight)),
                (
                    "price_bps",
                    row.target_price_bps.to_string(),
                    json!(row.target_price_bps),
                ),
                amount_cell("free_capacity", Amount::stake(row.free)),
                amount_cell("free_cover", Amount::of(cover, market.asset.decimals)),
            ]);
        }
    }
    let report = pool_row(&pool)
        .into_iter()
        .fold(Report::new(format!("pool {id}")), |r, (k, human, json)| {
            r.field(k, human, json)
        });
    Ok(report
        .field(
            "max_fee_bps",
            pool.max_pool_fee.0.to_string(),
            pool.max_pool_fee.0,
        )
        .field("halted", pool.halted.to_string(), pool.halted)
        .field(
            "open_claims",
            match pool
                .claims_holding
                .iter()
                .map(|c| u32::from(*c))
                .sum::<u32>()
            {
                0 => "none".to_string(),
                n => format!(
                    "{n}: deposits wait, and the tranches they hold do not expire, until settled"
                ),
            },
            pool.claims_holding
                .iter()
                .map(|c| u32::from(*c))
                .sum::<u32>(),
        )
        .field(
            "processed_at",
            pool.processed_at.to_string(),
            pool.processed_at,
        )
        .field("capacity_period_days", period_days.to_string(), period_days)
        .list("tranches", tranches)
        .list("listings", listings))
}
