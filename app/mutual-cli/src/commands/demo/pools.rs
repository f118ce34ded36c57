//! Products and pools: the sample products with their risk scores, two pools listing them, stake locked into
//! tranches, and the capacity it gives each product.
use super::{Demo, STAKE};
use crate::output::mut_tokens;
use crate::Result;
use mutual_migrations::USDC;
use mutual_sdk::{fetch, ix, Keypair, Signer, Transport};

/// Returns Dave, who manages the second pool and votes later.
pub(super) fn story(demo: &mut Demo, deployer: &Keypair, alice: &Keypair) -> Result<Keypair> {
    demo.step("The authority lists five products, one per risk class, with their risk signals")?;
    let now = demo.chain.unix_timestamp()?;
    for sample in mutual_migrations::samples::products(now) {
        let id = fetch::config(&demo.chain)?.product_count;
        let create = ix::product_create(&deployer.pubkey(), id, sample.terms);
        let signals = ix::risk_signals_update(&deployer.pubkey(), id, false, sample.signals);
        demo.chain.send(&[create, signals], deployer, &[])?;
    }
    demo.say("id  product               class                price/yr  risk score (product_risk)")?;
    for product in fetch::products(&demo.chain)? {
        // Read the way an integrator program would: product_risk's return data.
        let risk = mutual_sdk::risk::product_risk_on_chain(&demo.chain, deployer, product.id)?;
        let t = &product.terms;
        demo.say(format!(
            "{:<3} {:<21} {:<20} {:>2}.{:02}%    {:>3} / 100  ({} open critical, {} incidents, {} broken-promise points)",
            product.id,
            t.name,
            crate::commands::product::class_name(t.risk_class),
            t.initial_price.0 / 100,
            t.initial_price.0 % 100,
            risk.score,
            risk.open_critical,
            risk.incident_count,
            risk.broken_promises
        ))?;
    }

    demo.step("Two pools open, list products and take stake")?;
    let dave = demo.wallet(10)?;
    demo.join("Dave", &dave)?;
    demo.deployment
        .faucet(&demo.chain, deployer, &dave.pubkey(), 2_000 * USDC)?;
    demo.buy("Dave", &dave, 1_500 * USDC)?;
    let pools = [
        (alice, "Alice", vec![(0, 100), (1, 60), (4, 80)]),
        (
            &dave,
            "Dave",
            vec![(0, 50), (1, 50), (2, 100), (3, 70), (4, 50)],
        ),
    ];
    for (id, (manager, name, listings)) in pools.iter().enumerate() {
        let id = id as u32;
        let args = mutual::instructions::PoolCreateArgs {
            manager: manager.pubkey(),
            is_private: false,
            pool_fee: mutual_sdk::Bps(1_000),
            max_pool_fee: mutual_sdk::Bps(2_000),
        };
        let mut chosen = Vec::new();
        for (product_id, weight) in listings {
            chosen.push(mutual::instructions::ProductListing {
                product_id: *product_id,
                weight: *weight,
                target_price: fetch::product(&demo.chain, *product_id)?
                    .terms
                    .initial_price,
            });
        }
        let listings = chosen;
        let create = ix::pool_create(&manager.pubkey(), id, args);
        let list = ix::pool_set_products(&manager.pubkey(), id, listings.clone());
        demo.chain.send(&[create, list], manager, &[])?;
        demo.say(format!(
            "{name} opens pool {id} (10% fee) and lists products {:?}",
            listings
                .iter()
                .map(|l| (l.product_id, l.weight))
                .collect::<Vec<_>>()
        ))?;
    }
    let current = mutual_sdk::staking::tranche_id(demo.chain.unix_timestamp()?)
        .map_err(mutual_sdk::SdkError::refused)?;
    let stakes = [
        (alice, "Alice", 0u32, 7u32, 900 * STAKE),
        (&dave, "Dave", 1, 6, 1_000 * STAKE),
        (alice, "Alice", 1, 5, 100 * STAKE),
    ];
    for (wallet, name, pool, lock, amount) in stakes {
        let deposit = ix::stake_deposit(&wallet.pubkey(), pool, current + lock, amount);
        demo.chain.send(&[deposit], wallet, &[])?;
        demo.say(format!(
            "{name} stakes {} in pool {pool}, in tranche {} ({lock} beyond the current one: unlocks in {} days)",
            mut_tokens(amount),
            current + lock,
            (mutual_sdk::staking::tranche_end(current + lock) - demo.chain.unix_timestamp()?)
                / mutual::constants::DAY
        ))?;
    }

    demo.step("Capacity per product for a one-year cover (stake x 2 x (1 - reduction) x weight)")?;
    for product in fetch::products(&demo.chain)? {
        let rows = mutual_sdk::staking::product_capacity(
            &demo.chain,
            product.id,
            365 * mutual::constants::DAY,
        )?;
        let total: u64 = rows.iter().map(|r| r.free).sum();
        let per_pool = rows
            .iter()
            .map(|r| format!("pool {}: {}", r.pool_id, mut_tokens(r.free)))
            .collect::<Vec<_>>()
            .join(", ");
        demo.say(format!(
            "{:<21} {:>16} in all   ({per_pool})",
            product.terms.name,
            mut_tokens(total)
        ))?;
    }
    Ok(dave)
}
