//! API keys: the client key the browser uses and — outside wasm only — the secret key.
//!
//! Keys come in pairs from the Toss developer centre. A pair belongs to one environment
//! (`test_` / `live_`) and one family: the **widget** family (`gck` / `gsk`, for
//! `widgets()`) or the **API-individual** family (`ck` / `sk`, for the payment window, billing
//! and brandpay). Mixing families gives `NOT_SUPPORTED_API_INDIVIDUAL_KEY` or
//! `NOT_SUPPORTED_WIDGET_KEY` in the SDK; mixing pairs gives `INVALID_API_KEY` from the API.

use std::fmt;

use serde::Serialize;

/// Which Toss environment a key belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyEnvironment {
    /// `test_` keys: no money moves.
    Test,
    /// `live_` keys: real payments.
    Live,
}

/// Which integration family a key belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyFamily {
    /// Payment widget keys: `gck` (client) and `gsk` (secret).
    Widget,
    /// API-individual keys for the payment window, billing and brandpay: `ck` and `sk`.
    ApiIndividual,
}

impl fmt::Display for KeyEnvironment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyEnvironment::Test => "test",
            KeyEnvironment::Live => "live",
        })
    }
}

impl fmt::Display for KeyFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyFamily::Widget => "widget (gck/gsk)",
            KeyFamily::ApiIndividual => "API-individual (ck/sk)",
        })
    }
}

/// Why a string is not a key of the expected kind. Secret keys are never echoed back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The text does not start with a known prefix.
    #[error("{what} must start with {expected}")]
    Prefix {
        /// Which key was being read ("client key" or "secret key").
        what: &'static str,
        /// The allowed prefixes.
        expected: &'static str,
    },
    /// A secret key was given where a client key belongs.
    #[error(
        "this is a secret key (test_sk_/test_gsk_/live_...): the browser needs the client key (..._ck_/..._gck_), and the secret key must stay on the server"
    )]
    SecretKeyAsClientKey,
    /// Nothing, or characters other than letters, digits and `_`, follow the prefix.
    #[error(
        "{what} has an empty or malformed body after its prefix: only letters, digits and '_' are allowed"
    )]
    Body {
        /// Which key was being read.
        what: &'static str,
    },
}

const CLIENT_PREFIXES: &str = "test_ck_, test_gck_, live_ck_ or live_gck_";
#[cfg(not(target_arch = "wasm32"))]
const SECRET_PREFIXES: &str = "test_sk_, test_gsk_, live_sk_ or live_gsk_";

/// Splits `env_fam_body` into its parts if `fam` is one of the two given family tags.
fn split_key<'a>(
    value: &'a str,
    widget_tag: &str,
    individual_tag: &str,
) -> Option<(KeyEnvironment, KeyFamily, &'a str)> {
    let (env, rest) = if let Some(rest) = value.strip_prefix("test_") {
        (KeyEnvironment::Test, rest)
    } else if let Some(rest) = value.strip_prefix("live_") {
        (KeyEnvironment::Live, rest)
    } else {
        return None;
    };
    let (tag, body) = rest.split_once('_')?;
    let family = if tag == widget_tag {
        KeyFamily::Widget
    } else if tag == individual_tag {
        KeyFamily::ApiIndividual
    } else {
        return None;
    };
    Some((env, family, body))
}

/// Whether `value` has a secret key's shape (`test_`/`live_` + `sk`/`gsk` + `_…`). Used to refuse
/// secret keys wherever a browser-side value is parsed. (The prefixes are kept apart, as
/// `test_`/`live_` and `sk`/`gsk`, so that no `test_sk_…`-like text ends up in the wasm bundle
/// for a secret scanner to trip over.)
pub(crate) fn is_secret_key_shaped(value: &str) -> bool {
    split_key(value, "gsk", "sk").is_some()
}

