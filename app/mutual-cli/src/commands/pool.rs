use crate::chain::{parse_pubkey, Session};
use crate::cli::PoolCommand;
use crate::output::{units, Report, Row};
use crate::{CliError, Result};
use mutual::constants::{ACTIVE_TRANCHES, DAY, STAKE_DECIMALS};
use mutual::instructions::{PoolCreateArgs, ProductListing};
use mutual::math::Bps;
use mutual::state::Pool;
use mutual_sdk::{fetch, ix, pda, staking, Signer};
use serde_json::json;
use std::io::BufRead;

pub fn run(session: &Session, cmd: PoolCommand, input: &mut dyn BufRead) -> Result<Report> {
    match cmd {
        PoolCommand::Create {
            manager,
            private,
            fee_bps,
            max_fee_bps,
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
            create(session, args, input)
        }
        PoolCommand::Show { id, period_days } => show(session, id, period_days),
        PoolCommand::List => list(session),
        PoolCommand::SetProducts { id, listings } => {
            let listings = listings
                .iter()
                .map(|l| parse_listing(l))
                .collect::<Result<Vec<_>>>()?;
            set_products(session, id, listings, input)
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
                .field(
                    "amount",
                    crate::output::units(amount, mutual::constants::STAKE_DECIMALS),
                    amount,
                )
                .text("signature", receipt.signature))
        }
        PoolCommand::SetFee { id, fee_bps } => {
            let manager = session.signer()?.pubkey();
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
        PoolCommand::SetManager { id, manager } => {
            let next = parse_pubkey(&manager, "--manager")?;
            let current = session.signer()?.pubkey();
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

fn create(session: &Session, args: PoolCreateArgs, input: &mut dyn BufRead) -> Result<Report> {
    let creator = session.signer()?.pubkey();
    let id = fetch::config(&session.chain)?.pool_count;
    let review = [
        ("action", "open a staking pool".to_string()),
        ("manager", args.manager.to_string()),
        ("private", args.is_private.to_string()),
        (
            "fee",
            format!("{} bps (max {})", args.pool_fee.0, args.max_pool_fee.0),
        ),
    ];
    let receipt = session.execute(&review, &[ix::pool_create(&creator, id, args)], input)?;
    let pool = pda::pool(id).0;
    Ok(Report::new("pool opened")
        .field("id", id.to_string(), id)
        .text("pool", pool)
        .text("vault", pda::pool_vault(&pool).0)
        .text("manager", args.manager)
        .text("signature", receipt.signature))
}

fn set_products(
    session: &Session,
    id: u32,
    listings: Vec<ProductListing>,
    input: &mut dyn BufRead,
) -> Result<Report> {
    let manager = session.signer()?.pubkey();
    let summary = listings
        .iter()
        .map(|l| {
            format!(
                "#{} weight {} at {} bps",
                l.product_id, l.weight, l.target_price.0
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let review = [
        ("action", format!("set products of pool {id}")),
        ("listings", summary),
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
        (
            "active_stake",
            units(pool.active_stake, STAKE_DECIMALS),
            json!(pool.active_stake),
        ),
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
                    mutual::math::periods::tranche_end(tranche).to_string(),
                    json!(mutual::math::periods::tranche_end(tranche)),
                ),
                ("stake", units(stake, STAKE_DECIMALS), json!(stake)),
            ]
        })
        .collect();
    let mut listings = Vec::new();
    for product in fetch::products(&session.chain)? {
        let rows = staking::product_capacity(&session.chain, product.id, period_days * DAY)?;
        for row in rows.into_iter().filter(|r| r.pool_id == id) {
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
                (
                    "free_capacity",
                    units(row.free, STAKE_DECIMALS),
                    json!(row.free),
                ),
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
            "processed_at",
            pool.processed_at.to_string(),
            pool.processed_at,
        )
        .field("capacity_period_days", period_days.to_string(), period_days)
        .list("tranches", tranches)
        .list("listings", listings))
}
