//! Least-privilege delegated admin roles (R13): the catalog, what each role
//! allows on the customer's behalf, what a partner may ask for, what the
//! customer grants of it, and when a grant ends. No I/O, no clock: every
//! rule that depends on time takes "now" in Unix milliseconds.
use crate::language::Language;
use serde::{Deserialize, Serialize};

/// A day, in milliseconds.
pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// The longest a grant lasts from its acceptance (R13).
pub const MAX_DURATION_DAYS: u32 = 730;

/// What an automatic extension adds to a grant's end.
pub const EXTENSION_DAYS: u32 = 180;

/// The days before an end at which both sides are warned.
pub const WARNING_DAYS: [u32; 3] = [30, 7, 1];

/// A role of one service that a customer grants a partner, as Microsoft's
/// granular delegated admin privileges name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ServiceRole {
    GlobalAdministrator,
    UserAdministrator,
    HelpdeskAdministrator,
    LicenseAdministrator,
    SecurityReader,
    Owner,
    Contributor,
    Reader,
    DynamicsAdministrator,
    DynamicsReader,
}

crate::sql_text!(ServiceRole {
    GlobalAdministrator => "global-administrator",
    UserAdministrator => "user-administrator",
    HelpdeskAdministrator => "helpdesk-administrator",
    LicenseAdministrator => "license-administrator",
    SecurityReader => "security-reader",
    Owner => "owner",
    Contributor => "contributor",
    Reader => "reader",
    DynamicsAdministrator => "dynamics-365-administrator",
    DynamicsReader => "dynamics-365-reader",
});

impl ServiceRole {
    /// The catalog, service by service, the most powerful role first.
    pub const ALL: [ServiceRole; 10] = [
        ServiceRole::GlobalAdministrator,
        ServiceRole::UserAdministrator,
        ServiceRole::HelpdeskAdministrator,
        ServiceRole::LicenseAdministrator,
        ServiceRole::SecurityReader,
        ServiceRole::Owner,
        ServiceRole::Contributor,
        ServiceRole::Reader,
        ServiceRole::DynamicsAdministrator,
        ServiceRole::DynamicsReader,
    ];

    /// The id of the service (in the `services` table) the role belongs to.
    pub const fn service(self) -> &'static str {
        match self {
            ServiceRole::GlobalAdministrator
            | ServiceRole::UserAdministrator
            | ServiceRole::HelpdeskAdministrator
            | ServiceRole::LicenseAdministrator
            | ServiceRole::SecurityReader => "microsoft-365",
            ServiceRole::Owner | ServiceRole::Contributor | ServiceRole::Reader => "azure",
            ServiceRole::DynamicsAdministrator | ServiceRole::DynamicsReader => "dynamics-365",
        }
    }

    /// The role's name as the cloud names it in English: what the REST
    /// API, webhooks and CSV exports say, whatever the reader's language.
    pub const fn name(self) -> &'static str {
        match self {
            ServiceRole::GlobalAdministrator => "Global Administrator",
            ServiceRole::UserAdministrator => "User Administrator",
            ServiceRole::HelpdeskAdministrator => "Helpdesk Administrator",
            ServiceRole::LicenseAdministrator => "License Administrator",
            ServiceRole::SecurityReader => "Security Reader",
            ServiceRole::Owner => "Owner",
            ServiceRole::Contributor => "Contributor",
            ServiceRole::Reader => "Reader",
            ServiceRole::DynamicsAdministrator => "Dynamics 365 Administrator",
            ServiceRole::DynamicsReader => "Dynamics 365 Reader",
        }
    }

    /// The role's name in `language`, as the cloud's interface in that
    /// language names it (Microsoft's French interface for French).
    pub const fn name_in(self, language: Language) -> &'static str {
        match language {
            Language::English => self.name(),
            Language::French => match self {
                ServiceRole::GlobalAdministrator => "Administrateur général",
                ServiceRole::UserAdministrator => "Administrateur d'utilisateurs",
                ServiceRole::HelpdeskAdministrator => "Administrateur du support technique",
                ServiceRole::LicenseAdministrator => "Administrateur de licences",
                ServiceRole::SecurityReader => "Lecteur de sécurité",
                ServiceRole::Owner => "Propriétaire",
                ServiceRole::Contributor => "Contributeur",
                ServiceRole::Reader => "Lecteur",
                ServiceRole::DynamicsAdministrator => "Administrateur Dynamics 365",
                ServiceRole::DynamicsReader => "Lecteur Dynamics 365",
            },
        }
    }

    /// A role that gives power over everything of its service, marked
    /// wherever it is offered.
    pub const fn high_risk(self) -> bool {
        matches!(self, ServiceRole::GlobalAdministrator | ServiceRole::Owner)
    }

    /// The role written as `as_sql` writes it, or `None`.
    pub fn parse(text: &str) -> Option<ServiceRole> {
        ServiceRole::ALL
            .into_iter()
            .find(|role| role.as_sql() == text)
    }

    /// The roles of one service, in catalog order.
    pub fn of_service(service: &str) -> impl Iterator<Item = ServiceRole> + '_ {
        ServiceRole::ALL
            .into_iter()
            .filter(move |role| role.service() == service)
    }
}

