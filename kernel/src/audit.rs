//! What the audit log records (R12): the kinds of change, as stored, and
//! what an event says beyond its kind ([`Detail`]), kept as data so that
//! each reader reads it in their own language.
use crate::identity::Role;
use crate::role::ServiceRole;
use serde::{Deserialize, Serialize};

/// The actions the log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    RelationshipCreated,
    DapGranted,
    DapRemoved,
    DapRestored,
    InvitationLinkRotated,
    UserCreated,
    UserPasswordReset,
    SupportRequestOpened,
    SupportRequestReplied,
    SupportRequestClosed,
    SubscriptionCreated,
    SeatsChanged,
    AddonOrdered,
    SubscriptionMigrated,
    SubscriptionSuspended,
    SubscriptionReactivated,
    OfferPriceChanged,
    TransferRequested,
    TransferCancelled,
    TransferDeclined,
    PartnerOfRecordChanged,
    UserInvited,
    UserActivated,
    UserRoleChanged,
    UserDeactivated,
    PasswordChanged,
    PasswordResetByEmail,
    TwoStepEnabled,
    TwoStepDisabled,
    TwoStepReset,
    TwoStepRequirementChanged,
    PartnerOnboarded,
    OrganizationSignedUp,
    EmailVerified,
    SignedOutEverywhere,
    RoleRemoved,
    RolesMigrated,
    GrantExtended,
    GrantEnded,
    GrantExpiring,
    RelationshipAskChanged,
    CustomerInvitationCreated,
    CustomerInvitationCancelled,
    CustomerInvitationDeclined,
    ApiTokenCreated,
    ApiTokenRevoked,
    WebhookEndpointAdded,
    WebhookEndpointRemoved,
}

