//! What a page loads from a server function, and how it travels.
use leptos::prelude::*;

use kernel::error::AppError;

/// How a resource's value travels from the server's render to the browser:
/// JSON, as with leptos' default codec, but read from bytes. Server
/// functions' answers are read from bytes too, so the browser carries one
/// JSON reader per type instead of two (one for `&str`, one for bytes).
pub struct Json;

impl<T: serde::Serialize> leptos::server::codee::Encoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: serde::de::DeserializeOwned> leptos::server::codee::Decoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(value: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(value.as_bytes())
    }
}

/// What a page loads from a server function, hydrated with [`Json`].
pub type Data<T> = Resource<Result<T, AppError>, Json>;

/// `Resource::new`, with [`Json`].
pub fn data<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Data<T>
where
    T: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
    S: Send + Sync + Clone + PartialEq + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

/// [`data`] for a key that does not change while the component lives (the
/// customer of the page): each load gets its own copy of the key.
pub fn data_for<T, S, Fut>(key: S, fetcher: impl Fn(S) -> Fut + Send + Sync + 'static) -> Data<T>
where
    T: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
    S: Send + Sync + Clone + PartialEq + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    data(move || key.clone(), fetcher)
}
