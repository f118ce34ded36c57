//! Value safety (issue 25): no bogus claim, dust, renewal or admin change may move value that users already hold.
//! Each test tries an attack an adversarial review found, and its variants, and asserts to the unit that nothing
//! was gained, and that nothing changed where a step is refused.
use anchor_lang::prelude::Pubkey;
use mutual::math::cover::reward_stake;
use mutual::math::prices::AssetPrice;
use mutual::math::Bps;
use mutual::state::Claim;
use mutual_sdk::{Keypair, MutualEvent, Receipt, Signer};
use mutual_tests::*;

mod as_bought;
mod backing_stake;
mod banned_weight_and_leaving;
mod burns_follow_the_loss;
mod denied_claims;
mod dust;
mod pending_liabilities;
mod renewal_after_payout;

const PERIOD: i64 = 60 * DAY;
/// What `Params::defaults` asks of a claim's accept side before its liability counts against sales.
const QUORUM_TOKENS: u64 = 100;
/// Open polls: voting, then the cooldown, before the payout window opens.
const TO_PAYOUT: i64 = 4 * DAY;

/// The stakers' rewards a placement minted, over its pools.
fn rewards_of(receipt: &Receipt) -> (u64, u64) {
    receipt
        .events
        .iter()
        .find_map(|e| match e {
            MutualEvent::CoverBuyEvent(e) => Some((e.premium, sum(&e.placement))),
            MutualEvent::CoverEditEvent(e) => Some((e.paid, sum(&e.placement))),
            MutualEvent::CoverRenewEvent(e) => Some((e.premium, sum(&e.placement))),
            _ => None,
        })
        .expect("a cover event")
}

fn sum(placement: &[mutual::events::PoolPlacement]) -> u64 {
    placement.iter().map(|p| p.rewards).sum()
}

/// Half of `paid` in stake at `book_value`, as a one-pool placement mints it.
fn fair_rewards(paid: u64, book_value: u64) -> u64 {
    reward_stake(paid, Bps(5_000), AssetPrice::ONE, book_value).unwrap()
}

fn claim_of(f: &TestFixture, claim: &Pubkey) -> Claim {
    f.claim(claim).expect("the claim")
}

/// The USDC a sale of a quarter token would pay `seller` now (the SDK quote, the program's own rules).
fn sale_quote(f: &TestFixture, seller: &Pubkey) -> Result<u64, mutual_sdk::SdkError> {
    mutual_sdk::quote::token_sell(&f.chain, seller, STAKE / 4, 0)
}

/// The whole burn of a one-pool payout of `amount` at `book_value` and a 2x capacity ratio: the payout in stake
/// (rounded up), halved (rounded up).
fn one_pool_burn(amount: u64, book_value: u64) -> u64 {
    let stake = (u128::from(amount) * u128::from(STAKE)).div_ceil(u128::from(book_value));
    u64::try_from(stake.div_ceil(2)).unwrap()
}

/// Files 300 USDC on `cover` a second from now, has a quorum accept it, waits out the cooldown and redeems: the
/// stake each of `pools` lost, and the whole burn a one-pool segment owes.
fn claimed_and_paid(
    f: &TestFixture,
    owner: &Keypair,
    cover: &Pubkey,
    pools: &[u32],
) -> (Vec<u64>, u64) {
    let assessor = f.with_assessor(QUORUM_TOKENS);
    f.warp_seconds(1);
    let claim = f.submit_claim(owner, cover, 300 * USDC);
    f.vote(&assessor, &claim, true);
    f.warp_seconds(TO_PAYOUT);
    let before: Vec<u64> = pools.iter().map(|p| f.pool(*p).active_stake).collect();
    let owed = one_pool_burn(300 * USDC, f.snapshot().book_value);
    f.send_ok(&[f.redeem_ix(&owner.pubkey(), &claim)], &[owner]);
    let burnt = pools
        .iter()
        .zip(before)
        .map(|(p, b)| b - f.pool(*p).active_stake)
        .collect();
    (burnt, owed)
}

/// A 1,000 USDC cover for 60 days on a 2,000-MUT pool, bought at the default parameters.
fn bought() -> (TestFixture, CoverMarket, Keypair, Pubkey) {
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Lending", &[(100, 300, 2_000)]);
    let owner = f.with_funded_member(10_000 * USDC);
    let cover = f.buy_cover(&owner, m.product, 1_000 * USDC, PERIOD, &m.pools);
    (f, m, owner, cover)
}
