//! The fault matrix: every sandbox fault mode at every point where the server talks to Toss
//! (confirm, cancel, billing charge, webhook delivery, Toss Pay's execute and refund), many
//! orders each; then the faults
//! stop, the reconciler runs once, and every order in the database is compared with Toss's
//! truth. Target: 100% agree, no order approved twice.
//!
//! At the webhook point a fault is injected both at the delivery (the sandbox's attempt to
//! reach the server: an error fault or a reset drops the attempt, `LoseResponse` loses the
//! server's 200 so the event arrives twice, `Hang`/`Slow` deliver late) and at the query the
//! server makes to re-verify the event. One more cell drops every delivery outright.

use std::time::Duration;

use serde_json::json;
use tosspayments_sandbox::{Endpoint, Fault};
use tosspayments_server::reconcile::reconcile_once;

use super::{Figure, db_name, inbox_drained, tally};
use crate::support::{Backend, Env, KeyPairKind, join_all};

/// Every fault mode of the sandbox.
pub const FAULTS: [Fault; 7] = [
    Fault::InternalError,
    Fault::ProviderError,
    Fault::RejectCard,
    Fault::Hang,
    Fault::ResetConnection,
    Fault::LoseResponse,
    Fault::Slow,
];

/// Where a fault is injected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Point {
    /// `POST /v1/payments/confirm` behind `POST /api/payments/confirm`.
    Confirm,
    /// `POST /v1/payments/{key}/cancel` behind `POST /api/orders/{id}/cancel`.
    Cancel,
    /// `POST /v1/billing/{billingKey}` behind `POST /api/billing/charge`.
    BillingCharge,
    /// The deposit's webhooks to `POST /api/webhooks/toss` and their re-verification.
    Webhook,
    /// Toss Pay's `POST /api/v2/execute` behind `POST /api/tosspay/execute`.
    TossPayExecute,
    /// Toss Pay's `POST /api/v2/refunds` behind `POST /api/orders/{id}/cancel`.
    TossPayRefund,
    /// Apps-in-Toss' `execute-payment` behind `POST /api/apps-in-toss/execute`.
    InAppExecute,
    /// Apps-in-Toss' `refund-payment` (everything) behind `POST /api/orders/{id}/cancel`.
    InAppRefund,
    /// PortOne's `GET /payments/{imp_uid}` behind `POST /api/portone/verify`.
    PortOneVerify,
    /// PortOne's `POST /payments/cancel` behind `POST /api/orders/{id}/cancel`.
    PortOneCancel,
}

impl Point {
    fn name(self) -> &'static str {
        match self {
            Point::Confirm => "confirm",
            Point::Cancel => "cancel",
            Point::BillingCharge => "billing charge",
            Point::Webhook => "webhook delivery",
            Point::TossPayExecute => "Toss Pay execute",
            Point::TossPayRefund => "Toss Pay refund",
            Point::InAppExecute => "Apps-in-Toss execute",
            Point::InAppRefund => "Apps-in-Toss refund",
            Point::PortOneVerify => "PortOne verification",
            Point::PortOneCancel => "PortOne cancel",
        }
    }
}

/// Runs the whole matrix on one database.
pub async fn matrix(backend: Backend, per_cell: usize) -> Vec<Figure> {
    let mut figures = Vec::new();
    for point in [
        Point::Confirm,
        Point::Cancel,
        Point::BillingCharge,
        Point::Webhook,
        Point::TossPayExecute,
        Point::TossPayRefund,
        Point::InAppExecute,
        Point::InAppRefund,
        Point::PortOneVerify,
        Point::PortOneCancel,
    ] {
        let keys = if point == Point::BillingCharge {
            KeyPairKind::ApiIndividual
        } else {
            KeyPairKind::Widget
        };
        for fault in FAULTS.map(Some).into_iter().chain(
            // "Never delivered": only the reconciler can find out.
            (point == Point::Webhook).then_some(None),
        ) {
            let env = Env::start_with(backend, keys, 1).await;
            let label = match fault {
                Some(f) => format!("{f:?}"),
                None => "all deliveries lost".to_owned(),
            };
            let cell = run_cell(&env, point, fault, per_cell).await;
            let name = format!("{} × {label} on {}", point.name(), db_name(backend));
            figures.push(Figure::all(
                "faults",
                format!("{name}: true state"),
                cell.agree_after,
                cell.orders,
            ));
            figures.push(Figure::zero(
                "faults",
                format!("{name}: double charges"),
                cell.doubles,
                cell.orders,
            ));
            figures.push(Figure::info(
                "faults",
                format!("{name}: true before reconcile"),
                format!("{}/{}", cell.agree_before, cell.orders),
            ));
        }
    }
    figures
}

