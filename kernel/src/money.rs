//! Money: whole cents in an `i64`, never a float, in the one currency the
//! catalog prices in.
use crate::input::{Field, Invalid};

/// `1234` cents as `12.34`.
pub fn format_cents(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.abs();
    format!("{sign}{}.{:02}", cents / 100, cents % 100)
}

/// `36.00 USD` from cents.
pub fn money(cents: i64) -> String {
    format!("{} USD", format_cents(cents))
}

/// Prices of the catalog are at most this many cents (1 000 000.00 USD).
pub const MAX_PRICE_CENTS: i64 = 100_000_000;

/// A monthly unit price typed by an operator, `36`, `36.5` or `36.50`, in
/// cents. Never through a float.
pub fn parse_price(value: &str) -> Result<i64, Invalid> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Invalid::Missing(Field::Price));
    }
    if value.ends_with('.') {
        return Err(Invalid::Malformed(Field::Price));
    }
    let (units, cents) = value.split_once('.').unwrap_or((value, ""));
    let digits = |s: &str| !s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(units) || !(cents.is_empty() || (cents.len() <= 2 && digits(cents))) {
        return Err(Invalid::Malformed(Field::Price));
    }
    let units: i64 = units
        .parse()
        .map_err(|_| Invalid::Malformed(Field::Price))?;
    let cents: i64 = match cents.len() {
        0 => 0,
        1 => {
            cents
                .parse::<i64>()
                .map_err(|_| Invalid::Malformed(Field::Price))?
                * 10
        }
        _ => cents
            .parse()
            .map_err(|_| Invalid::Malformed(Field::Price))?,
    };
    let total = units * 100 + cents;
    if total > MAX_PRICE_CENTS {
        return Err(Invalid::Malformed(Field::Price));
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_are_written_with_two_decimals_and_the_currency() {
        assert_eq!(format_cents(123_456), "1234.56");
        assert_eq!(format_cents(5), "0.05");
        assert_eq!(format_cents(-250), "-2.50");
        assert_eq!(money(3600), "36.00 USD");
    }

    #[test]
    fn prices_are_read_to_the_cent_without_floats() {
        assert_eq!(parse_price("36"), Ok(3600));
        assert_eq!(parse_price(" 36.5 "), Ok(3650));
        assert_eq!(parse_price("0.07"), Ok(7));
        assert_eq!(parse_price("1000000.00"), Ok(MAX_PRICE_CENTS));
        assert_eq!(parse_price(""), Err(Invalid::Missing(Field::Price)));
        for bad in [
            "-1",
            "1.234",
            "1,50",
            "abc",
            ".5",
            "5.",
            "1e3",
            "1000000.01",
            "NaN",
        ] {
            assert_eq!(
                parse_price(bad),
                Err(Invalid::Malformed(Field::Price)),
                "{bad}"
            );
        }
    }
}
