//! The language of the REST API's problems: the one the request's
//! `Accept-Language` prefers among Liaison's, else English.
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use leptos_i18n::Locale as _;

use super::problem::{ApiError, Written, body};
use crate::i18n::Locale;

/// Writes the problems the API's routes answer with in the language the
/// request prefers (a layer on every route of the API).
pub async fn in_language(request: Request, next: Next) -> Response {
    let locale = locale_of(request.headers());
    let mut response = next.run(request).await;
    if let Some(Written(error)) = response.extensions_mut().remove::<Written>() {
        rewrite(&mut response, &error, locale);
    }
    response
}

fn rewrite(response: &mut Response, error: &ApiError, locale: Locale) {
    if locale != Locale::en {
        response.headers_mut().remove(header::CONTENT_LENGTH);
        *response.body_mut() = axum::body::Body::from(body(error, locale));
    }
    response.headers_mut().insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(locale.as_str()),
    );
}

/// The locale an `Accept-Language` header prefers, by quality then order
/// (RFC 9110); English when it names none of ours.
pub fn locale_of(headers: &HeaderMap) -> Locale {
    let Some(value) = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
    else {
        return Locale::en;
    };
    let mut ranges: Vec<(&str, u16)> = value
        .split(',')
        .filter_map(|range| {
            let mut parts = range.split(';');
            let tag = parts.next()?.trim();
            let quality =
                parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1000), |q| {
                        q.trim()
                            .parse::<f32>()
                            .ok()
                            .filter(|q| (0.0..=1.0).contains(q))
                            .map(|q| (q * 1000.0) as u16)
                    })?;
            (!tag.is_empty() && tag != "*" && quality > 0).then_some((tag, quality))
        })
        .collect();
    ranges.sort_by_key(|range| std::cmp::Reverse(range.1));
    let tags: Vec<&str> = ranges.into_iter().map(|(tag, _)| tag).collect();
    Locale::find_locale(&tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asking(value: &str) -> Locale {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_str(value).unwrap(),
        );
        locale_of(&headers)
    }

    #[test]
    fn the_language_is_the_one_the_request_prefers_else_english() {
        assert_eq!(locale_of(&HeaderMap::new()), Locale::en);
        assert_eq!(asking("fr"), Locale::fr);
        assert_eq!(asking("fr-CA,fr;q=0.9,en;q=0.8"), Locale::fr);
        assert_eq!(asking("en;q=0.5, fr;q=0.9"), Locale::fr);
        assert_eq!(asking("de, fr;q=0.1"), Locale::fr);
        assert_eq!(asking("de"), Locale::en);
        assert_eq!(asking("en-US,en;q=0.9,fr;q=0.8"), Locale::en);
        assert_eq!(asking("fr;q=0"), Locale::en);
    }
}
