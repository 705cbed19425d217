//! The HTTP contract between the browser component and the companion server
//! (`tosspayments-server`): paths, request bodies and answers. One definition, used by both
//! sides, so the wasm client and the axum handlers cannot drift apart.
//!
//! Every error answer is [`ApiErrorBody`] `{code, message}` with a 4xx or 5xx status.

use serde::{Deserialize, Serialize};

use super::access_token::AccessToken;
use super::amount::{Amount, core_krw};
use super::auth_key::AuthKey;
use super::customer_key::CustomerKey;
pub use super::error_code::ErrorCode;
use super::keys::ClientKey;
use super::order_id::OrderId;
use super::order_name::OrderName;
use super::payment_key::PaymentKey;
use super::redirect::PaymentType;

/// The server's routes, relative to where the storefront mounts its router.
pub mod paths {
    /// `GET`: [`super::ClientConfig`].
    pub const CONFIG: &str = "/api/config";
    /// `POST` [`super::CreateOrderRequest`] → [`super::OrderView`].
    pub const ORDERS: &str = "/api/orders";
    /// `POST` [`super::ConfirmPaymentRequest`] → [`super::OrderView`].
    pub const CONFIRM: &str = "/api/payments/confirm";
    /// `GET` → `Vec<`[`super::ProductView`]`>`: the catalog.
    pub const PRODUCTS: &str = "/api/products";
    /// `POST` [`super::IssueBillingKeyRequest`] → [`super::BillingView`].
    pub const BILLING_ISSUE: &str = "/api/billing/issue";
    /// `POST` [`super::ChargeBillingRequest`] → [`super::OrderView`].
    pub const BILLING_CHARGE: &str = "/api/billing/charge";
    /// `DELETE`: the customer's billing method (route template; `{customer_key}`).
    pub const BILLING_METHOD: &str = "/api/billing/methods/{customer_key}";
    /// `POST`: Toss's webhooks.
    pub const WEBHOOK: &str = "/api/webhooks/toss";
    /// `GET` → [`super::OrderView`]: the route template (axum's `{order_id}` syntax); browsers
    /// call [`order`].
    pub const ORDER: &str = "/api/orders/{order_id}";
    /// `POST` [`super::CancelOrderRequest`]: the route template; browsers call [`cancel`].
    pub const CANCEL: &str = "/api/orders/{order_id}/cancel";
    /// `GET`: `ok` while the server runs.
    pub const HEALTH: &str = "/healthz";
    /// `GET`: readiness: the database answers and the background workers are alive (503 and
    /// what is wrong otherwise).
    pub const READY: &str = "/readyz";
    /// `GET`: the merchant console's order list (staff token).
    pub const ADMIN_ORDERS: &str = "/api/admin/orders";
    /// `GET`: an order's timeline (staff token).
    pub const ADMIN_ORDER_EVENTS: &str = "/api/admin/orders/{order_id}/events";
    /// `POST` [`super::CancelOrderRequest`]: a refund by staff (staff token).
    pub const ADMIN_CANCEL: &str = "/api/admin/orders/{order_id}/cancel";
    /// `GET`: mismatches between the provider's verified state and ours (staff token).
    pub const ADMIN_MISMATCHES: &str = "/api/admin/mismatches";
    /// `GET` → `Vec<`[`super::StaffWebhookView`]`>`: the webhook inbox, newest first (staff
    /// token).
    pub const ADMIN_WEBHOOKS: &str = "/api/admin/webhooks";
    /// `GET` → [`super::StaffHealthView`]: the background work's health (staff token).
    pub const ADMIN_HEALTH: &str = "/api/admin/health";
    /// `GET`: Prometheus metrics (staff token).
    pub const METRICS: &str = "/metrics";
    /// `GET` → [`super::SessionView`]: who is signed in; `POST`: signs in as a guest (a new
    /// customer, kept in a signed, HttpOnly cookie); `DELETE`: signs out. Only on a server with
    /// sessions on (`SESSION_SECRET`).
    pub const SESSION: &str = "/api/session";
    /// `GET` → [`super::BrandpayAuthorizedView`]: BrandPay's redirectUrl (`?code&customerKey`);
    /// the signed-in customer's code is exchanged for a BrandPay access token.
    pub const BRANDPAY_CALLBACK: &str = "/api/brandpay/callback";
    /// `POST` [`super::TossPayCheckoutRequest`] → [`super::TossPayCheckoutView`]: the server
    /// creates the Toss Pay payment of a stored order (order's customer or token).
    pub const TOSSPAY_CHECKOUT: &str = "/api/tosspay/checkout";
    /// `POST` [`super::TossPayExecuteRequest`] → [`super::OrderView`]: the buyer is back from
    /// Toss Pay; the server executes the order's payment exactly once.
    pub const TOSSPAY_EXECUTE: &str = "/api/tosspay/execute";
    /// `POST` [`super::AppsInTossCheckoutRequest`] → [`super::AppsInTossCheckoutView`]: inside
    /// the Toss app, the server creates the in-app Toss Pay payment of a stored order for the
    /// Toss user signed in (Apps-in-Toss' partner API).
    pub const APPS_IN_TOSS_CHECKOUT: &str = "/api/apps-in-toss/checkout";
    /// `POST` [`super::TossPayExecuteRequest`] → [`super::OrderView`]: `checkoutPayment`
    /// resolved; the server executes the order's in-app payment exactly once.
    pub const APPS_IN_TOSS_EXECUTE: &str = "/api/apps-in-toss/execute";
    /// `GET` → [`super::PortOneConfigView`]: `IMP.init`'s merchant code and PortOne's SDK.
    pub const PORTONE_CONFIG: &str = "/api/portone/config";
    /// `POST` [`super::PortOnePrepareRequest`] → [`super::PortOneConfigView`]: before the
    /// window opens, the server pre-registers the stored order's amount with PortOne.
    pub const PORTONE_PREPARE: &str = "/api/portone/prepare";
    /// `POST` [`super::PortOneVerifyRequest`] → [`super::OrderView`]: PortOne's window (or its
    /// `m_redirect_url`) named a payment; the server verifies it against the order, once.
    pub const PORTONE_VERIFY: &str = "/api/portone/verify";
    /// `POST` [`super::PortOneBillingIssueRequest`] → [`super::BillingView`]: the card the
    /// customer registered in PortOne's billing window becomes their billing method (charged
    /// with [`BILLING_CHARGE`]).
    pub const PORTONE_BILLING_ISSUE: &str = "/api/portone/billing/issue";
    /// `POST`: PortOne's notice `{imp_uid, merchant_uid, status}` (stored, then re-verified).
    pub const PORTONE_WEBHOOK: &str = "/api/webhooks/portone";
    /// `POST`: Toss Pay's `resultCallback` (stored, then re-verified with the status API).
    pub const TOSSPAY_CALLBACK: &str = "/api/webhooks/tosspay";
    /// `GET`: the server's OpenAPI 3.1 document (JSON).
    pub const OPENAPI: &str = "/api/openapi.json";

