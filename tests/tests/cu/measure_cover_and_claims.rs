//! Measuring the cover instructions (4 pools where they take pools), and claims and assessment.
use super::*;
use mutual::constants::{LAMPORTS_PER_SOL, MAX_FRAUD_UNDO_BATCH};
use mutual_sdk::prices::{self, PythPrice};
use mutual_sdk::{ix, pda, spl, Keypair, Signer, Transport};

/// The cover instructions, each on its widest path: 4 pools where the instruction takes pools.
pub(super) fn measure_cover(m: &mut Measurements, f: &TestFixture) {
    let four = [
        (100, 300, 10),
        (100, 300, 10),
        (100, 300, 10),
        (100, 300, 1_000),
    ];
    let market = f.with_cover_market("Cover", &four);
    let expiring = f.with_cover_market("Expiry", &four);
    let (product, pools) = (market.product, market.pools.clone());
    let buyer = fixed_key(40);
    f.chain
        .airdrop(&buyer.pubkey(), 10_000_000_000)
        .expect("airdrop");
    f.send_ok(&[ix::member_join(&buyer.pubkey())], &[&buyer]);
    f.faucet(&buyer.pubkey(), 100_000 * USDC);
    let asset = f.base_cover_asset();
    let payer = f.deployment().base_account(&buyer.pubkey());
    let month = 28 * DAY;
    let cover = |seq| mutual_sdk::cover::cover_address(product, seq);
    let pools_of = |address: &mutual_sdk::Pubkey| -> Vec<u32> {
        let cover = f.cover(address).expect("cover");
        cover.pools().iter().map(|a| a.pool_id).collect()
    };
    // cover 0 on the big pool alone; cover 1 spills across all four, filling the small pools
    let one = f.cover_buy_ix(
        &buyer.pubkey(),
        product,
        100 * USDC,
        month,
        u64::MAX,
        &pools[3..],
    );
    m.send(f, "cover_buy", "1 pool", one, &[&buyer]);
    let spill = f.cover_buy_ix(
        &buyer.pubkey(),
        product,
        100 * USDC,
        month,
        u64::MAX,
        &pools,
    );
    m.send(f, "cover_buy", "4 pools", spill, &[&buyer]);
    assert_eq!(pools_of(&cover(1)).len(), 4);
    let doomed = f.buy_cover(&buyer, expiring.product, 100 * USDC, month, &expiring.pools);
    assert_eq!(pools_of(&doomed).len(), 4);
    m.send(
        f,
        "cover_status",
        "",
        ix::cover_status(&cover(0)),
        &[&buyer],
    );
    let edit = ix::cover_edit(
        &buyer.pubkey(),
        product,
        1,
        &asset,
        &payer,
        &pools,
        &pools,
        100 * USDC,
        month as u32,
        u64::MAX,
    );
    m.send(f, "cover_edit", "4 pools to 4 pools", edit, &[&buyer]);
    assert_eq!(pools_of(&cover(1)).len(), 4);
    let approve = spl::approve(
        &f.deployment().base_token_program,
        &payer,
        &pda::config().0,
        &buyer.pubkey(),
        100 * USDC,
    )
    .expect("approve");
    f.send_ok(&[approve], &[&buyer]);
    let set = ix::cover_auto_renew_set(&buyer.pubkey(), &cover(1), 100 * USDC);
    m.send(f, "cover_auto_renew_set", "", set, &[&buyer]);
    f.warp_seconds(month - 3 * DAY);
    let renew = ix::cover_renew(
        &buyer.pubkey(),
        product,
        0,
        &asset,
        &payer,
        &pools[3..],
        u64::MAX,
    );
    m.send(f, "cover_renew", "1 pool", renew, &[&buyer]);
    let cranker = fixed_key(41);
    f.chain
        .airdrop(&cranker.pubkey(), LAMPORTS_PER_SOL)
        .expect("airdrop");
    let auto = ix::cover_auto_renew(&cranker.pubkey(), product, 1, &asset, &payer, &pools);
    m.send(f, "cover_auto_renew", "4 pools", auto, &[&cranker]);
    let cancel = ix::cover_auto_renew_cancel(&buyer.pubkey(), &cover(1));
    m.send(f, "cover_auto_renew_cancel", "", cancel, &[&buyer]);
    let transfer = ix::cover_transfer(&buyer.pubkey(), &cover(1), &cranker.pubkey());
    m.send(f, "cover_transfer", "", transfer, &[&buyer]);
    f.warp_seconds(3 * DAY + 30 * DAY);
    let expire = ix::cover_expire(
        &doomed,
        expiring.product,
        &asset.mint,
        &buyer.pubkey(),
        &expiring.pools,
    );
    m.send(f, "cover_expire", "4 pools, releasing", expire, &[&cranker]);
    let manager = &market.managers[3];
    let fee = ix::pool_fee_withdraw(&manager.pubkey(), pools[3]);
    m.send(f, "pool_fee_withdraw", "", fee, &[manager]);
}

/// A member at a fixed key, with `usdc` to spend and `tokens` stake tokens bought.
fn fixed_member(f: &TestFixture, seed: u8, usdc: u64, tokens: u64) -> Keypair {
    let wallet = fixed_key(seed);
    f.chain
        .airdrop(&wallet.pubkey(), 10_000_000_000)
        .expect("airdrop");
    f.send_ok(&[ix::member_join(&wallet.pubkey())], &[&wallet]);
    f.faucet(&wallet.pubkey(), usdc + 2 * tokens * USDC);
    if tokens > 0 {
        f.buy_stake(&wallet, tokens * USDC * 11 / 10);
    }
    wallet
}

