//! The risk score of a product, 0 (least risky) to 100 (most), from its risk signals (PROTOCOL.md §9). One pure
//! function, so that the program (`product_risk`, readable by CPI), the SDK and the CLI all give the same number.
//!
//! score = audits (≤ 30) + incidents (≤ 25) + permissions (≤ 25) + broken promises (≤ 20); each part is capped,
//! so the score is always within 0..=100. docs/architecture.md, "Risk score", gives the weights and why.
use super::signals::{Audit, Incident, Intent, Permissions, UpgradeAuthority};
use crate::constants::BPS_DENOMINATOR;
use crate::constants::DAY;
use crate::math::{mul_div_up, Bps};
use anchor_lang::prelude::Result;

/// An audit older than this (relative to the newest) no longer vouches for the code as deployed.
pub const STALE_AUDIT: i64 = 2 * 365 * DAY;
/// Incidents within this window weigh more.
pub const RECENT_INCIDENT: i64 = 365 * DAY;
/// A timelock at least this long gives users time to leave before an upgrade.
pub const SAFE_TIMELOCK: u32 = 2 * DAY as u32;

const AUDIT_CAP: u32 = 30;
const INCIDENT_CAP: u32 = 25;
const PERMISSION_CAP: u32 = 25;
const PROMISE_CAP: u32 = 20;

/// Open findings and audit coverage: no audit at all scores the full 30; otherwise 5, plus 25 per open
/// critical, 3 per open high and 1 per open medium finding, plus 5 when the newest audit is stale. One open
/// critical therefore scores the full 30 too: a known, unfixed critical is at least as bad as no audit, so
/// an audit that reports one never lowers the score.
pub fn audit_risk(audits: &[Audit], now: i64) -> u32 {
    let Some(newest) = audits.iter().map(|a| a.date).max() else {
        return AUDIT_CAP;
    };
    let open: u32 = audits
        .iter()
        .map(|a| {
            25 * u32::from(a.critical_open) + 3 * u32::from(a.high_open) + u32::from(a.medium_open)
        })
        .sum();
    let stale = if now.saturating_sub(newest) > STALE_AUDIT {
        5
    } else {
        0
    };
    (5 + open + stale).min(AUDIT_CAP)
}

/// Track record: 10 per incident in the last year, 4 per older one.
pub fn incident_risk(incidents: &[Incident], now: i64) -> u32 {
    let points: u32 = incidents
        .iter()
        .map(|i| {
            if now.saturating_sub(i.date) <= RECENT_INCIDENT {
                10
            } else {
                4
            }
        })
        .sum();
    points.min(INCIDENT_CAP)
}

/// What the admin keys can do: the upgrade power (a single key 12, a multisig 7, a timelock 4 or 7 under two
/// days, a DAO 5, immutable 0), plus 2 to pause, 5 to mint and 8 to move user funds.
pub fn permission_risk(p: &Permissions) -> u32 {
    let upgrade = if !p.upgradeable {
        0
    } else {
        match p.upgrade_authority {
            UpgradeAuthority::None => 0,
            UpgradeAuthority::Key => 12,
            UpgradeAuthority::Multisig => 7,
            UpgradeAuthority::Timelock if p.timelock_delay >= SAFE_TIMELOCK => 4,
            UpgradeAuthority::Timelock => 7,
            UpgradeAuthority::Dao => 5,
        }
    };
    let powers =
        2 * u32::from(p.can_pause) + 5 * u32::from(p.can_mint) + 8 * u32::from(p.can_move_funds);
    (upgrade + powers).min(PERMISSION_CAP)
}

/// Permissions versus intent: each power the protocol promises not to have weighs again. Upgradeable though
/// promised immutable 10, can mint though promised not to 8, can move funds though promised not to 10, a
/// promised upgrade delay that the keys do not enforce 6.
pub fn broken_promise_risk(p: &Permissions, intent: &Intent) -> u32 {
    let can_upgrade = p.upgradeable && p.upgrade_authority != UpgradeAuthority::None;
    let delay_kept = !can_upgrade
        || (p.upgrade_authority == UpgradeAuthority::Timelock
            && p.timelock_delay >= intent.promised_timelock);
    let points = 10 * u32::from(intent.promises_immutable && can_upgrade)
        + 8 * u32::from(intent.promises_no_mint && p.can_mint)
        + 10 * u32::from(intent.promises_no_fund_access && p.can_move_funds)
        + 6 * u32::from(intent.promised_timelock > 0 && !delay_kept);
    points.min(PROMISE_CAP)
}

/// The risk score, 0..=100: the sum of the four capped parts.
pub fn risk_score(
    audits: &[Audit],
    incidents: &[Incident],
    permissions: &Permissions,
    intent: &Intent,
    now: i64,
) -> u8 {
    let total = audit_risk(audits, now)
        + incident_risk(incidents, now)
        + permission_risk(permissions)
        + broken_promise_risk(permissions, intent);
    // The caps add up to 100; min() keeps the type honest.
    u8::try_from(total.min(100)).unwrap_or(100)
}

/// Open critical and high findings across all audits, each summed with saturation (counts are u8 per audit).
pub fn open_findings(audits: &[Audit]) -> (u16, u16) {
    audits.iter().fold((0u16, 0u16), |(critical, high), a| {
        (
            critical.saturating_add(u16::from(a.critical_open)),
            high.saturating_add(u16::from(a.high_open)),
        )
    })
}

/// The date of the latest incident (0 for none) and the total loss, saturating at u64::MAX.
pub fn incident_history(incidents: &[Incident]) -> (i64, u64) {
    incidents.iter().fold((0i64, 0u64), |(last, loss), i| {
        (last.max(i.date), loss.saturating_add(i.loss))
    })
}

/// The share of an exposure a buyer is advised to cover, at risk score 0: 20%.
pub const MIN_COVER_SHARE: Bps = Bps(2_000);

/// The cover amount recommended for `exposure` (what the buyer has at stake in the product) at risk `score`
/// (0..=100): exposure · (20% + 80% · score / 100), rounded up, so the riskiest product is covered in full and
/// the safest still for a fifth (docs/architecture.md, "Position sizing"). A score above 100 counts as 100.
pub fn recommended_cover(exposure: u64, score: u8) -> Result<u64> {
    let score = u64::from(score.min(100));
    let rest = BPS_DENOMINATOR - MIN_COVER_SHARE.get();
    let share = MIN_COVER_SHARE.get() + rest * score / 100;
    mul_div_up(exposure, share, BPS_DENOMINATOR)
}

#[cfg(test)]
mod tests;
