//! Signed-in buyers: a session in a signed, HttpOnly cookie, and the [`Identity`] it proves.
//!
//! The cookie holds the customer key and when the session ends, signed with HMAC-SHA256 under
//! the server's `SESSION_SECRET` (`axum-extra`'s signed jar): scripts cannot read it
//! (`HttpOnly`), other sites' requests do not carry it (`SameSite=Lax`), and a changed one is
//! refused. A storefront with its own accounts calls [`Sessions::sign_in`] from its login
//! handler; the demo signs each new browser in as a guest (`POST /api/session`), so that its
//! orders and billing method are that browser's without tokens in `localStorage`.
//!
//! The session is not revocable before it ends (nothing is kept on the server): sign-out
//! removes the cookie from the browser, and a new `SESSION_SECRET` ends every session.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use axum::Json;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum_extra::extract::cookie::{Cookie, Key, SameSite, SignedCookieJar};
use leptos_tosspayments::CustomerKey;
use leptos_tosspayments::domain::server_api::{ApiErrorBody, SessionView};

use crate::db::now_ms;
use crate::error::AppError;
use crate::identity::{Caller, Identity};
use crate::state::AppState;

/// The cookie's name.
pub const COOKIE: &str = "ltp_session";

/// The format of the signed value: `v1|<ends at, ms>|<customer key>`.
const VERSION: &str = "v1";

/// The key sessions are signed with: at least 64 bytes of secret (`SESSION_SECRET`).
#[derive(Clone)]
pub struct SessionSecret(Key);

/// Why a `SESSION_SECRET` cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a session secret needs at least 64 characters (for example: openssl rand -hex 64)")]
pub struct SessionSecretError;

impl SessionSecret {
    /// The secret in `raw`, at least 64 bytes.
    pub fn parse(raw: &str) -> Result<SessionSecret, SessionSecretError> {
        Key::try_from(raw.as_bytes())
            .map(SessionSecret)
            .map_err(|_| SessionSecretError)
    }

    /// A random secret, for a process whose sessions may end when it stops (tests, the demo).
    pub fn generate() -> SessionSecret {
        SessionSecret(Key::generate())
    }
}

impl fmt::Debug for SessionSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionSecret(…)")
    }
}

/// Sessions: how the cookie is made and read.
#[derive(Debug, Clone)]
pub struct Sessions {
    secret: SessionSecret,
    secure: bool,
    lifetime: Duration,
}

impl Sessions {
    /// Sessions signed with `secret`, lasting 30 days, in a `Secure` cookie (sent over HTTPS
    /// only; see [`Sessions::insecure`]).
    pub fn new(secret: SessionSecret) -> Sessions {
        Sessions {
            secret,
            secure: true,
            lifetime: Duration::from_secs(30 * 24 * 3600),
        }
    }

    /// Drops the cookie's `Secure` attribute, for a server reached over plain HTTP (development
    /// on `127.0.0.1`; `SESSION_INSECURE_COOKIE=1`).
    pub fn insecure(mut self) -> Sessions {
        self.secure = false;
        self
    }

    /// Sessions that last `lifetime`.
    pub fn lasting(mut self, lifetime: Duration) -> Sessions {
        self.lifetime = lifetime;
        self
    }

    /// `jar` with a session for `customer`: what a sign-in answers with.
    pub fn sign_in(&self, jar: SignedCookieJar, customer: &CustomerKey) -> SignedCookieJar {
        let ends = now_ms() + self.lifetime.as_millis() as i64;
        let value = format!("{VERSION}|{ends}|{customer}");
        let max_age = time::Duration::seconds(self.lifetime.as_secs() as i64);
        jar.add(
            Cookie::build((COOKIE, value))
                .path("/")
                .http_only(true)
                .secure(self.secure)
                .same_site(SameSite::Lax)
                .max_age(max_age),
        )
    }

    /// What a sign-out answers with: the request's session cookie (in `headers`), removed
    /// (an expired, empty cookie in its place).
    pub fn sign_out(&self, headers: &HeaderMap) -> SignedCookieJar {
        SignedCookieJar::from_headers(headers, self.secret.0.clone())
            .remove(Cookie::build(COOKIE).path("/"))
    }

    /// An empty jar for this server's key (to [`Sessions::sign_in`] into).
    pub fn jar(&self) -> SignedCookieJar {
        SignedCookieJar::new(self.secret.0.clone())
    }

    /// The customer of a well-signed, unexpired session in `parts`.
    pub fn customer(&self, parts: &Parts) -> Option<CustomerKey> {
        let jar = SignedCookieJar::from_headers(&parts.headers, self.secret.0.clone());
        let cookie = jar.get(COOKIE)?;
        let mut fields = cookie.value().splitn(3, '|');
        let (Some(VERSION), Some(ends), Some(customer)) =
            (fields.next(), fields.next(), fields.next())
        else {
            return None;
        };
        if ends.parse::<i64>().ok()? <= now_ms() {
            return None;
        }
        CustomerKey::parse(customer).ok()
    }
}

