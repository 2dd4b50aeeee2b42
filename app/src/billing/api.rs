//! The server side of billing: the invoice of a month, as JSON for the page and as CSV.
use super::Invoice;
#[cfg(feature = "ssr")]
use super::{domain, format_cents, store};
#[cfg(feature = "ssr")]
use crate::request::Context;
use kernel::error::AppError;
use leptos::prelude::*;

/// The invoice of `month` (`YYYY-MM`, the current month when empty) for the
/// signed-in partner.
#[cfg(feature = "ssr")]
pub async fn invoice_for(
    pool: &crate::db::Pool,
    user: &crate::auth::CurrentUser,
    month: Option<&str>,
) -> Result<Invoice, AppError> {
    use domain::YearMonth;
    crate::subscriptions::may_transact(user)?;
    let today = time::OffsetDateTime::now_utc().date();
    let current = YearMonth::of(today);
    let month = match month.map(str::trim).filter(|m| !m.is_empty()) {
        Some(value) => YearMonth::parse(value).ok_or(kernel::error::Invalid::Malformed(
            kernel::input::Field::Month,
        ))?,
        None => current,
    };
    let periods = store::periods_in(pool, &user.organization.id, month).await?;
    let lines = domain::invoice_lines(month, today, &periods);
    let mut months = Vec::new();
    if let Some(first) = store::first_month(pool, &user.organization.id).await? {
        let mut m = first.min(current);
        while m <= current {
            months.push(m.to_string());
            m = m.next();
        }
    }
    if months.is_empty() {
        months.push(current.to_string());
    }
    months.reverse();
    Ok(Invoice {
        month: month.to_string(),
        months,
        total_cents: lines.iter().map(|l| l.amount_cents).sum(),
        lines,
        in_progress: month == current,
    })
}

#[server(endpoint = "partner_invoice")]
pub async fn partner_invoice(month: Option<String>) -> Result<Invoice, AppError> {
    let Context { user, pool, .. } = Context::signed_in().await?;
    if !super::domain::may_open_billing(&user) {
        return Err(AppError::NotAllowed);
    }
    invoice_for(&pool, &user, month.as_deref()).await
}

/// The invoice as CSV: one header row, one row per line, a total row.
#[cfg(feature = "ssr")]
pub fn to_csv(invoice: &Invoice) -> String {
    use domain::csv_field;
    let mut out = String::from(
        "month,customer,item,kind,quantity,unit_price_usd,from,to,days,amount_usd\r\n",
    );
    for line in &invoice.lines {
        let fields = [
            invoice.month.clone(),
            csv_field(&line.customer),
            csv_field(&line.offer),
            (if line.addon { "add-on" } else { "subscription" }).to_string(),
            line.quantity.to_string(),
            format_cents(line.unit_price_cents),
            line.from.clone(),
            line.to.clone(),
            line.days.to_string(),
            format_cents(line.amount_cents),
        ];
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out.push_str(&format!(
        "{},total,,,,,,,,{}\r\n",
        invoice.month,
        format_cents(invoice.total_cents)
    ));
    out
}

/// `GET /partner/billing/invoice.csv?month=YYYY-MM`: the CSV export, for the
/// signed-in partner only. Wired by the server with the pool.
#[cfg(feature = "ssr")]
pub async fn export_csv(
    pool: crate::db::Pool,
    session: tower_sessions::Session,
    query: axum::extract::Query<std::collections::HashMap<String, String>>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    use http::{StatusCode, header};
    let month = query.get("month").cloned();
    let user = match crate::request::gate(&pool, &session).await {
        Ok(user) if super::domain::may_open_billing(&user) => user,
        Ok(_) => return (StatusCode::FORBIDDEN, "Not allowed.\n").into_response(),
        Err(kernel::error::AppError::NotSignedIn) => {
            let here = match &month {
                Some(m) => format!("/partner/billing?month={m}"),
                None => "/partner/billing".to_string(),
            };
            return axum::response::Redirect::to(&crate::ui::login_url(&here)).into_response();
        }
        Err(error) => {
            return (crate::request::status_of(&error), format!("{error}\n")).into_response();
        }
    };
    match invoice_for(&pool, &user, month.as_deref()).await {
        Ok(invoice) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename=\"liaison-invoice-{}.csv\"",
                        invoice.month
                    ),
                ),
            ],
            to_csv(&invoice),
        )
            .into_response(),
        Err(error) => (crate::request::status_of(&error), format!("{error}\n")).into_response(),
    }
}
