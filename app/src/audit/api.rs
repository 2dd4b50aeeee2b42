//! The server function that reads the audit log.
use super::AuditPage;
#[cfg(feature = "ssr")]
use super::{Action, PAGE_SIZE, store};
#[cfg(feature = "ssr")]
use crate::request::Context;
use kernel::error::AppError;
use leptos::prelude::*;

/// The customer administrator reads the whole log of the organization
/// (`customer` empty); a partner user reads its own events with the customer
/// `customer` (a slug). Filters: one action, a first and a last day, and the
/// keyset `before` (an event id).
#[server(endpoint = "read_audit_log")]
pub async fn read_audit_log(
    customer: Option<String>,
    action: Option<String>,
    from: Option<String>,
    to: Option<String>,
    before: Option<String>,
) -> Result<AuditPage, AppError> {
    use super::domain::{Reader, reader};
    use kernel::input::{Day, Field};
    let Context { user, pool, .. } = Context::signed_in().await?;
    let scope = match reader(&user, customer.as_deref())? {
        Reader::PartnerWith(slug) => {
            let link = crate::relationships::relationship_with(&pool, &user.organization.id, slug)
                .await?
                .ok_or(AppError::NotFound)?;
            store::Scope {
                customer_id: link.customer_id,
                partner_id: Some(user.organization.id.clone()),
            }
        }
        Reader::CustomerAdmin => store::Scope {
            customer_id: user.organization.id.clone(),
            partner_id: None,
        },
    };
    let action = match action.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        Some(value) => {
            Some(Action::parse(value).ok_or(kernel::error::Invalid::Malformed(Field::Action))?)
        }
        None => None,
    };
    let filter = store::Filter {
        action,
        from: Day::parse_optional(from.as_deref())?,
        to: Day::parse_optional(to.as_deref())?,
        before: before.filter(|b| !b.is_empty()),
    };
    let mut entries = store::events(&pool, &scope, &filter, PAGE_SIZE + 1).await?;
    let next = (entries.len() > PAGE_SIZE as usize).then(|| {
        entries.truncate(PAGE_SIZE as usize);
        entries.last().map(|e| e.id.clone()).unwrap_or_default()
    });
    Ok(AuditPage { entries, next })
}
