//! The [`TestFixture`]: a bootstrapped (or bare) embedded chain with the program, and the setups, senders and
//! reads the tests share. This file holds the fixture, its constructors and clock, and the free helpers; its
//! methods are split by area into `fixture/`: sending, governance, tokens, wallets_products_and_pools, cover,
//! claims, prices and reads.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use mutual::math::Bps;
use mutual::state::risk_signals::RiskClass;
use mutual::state::Params;
use mutual::state::{Pool, ProductTerms};
use mutual_migrations::{bootstrap, BaseMint, BootstrapOptions, Deployment};
use mutual_sdk::{
    EmbeddedChain, Keypair, MutualEvent, ProgramBuild, Receipt, SdkError, Signer, Transport,
};
use solana_program_test::ProgramTest;
use std::cell::Cell;

mod claims;
mod cover;
mod governance;
mod prices;
mod reads;
mod sending;
mod tokens;
mod wallets_products_and_pools;

pub use mutual::constants::{DAY, LAMPORTS_PER_SOL};
/// One SOL in lamports (wrapped SOL's base units).
pub const SOL: u64 = LAMPORTS_PER_SOL;
pub use mutual_migrations::USDC;

/// One whole stake token.
pub const STAKE: u64 = mutual::constants::STAKE_UNIT;

/// Fee the embedded chain charges per signature, in lamports.
pub const SIGNATURE_FEE: u64 = 5_000;

pub struct TestFixture {
    pub chain: EmbeddedChain,
    deployment: Option<Deployment>,
    /// Where the fixture's keypairs come from: `None`, at random; or derived from a seed and a counter, so that
    /// a run replays to the same addresses in every process (`bootstrapped_seeded`).
    keys: Option<(u64, Cell<u64>)>,
}

/// The `n`th keypair of `seed`: its secret key is the seed, the counter and a fixed tag.
fn seeded_keypair(seed: u64, n: u64) -> Keypair {
    let mut secret = [0u8; 32];
    secret[..8].copy_from_slice(&seed.to_le_bytes());
    secret[8..16].copy_from_slice(&n.to_le_bytes());
    secret[16..].copy_from_slice(b"mutual fixture k");
    Keypair::new_from_array(secret)
}

impl TestFixture {
    /// A fresh chain with the program deployed but not initialised.
    pub fn new() -> Self {
        Self::new_with(|_| {})
    }

    /// A fresh chain after `setup` has added accounts to it (forged accounts for attack tests).
    pub fn new_with(setup: impl FnOnce(&mut ProgramTest)) -> Self {
        TestFixture {
            chain: EmbeddedChain::start_with(setup).expect("embedded chain starts"),
            deployment: None,
            keys: None,
        }
    }

    /// `bootstrapped`, with every key the fixture makes (the deployer, the test USDC mint, each wallet and mint)
    /// derived from `seed`: the same run gets the same addresses, and so the same PDAs and the same order of
    /// anything sorted by address, in every process. The fuzz replays seeds this way.
    pub fn bootstrapped_seeded(seed: u64) -> Self {
        let deployer = seeded_keypair(seed, u64::MAX);
        let mut fixture = TestFixture {
            chain: EmbeddedChain::start_as(ProgramBuild::from_env(), deployer, |_| {})
                .expect("embedded chain starts"),
            deployment: None,
            keys: Some((seed, Cell::new(0))),
        };
        let mint = fixture.create_mint(
            mutual_migrations::TEST_USDC_DECIMALS,
            &anchor_spl::token::ID,
        );
        let mut options = BootstrapOptions::test_usdc(&fixture.deployer().pubkey());
        options.base_mint = BaseMint::Existing {
            mint,
            token_program: anchor_spl::token::ID,
        };
        let deployment =
            bootstrap(&fixture.chain, fixture.chain.deployer(), &options).expect("bootstrap");
        fixture.deployment = Some(deployment);
        fixture
    }

    /// A new keypair: at random, or the next of the fixture's seed.
    pub fn new_keypair(&self) -> Keypair {
        match &self.keys {
            None => Keypair::new(),
            Some((seed, next)) => {
                let n = next.get();
                next.set(n + 1);
                seeded_keypair(*seed, n)
            }
        }
    }

    /// Config initialised with the PROTOCOL.md defaults and a 6-decimal test USDC registered as base asset.
    pub fn bootstrapped() -> Self {
        let mut fixture = Self::new();
        fixture.bootstrap();
        fixture
    }

    pub fn bootstrap(&mut self) -> Deployment {
        let options = BootstrapOptions::test_usdc(&self.deployer().pubkey());
        let deployment =
            bootstrap(&self.chain, self.chain.deployer(), &options).expect("bootstrap");
        self.deployment = Some(deployment);
        deployment
    }

