//! Claims and stake-weighted assessment: whole lifecycles with warped time (accepted and paid, denied, silent
//! ending, commit-reveal, fraud undo), every refusal the issue names, and conservation of value to the unit.
use anchor_lang::prelude::Pubkey;
use mutual::state::Claim;
use mutual_sdk::{ix, Keypair, Signer};
use mutual_tests::*;

mod assessor_stake;
mod conservation;
mod fraud_undo;
mod lifecycles;
mod security;
mod submit;
mod voting;

const PERIOD: i64 = 73 * DAY;
const COVER: u64 = 1_000 * USDC;
const CLAIMED: u64 = 600 * USDC;
const MIN_DEPOSIT: u64 = 50_000_000;
const VOTING: i64 = 3 * DAY;

/// reward = min(50 tokens, stake · 1.3% · period / 365 d), stake = amount · 10^9 / bv; both rounded down.
fn reward_of(amount: u64, bv: u64, period: i64) -> u64 {
    let stake = u128::from(amount) * 1_000_000_000 / u128::from(bv);
    let reward = stake * 130 * period as u128 / (10_000 * 365 * DAY as u128);
    u64::try_from(reward.min(50 * u128::from(STAKE))).unwrap()
}

/// The stake a payout of `amount` burns from a cover's only pool: amount in stake at bv (rounded up), divided by
/// the capacity ratio of 2 (rounded up).
fn burn_of(amount: u64, bv: u64) -> u64 {
    let stake = (u128::from(amount) * 1_000_000_000).div_ceil(u128::from(bv));
    u64::try_from(stake.div_ceil(2)).unwrap()
}

/// A cover of 1,000 USDC for 73 days on a one-pool product, its owner, and four assessors staked before any
/// claim (300, 100, 50 and 10 tokens), a minute later (a new slot).
struct Story {
    f: TestFixture,
    market: CoverMarket,
    owner: Keypair,
    cover: Pubkey,
    assessors: [Keypair; 4],
}

fn story_with(commit_reveal: bool) -> Story {
    let f = TestFixture::bootstrapped();
    let mut terms = sample_terms("Lending");
    terms.commit_reveal = commit_reveal;
    let product = f.create_product(terms);
    let market = f.with_pools_for(product, &[(100, 300, 1_000)]);
    let owner = f.with_funded_member(100_000 * USDC);
    let cover = f.buy_cover(&owner, product, COVER, PERIOD, &market.pools);
    let assessors = [
        f.with_assessor(300),
        f.with_assessor(100),
        f.with_assessor(50),
        f.with_assessor(10),
    ];
    f.warp_seconds(60);
    Story {
        f,
        market,
        owner,
        cover,
        assessors,
    }
}

fn story() -> Story {
    story_with(false)
}

impl Story {
    fn claim(&self) -> Pubkey {
        self.f.submit_claim(&self.owner, &self.cover, CLAIMED)
    }

    fn vote(&self, who: usize, claim: &Pubkey, accept: bool) {
        self.f.vote(&self.assessors[who], claim, accept);
    }

    fn pool(&self) -> u32 {
        self.market.pools[0]
    }

    /// The authority flags assessor `who` for fraud: their stake burnt, their votes open to undo.
    fn flag_fraud(&self, who: usize) {
        let authority = self.f.deployer();
        let flag =
            ix::assessor_flag_fraud(&authority.pubkey(), &self.assessors[who].pubkey(), true);
        self.f.send_ok(&[flag], &[authority]);
    }
}

fn state(f: &TestFixture, claim: &Pubkey) -> Claim {
    f.claim(claim).expect("claim exists")
}