#[async_trait]
impl Identity for Sessions {
    async fn customer(&self, parts: &Parts) -> Option<CustomerKey> {
        Sessions::customer(self, parts)
    }
}

fn sessions(state: &AppState) -> Result<&Sessions, AppError> {
    state.sessions.as_deref().ok_or_else(|| {
        AppError::NotFound("this server has no sessions (SESSION_SECRET)".to_owned())
    })
}

/// `GET /api/session`: who is signed in.
#[utoipa::path(get, path = "/api/session", tag = "session",
    responses((status = 200, description = "Who is signed in (no customer key: nobody)", body = SessionView),
              (status = 404, description = "Sessions are off on this server", body = ApiErrorBody)))]
pub async fn current(
    State(s): State<Arc<AppState>>,
    caller: Caller,
) -> Result<Json<SessionView>, AppError> {
    sessions(&s)?;
    Ok(Json(SessionView {
        customer_key: caller.0,
    }))
}

/// `POST /api/session`: signs this browser in as a guest, a new customer (or keeps the
/// customer already signed in).
#[utoipa::path(post, path = "/api/session", tag = "session",
    responses((status = 200, description = "Signed in; the session is in a signed, HttpOnly cookie", body = SessionView),
              (status = 404, description = "Sessions are off on this server", body = ApiErrorBody)))]
pub async fn sign_in_guest(
    State(s): State<Arc<AppState>>,
    caller: Caller,
) -> Result<(SignedCookieJar, Json<SessionView>), AppError> {
    let sessions = sessions(&s)?;
    let customer = caller.0.unwrap_or_else(CustomerKey::generate);
    let jar = sessions.sign_in(sessions.jar(), &customer);
    Ok((
        jar,
        Json(SessionView {
            customer_key: Some(customer),
        }),
    ))
}

/// `DELETE /api/session`: signs out.
#[utoipa::path(delete, path = "/api/session", tag = "session",
    responses((status = 204, description = "Signed out"),
              (status = 404, description = "Sessions are off on this server", body = ApiErrorBody)))]
pub async fn sign_out(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<(SignedCookieJar, StatusCode), AppError> {
    let sessions = sessions(&s)?;
    Ok((sessions.sign_out(&headers), StatusCode::NO_CONTENT))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header::{COOKIE as COOKIE_HEADER, SET_COOKIE};
    use axum::response::IntoResponse;

    fn parts_with(cookie: &str) -> Parts {
        axum::http::Request::builder()
            .header(COOKIE_HEADER, cookie)
            .body(())
            .unwrap()
            .into_parts()
            .0
    }

    fn set_cookie(jar: SignedCookieJar) -> String {
        let response = jar.into_response();
        let header = response
            .headers()
            .get(SET_COOKIE)
            .unwrap()
            .to_str()
            .unwrap();
        header.to_owned()
    }

    #[test]
    fn a_signed_session_names_its_customer_and_a_changed_one_names_nobody() {
        let sessions = Sessions::new(SessionSecret::generate());
        let customer = CustomerKey::parse("buyer-1").unwrap();
        let header = set_cookie(sessions.sign_in(sessions.jar(), &customer));
        for attribute in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/", "Max-Age="] {
            assert!(header.contains(attribute), "{header}");
        }
        let pair = header.split(';').next().unwrap();
        assert_eq!(sessions.customer(&parts_with(pair)), Some(customer));

        // Another customer's key in the same signature, or another server's key: nobody.
        let forged = pair.replace("buyer-1", "buyer-2");
        assert_eq!(sessions.customer(&parts_with(&forged)), None);
        let other = Sessions::new(SessionSecret::generate());
        assert_eq!(other.customer(&parts_with(pair)), None);
        assert_eq!(
            sessions.customer(&parts_with("ltp_session=v1|9999999999999|buyer-1")),
            None
        );
    }

    #[test]
    fn an_ended_session_names_nobody() {
        let sessions = Sessions::new(SessionSecret::generate()).lasting(Duration::ZERO);
        let customer = CustomerKey::parse("buyer-1").unwrap();
        let header = set_cookie(sessions.sign_in(sessions.jar(), &customer));
        let pair = header.split(';').next().unwrap();
        assert_eq!(sessions.customer(&parts_with(pair)), None);
    }

    #[test]
    fn a_short_secret_is_refused_and_never_printed() {
        assert_eq!(
            SessionSecret::parse("short").unwrap_err(),
            SessionSecretError
        );
        let secret = SessionSecret::parse(&"s".repeat(64)).unwrap();
        assert!(!format!("{secret:?}").contains("sss"));
        assert!(!format!("{:?}", Sessions::new(secret)).contains("sss"));
    }
}
