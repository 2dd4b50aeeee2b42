//! Forms: sent in place once the page is interactive, plain posts before;
//! the buttons that open, send and close them.
use leptos::prelude::*;

use super::{ErrorAlert, here_path};
use crate::i18n::*;
use kernel::error::AppError;

/// A button that opens the form `form` of this page: in place once the page
/// is interactive (`open` becomes true), before that a GET form that loads
/// the page again with `open=<form>` in the address, taking the reader to
/// `anchor` (an element id). It never closes an open form: its
/// [`CancelButton`] does. When the reader may not use the form, the button
/// is disabled and `refused` (the reason) is said beside it.
#[component]
pub fn OpenButton(
    form: &'static str,
    open: RwSignal<bool>,
    label: String,
    anchor: &'static str,
    /// The id and the sentence of the reason.
    #[prop(default = None)]
    refused: Option<(&'static str, String)>,
) -> impl IntoView {
    let (reason_id, reason) = refused.unzip();
    let disabled = reason_id.is_some();
    let reason = reason_id
        .zip(reason)
        .map(|(id, reason)| view! { <p id=id class="muted reason">{reason}</p> });
    // A form closed in place (Cancel) takes the focus with it: it comes
    // back to the button that opened the form.
    let button = NodeRef::<leptos::html::Button>::new();
    Effect::watch(
        move || open.get(),
        move |open, was, _| {
            if !*open
                && was == Some(&true)
                && focus_lost()
                && let Some(button) = button.get_untracked()
            {
                let _ = button.focus();
            }
        },
        false,
    );
    view! {
        <form
            method="get"
            action=format!("{}#{anchor}", here_path())
            class="actions"
            on:submit=move |event| {
                event.prevent_default();
                // Pressed again, the open form stays as it is, with what was typed.
                if !open.get_untracked() {
                    open.set(true);
                }
            }
        >
            <input type="hidden" name="open" value=form />
            <button
                type="submit"
                aria-expanded=move || open.get().to_string()
                disabled=disabled
                aria-describedby=reason_id
                node_ref=button
            >
                {label}
            </button>
            {reason}
        </form>
    }
}

/// True when nothing on the page has the focus (what had it was removed).
fn focus_lost() -> bool {
    #[cfg(feature = "hydrate")]
    {
        leptos::web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.active_element().zip(document.body()))
            .is_none_or(|(active, body)| {
                let body: &leptos::web_sys::Element = &body;
                active == *body
            })
    }
    #[cfg(not(feature = "hydrate"))]
    false
}

/// Why the last plain post of a form to the server function at `action`
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

/// What the actions of the page have changed: every [`Form`] whose action
/// succeeds adds one. A resource that reads [`changes`] in its source loads
/// again after each, so the lists an action affects follow it in place.
#[derive(Clone, Copy)]
pub struct Changes(RwSignal<usize>);

impl Changes {
    /// Made once, inside the router.
    pub fn provide() {
        provide_context(Changes(RwSignal::new(0)));
    }
}

/// How many actions have succeeded in place (tracked): read it in a
/// resource's source to load again after each.
pub fn changes() -> usize {
    use_context::<Changes>().map_or(0, |changes| changes.0.get())
}

/// False in the server's render and while the page hydrates, true once the
/// WASM has taken over: what only the browser can do (follow a choice as it
/// is made) starts from the page the server sent.
pub fn interactive() -> ReadSignal<bool> {
    let (interactive, set_interactive) = signal(false);
    Effect::new(move |_| set_interactive.set(true));
    interactive
}

/// Moves focus to what `target` finds once it is shown (a form that opened
/// in place), so that the keyboard and a screen reader go on from there;
/// the browser scrolls to it.
pub fn focus_when_shown(target: impl Fn() -> Option<leptos::web_sys::HtmlElement> + 'static) {
    Effect::new(move |_| {
        if let Some(element) = target() {
            let _ = element.focus();
        }
    });
}

