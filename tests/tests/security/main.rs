//! The attacks of SECURITY.md tried against governance, assets and stake-token trading; each asserts the exact
//! error and that nothing changed. Sysvar spoofing has no test: the program reads the clock with `Clock::get()`
//! and takes no sysvar account, so there is nothing to spoof.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::AccountSerialize;
use mutual::math::Bps;
use mutual::state::{Config, Params, VotingMode};
use mutual_sdk::transport::embedded::LAMPORTS_PER_SOL;
use mutual_sdk::{pda, Keypair, Transport};
use mutual_tests::*;
use solana_account::Account;

mod authority;
mod bump;
mod cosplay;
mod cpi;
mod duplicate_accounts;
mod first_depositor;
mod has_one;
mod init;
mod overflow;
mod signer;

const FEED: [u8; 32] = [7; 32];

/// Bytes of a well-formed `Config` account (discriminator and all) naming `authority`, as an attacker would
/// forge it.
fn forged_config(authority: &Pubkey) -> Vec<u8> {
    let config = Config {
        version: 1,
        bump: pda::config().1,
        stake_mint_bump: pda::stake_mint().1,
        treasury_bump: pda::treasury().1,
        authority: *authority,
        pending_authority: Pubkey::default(),
        guardian: *authority,
        stake_mint: pda::stake_mint().0,
        base_asset: Pubkey::default(),
        paused: 0,
        voting_mode: VotingMode::Open,
        asset_count: 0,
        product_count: 0,
        pool_count: 0,
        params: default_params(),
        pending_params: Params::zeroed(),
        pending_params_eta: 0,
        claims_paused_for: 0,
        claims_paused_at: 0,
        _reserved: [0; 96],
    };
    let mut bytes = Vec::new();
    config.try_serialize(&mut bytes).expect("serialize config");
    assert_eq!(bytes.len(), Config::SIZE);
    bytes
}

fn forged_account(data: Vec<u8>, owner: Pubkey) -> Account {
    Account {
        lamports: LAMPORTS_PER_SOL,
        data,
        owner,
        executable: false,
        rent_epoch: 0,
    }
}

fn loose_params() -> Params {
    let mut params = default_params();
    params.capacity_ratio = Bps(50_000);
    params.token_buffer = Bps(50);
    params
}

/// Everything the governance and trading tests can change, to assert that an attack changed none of it.
struct Watched {
    accounts: Vec<(Pubkey, Option<Account>)>,
}

impl Watched {
    fn new(f: &TestFixture, addresses: &[Pubkey]) -> Self {
        Watched {
            accounts: addresses
                .iter()
                .map(|a| (*a, f.chain.get_account(a).expect("get_account")))
                .collect(),
        }
    }

    fn assert_unchanged(&self, f: &TestFixture) {
        for (address, before) in &self.accounts {
            let now = f.chain.get_account(address).expect("get_account");
            assert_eq!(&now, before, "{address} changed");
        }
    }
}

/// Protocol accounts of a bootstrapped fixture, plus alice's base and stake accounts.
fn protocol_accounts(f: &TestFixture, alice: &Pubkey) -> Vec<Pubkey> {
    let d = f.deployment();
    vec![
        pda::config().0,
        pda::capital_snapshot().0,
        pda::stake_mint().0,
        pda::asset(&d.base_mint).0,
        d.base_vault,
        d.base_account(alice),
        pda::stake_account(alice),
        pda::member(alice).0,
    ]
}

/// A bootstrapped fixture where alice holds 100 stake tokens and 899 USDC.
fn with_alice() -> (TestFixture, Keypair) {
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(1_000 * USDC);
    assert_eq!(f.buy_stake(&alice, 101 * USDC), 100 * STAKE);
    (f, alice)
}

/// Builds an attack from the fixture, alice and the attacker; returns the instruction and the key whose
/// signature the attacker lacks.
type Attack = fn(&TestFixture, &Pubkey, &Pubkey) -> (Instruction, Pubkey);