    /// `GET` → [`super::OrderView`] (`?refresh=true` re-queries Toss): [`ORDER`] for one order.
    /// An [`super::OrderId`] is URL-safe by construction, so it goes into the path as it is.
    ///
    /// ```
    /// use leptos_tosspayments::OrderId;
    /// use leptos_tosspayments::domain::server_api::paths;
    ///
    /// let id = OrderId::parse("order-0001")?;
    /// assert_eq!(paths::order(&id), "/api/orders/order-0001");
    /// assert_eq!(paths::cancel(&id), "/api/orders/order-0001/cancel");
    /// # Ok::<(), leptos_tosspayments::OrderIdError>(())
    /// ```
    pub fn order(order_id: &super::OrderId) -> String {
        ORDER.replace("{order_id}", order_id.as_str())
    }

    /// `POST` [`super::CancelOrderRequest`] → [`super::OrderView`]: [`CANCEL`] for one order.
    pub fn cancel(order_id: &super::OrderId) -> String {
        CANCEL.replace("{order_id}", order_id.as_str())
    }

    /// `DELETE`: [`BILLING_METHOD`] for one customer.
    pub fn billing_method(customer_key: &super::CustomerKey) -> String {
        BILLING_METHOD.replace("{customer_key}", customer_key.as_str())
    }
}

/// An error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[error("{message} ({code})")]
pub struct ApiErrorBody {
    /// A stable, machine-readable code such as `AMOUNT_MISMATCH`, which says whether trying
    /// again may help ([`ErrorCode::is_retryable`]).
    pub code: ErrorCode,
    /// A message for people.
    pub message: String,
}

/// What the browser needs to start the SDK: the client key only (never the secret key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ClientConfig {
    /// The client key.
    pub client_key: ClientKey,
    /// The SDK script URL (Toss's, or the sandbox's stand-in).
    pub sdk_url: String,
}

/// One cart line: a product and how many. The server knows the prices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CartLine {
    /// The storefront's product id.
    pub product_id: String,
    /// How many, at least 1.
    pub quantity: u32,
}

