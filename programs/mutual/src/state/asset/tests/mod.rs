//! Unit tests of `state/asset.rs`.
use super::*;

#[test]
fn size_is_pinned() {
    assert_eq!(Asset::SIZE, 8 + 215);
}
