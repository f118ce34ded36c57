//! Scale: 200 positions across the 8 tranches of one pool, 2,000 covers across 5 products, and 1,000 voters on one claim. Every deposit, withdrawal, buy and vote touches the same
//! accounts however many positions exist; the figures (accounts, bytes, time per operation at 10, 100 and
//! 200 positions) are printed for docs/performance.md. Time is printed, never asserted.
use anchor_lang::solana_program::instruction::Instruction;
use mutual_sdk::{ix, Keypair, Signer};
use mutual_tests::*;
use std::time::{Duration, Instant};

const POSITIONS: usize = 200;
const MILESTONES: [usize; 3] = [10, 100, 200];
/// Operations timed around each milestone (the mean is printed).
const WINDOW: usize = 10;

struct Timed {
    accounts: usize,
    bytes: usize,
    elapsed: Duration,
}

fn timed(f: &TestFixture, ixs: &[Instruction], signer: &Keypair) -> Timed {
    let start = Instant::now();
    let receipt = f.send_ok(ixs, &[signer]);
    Timed {
        accounts: receipt.size.accounts,
        bytes: receipt.size.bytes,
        elapsed: start.elapsed(),
    }
}

fn mean(window: &[Timed]) -> Duration {
    window.iter().map(|t| t.elapsed).sum::<Duration>() / window.len() as u32
}

#[test]
fn two_hundred_positions_cost_every_deposit_and_withdrawal_the_same_accounts() {
    // Arrange: one pool, 200 members, each with 2 stake tokens
    let f = TestFixture::bootstrapped();
    let (_, pool) = f.with_pool();
    let first = f.current_tranche();
    let stakers: Vec<Keypair> = (0..POSITIONS).map(|_| f.with_staker(2)).collect();

    // Act: one deposit each, round-robin over the 8 active tranches
    let mut deposits = Vec::with_capacity(POSITIONS);
    for (i, staker) in stakers.iter().enumerate() {
        let tranche = first + (i % 8) as u32;
        let deposit = ix::stake_deposit(&staker.pubkey(), pool, tranche, STAKE);
        deposits.push(timed(&f, &[deposit], staker));
    }

    // Assert: the pool holds exactly what was deposited, in 8 tranches
    let state = f.pool(pool);
    assert_eq!(state.active_stake, POSITIONS as u64 * STAKE);
    assert_eq!(f.pool_vault_balance(pool), POSITIONS as u64 * STAKE);
    for slot in 0..8 {
        assert_eq!(
            state.tranches[slot].stake_shares,
            (POSITIONS as u64 / 8 * STAKE) as u128
        );
    }

    // Act: two years on every tranche has expired; the crank catches up, then everyone withdraws
    f.warp_seconds(2 * 365 * DAY);
    let tranches: Vec<u32> = (0..8).map(|o| first + o).collect();
    while f.pool(pool).processed_at < f.now() {
        f.send_ok(
            &[ix::pool_process_expirations(pool, &tranches)],
            &[&stakers[0]],
        );
    }
    let mut withdrawals = Vec::with_capacity(POSITIONS);
    for (i, staker) in stakers.iter().enumerate() {
        let tranche = first + (i % 8) as u32;
        let before = f.stake_balance(&staker.pubkey());
        let withdraw = ix::stake_withdraw(&staker.pubkey(), pool, tranche, true, true);
        withdrawals.push(timed(&f, &[withdraw], staker));
        assert_eq!(f.stake_balance(&staker.pubkey()), before + STAKE);
    }

    // Assert: nothing is left, and every operation named the same number of accounts
    assert_eq!(f.pool_vault_balance(pool), 0);
    assert!(deposits.iter().all(|d| d.accounts == deposits[0].accounts));
    assert!(withdrawals
        .iter()
        .all(|w| w.accounts == withdrawals[0].accounts));
    println!();
    println!("| positions | deposit accounts | deposit bytes | deposit time | withdrawal accounts | withdrawal time |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for milestone in MILESTONES {
        let window = milestone - WINDOW..milestone;
        // Withdrawals run in deposit order, so the milestone-th from the end sees `milestone` positions left.
        let left = POSITIONS - milestone..POSITIONS - milestone + WINDOW;
        println!(
            "| {milestone} | {} | {} | {:.2?} | {} | {:.2?} |",
            deposits[milestone - 1].accounts,
            deposits[milestone - 1].bytes,
            mean(&deposits[window]),
            withdrawals[POSITIONS - milestone].accounts,
            mean(&withdrawals[left]),
        );
    }
}