/// Whether the action of the enclosing [`Form`] is under way.
#[derive(Clone, Copy)]
struct Pending(Signal<bool>);

/// The server function at `path` (`<ServerFn>::PATH`) that forms send to,
/// and why it last refused, made once by the component that shows the
/// refusal (one section for all the forms of a table's rows). Each [`Form`]
/// sends through an action of its own, so answers never cross. One action
/// type for every server function: the browser sends the form as the
/// browser itself would post it, so it carries no encoder per function, and
/// the answer stays JSON until a form reads it.
#[derive(Clone, Copy)]
pub struct FormAction {
    path: &'static str,
    /// The last refusal: of a plain post (before the page was interactive),
    /// from the address; then of the last answer in place.
    refused: RwSignal<Option<AppError>>,
    /// Whether a form has been answered in place since the page loaded.
    answered: RwSignal<bool>,
}

impl FormAction {
    pub fn new(path: &'static str) -> Self {
        FormAction {
            path,
            refused: RwSignal::new(posted_failure(path)),
            answered: RwSignal::new(false),
        }
    }

    /// Why the last answer was a refusal, if it was (tracked): for a
    /// `quiet` [`Form`], whose caller shows it.
    pub fn refusal(self) -> Option<AppError> {
        self.refused.get()
    }

    /// The refusal of a plain post, which came back in the address, until
    /// anything is sent in place (tracked).
    pub fn posted_refusal(self) -> Option<AppError> {
        self.refusal().filter(|_| !self.answered.get())
    }
}

/// Posts a form's fields (`body`, URL-encoded) to the server function at
/// `path` and reads its answer, as Leptos' own client does: JSON, or on a
/// 4xx or 5xx the function's error; a redirect goes through the router.
async fn post(path: &'static str, body: String) -> Result<String, AppError> {
    #[cfg(feature = "hydrate")]
    {
        use leptos::server_fn::client::{Client, browser::BrowserClient};
        use leptos::server_fn::error::FromServerFnError;
        use leptos::server_fn::request::{ClientReq, browser::BrowserRequest};
        use leptos::server_fn::response::ClientRes;
        let request = <BrowserRequest as ClientReq<AppError>>::try_new_post(
            path,
            "application/x-www-form-urlencoded",
            "application/json",
            body,
        )?;
        let response = <BrowserClient as Client<AppError>>::send(request).await?;
        let status = ClientRes::<AppError>::status(&response);
        let redirect = ClientRes::<AppError>::has_redirect(&response);
        let location = ClientRes::<AppError>::location(&response);
        let text = ClientRes::<AppError>::try_into_string(response).await?;
        if (400..=599).contains(&status) {
            return Err(AppError::de(text.into()));
        }
        if redirect {
            leptos::server_fn::redirect::call_redirect_hook(&location);
        }
        Ok(text)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (path, body);
        Err(AppError::NotAllowed)
    }
}