impl Action {
    pub const ALL: [Action; 48] = [
        Action::RelationshipCreated,
        Action::DapGranted,
        Action::DapRemoved,
        Action::DapRestored,
        Action::InvitationLinkRotated,
        Action::UserCreated,
        Action::UserPasswordReset,
        Action::SupportRequestOpened,
        Action::SupportRequestReplied,
        Action::SupportRequestClosed,
        Action::SubscriptionCreated,
        Action::SeatsChanged,
        Action::AddonOrdered,
        Action::SubscriptionMigrated,
        Action::SubscriptionSuspended,
        Action::SubscriptionReactivated,
        Action::OfferPriceChanged,
        Action::TransferRequested,
        Action::TransferCancelled,
        Action::TransferDeclined,
        Action::PartnerOfRecordChanged,
        Action::UserInvited,
        Action::UserActivated,
        Action::UserRoleChanged,
        Action::UserDeactivated,
        Action::PasswordChanged,
        Action::PasswordResetByEmail,
        Action::TwoStepEnabled,
        Action::TwoStepDisabled,
        Action::TwoStepReset,
        Action::TwoStepRequirementChanged,
        Action::PartnerOnboarded,
        Action::OrganizationSignedUp,
        Action::EmailVerified,
        Action::SignedOutEverywhere,
        Action::RoleRemoved,
        Action::RolesMigrated,
        Action::GrantExtended,
        Action::GrantEnded,
        Action::GrantExpiring,
        Action::RelationshipAskChanged,
        Action::CustomerInvitationCreated,
        Action::CustomerInvitationCancelled,
        Action::CustomerInvitationDeclined,
        Action::ApiTokenCreated,
        Action::ApiTokenRevoked,
        Action::WebhookEndpointAdded,
        Action::WebhookEndpointRemoved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::RelationshipCreated => "relationship_created",
            Action::DapGranted => "dap_granted",
            Action::DapRemoved => "dap_removed",
            Action::DapRestored => "dap_restored",
            Action::InvitationLinkRotated => "invitation_link_rotated",
            Action::UserCreated => "user_created",
            Action::UserPasswordReset => "user_password_reset",
            Action::SupportRequestOpened => "support_request_opened",
            Action::SupportRequestReplied => "support_request_replied",
            Action::SupportRequestClosed => "support_request_closed",
            Action::SubscriptionCreated => "subscription_created",
            Action::SeatsChanged => "seats_changed",
            Action::AddonOrdered => "addon_ordered",
            Action::SubscriptionMigrated => "subscription_migrated",
            Action::SubscriptionSuspended => "subscription_suspended",
            Action::SubscriptionReactivated => "subscription_reactivated",
            Action::OfferPriceChanged => "offer_price_changed",
            Action::TransferRequested => "transfer_requested",
            Action::TransferCancelled => "transfer_cancelled",
            Action::TransferDeclined => "transfer_declined",
            Action::PartnerOfRecordChanged => "partner_of_record_changed",
            Action::UserInvited => "user_invited",
            Action::UserActivated => "user_activated",
            Action::UserRoleChanged => "user_role_changed",
            Action::UserDeactivated => "user_deactivated",
            Action::PasswordChanged => "password_changed",
            Action::PasswordResetByEmail => "password_reset_by_email",
            Action::TwoStepEnabled => "two_step_enabled",
            Action::TwoStepDisabled => "two_step_disabled",
            Action::TwoStepReset => "two_step_reset",
            Action::TwoStepRequirementChanged => "two_step_requirement_changed",
            Action::PartnerOnboarded => "partner_onboarded",
            Action::OrganizationSignedUp => "organization_signed_up",
            Action::EmailVerified => "email_verified",
            Action::SignedOutEverywhere => "signed_out_everywhere",
            Action::RoleRemoved => "role_removed",
            Action::RolesMigrated => "roles_migrated",
            Action::GrantExtended => "grant_extended",
            Action::GrantEnded => "grant_ended",
            Action::GrantExpiring => "grant_expiring",
            Action::RelationshipAskChanged => "relationship_ask_changed",
            Action::CustomerInvitationCreated => "customer_invitation_created",
            Action::CustomerInvitationCancelled => "customer_invitation_cancelled",
            Action::CustomerInvitationDeclined => "customer_invitation_declined",
            Action::ApiTokenCreated => "api_token_created",
            Action::ApiTokenRevoked => "api_token_revoked",
            Action::WebhookEndpointAdded => "webhook_endpoint_added",
            Action::WebhookEndpointRemoved => "webhook_endpoint_removed",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Action::ALL.into_iter().find(|a| a.as_str() == value)
    }

    /// The actions a customer's log can hold (link rotations name no customer).
    pub fn about_customers() -> impl Iterator<Item = Action> {
        Action::ALL.into_iter().filter(|a| {
            !matches!(
                a,
                Action::InvitationLinkRotated
                    | Action::OfferPriceChanged
                    | Action::RelationshipAskChanged
                    | Action::CustomerInvitationCreated
                    | Action::CustomerInvitationCancelled
                    | Action::ApiTokenCreated
                    | Action::ApiTokenRevoked
                    | Action::WebhookEndpointAdded
                    | Action::WebhookEndpointRemoved
            )
        })
    }
}

/// What an event says beyond its action. Stored as JSON in the log's
/// `details` column; the words are chosen when a page shows it, in the
/// reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Detail {
    /// Words that read the same in every language, shown as written: a
    /// title, an address, a domain, offers and numbers. Every event written
    /// before details were data reads back as this.
    Text { text: String },
    /// Roles granted, restored, removed, ended or asked for, and what came
    /// with them.
    Roles(RolesDetail),
    /// Whether the organization now requires two-step verification.
    TwoStepRequired { required: bool },
    /// A member invited as `to`, or whose role changed from `from` to `to`.
    MemberRole {
        email: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<Role>,
        to: Role,
    },
}

/// Roles and what came with them; only what is set is said.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RolesDetail {
    pub roles: Vec<ServiceRole>,
    /// The last day the roles are in force, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// The roles extend themselves by 180 days at their end.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub auto_extend: bool,
    /// What the partner asked for, when the customer kept less of it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub asked: Vec<ServiceRole>,
    /// How long an ask lasts, in days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_days: Option<u32>,
    /// Days left before the end (a warning).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_left: Option<u32>,
}

