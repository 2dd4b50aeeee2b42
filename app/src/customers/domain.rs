//! The rules of the customer list: how many a page shows, what a search may be. No I/O.

/// Customers shown per page.
pub const PAGE_SIZE: u32 = 50;

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
