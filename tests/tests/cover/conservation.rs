//! Random sequences of buys, edits, warps and expiries conserve premiums, rewards and bookings.
use super::*;
use anchor_lang::prelude::Pubkey;
use mutual::math::periods::bucket_id;
use mutual::state::{Cover, CoverState};
use mutual_sdk::{ix, MutualEvent, Signer};

mod random {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    pub enum Op {
        /// wallet, amount in whole USDC, period in days, which pools (bit mask over 3)
        Buy(usize, u64, i64, u8),
        /// cover index, amount in whole USDC, period in days
        Edit(usize, u64, i64),
        Warp(i64),
        Expire(usize),
    }

    pub fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (0..2usize, 1u64..=3_000, 28i64..=365, 1u8..8).prop_map(|(w, a, d, p)| Op::Buy(w, a, d, p)),
            2 => (0..6usize, 1u64..=3_000, 28i64..=365).prop_map(|(c, a, d)| Op::Edit(c, a, d)),
            2 => (1i64..=120).prop_map(Op::Warp),
            2 => (0..6usize).prop_map(Op::Expire),
        ]
    }

    /// A cover the model holds: its address, owner index, amount and the bucket it expires with.
    pub struct Held {
        pub address: Pubkey,
        pub owner: usize,
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4))]

    /// After every step: the capital vault moved by exactly what the buyers paid (premiums, less credits), the
    /// stake supply by exactly the rewards minted into the pool vaults, and the asset's active cover and the
    /// listings' live units equal the sums over the covers still booked.
    #[test]
    fn random_cover_sequences_conserve_premiums_rewards_and_bookings(
        ops in proptest::collection::vec(random::op(), 6..=10)
    ) {
        let f = TestFixture::bootstrapped();
        let m = f.with_cover_market("Random", &[(100, 300, 500), (60, 200, 500), (100, 500, 2_000)]);
        let wallets = [f.with_funded_member(50_000 * USDC), f.with_funded_member(50_000 * USDC)];
        let mut held: Vec<random::Held> = Vec::new();
        for op in ops {
            let paid_before: u64 = wallets.iter().map(|w| usdc(&f, &w.pubkey())).sum();
            let (vault, supply) = (f.vault_balance(), f.stake_supply());
            let pool_vaults: u64 = m.pools.iter().map(|p| f.pool_vault_balance(*p)).sum();
            let outcome = match op {
                random::Op::Buy(w, amount, days, mask) => {
                    let pools: Vec<u32> = (0..3).filter(|i| mask & (1 << i) != 0).map(|i| m.pools[i]).collect();
                    let seq = f.product(m.product).next_cover_seq;
                    let ix = f.cover_buy_ix(&wallets[w].pubkey(), m.product, amount * USDC, days * DAY, u64::MAX, &pools);
                    let result = f.try_send(&[ix], &[&wallets[w]]);
                    if result.is_ok() {
                        held.push(random::Held { address: mutual_sdk::cover::cover_address(m.product, seq), owner: w });
                    }
                    result
                }
                random::Op::Edit(c, amount, days) if c < held.len() => {
                    let h = &held[c];
                    let Some(cover) = f.cover(&h.address) else { continue };
                    let old: Vec<u32> = cover.pools().iter().map(|a| a.pool_id).collect();
                    let owner = &wallets[h.owner];
                    let edit = ix::cover_edit(&owner.pubkey(), m.product, cover.seq, &f.base_cover_asset(),
                        &f.deployment().base_account(&owner.pubkey()), &m.pools, &old, amount * USDC,
                        (days * DAY) as u32, u64::MAX);
                    f.try_send(&[edit], &[owner])
                }
                random::Op::Expire(c) if c < held.len() => {
                    let h = &held[c];
                    let Some(cover) = f.cover(&h.address) else { continue };
                    let pools: Vec<u32> = cover.pools().iter().map(|a| a.pool_id).collect();
                    let expire = ix::cover_expire(&h.address, m.product, &f.deployment().base_mint,
                        &cover.buyer, &pools);
                    f.try_send(&[expire], &[&wallets[0]])
                }
                random::Op::Warp(days) => {
                    f.warp_days(days);
                    continue;
                }
                _ => continue,
            };
            let paid_after: u64 = wallets.iter().map(|w| usdc(&f, &w.pubkey())).sum();
            let pool_vaults_after: u64 = m.pools.iter().map(|p| f.pool_vault_balance(*p)).sum();
            // Money only moves from the wallets into the vault; stake is only minted into the pool vaults.
            proptest::prop_assert_eq!(f.vault_balance() - vault, paid_before - paid_after);
            proptest::prop_assert_eq!(f.stake_supply() - supply, pool_vaults_after - pool_vaults);
            if let Ok(receipt) = outcome {
                for event in &receipt.events {
                    match event {
                        MutualEvent::CoverBuyEvent(e) => proptest::prop_assert_eq!(e.premium, paid_before - paid_after),
                        MutualEvent::CoverEditEvent(e) => proptest::prop_assert_eq!(e.paid, paid_before - paid_after),
                        _ => {}
                    }
                    if let MutualEvent::CoverBuyEvent(e) = event {
                        let minted: u64 = e.placement.iter().map(|p| p.rewards).sum();
                        proptest::prop_assert_eq!(minted, f.stake_supply() - supply);
                    }
                }
            }
            // Bookings: the asset's live active cover and each listing's live units are the sums over the covers
            // whose expiry bucket has not ended.
            let now = f.now();
            let current = bucket_id(now).unwrap();
            let live: Vec<Cover> = held.iter().filter_map(|h| f.cover(&h.address))
                .filter(|c| c.state == CoverState::Active && c.expiry_bucket().unwrap() >= current)
                .collect();
            let cover_sum: u64 = live.iter().map(|c| c.amount).sum();
            proptest::prop_assert_eq!(f.base_asset().active_cover(now).unwrap(), cover_sum);
            for pool in &m.pools {
                let listing = f.pool_product(*pool, m.product);
                let units = mutual::math::capacity::live_allocations(
                    &listing.allocations, &listing.expiring, listing.next_expiry_bucket, current).unwrap();
                let booked: u64 = live.iter().flat_map(|c| c.pools().to_vec())
                    .filter(|a| a.pool_id == *pool).map(|a| u64::from(a.units)).sum();
                proptest::prop_assert_eq!(units.iter().sum::<u64>(), booked);
            }
        }
    }
}
