//! Times and days as pages show them.

/// `2026-11-24` from an RFC 3339 time.
pub fn short_day(time: &str) -> String {
    time.get(..10).unwrap_or(time).to_string()
}

/// `2026-11-24 22:20 UTC` from an RFC 3339 time in UTC.
pub fn short_time(time: &str) -> String {
    match (time.get(..10), time.get(11..16)) {
        (Some(day), Some(clock)) => format!("{day} {clock} UTC"),
        _ => time.to_string(),
    }
}
