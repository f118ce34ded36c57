//! Auto-renewal: the owner's cap and token approval, the crank, and the cover's own pools.
use super::*;
use anchor_lang::prelude::Pubkey;
use mutual::errors::MutualError;
use mutual_sdk::{ix, pda, spl, MutualEvent, Signer};

fn approve_ix(
    f: &TestFixture,
    owner: &Pubkey,
    amount: u64,
) -> anchor_lang::solana_program::instruction::Instruction {
    spl::approve(
        &f.deployment().base_token_program,
        &f.deployment().base_account(owner),
        &pda::config().0,
        owner,
        amount,
    )
    .unwrap()
}

fn auto_renew_ix(
    f: &TestFixture,
    cranker: &Pubkey,
    owner: &Pubkey,
    m: &CoverMarket,
) -> anchor_lang::solana_program::instruction::Instruction {
    f.auto_renew_ix(cranker, owner, m.product, 0, &m.pools)
}

#[test]
fn auto_renewal_within_the_cap_then_above_it_then_after_cancel() {
    // Arrange: a 60-day cover; the owner allows renewals up to 5 USDC and approves the config PDA for it
    let (f, m, buyer) = one_pool();
    let cover = f.buy_cover(&buyer, m.product, 1_000 * USDC, 60 * DAY, &m.pools);
    let premium = premium_of(1_000 * USDC, 300, 60 * DAY);
    assert_eq!(premium, 4_931_507);
    f.send_ok(
        &[
            approve_ix(&f, &buyer.pubkey(), 5 * USDC),
            ix::cover_auto_renew_set(&buyer.pubkey(), &cover, 5 * USDC),
        ],
        &[&buyer],
    );
    assert_eq!(f.cover(&cover).unwrap().renew_max_premium, 5 * USDC);
    let cranker = f.new_wallet(1);

    // Before the window the crank is refused
    f.send_err(
        &[auto_renew_ix(&f, &cranker.pubkey(), &buyer.pubkey(), &m)],
        &[&cranker],
        MutualError::RenewalWindowClosed,
    );

    // Act: within the last 7 days anyone cranks it, and the owner pays from the approved account
    let end = f.cover(&cover).unwrap().end().unwrap();
    f.warp_seconds(end - f.now() - DAY);
    let before = usdc(&f, &buyer.pubkey());
    let receipt = f.send_ok(
        &[auto_renew_ix(&f, &cranker.pubkey(), &buyer.pubkey(), &m)],
        &[&cranker],
    );

    // Assert
    assert_eq!(before - usdc(&f, &buyer.pubkey()), premium);
    let renewed = f.cover(&cover).unwrap();
    assert_eq!((renewed.start, renewed.premium), (end, premium));
    let MutualEvent::CoverRenewEvent(event) = only_event(&receipt) else {
        panic!("not a renewal")
    };
    assert!(event.automatic);
    assert_eq!(event.by, cranker.pubkey());
    let account =
        mutual_sdk::fetch::token_account(&f.chain, &f.deployment().base_account(&buyer.pubkey()))
            .unwrap()
            .unwrap();
    assert_eq!(account.delegated_amount, 5 * USDC - premium);

    // Above the cap: the next renewal (at a bumped price) costs more than the 5 USDC cap allows
    let end = renewed.end().unwrap();
    f.warp_seconds(end - f.now() - DAY);
    f.send_ok(
        &[ix::cover_auto_renew_set(
            &buyer.pubkey(),
            &cover,
            premium - 1,
        )],
        &[&buyer],
    );
    f.send_err_unchanged(
        &[auto_renew_ix(&f, &cranker.pubkey(), &buyer.pubkey(), &m)],
        &[&cranker],
        MutualError::RenewPremiumAboveCap,
        &[cover, f.deployment().base_vault],
    );

    // After cancel: refused
    f.send_ok(
        &[ix::cover_auto_renew_cancel(&buyer.pubkey(), &cover)],
        &[&buyer],
    );
    f.send_err(
        &[auto_renew_ix(&f, &cranker.pubkey(), &buyer.pubkey(), &m)],
        &[&cranker],
        MutualError::AutoRenewOff,
    );
}

