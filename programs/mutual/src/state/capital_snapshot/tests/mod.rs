//! Unit tests of `state/capital_snapshot.rs`.
use super::*;

#[test]
fn size_is_pinned() {
    assert_eq!(CapitalSnapshot::SIZE, 8 + 138);
}

#[test]
fn non_base_figures_go_stale() {
    let mut s = CapitalSnapshot::try_from_slice(&[0u8; CapitalSnapshot::INIT_SPACE]).unwrap();
    s.init(1, &Params::defaults(1, 1), 1_000).unwrap();
    // Nothing outside the base asset: never stale.
    s.require_fresh(60, 1_000_000).unwrap();
    // A refresh found value outside the base asset: stale after max_age.
    s.non_base_capital = 1;
    s.require_fresh(60, 1_060).unwrap();
    assert_eq!(
        s.require_fresh(60, 1_061).unwrap_err(),
        MutualError::StaleSnapshot.into()
    );
    s.non_base_capital = 0;
    s.non_base_active_cover = 1;
    assert_eq!(
        s.require_fresh(60, 1_061).unwrap_err(),
        MutualError::StaleSnapshot.into()
    );
}

fn snapshot() -> CapitalSnapshot {
    let mut s = CapitalSnapshot::try_from_slice(&[0u8; CapitalSnapshot::INIT_SPACE]).unwrap();
    s.init(1, &Params::defaults(1, 1), 1_000).unwrap();
    s
}

#[test]
fn pending_payouts_lower_book_value_and_what_a_sale_may_take() {
    // 2,000 USDC over 1,000 tokens, an MCR floor of 1,000 USDC.
    let params = Params::defaults(1_000_000_000, 1_000_000);
    let mut s = snapshot();
    s.record(
        2_000_000_000,
        1_000 * crate::constants::STAKE_UNIT,
        0,
        &params,
        2_000,
    )
    .unwrap();
    assert_eq!(s.book_value, 2_000_000);
    // 500 USDC of accepted payouts: book value 1.5, and the market sees 1,500 of capital.
    s.pending_payouts = 500_000_000;
    s.record(
        2_000_000_000,
        1_000 * crate::constants::STAKE_UNIT,
        0,
        &params,
        2_000,
    )
    .unwrap();
    assert_eq!(s.book_value, 1_500_000);
    let market = s
        .market(
            2_000_000_000,
            0,
            1_000 * crate::constants::STAKE_UNIT,
            &params,
        )
        .unwrap();
    assert_eq!((market.capital, market.mcr), (1_500_000_000, 1_000_000_000));
    // More owed than held: nothing left, never an underflow.
    assert_eq!(s.net_of_liabilities(100), 0);
}

#[test]
fn a_refresh_records_the_non_base_figures_and_restarts_the_clock() {
    let params = Params::defaults(1, 1);
    let mut s = snapshot();
    s.record_refresh(300, 40, 700, 60, 1_000, &params, 5_000)
        .unwrap();
    assert_eq!((s.non_base_capital, s.non_base_active_cover), (300, 40));
    assert_eq!(
        (s.capital, s.active_cover, s.refreshed_at),
        (1_000, 100, 5_000)
    );
    s.require_priced(60, 5_060).unwrap();
    assert_eq!(
        s.require_priced(60, 5_061).unwrap_err(),
        MutualError::StaleSnapshot.into()
    );
    s.add_non_base_capital(25).unwrap();
    assert_eq!(s.non_base_capital, 325);
    s.remove_non_base_capital(400);
    assert_eq!(s.non_base_capital, 0);
}
