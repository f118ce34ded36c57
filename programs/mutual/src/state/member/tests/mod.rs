//! Unit tests of `state/member.rs`.
use super::*;

#[test]
fn size_is_pinned() {
    assert_eq!(Member::SIZE, 8 + 123);
}

#[test]
fn leave_checks_every_counter() {
    let mut m = Member::try_from_slice(&[0u8; Member::INIT_SPACE]).unwrap();
    m.init(255, Pubkey::new_unique(), Pubkey::new_unique(), 7);
    m.require_can_leave().unwrap();
    m.active_positions = 1;
    assert_eq!(
        m.require_can_leave().unwrap_err(),
        MutualError::MemberHasPositions.into()
    );
    m.active_positions = 0;
    m.assessor_stake = 1;
    assert_eq!(
        m.require_can_leave().unwrap_err(),
        MutualError::MemberHasAssessorStake.into()
    );
    m.assessor_stake = 0;
    assert!(m.require_can_leave().is_ok());
}
