//! The partner's billing page.
use super::{Invoice, partner_invoice};
use crate::i18n::*;
use crate::ui::{Loading, PageGuard};
use kernel::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn BillingPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let invoice = crate::ui::data(move || query.read().get("month"), partner_invoice);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match invoice.await {
                    Ok(invoice) => view! { <InvoiceView invoice /> }.into_any(),
                    // A partner who receives no invoice (an advisor, a
                    // helpdesk agent) is on the page all the same: its
                    // heading, then why.
                    Err(error @ AppError::Refused(_)) => view! {
                        <crate::ui::PageHeading text={tu_string!(i18n, billing.heading)} />
                        <PageGuard error />
                    }
                    .into_any(),
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
    let locale = i18n.get_locale_untracked();
    let total = crate::ui::money(locale, invoice.total_cents);
    view! {
        <div class="page-head">
            <crate::ui::PageHeading text={tu_string!(i18n, billing.heading)} />
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
            {tu_string!(i18n, billing.invoice_of, month = crate::ui::month(locale, &invoice.month)).to_string()}
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
                                            <td class="num">{crate::ui::money(locale, line.unit_price_cents)}</td>
                                            <td>
                                                {format!("{} → {}", line.from, line.to)}
                                                <span class="muted block">
                                                    {tu_string!(i18n, billing.days, days = crate::ui::days(locale, u32::try_from(line.days).unwrap_or_default())).to_string()}
                                                </span>
                                            </td>
                                            <td class="num">{crate::ui::money(locale, line.amount_cents)}</td>
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
