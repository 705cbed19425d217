//! Who is asking: the storefront's signed-in customer.
//!
//! Customer keys travel (in successUrls, in the browser, in `GET /api/orders/{id}` for billing
//! orders), so a customer key alone never proves who someone is. A storefront that signs its
//! customers in tells the server who the caller is with an [`Identity`] (from its session
//! cookie, a header, a JWT…), and the server then refuses a request about another customer's
//! key. [`Anonymous`] (nobody is ever signed in) is the default; without an identity, replacing
//! a registered billing method needs that method's access token.

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use leptos_tosspayments::CustomerKey;

use crate::error::AppError;
use crate::state::AppState;

/// Maps a request to the storefront's signed-in customer.
///
/// ```
/// use async_trait::async_trait;
/// use axum::http::request::Parts;
/// use leptos_tosspayments::CustomerKey;
/// use tosspayments_server::identity::Identity;
///
/// /// A gateway in front of the server has authenticated the user and says who it is.
/// #[derive(Debug)]
/// struct GatewayHeader;
///
/// #[async_trait]
/// impl Identity for GatewayHeader {
///     async fn customer(&self, parts: &Parts) -> Option<CustomerKey> {
///         let value = parts.headers.get("x-authenticated-customer")?.to_str().ok()?;
///         CustomerKey::parse(value).ok()
///     }
/// }
/// ```
#[async_trait]
pub trait Identity: Send + Sync + fmt::Debug {
    /// The customer signed in on this request, if any. Whatever proves it (a signed session
    /// cookie, a verified token) is checked here; an unproven claim is `None`.
    async fn customer(&self, parts: &Parts) -> Option<CustomerKey>;
}

/// Nobody is ever signed in: the default for a storefront without accounts.
#[derive(Debug, Clone, Copy, Default)]
pub struct Anonymous;

#[async_trait]
impl Identity for Anonymous {
    async fn customer(&self, _: &Parts) -> Option<CustomerKey> {
        None
    }
}

/// The shared identity of a server.
pub type SharedIdentity = Arc<dyn Identity>;

/// Extractor: the signed-in customer of this request, as the storefront's [`Identity`] says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller(pub Option<CustomerKey>);

impl Caller {
    /// Refuses a request about `customer` from someone signed in as another customer.
    pub fn may_act_for(&self, customer: &CustomerKey) -> Result<(), AppError> {
        match &self.0 {
            Some(me) if me != customer => Err(AppError::Forbidden(
                "this customer key is not the signed-in customer's".to_owned(),
            )),
            _ => Ok(()),
        }
    }

    /// `key` if it is the caller's own (an answer shows a customer key to its customer only).
    pub fn own(&self, key: Option<CustomerKey>) -> Option<CustomerKey> {
        key.filter(|key| self.is(key))
    }

    /// Whether the caller is signed in as `customer`.
    pub fn is(&self, customer: &CustomerKey) -> bool {
        self.0.as_ref() == Some(customer)
    }
}

impl FromRequestParts<Arc<AppState>> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, AppError> {
        Ok(Caller(state.identity.customer(parts).await))
    }
}
