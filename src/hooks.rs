//! Headless hooks: the logic of the redirect pages, without their markup, over **your**
//! backend. Each hook takes the call to the storefront's backend as a closure, so a shop with
//! its own API uses them as readily as one with the companion server; the components
//! ([`crate::components::PaymentSuccess`], [`crate::components::BillingSuccess`]) are default
//! skins over them, calling `tosspayments-server`.
//!
//! | hook | reads | calls | state |
//! |---|---|---|---|
//! | [`use_confirm_payment`] | the successUrl's `paymentKey`, `orderId`, `amount` | your confirm | [`Confirmation`] |
//! | [`use_register_billing`] | the billing successUrl's `customerKey`, `authKey` | your billing-key issue | [`Confirmation`] |
//! | [`use_order`] | an order id you pass | your order lookup | [`Confirmation`] |
//!
//! ```no_run
//! use leptos::prelude::*;
//! use leptos_tosspayments::domain::server_api::ConfirmPaymentRequest;
//! use leptos_tosspayments::hooks::{ConfirmState, use_confirm_payment};
//!
//! /// What my shop's own backend answers.
//! #[derive(Clone)]
//! struct Receipt { total: u64 }
//!
//! async fn my_confirm(req: ConfirmPaymentRequest) -> Result<Receipt, String> {
//!     // POST it to your own API; it must compare the amount with the order it stored.
//!     Ok(Receipt { total: req.amount.value() })
//! }
//!
//! #[component]
//! fn Success() -> impl IntoView {
//!     let confirmation = use_confirm_payment(my_confirm);
//!     move || match confirmation.state.get() {
//!         ConfirmState::InvalidLink(why) => format!("This link is not valid: {why}"),
//!         ConfirmState::Working => "Confirming…".to_owned(),
//!         ConfirmState::Done(r) => format!("Paid {} won", r.total),
//!         ConfirmState::Failed(e) => format!("Not confirmed: {e}"),
//!     }
//! }
//! ```

use std::future::Future;

use leptos::prelude::*;

use crate::OrderId;
use crate::domain::redirect::{BillingSuccessQuery, RedirectQueryError, SuccessQuery};
use crate::domain::server_api::{ConfirmPaymentRequest, IssueBillingKeyRequest};

/// Where a hook's call to the backend is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmState<T, E> {
    /// The page's address is not a valid redirect from Toss: nothing was sent.
    InvalidLink(RedirectQueryError),
    /// The backend is being asked.
    Working,
    /// The backend's answer.
    Done(T),
    /// The backend refused, or could not be reached.
    Failed(E),
}

/// A hook's state and how to ask again.
#[derive(Debug)]
pub struct Confirmation<T: 'static, E: 'static> {
    /// Where the call is (tracked).
    pub state: ReadSignal<ConfirmState<T, E>>,
    /// Asks the backend again (after a failure a retry may fix; see
    /// [`crate::client::ServerError::is_retryable`] for the companion server's answers).
    pub retry: Callback<()>,
}

impl<T: 'static, E: 'static> Clone for Confirmation<T, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static, E: 'static> Copy for Confirmation<T, E> {}

/// Runs `call(request)` now and on every [`Confirmation::retry`], keeping the latest answer.
/// With `request` `Err`, nothing is called and the state stays `InvalidLink`.
fn run<R, T, E, F, Fut>(
    request: Result<R, RedirectQueryError>,
    call: F,
    on_done: Option<Callback<T>>,
) -> Confirmation<T, E>
where
    R: Clone + 'static,
    T: Clone + Send + Sync + 'static,
    E: Clone + Send + Sync + 'static,
    F: Fn(R) -> Fut + 'static,
    Fut: Future<Output = Result<T, E>> + 'static,
{
    let request = match request {
        Ok(r) => r,
        Err(e) => {
            let (state, _) = signal(ConfirmState::InvalidLink(e));
            return Confirmation {
                state,
                retry: Callback::new(|()| {}),
            };
        }
    };
    let (state, set_state) = signal(ConfirmState::Working);
    let call = std::rc::Rc::new(call);
    let start = move || {
        set_state.set(ConfirmState::Working);
        let future = call(request.clone());
        leptos::task::spawn_local(async move {
            let next = match future.await {
                Ok(done) => {
                    if let Some(cb) = on_done {
                        cb.run(done.clone());
                    }
                    ConfirmState::Done(done)
                }
                Err(e) => ConfirmState::Failed(e),
            };
            set_state.try_set(next);
        });
    };
    start();
    let start = send_wrapper::SendWrapper::new(start);
    Confirmation {
        state,
        retry: Callback::new(move |()| (*start)()),
    }
}