fn body_ok(body: &str) -> bool {
    !body.is_empty() && body.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A Toss client key (`test_ck_…`, `test_gck_…`, `live_ck_…`, `live_gck_…`): public, safe to
/// ship to the browser, used by `TossPayments(clientKey)`.
///
/// ```
/// use leptos_tosspayments::{ClientKey, KeyEnvironment, KeyFamily};
///
/// let key = ClientKey::parse("test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm")?;
/// assert_eq!(key.environment(), KeyEnvironment::Test);
/// assert_eq!(key.family(), KeyFamily::Widget);
/// assert!(ClientKey::parse("test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R").is_err());
/// # Ok::<(), leptos_tosspayments::KeyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct ClientKey(String);

impl ClientKey {
    /// Checks the prefix and body of a client key.
    pub fn parse(value: &str) -> Result<Self, KeyError> {
        if is_secret_key_shaped(value) {
            return Err(KeyError::SecretKeyAsClientKey);
        }
        let (_, _, body) = split_key(value, "gck", "ck").ok_or(KeyError::Prefix {
            what: "client key",
            expected: CLIENT_PREFIXES,
        })?;
        if !body_ok(body) {
            return Err(KeyError::Body { what: "client key" });
        }
        Ok(ClientKey(value.to_owned()))
    }

    /// `test` or `live`.
    pub fn environment(&self) -> KeyEnvironment {
        self.parts().0
    }

    /// Widget (`gck`) or API-individual (`ck`).
    pub fn family(&self) -> KeyFamily {
        self.parts().1
    }

    fn parts(&self) -> (KeyEnvironment, KeyFamily) {
        let (env, fam, _) = split_key(&self.0, "gck", "ck").expect("checked by parse");
        (env, fam)
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClientKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

super::deserialize_via_parse!(ClientKey, KeyError);

#[cfg(not(target_arch = "wasm32"))]
pub use secret::{KeyPairError, SecretKey};

#[cfg(not(target_arch = "wasm32"))]
mod secret {
    use super::*;
    use base64::Engine as _;
    use secrecy::{ExposeSecret, SecretString};

    /// Why a secret key cannot be used with a client key.
    #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
    #[non_exhaustive]
    pub enum KeyPairError {
        /// One key is `test_`, the other `live_`.
        #[error(
            "the client key is a {client} key but the secret key is a {secret} key: use a pair from one environment"
        )]
        Environment {
            /// The client key's environment.
            client: KeyEnvironment,
            /// The secret key's environment.
            secret: KeyEnvironment,
        },
        /// One key is a widget key, the other an API-individual key.
        #[error(
            "the client key is a {client} key but the secret key is a {secret} key: use a pair from one family"
        )]
        Family {
            /// The client key's family.
            client: KeyFamily,
            /// The secret key's family.
            secret: KeyFamily,
        },
    }

    /// A Toss secret key (`test_sk_…`, `test_gsk_…`, `live_sk_…`, `live_gsk_…`).
    ///
    /// This type exists only outside wasm, so a secret key in browser code does not compile.
    /// It cannot be serialized, and its `Debug` and `Display` show only the prefix:
    ///
    /// ```
    /// use leptos_tosspayments::SecretKey;
    ///
    /// let key = SecretKey::parse("test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R")?;
    /// assert_eq!(format!("{key}"), "test_sk_[redacted]");
    /// assert!(!format!("{key:?}").contains("zXLk"));
    /// # Ok::<(), leptos_tosspayments::KeyError>(())
    /// ```
    pub struct SecretKey {
        secret: SecretString,
        environment: KeyEnvironment,
        family: KeyFamily,
    }

    impl SecretKey {
        /// Checks the prefix and body of a secret key. The error never contains the key.
        pub fn parse(value: &str) -> Result<Self, KeyError> {
            let (environment, family, body) =
                split_key(value, "gsk", "sk").ok_or(KeyError::Prefix {
                    what: "secret key",
                    expected: SECRET_PREFIXES,
                })?;
            if !body_ok(body) {
                return Err(KeyError::Body { what: "secret key" });
            }
            Ok(SecretKey {
                secret: SecretString::from(value.to_owned()),
                environment,
                family,
            })
        }

        /// `test` or `live`.
        pub fn environment(&self) -> KeyEnvironment {
            self.environment
        }

        /// Widget (`gsk`) or API-individual (`sk`).
        pub fn family(&self) -> KeyFamily {
            self.family
        }

        /// Refuses a client key from another environment or family: such a pair can never
        /// work (`INVALID_API_KEY` from Toss), and a test key next to a live key is a
        /// configuration mistake that must stop the server at start.
        ///
        /// ```
        /// use leptos_tosspayments::{ClientKey, SecretKey};
        ///
        /// let sk = SecretKey::parse("test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6")?;
        /// assert!(sk.check_pair(&ClientKey::parse("test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm")?).is_ok());
        /// assert!(sk.check_pair(&ClientKey::parse("live_gck_abc")?).is_err());
        /// assert!(sk.check_pair(&ClientKey::parse("test_ck_abc")?).is_err());
        /// # Ok::<(), Box<dyn std::error::Error>>(())
        /// ```
        pub fn check_pair(&self, client: &ClientKey) -> Result<(), KeyPairError> {
            if client.environment() != self.environment {
                return Err(KeyPairError::Environment {
                    client: client.environment(),
                    secret: self.environment,
                });
            }
            if client.family() != self.family {
                return Err(KeyPairError::Family {
                    client: client.family(),
                    secret: self.family,
                });
            }
            Ok(())
        }

        /// The `Authorization` header value for the Core API: `Basic ` + standard, padded
        /// base64 of `secretKey:` (the colon is mandatory; the password slot is empty).
        ///
        /// ```
        /// use leptos_tosspayments::SecretKey;
        /// use secrecy::ExposeSecret;
        ///
        /// let key = SecretKey::parse("test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R")?;
        /// assert_eq!(
        ///     key.authorization_header().expose_secret(),
        ///     "Basic dGVzdF9za196WExrS0V5cE5BcldtbzUwblgzbG1lYXhZRzVSOg=="
        /// );
        /// # Ok::<(), leptos_tosspayments::KeyError>(())
        /// ```
        pub fn authorization_header(&self) -> SecretString {
            let raw = format!("{}:", self.secret.expose_secret());
            let encoded = base64::engine::general_purpose::STANDARD.encode(raw.as_bytes());
            SecretString::from(format!("Basic {encoded}"))
        }

        /// The key itself, for code that must compare or forward it. Keep it out of logs.
        pub fn expose_secret(&self) -> &str {
            self.secret.expose_secret()
        }

        fn redacted(&self) -> &'static str {
            match (self.environment, self.family) {
                (KeyEnvironment::Test, KeyFamily::ApiIndividual) => "test_sk_[redacted]",
                (KeyEnvironment::Test, KeyFamily::Widget) => "test_gsk_[redacted]",
                (KeyEnvironment::Live, KeyFamily::ApiIndividual) => "live_sk_[redacted]",
                (KeyEnvironment::Live, KeyFamily::Widget) => "live_gsk_[redacted]",
            }
        }
    }

    impl Clone for SecretKey {
        fn clone(&self) -> Self {
            SecretKey {
                secret: SecretString::from(self.secret.expose_secret().to_owned()),
                environment: self.environment,
                family: self.family,
            }
        }
    }

    impl fmt::Debug for SecretKey {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_tuple("SecretKey").field(&self.redacted()).finish()
        }
    }

    impl fmt::Display for SecretKey {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.redacted())
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn docs_test_keys_parse_and_pair() {
        let gck = ClientKey::parse("test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm").unwrap();
        let gsk = SecretKey::parse("test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6").unwrap();
        let ck = ClientKey::parse("test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq").unwrap();
        let sk = SecretKey::parse("test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R").unwrap();
        assert_eq!(gsk.check_pair(&gck), Ok(()));
        assert_eq!(sk.check_pair(&ck), Ok(()));
        assert_eq!(
            gsk.check_pair(&ck),
            Err(KeyPairError::Family {
                client: KeyFamily::ApiIndividual,
                secret: KeyFamily::Widget
            })
        );
    }

    #[test]
    fn secret_key_errors_do_not_echo_the_key() {
        let err = SecretKey::parse("test_xx_supersecretvalue").unwrap_err();
        assert!(!err.to_string().contains("supersecret"));
        let err = SecretKey::parse("test_sk_bad-char").unwrap_err();
        assert!(!err.to_string().contains("bad-char"));
    }

    #[test]
    fn secret_as_client_key_says_so() {
        assert_eq!(
            ClientKey::parse("live_gsk_abc"),
            Err(KeyError::SecretKeyAsClientKey)
        );
    }
}
