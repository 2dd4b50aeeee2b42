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
    // A native modal `<dialog>`: the browser keeps the focus inside until it
    // closes (the rest of the page is inert), Escape closes it, and closing
    // gives the focus back to the button that opened it. The focus starts on
    // the harmless choice (`autofocus`).
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get()
            && !dialog.open()
        {
            let _ = dialog.show_modal();
        }
    });
    let close = move || {
        if let Some(dialog) = dialog.get_untracked() {
            dialog.close();
        }
        open.set(false);
    };
    view! {
        <Show when=move || open.get()>
            <dialog
                node_ref=dialog
                role="dialog"
                aria-labelledby="dialog-title"
                aria-describedby="dialog-body"
                class="dialog"
                on:close=move |_| open.set(false)
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
                                close();
                                on_confirm();
                            }
                        }
                    >
                        {move || confirm.get()}
                    </button>
                    <button type="button" autofocus on:click=move |_| close()>
                        {tu_string!(i18n, common.cancel)}
                    </button>
                </div>
            </dialog>
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
