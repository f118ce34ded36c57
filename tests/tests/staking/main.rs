//! Staking: stake_deposit, stake_extend, stake_withdraw, stake_position_transfer and the
//! pool_process_expirations crank, with exact shares, balances and counters.
use mutual::math::periods::tranche_end;
use mutual_sdk::{ix, Keypair, Receipt, Signer};
use mutual_tests::*;

mod crank;
mod deposit;
mod extend;
mod sdk;
mod security;
mod transfer;
mod withdraw;

/// A bootstrapped chain, a public pool, and a member holding 100 stake tokens.
fn setup() -> (TestFixture, u32, mutual_sdk::Keypair) {
    let f = TestFixture::bootstrapped();
    let (_, pool) = f.with_pool();
    let staker = f.with_staker(100);
    (f, pool, staker)
}

/// Moves the clock past the end of `tranche`.
fn expire(f: &TestFixture, tranche: u32) {
    let wait = tranche_end(tranche) - f.now() + 1;
    f.warp_seconds(wait);
}

/// `owner` withdraws the stake of an expired `tranche` and gets exactly `amount` into their stake account.
fn withdraws_exactly(f: &TestFixture, owner: &Keypair, pool: u32, tranche: u32, amount: u64) {
    let balance = f.stake_balance(&owner.pubkey());
    withdraw(f, owner, pool, tranche, false);
    assert_eq!(f.stake_balance(&owner.pubkey()), balance + amount);
}

/// `owner` withdraws the stake of an expired `tranche`, and the rewards too when `rewards`.
fn withdraw(f: &TestFixture, owner: &Keypair, pool: u32, tranche: u32, rewards: bool) -> Receipt {
    f.send_ok(
        &[ix::stake_withdraw(
            &owner.pubkey(),
            pool,
            tranche,
            true,
            rewards,
        )],
        &[owner],
    )
}
