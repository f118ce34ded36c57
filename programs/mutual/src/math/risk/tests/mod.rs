//! Unit and property tests of `math/risk.rs`.
use super::*;
use crate::math::signals::RiskClass;
use crate::state::risk_signals::{MAX_AUDITS, MAX_INCIDENTS};
use proptest::prelude::*;
use test_case::test_case;

const NOW: i64 = 1_800_000_000;

fn audit(date: i64, critical: u8, high: u8, medium: u8) -> Audit {
    Audit {
        date,
        critical_open: critical,
        high_open: high,
        medium_open: medium,
        ..Audit::default()
    }
}

fn incident(days_ago: i64) -> Incident {
    Incident {
        date: NOW - days_ago * DAY,
        loss: 1_000_000,
        class: RiskClass::SmartContract,
    }
}

fn immutable() -> Permissions {
    Permissions::default()
}

#[test]
fn an_immutable_audited_clean_product_scores_five() {
    let audits = [audit(NOW - 30 * DAY, 0, 0, 0)];
    assert_eq!(
        risk_score(&audits, &[], &immutable(), &Intent::default(), NOW),
        5
    );
}

#[test]
fn the_worst_product_scores_exactly_one_hundred() {
    let permissions = Permissions {
        upgradeable: true,
        upgrade_authority: UpgradeAuthority::Key,
        timelock_delay: 0,
        can_pause: true,
        can_mint: true,
        can_move_funds: true,
    };
    let intent = Intent {
        promises_immutable: true,
        promises_no_mint: true,
        promises_no_fund_access: true,
        promised_timelock: SAFE_TIMELOCK,
    };
    let incidents = [incident(1), incident(2), incident(3)];
    assert_eq!(risk_score(&[], &incidents, &permissions, &intent, NOW), 100);
}

#[test_case(&[] => 30; "no audit")]
#[test_case(&[audit(NOW, 0, 0, 0)] => 5; "a clean recent audit")]
#[test_case(&[audit(NOW, 0, 2, 3)] => 5 + 6 + 3; "open findings")]
#[test_case(&[audit(NOW, 1, 0, 0)] => 30; "one open critical weighs as much as no audit")]
#[test_case(&[audit(NOW - STALE_AUDIT - 1, 0, 0, 0)] => 10; "a stale audit")]
#[test_case(&[audit(NOW - STALE_AUDIT - 1, 0, 0, 0), audit(NOW, 0, 0, 0)] => 5; "a newer audit refreshes")]
#[test_case(&[audit(NOW, 3, 0, 0)] => 30; "capped")]
fn audit_table(audits: &[Audit]) -> u32 {
    audit_risk(audits, NOW)
}

#[test_case(&[] => 0; "none")]
#[test_case(&[incident(365)] => 10; "within the year")]
#[test_case(&[incident(366)] => 4; "older")]
#[test_case(&[incident(1), incident(2), incident(3)] => 25; "capped")]
fn incident_table(incidents: &[Incident]) -> u32 {
    incident_risk(incidents, NOW)
}

#[test_case(UpgradeAuthority::Key, 0 => 12; "a single key")]
#[test_case(UpgradeAuthority::Multisig, 0 => 7; "a multisig")]
#[test_case(UpgradeAuthority::Timelock, SAFE_TIMELOCK => 4; "a two-day timelock")]
#[test_case(UpgradeAuthority::Timelock, SAFE_TIMELOCK - 1 => 7; "a short timelock")]
#[test_case(UpgradeAuthority::Dao, 0 => 5; "a DAO")]
#[test_case(UpgradeAuthority::None, 0 => 0; "upgradeable flag but nobody holds the key")]
fn upgrade_power_table(authority: UpgradeAuthority, delay: u32) -> u32 {
    permission_risk(&Permissions {
        upgradeable: true,
        upgrade_authority: authority,
        timelock_delay: delay,
        ..Permissions::default()
    })
}

#[test]
fn a_promise_the_keys_break_weighs_on_top_of_the_power() {
    let multisig = Permissions {
        upgradeable: true,
        upgrade_authority: UpgradeAuthority::Multisig,
        can_mint: true,
        ..Permissions::default()
    };
    let honest = Intent::default();
    let broken = Intent {
        promises_immutable: true,
        promises_no_mint: true,
        promised_timelock: SAFE_TIMELOCK,
        ..Intent::default()
    };
    assert_eq!(broken_promise_risk(&multisig, &honest), 0);
    assert_eq!(broken_promise_risk(&multisig, &broken), 20);
    // A timelock that keeps the promised delay keeps that promise.
    let timelocked = Permissions {
        upgrade_authority: UpgradeAuthority::Timelock,
        timelock_delay: SAFE_TIMELOCK,
        ..multisig
    };
    let delay_only = Intent {
        promised_timelock: SAFE_TIMELOCK,
        ..Intent::default()
    };
    assert_eq!(broken_promise_risk(&timelocked, &delay_only), 0);
    assert_eq!(broken_promise_risk(&immutable(), &broken), 0);
}

fn arb_audit() -> impl Strategy<Value = Audit> {
    (
        NOW - 5 * 365 * DAY..=NOW,
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
    )
        .prop_map(|(date, critical, fixed, high, medium)| Audit {
            date,
            critical_open: critical,
            critical_fixed: fixed,
            high_open: high,
            medium_open: medium,
            ..Audit::default()
        })
}

fn arb_incident() -> impl Strategy<Value = Incident> {
    (NOW - 5 * 365 * DAY..=NOW, any::<u64>()).prop_map(|(date, loss)| Incident {
        date,
        loss,
        class: RiskClass::Oracle,
    })
}

