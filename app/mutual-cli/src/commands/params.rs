use crate::chain::Session;
use crate::output::Report;
use crate::{CliError, Result};
use clap::Subcommand;
use mutual::state::Params;
use mutual_sdk::Bps;
use mutual_sdk::{fetch, ix, MutualEvent, SdkError, Signer};
use serde_json::json;
use std::io::BufRead;

/// Every parameter by its field name: `values` reads them all (the destructuring fails to compile if a field is
/// missing), `set` writes one.
macro_rules! params_fields {
    ($($name:ident: $kind:ident),* $(,)?) => {
        fn values(p: &Params) -> Vec<(&'static str, u64)> {
            let Params { $($name),* } = *p;
            vec![$((stringify!($name), params_fields!(@get $kind, $name))),*]
        }

        fn set(p: &mut Params, name: &str, value: u64) -> Result<()> {
            match name {
                $(stringify!($name) => params_fields!(@set $kind, p.$name, value, name),)*
                _ => return Err(CliError::Usage(format!("no parameter `{name}` (see `mutual params show`)"))),
            }
            Ok(())
        }
    };
    (@get bps, $v:expr) => { u64::from($v.0) };
    (@get u32, $v:expr) => { u64::from($v) };
    (@get u64, $v:expr) => { $v };
    (@set bps, $field:expr, $value:expr, $name:expr) => { $field = Bps(narrow($value, $name)?) };
    (@set u32, $field:expr, $value:expr, $name:expr) => { $field = narrow($value, $name)? };
    (@set u64, $field:expr, $value:expr, $name:expr) => { $field = $value };
}

params_fields!(
    capacity_ratio: bps,
    price_bump: bps,
    price_decay_per_day: bps,
    min_price: bps,
    max_commission: bps,
    rewards_ratio: bps,
    join_fee: u64,
    min_voting_period: u32,
    silent_ending_period: u32,
    cooldown_period: u32,
    payout_window: u32,
    assessor_lock_period: u32,
    reveal_period: u32,
    max_poll_period: u32,
    min_deposit: u64,
    max_reward: u64,
    reward_ratio: bps,
    mcr_ratio: bps,
    min_mcr: u64,
    token_buffer: bps,
    initial_book_value: u64,
    max_snapshot_age: u32,
    oracle_max_age: u32,
    max_conf: bps,
    params_delay: u32,
    liability_quorum: u64,
);

fn narrow<T: TryFrom<u64>>(value: u64, name: &str) -> Result<T> {
    T::try_from(value).map_err(|_| CliError::Usage(format!("{name}: {value} is out of range")))
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

pub fn run(session: &Session, cmd: ParamsCommand, input: &mut dyn BufRead) -> Result<Report> {
    match cmd {
        ParamsCommand::Show => show(session),
        ParamsCommand::Propose { changes } => propose(session, &changes, input),
        ParamsCommand::Execute => {
            let review = [("action", "apply the pending parameter change".to_string())];
            let receipt = session.execute(&review, &[ix::params_execute()], input)?;
            Ok(show(session)?.text("signature", receipt.signature))
        }
        ParamsCommand::Cancel => {
            let authority = session.signer()?.pubkey();
            let review = [(
                "action",
                "withdraw the pending parameter change".to_string(),
            )];
            let receipt = session.execute(&review, &[ix::params_cancel(&authority)], input)?;
            Ok(show(session)?.text("signature", receipt.signature))
        }
    }
}

fn params_json(p: &Params) -> serde_json::Value {
    values(p)
        .into_iter()
        .map(|(name, value)| (name.to_string(), json!(value)))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

fn show(session: &Session) -> Result<Report> {
    let config = fetch::config(&session.chain)?;
    let mut report = Report::new("protocol parameters");
    for (name, value) in values(&config.params) {
        report = report.field(name, value.to_string(), value);
    }
    let pending = config.pending();
    let pending = pending.as_ref();
    Ok(report
        .field(
            "pending",
            pending.map_or("none".to_string(), |p| {
                let changed: Vec<String> = values(p)
                    .into_iter()
                    .zip(values(&config.params))
                    .filter(|(new, old)| new.1 != old.1)
                    .map(|((name, new), (_, old))| format!("{name} {old} -> {new}"))
                    .collect();
                format!(
                    "{} (executable at {})",
                    changed.join(", "),
                    config.pending_params_eta
                )
            }),
            pending.map_or(serde_json::Value::Null, params_json),
        )
        .field(
            "pending_eta",
            config.pending_params_eta.to_string(),
            config.pending_params_eta,
        ))
}

/// The current parameters with `changes` applied, checked with the program's own rules before anything is signed.
fn propose(session: &Session, changes: &[String], input: &mut dyn BufRead) -> Result<Report> {
    let config = fetch::config(&session.chain)?;
    let mut params = config.params;
    let mut review = vec![("action", "propose a parameter change".to_string())];
    for change in changes {
        let (name, value) = change
            .split_once('=')
            .ok_or_else(|| CliError::Usage(format!("--set {change}: expected NAME=VALUE")))?;
        let value: u64 = value.parse().map_err(|_| {
            CliError::Usage(format!("--set {change}: the value must be a whole number"))
        })?;
        set(&mut params, name, value)?;
        review.push(("change", format!("{name} = {value}")));
    }
    params
        .validate_change(&config.params)
        .map_err(SdkError::refused)?;
    review.push((
        "timelock",
        format!("executable {} s after it lands", config.params.params_delay),
    ));
    let authority = session.signer()?.pubkey();
    let receipt = session.execute(&review, &[ix::params_propose(&authority, params)], input)?;
    let eta = receipt.events.iter().find_map(|e| match e {
        MutualEvent::ParamsProposeEvent(e) => Some(e.eta),
        _ => None,
    });
    Ok(Report::new("parameter change proposed")
        .field("eta", eta.map_or("-".into(), |t| t.to_string()), json!(eta))
        .field("params", "", params_json(&params))
        .text("signature", receipt.signature))
}
