//! SQL for invoices: the billing periods of one partner.
use crate::db::Pool;
use time::Date;

use super::domain::{Period, YearMonth};
use crate::subscriptions::OfferKind;
use kernel::error::AppError;
use kernel::id::OrgId;

fn day(value: &str) -> Result<Date, AppError> {
    Date::parse(
        value,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|e| AppError::internal(format!("bad day {value}: {e}")))
}

#[derive(sqlx::FromRow)]
struct PeriodRow {
    customer: String,
    offer: String,
    kind: OfferKind,
    quantity: i64,
    unit_price_cents: i64,
    starts_on: String,
    ends_on: Option<String>,
}

/// The partner's billing periods that overlap `month` (it was partner of
/// record for them), with the customer's and the offer's names.
pub async fn periods_in(
    pool: &Pool,
    partner_id: &OrgId,
    month: YearMonth,
) -> Result<Vec<Period>, AppError> {
    let rows: Vec<PeriodRow> = crate::db::query_as(
        "SELECT c.name AS customer, o.name AS offer, o.kind, b.quantity, b.unit_price_cents, b.starts_on, b.ends_on
         FROM billing_periods b
         JOIN organizations c ON c.id = b.customer_id
         JOIN offers o ON o.id = b.offer_id
         WHERE b.partner_id = $1 AND b.starts_on < $2 AND (b.ends_on IS NULL OR b.ends_on > $3)",
    )
    .bind(partner_id)
    .bind(month.next().first_day().to_string())
    .bind(month.first_day().to_string())
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(Period {
                starts_on: day(&row.starts_on)?,
                ends_on: row.ends_on.as_deref().map(day).transpose()?,
                addon: row.kind == OfferKind::Addon,
                customer: row.customer,
                offer: row.offer,
                quantity: row.quantity,
                unit_price_cents: row.unit_price_cents,
            })
        })
        .collect()
}

/// The month of the partner's first billing period, if it has any.
pub async fn first_month(pool: &Pool, partner_id: &OrgId) -> Result<Option<YearMonth>, AppError> {
    let first: Option<String> =
        crate::db::query_scalar("SELECT MIN(starts_on) FROM billing_periods WHERE partner_id = $1")
            .bind(partner_id)
            .fetch_one(pool)
            .await?;
    Ok(first.as_deref().map(day).transpose()?.map(YearMonth::of))
}