const COVERS: usize = 2_000;
const PRODUCTS: usize = 5;
const COVER_MILESTONES: [usize; 3] = [100, 1_000, 2_000];

#[test]
fn two_thousand_covers_across_five_products_cost_every_buy_the_same_accounts() {
    // Arrange: 5 products, each backed by its own pool of 10,000 tokens; 5 buyers
    let f = TestFixture::bootstrapped();
    let markets: Vec<CoverMarket> = (0..PRODUCTS)
        .map(|i| f.with_cover_market(&format!("Product {i}"), &[(100, 300, 10_000)]))
        .collect();
    let buyers: Vec<Keypair> = (0..PRODUCTS)
        .map(|_| f.with_funded_member(10_000 * USDC))
        .collect();

    // Act: 2,000 buys of 10 USDC for 90 days, round-robin over the products
    let mut buys = Vec::with_capacity(COVERS);
    for i in 0..COVERS {
        let (m, buyer) = (&markets[i % PRODUCTS], &buyers[i % PRODUCTS]);
        let buy = f.cover_buy_ix(
            &buyer.pubkey(),
            m.product,
            10 * USDC,
            90 * DAY,
            u64::MAX,
            &m.pools,
        );
        buys.push(timed(&f, &[buy], buyer));
    }

    // Assert: every cover exists and every buy named the same accounts
    for m in &markets {
        assert_eq!(
            f.product(m.product).next_cover_seq,
            (COVERS / PRODUCTS) as u64
        );
    }
    assert_eq!(
        f.base_asset().active_cover_amount,
        COVERS as u64 * 10 * USDC
    );
    assert!(buys.iter().all(|b| b.accounts == buys[0].accounts));
    println!();
    println!("| covers | accounts per buy | buy bytes | buy time |");
    println!("|---:|---:|---:|---:|");
    for milestone in COVER_MILESTONES {
        println!(
            "| {milestone} | {} | {} | {:.2?} |",
            buys[milestone - 1].accounts,
            buys[milestone - 1].bytes,
            mean(&buys[milestone - WINDOW..milestone]),
        );
    }
}

const VOTERS: usize = 1_000;
const VOTER_MILESTONES: [usize; 3] = [10, 100, 1_000];

#[test]
fn a_thousand_voters_on_one_claim_cost_every_vote_the_same_accounts() {
    // Arrange: a claim on a 1,000 USDC cover, and 1,000 assessors of 1 token each, staked before it was filed
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Voted", &[(100, 300, 2_000)]);
    let owner = f.with_funded_member(10_000 * USDC);
    let cover = f.buy_cover(&owner, m.product, 1_000 * USDC, 90 * DAY, &m.pools);
    let voters: Vec<Keypair> = (0..VOTERS).map(|_| f.with_assessor(1)).collect();
    f.warp_seconds(60);
    let claim = f.submit_claim(&owner, &cover, 500 * USDC);

    // Act: every voter votes, the first two thirds to accept
    let votes: Vec<Timed> = voters
        .iter()
        .enumerate()
        .map(|(i, voter)| {
            let vote = mutual_sdk::ix::claim_vote(&voter.pubkey(), &claim, i < 2 * VOTERS / 3);
            timed(&f, &[vote], voter)
        })
        .collect();

    // Assert: the tally to the unit, and every vote named the same accounts
    let c = f.claim(&claim).expect("claim");
    let accept = (2 * VOTERS / 3) as u64;
    assert_eq!(
        (c.accept, c.deny),
        (accept * STAKE, (VOTERS as u64 - accept) * STAKE)
    );
    assert_eq!(c.voters, VOTERS as u32);
    assert!(votes
        .iter()
        .all(|v| v.accounts == votes[0].accounts && v.bytes == votes[0].bytes));
    println!();
    println!("| voters | accounts per vote | vote bytes | vote time |");
    println!("|---:|---:|---:|---:|");
    for milestone in VOTER_MILESTONES {
        println!(
            "| {milestone} | {} | {} | {:.2?} |",
            votes[milestone - 1].accounts,
            votes[milestone - 1].bytes,
            mean(&votes[milestone - WINDOW..milestone]),
        );
    }
}
