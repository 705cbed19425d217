//! Per-client rate limits on the routes anyone can call, several of which call the provider
//! with the secret key (confirm, billing issue, an order's refresh, cancels and charges). A
//! client over its budget gets 429 `RATE_LIMITED` with `Retry-After`, before anything else
//! runs. The budget is `RATE_LIMIT_PER_MINUTE` requests a minute per client address (with a
//! burst of the same size); 0 turns the limits off.
//!
//! The client is the connection's peer address (`ConnectInfo`, which the binary provides). A
//! server behind a reverse proxy sees the proxy as every client: set `TRUST_FORWARDED_FOR` so
//! the first `X-Forwarded-For` address counts instead (only behind a proxy that sets it).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::RETRY_AFTER;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::AppError;
use crate::state::AppState;

/// The limiter of a server.
#[derive(Debug, Clone)]
pub struct Limits {
    limiter: Option<Arc<DefaultKeyedRateLimiter<IpAddr>>>,
    trust_forwarded_for: bool,
}

impl Default for Limits {
    /// 120 requests a minute per client.
    fn default() -> Self {
        Limits::per_minute(120, false)
    }
}

impl Limits {
    /// `n` requests a minute per client (0: no limit); `trust_forwarded_for` keys clients by
    /// the first `X-Forwarded-For` address.
    pub fn per_minute(n: u32, trust_forwarded_for: bool) -> Limits {
        Limits {
            limiter: NonZeroU32::new(n).map(|n| Arc::new(RateLimiter::keyed(Quota::per_minute(n)))),
            trust_forwarded_for,
        }
    }

    fn client(&self, request: &Request) -> IpAddr {
        if self.trust_forwarded_for
            && let Some(ip) = request
                .headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .and_then(|v| v.trim().parse().ok())
        {
            return ip;
        }
        request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip())
    }
}

/// Middleware: refuses a client over its budget.
pub async fn limit(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let Some(limiter) = &state.limits.limiter else {
        return next.run(request).await;
    };
    let client = state.limits.client(&request);
    match limiter.check_key(&client) {
        Ok(()) => next.run(request).await,
        Err(not_until) => {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            tracing::warn!(%client, "rate limited");
            let mut response = AppError::TooManyRequests(format!(
                "too many requests from this client; try again in {} s",
                wait.as_secs() + 1
            ))
            .into_response();
            if let Ok(value) = (wait.as_secs() + 1).to_string().parse() {
                response.headers_mut().insert(RETRY_AFTER, value);
            }
            response
        }
    }
}
