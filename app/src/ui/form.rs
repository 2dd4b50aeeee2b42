//! Forms the browser posts itself, and the buttons that open them.
use leptos::prelude::*;

use super::here_path;
use kernel::error::AppError;

/// A button that opens the form `form` of this page, or closes it when it is
/// `open`: a GET form that loads the page again with `open=<form>` in the
/// address, taking the reader to `anchor` (an element id). The page renders
/// the open form on the server, so it works before the WASM arrives and
/// ships none.
#[component]
pub fn OpenButton(
    form: &'static str,
    open: bool,
    label: String,
    anchor: &'static str,
) -> impl IntoView {
    view! {
        <form method="get" action=format!("{}#{anchor}", here_path()) class="actions">
            {(!open).then(|| view! { <input type="hidden" name="open" value=form /> })}
            <button type="submit" aria-expanded=open.to_string()>{label}</button>
        </form>
    }
}

/// A form the browser posts itself to the server function at `action`
/// (`<ServerFn>::PATH`). The server sends the browser back to the page: on
/// success to where the function says, with what was done; on a refusal to
/// the page it came from, the failure in the address ([`posted_failure`]).
/// The fragment `anchor` (an element id), for a form far down its page,
/// brings the reader back to the section it acted in: a redirect without
/// one keeps the address's. Sent once: the browser's entry point ignores a
/// second click while it waits.
#[component]
pub fn PostForm(
    action: &'static str,
    #[prop(optional)] anchor: Option<&'static str>,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let action = match anchor {
        Some(anchor) => format!("{action}#{anchor}"),
        None => action.to_string(),
    };
    view! {
        <form method="post" action=action class=class data-once="">
            {children()}
        </form>
    }
}

/// Why the last post of a [`PostForm`] to the server function at `action`
/// was refused, if the address of the page being shown says so. Read from
/// the router's address, not from a context: a failure belongs to the one
/// page it was sent back to, never to the pages navigated to after it.
pub fn posted_failure(action: &str) -> Option<AppError> {
    let (path, error) = address_failure()?;
    (path == action)
        .then(|| leptos::server_fn::error::ServerFnUrlError::<AppError>::decode_err(&error))
}

/// The failure of a form in the page's address (`__path`, `__err`), if any.
fn address_failure() -> Option<(String, String)> {
    super::query_value("__path").zip(super::query_value("__err"))
}

/// Gives the page's server actions the failure of a form the browser
/// posted before the page was interactive, or none. The server answered
/// that post with a redirect back here, the failure in the address
/// (`__path`, `__err`); the server's render shows it, so the actions must
/// start from it too. Call at the top of a component, before making its
/// actions: what it provides there replaces what an earlier page's address
/// left in the router's context, so an old failure never comes back.
pub fn provide_form_error() {
    let (path, error) = address_failure().unwrap_or_default();
    provide_context(leptos::server::ServerActionError::new(&path, &error));
}