/// What a partner does on a customer's behalf that needs a specific role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnBehalf {
    /// See the customer's users (to help one of them, or to manage them).
    ListUsers,
    /// Add a user to the customer's directory.
    AddUser,
    /// Reset a user's password.
    ResetPassword,
}

impl OnBehalf {
    /// The roles that allow it, the least powerful first.
    pub const fn allowed_by(self) -> &'static [ServiceRole] {
        match self {
            OnBehalf::AddUser => &[
                ServiceRole::UserAdministrator,
                ServiceRole::GlobalAdministrator,
            ],
            // Whoever may reset a user's password sees whose it can reset.
            OnBehalf::ListUsers | OnBehalf::ResetPassword => &[
                ServiceRole::HelpdeskAdministrator,
                ServiceRole::UserAdministrator,
                ServiceRole::GlobalAdministrator,
            ],
        }
    }

    /// The role a refusal names: the one to ask the customer for.
    pub const fn needs(self) -> ServiceRole {
        match self {
            OnBehalf::ListUsers | OnBehalf::AddUser => ServiceRole::UserAdministrator,
            OnBehalf::ResetPassword => ServiceRole::HelpdeskAdministrator,
        }
    }

    /// The active role that allows it (the least powerful one held), or
    /// the role that is missing.
    pub fn role_among(self, active: &[ServiceRole]) -> Result<ServiceRole, ServiceRole> {
        self.allowed_by()
            .iter()
            .copied()
            .find(|role| active.contains(role))
            .ok_or(self.needs())
    }
}

/// Why an ask (what a partner's link asks for) is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AskProblem {
    /// Not one role was chosen.
    NoRole,
    /// The duration is not a whole number of days from 1 to 730.
    Duration,
    /// Automatic extension is never allowed while Global Administrator is
    /// asked for.
    ExtendWithGlobalAdministrator,
}

/// What a partner's link asks for: the roles, how long, and whether the
/// grant extends itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ask {
    /// In catalog order, each once.
    pub roles: Vec<ServiceRole>,
    pub duration_days: u32,
    pub auto_extend: bool,
}

impl Default for Ask {
    /// Every role but the high-risk ones, for the longest time, without
    /// extension.
    fn default() -> Self {
        Ask {
            roles: ServiceRole::ALL
                .into_iter()
                .filter(|role| !role.high_risk())
                .collect(),
            duration_days: MAX_DURATION_DAYS,
            auto_extend: false,
        }
    }
}

impl Ask {
    /// An ask from what the partner chose; the roles in any order, repeated
    /// or not.
    pub fn new(
        roles: impl IntoIterator<Item = ServiceRole>,
        duration_days: u32,
        auto_extend: bool,
    ) -> Result<Ask, AskProblem> {
        let roles = in_catalog_order(roles);
        if roles.is_empty() {
            return Err(AskProblem::NoRole);
        }
        if !(1..=MAX_DURATION_DAYS).contains(&duration_days) {
            return Err(AskProblem::Duration);
        }
        if auto_extend && roles.contains(&ServiceRole::GlobalAdministrator) {
            return Err(AskProblem::ExtendWithGlobalAdministrator);
        }
        Ok(Ask {
            roles,
            duration_days,
            auto_extend,
        })
    }

    /// When a grant accepted at `now_ms` ends.
    pub fn ends_ms(&self, now_ms: i64) -> i64 {
        now_ms + i64::from(self.duration_days) * DAY_MS
    }

    /// Partial approval: the roles the customer kept ticked, which must all
    /// have been asked for (a role not asked is `Err` with it). The grant
    /// extends itself only if the ask says so and Global Administrator is
    /// not among them.
    pub fn approve(
        &self,
        ticked: impl IntoIterator<Item = ServiceRole>,
    ) -> Result<Approval, ServiceRole> {
        let roles = in_catalog_order(ticked);
        if let Some(extra) = roles.iter().find(|role| !self.roles.contains(role)) {
            return Err(*extra);
        }
        let auto_extend = self.auto_extend && !roles.contains(&ServiceRole::GlobalAdministrator);
        Ok(Approval { roles, auto_extend })
    }
}

/// What the customer grants of an ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub roles: Vec<ServiceRole>,
    pub auto_extend: bool,
}

