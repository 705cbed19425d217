//! Access tokens: who may move money on an order or a billing method.
//!
//! An order id travels in URLs (the successUrl, the order page) and a customer key in billing
//! successUrls, so neither may be enough to cancel an order (a deposited virtual account is
//! refunded to the account the request names) or to charge a registered card. The answer that
//! creates an order or registers a billing method carries a fresh [`AccessToken`], once; the
//! database keeps only its SHA-256 hash; cancelling that order or charging that billing method
//! needs it as `Authorization: Bearer <token>`, unless the caller is signed in as its customer
//! ([`crate::identity`]): a [`Proof`] is either.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use leptos_tosspayments::{AccessToken, CustomerKey};
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::identity::Caller;
use crate::state::AppState;

/// A fresh token (64 hex digits from two v4 UUIDs: 244 random bits) and the hash to store.
pub fn issue() -> (AccessToken, String) {
    let raw = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let token = AccessToken::parse(&raw).unwrap_or_else(|_| unreachable!("64 hex digits"));
    let hash = hash(&token);
    (token, hash)
}

/// The SHA-256 of `token`, as 64 hex digits: what the database keeps.
pub fn hash(token: &AccessToken) -> String {
    sha256_hex(token.as_str())
}

/// The SHA-256 of `text`, as 64 hex digits.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `token` is the one whose hash was stored. Rows without a hash (created before
/// tokens existed) accept no token.
pub fn check(token: &AccessToken, stored_hash: Option<&str>, what: &str) -> Result<(), AppError> {
    match stored_hash {
        Some(stored) if constant_time_eq(hash(token).as_bytes(), stored.as_bytes()) => Ok(()),
        _ => Err(AppError::Forbidden(format!(
            "this access token does not open {what}"
        ))),
    }
}

/// Compares secrets without revealing, through timing, how much of them matched.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Extractor: the request's `Authorization: Bearer <token>`, or a 401 naming what is missing.
#[derive(Debug, Clone)]
pub struct Bearer(pub AccessToken);

impl<S: Send + Sync> FromRequestParts<S> for Bearer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or_else(|| {
                AppError::Unauthenticated(
                    "send the order's or billing method's access token as Authorization: Bearer <token>"
                        .to_owned(),
                )
            })?
            .to_str()
            .map_err(|_| AppError::Unauthenticated("the Authorization header is not text".to_owned()))?;
        // The scheme is case-insensitive (RFC 9110 §11.1).
        let raw = match header.split_once(' ') {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest,
            _ => {
                return Err(AppError::Unauthenticated(
                    "Authorization must be Bearer <token>".to_owned(),
                ));
            }
        };
        let token =
            AccessToken::parse(raw.trim()).map_err(|e| AppError::Unauthenticated(e.to_string()))?;
        Ok(Bearer(token))
    }
}

/// Extractor: the request's `Authorization: Bearer <token>` if it sent one (a malformed one is
/// still a 401).
#[derive(Debug, Clone)]
pub struct MaybeBearer(pub Option<AccessToken>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeBearer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        if !parts.headers.contains_key(AUTHORIZATION) {
            return Ok(MaybeBearer(None));
        }
        let Bearer(token) = Bearer::from_request_parts(parts, state).await?;
        Ok(MaybeBearer(Some(token)))
    }
}

/// Extractor: what a request shows to act on an order or a billing method: the signed-in
/// customer ([`crate::identity`]) and the `Authorization: Bearer` access token, if any.
#[derive(Debug, Clone)]
pub struct Proof {
    /// Who is signed in.
    pub caller: Caller,
    /// The access token sent, if any.
    pub bearer: Option<AccessToken>,
}

impl Proof {
    /// Opens what `owner` owns and whose token hash is `hash`: for `owner` signed in, or with
    /// the token. Nothing shown is a 401; a wrong token (or one for what has none), or
    /// another signed-in customer, a 403.
    pub fn opens(
        &self,
        owner: &CustomerKey,
        hash: Option<&str>,
        what: &str,
    ) -> Result<(), AppError> {
        if self.caller.is(owner) {
            return Ok(());
        }
        match &self.bearer {
            Some(token) => check(token, hash, what),
            None if self.caller.0.is_some() => {
                Err(AppError::Forbidden(format!("{what} is another customer's")))
            }
            None => Err(AppError::Unauthenticated(format!(
                "sign in as the customer of {what}, or send its access token as Authorization: Bearer <token>"
            ))),
        }
    }

    /// Whether [`Proof::opens`] would let this request in.
    pub fn shows(&self, owner: &CustomerKey, hash: Option<&str>) -> bool {
        self.opens(owner, hash, "").is_ok()
    }
}

impl Proof {
    /// What the request shows, which may be nothing (for a route that only shows more to
    /// someone who proves more).
    pub async fn of(parts: &mut Parts, state: &Arc<AppState>) -> Result<Proof, AppError> {
        let caller = Caller::from_request_parts(parts, state).await?;
        let MaybeBearer(bearer) = MaybeBearer::from_request_parts(parts, state).await?;
        Ok(Proof { caller, bearer })
    }
}

/// As an extractor, a request that shows nothing (not signed in, no token) is refused with a
/// 401 before anything else about it is looked at.
impl FromRequestParts<Arc<AppState>> for Proof {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, AppError> {
        let proof = Proof::of(parts, state).await?;
        if proof.caller.0.is_none() && proof.bearer.is_none() {
            return Err(AppError::Unauthenticated(
                "sign in, or send the access token as Authorization: Bearer <token>".to_owned(),
            ));
        }
        Ok(proof)
    }
}

/// Extractor: what the request shows, possibly nothing ([`Proof::of`]).
#[derive(Debug, Clone)]
pub struct MaybeProof(pub Proof);

impl FromRequestParts<Arc<AppState>> for MaybeProof {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, AppError> {
        Ok(MaybeProof(Proof::of(parts, state).await?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_issued_token_passes() {
        let (token, hash) = issue();
        let (other, _) = issue();
        assert_ne!(token, other);
        assert_eq!(hash.len(), 64);
        assert!(!hash.contains(token.as_str()));
        assert!(check(&token, Some(&hash), "the order").is_ok());
        assert!(check(&other, Some(&hash), "the order").is_err());
        assert!(check(&token, None, "the order").is_err());
    }

    #[tokio::test]
    async fn the_bearer_scheme_is_case_insensitive_and_required() {
        let (token, _) = issue();
        let parse = |value: &str| {
            let (mut parts, ()) = axum::http::Request::builder()
                .header(AUTHORIZATION, value)
                .body(())
                .unwrap()
                .into_parts();
            async move { Bearer::from_request_parts(&mut parts, &()).await }
        };
        for scheme in ["Bearer", "bearer", "BEARER"] {
            let Bearer(got) = parse(&format!("{scheme} {}", token.as_str()))
                .await
                .unwrap();
            assert_eq!(got, token);
        }
        assert!(parse(&format!("Basic {}", token.as_str())).await.is_err());
        assert!(parse("Bearer short").await.is_err());
    }
}
