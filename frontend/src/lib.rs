//! The browser entry point: hydrates the islands of the server-rendered page.
//!
//! Pages are rendered on the server; only the parts marked `#[island]` in
//! `app` (forms, dialogs, the language switch) become interactive here.
#![recursion_limit = "512"]

// The islands live in `app`: link it even though nothing here names it, or
// no island would be in the bundle.
extern crate app;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // A visible mark that the WASM took over; the end-to-end tests wait for it,
    // so a bundle that fails to hydrate fails the tests.
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
