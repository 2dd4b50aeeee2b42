//! Text as it may stand in HTML: the one escape that the emails (the
//! outbox's HTML part) and the server-rendered document's `<title>` use.

/// `text` with `&`, `<`, `>`, `"` and `'` as entities, so that it stays
/// text in an element's content and in a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_stays_text() {
        assert_eq!(
            escape("</title><a href=\"x\" title='y'>Tom & Jerry</a>"),
            "&lt;/title&gt;&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;"
        );
        assert_eq!(escape("Invoices · Liaison"), "Invoices · Liaison");
    }
}
