//! Unit tests of `state/config.rs`.
use super::*;
use crate::constants::DAY;

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
        pending_params: Params::zeroed(),
        pending_params_eta: 0,
        claims_paused_for: 0,
        claims_paused_at: 0,
        _reserved: [0; 96],
    };
    let (a, g, m) = (c.authority, c.guardian, c.stake_mint);
    c.init(1, 2, 3, a, g, m, Params::defaults(1, 1)).unwrap();
    c
}

#[test]
fn size_is_pinned() {
    assert_eq!(Config::SIZE, 8 + 511);
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
    c.pause(guardian, pause_area::BUY | pause_area::TOKEN, 10)
        .unwrap();
    assert_eq!(c.paused, pause_area::BUY | pause_area::TOKEN);
    assert_eq!(
        c.pause(Pubkey::new_unique(), pause_area::CLAIMS, 10)
            .unwrap_err(),
        MutualError::NotPauser.into()
    );
    c.unpause(pause_area::BUY, 20).unwrap();
    assert_eq!(c.paused, pause_area::TOKEN);
    assert_eq!(
        c.require_active(pause_area::TOKEN).unwrap_err(),
        MutualError::ProtocolPaused.into()
    );
    c.require_active(pause_area::BUY).unwrap();
}

#[test]
fn the_claims_pause_clock_counts_only_claims_pauses_and_only_grows() {
    let mut c = config();
    let auth = c.authority;
    assert_eq!(c.claims_pause_clock(100).unwrap(), 0);
    // another area's pause does not count
    c.pause(auth, pause_area::BUY, 100).unwrap();
    c.unpause(pause_area::BUY, 150).unwrap();
    assert_eq!(c.claims_pause_clock(200).unwrap(), 0);
    // a claims pause counts while it lasts, then for its length
    c.pause(auth, pause_area::CLAIMS, 1_000).unwrap();
    assert_eq!(c.claims_pause_clock(1_000).unwrap(), 0);
    assert_eq!(c.claims_pause_clock(1_250).unwrap(), 250);
    // pausing it again while paused keeps the first start
    c.pause(auth, pause_area::CLAIMS | pause_area::BUY, 1_100)
        .unwrap();
    c.unpause(pause_area::ALL, 1_300).unwrap();
    assert_eq!(c.claims_pause_clock(5_000).unwrap(), 300);
    // unpausing claims when they are not paused adds nothing
    c.unpause(pause_area::CLAIMS, 6_000).unwrap();
    assert_eq!(c.claims_pause_clock(7_000).unwrap(), 300);
    // a second pause adds to the first
    c.pause(auth, pause_area::CLAIMS, 8_000).unwrap();
    c.unpause(pause_area::CLAIMS, 8_050).unwrap();
    assert_eq!(c.claims_pause_clock(9_000).unwrap(), 350);
}

#[test]
fn unknown_or_empty_areas_are_refused() {
    let mut c = config();
    let auth = c.authority;
    for areas in [0u8, 1 << 4, 0xff] {
        assert_eq!(
            c.pause(auth, areas, 10).unwrap_err(),
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

#[test]
fn a_proposed_change_applies_only_after_the_delay_and_can_be_withdrawn() {
    let mut c = config();
    let now = 1_000_000;
    let proposed = Params {
        join_fee: 5_000_000,
        ..c.params
    };
    let eta = c.propose_params(proposed, now).unwrap();
    assert_eq!(eta, now + 2 * DAY);
    assert_eq!((c.pending(), c.pending_params_eta), (Some(proposed), eta));
    assert_eq!(
        c.execute_params(eta - 1).unwrap_err(),
        MutualError::TimelockNotElapsed.into()
    );
    assert_eq!(c.params.join_fee, 2_000_000);
    assert_eq!(c.execute_params(eta).unwrap(), proposed);
    assert_eq!(c.params, proposed);
    assert_eq!(
        (c.pending(), c.pending_params, c.pending_params_eta),
        (None, Params::zeroed(), 0)
    );
    assert_eq!(
        c.execute_params(eta).unwrap_err(),
        MutualError::NoPendingParams.into()
    );
    c.propose_params(proposed, now).unwrap();
    assert_eq!(c.cancel_params().unwrap(), proposed);
    assert_eq!(c.pending(), None);
    assert_eq!(
        c.cancel_params().unwrap_err(),
        MutualError::NoPendingParams.into()
    );
    c.invariant().unwrap();
}

#[test]
fn an_out_of_bounds_proposal_is_refused_at_once() {
    let mut c = config();
    let bad = Params {
        token_buffer: crate::math::Bps(0),
        ..c.params
    };
    assert_eq!(
        c.propose_params(bad, 0).unwrap_err(),
        MutualError::InvalidTokenBuffer.into()
    );
    assert_eq!(c.pending(), None);
}
