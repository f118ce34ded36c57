//! 6. The stake that backed a loss pays for it.
use super::*;
use anchor_lang::prelude::Pubkey;
use mutual::errors::MutualError;
use mutual_sdk::{ix, pda, Keypair, Signer};
use test_case::test_case;

/// A pool whose only stake (1,000 MUT) sits in tranche `k`, the first after the current one that ends on a
/// bucket end (`aligned`) or the first that does not; and a 1,000 USDC cover whose end plus its 30 days of
/// grace is the last second of the last bucket inside `k`: the latest cover `k` can back.
struct Backed {
    f: TestFixture,
    pool: u32,
    owner: Keypair,
    backer: Keypair,
    cover: Pubkey,
    tranche: u32,
    end_with_grace: i64,
}

fn backed_to_the_last_second(aligned: bool) -> Backed {
    use mutual::constants::BUCKET_DURATION;
    use mutual::math::periods::tranche_end;
    let f = TestFixture::bootstrapped();
    let product = f.with_product("Lending");
    let (manager, pool) = f.with_pool();
    f.list_product(&manager, pool, product, 100, 300);
    let backer = f.with_staker(1_100);
    let owner = f.with_funded_member(10_000 * USDC);
    let grace = 30 * DAY;
    let now = f.now();
    let current = f.current_tranche();
    let last_second = |k: u32| {
        let end = tranche_end(k);
        // the last second of the last bucket that ends within tranche k
        end - end.rem_euclid(BUCKET_DURATION) - 1
    };
    let tranche = (current + 1..current + 8)
        .find(|k| {
            let on_bucket_end = tranche_end(*k).rem_euclid(BUCKET_DURATION) == 0;
            let period = last_second(*k) - grace - now;
            on_bucket_end == aligned && (28 * DAY..=365 * DAY).contains(&period)
        })
        .expect("a tranche");
    f.stake(&backer, pool, tranche, 1_000 * STAKE);
    let end_with_grace = last_second(tranche);
    let cover = f.buy_cover(
        &owner,
        product,
        1_000 * USDC,
        end_with_grace - grace - now,
        &[pool],
    );
    assert_eq!(
        f.cover(&cover).unwrap().end_with_grace().unwrap(),
        end_with_grace
    );
    Backed {
        f,
        pool,
        owner,
        backer,
        cover,
        tranche,
        end_with_grace,
    }
}

#[test_case(true, false; "tranche ending on a bucket end, redeemed at the first second")]
#[test_case(true, true; "tranche ending on a bucket end, redeemed at the last second")]
#[test_case(false, false; "tranche ending inside a bucket, redeemed at the first second")]
#[test_case(false, true; "tranche ending inside a bucket, redeemed at the last second")]
fn security_economic_sequences_a_claim_filed_at_the_last_second_of_grace_burns_the_stake_that_backed_it(
    aligned: bool,
    redeem_last: bool,
) {
    // Arrange: a claim of 600 USDC in the last second of grace, accepted by a quorum
    let b = backed_to_the_last_second(aligned);
    let f = &b.f;
    let assessor = f.with_assessor(QUORUM_TOKENS);
    let late = f.with_staker(1_100);
    f.warp_seconds(b.end_with_grace - 1 - f.now());
    let claim = f.submit_claim(&b.owner, &b.cover, 600 * USDC);
    f.vote(&assessor, &claim, true);
    assert_eq!(claim_of(f, &claim).held_tranches[0], b.tranche);

    // Act + Assert: new stake can't join the pool while the claim is open, so it never pays for it
    f.send_err_unchanged(
        &[ix::stake_deposit(
            &late.pubkey(),
            b.pool,
            f.current_tranche() + 1,
            1_000 * STAKE,
        )],
        &[&late],
        MutualError::PoolHasOpenClaims,
        &[pda::pool(b.pool).0, pda::stake_account(&late.pubkey())],
    );
    // the payout window, its first or its last second: the tranche is past its end but still backs the claim
    let window = mutual::constants::DAY * 30;
    let redeem_at = if redeem_last {
        TO_PAYOUT + window - 1
    } else {
        TO_PAYOUT
    };
    f.warp_seconds(redeem_at - 1);
    f.send_ok(
        &[ix::pool_process_expirations(b.pool, &[b.tranche])],
        &[&b.backer],
    );
    assert!(mutual::math::periods::tranche_end(b.tranche) < f.now() || !aligned);
    assert_eq!(f.pool(b.pool).first_active_tranche, b.tranche);
    assert_eq!(f.pool(b.pool).active_stake, 1_000 * STAKE);
    f.send_err(
        &[ix::stake_withdraw(
            &b.backer.pubkey(),
            b.pool,
            b.tranche,
            true,
            false,
        )],
        &[&b.backer],
        MutualError::TrancheNotExpired,
    );
    f.warp_seconds(1);
    let owed = one_pool_burn(600 * USDC, f.snapshot().book_value);
    f.send_ok(&[f.redeem_ix(&b.owner.pubkey(), &claim)], &[&b.owner]);
    assert_eq!(f.pool(b.pool).active_stake, 1_000 * STAKE - owed);
    // once the tranche ends (or at once, if it has), the backer takes back exactly what the burn left
    let end = mutual::math::periods::tranche_end(b.tranche);
    if f.now() < end {
        f.warp_seconds(end - f.now());
    }
    f.send_ok(
        &[ix::pool_process_expirations(b.pool, &[b.tranche])],
        &[&b.backer],
    );
    let before = f.stake_balance(&b.backer.pubkey());
    f.send_ok(
        &[ix::stake_withdraw(
            &b.backer.pubkey(),
            b.pool,
            b.tranche,
            true,
            false,
        )],
        &[&b.backer],
    );
    assert_eq!(
        f.stake_balance(&b.backer.pubkey()) - before,
        1_000 * STAKE - owed
    );
    // and the pool takes deposits again
    f.stake(&late, b.pool, f.current_tranche() + 1, 1_000 * STAKE);
}

#[test]
fn security_remaining_accounts_a_lapsed_claims_close_names_its_pools_and_releases_them() {
    // Arrange: the claim is accepted but never redeemed
    let b = backed_to_the_last_second(true);
    let f = &b.f;
    let assessor = f.with_assessor(QUORUM_TOKENS);
    f.warp_seconds(b.end_with_grace - 1 - f.now());
    let claim = f.submit_claim(&b.owner, &b.cover, 600 * USDC);
    f.vote(&assessor, &claim, true);
    f.warp_seconds(TO_PAYOUT + 30 * DAY);
    assert!(f.pool(b.pool).has_open_claims());
    let other = f.with_pool().1;

    // Act + Assert: a close naming no pool, or another pool, is refused and changes nothing
    for pools in [&[][..], &[other][..], &[b.pool, other][..]] {
        f.send_err_unchanged(
            &[ix::claim_close(
                &claim,
                &b.cover,
                (&f.deployment().base_mint, &f.deployment().base_mint),
                pools,
            )],
            &[&b.backer],
            MutualError::CoverPoolsMismatch,
            &[claim, pda::pool(b.pool).0, pda::pool(other).0],
        );
    }
    // the permissionless close releases the hold: the tranche expires at the next crank
    f.send_ok(&[f.close_ix(&claim)], &[&b.backer]);
    assert!(!f.pool(b.pool).has_open_claims());
    f.send_ok(
        &[ix::pool_process_expirations(b.pool, &[b.tranche])],
        &[&b.backer],
    );
    assert_eq!(f.pool(b.pool).first_active_tranche, b.tranche + 1);
}
