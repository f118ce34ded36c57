use super::product::{class_name, class_named};
use crate::chain::Session;
use crate::output::Report;
use crate::{CliError, Result};
use clap::Subcommand;
use mutual::errors::MutualError;
use mutual::state::risk_signals::{Audit, Incident, Intent, Permissions, UpgradeAuthority};
use mutual::state::Signals;
use mutual_sdk::{fetch, ix, risk, SdkError, Signer, Transport};
use serde::Deserialize;
use serde_json::json;
use std::io::BufRead;

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

pub fn run(session: &Session, cmd: RiskCommand, input: &mut dyn BufRead) -> Result<Report> {
    match cmd {
        RiskCommand::Show { product } => show(session, product),
        RiskCommand::Update {
            product,
            file,
            as_curator,
        } => update(session, product, &file, as_curator, input),
    }
}

/// The JSON form of the signals `risk update --file` reads. Auditor names are hashed on the way in.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignalsFile {
    #[serde(default)]
    audits: Vec<AuditJson>,
    #[serde(default)]
    incidents: Vec<IncidentJson>,
    #[serde(default)]
    permissions: PermissionsJson,
    #[serde(default)]
    intent: IntentJson,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuditJson {
    auditor: String,
    date: i64,
    #[serde(default)]
    critical_open: u8,
    #[serde(default)]
    critical_fixed: u8,
    #[serde(default)]
    high_open: u8,
    #[serde(default)]
    high_fixed: u8,
    #[serde(default)]
    medium_open: u8,
    #[serde(default)]
    medium_fixed: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IncidentJson {
    date: i64,
    loss: u64,
    class: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct PermissionsJson {
    upgradeable: bool,
    /// none, key, multisig, timelock or dao.
    upgrade_authority: Option<String>,
    timelock_delay: u32,
    can_pause: bool,
    can_mint: bool,
    can_move_funds: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct IntentJson {
    promises_immutable: bool,
    promises_no_mint: bool,
    promises_no_fund_access: bool,
    promised_timelock: u32,
}

fn authority_kind(name: Option<&str>) -> Result<UpgradeAuthority> {
    Ok(match name.unwrap_or("none") {
        "none" => UpgradeAuthority::None,
        "key" => UpgradeAuthority::Key,
        "multisig" => UpgradeAuthority::Multisig,
        "timelock" => UpgradeAuthority::Timelock,
        "dao" => UpgradeAuthority::Dao,
        other => {
            return Err(CliError::Usage(format!(
                "upgrade_authority: unknown {other}"
            )))
        }
    })
}

fn authority_name(kind: UpgradeAuthority) -> &'static str {
    match kind {
        UpgradeAuthority::None => "none",
        UpgradeAuthority::Key => "key",
        UpgradeAuthority::Multisig => "multisig",
        UpgradeAuthority::Timelock => "timelock",
        UpgradeAuthority::Dao => "dao",
    }
}

fn signals(file: SignalsFile) -> Result<Signals> {
    let audits = file
        .audits
        .into_iter()
        .map(|a| Audit {
            auditor: solana_sha256_hasher::hash(a.auditor.as_bytes()).to_bytes(),
            date: a.date,
            critical_open: a.critical_open,
            critical_fixed: a.critical_fixed,
            high_open: a.high_open,
            high_fixed: a.high_fixed,
            medium_open: a.medium_open,
            medium_fixed: a.medium_fixed,
        })
        .collect();
    let incidents = file
        .incidents
        .into_iter()
        .map(|i| {
            Ok(Incident {
                date: i.date,
                loss: i.loss,
                class: class_named(&i.class).ok_or_else(|| {
                    CliError::Usage(format!("incident class: unknown {}", i.class))
                })?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let p = file.permissions;
    let i = file.intent;
    Ok(Signals {
        audits,
        incidents,
        permissions: Permissions {
            upgradeable: p.upgradeable,
            upgrade_authority: authority_kind(p.upgrade_authority.as_deref())?,
            timelock_delay: p.timelock_delay,
            can_pause: p.can_pause,
            can_mint: p.can_mint,
            can_move_funds: p.can_move_funds,
        },
        intent: Intent {
            promises_immutable: i.promises_immutable,
            promises_no_mint: i.promises_no_mint,
            promises_no_fund_access: i.promises_no_fund_access,
            promised_timelock: i.promised_timelock,
        },
    })
}

fn update(
    session: &Session,
    product: u32,
    file: &str,
    as_curator: bool,
    input: &mut dyn BufRead,
) -> Result<Report> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| CliError::Usage(format!("--file {file}: {e}")))?;
    let parsed: SignalsFile =
        serde_json::from_str(&text).map_err(|e| CliError::Usage(format!("--file {file}: {e}")))?;
    let signals = signals(parsed)?;
    let updater = session.signer()?.pubkey();
    // The chain's checks, in its order: who may update, then `Signals::validate` (counts, dates in the past).
    fetch::product(&session.chain, product)?;
    let authority = fetch::config(&session.chain)?.authority;
    let curator = fetch::curator(&session.chain, &updater)?.is_some();
    if (as_curator && !curator) || (!as_curator && updater != authority) {
        return Err(super::refused(MutualError::NotCurator));
    }
    let now = session.chain.unix_timestamp()?;
    signals.validate(now).map_err(SdkError::refused)?;
    let review = [
        (
            "action",
            format!("replace the risk signals of product {product}"),
        ),
        ("audits", signals.audits.len().to_string()),
        ("incidents", signals.incidents.len().to_string()),
        (
            "as",
            if as_curator { "curator" } else { "authority" }.to_string(),
        ),
    ];
    let ix = ix::risk_signals_update(&updater, product, as_curator, signals);
    let receipt = session.execute(&review, &[ix], input)?;
    let score = receipt.events.iter().find_map(|e| match e {
        mutual_sdk::MutualEvent::RiskSignalsUpdateEvent(e) => Some(e.score),
        _ => None,
    });
    let score = score.unwrap_or_default();
    Ok(Report::new("risk signals updated")
        .field("product", product.to_string(), product)
        .field("risk_score", score.to_string(), score)
        .text("signature", receipt.signature))
}

fn show(session: &Session, product: u32) -> Result<Report> {
    let report = risk::product_report(&session.chain, product)?;
    let r = report.risk;
    let s = &report.signals.signals;
    let audits = s
        .audits
        .iter()
        .map(|a| {
            vec![
                ("date", a.date.to_string(), json!(a.date)),
                (
                    "critical_open",
                    a.critical_open.to_string(),
                    json!(a.critical_open),
                ),
                ("high_open", a.high_open.to_string(), json!(a.high_open)),
                (
                    "medium_open",
                    a.medium_open.to_string(),
                    json!(a.medium_open),
                ),
                (
                    "fixed",
                    (u16::from(a.critical_fixed)
                        + u16::from(a.high_fixed)
                        + u16::from(a.medium_fixed))
                    .to_string(),
                    json!(
                        u16::from(a.critical_fixed)
                            + u16::from(a.high_fixed)
                            + u16::from(a.medium_fixed)
                    ),
                ),
            ]
        })
        .collect();
    let incidents = s
        .incidents
        .iter()
        .map(|i| {
            vec![
                ("date", i.date.to_string(), json!(i.date)),
                ("loss", i.loss.to_string(), json!(i.loss)),
                (
                    "class",
                    class_name(i.class).to_string(),
                    json!(class_name(i.class)),
                ),
            ]
        })
        .collect();
    let p = s.permissions;
    Ok(Report::new(format!(
        "risk of product {product}: {}",
        report.product.terms.name
    ))
    .field("product", product.to_string(), product)
    .field("risk_score", format!("{} / 100", r.score), r.score)
    .field(
        "open_critical",
        r.open_critical.to_string(),
        r.open_critical,
    )
    .field("open_high", r.open_high.to_string(), r.open_high)
    .field(
        "incident_loss",
        r.incident_loss.to_string(),
        r.incident_loss,
    )
    .field("upgradeable", p.upgradeable.to_string(), p.upgradeable)
    .text("upgrade_authority", authority_name(p.upgrade_authority))
    .field("can_pause", p.can_pause.to_string(), p.can_pause)
    .field("can_mint", p.can_mint.to_string(), p.can_mint)
    .field(
        "can_move_funds",
        p.can_move_funds.to_string(),
        p.can_move_funds,
    )
    .field(
        "broken_promises",
        r.broken_promises.to_string(),
        r.broken_promises,
    )
    .field(
        "signals_updated_at",
        r.signals_updated_at.to_string(),
        r.signals_updated_at,
    )
    .list("audits", audits)
    .list("incidents", incidents))
}