fn in_catalog_order(roles: impl IntoIterator<Item = ServiceRole>) -> Vec<ServiceRole> {
    let mut roles: Vec<ServiceRole> = roles.into_iter().collect();
    roles.sort();
    roles.dedup();
    roles
}

/// Roles named in `language`, in the order given: "User Administrator,
/// Reader".
pub fn names_in(roles: &[ServiceRole], language: Language) -> String {
    let names: Vec<&str> = roles.iter().map(|role| role.name_in(language)).collect();
    names.join(", ")
}

/// Whether a granted role is in force at `now_ms`: it has not been removed,
/// and its end is still ahead, or it extends itself (the scheduler moves the
/// end and writes the event; no check waits for it).
pub fn in_force(active: bool, ends_ms: i64, auto_extend: bool, now_ms: i64) -> bool {
    active && (auto_extend || now_ms < ends_ms)
}

/// The end of a self-extending grant once `now_ms` has reached `ends_ms`:
/// 180 days more, as many times as it takes to be ahead of now.
pub fn extended_end(ends_ms: i64, now_ms: i64) -> i64 {
    let step = i64::from(EXTENSION_DAYS) * DAY_MS;
    if now_ms < ends_ms {
        return ends_ms;
    }
    let steps = (now_ms - ends_ms) / step + 1;
    ends_ms + steps * step
}

/// Whole days left before `ends_ms`, rounded up (an end 10 hours away is
/// 1 day away); 0 once it has passed.
pub fn days_left(ends_ms: i64, now_ms: i64) -> u32 {
    if ends_ms <= now_ms {
        return 0;
    }
    u32::try_from((ends_ms - now_ms + DAY_MS - 1) / DAY_MS).unwrap_or(u32::MAX)
}

/// The warning due at `now_ms` for an end at `ends_ms` (30, 7 or 1 days
/// before), the nearest threshold reached; `None` before 30 days and after
/// the end.
pub fn warning_due(ends_ms: i64, now_ms: i64) -> Option<u32> {
    let left = days_left(ends_ms, now_ms);
    if left == 0 {
        return None;
    }
    WARNING_DAYS.into_iter().rev().find(|days| left <= *days)
}

