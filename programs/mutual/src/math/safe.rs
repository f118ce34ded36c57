use crate::errors::MutualError;
use anchor_lang::prelude::*;

/// Checked arithmetic that fails with `MutualError::MathOverflow` instead of wrapping or panicking. The error
/// logs where the operation was written (`#[track_caller]`, as Drift's `SafeMath` does), so an overflow in a
/// handler names its line even though the error is raised here.
pub trait SafeMath: Sized {
    fn safe_add(self, rhs: Self) -> Result<Self>;
    fn safe_sub(self, rhs: Self) -> Result<Self>;
    fn safe_mul(self, rhs: Self) -> Result<Self>;
    fn safe_div(self, rhs: Self) -> Result<Self>;
}

/// The overflow error, after logging (on chain) the location of the `safe_*` call that failed. Off chain the
/// same math runs in SDK quotes, where a log line would go to stdout and corrupt a CLI's JSON output.
#[track_caller]
#[inline(never)]
fn overflow() -> anchor_lang::error::Error {
    #[cfg(target_os = "solana")]
    {
        let caller = core::panic::Location::caller();
        msg!("Math overflow at {}:{}", caller.file(), caller.line());
    }
    error!(MutualError::MathOverflow)
}

macro_rules! impl_safe_math {
    ($($t:ty),*) => {$(
        impl SafeMath for $t {
            #[track_caller]
            fn safe_add(self, rhs: Self) -> Result<Self> {
                match self.checked_add(rhs) { Some(v) => Ok(v), None => Err(overflow()) }
            }
            #[track_caller]
            fn safe_sub(self, rhs: Self) -> Result<Self> {
                match self.checked_sub(rhs) { Some(v) => Ok(v), None => Err(overflow()) }
            }
            #[track_caller]
            fn safe_mul(self, rhs: Self) -> Result<Self> {
                match self.checked_mul(rhs) { Some(v) => Ok(v), None => Err(overflow()) }
            }
            #[track_caller]
            fn safe_div(self, rhs: Self) -> Result<Self> {
                match self.checked_div(rhs) { Some(v) => Ok(v), None => Err(overflow()) }
            }
        }
    )*};
}
impl_safe_math!(u32, u64, u128, i64);

/// `a · b / c`, rounded down, with a u128 intermediate. Fails on `c == 0` or a result above u64::MAX.
///
/// SBF has no 128-bit division instruction: a u128 division is a software routine of several hundred CU, so the
/// u64 path (one native division) is taken whenever the product fits in 64 bits. Both paths give the same result.
#[track_caller]
pub fn mul_div_down(a: u64, b: u64, c: u64) -> Result<u64> {
    if c == 0 {
        return Err(overflow());
    }
    if let Some(product) = a.checked_mul(b) {
        return Ok(product / c);
    }
    let q = u128::from(a).safe_mul(u128::from(b))? / u128::from(c);
    match u64::try_from(q) {
        Ok(v) => Ok(v),
        Err(_) => Err(overflow()),
    }
}

/// `a · b / c`, rounded up, with a u128 intermediate. Fails on `c == 0` or a result above u64::MAX. Takes the u64
/// path when it can, like [`mul_div_down`].
#[track_caller]
pub fn mul_div_up(a: u64, b: u64, c: u64) -> Result<u64> {
    if c == 0 {
        return Err(overflow());
    }
    if let Some(product) = a.checked_mul(b) {
        let q = product / c;
        return if product % c == 0 {
            Ok(q)
        } else {
            q.safe_add(1)
        };
    }
    let c = u128::from(c);
    let product = u128::from(a).safe_mul(u128::from(b))?;
    let q = product / c;
    let q = if product % c == 0 { q } else { q.safe_add(1)? };
    match u64::try_from(q) {
        Ok(v) => Ok(v),
        Err(_) => Err(overflow()),
    }
}

#[cfg(test)]
mod tests;
