//! The typed payment domain: one definition of every value that crosses the browser, the
//! merchant server and Toss.
//!
//! Formats come from the Toss Payments integration guide ("Common identifiers" and "Common
//! types") and the V2 SDK's own validation (`@tosspayments/standard-public-interfaces`); where
//! the two disagree the stricter rule is used and the choice is documented on the type.

pub mod access_token;
pub mod amount;
pub mod auth_key;
pub mod customer_key;
pub mod error_code;
pub mod idempotency_key;
pub mod keys;
pub mod metadata;
pub mod method;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod order_id;
pub mod order_name;
pub mod payment_key;
pub mod portone;
pub mod redirect;
pub mod server_api;
pub mod status;
pub mod tosspay;
pub mod valid_hours;

/// Implements `Deserialize` for a string newtype by running its `parse` function, so that a
/// malformed value is rejected at the serde edge with the type's own error message.
macro_rules! deserialize_via_parse {
    ($ty:ty, $err:ty) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                <$ty>::parse(&s).map_err(serde::de::Error::custom)
            }
        }

        impl std::str::FromStr for $ty {
            type Err = $err;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <$ty>::parse(s)
            }
        }
    };
}
pub(crate) use deserialize_via_parse;

/// Declares an enum of documented Toss string values plus an `Other(String)` variant that keeps
/// any value Toss adds later, so that an unknown string is never a deserialization failure.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value not in our references, kept verbatim.
            Other(String),
        }

        impl $name {
            /// Every documented value, in the order of the references.
            pub const KNOWN: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// The string Toss uses for this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )+
                    $name::Other(s) => s,
                }
            }

            /// Reads a Toss string; never fails (unknown values become `Other`).
            pub fn from_code(s: &str) -> Self {
                match s {
                    $( $text => $name::$variant, )+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                Ok($name::from_code(&s))
            }
        }
    };
}
pub(crate) use open_enum;
