//! The confirmation dialog, and the clipboard.
use leptos::prelude::*;

use crate::i18n::*;

/// Asks before something that cannot be undone.
#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] body: Signal<String>,
    #[prop(into)] confirm: Signal<String>,
    #[prop(into)] pending: Signal<bool>,
    on_confirm: impl Fn() + Send + Sync + Clone + 'static,
    /// Choices the confirmation carries (for example, which service).
    #[prop(optional)]
    children: Option<ChildrenFn>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Focus goes to the harmless choice when the dialog opens.
    let cancel = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = cancel.get() {
            let _ = button.focus();
        }
    });
    view! {
        <Show when=move || open.get()>
            <div class="backdrop">
                <div
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="dialog-title"
                    aria-describedby="dialog-body"
                    class="dialog"
                    on:keydown=move |ev| {
                        if ev.key() == "Escape" {
                            open.set(false);
                        }
                    }
                >
                    <h2 id="dialog-title">{move || title.get()}</h2>
                    <p id="dialog-body">{move || body.get()}</p>
                    {children.clone().map(|children| children())}
                    <div class="actions">
                        <button
                            type="button"
                            class="danger"
                            disabled=move || pending.get()
                            on:click={
                                let on_confirm = on_confirm.clone();
                                move |_| {
                                    on_confirm();
                                    open.set(false);
                                }
                            }
                        >
                            {move || confirm.get()}
                        </button>
                        <button type="button" node_ref=cancel on:click=move |_| open.set(false)>
                            {tu_string!(i18n, common.cancel)}
                        </button>
                    </div>
                </div>
            </div>
        </Show>
    }
}

/// A danger button that posts its form only once confirmed in a
/// [`ConfirmDialog`] (a plain post before the WASM arrives, which the page
/// answers). `children` are the form's hidden fields.
#[component]
pub fn ConfirmedSubmit(
    action: super::FormAction,
    #[prop(into)] label: String,
    #[prop(into)] title: String,
    #[prop(into)] body: String,
    #[prop(into)] confirm: String,
    anchor: &'static str,
    on_done: Callback<String>,
    children: Children,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let confirmed = RwSignal::new(false);
    let interactive = super::interactive();
    let button = NodeRef::<leptos::html::Button>::new();
    view! {
        <super::Form action quiet=true class="inline" anchor on_done>
            {children()}
            <ConfirmButton button label confirming confirmed interactive />
        </super::Form>
        <ConfirmDialog
            open=confirming
            title=title
            body=body
            confirm=confirm
            pending=Signal::derive(|| false)
            on_confirm=move || {
                if let Some(button) = button.get_untracked() {
                    confirmed.set(true);
                    button.click();
                }
            }
        />
    }
}

/// The button of a [`ConfirmedSubmit`]: once interactive, its first click
/// opens the dialog instead of posting.
#[component]
fn ConfirmButton(
    button: NodeRef<leptos::html::Button>,
    label: String,
    confirming: RwSignal<bool>,
    confirmed: RwSignal<bool>,
    interactive: ReadSignal<bool>,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            class="danger"
            node_ref=button
            on:click=move |event| {
                if interactive.get_untracked() && !confirmed.get_untracked() {
                    event.prevent_default();
                    confirming.set(true);
                }
                confirmed.set(false);
            }
        >
            {label}
        </button>
    }
}

/// Copies `text` to the clipboard; false when the browser refuses.
pub async fn copy_to_clipboard(text: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        let Some(window) = web_sys::window() else {
            return false;
        };
        let promise = window.navigator().clipboard().write_text(text);
        wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = text;
        false
    }
}
