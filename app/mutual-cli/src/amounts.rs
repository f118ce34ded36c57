//! Amounts as people type them: tokens of the asset, as the Solana and SPL Token CLIs take them (`1000`,
//! `1000.5`), parsed exactly (never through a float); with `--base-units`, the mint's smallest units. More
//! decimals than the mint has, a negative amount, or one beyond u64 is refused with a message saying so.
use crate::{CliError, Result};

/// An amount as typed; what it means depends on the mint's decimals and `--base-units`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenAmount(pub String);

impl std::str::FromStr for TokenAmount {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> std::result::Result<Self, Self::Err> {
        Ok(TokenAmount(text.to_string()))
    }
}

impl std::fmt::Display for TokenAmount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TokenAmount {
    /// The amount in base units of a mint with `decimals`: tokens by default, base units with `base_units`.
    /// `flag` names the option in errors.
    pub fn units(&self, decimals: u8, base_units: bool, flag: &str) -> Result<u64> {
        parse(&self.0, decimals, base_units)
            .map_err(|why| CliError::Usage(format!("{flag} {}: {why}", self.0)))
    }
}

/// `text` in base units: tokens with up to `decimals` decimals, or with `base_units` a whole number of base
/// units.
pub fn parse(text: &str, decimals: u8, base_units: bool) -> std::result::Result<u64, String> {
    let text = text.trim();
    if text.starts_with('-') {
        return Err("amounts cannot be negative".into());
    }
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let too_large = || format!("too large (at most {} base units)", u64::MAX);
    if base_units {
        if !digits(text) {
            return Err("with --base-units, a whole number of base units".into());
        }
        return text.parse().map_err(|_| too_large());
    }
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };
    if !digits(whole) || fraction.is_some_and(|f| !digits(f)) {
        return Err(
            "expected tokens, e.g. 1000 or 1000.5 (or base units with --base-units)".into(),
        );
    }
    let fraction = fraction.unwrap_or_default();
    if fraction.len() > usize::from(decimals) {
        return Err(format!(
            "more decimals than the token has ({decimals}); with --base-units, amounts are base units"
        ));
    }
    let scale = 10u64
        .checked_pow(u32::from(decimals))
        .ok_or_else(too_large)?;
    let whole: u64 = whole.parse().map_err(|_| too_large())?;
    let fraction: u64 = if fraction.is_empty() {
        0
    } else {
        format!("{fraction:0<width$}", width = usize::from(decimals))
            .parse()
            .map_err(|_| too_large())?
    };
    whole
        .checked_mul(scale)
        .and_then(|w| w.checked_add(fraction))
        .ok_or_else(too_large)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tokens_parse_exactly_to_base_units() {
        assert_eq!(parse("1000", 6, false), Ok(1_000_000_000));
        assert_eq!(parse("1000.5", 6, false), Ok(1_000_500_000));
        assert_eq!(parse("0.000001", 6, false), Ok(1));
        assert_eq!(parse("0.1", 9, false), Ok(100_000_000));
        assert_eq!(parse(" 7 ", 0, false), Ok(7));
        assert_eq!(parse("1000000", 6, true), Ok(1_000_000));
        assert_eq!(parse("18446744073709551615", 0, true), Ok(u64::MAX));
        assert_eq!(parse("18446744073709.551615", 6, false), Ok(u64::MAX));
    }

    #[test]
    fn what_cannot_be_an_amount_says_why() {
        assert_eq!(
            parse("-5", 6, false),
            Err("amounts cannot be negative".into())
        );
        assert_eq!(
            parse("-5", 6, true),
            Err("amounts cannot be negative".into())
        );
        assert!(parse("1.0000001", 6, false)
            .unwrap_err()
            .starts_with("more decimals"));
        assert!(parse("1.5", 6, true)
            .unwrap_err()
            .starts_with("with --base-units"));
        assert!(parse("18446744073709.551616", 6, false)
            .unwrap_err()
            .starts_with("too large"));
        assert!(parse("18446744073709551616", 0, true)
            .unwrap_err()
            .starts_with("too large"));
        for bad in ["", ".", "1.", ".5", "1e6", "1,000", "0x10", "1.2.3", "abc"] {
            assert!(parse(bad, 6, false).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_flag_is_named_in_the_error() {
        let err = TokenAmount("-5".into())
            .units(6, false, "--amount")
            .unwrap_err();
        assert_eq!(err.to_string(), "--amount -5: amounts cannot be negative");
    }

    proptest! {
        #[test]
        fn base_units_printed_as_tokens_parse_back(units in any::<u64>(), decimals in 0u8..=9) {
            let text = crate::output::units(units, decimals);
            prop_assert_eq!(parse(&text, decimals, false), Ok(units));
            let trimmed = crate::output::ui_amount_string(units, decimals);
            prop_assert_eq!(parse(&trimmed, decimals, false), Ok(units));
        }
    }
}