impl RolesDetail {
    /// These roles, and nothing more said yet.
    pub fn of(roles: &[ServiceRole]) -> RolesDetail {
        RolesDetail {
            roles: roles.to_vec(),
            ..RolesDetail::default()
        }
    }

    /// In force up to and including `day` (`YYYY-MM-DD`).
    pub fn until(mut self, day: &str) -> RolesDetail {
        self.until = Some(day.to_string());
        self
    }

    /// Extending itself, when `auto_extend`.
    pub fn extending(mut self, auto_extend: bool) -> RolesDetail {
        self.auto_extend = auto_extend;
        self
    }

    /// What the partner asked for: said only when the customer kept fewer
    /// roles than that (partial approval).
    pub fn asked(mut self, asked: &[ServiceRole]) -> RolesDetail {
        if asked.len() > self.roles.len() {
            self.asked = asked.to_vec();
        }
        self
    }

    /// An ask lasting `days`.
    pub fn lasting(mut self, days: u32) -> RolesDetail {
        self.duration_days = Some(days);
        self
    }

    /// A warning `days` before the end.
    pub fn days_left(mut self, days: u32) -> RolesDetail {
        self.days_left = Some(days);
        self
    }

    /// As the log stores it.
    pub fn stored(self) -> String {
        Detail::Roles(self).stored()
    }
}

impl Detail {
    /// Words shown as written.
    pub fn text(text: impl Into<String>) -> Detail {
        Detail::Text { text: text.into() }
    }

    /// As the log's `details` column keeps it: JSON, except text, which is
    /// kept as it is (as it always was, so a log mixes both and older rows
    /// read back unchanged).
    pub fn stored(&self) -> String {
        match self {
            Detail::Text { text } if !text.starts_with('{') => text.clone(),
            // Serialising a plain enum of strings and numbers cannot fail.
            detail => serde_json::to_string(detail).unwrap_or_default(),
        }
    }

    /// What the log's `details` column holds, read back: data written by
    /// [`Detail::stored`], or text (every row written before details were
    /// data, and text that merely looks like JSON).
    pub fn from_stored(stored: &str) -> Detail {
        if stored.starts_with('{')
            && let Ok(detail) = serde_json::from_str(stored)
        {
            return detail;
        }
        Detail::text(stored)
    }

    /// What the `details` column holds for an event of `action`, read
    /// back; the roles of an event written before details were data
    /// ("User Administrator, Reader; until 2028-12-06") are read as roles
    /// too, so that they read in every language like newer ones.
    pub fn read(action: Option<Action>, stored: &str) -> Detail {
        let about_roles = matches!(
            action,
            Some(
                Action::DapGranted
                    | Action::DapRestored
                    | Action::DapRemoved
                    | Action::RoleRemoved
                    | Action::GrantExtended
                    | Action::GrantEnded
                    | Action::GrantExpiring
                    | Action::RelationshipAskChanged
            )
        );
        match Detail::from_stored(stored) {
            Detail::Text { text } if about_roles => match legacy_roles(&text) {
                Some(roles) => Detail::Roles(roles),
                None => Detail::Text { text },
            },
            detail => detail,
        }
    }
}