/// A form over the server function of `action`. Before the WASM arrives it
/// is a plain post, which the server answers with a redirect: on success to
/// where the function says, on a refusal back to this page with the reason
/// in the address. Once interactive it is sent in place: nothing is
/// reloaded and nothing goes into the address; its [`SubmitButton`] shows
/// that it is working and a second click waits for the first answer; a
/// refusal shows at the top of the form (unless `quiet`: the caller shows
/// it) and what was typed stays; a success calls `on_done` with the answer
/// (JSON) and counts in [`changes`]. A session that ended meanwhile sends
/// the visitor to sign in, and back here.
#[component]
pub fn Form(
    action: FormAction,
    /// An element id to come back to after a plain post.
    #[prop(optional)]
    anchor: Option<&'static str>,
    #[prop(optional)] class: &'static str,
    /// The form's id, for fields outside it that belong to it (`form=`).
    #[prop(optional)]
    id: Option<&'static str>,
    /// Leaves the refusal to the caller.
    #[prop(optional)]
    quiet: bool,
    /// Called in the browser with the answer, once the action succeeded.
    #[prop(optional, into)]
    on_done: Option<Callback<String>>,
    children: Children,
) -> impl IntoView {
    let url = match anchor {
        Some(anchor) => format!("{}#{anchor}", action.path),
        None => action.path.to_string(),
    };
    let path = action.path;
    let inner = Action::new(move |body: &String| post(path, body.clone()));
    let changes = use_context::<Changes>();
    Effect::watch(
        move || inner.version().get(),
        move |_, _, _| match inner.value().get_untracked() {
            Some(Ok(answer)) => {
                action.answered.set(true);
                action.refused.set(None);
                if let Some(Changes(count)) = changes {
                    count.update(|count| *count += 1);
                }
                if let Some(on_done) = on_done {
                    on_done.run(answer);
                }
            }
            Some(Err(AppError::NotSignedIn)) => super::sign_in_again(),
            Some(Err(error)) => {
                action.answered.set(true);
                action.refused.set(Some(error));
            }
            None => {}
        },
        false,
    );
    // A form that closes takes its refusal with it: opened again, it starts clean.
    on_cleanup(move || action.refused.try_set(None).map_or((), drop));
    let pending = inner.pending();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        if event.default_prevented() {
            return;
        }
        event.prevent_default();
        // A second click while the first is answered sends nothing.
        if pending.get_untracked() {
            return;
        }
        match url_encoded(&event) {
            Some(body) => {
                inner.dispatch(body);
            }
            None => action
                .refused
                .set(Some(AppError::Request("the form could not be read".into()))),
        }
    };
    // For this form's buttons only (a component has no owner of its own).
    let pending = Pending(Signal::derive(move || pending.get()));
    view! {
        <form method="post" action=url class=class id=id on:submit=on_submit>
            {move || (!quiet).then(|| action.refusal()).flatten().map(|error| view! { <ErrorAlert error /> })}
            <leptos::context::Provider value=pending>{children()}</leptos::context::Provider>
        </form>
    }
}

/// A submitted form's fields, with the button that sent it, URL-encoded as
/// the browser posts them.
fn url_encoded(event: &leptos::ev::SubmitEvent) -> Option<String> {
    let data = leptos::form::form_data_from_event(event).ok()?;
    let params = leptos::web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
    params.to_string().as_string()
}

/// The submit button of a [`Form`], made among its children: busy while
/// its action is under way.
#[component]
pub fn SubmitButton(
    #[prop(into)] label: String,
    #[prop(optional)] primary: bool,
    #[prop(optional)] danger: bool,
    /// Why it may not be pressed: the button is disabled, the reason is
    /// the element with this id.
    #[prop(default = None)]
    refused: Option<String>,
    /// `name` and `value`, for a form with more than one button.
    #[prop(optional)]
    choice: Option<(&'static str, &'static str)>,
) -> impl IntoView {
    let pending = use_context::<Pending>().map(|Pending(pending)| pending);
    let busy = move || pending.is_some_and(|pending| pending.get()).to_string();
    let (name, value) = choice.unzip();
    view! {
        <button
            type="submit"
            class=if primary {
                Some("primary")
            } else {
                danger.then_some("danger")
            }
            aria-busy=busy
            disabled=refused.is_some()
            aria-describedby=refused
            name=name
            value=value
        >
            {label}
        </button>
    }
}

/// Closes a form opened by an [`OpenButton`] (or a row's button): in place
/// once interactive (`close`), by loading the page without `open=` before.
#[component]
pub fn CancelButton(close: Callback<()>, anchor: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a
            class="button"
            href=format!("{}#{anchor}", here_path())
            rel="external"
            on:click=move |event| {
                event.prevent_default();
                close.run(());
            }
        >
            {tu_string!(i18n, common.cancel)}
        </a>
    }
}
