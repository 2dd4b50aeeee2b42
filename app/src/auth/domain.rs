//! The rules of signing in. No I/O.
use kernel::identity::{CurrentUser, OrgKind, Role};

/// Keeps `?next=` on this site: only a local absolute path is followed.
pub fn safe_next(next: Option<&str>) -> Option<&str> {
    let next = next?.trim();
    let local = next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\");
    let clean = !next.chars().any(|c| c.is_control());
    (local && clean).then_some(next)
}

/// The page a user lands on after signing in without a `next`.
pub fn home_of(user: &CurrentUser) -> &'static str {
    match (user.organization.kind, user.role) {
        (OrgKind::PartnerCsp | OrgKind::PartnerAdvisor, _) => "/partner/customers",
        (OrgKind::Customer, Role::CustomerAdmin) => "/admin/partner-relationships",
        (OrgKind::Operator, _) => "/operator/support-requests",
        (OrgKind::Customer, _) => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_must_stay_on_this_site() {
        assert_eq!(
            safe_next(Some("/invitations/abc")),
            Some("/invitations/abc")
        );
        assert_eq!(safe_next(Some("//evil.example/x")), None);
        assert_eq!(safe_next(Some("/\\evil.example")), None);
        assert_eq!(safe_next(Some("https://evil.example")), None);
        assert_eq!(safe_next(Some("")), None);
        assert_eq!(safe_next(None), None);
        assert_eq!(safe_next(Some("/a\nb")), None);
    }
}
