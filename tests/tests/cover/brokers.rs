//! Brokers: buying for another owner, and the commission to the unit.
use super::*;
use anchor_lang::prelude::Pubkey;
use mutual::errors::MutualError;
use mutual::instructions::CoverBuyArgs;
use mutual::math::Bps;
use mutual_sdk::{ix, Keypair, MutualEvent, Signer};

#[test]
fn a_broker_buys_for_a_non_member_and_the_commission_arrives_to_the_unit() {
    // Arrange: a broker (a member the authority marked) with a commission account
    let (f, m, broker) = one_pool();
    f.send_ok(
        &[ix::member_set_broker(
            &f.deployer().pubkey(),
            &broker.pubkey(),
            true,
        )],
        &[f.deployer()],
    );
    let customer = Keypair::new();
    let fees = f.new_wallet(1);
    let fees_account = f.faucet(&fees.pubkey(), 0);
    let before = usdc(&f, &broker.pubkey());
    let amount = 1_000 * USDC;
    let premium = premium_of(amount, 300, YEAR);
    let commission = premium * 1_250 / 10_000;
    let buy = |max_premium| {
        ix::cover_buy(
            &broker.pubkey(),
            m.product,
            0,
            &f.base_cover_asset(),
            &f.deployment().base_account(&broker.pubkey()),
            Some(fees_account),
            &m.pools,
            CoverBuyArgs {
                owner: customer.pubkey(),
                amount,
                period: YEAR as u32,
                max_premium,
                commission_bps: Bps(1_250),
            },
        )
    };

    // The premium limit covers the commission too
    f.send_err(
        &[buy(premium + commission - 1)],
        &[&broker],
        MutualError::PremiumTooHigh,
    );
    let receipt = f.send_ok(&[buy(premium + commission)], &[&broker]);

    // Assert
    assert_eq!(f.base_balance(&fees.pubkey()), commission);
    assert_eq!(commission, 3_750_000);
    assert_eq!(before - usdc(&f, &broker.pubkey()), premium + commission);
    let cover = f
        .cover(&mutual_sdk::cover::cover_address(m.product, 0))
        .unwrap();
    assert_eq!(
        (cover.owner, cover.buyer),
        (customer.pubkey(), broker.pubkey())
    );
    assert!(f.member(&customer.pubkey()).is_none());
    let MutualEvent::CoverBuyEvent(event) = only_event(&receipt) else {
        panic!("not a buy")
    };
    assert_eq!((event.premium, event.commission), (premium, commission));
}

#[test]
fn a_member_who_is_not_a_broker_cannot_buy_for_another_owner() {
    let (f, m, buyer) = one_pool();
    let mut ix = f.cover_buy_ix(&buyer.pubkey(), m.product, USDC, YEAR, u64::MAX, &m.pools);
    let args = CoverBuyArgs {
        owner: Pubkey::new_unique(),
        amount: USDC,
        period: YEAR as u32,
        max_premium: u64::MAX,
        commission_bps: Bps::ZERO,
    };
    ix.data = anchor_lang::InstructionData::data(&mutual::instruction::CoverBuy { args });
    f.send_err(&[ix], &[&buyer], MutualError::NotBroker);
}

#[test]
fn a_commission_above_the_maximum_or_without_its_account_is_refused() {
    let (f, m, buyer) = one_pool();
    let buy = |bps: u16, to: Option<Pubkey>| {
        ix::cover_buy(
            &buyer.pubkey(),
            m.product,
            0,
            &f.base_cover_asset(),
            &f.deployment().base_account(&buyer.pubkey()),
            to,
            &m.pools,
            CoverBuyArgs {
                owner: buyer.pubkey(),
                amount: USDC,
                period: YEAR as u32,
                max_premium: u64::MAX,
                commission_bps: Bps(bps),
            },
        )
    };
    let to = Some(f.deployment().base_account(&buyer.pubkey()));
    f.send_err(&[buy(3_001, to)], &[&buyer], MutualError::CommissionTooHigh);
    f.send_err(
        &[buy(100, None)],
        &[&buyer],
        MutualError::InvalidCommissionAccount,
    );
    f.send_err(
        &[buy(100, Some(f.deployment().base_vault))],
        &[&buyer],
        MutualError::DuplicateAccount,
    );
}
