//! Input newtypes shared by the features: each constructor rejects bad input
//! once, so a value of the type is always valid ("parse, don't validate").
use serde::{Deserialize, Serialize};

/// Input that a rule rejected before anything was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Invalid {
    /// A paragraph of the invitation email is longer than allowed.
    ParagraphTooLong { paragraph: u8, max: usize },
    /// The authorization checkbox was not ticked.
    AuthorizationNotGiven,
    /// A required field is empty.
    Missing(Field),
    /// A field holds more characters than allowed.
    TooLong { field: Field, max: usize },
    /// A field holds fewer characters than it needs.
    TooShort { field: Field, min: usize },
    /// A field does not have the expected shape (an email, a date, a choice).
    Malformed(Field),
    /// A number outside the allowed range.
    OutOfRange { field: Field, min: u32, max: u32 },
    /// A new password that is on the list of passwords people use most.
    CommonPassword,
    /// The password and its confirmation differ.
    PasswordsDiffer,
}

/// The form field an [`Invalid`] names, so the message can say which one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    DisplayName,
    Email,
    Title,
    Description,
    Severity,
    Reply,
    Service,
    Action,
    Date,
    Seats,
    Quantity,
    Offer,
    Addon,
    Version,
    Month,
    Price,
    Search,
    Password,
    NewPassword,
    Code,
    OrganizationName,
    LegalName,
    Domain,
    PartnerNumber,
    Kind,
    Cloud,
    Role,
    DurationDays,
    CustomerDomain,
    TokenName,
    EndpointUrl,
    ExpiresInDays,
}

impl Field {
    /// The field as a person (or a REST client's author) reads its name,
    /// in English: what a problem's `detail` says.
    pub fn label(self) -> &'static str {
        match self {
            Field::DisplayName => "display name",
            Field::Email => "email",
            Field::Title => "title",
            Field::Description => "description",
            Field::Severity => "severity",
            Field::Reply => "reply",
            Field::Service => "service",
            Field::Action => "action",
            Field::Date => "date",
            Field::Seats => "seats",
            Field::Quantity => "quantity",
            Field::Offer => "offer",
            Field::Addon => "add-on",
            Field::Version => "version",
            Field::Month => "month",
            Field::Price => "price",
            Field::Search => "search",
            Field::Password => "password",
            Field::NewPassword => "new password",
            Field::Code => "code",
            Field::OrganizationName => "organization name",
            Field::LegalName => "legal name",
            Field::Domain => "domain",
            Field::PartnerNumber => "partner id",
            Field::Kind => "kind",
            Field::Cloud => "cloud",
            Field::Role => "role",
            Field::DurationDays => "duration in days",
            Field::CustomerDomain => "customer domain",
            Field::TokenName => "token name",
            Field::EndpointUrl => "endpoint URL",
            Field::ExpiresInDays => "expires in days",
        }
    }
}

/// A required piece of text: trimmed, not empty, at most `max` characters,
/// without control characters other than line breaks and tabs.
pub fn required_text(field: Field, value: &str, max: usize) -> Result<String, Invalid> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Invalid::Missing(field));
    }
    if value.chars().count() > max {
        return Err(Invalid::TooLong { field, max });
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(Invalid::Malformed(field));
    }
    Ok(value.to_string())
}

/// [`required_text`] on one line: a name or a title, which no line break
/// or tab may split (it is shown in headings, lists and email subjects).
pub fn required_line(field: Field, value: &str, max: usize) -> Result<String, Invalid> {
    let value = required_text(field, value, max)?;
    if value.chars().any(char::is_control) {
        return Err(Invalid::Malformed(field));
    }
    Ok(value)
}

/// An email address: one `@` with text on both sides and a dot in the domain,
/// no spaces, at most 254 characters; stored in lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub const MAX: usize = 254;

    pub fn parse(value: &str) -> Result<Self, Invalid> {
        let value = required_text(Field::Email, value, Self::MAX)?.to_lowercase();
        let well_formed = match value.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
        if !well_formed || value.chars().any(char::is_whitespace) {
            return Err(Invalid::Malformed(Field::Email));
        }
        Ok(Email(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A calendar day typed in a filter, `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day(String);

impl Day {
    /// An empty value means no filter.
    pub fn parse_optional(value: Option<&str>) -> Result<Option<Self>, Invalid> {
        let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
            return Ok(None);
        };
        let bytes = value.as_bytes();
        let shaped = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        let month: u32 = value.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(0);
        let day: u32 = value.get(8..10).and_then(|d| d.parse().ok()).unwrap_or(0);
        if !shaped || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return Err(Invalid::Malformed(Field::Date));
        }
        Ok(Some(Day(value.to_string())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_text_is_trimmed_bounded_and_not_empty() {
        assert_eq!(required_text(Field::Title, "  Hi ", 10), Ok("Hi".into()));
        assert_eq!(
            required_text(Field::Title, "   ", 10),
            Err(Invalid::Missing(Field::Title))
        );
        assert_eq!(
            required_text(Field::Title, &"é".repeat(11), 10),
            Err(Invalid::TooLong {
                field: Field::Title,
                max: 10
            })
        );
        assert_eq!(
            required_text(Field::Title, "a\u{0}b", 10),
            Err(Invalid::Malformed(Field::Title))
        );
        assert_eq!(
            required_text(Field::Reply, "line\nline", 10),
            Ok("line\nline".into())
        );
    }

    #[test]
    fn emails_are_checked_and_lower_cased() {
        assert_eq!(
            Email::parse(" Nina@Fabrikam.Example ").map(|e| e.as_str().to_string()),
            Ok("nina@fabrikam.example".into())
        );
        for bad in [
            "nina",
            "@fabrikam.example",
            "nina@",
            "nina@localhost",
            "a b@c.d",
            "a@b@c.d",
            "a@.c",
        ] {
            assert_eq!(
                Email::parse(bad),
                Err(Invalid::Malformed(Field::Email)),
                "{bad}"
            );
        }
        assert_eq!(Email::parse(""), Err(Invalid::Missing(Field::Email)));
    }

    #[test]
    fn days_are_iso_dates_or_nothing() {
        assert_eq!(Day::parse_optional(Some("")), Ok(None));
        assert_eq!(Day::parse_optional(None), Ok(None));
        assert!(Day::parse_optional(Some("2026-11-24")).unwrap().is_some());
        for bad in [
            "2026-13-01",
            "2026-1-01",
            "24/11/2026",
            "2026-11-24'--",
            "2026-00-10",
        ] {
            assert_eq!(
                Day::parse_optional(Some(bad)),
                Err(Invalid::Malformed(Field::Date)),
                "{bad}"
            );
        }
    }
}
