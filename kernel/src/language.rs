//! The languages Liaison speaks, for what the kernel names itself in each
//! (the cloud's role names). Pages and email choose one from the reader's
//! locale; the REST API and CSV exports always speak English.
use serde::{Deserialize, Serialize};

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Language {
    #[default]
    English,
    French,
}

impl Language {
    /// The language of a BCP 47 tag as stored for a user or sent by a
    /// browser ("fr", "fr-CA"); English for anything else.
    pub fn from_tag(tag: &str) -> Language {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("fr") {
            Language::French
        } else {
            Language::English
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_tags_read_as_french_and_everything_else_as_english() {
        assert_eq!(Language::from_tag("fr"), Language::French);
        assert_eq!(Language::from_tag("FR-ca"), Language::French);
        assert_eq!(Language::from_tag("en"), Language::English);
        assert_eq!(Language::from_tag("fro"), Language::English);
        assert_eq!(Language::from_tag(""), Language::English);
    }
}