/// Roles as the log wrote them in English before details were data, or
/// `None` for anything it did not write so.
fn legacy_roles(text: &str) -> Option<RolesDetail> {
    let names = |list: &str| -> Option<Vec<ServiceRole>> {
        list.split(", ")
            .map(|name| {
                ServiceRole::ALL
                    .into_iter()
                    .find(|role| role.name() == name)
            })
            .collect()
    };
    let mut parts = text.split("; ");
    let first = parts.next()?;
    let mut detail = RolesDetail {
        roles: if first == "no role" {
            Vec::new()
        } else {
            names(first)?
        },
        ..RolesDetail::default()
    };
    for part in parts {
        if let Some(until) = part.strip_prefix("until ") {
            let (day, extends) = match until.strip_suffix(", extends automatically") {
                Some(day) => (day, true),
                None => (until, false),
            };
            detail.until = Some(day.to_string());
            detail.auto_extend |= extends;
        } else if let Some(asked) = part.strip_prefix("asked for ") {
            detail.asked = names(asked)?;
        } else if part == "extends automatically" {
            detail.auto_extend = true;
        } else if let Some(days) = part.strip_suffix(" days left") {
            detail.days_left = Some(days.parse().ok()?);
        } else if let Some(days) = part.strip_suffix(" days") {
            detail.duration_days = Some(days.parse().ok()?);
        } else {
            return None;
        }
    }
    Some(detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_read_back_as_they_were_stored_and_old_text_stays_text() {
        use ServiceRole::*;
        let roles = RolesDetail::of(&[Reader])
            .until("2028-12-06")
            .extending(true)
            .asked(&[UserAdministrator, Reader]);
        let stored = roles.clone().stored();
        assert!(stored.starts_with('{'), "{stored}");
        assert_eq!(Detail::from_stored(&stored), Detail::Roles(roles));
        for detail in [
            Detail::TwoStepRequired { required: false },
            Detail::MemberRole {
                email: "alex@contoso.example".into(),
                from: Some(Role::SalesAgent),
                to: Role::AdminAgent,
            },
            Detail::text("{not json"),
            Detail::text("Printer on fire"),
            Detail::text(""),
        ] {
            assert_eq!(Detail::from_stored(&detail.stored()), detail);
        }
        // A row written before details were data.
        assert_eq!(
            Detail::from_stored("User Administrator, Reader; until 2028-12-06"),
            Detail::text("User Administrator, Reader; until 2028-12-06")
        );
        assert_eq!(
            Detail::read(Some(Action::SupportRequestOpened), "Reader"),
            Detail::text("Reader"),
            "a title is a title"
        );
    }

    #[test]
    fn roles_written_as_english_text_before_details_were_data_read_as_roles() {
        use ServiceRole::*;
        let read = |action, text| Detail::read(Some(action), text);
        assert_eq!(
            read(
                Action::DapGranted,
                "Helpdesk Administrator; until 2028-12-06, extends automatically; \
                 asked for User Administrator, Helpdesk Administrator"
            ),
            Detail::Roles(
                RolesDetail::of(&[HelpdeskAdministrator])
                    .until("2028-12-06")
                    .extending(true)
                    .asked(&[UserAdministrator, HelpdeskAdministrator])
            )
        );
        assert_eq!(
            read(
                Action::RelationshipAskChanged,
                "Reader, Owner; 90 days; extends automatically"
            ),
            Detail::Roles(
                RolesDetail::of(&[Reader, Owner])
                    .lasting(90)
                    .extending(true)
            )
        );
        assert_eq!(
            read(
                Action::GrantExpiring,
                "Contributor; until 2027-01-01; 7 days left"
            ),
            Detail::Roles(
                RolesDetail::of(&[Contributor])
                    .until("2027-01-01")
                    .days_left(7)
            )
        );
        assert_eq!(
            read(Action::DapRemoved, "no role"),
            Detail::Roles(RolesDetail::default())
        );
        // Whatever the log did not write so stays as written.
        for odd in [
            "Microsoft 365, Azure",
            "Reader; until",
            "Reader; 9 weeks",
            "",
        ] {
            assert_eq!(read(Action::DapGranted, odd), Detail::text(odd), "{odd}");
        }
        assert_eq!(Detail::text("plain").stored(), "plain");
        assert_eq!(
            RolesDetail::of(&[Reader]).asked(&[Reader]).asked,
            [],
            "an ask kept whole is not repeated"
        );
    }

    #[test]
    fn every_action_reads_back_from_how_the_log_writes_it() {
        for action in Action::ALL {
            assert_eq!(Action::parse(action.as_str()), Some(action));
        }
        let written: std::collections::HashSet<_> =
            Action::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(
            written.len(),
            Action::ALL.len(),
            "two actions write the same word"
        );
        assert_eq!(Action::parse("dap_removed "), None);
    }
}
