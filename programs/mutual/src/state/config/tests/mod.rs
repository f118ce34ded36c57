//! Unit tests of `state/config.rs`.
use super::*;

fn config() -> Config {
    let mut c = Config {
        version: 0,
        bump: 0,
        stake_mint_bump: 0,
        treasury_bump: 0,
        authority: Pubkey::new_unique(),
        pending_authority: Pubkey::default(),
        guardian: Pubkey::new_unique(),
        stake_mint: Pubkey::new_unique(),
        base_asset: Pubkey::default(),
        paused: 0,
        voting_mode: VotingMode::Open,
        asset_count: 0,
        product_count: 0,
        pool_count: 0,
        params: Params::defaults(1, 1),
        _reserved: [0; 128],
    };
    let (a, g, m) = (c.authority, c.guardian, c.stake_mint);
    c.init(1, 2, 3, a, g, m, Params::defaults(1, 1)).unwrap();
    c
}

#[test]
fn size_is_pinned() {
    assert_eq!(Config::SIZE, 8 + 399);
}

#[test]
fn voting_mode_encoding_is_pinned() {
    assert_eq!(borsh::to_vec(&VotingMode::Open).unwrap(), vec![0]);
    assert_eq!(borsh::to_vec(&VotingMode::CommitReveal).unwrap(), vec![1]);
}

#[test]
fn guardian_pauses_but_stranger_cannot() {
    let mut c = config();
    let guardian = c.guardian;
    c.pause(guardian, pause_area::BUY | pause_area::TOKEN)
        .unwrap();
    assert_eq!(c.paused, pause_area::BUY | pause_area::TOKEN);
    assert_eq!(
        c.pause(Pubkey::new_unique(), pause_area::CLAIMS)
            .unwrap_err(),
        MutualError::NotPauser.into()
    );
    c.unpause(pause_area::BUY).unwrap();
    assert_eq!(c.paused, pause_area::TOKEN);
    assert_eq!(
        c.require_active(pause_area::TOKEN).unwrap_err(),
        MutualError::ProtocolPaused.into()
    );
    c.require_active(pause_area::BUY).unwrap();
}

#[test]
fn unknown_or_empty_areas_are_refused() {
    let mut c = config();
    let auth = c.authority;
    for areas in [0u8, 1 << 4, 0xff] {
        assert_eq!(
            c.pause(auth, areas).unwrap_err(),
            MutualError::InvalidPauseAreas.into()
        );
    }
}

#[test]
fn two_step_transfer() {
    let mut c = config();
    let next = Pubkey::new_unique();
    assert_eq!(
        c.accept_authority(next).unwrap_err(),
        MutualError::NoPendingAuthority.into()
    );
    c.propose_authority(next).unwrap();
    assert_eq!(
        c.accept_authority(Pubkey::new_unique()).unwrap_err(),
        MutualError::NotPendingAuthority.into()
    );
    c.accept_authority(next).unwrap();
    assert_eq!(
        (c.authority, c.pending_authority),
        (next, Pubkey::default())
    );
}

#[test]
fn at_most_eight_assets_and_the_first_is_base() {
    let mut c = config();
    let first = Pubkey::new_unique();
    assert_eq!(c.add_asset(first).unwrap(), 0);
    for i in 1..8 {
        assert_eq!(c.add_asset(Pubkey::new_unique()).unwrap(), i);
    }
    assert_eq!(c.base_asset, first);
    assert_eq!(
        c.add_asset(Pubkey::new_unique()).unwrap_err(),
        MutualError::TooManyAssets.into()
    );
}