/// One cell's counts.
#[derive(Debug, Clone, Copy)]
pub struct Cell {
    /// Orders in the database.
    pub orders: usize,
    /// Agreeing with Toss when the faulty calls had been answered.
    pub agree_before: usize,
    /// Agreeing with Toss after one reconcile pass.
    pub agree_after: usize,
    /// Payments approved more than once.
    pub doubles: usize,
}

async fn run_cell(env: &Env, point: Point, fault: Option<Fault>, n: usize) -> Cell {
    match point {
        Point::Confirm => {
            let orders = paid_orders_ready(env, n, "CARD").await;
            inject(env, Endpoint::Confirm, fault, n);
            join_all(orders.iter().map(|(o, k)| env.confirm(k, o, 23_000))).await;
        }
        Point::Cancel => {
            let orders = paid_orders_ready(env, n, "CARD").await;
            for (o, k) in &orders {
                let (s, b) = env.confirm(k, o, 23_000).await;
                assert_eq!(s, 200, "{b}");
            }
            inject(env, Endpoint::Cancel, fault, n);
            join_all(
                orders
                    .iter()
                    .map(|(o, _)| env.cancel(o, json!({"reason": "fault matrix"}))),
            )
            .await;
        }
        Point::BillingCharge => {
            let customers = join_all((0..n).map(|i| billing_customer(env, i))).await;
            inject(env, Endpoint::BillingCharge, fault, n);
            join_all(customers.iter().map(|(c, token)| env.charge(c, token))).await;
        }
        Point::TossPayExecute => {
            let orders = tosspay_orders_approved(env, n).await;
            inject(env, Endpoint::TossPayExecute, fault, n);
            join_all(orders.iter().map(|o| tosspay_execute(env, o))).await;
        }
        Point::TossPayRefund => {
            let orders = tosspay_orders_approved(env, n).await;
            for o in &orders {
                let (s, b) = tosspay_execute(env, o).await;
                assert_eq!(s, 200, "{b}");
            }
            inject(env, Endpoint::TossPayRefund, fault, n);
            join_all(
                orders
                    .iter()
                    .map(|o| env.cancel(o, json!({"reason": "fault matrix", "amount": 3_000}))),
            )
            .await;
        }
        Point::InAppExecute => {
            let orders = in_app_orders_approved(env, n).await;
            inject(env, Endpoint::InAppExecute, fault, n);
            join_all(orders.iter().map(|o| in_app_execute(env, o))).await;
        }
        Point::InAppRefund => {
            let orders = in_app_orders_approved(env, n).await;
            for o in &orders {
                let (s, b) = in_app_execute(env, o).await;
                assert_eq!(s, 200, "{b}");
            }
            inject(env, Endpoint::InAppRefund, fault, n);
            join_all(
                orders
                    .iter()
                    .map(|o| env.cancel(o, json!({"reason": "fault matrix"}))),
            )
            .await;
        }
        Point::PortOneVerify => {
            let orders = portone_orders_paid(env, n).await;
            inject(env, Endpoint::PortOnePayment, fault, n);
            join_all(orders.iter().map(|(o, imp)| portone_verify(env, o, imp))).await;
        }
        Point::PortOneCancel => {
            let orders = portone_orders_paid(env, n).await;
            for (o, imp) in &orders {
                let (s, b) = portone_verify(env, o, imp).await;
                assert_eq!(s, 200, "{b}");
            }
            inject(env, Endpoint::PortOneCancel, fault, n);
            join_all(
                orders.iter().map(|(o, _)| {
                    env.cancel(o, json!({"reason": "fault matrix", "amount": 3_000}))
                }),
            )
            .await;
        }
        Point::Webhook => {
            let orders = paid_orders_ready(env, n, "VIRTUAL_ACCOUNT").await;
            for (o, k) in &orders {
                let (s, b) = env.confirm(k, o, 23_000).await;
                assert_eq!(s, 200, "{b}");
            }
            match fault {
                Some(f) => {
                    // Two events per deposit (DEPOSIT_CALLBACK, PAYMENT_STATUS_CHANGED).
                    env.sandbox.inject(Endpoint::Webhook, f, 2 * n);
                    env.sandbox.inject(Endpoint::Query, f, 2 * n);
                }
                None => env.sandbox.set_webhook_url(None),
            }
            for (o, _) in &orders {
                env.sandbox.deposit(o.order_id.as_str()).unwrap();
            }
            // Give the deliveries (and Toss's retries) time to arrive and be worked off.
            let deadline = std::time::Instant::now() + Duration::from_secs(12);
            while std::time::Instant::now() < deadline {
                let (good, all, _) = tally(env).await;
                if good == all {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
    inbox_drained(env, Duration::from_secs(5)).await;
    let (agree_before, _, _) = tally(env).await;
    env.sandbox.clear_faults();
    reconcile_once(env.state()).await.unwrap();
    inbox_drained(env, Duration::from_secs(5)).await;
    let (agree_after, orders, doubles) = tally(env).await;
    Cell {
        orders,
        agree_before,
        agree_after,
        doubles,
    }
}

fn inject(env: &Env, endpoint: Endpoint, fault: Option<Fault>, n: usize) {
    if let Some(f) = fault {
        env.sandbox.inject(endpoint, f, n);
    }
}

/// `n` orders whose buyers have approved the payment window with `method`.
async fn paid_orders_ready(
    env: &Env,
    n: usize,
    method: &str,
) -> Vec<(leptos_tosspayments::domain::server_api::OrderView, String)> {
    join_all((0..n).map(|_| async {
        let order = env.order().await;
        let key = env.authenticate(&order, 23_000, method).await;
        (order, key)
    }))
    .await
}

/// `n` orders with a Toss Pay payment the buyer approved on Toss Pay's page.
pub async fn tosspay_orders_approved(
    env: &Env,
    n: usize,
) -> Vec<leptos_tosspayments::domain::server_api::OrderView> {
    join_all((0..n).map(|_| async {
        let order = env.order().await;
        let token = env.tosspay_checkout(&order).await;
        env.tosspay_press(&token, "approve").await;
        order
    }))
    .await
}

/// `POST /api/tosspay/execute`: the buyer is back from Toss Pay.
async fn tosspay_execute(
    env: &Env,
    order: &leptos_tosspayments::domain::server_api::OrderView,
) -> (u16, serde_json::Value) {
    env.post("/api/tosspay/execute", json!({"orderId": order.order_id}))
        .await
}

/// `n` orders with an Apps-in-Toss payment the buyer approved in the Toss app's sheet.
pub async fn in_app_orders_approved(
    env: &Env,
    n: usize,
) -> Vec<leptos_tosspayments::domain::server_api::OrderView> {
    join_all((0..n).map(|i| async move {
        let order = env.order().await;
        let answer = env
            .http
            .post(env.url("/api/apps-in-toss/checkout"))
            .bearer_auth(order.access_token.as_ref().unwrap().as_str())
            // The sandbox's Toss login: one Toss user per order.
            .header("cookie", format!("ait_sandbox_user=4437311{i:02}"))
            .json(&json!({"orderId": order.order_id}))
            .send()
            .await
            .unwrap();
        let (status, body) = crate::support::read(answer).await;
        assert_eq!(status, 200, "{body}");
        let approved = env
            .http
            .post(format!(
                "{}/sandbox/apps-in-toss/approve",
                env.sandbox.base_url()
            ))
            .json(&json!({"payToken": body["payToken"]}))
            .send()
            .await
            .unwrap();
        assert!(approved.status().is_success());
        order
    }))
    .await
}

/// `n` orders paid in PortOne's window (the `iamport.js` stand-in's approve), with their
/// `imp_uid`s, not verified yet.
pub async fn portone_orders_paid(
    env: &Env,
    n: usize,
) -> Vec<(leptos_tosspayments::domain::server_api::OrderView, String)> {
    join_all((0..n).map(|_| async {
        let order = env.order().await;
        let answer: serde_json::Value = env
            .http
            .post(format!("{}/sandbox/portone/pay", env.sandbox.base_url()))
            .json(
                &json!({"merchant_uid": order.order_id, "amount": 23_000, "name": "matrix",
                          "pay_method": "card", "outcome": "approve"}),
            )
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let imp_uid = answer["imp_uid"].as_str().unwrap().to_owned();
        (order, imp_uid)
    }))
    .await
}

/// `POST /api/portone/verify`: PortOne's window called back.
pub async fn portone_verify(
    env: &Env,
    order: &leptos_tosspayments::domain::server_api::OrderView,
    imp_uid: &str,
) -> (u16, serde_json::Value) {
    env.post(
        "/api/portone/verify",
        json!({"imp_uid": imp_uid, "merchant_uid": order.order_id}),
    )
    .await
}

/// `POST /api/apps-in-toss/execute`: `checkoutPayment` resolved in the mini-app.
pub async fn in_app_execute(
    env: &Env,
    order: &leptos_tosspayments::domain::server_api::OrderView,
) -> (u16, serde_json::Value) {
    env.post(
        "/api/apps-in-toss/execute",
        json!({"orderId": order.order_id}),
    )
    .await
}

/// A customer with a registered card; returns the customer key.
/// A customer with a registered card, and the access token that charges it.
async fn billing_customer(env: &Env, i: usize) -> (String, String) {
    let customer = format!("cust-matrix-{}-{i}", uuid::Uuid::new_v4().simple());
    let (status, body) = env.register_card(&customer).await;
    assert_eq!(status, 200, "{body}");
    let token = body["accessToken"].as_str().unwrap().to_owned();
    (customer, token)
}