/// A product of the catalog, priced by the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProductView {
    /// The product id used in [`CartLine`].
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its unit price.
    pub price: Amount,
}

/// `POST /api/orders`.
///
/// The server prices the cart, so a browser may call this. A storefront that makes its own
/// order ids and customer keys, as Toss's integration guide and samples do
/// (`btoa(Math.random()).slice(0, 20)`), passes them; otherwise the server generates both.
/// An `orderId` that is already taken answers `409 ORDER_ID_TAKEN`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateOrderRequest {
    /// The cart.
    pub lines: Vec<CartLine>,
    /// An optional coupon code, priced by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon: Option<String>,
    /// The storefront's own order id (6–64 of `A-Z a-z 0-9 - _ =`), or none for a generated one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<OrderId>,
    /// The buyer's customer key for the widget (or `@@ANONYMOUS`), or none for a generated one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_key: Option<CustomerKey>,
}

/// `POST /api/payments/confirm`: the successUrl's values, checked by the server against its
/// stored order before anything reaches Toss.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConfirmPaymentRequest {
    /// From the successUrl.
    pub payment_key: PaymentKey,
    /// From the successUrl.
    pub order_id: OrderId,
    /// From the successUrl (an integer of won); compared, never trusted.
    #[serde(with = "core_krw")]
    #[cfg_attr(
        feature = "openapi",
        schema(schema_with = super::openapi::core_krw_schema)
    )]
    pub amount: Amount,
    /// From the successUrl: `BRANDPAY` is confirmed with BrandPay's confirm (for the order's
    /// customer); absent or `NORMAL`, with the Core API's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_type: Option<PaymentType>,
}

/// `POST /api/orders/{orderId}/cancel`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CancelOrderRequest {
    /// Why (required by Toss, at most 200 characters).
    pub reason: String,
    /// Omit to cancel everything that remains.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "optional_core_krw"
    )]
    #[cfg_attr(
        feature = "openapi",
        schema(schema_with = super::openapi::core_krw_schema)
    )]
    pub amount: Option<Amount>,
    /// Where to refund a deposited virtual account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_account: Option<RefundAccount>,
}

/// A bank account for a virtual-account refund (Toss's `refundReceiveAccount`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RefundAccount {
    /// Bank code.
    pub bank: String,
    /// Digits only, at most 20.
    pub account_number: String,
    /// At most 60 characters.
    pub holder_name: String,
}

/// `POST /api/billing/issue`: the billing successUrl's values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IssueBillingKeyRequest {
    /// From the successUrl.
    pub customer_key: CustomerKey,
    /// From the successUrl.
    pub auth_key: AuthKey,
}

/// `POST /api/billing/charge`: charge the customer's registered billing method for a cart,
/// priced by the server, as a new order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChargeBillingRequest {
    /// Whose billing key.
    pub customer_key: CustomerKey,
    /// What to charge for.
    pub lines: Vec<CartLine>,
}

/// `POST /api/tosspay/checkout`: where Toss Pay sends the buyer back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TossPayCheckoutRequest {
    /// The stored order to pay (its amount and name are the server's).
    pub order_id: OrderId,
    /// `retUrl`: an absolute URL (≤ 255) the buyer returns to after approving.
    pub return_url: String,
    /// `retCancelUrl`: an absolute URL (≤ 255) the buyer returns to after leaving.
    pub cancel_url: String,
}

/// The Toss Pay payment the server created: send the buyer to `checkout_page` on the web, or
/// give `pay_token` to Apps-in-Toss' `checkoutPayment`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TossPayCheckoutView {
    /// The order.
    pub order_id: OrderId,
    /// Toss Pay's payment.
    pub pay_token: String,
    /// Toss Pay's page for it, shown to the buyer as it is.
    pub checkout_page: String,
}

/// `POST /api/tosspay/execute`: the order whose Toss Pay payment the buyer approved. Nothing
/// else is taken from the browser: the payToken is the one the server kept, the amount the
/// stored order's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TossPayExecuteRequest {
    /// The order.
    pub order_id: OrderId,
}

/// `POST /api/apps-in-toss/checkout`: the order to pay inside the Toss app. The Toss user is
/// the one signed in with Toss login (the server's `TossLogin`), never named by the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AppsInTossCheckoutRequest {
    /// The stored order to pay (its amount and name are the server's).
    pub order_id: OrderId,
}

