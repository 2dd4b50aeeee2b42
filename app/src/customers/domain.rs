//! The rules of the customer list: how many a page shows, what a search may
//! be, which states and orders it offers, and what a row's roles amount to.
//! No I/O.
use serde::{Deserialize, Serialize};

/// Customers shown per page.
pub const PAGE_SIZE: u32 = 50;

/// A search counts its matches up to this many, then says "more than".
pub const SEARCH_COUNT_LIMIT: u64 = 1000;

/// "Expiring": a role in force ends within this many days.
pub const EXPIRING_DAYS: i64 = 30;

/// The filter by state of the list (`?state=`): one question each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StateFilter {
    /// At least one role in force: the partner can act for the customer.
    InForce,
    /// A role in force ends within [`EXPIRING_DAYS`] days and does not
    /// extend itself.
    Expiring,
    /// The customer removed at least one role.
    Removed,
    /// Roles were granted and none is in force, at least one having ended.
    Ended,
}

impl StateFilter {
    pub const ALL: [StateFilter; 4] = [
        StateFilter::InForce,
        StateFilter::Expiring,
        StateFilter::Removed,
        StateFilter::Ended,
    ];

    /// The value in the address.
    pub const fn as_query(self) -> &'static str {
        match self {
            StateFilter::InForce => "in-force",
            StateFilter::Expiring => "expiring",
            StateFilter::Removed => "removed",
            StateFilter::Ended => "ended",
        }
    }

    /// The filter an address names; `None` for an empty or unknown value
    /// (the page says it ignored an unknown one).
    pub fn parse(value: &str) -> Option<StateFilter> {
        Self::ALL.into_iter().find(|f| f.as_query() == value.trim())
    }
}

/// The order of the list (`?sort=`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortOrder {
    /// By the customer's name, whatever its case.
    #[default]
    Name,
    /// By the first end of a role not removed, soonest (or already past)
    /// first; customers whose roles do not end come last.
    Expires,
}

impl SortOrder {
    pub const ALL: [SortOrder; 2] = [SortOrder::Name, SortOrder::Expires];

    pub const fn as_query(self) -> &'static str {
        match self {
            SortOrder::Name => "name",
            SortOrder::Expires => "expires",
        }
    }

    /// The order an address names; `None` for an unknown value.
    pub fn parse(value: &str) -> Option<SortOrder> {
        Self::ALL.into_iter().find(|s| s.as_query() == value.trim())
    }
}

/// How many of a customer's roles are in force, removed by the customer,
/// and ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleCounts {
    pub in_force: u32,
    pub removed: u32,
    pub ended: u32,
}

/// What the list says of a customer's delegated admin privileges: the
/// truth of all its roles, not of the worst one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowState {
    /// Every role granted is in force.
    Active,
    /// Some roles are in force; the customer removed others.
    PartlyRemoved,
    /// Some roles are in force; others reached their end.
    PartlyEnded,
    /// None is in force and the customer removed some (or all).
    Removed,
    /// None is in force: they reached their end.
    Ended,
    /// The relationship was requested without privileges.
    NotGranted,
}

impl RoleCounts {
    pub fn total(self) -> u32 {
        self.in_force + self.removed + self.ended
    }

    pub fn state(self) -> RowState {
        match (self.in_force > 0, self.removed > 0, self.ended > 0) {
            (true, false, false) => RowState::Active,
            (true, true, _) => RowState::PartlyRemoved,
            (true, false, true) => RowState::PartlyEnded,
            (false, true, _) => RowState::Removed,
            (false, false, true) => RowState::Ended,
            (false, false, false) => RowState::NotGranted,
        }
    }
}

/// How many customers a list holds: exactly, or more than a bound (a
/// search stops counting at [`SEARCH_COUNT_LIMIT`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Total {
    Exactly(u64),
    MoreThan(u64),
}

impl Total {
    /// The total from a count that stopped after `limit + 1` matches.
    pub fn bounded(counted: u64, limit: u64) -> Total {
        if counted > limit {
            Total::MoreThan(limit)
        } else {
            Total::Exactly(counted)
        }
    }
}

/// `1,200` in English, `1 200` in French (a narrow no-break space).
pub fn group_digits(n: u64, separator: &str) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + 8);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

/// What a partner typed to find customers by name: any part of a name, in
/// any case, at least [`Search::MIN`] characters (the name index works on
/// three-letter pieces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search(String);

impl Search {
    pub const MIN: usize = 3;
    pub const MAX: usize = 100;