    /// Reads the deployment back from the chain, after a test initialised it step by step.
    pub fn adopt_deployment(&mut self) -> Deployment {
        let deployment = mutual_migrations::deployment(&self.chain).expect("deployment");
        self.deployment = Some(deployment);
        deployment
    }

    /// The program's upgrade authority, the protocol authority after bootstrap, and the test-USDC mint
    /// authority.
    pub fn deployer(&self) -> &Keypair {
        self.chain.deployer()
    }

    pub fn deployment(&self) -> Deployment {
        self.deployment.expect("fixture is bootstrapped")
    }

    // ---- time ----

    pub fn warp_days(&self, days: i64) {
        self.chain.warp_days(days).expect("warp");
    }

    pub fn warp_seconds(&self, seconds: i64) {
        self.chain.warp_seconds(seconds).expect("warp");
    }

    pub fn now(&self) -> i64 {
        self.chain.unix_timestamp().expect("clock")
    }
}

/// A product and the pools that back it, as `with_cover_market` made them.
pub struct CoverMarket {
    pub product: u32,
    pub pools: Vec<u32>,
    pub managers: Vec<Keypair>,
}

/// The PROTOCOL.md §8 defaults the bootstrap uses: an MCR floor of 1_000 USDC and an initial book value of 1 USDC.
/// Valid product terms: smart-contract cover in the base asset, 2% a year initially, 1% floor, 30 days grace.
pub fn sample_terms(name: &str) -> ProductTerms {
    ProductTerms {
        risk_class: RiskClass::SmartContract,
        name: name.into(),
        wording_hash: [0xAB; 32],
        wording_uri: format!("ipfs://wording/{name}"),
        cover_assets: 0b1,
        grace_period: 30 * DAY as u32,
        capacity_reduction: Bps(0),
        initial_price: Bps(200),
        min_price: Bps(100),
        allowed_pools: vec![],
        deprecated: false,
        commit_reveal: false,
    }
}

pub fn default_params() -> Params {
    Params::defaults(1_000 * USDC, USDC)
}

/// An address derived from `seeds` with a valid but non-canonical bump (below the canonical one), and that bump.
pub fn non_canonical_pda(seeds: &[&[u8]]) -> (Pubkey, u8) {
    let (_, canonical) = Pubkey::find_program_address(seeds, &mutual::ID);
    (0..canonical)
        .rev()
        .find_map(|bump| {
            let mut with_bump = seeds.to_vec();
            let bump_seed = [bump];
            with_bump.push(&bump_seed);
            Pubkey::create_program_address(&with_bump, &mutual::ID)
                .ok()
                .map(|address| (address, bump))
        })
        .expect("a non-canonical bump exists")
}

impl Default for TestFixture {
    fn default() -> Self {
        Self::new()
    }
}

fn logs_of(e: &SdkError) -> &[String] {
    match e {
        SdkError::Transaction { logs, .. } => logs,
        _ => &[],
    }
}

/// The instruction with every occurrence of the account `from` replaced by `to`: the shape of most account
/// substitution attacks. Asserts that `from` is one of its accounts.
/// The `n`th bucket end or tranche end after the point `pool` is processed to (a shared end counts once): where
/// `n` steps of processing leave it.
pub fn nth_boundary(pool: &Pool, n: u32) -> i64 {
    use mutual::math::periods::{bucket_end, tranche_end};
    let (mut bucket, mut tranche) = (pool.next_bucket, pool.first_active_tranche);
    let mut boundary = pool.processed_at;
    for _ in 0..n {
        boundary = bucket_end(bucket).min(tranche_end(tranche));
        if bucket_end(bucket) == boundary {
            bucket += 1;
        }
        if tranche_end(tranche) == boundary {
            tranche += 1;
        }
    }
    boundary
}

pub fn swap_account(mut ix: Instruction, from: &Pubkey, to: &Pubkey) -> Instruction {
    let mut count = 0;
    for meta in ix.accounts.iter_mut().filter(|m| m.pubkey == *from) {
        meta.pubkey = *to;
        count += 1;
    }
    assert!(count > 0, "{from} is not an account of the instruction");
    ix
}

/// The bytes of a program account as the program writes them (discriminator first), e.g. to forge one.
pub fn serialized<T: anchor_lang::AccountSerialize>(account: &T) -> Vec<u8> {
    let mut bytes = Vec::new();
    account
        .try_serialize(&mut bytes)
        .expect("serialize account");
    bytes
}

/// The single event of a receipt, asserting there is exactly one.
pub fn only_event(receipt: &Receipt) -> MutualEvent {
    assert_eq!(receipt.events.len(), 1, "events: {:#?}", receipt.events);
    receipt.events[0].clone()
}
