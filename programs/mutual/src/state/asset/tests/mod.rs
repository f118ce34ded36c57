//! Unit tests of `state/asset.rs`.
use super::*;

#[test]
fn size_is_pinned() {
    assert_eq!(Asset::SIZE, 8 + 215);
}

fn asset(index: u8) -> Asset {
    let mut a = Asset::try_from_slice(&[0u8; Asset::INIT_SPACE]).unwrap();
    let feed = (index > 0).then_some([7u8; 32]);
    a.init(
        1,
        2,
        index,
        Pubkey::new_unique(),
        9,
        Pubkey::new_unique(),
        Pubkey::new_unique(),
        feed,
        true,
        1_000,
        172_800,
    )
    .unwrap();
    a
}

#[test]
fn the_base_asset_is_worth_itself_and_others_need_a_recorded_price() {
    assert_eq!(asset(0).to_base(123, Side::Capital).unwrap(), 123);
    let mut wsol = asset(1);
    assert_eq!(
        wsol.to_base(1, Side::Capital).unwrap_err(),
        MutualError::AssetNotPriced.into()
    );
    // $150 ± 0.15 per SOL into 6-decimal USDC
    let price =
        AssetPrice::from_pyth(15_000_000_000, 15_000_000, -8, 9, 6, crate::math::Bps(200)).unwrap();
    wsol.record_price(price, 1_700_000_000);
    assert_eq!(
        wsol.to_base(1_000_000_000, Side::Capital).unwrap(),
        149_850_000
    );
    assert_eq!(
        wsol.to_base(1_000_000_000, Side::Liability).unwrap(),
        150_150_000
    );
    assert_eq!(wsol.price_published_at, 1_700_000_000);
}

#[test]
fn a_new_asset_counts_as_capital_only_after_its_delay_and_keeps_its_feed() {
    let mut wsol = asset(1);
    assert_eq!(wsol.valued_from, 1_000 + 172_800);
    let price = AssetPrice::from_pyth(100_000_000, 0, -8, 9, 6, crate::math::Bps(200)).unwrap();
    wsol.record_price(price, 1_000);
    assert_eq!(wsol.capital_value(1_000_000_000, 173_799).unwrap(), 0);
    assert_eq!(
        wsol.capital_value(1_000_000_000, 173_800).unwrap(),
        1_000_000
    );
    assert_eq!(asset(0).valued_from, 0);
    assert_eq!(
        wsol.update(true, false, Some([8; 32])).unwrap_err(),
        MutualError::PriceFeedFixed.into()
    );
    wsol.update(false, true, Some([7; 32])).unwrap();
}