/// "Expires in N days" is shown within this many days of an end.
pub fn expiring_soon(ends_ms: i64, now_ms: i64) -> Option<u32> {
    warning_due(ends_ms, now_ms).map(|_| days_left(ends_ms, now_ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000;

    #[test]
    fn the_catalog_names_ten_roles_over_three_services() {
        assert_eq!(ServiceRole::of_service("microsoft-365").count(), 5);
        assert_eq!(ServiceRole::of_service("azure").count(), 3);
        assert_eq!(ServiceRole::of_service("dynamics-365").count(), 2);
        let risky: Vec<&str> = ServiceRole::ALL
            .into_iter()
            .filter(|role| role.high_risk())
            .map(ServiceRole::name)
            .collect();
        assert_eq!(risky, ["Global Administrator", "Owner"]);
        for role in ServiceRole::ALL {
            assert_eq!(ServiceRole::parse(role.as_sql()), Some(role));
        }
        assert_eq!(ServiceRole::parse("Global Administrator"), None);
    }

    #[test]
    fn roles_are_named_in_french_as_microsofts_french_interface_names_them() {
        use ServiceRole::*;
        let french = |role: ServiceRole| role.name_in(Language::French);
        assert_eq!(french(GlobalAdministrator), "Administrateur général");
        assert_eq!(french(UserAdministrator), "Administrateur d'utilisateurs");
        assert_eq!(
            french(HelpdeskAdministrator),
            "Administrateur du support technique"
        );
        assert_eq!(french(LicenseAdministrator), "Administrateur de licences");
        assert_eq!(french(SecurityReader), "Lecteur de sécurité");
        assert_eq!(french(Owner), "Propriétaire");
        assert_eq!(french(Contributor), "Contributeur");
        assert_eq!(french(Reader), "Lecteur");
        assert_eq!(french(DynamicsAdministrator), "Administrateur Dynamics 365");
        assert_eq!(french(DynamicsReader), "Lecteur Dynamics 365");
        for role in ServiceRole::ALL {
            assert_eq!(
                role.name_in(Language::English),
                role.name(),
                "English stays as it was"
            );
        }
        assert_eq!(
            names_in(&[UserAdministrator, Reader], Language::French),
            "Administrateur d'utilisateurs, Lecteur"
        );
        assert_eq!(
            names_in(&[UserAdministrator, Reader], Language::English),
            "User Administrator, Reader"
        );
    }

    #[test]
    fn adding_users_needs_user_or_global_administrator_and_resets_also_helpdesk() {
        use ServiceRole::*;
        assert_eq!(
            OnBehalf::AddUser.role_among(&[HelpdeskAdministrator, SecurityReader]),
            Err(UserAdministrator)
        );
        assert_eq!(
            OnBehalf::AddUser.role_among(&[GlobalAdministrator]),
            Ok(GlobalAdministrator)
        );
        assert_eq!(
            OnBehalf::AddUser.role_among(&[GlobalAdministrator, UserAdministrator]),
            Ok(UserAdministrator)
        );
        assert_eq!(
            OnBehalf::ListUsers.role_among(&[HelpdeskAdministrator]),
            Ok(HelpdeskAdministrator)
        );
        assert_eq!(
            OnBehalf::ListUsers.role_among(&[LicenseAdministrator, Reader]),
            Err(UserAdministrator)
        );
        assert_eq!(
            OnBehalf::ResetPassword.role_among(&[HelpdeskAdministrator]),
            Ok(HelpdeskAdministrator)
        );
        assert_eq!(
            OnBehalf::ResetPassword.role_among(&[Owner, LicenseAdministrator]),
            Err(HelpdeskAdministrator)
        );
        assert_eq!(
            OnBehalf::ResetPassword.role_among(&[]),
            Err(HelpdeskAdministrator)
        );
    }

    #[test]
    fn the_default_ask_is_every_role_but_the_high_risk_ones_for_730_days() {
        let ask = Ask::default();
        assert_eq!(ask.roles.len(), 8);
        assert!(!ask.roles.contains(&ServiceRole::GlobalAdministrator));
        assert!(!ask.roles.contains(&ServiceRole::Owner));
        assert_eq!(ask.duration_days, 730);
        assert!(!ask.auto_extend);
        assert_eq!(ask.ends_ms(NOW), NOW + 730 * DAY_MS);
    }

    #[test]
    fn an_ask_is_refused_without_a_role_outside_1_to_730_days_or_extending_global_administrator() {
        use ServiceRole::*;
        assert_eq!(Ask::new([], 30, false), Err(AskProblem::NoRole));
        assert_eq!(Ask::new([Reader], 0, false), Err(AskProblem::Duration));
        assert_eq!(Ask::new([Reader], 731, false), Err(AskProblem::Duration));
        assert_eq!(
            Ask::new([Reader, GlobalAdministrator], 90, true),
            Err(AskProblem::ExtendWithGlobalAdministrator)
        );
        let ask = Ask::new([Reader, Owner, Reader, UserAdministrator], 1, true).unwrap();
        assert_eq!(ask.roles, [UserAdministrator, Owner, Reader]);
        assert!(Ask::new([GlobalAdministrator], 730, false).is_ok());
    }

    #[test]
    fn the_customer_grants_exactly_the_roles_it_kept_of_those_asked() {
        use ServiceRole::*;
        let ask = Ask::new([UserAdministrator, HelpdeskAdministrator, Reader], 90, true).unwrap();
        let approval = ask.approve([Reader, HelpdeskAdministrator]).unwrap();
        assert_eq!(approval.roles, [HelpdeskAdministrator, Reader]);
        assert!(approval.auto_extend);
        assert_eq!(ask.approve([Owner]), Err(Owner));
        assert_eq!(ask.approve([]).unwrap().roles, []);

        let global = Ask::new([GlobalAdministrator, Reader], 90, false).unwrap();
        assert!(!global.approve([GlobalAdministrator]).unwrap().auto_extend);
    }

    #[test]
    fn a_grant_ends_by_itself_unless_it_extends() {
        let end = NOW + DAY_MS;
        assert!(in_force(true, end, false, NOW));
        assert!(!in_force(true, end, false, end));
        assert!(!in_force(false, end, false, NOW));
        assert!(in_force(true, end, true, end + 400 * DAY_MS));
        assert_eq!(extended_end(end, NOW), end);
        assert_eq!(extended_end(end, end), end + 180 * DAY_MS);
        assert_eq!(
            extended_end(end, end + 200 * DAY_MS),
            end + 360 * DAY_MS,
            "a server that was down for 200 days extends twice"
        );
    }

    #[test]
    fn warnings_come_30_7_and_1_days_before_an_end() {
        let end = NOW + 45 * DAY_MS;
        assert_eq!(warning_due(end, NOW), None);
        assert_eq!(warning_due(end, end - 30 * DAY_MS), Some(30));
        assert_eq!(warning_due(end, end - 8 * DAY_MS), Some(30));
        assert_eq!(warning_due(end, end - 7 * DAY_MS), Some(7));
        assert_eq!(warning_due(end, end - DAY_MS), Some(1));
        assert_eq!(warning_due(end, end - 1000), Some(1));
        assert_eq!(warning_due(end, end), None);
        assert_eq!(days_left(end, end - 10 * 3_600_000), 1);
        assert_eq!(expiring_soon(end, end - 12 * DAY_MS), Some(12));
        assert_eq!(expiring_soon(end, NOW), None);
    }
}
