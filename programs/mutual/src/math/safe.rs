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
mod tests;
