//! What the audit log records (R12): the kinds of change, as stored.
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

#[cfg(test)]
mod tests {
    use super::*;

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
