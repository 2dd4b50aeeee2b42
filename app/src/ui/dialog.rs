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