#[test]
fn auto_renewal_without_the_approval_or_on_changed_wording_is_refused() {
    let (f, m, buyer) = one_pool();
    let cover = f.buy_cover(&buyer, m.product, 1_000 * USDC, 60 * DAY, &m.pools);
    f.send_ok(
        &[ix::cover_auto_renew_set(&buyer.pubkey(), &cover, 10 * USDC)],
        &[&buyer],
    );
    let end = f.cover(&cover).unwrap().end().unwrap();
    f.warp_seconds(end - f.now() - DAY);
    let cranker = f.new_wallet(1);
    // No approval at all
    f.send_err_unchanged(
        &[auto_renew_ix(&f, &cranker.pubkey(), &buyer.pubkey(), &m)],
        &[&cranker],
        MutualError::RenewNotApproved,
        &[cover],
    );
    // An approval below the premium
    f.send_ok(&[approve_ix(&f, &buyer.pubkey(), USDC)], &[&buyer]);
    f.send_err(
        &[auto_renew_ix(&f, &cranker.pubkey(), &buyer.pubkey(), &m)],
        &[&cranker],
        MutualError::RenewNotApproved,
    );
    // The approval revoked
    f.send_ok(&[approve_ix(&f, &buyer.pubkey(), 10 * USDC)], &[&buyer]);
    let revoke = spl::revoke(
        &f.deployment().base_token_program,
        &f.deployment().base_account(&buyer.pubkey()),
        &buyer.pubkey(),
    )
    .unwrap();
    f.send_ok(&[revoke], &[&buyer]);
    f.send_err(
        &[auto_renew_ix(&f, &cranker.pubkey(), &buyer.pubkey(), &m)],
        &[&cranker],
        MutualError::RenewNotApproved,
    );
    // New wording: the owner must renew by hand to accept it
    f.send_ok(&[approve_ix(&f, &buyer.pubkey(), 10 * USDC)], &[&buyer]);
    let mut terms = f.product(m.product).terms;
    terms.wording_hash = [0xCD; 32];
    f.send_ok(
        &[ix::product_update(&f.deployer().pubkey(), m.product, terms)],
        &[f.deployer()],
    );
    f.send_err(
        &[auto_renew_ix(&f, &cranker.pubkey(), &buyer.pubkey(), &m)],
        &[&cranker],
        MutualError::WordingChanged,
    );
}

#[test]
fn security_has_one_auto_renewal_cannot_charge_another_wallets_approved_account() {
    // A victim approved the config PDA on their USDC; the attacker's own cover has auto-renew on.
    let (f, m, attacker) = one_pool();
    let victim = f.with_funded_member(1_000 * USDC);
    f.send_ok(
        &[approve_ix(&f, &victim.pubkey(), 1_000 * USDC)],
        &[&victim],
    );
    let cover = f.buy_cover(&attacker, m.product, 1_000 * USDC, 60 * DAY, &m.pools);
    f.send_ok(
        &[ix::cover_auto_renew_set(
            &attacker.pubkey(),
            &cover,
            100 * USDC,
        )],
        &[&attacker],
    );
    let end = f.cover(&cover).unwrap().end().unwrap();
    f.warp_seconds(end - f.now() - DAY);
    f.send_err_unchanged(
        &[auto_renew_ix(&f, &attacker.pubkey(), &victim.pubkey(), &m)],
        &[&attacker],
        MutualError::NotCoverOwner,
        &[f.deployment().base_account(&victim.pubkey()), cover],
    );
}

#[test]
fn auto_renewal_uses_the_covers_own_pools_in_order() {
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("Own", &[(100, 300, 1_000), (100, 900, 1_000)]);
    let buyer = f.with_funded_member(100_000 * USDC);
    let cover = f.buy_cover(&buyer, m.product, 1_000 * USDC, 60 * DAY, &m.pools[..1]);
    f.send_ok(
        &[
            approve_ix(&f, &buyer.pubkey(), 100 * USDC),
            ix::cover_auto_renew_set(&buyer.pubkey(), &cover, 100 * USDC),
        ],
        &[&buyer],
    );
    let end = f.cover(&cover).unwrap().end().unwrap();
    f.warp_seconds(end - f.now() - DAY);
    let cranker = f.new_wallet(1);
    let expensive = CoverMarket {
        product: m.product,
        pools: vec![m.pools[1]],
        managers: vec![],
    };
    f.send_err(
        &[auto_renew_ix(
            &f,
            &cranker.pubkey(),
            &buyer.pubkey(),
            &expensive,
        )],
        &[&cranker],
        MutualError::CoverPoolsMismatch,
    );
}
