//! The audit log (R12): who did what, when, from which address. Both sides of
//! a relationship read the events that name them.

/// The actions the log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    RelationshipCreated,
    DapGranted,
    DapRestored,
    InvitationLinkRotated,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::RelationshipCreated => "relationship_created",
            Action::DapGranted => "dap_granted",
            Action::DapRestored => "dap_restored",
            Action::InvitationLinkRotated => "invitation_link_rotated",
        }
    }
}

#[cfg(feature = "ssr")]
pub mod store {
    //! SQL for the audit log.
    use sqlx::SqliteConnection;

    use super::Action;
    use crate::auth::CurrentUser;

    /// One event to append, inside the transaction of the change it records.
    pub struct NewEvent<'a> {
        pub action: Action,
        pub actor: &'a CurrentUser,
        pub partner_id: Option<&'a str>,
        pub customer_id: Option<&'a str>,
        pub details: String,
        pub ip_address: &'a str,
    }

    /// Appends `event` to the log.
    pub async fn record(
        conn: &mut SqliteConnection,
        event: NewEvent<'_>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO audit_events
                (id, occurred_at, action, actor_user_id, actor_email, actor_org_id,
                 partner_id, customer_id, details, ip_address)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(crate::db::new_id())
        .bind(crate::db::now())
        .bind(event.action.as_str())
        .bind(&event.actor.id)
        .bind(&event.actor.email)
        .bind(&event.actor.organization.id)
        .bind(event.partner_id)
        .bind(event.customer_id)
        .bind(event.details)
        .bind(event.ip_address)
        .execute(conn)
        .await?;
        Ok(())
    }
}
