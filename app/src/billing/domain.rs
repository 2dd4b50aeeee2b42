//! Invoices (R11): a partner is billed, month by month, for the stretches of
//! time during which it was partner of record, prorated by day. No I/O.
use serde::{Deserialize, Serialize};
use time::{Date, Month};

use super::InvoiceLine;

/// A calendar month, `2026-11`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct YearMonth {
    pub year: i32,
    pub month: u8,
}

impl YearMonth {
    /// From `YYYY-MM`.
    pub fn parse(value: &str) -> Option<Self> {
        let (year, month) = value.trim().split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let month: u8 = month.parse().ok()?;
        ((1..=12).contains(&month) && (2000..=9999).contains(&year))
            .then_some(YearMonth { year, month })
    }

    pub fn of(day: Date) -> Self {
        YearMonth {
            year: day.year(),
            month: day.month() as u8,
        }
    }

    /// The first day of the month.
    pub fn first_day(self) -> Date {
        let month = Month::try_from(self.month).unwrap_or(Month::January);
        Date::from_calendar_date(self.year, month, 1).unwrap_or(Date::MIN)
    }

    /// The first day of the next month.
    pub fn next(self) -> Self {
        if self.month == 12 {
            YearMonth {
                year: self.year + 1,
                month: 1,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn days(self) -> i64 {
        (self.next().first_day() - self.first_day()).whole_days()
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A stretch of days with one partner of record, offer, quantity and price:
/// `starts_on` is the first day billed, `ends_on` the day after the last
/// (`None` while it runs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub customer: String,
    pub offer: String,
    pub addon: bool,
    pub quantity: i64,
    pub unit_price_cents: i64,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
}

/// `unit × quantity × days / days_in_month`, rounded to the nearest cent
/// (halves up). Integer arithmetic: no float ever touches money.
pub fn prorate(unit_price_cents: i64, quantity: i64, days: i64, days_in_month: i64) -> i64 {
    if days_in_month <= 0 {
        return 0;
    }
    let numerator = unit_price_cents * quantity * days;
    (2 * numerator + days_in_month) / (2 * days_in_month)
}

/// The lines of `month`'s invoice from the partner's periods, up to and
/// including `today` for the month in progress; periods outside the month
/// give no line.
pub fn invoice_lines(month: YearMonth, today: Date, periods: &[Period]) -> Vec<InvoiceLine> {
    let first = month.first_day();
    let after = month.next().first_day();
    let days_in_month = month.days();
    let mut lines: Vec<InvoiceLine> = periods
        .iter()
        .filter_map(|period| {
            let start = period.starts_on.max(first);
            let mut end = period.ends_on.unwrap_or(after).min(after);
            if period.ends_on.is_none() {
                end = end.min(today.next_day().unwrap_or(today));
            }
            let days = (end - start).whole_days();
            (days > 0).then(|| InvoiceLine {
                customer: period.customer.clone(),
                offer: period.offer.clone(),
                addon: period.addon,
                quantity: period.quantity,
                unit_price_cents: period.unit_price_cents,
                from: start.to_string(),
                to: end.previous_day().unwrap_or(end).to_string(),
                days,
                amount_cents: prorate(
                    period.unit_price_cents,
                    period.quantity,
                    days,
                    days_in_month,
                ),
            })
        })
        .collect();
    lines.sort_by(|a, b| {
        (&a.customer, &a.from, a.addon, &a.offer).cmp(&(&b.customer, &b.from, b.addon, &b.offer))
    });
    lines
}

/// One CSV field, quoted when it holds a separator, a quote or a line break,
/// and defused when a spreadsheet would read it as a formula.
pub fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// Only partners open the billing page or its CSV; which of them are
/// billed is then `subscriptions::may_transact` (advisors and helpdesk
/// agents are told why not).
pub fn may_open_billing(user: &crate::auth::CurrentUser) -> bool {
    user.organization.kind.is_partner()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn period(quantity: i64, price: i64, starts: Date, ends: Option<Date>) -> Period {
        Period {
            customer: "Fabrikam".into(),
            offer: "Microsoft 365 E3".into(),
            addon: false,
            quantity,
            unit_price_cents: price,
            starts_on: starts,
            ends_on: ends,
        }
    }

    #[test]
    fn months_parse_and_count_their_days() {
        let nov = YearMonth::parse("2026-11").expect("month");
        assert_eq!(nov.days(), 30);
        assert_eq!(YearMonth::parse("2028-02").map(YearMonth::days), Some(29));
        assert_eq!(
            YearMonth::parse("2026-12")
                .map(|m| m.next().to_string())
                .as_deref(),
            Some("2027-01")
        );
        for bad in ["2026-13", "2026-1", "26-11", "", "2026/11", "x-y"] {
            assert_eq!(YearMonth::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn proration_is_by_day_and_rounds_halves_up() {
        // A full month costs the unit price times the seats.
        assert_eq!(prorate(3600, 10, 30, 30), 36_000);
        // 10 seats at 12.50 for 15 days of 30: half.
        assert_eq!(prorate(1250, 10, 15, 30), 6_250);
        // 1 seat at 10.00 for 1 day of 31: 32.258… cents → 32.
        assert_eq!(prorate(1000, 1, 1, 31), 32);
        // 1 seat at 0.01 for 15 days of 30: half a cent → 1.
        assert_eq!(prorate(1, 1, 15, 30), 1);
    }

    #[test]
    fn a_seat_change_mid_month_bills_each_stretch_at_its_seats() {
        let month = YearMonth::parse("2026-11").expect("month");
        let periods = [
            period(10, 3000, date!(2026 - 10 - 20), Some(date!(2026 - 11 - 16))),
            period(20, 3000, date!(2026 - 11 - 16), None),
        ];
        let lines = invoice_lines(month, date!(2026 - 12 - 05), &periods);
        assert_eq!(lines.len(), 2);
        assert_eq!((lines[0].days, lines[0].amount_cents), (15, 15_000));
        assert_eq!(
            (lines[0].from.as_str(), lines[0].to.as_str()),
            ("2026-11-01", "2026-11-15")
        );
        assert_eq!((lines[1].days, lines[1].amount_cents), (15, 30_000));
        assert_eq!(lines[1].to, "2026-11-30");
    }

    #[test]
    fn the_month_in_progress_is_billed_up_to_today() {
        let month = YearMonth::parse("2026-11").expect("month");
        let lines = invoice_lines(
            month,
            date!(2026 - 11 - 25),
            &[period(3, 1000, date!(2026 - 11 - 25), None)],
        );
        assert_eq!(lines.len(), 1);
        assert_eq!((lines[0].days, lines[0].amount_cents), (1, 100));
    }

    #[test]
    fn periods_outside_the_month_give_no_line() {
        let month = YearMonth::parse("2026-11").expect("month");
        let periods = [
            period(1, 1000, date!(2026 - 09 - 01), Some(date!(2026 - 11 - 01))),
            period(1, 1000, date!(2026 - 12 - 01), None),
            // Opened and closed the same day: nothing to bill.
            period(1, 1000, date!(2026 - 11 - 10), Some(date!(2026 - 11 - 10))),
        ];
        assert!(invoice_lines(month, date!(2026 - 12 - 20), &periods).is_empty());
    }

    #[test]
    fn csv_fields_are_written_safely() {
        assert_eq!(csv_field("Fabrikam"), "Fabrikam");
        assert_eq!(csv_field("A, \"B\""), "\"A, \"\"B\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    }
}
