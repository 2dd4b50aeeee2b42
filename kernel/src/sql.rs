//! How the kernel's and the features' enums are stored: as text, read and
//! written by either engine's driver.

/// Stores an enum as text: `sql_text!(Severity { Low => "low", High => "high" })`
/// gives it `as_sql()` and, on the server, `sqlx::Type`, `Encode` and
/// `Decode` for every engine that reads text. Text that names no variant fails to decode
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
        impl<DB: ::sqlx::Database> ::sqlx::Type<DB> for $name
        where
            str: ::sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as ::sqlx::Type<DB>>::type_info()
            }

            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as ::sqlx::Type<DB>>::compatible(ty)
            }
        }

        #[cfg(feature = "ssr")]
        impl<'q, DB: ::sqlx::Database> ::sqlx::Encode<'q, DB> for $name
        where
            &'q str: ::sqlx::Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut <DB as ::sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<::sqlx::encode::IsNull, ::sqlx::error::BoxDynError> {
                <&'q str as ::sqlx::Encode<'q, DB>>::encode(self.as_sql(), buf)
            }
        }

        #[cfg(feature = "ssr")]
        impl<'r, DB: ::sqlx::Database> ::sqlx::Decode<'r, DB> for $name
        where
            &'r str: ::sqlx::Decode<'r, DB>,
        {
            fn decode(
                value: <DB as ::sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, ::sqlx::error::BoxDynError> {
                match <&'r str as ::sqlx::Decode<'r, DB>>::decode(value)? {
                    $($text => Ok($name::$variant),)+
                    other => Err(format!(concat!("no ", stringify!($name), " is written {:?}"), other).into()),
                }
            }
        }
    };
}
