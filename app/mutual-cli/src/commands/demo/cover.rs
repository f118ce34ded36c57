//! Cover: a purchase spilling across two pools, the price bump and its decay, a renewal and an expiry.
use super::{usdc, Demo};
use crate::output::{mut_tokens, sol};
use crate::{CliError, Result};
use mutual_migrations::USDC;
use mutual_sdk::{fetch, ix, Keypair, MutualEvent, Pubkey, Signer, Transport};

/// How a buy of `amount` was placed, one line per pool that took part.
fn placement_lines(demo: &mut Demo, placement: &[mutual::events::PoolPlacement]) -> Result<()> {
    for p in placement.iter().filter(|p| p.units > 0) {
        let line = format!(
            "  pool {}: {} of capacity at {}.{:02}%/yr, premium {}, rewards {} streamed to its stakers",
            p.pool_id,
            mut_tokens(mutual_sdk::staking::units_to_stake(p.units)),
            p.price.0 / 100,
            p.price.0 % 100,
            usdc(p.premium),
            mut_tokens(p.rewards)
        );
        demo.say(line)?;
    }
    Ok(())
}

/// The annual price each pool asks for `product` now.
fn prices_now(demo: &Demo, product: u32) -> Result<String> {
    let rows =
        mutual_sdk::staking::product_capacity(&demo.chain, product, 365 * mutual::constants::DAY)?;
    Ok(rows
        .iter()
        .map(|r| {
            format!(
                "pool {}: {}.{:02}%",
                r.pool_id,
                r.price_bps / 100,
                r.price_bps % 100
            )
        })
        .collect::<Vec<_>>()
        .join(", "))
}

/// Cover: a purchase spilling across two pools, the price bump and its decay, a renewal and an expiry. Returns
/// Erin and her year of cover on the Lending Protocol.
pub(super) fn story(demo: &mut Demo, deployer: &Keypair) -> Result<(Keypair, Pubkey)> {
    use mutual::constants::DAY;
    use mutual_sdk::cover::{cover_address, CoverMarket};
    let day = DAY as u32;
    demo.step("Erin buys a year of cover on the Lending Protocol: the cheapest pool fills, the rest spills over")?;
    let erin = demo.wallet(2)?;
    demo.join("Erin", &erin)?;
    demo.deployment
        .faucet(&demo.chain, deployer, &erin.pubkey(), 1_000 * USDC)?;
    let base = demo.deployment.base_mint;
    let asset = ix::CoverAsset {
        mint: base,
        token_program: demo.deployment.base_token_program,
    };
    let payer = demo.deployment.base_account(&erin.pubkey());
    let market = CoverMarket::load(&demo.chain, 0, &base)?;
    let pools = market.route(365 * day)?;
    let amount = 2_500 * USDC;
    let quote = market.quote(amount, 365 * day, mutual_sdk::Bps::ZERO, &pools)?;
    demo.say(format!(
        "the SDK orders the pools cheapest first ({pools:?}) and quotes {} for {}",
        usdc(quote.total),
        usdc(amount)
    ))?;
    let args = |amount, period| mutual::instructions::CoverBuyArgs {
        owner: erin.pubkey(),
        amount,
        period,
        max_premium: u64::MAX,
        commission_bps: mutual_sdk::Bps::ZERO,
    };
    let buy = ix::cover_buy(
        &erin.pubkey(),
        0,
        market.product.next_cover_seq,
        &asset,
        &payer,
        None,
        &pools,
        {
            mutual::instructions::CoverBuyArgs {
                max_premium: quote.total,
                ..args(amount, 365 * day)
            }
        },
    );
    let lending_cover = cover_address(0, market.product.next_cover_seq);
    let receipt = demo.chain.send(&[buy], &erin, &[])?;
    if let Some(MutualEvent::CoverBuyEvent(e)) = receipt.events.first().cloned() {
        demo.say(format!(
            "cover_buy: {} of cover for {} days, premium {} (recorded wording and terms as of now)",
            usdc(e.amount),
            e.period / day,
            usdc(e.premium)
        ))?;
        placement_lines(demo, &e.placement)?;
    }
    let dao = CoverMarket::load(&demo.chain, 4, &base)?;
    let dao_pools = dao.route(30 * day)?;
    let short = ix::cover_buy(
        &erin.pubkey(),
        4,
        dao.product.next_cover_seq,
        &asset,
        &payer,
        None,
        &dao_pools,
        args(500 * USDC, 30 * day),
    );
    demo.chain.send(&[short], &erin, &[])?;
    let dao_cover = cover_address(4, dao.product.next_cover_seq);
    demo.say(format!(
        "Erin also buys 30 days of cover on the DAO Treasury: {}; active cover is now {}",
        usdc(500 * USDC),
        usdc(
            fetch::asset(&demo.chain, &base)?
                .active_cover(demo.chain.unix_timestamp()?)
                .map_err(mutual_sdk::SdkError::refused)?
        )
    ))?;

    demo.step("The price bump decays back to the target at 2% a day")?;
    demo.say(format!("right after the buy:  {}", prices_now(demo, 0)?))?;
    for _ in 0..3 {
        demo.chain.warp_days(1)?;
        demo.say(format!("a day later:          {}", prices_now(demo, 0)?))?;
    }

    demo.step(
        "Erin renews the DAO Treasury cover in its last 7 days; it continues from the old end",
    )?;
    let cover = fetch::anchor_account::<mutual::state::Cover>(&demo.chain, &dao_cover)?
        .ok_or(CliError::Usage("the DAO cover is missing".into()))?;
    let end = cover.end().map_err(mutual_sdk::SdkError::refused)?;
    demo.chain
        .warp_seconds(end - demo.chain.unix_timestamp()? - 3 * DAY)?;
    let pools_of =
        |c: &mutual::state::Cover| c.pools().iter().map(|a| a.pool_id).collect::<Vec<_>>();
    let renew = ix::cover_renew(
        &erin.pubkey(),
        4,
        cover.seq,
        &asset,
        &payer,
        &pools_of(&cover),
        u64::MAX,
    );
    let receipt = demo.chain.send(&[renew], &erin, &[])?;
    if let Some(MutualEvent::CoverRenewEvent(e)) = receipt.events.first().cloned() {
        demo.say(format!(
            "cover_renew 3 days before the end: premium {}, the cover now runs {} more days from the old end",
            usdc(e.premium),
            e.period / day
        ))?;
    }

    demo.step("After its end plus grace, anyone expires the cover; the rent goes back to Erin")?;
    let cover = fetch::anchor_account::<mutual::state::Cover>(&demo.chain, &dao_cover)?
        .ok_or(CliError::Usage("the DAO cover is missing".into()))?;
    let after = cover
        .end_with_grace()
        .map_err(mutual_sdk::SdkError::refused)?;
    demo.chain
        .warp_seconds(after - demo.chain.unix_timestamp()?)?;
    let lamports = demo
        .chain
        .get_account(&dao_cover)?
        .map_or(0, |a| a.lamports);
    let expire = ix::cover_expire(&dao_cover, 4, &base, &erin.pubkey(), &pools_of(&cover));
    demo.chain.send(&[expire], deployer, &[])?;
    demo.say(format!(
        "cover_expire (sent by the deployer) releases its capacity and refunds {} of rent; active cover is now {}",
        sol(lamports),
        usdc(fetch::asset(&demo.chain, &base)?.active_cover(demo.chain.unix_timestamp()?).map_err(mutual_sdk::SdkError::refused)?)
    ))?;
    Ok((erin, lending_cover))
}
