//! Unit tests of `state/product.rs`.
use super::*;
use crate::constants::DAY;
use test_case::test_case;

pub(crate) fn terms() -> ProductTerms {
    ProductTerms {
        risk_class: RiskClass::SmartContract,
        name: "Lending v3".into(),
        wording_hash: [7; 32],
        wording_uri: "ipfs://wording".into(),
        cover_assets: 0b1,
        grace_period: 30 * DAY as u32,
        capacity_reduction: Bps(0),
        initial_price: Bps(250),
        min_price: Bps(100),
        allowed_pools: vec![],
        deprecated: false,
        commit_reveal: false,
    }
}

#[test]
fn size_is_pinned() {
    assert_eq!(Product::SIZE, 8 + 343);
}

#[test]
fn valid_terms_pass() {
    terms().validate(1, 0).unwrap();
    let mut t = terms();
    t.allowed_pools = vec![0, 1, 2];
    t.cover_assets = 0b11;
    t.name = "x".repeat(MAX_PRODUCT_NAME_LEN);
    t.wording_uri = "u".repeat(MAX_WORDING_URI_LEN);
    t.grace_period = MAX_GRACE_PERIOD;
    t.capacity_reduction = Bps::ONE;
    t.initial_price = Bps::ONE;
    t.min_price = Bps(1);
    t.validate(2, 3).unwrap();
}

fn refused(t: ProductTerms, assets: u8, pools: u32) -> anchor_lang::error::Error {
    t.validate(assets, pools).unwrap_err()
}

#[test_case(|t| t.name.clear(), MutualError::InvalidProductName; "empty name")]
#[test_case(|t| t.name = "x".repeat(33), MutualError::InvalidProductName; "long name")]
#[test_case(|t| t.wording_uri.clear(), MutualError::InvalidWordingUri; "empty uri")]
#[test_case(|t| t.wording_uri = "u".repeat(129), MutualError::InvalidWordingUri; "long uri")]
#[test_case(|t| t.wording_hash = [0; 32], MutualError::InvalidWordingHash; "zero hash")]
#[test_case(|t| t.cover_assets = 0, MutualError::InvalidCoverAssets; "no asset")]
#[test_case(|t| t.cover_assets = 0b10, MutualError::InvalidCoverAssets; "unregistered asset")]
#[test_case(|t| t.grace_period = MAX_GRACE_PERIOD + 1, MutualError::InvalidGracePeriod; "long grace")]
#[test_case(|t| t.capacity_reduction = Bps(10_001), MutualError::InvalidCapacityReduction; "reduction")]
#[test_case(|t| t.min_price = Bps(0), MutualError::InvalidProductPrice; "zero min price")]
#[test_case(|t| t.initial_price = Bps(99), MutualError::InvalidProductPrice; "initial below min")]
#[test_case(|t| { t.initial_price = Bps(10_001); }, MutualError::InvalidProductPrice; "initial above 100%")]
#[test_case(|t| t.allowed_pools = vec![0; 9], MutualError::TooManyAllowedPools; "nine pools")]
#[test_case(|t| t.allowed_pools = vec![3], MutualError::UnknownPool; "unknown pool")]
#[test_case(|t| t.allowed_pools = vec![1, 2, 1], MutualError::DuplicatePool; "duplicate pool")]
fn bad_terms_are_refused(change: fn(&mut ProductTerms), err: MutualError) {
    let mut t = terms();
    change(&mut t);
    assert_eq!(refused(t, 1, 3), err.into());
}

#[test]
fn every_registered_asset_bit_is_accepted_with_eight_assets() {
    let mut t = terms();
    t.cover_assets = u8::MAX;
    t.validate(8, 0).unwrap();
    assert_eq!(refused(t, 7, 0), MutualError::InvalidCoverAssets.into());
}

#[test]
fn an_empty_allow_list_is_open_to_every_pool() {
    let mut p = Product::deserialize(&mut &[0u8; Product::INIT_SPACE][..]).unwrap();
    p.init(254, 3, terms(), 10);
    assert!(p.allows_pool(0) && p.allows_pool(u32::MAX));
    let mut t = terms();
    t.allowed_pools = vec![4, 9];
    t.deprecated = true;
    p.update(t, 20);
    assert!(p.allows_pool(9) && !p.allows_pool(5));
    assert_eq!(
        p.require_not_deprecated().unwrap_err(),
        MutualError::ProductDeprecated.into()
    );
    assert_eq!(
        (p.id, p.created_at, p.updated_at, p.next_cover_seq),
        (3, 10, 20, 0)
    );
}

#[test]
fn the_invariant_holds_the_terms_to_their_bounds() {
    let mut p = Product::deserialize(&mut &[0u8; Product::INIT_SPACE][..]).unwrap();
    p.init(1, 0, terms(), 5);
    p.invariant().unwrap();
    p.terms.min_price = Bps(p.terms.initial_price.0 + 1);
    assert_eq!(
        p.invariant().unwrap_err(),
        MutualError::InvalidProductPrice.into()
    );
}
