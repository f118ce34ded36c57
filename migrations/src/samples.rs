//! The sample catalogue the demo and a fresh localnet list: one product per risk class, each with risk signals
//! that give it a distinct score. Dates are relative to `now`, so the scores do not drift as the clock moves.
use mutual::constants::DAY;
use mutual::math::Bps;
use mutual::state::risk_signals::{
    Audit, Incident, Intent, Permissions, RiskClass, UpgradeAuthority,
};
use mutual::state::{ProductTerms, Signals};

/// A product to list and the signals to record for it.
pub struct SampleProduct {
    pub terms: ProductTerms,
    pub signals: Signals,
}

fn terms(name: &str, risk_class: RiskClass, price_bps: u16, reduction: u16) -> ProductTerms {
    ProductTerms {
        risk_class,
        name: name.into(),
        wording_hash: solana_sha256_hasher::hash(name.as_bytes()).to_bytes(),
        wording_uri: format!(
            "ipfs://mutual-wording/{}",
            name.to_lowercase().replace(' ', "-")
        ),
        cover_assets: 0b1,
        grace_period: 30 * DAY as u32,
        capacity_reduction: Bps(reduction),
        initial_price: Bps(price_bps),
        min_price: Bps(100),
        allowed_pools: vec![],
        deprecated: false,
        commit_reveal: false,
    }
}

fn audit(now: i64, days_ago: i64, critical_open: u8, high_open: u8, fixed: u8) -> Audit {
    Audit {
        auditor: solana_sha256_hasher::hash(&days_ago.to_le_bytes()).to_bytes(),
        date: now - days_ago * DAY,
        critical_open,
        critical_fixed: fixed,
        high_open,
        high_fixed: fixed,
        medium_open: 0,
        medium_fixed: fixed,
    }
}

fn incident(now: i64, days_ago: i64, loss: u64, class: RiskClass) -> Incident {
    Incident {
        date: now - days_ago * DAY,
        loss,
        class,
    }
}

pub fn products(now: i64) -> Vec<SampleProduct> {
    let usdc = 1_000_000u64;
    vec![
        SampleProduct {
            terms: terms("Lending Protocol", RiskClass::SmartContract, 200, 0),
            signals: Signals {
                audits: vec![audit(now, 120, 0, 0, 3), audit(now, 400, 0, 1, 2)],
                incidents: vec![],
                permissions: Permissions {
                    upgradeable: true,
                    upgrade_authority: UpgradeAuthority::Timelock,
                    timelock_delay: 3 * DAY as u32,
                    can_pause: true,
                    ..Permissions::default()
                },
                intent: Intent {
                    promises_no_fund_access: true,
                    promised_timelock: 2 * DAY as u32,
                    ..Intent::default()
                },
            },
        },
        SampleProduct {
            terms: terms("Perp DEX Oracle", RiskClass::Oracle, 350, 1_000),
            signals: Signals {
                audits: vec![audit(now, 200, 0, 2, 1)],
                incidents: vec![incident(now, 500, 2_500_000 * usdc, RiskClass::Oracle)],
                permissions: Permissions {
                    upgradeable: true,
                    upgrade_authority: UpgradeAuthority::Multisig,
                    can_pause: true,
                    ..Permissions::default()
                },
                intent: Intent::default(),
            },
        },
        SampleProduct {
            terms: terms(
                "Custodial Exchange",
                RiskClass::PlatformInsolvency,
                500,
                2_000,
            ),
            signals: Signals {
                audits: vec![],
                incidents: vec![incident(
                    now,
                    90,
                    400_000 * usdc,
                    RiskClass::PlatformInsolvency,
                )],
                permissions: Permissions {
                    upgradeable: true,
                    upgrade_authority: UpgradeAuthority::Key,
                    can_pause: true,
                    can_move_funds: true,
                    ..Permissions::default()
                },
                intent: Intent {
                    promises_no_fund_access: true,
                    ..Intent::default()
                },
            },
        },
        SampleProduct {
            terms: terms("Yield Vault Reports", RiskClass::Transparency, 300, 500),
            signals: Signals {
                audits: vec![audit(now, 800, 1, 0, 0)],
                incidents: vec![],
                permissions: Permissions {
                    upgradeable: true,
                    upgrade_authority: UpgradeAuthority::Dao,
                    can_mint: true,
                    ..Permissions::default()
                },
                intent: Intent {
                    promises_no_mint: true,
                    ..Intent::default()
                },
            },
        },
        SampleProduct {
            terms: terms("DAO Treasury", RiskClass::Governance, 250, 0),
            signals: Signals {
                audits: vec![audit(now, 60, 0, 0, 5)],
                incidents: vec![],
                permissions: Permissions::default(),
                intent: Intent {
                    promises_immutable: true,
                    ..Intent::default()
                },
            },
        },
    ]
}