/// The in-app payment the server created: give `pay_token` to `checkoutPayment`, then ask the
/// server to execute ([`paths::APPS_IN_TOSS_EXECUTE`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AppsInTossCheckoutView {
    /// The order.
    pub order_id: OrderId,
    /// Toss Pay's payment, for `checkoutPayment({ params: { payToken } })`.
    pub pay_token: String,
}

/// `GET /api/portone/config`: what the browser needs for PortOne's window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PortOneConfigView {
    /// `IMP.init`'s merchant identification code (public).
    pub merchant_code: String,
    /// PortOne's V1 SDK (`https://cdn.iamport.kr/v1/iamport.js`, or the sandbox's).
    pub sdk_url: String,
    /// `request_pay`'s `pg` (`tosspayments`, or `tosspayments.{MID}`).
    pub pg: String,
}

/// `POST /api/portone/prepare`: the order whose window is about to open. The amount the
/// server registers with PortOne is the stored order's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortOnePrepareRequest {
    /// The order (`merchant_uid`).
    pub merchant_uid: OrderId,
}

/// `POST /api/portone/verify`: the payment PortOne's window named, and its order. The amount
/// and the outcome are read from PortOne by the server, never from the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortOneVerifyRequest {
    /// PortOne's payment.
    pub imp_uid: String,
    /// The order (`merchant_uid`).
    pub merchant_uid: OrderId,
}

/// `POST /api/portone/billing/issue`: the customer whose PortOne billing key (its
/// `customer_uid` is [`crate::domain::portone::customer_uid_for`] of this key) to keep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PortOneBillingIssueRequest {
    /// The customer.
    pub customer_key: CustomerKey,
}

/// BrandPay's redirectUrl answer: the code was exchanged for this customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BrandpayAuthorizedView {
    /// The customer.
    pub customer_key: CustomerKey,
    /// How long Toss's access token lasts (seconds).
    pub expires_in: u64,
}

/// Who is signed in on this browser (the server's session cookie, which scripts cannot read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    /// The signed-in customer, if any: the key to give the SDK for this buyer.
    #[serde(default)]
    pub customer_key: Option<CustomerKey>,
}

/// A registered billing method as the browser may see it (the billing key itself stays on
/// the server).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BillingView {
    /// The buyer.
    pub customer_key: CustomerKey,
    /// `카드` or `계좌이체`.
    pub method: String,
    /// The masked card number, if a card.
    pub card_number: Option<String>,
    /// Only in the answer of `POST /api/billing/issue`: what
    /// `POST /api/billing/charge` needs as `Authorization: Bearer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<AccessToken>,
}

/// Where an order is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Priced and stored; no payment yet.
    Created,
    /// A confirm is under way (or its outcome is being checked with Toss).
    Confirming,
    /// Paid in full.
    Paid,
    /// A virtual account was issued; waiting for the buyer's deposit.
    WaitingForDeposit,
    /// Part of the payment was refunded.
    PartiallyCancelled,
    /// Fully refunded or cancelled.
    Cancelled,
    /// The payment did not go through.
    Failed,
    /// The payment or the virtual account's deposit window expired.
    Expired,
}

impl OrderStatus {
    /// Every status.
    pub const ALL: [OrderStatus; 8] = [
        OrderStatus::Created,
        OrderStatus::Confirming,
        OrderStatus::Paid,
        OrderStatus::WaitingForDeposit,
        OrderStatus::PartiallyCancelled,
        OrderStatus::Cancelled,
        OrderStatus::Failed,
        OrderStatus::Expired,
    ];

    /// Reads [`OrderStatus::as_str`]'s text back.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The status as the JSON spells it (`paid`, `waiting_for_deposit`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Created => "created",
            OrderStatus::Confirming => "confirming",
            OrderStatus::Paid => "paid",
            OrderStatus::WaitingForDeposit => "waiting_for_deposit",
            OrderStatus::PartiallyCancelled => "partially_cancelled",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Failed => "failed",
            OrderStatus::Expired => "expired",
        }
    }
}

/// One order in the merchant console's list (`GET /api/admin/orders`, staff token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StaffOrderView {
    /// The order as the buyer sees it.
    #[serde(flatten)]
    pub order: OrderView,
    /// Created (ms since the epoch).
    pub created_at: i64,
    /// Last changed (ms since the epoch).
    pub updated_at: i64,
    /// The provider of its payment (`toss`), if it has one.
    pub provider: Option<String>,
}

