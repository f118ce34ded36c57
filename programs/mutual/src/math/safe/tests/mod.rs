//! Unit tests of `math/safe.rs`.
use super::*;
use proptest::prelude::*;
use test_case::test_case;

#[test_case(10, 3, 4 => (7, 8); "fraction")]
#[test_case(10, 4, 5 => (8, 8); "exact")]
#[test_case(0, 7, 3 => (0, 0); "zero numerator")]
#[test_case(u64::MAX, u64::MAX, u64::MAX => (u64::MAX, u64::MAX); "u128 intermediate")]
fn rounding(a: u64, b: u64, c: u64) -> (u64, u64) {
    (mul_div_down(a, b, c).unwrap(), mul_div_up(a, b, c).unwrap())
}

#[test]
fn division_by_zero_is_an_error() {
    assert_eq!(
        mul_div_down(1, 1, 0).unwrap_err(),
        MutualError::MathOverflow.into()
    );
    assert_eq!(
        mul_div_up(1, 1, 0).unwrap_err(),
        MutualError::MathOverflow.into()
    );
}

#[test]
fn result_above_u64_is_an_error() {
    assert_eq!(
        mul_div_down(u64::MAX, 2, 1).unwrap_err(),
        MutualError::MathOverflow.into()
    );
    assert_eq!(
        u64::MAX.safe_add(1).unwrap_err(),
        MutualError::MathOverflow.into()
    );
    assert_eq!(
        0u64.safe_sub(1).unwrap_err(),
        MutualError::MathOverflow.into()
    );
}

proptest! {
    #[test]
    fn up_is_down_or_one_more(a: u64, b: u64, c in 1u64..) {
        if let (Ok(down), Ok(up)) = (mul_div_down(a, b, c), mul_div_up(a, b, c)) {
            let exact = (a as u128 * b as u128).is_multiple_of(c as u128);
            prop_assert_eq!(up, if exact { down } else { down + 1 });
        }
    }
}

proptest! {
    /// The u64 fast path and the u128 path agree: the result is the exact floor / ceiling of a · b / c.
    #[test]
    fn both_paths_match_the_u128_reference(a: u64, b: u64, c in 1u64..) {
        let product = u128::from(a) * u128::from(b);
        let floor = product / u128::from(c);
        let ceil = floor + u128::from(product % u128::from(c) != 0);
        prop_assert_eq!(mul_div_down(a, b, c).ok(), u64::try_from(floor).ok());
        prop_assert_eq!(mul_div_up(a, b, c).ok(), u64::try_from(ceil).ok());
    }

    #[test]
    fn small_products_take_the_u64_path_with_the_same_result(a in 0u64..1 << 32, b in 0u64..1 << 32, c in 1u64..) {
        let product = u128::from(a) * u128::from(b);
        prop_assert_eq!(mul_div_down(a, b, c).unwrap(), (product / u128::from(c)) as u64);
    }
}