/// The successUrl page's logic: reads `paymentKey`, `orderId` and `amount` from the address
/// (as [`SuccessQuery`]) and asks `confirm` — your backend, which must check the amount
/// against the order **it** stored before it confirms with Toss. Never shows the address's
/// amount as paid: show what `confirm` answers.
pub fn use_confirm_payment<T, E, F, Fut>(confirm: F) -> Confirmation<T, E>
where
    T: Clone + Send + Sync + 'static,
    E: Clone + Send + Sync + 'static,
    F: Fn(ConfirmPaymentRequest) -> Fut + 'static,
    Fut: Future<Output = Result<T, E>> + 'static,
{
    use_confirm_payment_with(confirm, None)
}

/// [`use_confirm_payment`], calling `on_done` with the backend's answer.
pub fn use_confirm_payment_with<T, E, F, Fut>(
    confirm: F,
    on_done: Option<Callback<T>>,
) -> Confirmation<T, E>
where
    T: Clone + Send + Sync + 'static,
    E: Clone + Send + Sync + 'static,
    F: Fn(ConfirmPaymentRequest) -> Fut + 'static,
    Fut: Future<Output = Result<T, E>> + 'static,
{
    let request =
        SuccessQuery::parse(&crate::components::location_search()).map(|q| ConfirmPaymentRequest {
            payment_key: q.payment_key,
            order_id: q.order_id,
            amount: q.amount,
            payment_type: q.payment_type,
        });
    run(request, confirm, on_done)
}

/// Toss Pay's return page (`retUrl`): reads `orderNo` from the address (as
/// [`crate::domain::redirect::TossPayReturnQuery`]) and asks `execute`, your backend, to
/// execute the order's Toss Pay payment (the companion server's
/// [`crate::client::tosspay_execute`]). Nothing else in the address is believed: the server
/// executes the payment it created and checks it against the order it stored.
pub fn use_tosspay_return<T, E, F, Fut>(
    execute: F,
    on_done: Option<Callback<T>>,
) -> Confirmation<T, E>
where
    T: Clone + Send + Sync + 'static,
    E: Clone + Send + Sync + 'static,
    F: Fn(crate::OrderId) -> Fut + 'static,
    Fut: Future<Output = Result<T, E>> + 'static,
{
    let request =
        crate::domain::redirect::TossPayReturnQuery::parse(&crate::components::location_search())
            .map(|q| q.order_id);
    run(request, execute, on_done)
}

/// PortOne's `m_redirect_url` page's logic: reads `imp_uid` and `merchant_uid` from the
/// address ([`crate::domain::redirect::PortOneRedirectQuery`]) and asks `verify`, your backend,
/// to verify that payment against the order (the companion server's
/// [`crate::client::portone_verify`]). An address without `imp_uid` (no payment was made)
/// ends in its `error_msg`, and nothing is asked.
pub fn use_portone_return<T, E, F, Fut>(
    verify: F,
    on_done: Option<Callback<T>>,
) -> Confirmation<T, E>
where
    T: Clone + Send + Sync + 'static,
    E: Clone + Send + Sync + 'static,
    F: Fn(crate::domain::server_api::PortOneVerifyRequest) -> Fut + 'static,
    Fut: Future<Output = Result<T, E>> + 'static,
{
    use crate::domain::redirect::{PortOneRedirectQuery, RedirectQueryError};
    let request =
        PortOneRedirectQuery::parse(&crate::components::location_search()).and_then(|q| {
            match q.imp_uid {
                Some(imp_uid) => Ok(crate::domain::server_api::PortOneVerifyRequest {
                    imp_uid,
                    merchant_uid: q.merchant_uid,
                }),
                None => Err(RedirectQueryError::NoPayment(
                    q.error_msg
                        .unwrap_or_else(|| "PortOne made no payment".to_owned()),
                )),
            }
        });
    run(request, verify, on_done)
}

/// The billing successUrl page's logic: reads `customerKey` and `authKey` from the address and
/// asks `issue` — your backend, which exchanges them for a billing key it keeps (the browser
/// never holds a billing key).
pub fn use_register_billing<T, E, F, Fut>(
    issue: F,
    on_done: Option<Callback<T>>,
) -> Confirmation<T, E>
where
    T: Clone + Send + Sync + 'static,
    E: Clone + Send + Sync + 'static,
    F: Fn(IssueBillingKeyRequest) -> Fut + 'static,
    Fut: Future<Output = Result<T, E>> + 'static,
{
    let request = BillingSuccessQuery::parse(&crate::components::location_search()).map(|q| {
        IssueBillingKeyRequest {
            customer_key: q.customer_key,
            auth_key: q.auth_key,
        }
    });
    run(request, issue, on_done)
}

/// Loads an order from your backend (`load`), for an order or checkout page; `retry` loads it
/// again (a virtual account waiting for its deposit, say).
pub fn use_order<T, E, F, Fut>(order_id: OrderId, load: F) -> Confirmation<T, E>
where
    T: Clone + Send + Sync + 'static,
    E: Clone + Send + Sync + 'static,
    F: Fn(OrderId) -> Fut + 'static,
    Fut: Future<Output = Result<T, E>> + 'static,
{
    run(Ok(order_id), load, None)
}
