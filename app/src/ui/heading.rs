//! A page's main heading, which names the page in the document's title and
//! takes the focus after a navigation in the app.
use leptos::prelude::*;

/// The product's name, the same in every language: the document's title on
/// its own, and after each page's name.
pub const PRODUCT: &str = "Liaison";

/// The main heading of a page (`<h1>`), and the document's title: "the
/// heading · Liaison". After a navigation in the app (not on the first
/// page, not when the page shows its heading again), focus moves to it,
/// so that a screen reader announces the new page and the keyboard goes
/// on from its top.
#[component]
pub fn PageHeading(#[prop(into)] text: String) -> impl IntoView {
    let heading = NodeRef::<leptos::html::H1>::new();
    Effect::new(move |_| {
        if let Some(heading) = heading.get() {
            focus_after_navigation(&heading);
        }
    });
    view! {
        // Plain text, never a closure over a signal: the server reads the
        // title after the page's reactive owner may be gone.
        <leptos_meta::Title text=title(&text) />
        <h1 tabindex="-1" node_ref=heading>{text}</h1>
    }
}

/// "the heading · Liaison". leptos_meta writes the server's `<title>` as it
/// is given (a support request's title is anyone's text), so the server
/// escapes it; the browser sets the document's title as text.
fn title(heading: &str) -> String {
    let title = format!("{heading} · {PRODUCT}");
    if cfg!(feature = "ssr") {
        kernel::html::escape(&title)
    } else {
        title
    }
}

/// Focuses `heading` when its page is not the one last focused: the first
/// page the browser loaded only counts as seen. The router may make the new
/// page before it takes the old one's place: until the heading is in the
/// document, this waits for the next frames.
fn focus_after_navigation(heading: &leptos::web_sys::HtmlElement) {
    #[cfg(feature = "hydrate")]
    focus_when_connected(heading.clone(), 30);
    #[cfg(not(feature = "hydrate"))]
    let _ = heading;
}

#[cfg(feature = "hydrate")]
fn focus_when_connected(heading: leptos::web_sys::HtmlElement, frames: u8) {
    thread_local! {
        static SEEN: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
    }
    if !heading.is_connected() {
        if frames > 0 {
            request_animation_frame(move || focus_when_connected(heading, frames - 1));
        }
        return;
    }
    let Some(path) = leptos::web_sys::window().and_then(|w| w.location().pathname().ok()) else {
        return;
    };
    let focus = SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        let focus = seen.as_ref().is_some_and(|seen| *seen != path);
        *seen = Some(path);
        focus
    });
    if focus {
        let _ = heading.focus();
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn a_title_cannot_close_the_title_element() {
        assert_eq!(
            super::title("</title><script>alert(1)</script> & co"),
            "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; co · Liaison"
        );
    }
}
