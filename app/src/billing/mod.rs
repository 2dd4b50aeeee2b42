//! `/partner/billing`: the partner's invoices by month (R11). An invoice
//! holds only what the partner was partner of record for, prorated by day;
//! delegated admin privileges alone bring no line. Exported as CSV.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::i18n::*;
#[cfg(feature = "ssr")]
use crate::request::Context;
use crate::ui::{Loading, PageGuard};
use kernel::error::AppError;

#[cfg(feature = "ssr")]
pub mod domain;
#[cfg(feature = "ssr")]
pub mod store;

/// One line of an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub customer: String,
    pub offer: String,
    pub addon: bool,
    pub quantity: i64,
    pub unit_price_cents: i64,
    /// The first and last day billed, inclusive (`YYYY-MM-DD`).
    pub from: String,
    pub to: String,
    pub days: i64,
    pub amount_cents: i64,
}

/// One month's invoice and the months that have one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    /// `2026-11`.
    pub month: String,
    /// Every month with billing, newest first (always holds the current one).
    pub months: Vec<String>,
    pub lines: Vec<InvoiceLine>,
    pub total_cents: i64,
    /// The month is still running: its invoice counts the days up to today.
    pub in_progress: bool,
}

pub use kernel::money::{format_cents, money};

/// The invoice of `month` (`YYYY-MM`, the current month when empty) for the
/// signed-in partner.
#[cfg(feature = "ssr")]
pub async fn invoice_for(
    pool: &sqlx::SqlitePool,
    user: &crate::auth::CurrentUser,
    month: Option<&str>,
) -> Result<Invoice, AppError> {
    use domain::YearMonth;
    crate::subscriptions::domain::may_transact(user)?;
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
    if !user.organization.kind.is_partner() {
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
    pool: sqlx::SqlitePool,
    session: tower_sessions::Session,
    query: axum::extract::Query<std::collections::HashMap<String, String>>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    use http::{StatusCode, header};
    let month = query.get("month").cloned();
    let user = match crate::request::user_of_session(&pool, &session).await {
        Ok(Some(user)) if user.organization.kind.is_partner() => user,
        Ok(Some(_)) => return (StatusCode::FORBIDDEN, "Not allowed.\n").into_response(),
        Ok(None) => {
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

#[component]
pub fn BillingPage() -> impl IntoView {
    let query = use_query_map();
    let invoice = crate::ui::data(move || query.read().get("month"), partner_invoice);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match invoice.await {
                    Ok(invoice) => view! { <InvoiceView invoice /> }.into_any(),
                    Err(error) => view! { <PageGuard error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn InvoiceView(invoice: Invoice) -> impl IntoView {
    let i18n = use_i18n();
    let month = invoice.month.clone();
    let export = format!("/partner/billing/invoice.csv?month={}", invoice.month);
    let in_progress = invoice.in_progress;
    let empty = invoice.lines.is_empty();
    let total = money(invoice.total_cents);
    view! {
        <div class="page-head">
            <h1>{tu_string!(i18n, billing.heading)}</h1>
            <a href=export class="button" download="">{tu_string!(i18n, billing.export)}</a>
        </div>
        <p class="lead">{tu_string!(i18n, billing.intro)}</p>
        <nav class="months" aria-label=tu_string!(i18n, billing.months).to_string()>
            {invoice
                .months
                .iter()
                .map(|m| {
                    let current = *m == month;
                    view! {
                        <a
                            href=format!("/partner/billing?month={m}")
                            aria-current=current.then_some("page")
                        >
                            {m.clone()}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
        <h2>
            {tu_string!(i18n, billing.invoice_of, month = invoice.month.as_str()).to_string()}
        </h2>
        {in_progress.then(|| view! { <p class="muted">{tu_string!(i18n, billing.in_progress)}</p> })}
        {if empty {
            view! { <p class="empty">{tu_string!(i18n, billing.empty)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{tu_string!(i18n, billing.customer)}</th>
                                <th scope="col">{tu_string!(i18n, billing.item)}</th>
                                <th scope="col" class="num">{tu_string!(i18n, billing.quantity)}</th>
                                <th scope="col" class="num">{tu_string!(i18n, billing.unit_price)}</th>
                                <th scope="col">{tu_string!(i18n, billing.period)}</th>
                                <th scope="col" class="num">{tu_string!(i18n, billing.amount)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {invoice
                                .lines
                                .into_iter()
                                .map(|line| {
                                    let addon = line.addon;
                                    view! {
                                        <tr>
                                            <th scope="row">{line.customer.clone()}</th>
                                            <td>
                                                {line.offer.clone()}
                                                {addon.then(|| view! { <span class="muted block">{tu_string!(i18n, billing.addon)}</span> })}
                                            </td>
                                            <td class="num">{line.quantity}</td>
                                            <td class="num">{money(line.unit_price_cents)}</td>
                                            <td>
                                                {format!("{} → {}", line.from, line.to)}
                                                <span class="muted block">
                                                    {tu_string!(i18n, billing.days, days = line.days).to_string()}
                                                </span>
                                            </td>
                                            <td class="num">{money(line.amount_cents)}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                        <tfoot>
                            <tr>
                                <th scope="row" colspan="5">{tu_string!(i18n, billing.total)}</th>
                                <td class="num">{total}</td>
                            </tr>
                        </tfoot>
                    </table>
                </div>
            }
                .into_any()
        }}
    }
}