    /// `None` for an empty search (the whole list).
    pub fn parse(value: &str) -> Result<Option<Search>, kernel::error::Invalid> {
        use kernel::error::Invalid;
        use kernel::input::Field;
        let value = value.trim();
        let length = value.chars().count();
        if length == 0 {
            return Ok(None);
        }
        if length < Self::MIN {
            return Err(Invalid::TooShort {
                field: Field::Search,
                min: Self::MIN,
            });
        }
        if length > Self::MAX {
            return Err(Invalid::TooLong {
                field: Field::Search,
                max: Self::MAX,
            });
        }
        if value.chars().any(char::is_control) {
            return Err(Invalid::Malformed(Field::Search));
        }
        Ok(Some(Search(value.to_string())))
    }

    /// The text as one quoted FTS5 phrase: operators and quotes in it are
    /// plain characters.
    pub fn fts_query(&self) -> String {
        format!("\"{}\"", self.0.replace('"', "\"\""))
    }

    /// The text as an `ILIKE` pattern matching any name that contains it:
    /// `%`, `_` and `\\` in it are plain characters.
    pub fn like_pattern(&self) -> String {
        let mut pattern = String::with_capacity(self.0.len() + 2);
        pattern.push('%');
        for c in self.0.chars() {
            if matches!(c, '%' | '_' | '\\') {
                pattern.push('\\');
            }
            pattern.push(c);
        }
        pattern.push('%');
        pattern
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kernel::error::Invalid;
    use kernel::input::Field;

    #[test]
    fn a_row_states_what_all_its_roles_amount_to() {
        let counts = |in_force, removed, ended| RoleCounts {
            in_force,
            removed,
            ended,
        };
        assert_eq!(counts(4, 0, 0).state(), RowState::Active);
        // Fabrikam removed Helpdesk Administrator and kept three roles.
        assert_eq!(counts(3, 1, 0).state(), RowState::PartlyRemoved);
        assert_eq!(counts(3, 1, 1).state(), RowState::PartlyRemoved);
        assert_eq!(counts(2, 0, 2).state(), RowState::PartlyEnded);
        assert_eq!(counts(0, 4, 0).state(), RowState::Removed);
        assert_eq!(counts(0, 1, 3).state(), RowState::Removed);
        assert_eq!(counts(0, 0, 4).state(), RowState::Ended);
        assert_eq!(counts(0, 0, 0).state(), RowState::NotGranted);
        assert_eq!(counts(3, 1, 2).total(), 6);
    }

    #[test]
    fn only_known_states_and_orders_are_read_from_the_address() {
        for filter in StateFilter::ALL {
            assert_eq!(StateFilter::parse(filter.as_query()), Some(filter));
        }
        for sort in SortOrder::ALL {
            assert_eq!(SortOrder::parse(sort.as_query()), Some(sort));
        }
        for unknown in ["", "active", "IN-FORCE", "removed'--", "1"] {
            assert_eq!(StateFilter::parse(unknown), None, "{unknown}");
        }
        assert_eq!(SortOrder::parse("slug"), None);
    }

    #[test]
    fn totals_and_their_digits() {
        assert_eq!(Total::bounded(1000, 1000), Total::Exactly(1000));
        assert_eq!(Total::bounded(1001, 1000), Total::MoreThan(1000));
        assert_eq!(group_digits(0, ","), "0");
        assert_eq!(group_digits(999, ","), "999");
        assert_eq!(group_digits(1200, ","), "1,200");
        assert_eq!(group_digits(100_000, "\u{202f}"), "100\u{202f}000");
        assert_eq!(group_digits(1_234_567, ","), "1,234,567");
    }

    #[test]
    fn a_like_pattern_matches_the_text_anywhere_and_only_the_text() {
        let search = |text: &str| Search::parse(text).unwrap().unwrap();
        assert_eq!(search("Harbor").like_pattern(), "%Harbor%");
        assert_eq!(search("50%_off\\").like_pattern(), "%50\\%\\_off\\\\%");
    }

    #[test]
    fn a_search_is_three_to_a_hundred_characters_or_nothing() {
        assert_eq!(Search::parse("  "), Ok(None));
        assert_eq!(
            Search::parse("ab"),
            Err(Invalid::TooShort {
                field: Field::Search,
                min: 3
            })
        );
        assert!(Search::parse("abc").is_ok_and(|s| s.is_some()));
        assert_eq!(
            Search::parse(&"x".repeat(101)),
            Err(Invalid::TooLong {
                field: Field::Search,
                max: 100
            })
        );
        assert_eq!(
            Search::parse("a\0bc"),
            Err(Invalid::Malformed(Field::Search))
        );
    }

    #[test]
    fn a_search_is_one_quoted_phrase_whatever_it_holds() {
        let search = Search::parse(r#"Harbor" OR "x*"#).unwrap().unwrap();
        assert_eq!(search.fts_query(), r#""Harbor"" OR ""x*""#);
    }
}
