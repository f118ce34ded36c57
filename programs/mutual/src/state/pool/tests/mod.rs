//! Unit tests of `state/pool.rs`.
use super::*;

#[test]
fn size_is_pinned() {
    assert_eq!(Pool::SIZE, Pool::SIZE);
}
