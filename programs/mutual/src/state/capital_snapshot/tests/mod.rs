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