/// One received webhook (`GET /api/admin/webhooks`, staff token). Its body is not shown: a
/// deposit callback carries the order's secret, and nothing in a body is trusted anyway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StaffWebhookView {
    /// Its number in the inbox.
    pub id: i64,
    /// The provider whose route it arrived at.
    pub provider: String,
    /// What it names, as its provider reads it: `payment …`, `cancel …`, `deposit for …`,
    /// `ignored: …`.
    pub subject: String,
    /// When it arrived (ms since the epoch).
    pub received_at: i64,
    /// How many times it was worked on.
    pub attempts: i64,
    /// When it was worked off (ms since the epoch); none while waiting.
    #[serde(default)]
    pub processed_at: Option<i64>,
    /// What working it off did (`applied`, `ignored: …`, …).
    #[serde(default)]
    pub outcome: Option<String>,
}

/// The background work's health (`GET /api/admin/health`, staff token): what `/readyz` checks,
/// and how far behind the work is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StaffHealthView {
    /// Whether the instance is ready (database up, workers beating).
    pub ready: bool,
    /// Whether the database answers.
    pub database: bool,
    /// Background workers that have not gone through their loop lately.
    pub stale_workers: Vec<String>,
    /// How long ago the reconciler last went through its loop (ms); none before it started.
    #[serde(default)]
    pub reconciler_beat_ms_ago: Option<i64>,
    /// How long ago the webhook worker last went through its loop (ms); none before it started.
    #[serde(default)]
    pub webhook_worker_beat_ms_ago: Option<i64>,
    /// Webhooks received and not yet worked off.
    pub webhook_backlog: i64,
    /// How long the oldest order has been `confirming` (seconds; 0 when none is).
    pub oldest_confirming_seconds: f64,
    /// Mismatches recorded (the provider verified a state our machine refused).
    pub mismatches: i64,
}

/// One event of an order's timeline (`GET /api/admin/orders/{orderId}/events`, staff token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StaffEventView {
    /// The order.
    pub order_id: String,
    /// The status before (none for its creation).
    pub from_status: Option<String>,
    /// The status after.
    pub to_status: String,
    /// Why: `created`, `confirm`, `cancel:staff`, `webhook:…`, `reconcile`, `mismatch`, …
    pub cause: String,
    /// Details: the provider's answer with the money, a cancel's amount and reason, a mismatch.
    pub detail: Option<String>,
}

/// An order as the server reports it: what it confirmed, not what the browser claimed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrderView {
    /// The order.
    pub order_id: OrderId,
    /// Its name.
    pub order_name: OrderName,
    /// The priced amount.
    pub amount: Amount,
    /// What remains after cancellations.
    pub balance: Amount,
    /// Where it is.
    pub status: OrderStatus,
    /// The buyer's customer key (for the SDK), shown only to whom it belongs: the signed-in
    /// customer, the holder of the order's access token, staff. Toss asks for a customer key
    /// no one else can guess (a UUID, not an email or a serial: `shared/toss-reference.md`,
    /// SDK `customerKey` rules), so a key must not be handed to whoever knows an order id. A
    /// checkout shown none pays as [`CustomerKey::anonymous`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_key: Option<CustomerKey>,
    /// The Korean method label Toss reported, once paid.
    #[serde(default)]
    pub method: Option<String>,
    /// When Toss approved it (`+09:00`).
    #[serde(default)]
    pub approved_at: Option<String>,
    /// The account to pay into, for a virtual account.
    #[serde(default)]
    pub virtual_account: Option<VirtualAccountView>,
    /// Toss's failure code, when failed.
    #[serde(default)]
    pub failure_code: Option<String>,
    /// Only in the answer that created the order (`POST /api/orders`,
    /// `POST /api/billing/charge`): what cancelling it needs as `Authorization: Bearer`, when
    /// the buyer is not signed in as the order's customer. A storefront without sign-in keeps
    /// it where the buyer can use it again; the demo signs its buyers in and needs none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<AccessToken>,
}

/// Where to send the money for a virtual-account order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VirtualAccountView {
    /// Bank code.
    pub bank_code: String,
    /// Account number.
    pub account_number: String,
    /// Deadline (`+09:00`).
    pub due_date: String,
}

mod optional_core_krw {
    use super::super::amount::{Amount, core_krw};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(amount: &Option<Amount>, s: S) -> Result<S::Ok, S::Error> {
        match amount {
            Some(a) => core_krw::serialize(a, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Amount>, D::Error> {
        match Option::<i64>::deserialize(d)? {
            Some(v) => Amount::krw(v).map(Some).map_err(serde::de::Error::custom),
            None => Ok(None),
        }
    }
}
