use crate::errors::MutualError;
use anchor_lang::prelude::*;

/// Checked arithmetic that fails with `MutualError::MathOverflow` instead of wrapping or panicking.
pub trait SafeMath: Sized {
    fn safe_add(self, rhs: Self) -> Result<Self>;
    fn safe_sub(self, rhs: Self) -> Result<Self>;
    fn safe_mul(self, rhs: Self) -> Result<Self>;
    fn safe_div(self, rhs: Self) -> Result<Self>;
}

macro_rules! impl_safe_math {
    ($($t:ty),*) => {$(
        impl SafeMath for $t {
            #[track_caller]
            fn safe_add(self, rhs: Self) -> Result<Self> {
                self.checked_add(rhs).ok_or_else(|| error!(MutualError::MathOverflow))
            }
            #[track_caller]
            fn safe_sub(self, rhs: Self) -> Result<Self> {
                self.checked_sub(rhs).ok_or_else(|| error!(MutualError::MathOverflow))
            }
            #[track_caller]
            fn safe_mul(self, rhs: Self) -> Result<Self> {
                self.checked_mul(rhs).ok_or_else(|| error!(MutualError::MathOverflow))
            }
            #[track_caller]
            fn safe_div(self, rhs: Self) -> Result<Self> {
                self.checked_div(rhs).ok_or_else(|| error!(MutualError::MathOverflow))
            }
        }
    )*};
}
impl_safe_math!(u64, u128, i64);

/// `a · b / c`, rounded down, with a u128 intermediate. Fails on `c == 0` or a result above u64::MAX.
pub fn mul_div_down(a: u64, b: u64, c: u64) -> Result<u64> {
    let q = (a as u128).safe_mul(b as u128)?.safe_div(c as u128)?;
    u64::try_from(q).map_err(|_| error!(MutualError::MathOverflow))
}

/// `a · b / c`, rounded up, with a u128 intermediate. Fails on `c == 0` or a result above u64::MAX.
pub fn mul_div_up(a: u64, b: u64, c: u64) -> Result<u64> {
    let c = c as u128;
    let product = (a as u128).safe_mul(b as u128)?;
    let q = product.safe_div(c)?;
    let q = if product % c == 0 { q } else { q.safe_add(1)? };
    u64::try_from(q).map_err(|_| error!(MutualError::MathOverflow))
}

#[cfg(test)]
mod tests {
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
}
