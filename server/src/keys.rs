//! The server's key pair, read from the environment and checked at start.

use leptos_tosspayments::{ClientKey, KeyError, KeyPairError, SecretKey};

/// Why the server's keys cannot be used. None of the messages contains the secret key.
#[derive(Debug, thiserror::Error)]
pub enum KeysError {
    /// A required variable is unset or not valid UTF-8.
    #[error("{0} is not set: export the key from the Toss developer centre (or run the sandbox)")]
    Missing(&'static str),
    /// `TOSS_CLIENT_KEY` is malformed.
    #[error("TOSS_CLIENT_KEY: {0}")]
    Client(KeyError),
    /// `TOSS_SECRET_KEY` is malformed.
    #[error("TOSS_SECRET_KEY: {0}")]
    Secret(KeyError),
    /// The two keys are not one pair.
    #[error("TOSS_CLIENT_KEY and TOSS_SECRET_KEY do not belong together: {0}")]
    Pair(KeyPairError),
}

/// A client key and the secret key it pairs with.
#[derive(Debug, Clone)]
pub struct Keys {
    /// The public key the browser gets.
    pub client: ClientKey,
    /// The secret key; only ever sent to Toss in the `Authorization` header.
    pub secret: SecretKey,
}

impl Keys {
    /// Parses and pairs two keys, refusing a test key next to a live key and a widget key next
    /// to an API-individual key.
    ///
    /// ```
    /// use tosspayments_server::keys::Keys;
    ///
    /// assert!(Keys::new("test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm", "test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6").is_ok());
    /// let err = Keys::new("live_gck_abc", "test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6").unwrap_err();
    /// assert!(err.to_string().contains("one environment"));
    /// ```
    pub fn new(client: &str, secret: &str) -> Result<Self, KeysError> {
        let client = ClientKey::parse(client).map_err(KeysError::Client)?;
        let secret = SecretKey::parse(secret).map_err(KeysError::Secret)?;
        secret.check_pair(&client).map_err(KeysError::Pair)?;
        Ok(Keys { client, secret })
    }

    /// Reads `TOSS_CLIENT_KEY` and `TOSS_SECRET_KEY`.
    pub fn from_env() -> Result<Self, KeysError> {
        let client =
            std::env::var("TOSS_CLIENT_KEY").map_err(|_| KeysError::Missing("TOSS_CLIENT_KEY"))?;
        let secret =
            std::env::var("TOSS_SECRET_KEY").map_err(|_| KeysError::Missing("TOSS_SECRET_KEY"))?;
        Keys::new(&client, &secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_the_secret() {
        let keys = Keys::new(
            "test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq",
            "test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R",
        )
        .unwrap();
        let shown = format!("{keys:?}");
        assert!(!shown.contains("zXLkKEyp"), "{shown}");
        assert!(shown.contains("test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq"));
    }

    #[test]
    fn mismatched_family_is_refused() {
        let err = Keys::new(
            "test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq",
            "test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6",
        )
        .unwrap_err();
        assert!(matches!(err, KeysError::Pair(_)));
        assert!(!err.to_string().contains("OaPz8L5K"));
    }
}
