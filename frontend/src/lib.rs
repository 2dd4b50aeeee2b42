//! The browser entry point: hydrates the server-rendered page as the whole
//! app, whose router then runs in the browser.
#![recursion_limit = "512"]

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    send_forms_once(&document);
    // A visible mark that the WASM took over; the end-to-end tests wait for it,
    // so a bundle that fails to hydrate fails the tests.
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}

/// A form the browser posts itself (`data-once`, see `app::ui::PostForm`)
/// is sent once: a second click while the answer loads would post it again,
/// and create a second subscription where one was meant. The button clicked
/// shows that it is working. A page the browser shows again from its history
/// can be sent again.
fn send_forms_once(document: &web_sys::Document) {
    let on_submit = Closure::<dyn Fn(web_sys::SubmitEvent)>::new(|event: web_sys::SubmitEvent| {
        let Some(form) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .filter(|form| form.has_attribute("data-once"))
        else {
            return;
        };
        if form.has_attribute("data-sent") {
            event.prevent_default();
            return;
        }
        let _ = form.set_attribute("data-sent", "");
        if let Some(button) = event.submitter() {
            let _ = button.set_attribute("aria-busy", "true");
        }
    });
    let on_page_show = {
        let document = document.clone();
        Closure::<dyn Fn()>::new(move || {
            let Ok(sent) = document.query_selector_all("[data-sent]") else {
                return;
            };
            for index in 0..sent.length() {
                let Some(form) = sent
                    .item(index)
                    .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
                else {
                    continue;
                };
                let _ = form.remove_attribute("data-sent");
                if let Ok(Some(busy)) = form.query_selector("[aria-busy]") {
                    let _ = busy.remove_attribute("aria-busy");
                }
            }
        })
    };
    let _ = document.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
    if let Some(window) = web_sys::window() {
        let _ = window
            .add_event_listener_with_callback("pageshow", on_page_show.as_ref().unchecked_ref());
    }
    // Both listen for the page's whole life.
    on_submit.forget();
    on_page_show.forget();
}