/// Publishes every registered asset's price as of now and refreshes: once wrapped SOL holds the swept fees, a
/// buy needs prices at most `oracle_max_age` old (decision 64).
fn reprice_every_asset(f: &TestFixture) {
    let now = f.now();
    let feeds = [
        ([7; 32], 100_000_000),
        (prices::sol_usd_feed(), 15_000_000_000),
    ]
    .into_iter()
    .chain((0..5u8).map(|n| ([20 + n; 32], 2_000_000_000)));
    for (feed, price) in feeds {
        f.chain
            .set_price(feed, PythPrice::usd(price, now))
            .expect("a price");
    }
    f.refresh_capital();
}

/// Claims and assessment: a 4-pool payout, open and hidden votes, and a full fraud-undo batch.
pub(super) fn measure_claims(m: &mut Measurements, f: &TestFixture) {
    reprice_every_asset(f);
    let four = [
        (100, 300, 10),
        (100, 300, 10),
        (100, 300, 10),
        (100, 300, 1_000),
    ];
    let market = f.with_cover_market("Claims", &four);
    let owner = fixed_member(f, 42, 10_000 * USDC, 0);
    let assessors = [fixed_member(f, 43, 0, 300), fixed_member(f, 44, 0, 100)];
    let first = ix::assessor_stake(&assessors[0].pubkey(), 200 * STAKE);
    m.send(
        f,
        "assessor_stake",
        "first, creating the vault",
        first,
        &[&assessors[0]],
    );
    let second = ix::assessor_stake(&assessors[1].pubkey(), 100 * STAKE);
    m.send(f, "assessor_stake", "new record", second, &[&assessors[1]]);
    let more = ix::assessor_stake(&assessors[0].pubkey(), 100 * STAKE);
    m.send(
        f,
        "assessor_stake",
        "existing record",
        more,
        &[&assessors[0]],
    );
    let spill = f.buy_cover(&owner, market.product, 100 * USDC, 28 * DAY, &market.pools);
    let covers: Vec<_> = (0..MAX_FRAUD_UNDO_BATCH)
        .map(|_| f.buy_cover(&owner, market.product, USDC, 28 * DAY, &market.pools[3..]))
        .collect();
    let mut hidden_terms = sample_terms("Hidden");
    hidden_terms.commit_reveal = true;
    let hidden = f.create_product(hidden_terms);
    let hidden_market = f.with_pools_for(hidden, &[(100, 300, 100)]);
    let hidden_cover = f.buy_cover(&owner, hidden, USDC, 28 * DAY, &hidden_market.pools);
    f.warp_seconds(60);

    let (submit, claim) = f.claim_submit_ix(&owner.pubkey(), &spill, 50 * USDC);
    m.send(f, "claim_submit", "", submit, &[&owner]);
    let accept = ix::claim_vote(&assessors[0].pubkey(), &claim, true);
    m.send(f, "claim_vote", "first vote", accept, &[&assessors[0]]);
    let deny = ix::claim_vote(&assessors[1].pubkey(), &claim, false);
    m.send(f, "claim_vote", "", deny, &[&assessors[1]]);
    let claims: Vec<_> = covers
        .iter()
        .map(|cover| {
            let claim = f.submit_claim(&owner, cover, USDC);
            f.vote(&assessors[1], &claim, true);
            claim
        })
        .collect();
    let hidden_claim = f.submit_claim(&owner, &hidden_cover, USDC);
    let salt = [5; 32];
    let voter = assessors[0].pubkey();
    let commitment = mutual::state::Vote::commitment(true, &salt, &voter, &hidden_claim);
    let commit = ix::claim_vote_commit(&voter, &hidden_claim, commitment);
    m.send(f, "claim_vote_commit", "", commit, &[&assessors[0]]);
    f.warp_seconds(3 * DAY);
    let reveal = ix::claim_vote_reveal(&voter, &hidden_claim, true, salt);
    m.send(f, "claim_vote_reveal", "", reveal, &[&assessors[0]]);

    let authority = f.deployer().insecure_clone();
    let fraud = assessors[1].pubkey();
    let flag = ix::assessor_flag_fraud(&authority.pubkey(), &fraud, true);
    m.send(f, "assessor_flag_fraud", "", flag, &[&authority]);
    let undo = ix::claim_fraud_undo_votes(&fraud, &claims);
    m.send(
        f,
        "claim_fraud_undo_votes",
        "full batch, 8 votes",
        undo,
        &[&authority],
    );
    f.warp_seconds(DAY);
    let redeem = f.redeem_ix(&owner.pubkey(), &claim);
    m.send(f, "claim_redeem_payout", "4 pools", redeem, &[&owner]);
    let close = f.close_ix(&claims[0]);
    m.send(f, "claim_close", "denied", close, &[&owner]);
    let reward = ix::vote_reward_claim(&voter, &claim);
    m.send(f, "vote_reward_claim", "", reward, &[&assessors[0]]);
    f.warp_seconds(14 * DAY);
    let unstake = ix::assessor_unstake(&voter, 100 * STAKE);
    m.send(f, "assessor_unstake", "", unstake, &[&assessors[0]]);
}
