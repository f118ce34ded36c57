//! Governance: config_init, timelocked parameters (params_propose / params_execute / params_cancel), the two-step
//! authority transfer, the guardian and pausing.
use anchor_lang::prelude::Pubkey;
use mutual::math::Bps;
use mutual::state::Params;
use mutual_sdk::{ix, pda, Signer};
use mutual_tests::*;

mod authority;
mod config_init;
mod guardian;
mod params;
mod pause;

const THIRTY_DAYS: u32 = 30 * DAY as u32;

fn config_address() -> Pubkey {
    pda::config().0
}

/// A fixture whose config is initialised (no asset) with the deployer as both authority and guardian.
fn initialised() -> TestFixture {
    let f = TestFixture::new();
    f.init_config(&f.deployer().pubkey());
    f
}

/// Every parameter moved away from its default, each still within its bound.
fn every_param_changed() -> Params {
    let day = DAY as u32;
    Params {
        capacity_ratio: Bps(30_000),
        price_bump: Bps(600),
        price_decay_per_day: Bps(300),
        min_price: Bps(150),
        max_commission: Bps(2_000),
        rewards_ratio: Bps(4_000),
        join_fee: 3_000_000,
        min_voting_period: 2 * day,
        silent_ending_period: day / 2,
        cooldown_period: 2 * day,
        payout_window: 20 * day,
        assessor_lock_period: 10 * day,
        reveal_period: day / 2,
        max_poll_period: 5 * day,
        min_deposit: 100_000_000,
        max_reward: 40 * STAKE,
        reward_ratio: Bps(200),
        mcr_ratio: Bps(40_000),
        min_mcr: 500 * USDC,
        token_buffer: Bps(200),
        initial_book_value: 2 * USDC,
        max_snapshot_age: 1_800,
        oracle_max_age: 30,
        max_conf: Bps(150),
        params_delay: 3 * day,
        liability_quorum: 250 * STAKE,
    }
}

/// Proposes `params` as the deployer, waits out the current delay and executes: the whole governed path.
fn govern(f: &TestFixture, params: Params) {
    let deployer = f.deployer();
    let delay = i64::from(f.config().params.params_delay);
    f.send_ok(
        &[ix::params_propose(&deployer.pubkey(), params)],
        &[deployer],
    );
    f.warp_seconds(delay);
    f.send_ok(&[ix::params_execute()], &[deployer]);
}