fn arb_authority() -> impl Strategy<Value = UpgradeAuthority> {
    prop_oneof![
        Just(UpgradeAuthority::None),
        Just(UpgradeAuthority::Key),
        Just(UpgradeAuthority::Multisig),
        Just(UpgradeAuthority::Timelock),
        Just(UpgradeAuthority::Dao),
    ]
}

fn arb_permissions() -> impl Strategy<Value = Permissions> {
    (
        any::<bool>(),
        arb_authority(),
        any::<u32>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(
                upgradeable,
                upgrade_authority,
                timelock_delay,
                can_pause,
                can_mint,
                can_move_funds,
            )| {
                Permissions {
                    upgradeable,
                    upgrade_authority,
                    timelock_delay,
                    can_pause,
                    can_mint,
                    can_move_funds,
                }
            },
        )
}

fn arb_intent() -> impl Strategy<Value = Intent> {
    (any::<bool>(), any::<bool>(), any::<bool>(), any::<u32>()).prop_map(
        |(promises_immutable, promises_no_mint, promises_no_fund_access, promised_timelock)| {
            Intent {
                promises_immutable,
                promises_no_mint,
                promises_no_fund_access,
                promised_timelock,
            }
        },
    )
}

proptest! {
    #[test]
    fn the_score_stays_in_range(
        audits in prop::collection::vec(arb_audit(), 0..=MAX_AUDITS),
        incidents in prop::collection::vec(arb_incident(), 0..=MAX_INCIDENTS),
        permissions in arb_permissions(),
        intent in arb_intent(),
    ) {
        prop_assert!(risk_score(&audits, &incidents, &permissions, &intent, NOW) <= 100);
    }

    /// Another open critical finding never lowers the risk, whether an audit already listed reports it or a
    /// new audit does (also on a product with no audit yet), and fixing one never raises it.
    #[test]
    fn open_criticals_never_lower_the_risk(
        mut audits in prop::collection::vec(arb_audit(), 0..=MAX_AUDITS),
        incidents in prop::collection::vec(arb_incident(), 0..=MAX_INCIDENTS),
        permissions in arb_permissions(),
        intent in arb_intent(),
        which in any::<prop::sample::Index>(),
        in_a_new_audit in any::<bool>(),
        new_audit in arb_audit(),
    ) {
        let before = risk_score(&audits, &incidents, &permissions, &intent, NOW);
        let at = if audits.is_empty() || (in_a_new_audit && audits.len() < MAX_AUDITS) {
            audits.push(Audit { critical_open: 0, ..new_audit });
            audits.len() - 1
        } else {
            which.index(audits.len())
        };
        let audit = &mut audits[at];
        prop_assume!(audit.critical_open < u8::MAX);
        audit.critical_open += 1;
        let after = risk_score(&audits, &incidents, &permissions, &intent, NOW);
        prop_assert!(after >= before);
        // ...and fixing it again (open -> fixed) never raises the score above where it was.
        let audit = &mut audits[at];
        audit.critical_open -= 1;
        audit.critical_fixed = audit.critical_fixed.saturating_add(1);
        prop_assert!(risk_score(&audits, &incidents, &permissions, &intent, NOW) <= after);
    }

    /// Another incident never lowers the risk.
    #[test]
    fn incidents_never_lower_the_risk(
        audits in prop::collection::vec(arb_audit(), 0..=MAX_AUDITS),
        mut incidents in prop::collection::vec(arb_incident(), 0..MAX_INCIDENTS),
        permissions in arb_permissions(),
        intent in arb_intent(),
        extra in arb_incident(),
    ) {
        let before = risk_score(&audits, &incidents, &permissions, &intent, NOW);
        incidents.push(extra);
        prop_assert!(risk_score(&audits, &incidents, &permissions, &intent, NOW) >= before);
    }

    /// Granting the admin keys one more power (pause, mint, move funds) never lowers the risk.
    #[test]
    fn more_admin_power_never_lowers_the_risk(
        permissions in arb_permissions(),
        intent in arb_intent(),
        power in 0usize..3,
    ) {
        let before = risk_score(&[], &[], &permissions, &intent, NOW);
        let mut more = permissions;
        match power {
            0 => more.can_pause = true,
            1 => more.can_mint = true,
            _ => more.can_move_funds = true,
        }
        prop_assert!(risk_score(&[], &[], &more, &intent, NOW) >= before);
    }
}

#[test_case::test_case(1_000, 0 => 200; "the safest: a fifth")]
#[test_case::test_case(1_000, 50 => 600; "half way: 60%")]
#[test_case::test_case(1_000, 100 => 1_000; "the riskiest: in full")]
#[test_case::test_case(1_000, 255 => 1_000; "above 100 counts as 100")]
#[test_case::test_case(7, 1 => 2; "rounded up: 1.4056")]
#[test_case::test_case(u64::MAX, 100 => u64::MAX; "u64 max")]
fn recommended_cover_table(exposure: u64, score: u8) -> u64 {
    recommended_cover(exposure, score).unwrap()
}

proptest! {
    #[test]
    fn the_recommendation_grows_with_risk_and_never_exceeds_the_exposure(exposure in 0u64..=u64::MAX, a in 0u8..=100, b in 0u8..=100) {
        let (lo, hi) = (a.min(b), a.max(b));
        let at = |s| recommended_cover(exposure, s).unwrap();
        prop_assert!(at(lo) <= at(hi) && at(hi) <= exposure);
    }
}
