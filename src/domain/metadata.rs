//! `metadata`: up to five key-value pairs the merchant attaches to a payment.
//!
//! The rule, from `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts` (`PaymentRequest.metadata`
//! and `WidgetPaymentRequest.metadata`, the same text on both): «결제 관련 정보를 추가할 수 있는
//! 객체입니다. 최대 5개의 키-값(key-value) 쌍을 자유롭게 추가해주세요. 키는 `[` , `]` 를 사용하지
//! 않는 최대 40자의 문자열, 값은 최대 2000자의 문자열입니다.» (at most 5 key-value pairs; a key is a
//! string of at most 40 characters without `[` or `]`, a value a string of at most 2000
//! characters). The SDK throws `INVALID_METADATA` otherwise; [`Metadata`] refuses the same input
//! when it is built.

use std::fmt;

use serde::{Deserialize, Serialize};

/// At most this many key-value pairs (`types/index.d.ts`: «최대 5개의 키-값(key-value) 쌍»).
pub const MAX_ENTRIES: usize = 5;
/// At most this many characters in a key (`types/index.d.ts`: «키는 … 최대 40자의 문자열»).
pub const MAX_KEY_CHARS: usize = 40;
/// At most this many characters in a value (`types/index.d.ts`: «값은 최대 2000자의 문자열»).
pub const MAX_VALUE_CHARS: usize = 2000;

/// Why a key-value pair cannot go into [`Metadata`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MetadataError {
    /// A sixth distinct key («최대 5개의 키-값(key-value) 쌍»).
    #[error("metadata holds at most {MAX_ENTRIES} key-value pairs; \"{0}\" would be the sixth")]
    TooManyEntries(String),
    /// A key longer than 40 characters.
    #[error("metadata key \"{0}\" has more than {MAX_KEY_CHARS} characters")]
    KeyTooLong(String),
    /// A key with `[` or `]` («`[` , `]` 를 사용하지 않는»).
    #[error("metadata key \"{0}\" contains '[' or ']', which Toss does not allow in a key")]
    KeyBracket(String),
    /// A value longer than 2000 characters.
    #[error("the value of metadata key \"{0}\" has more than {MAX_VALUE_CHARS} characters")]
    ValueTooLong(String),
}

/// The `metadata` of a payment request: at most [`MAX_ENTRIES`] pairs of a key (at most
/// [`MAX_KEY_CHARS`] characters, no `[` or `]`) and a string value (at most
/// [`MAX_VALUE_CHARS`] characters), kept in insertion order.
///
/// Source: `@tosspayments/tosspayments-sdk` 2.8.1 `types/index.d.ts`, `PaymentRequest.metadata`
/// and `WidgetPaymentRequest.metadata`: «최대 5개의 키-값(key-value) 쌍을 자유롭게 추가해주세요.
/// 키는 `[` , `]` 를 사용하지 않는 최대 40자의 문자열, 값은 최대 2000자의 문자열입니다.» The type
/// there is `Record<string | symbol | number, unknown>`, but the text makes both keys and values
/// strings, so only strings are offered. Characters are counted as Unicode scalar values, like
/// every other length rule of this crate.
///
/// It serializes as a JSON object (`{"channel":"app"}`) and deserializes through the same
/// checks, so metadata read back from Toss (the Core API's `Payment.metadata`) is checked too.
///
/// ```
/// use leptos_tosspayments::Metadata;
///
/// let mut metadata = Metadata::new();
/// metadata.insert("channel", "app")?;
/// let metadata = metadata.with("campaign", "spring-2025")?;
/// assert_eq!(metadata.get("channel"), Some("app"));
/// assert_eq!(
///     serde_json::to_string(&metadata)?,
///     r#"{"channel":"app","campaign":"spring-2025"}"#
/// );
/// assert!(Metadata::new().with("a[0]", "x").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Metadata {
    entries: Vec<(String, String)>,
}

impl Metadata {
    /// No pairs.
    pub fn new() -> Self {
        Metadata::default()
    }

