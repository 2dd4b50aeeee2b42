//! Rules of integrations, without I/O: who manages them, and what a token's
//! name and expiry may be.
use crate::auth::{CurrentUser, Role};
use kernel::error::{AppError, Invalid};
use kernel::identity::OrgKind;
use kernel::input::Field;

pub use kernel::refusal::integrations::Refusal;

/// A token's name holds at most this many characters.
pub const TOKEN_NAME_MAX: usize = 100;

/// A token expires at most this many days after it is created.
pub const MAX_EXPIRY_DAYS: u32 = 365;

/// A partner has at most this many webhook endpoints: each event is posted
/// to every one, so more would multiply what one event sends.
pub const MAX_ENDPOINTS: u32 = 10;

/// A partner redelivers at most this many events a minute.
pub const REDELIVERIES_PER_MINUTE: u32 = 10;

/// Only a partner's admin agents see and change its integrations; other
/// partner agents are told so, everyone else is not allowed.
pub fn may_manage(user: &CurrentUser) -> Result<(), AppError> {
    if !matches!(
        user.organization.kind,
        OrgKind::PartnerCsp | OrgKind::PartnerAdvisor
    ) {
        return Err(AppError::NotAllowed);
    }
    if user.role != Role::AdminAgent {
        return Err(Refusal::OnlyAdminAgents.into());
    }
    Ok(())
}

/// Another endpoint, for a partner that has `endpoints` already: at most
/// [`MAX_ENDPOINTS`].
pub fn may_add_endpoint(endpoints: i64) -> Result<(), Refusal> {
    if endpoints >= i64::from(MAX_ENDPOINTS) {
        return Err(Refusal::TooManyEndpoints);
    }
    Ok(())
}

/// Another redelivery of an event to an endpoint: not while that event is
/// still waiting to be posted to it (`waiting`), and at most
/// [`REDELIVERIES_PER_MINUTE`] for a partner that queued `last_minute` in
/// the last minute.
pub fn may_redeliver(waiting: bool, last_minute: i64) -> Result<(), Refusal> {
    if waiting {
        return Err(Refusal::RedeliveryWaiting);
    }
    if last_minute >= i64::from(REDELIVERIES_PER_MINUTE) {
        return Err(Refusal::TooManyRedeliveries);
    }
    Ok(())
}

/// A token's name: required, one line, at most [`TOKEN_NAME_MAX`].
pub fn token_name(name: &str) -> Result<String, Invalid> {
    let name = kernel::input::required_line(Field::TokenName, name, TOKEN_NAME_MAX)?;
    if name.contains(['\n', '\r', '\t']) {
        return Err(Invalid::Malformed(Field::TokenName));
    }
    Ok(name)
}

/// The days a token works for: empty for a token that does not expire, else
/// 1 to [`MAX_EXPIRY_DAYS`].
pub fn expiry_days(days: Option<&str>) -> Result<Option<u32>, Invalid> {
    let Some(days) = days.map(str::trim).filter(|d| !d.is_empty()) else {
        return Ok(None);
    };
    let out_of_range = Invalid::OutOfRange {
        field: Field::ExpiresInDays,
        min: 1,
        max: MAX_EXPIRY_DAYS,
    };
    match days.parse::<u32>() {
        Ok(n) if (1..=MAX_EXPIRY_DAYS).contains(&n) => Ok(Some(n)),
        Ok(_) => Err(out_of_range),
        Err(_) if days.chars().all(|c| c.is_ascii_digit()) => Err(out_of_range),
        Err(_) => Err(Invalid::Malformed(Field::ExpiresInDays)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_expires_within_a_year_or_never() {
        assert_eq!(expiry_days(None), Ok(None));
        assert_eq!(expiry_days(Some(" ")), Ok(None));
        assert_eq!(expiry_days(Some("30")), Ok(Some(30)));
        assert!(matches!(
            expiry_days(Some("0")),
            Err(Invalid::OutOfRange { .. })
        ));
        assert!(matches!(
            expiry_days(Some("366")),
            Err(Invalid::OutOfRange { .. })
        ));
        assert!(matches!(
            expiry_days(Some("99999999999")),
            Err(Invalid::OutOfRange { .. })
        ));
        assert_eq!(
            expiry_days(Some("-1")),
            Err(Invalid::Malformed(Field::ExpiresInDays))
        );
    }

    #[test]
    fn a_partner_has_at_most_ten_endpoints() {
        assert_eq!(may_add_endpoint(0), Ok(()));
        assert_eq!(may_add_endpoint(9), Ok(()));
        assert_eq!(may_add_endpoint(10), Err(Refusal::TooManyEndpoints));
    }

    #[test]
    fn a_waiting_event_is_not_queued_twice_and_redeliveries_are_counted() {
        assert_eq!(may_redeliver(false, 0), Ok(()));
        assert_eq!(may_redeliver(false, 9), Ok(()));
        assert_eq!(may_redeliver(true, 0), Err(Refusal::RedeliveryWaiting));
        assert_eq!(may_redeliver(false, 10), Err(Refusal::TooManyRedeliveries));
    }

    #[test]
    fn a_token_name_is_one_line() {
        assert_eq!(token_name("  CI  ").as_deref(), Ok("CI"));
        assert_eq!(token_name(""), Err(Invalid::Missing(Field::TokenName)));
        assert_eq!(
            token_name("a\nb"),
            Err(Invalid::Malformed(Field::TokenName))
        );
    }
}
