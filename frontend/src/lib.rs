//! The browser entry point: hydrates the server-rendered page as the whole
//! app, whose router then runs in the browser.
#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    // A visible mark that the WASM took over; the end-to-end tests wait for it,
    // so a bundle that fails to hydrate fails the tests.
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