    /// Sets `key` to `value`, replacing an earlier value of the same key (which keeps its place).
    /// Refuses a key of more than 40 characters or with `[` or `]`, a value of more than 2000
    /// characters, and a sixth distinct key; on refusal the metadata is unchanged.
    pub fn insert(&mut self, key: &str, value: &str) -> Result<(), MetadataError> {
        if key.chars().count() > MAX_KEY_CHARS {
            return Err(MetadataError::KeyTooLong(key.to_owned()));
        }
        if key.contains(['[', ']']) {
            return Err(MetadataError::KeyBracket(key.to_owned()));
        }
        if value.chars().count() > MAX_VALUE_CHARS {
            return Err(MetadataError::ValueTooLong(key.to_owned()));
        }
        if let Some(entry) = self.entries.iter_mut().find(|(k, _)| k == key) {
            entry.1 = value.to_owned();
            return Ok(());
        }
        if self.entries.len() >= MAX_ENTRIES {
            return Err(MetadataError::TooManyEntries(key.to_owned()));
        }
        self.entries.push((key.to_owned(), value.to_owned()));
        Ok(())
    }

    /// [`Metadata::insert`] as a builder.
    pub fn with(mut self, key: &str, value: &str) -> Result<Self, MetadataError> {
        self.insert(key, value)?;
        Ok(self)
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        let at = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.remove(at).1)
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The pairs, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// How many pairs (at most [`MAX_ENTRIES`]).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no pairs.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Serialize for Metadata {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Metadata {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Metadata;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(
                    f,
                    "an object of at most {MAX_ENTRIES} string values (keys ≤ {MAX_KEY_CHARS} characters without '[' or ']', values ≤ {MAX_VALUE_CHARS} characters)"
                )
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Metadata, A::Error> {
                use serde::de::Error;
                let mut metadata = Metadata::new();
                while let Some((key, value)) = map.next_entry::<String, String>()? {
                    if metadata.get(&key).is_some() {
                        return Err(A::Error::custom(format!(
                            "metadata key \"{key}\" appears twice"
                        )));
                    }
                    metadata.insert(&key, &value).map_err(A::Error::custom)?;
                }
                Ok(metadata)
            }
        }
        d.deserialize_map(Visit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(n: usize) -> Result<Metadata, MetadataError> {
        (0..n).try_fold(Metadata::new(), |m, i| m.with(&format!("k{i}"), "v"))
    }

    #[test]
    fn five_pairs_fit_and_a_sixth_is_refused() {
        let five = filled(5).unwrap();
        assert_eq!(five.len(), 5);
        assert_eq!(
            filled(6).unwrap_err(),
            MetadataError::TooManyEntries("k5".into())
        );
        // Replacing a key of a full map is not a sixth pair.
        let five = five.with("k0", "other").unwrap();
        assert_eq!(five.get("k0"), Some("other"));
        assert_eq!(five.iter().next(), Some(("k0", "other")));
    }

    #[test]
    fn keys_are_at_most_40_characters_without_brackets() {
        let forty = "키".repeat(40);
        assert!(Metadata::new().with(&forty, "v").is_ok());
        let forty_one = "k".repeat(41);
        assert_eq!(
            Metadata::new().with(&forty_one, "v").unwrap_err(),
            MetadataError::KeyTooLong(forty_one)
        );
        for key in ["a[", "b]", "items[0]"] {
            assert_eq!(
                Metadata::new().with(key, "v").unwrap_err(),
                MetadataError::KeyBracket(key.into())
            );
        }
    }

    #[test]
    fn values_are_at_most_2000_characters() {
        assert!(Metadata::new().with("k", &"값".repeat(2000)).is_ok());
        assert_eq!(
            Metadata::new().with("k", &"v".repeat(2001)).unwrap_err(),
            MetadataError::ValueTooLong("k".into())
        );
    }

    #[test]
    fn serializes_as_an_object_in_insertion_order_and_reads_back_checked() {
        let m = Metadata::new()
            .with("z", "1")
            .unwrap()
            .with("a", "2")
            .unwrap();
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"z":"1","a":"2"}"#);
        assert_eq!(serde_json::from_str::<Metadata>(&json).unwrap(), m);
        assert_eq!(serde_json::to_string(&Metadata::new()).unwrap(), "{}");
        for bad in [
            r#"{"a":"1","b":"2","c":"3","d":"4","e":"5","f":"6"}"#,
            r#"{"a[0]":"1"}"#,
            r#"{"a":1}"#,
            r#"{"a":"1","a":"2"}"#,
            r#"["a"]"#,
        ] {
            assert!(serde_json::from_str::<Metadata>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn remove_frees_a_place() {
        let mut m = filled(5).unwrap();
        assert_eq!(m.remove("k2"), Some("v".into()));
        assert_eq!(m.remove("k2"), None);
        m.insert("new", "v").unwrap();
        assert_eq!(m.len(), 5);
        assert!(!m.is_empty());
    }
}
