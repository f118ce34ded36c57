//! Unit tests of the `RiskSignals` account and its view.
use super::*;
use crate::state::Curator;

const NOW: i64 = 1_800_000_000;

fn audit(date: i64, critical: u8, high: u8) -> Audit {
    Audit {
        date,
        critical_open: critical,
        high_open: high,
        ..Audit::default()
    }
}

fn incident(date: i64, loss: u64) -> Incident {
    Incident {
        date,
        loss,
        class: RiskClass::Oracle,
    }
}

fn fresh() -> RiskSignals {
    let mut r = RiskSignals::deserialize(&mut &[0u8; RiskSignals::INIT_SPACE][..]).unwrap();
    r.init(250, Pubkey::new_unique());
    r
}

#[test]
fn size_is_pinned() {
    assert_eq!(RiskSignals::SIZE, 8 + 634);
    assert_eq!(Curator::SIZE, 8 + 58);
}

#[test]
fn signals_are_bounded_and_dated_in_the_past() {
    let mut r = fresh();
    let by = Pubkey::new_unique();
    let full = Signals {
        audits: vec![audit(NOW, 0, 0); MAX_AUDITS],
        incidents: vec![incident(0, 1); MAX_INCIDENTS],
        ..Signals::default()
    };
    r.update(full.clone(), by, NOW).unwrap();
    assert_eq!(
        (r.signals.clone(), r.updated_by, r.updated_at),
        (full, by, NOW)
    );
    let cases = [
        (
            Signals {
                audits: vec![audit(NOW, 0, 0); MAX_AUDITS + 1],
                ..Signals::default()
            },
            MutualError::TooManyAudits,
        ),
        (
            Signals {
                incidents: vec![incident(NOW, 0); MAX_INCIDENTS + 1],
                ..Signals::default()
            },
            MutualError::TooManyIncidents,
        ),
        (
            Signals {
                audits: vec![audit(NOW + 6, 0, 0)],
                ..Signals::default()
            },
            MutualError::InvalidSignalDate,
        ),
        (
            Signals {
                incidents: vec![incident(-1, 0)],
                ..Signals::default()
            },
            MutualError::InvalidSignalDate,
        ),
    ];
    for (signals, err) in cases {
        let before = r.signals.clone();
        assert_eq!(r.update(signals, by, NOW + 5).unwrap_err(), err.into());
        assert_eq!((r.signals.clone(), r.updated_at), (before, NOW));
    }
}

#[test]
fn the_view_sums_findings_and_losses() {
    let mut r = fresh();
    let signals = Signals {
        audits: vec![audit(NOW - 10, 1, 2), audit(NOW - 20, 2, 0)],
        incidents: vec![incident(NOW - 100, 5_000), incident(NOW - 50, 7)],
        permissions: Permissions {
            upgradeable: true,
            upgrade_authority: UpgradeAuthority::Key,
            can_mint: true,
            ..Permissions::default()
        },
        intent: Intent {
            promises_no_mint: true,
            ..Intent::default()
        },
    };
    r.update(signals.clone(), Pubkey::new_unique(), NOW)
        .unwrap();
    let view = r.view(4, RiskClass::Oracle, true, NOW);
    let score = crate::math::risk::risk_score(
        &signals.audits,
        &signals.incidents,
        &signals.permissions,
        &signals.intent,
        NOW,
    );
    assert_eq!(
        view,
        ProductRisk {
            product_id: 4,
            score,
            risk_class: RiskClass::Oracle,
            deprecated: true,
            audit_count: 2,
            open_critical: 3,
            open_high: 2,
            incident_count: 2,
            last_incident: NOW - 50,
            incident_loss: 5_007,
            upgradeable: true,
            upgrade_authority: UpgradeAuthority::Key,
            broken_promises: 8,
            signals_updated_at: NOW,
        }
    );
    // audits 5 + 75 + 6 = capped 30; incidents 20; permissions 12 + 5; promises 8.
    assert_eq!(score, 30 + 20 + 17 + 8);
}

/// Each value is stored as its position in `values`.
fn assert_stored_as_index<T: AnchorSerialize>(values: &[T]) {
    for (index, value) in values.iter().enumerate() {
        assert_eq!(borsh::to_vec(value).unwrap(), vec![index as u8]);
    }
}

#[test]
fn stored_enum_encodings_are_pinned() {
    // A `RiskClass` or `UpgradeAuthority` is stored as its variant index: reordering would misread every
    // account written before.
    assert_stored_as_index(&[
        RiskClass::SmartContract,
        RiskClass::Oracle,
        RiskClass::PlatformInsolvency,
        RiskClass::Transparency,
        RiskClass::Governance,
    ]);
    assert_stored_as_index(&[
        UpgradeAuthority::None,
        UpgradeAuthority::Key,
        UpgradeAuthority::Multisig,
        UpgradeAuthority::Timelock,
        UpgradeAuthority::Dao,
    ]);
}
