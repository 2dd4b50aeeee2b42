//! How the kernel's and the features' enums are stored: as text, read and
//! written by the database pool of either engine (`sqlx::Any`, for which
//! sqlx's own derive writes nothing).

/// Stores an enum as text: `sql_text!(Severity { Low => "low", High => "high" })`
/// gives it `as_sql()` and, on the server, `sqlx::Type`, `Encode` and
/// `Decode` for `sqlx::Any`. Text that names no variant fails to decode
/// (a row the migrations' CHECK constraints would have refused).
#[macro_export]
macro_rules! sql_text {
    ($name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $name {
            /// How the database writes it.
            pub const fn as_sql(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        #[cfg(feature = "ssr")]
        impl ::sqlx::Type<::sqlx::Any> for $name {
            fn type_info() -> ::sqlx::any::AnyTypeInfo {
                <str as ::sqlx::Type<::sqlx::Any>>::type_info()
            }

            fn compatible(ty: &::sqlx::any::AnyTypeInfo) -> bool {
                <str as ::sqlx::Type<::sqlx::Any>>::compatible(ty)
            }
        }

        #[cfg(feature = "ssr")]
        impl<'q> ::sqlx::Encode<'q, ::sqlx::Any> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut <::sqlx::Any as ::sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<::sqlx::encode::IsNull, ::sqlx::error::BoxDynError> {
                <&'q str as ::sqlx::Encode<'q, ::sqlx::Any>>::encode(self.as_sql(), buf)
            }
        }

        #[cfg(feature = "ssr")]
        impl<'r> ::sqlx::Decode<'r, ::sqlx::Any> for $name {
            fn decode(
                value: ::sqlx::any::AnyValueRef<'r>,
            ) -> Result<Self, ::sqlx::error::BoxDynError> {
                match <&'r str as ::sqlx::Decode<'r, ::sqlx::Any>>::decode(value)? {
                    $($text => Ok($name::$variant),)+
                    other => Err(format!(concat!("no ", stringify!($name), " is written {:?}"), other).into()),
                }
            }
        }
    };
}
