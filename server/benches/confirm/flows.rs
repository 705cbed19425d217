//! BrandPay's confirm, Toss Pay's execute and PortOne's verification, each against the bare
//! pass-through ([`super::passthrough`]) in the same run, with spread arrivals and the same
//! upstream latency as confirm.

use reqwest::Method;
use serde_json::{Value, json};
use tosspayments_sandbox::Latency;

use super::support::{self, Backend, Env, send_with, sign_in, with_sessions};
use super::{Arrivals, CONCURRENCY, Sample, UPSTREAM_MS, compared, load, print_row};

/// Requests each way per flow.
const N: usize = 120;
/// The sides alternate in this many rounds.
const ROUNDS: usize = 4;

/// A flow measured here.
#[derive(Debug, Clone, Copy)]
enum Flow {
    /// `POST /api/payments/confirm` of a BrandPay payment (BrandPay's own confirm upstream).
    BrandPay,
    /// `POST /api/tosspay/execute` of an approved Toss Pay payment.
    TossPayExecute,
    /// `POST /api/portone/verify` of a payment made in PortOne's window.
    PortOneVerify,
}

impl Flow {
    const ALL: [Flow; 3] = [Flow::BrandPay, Flow::TossPayExecute, Flow::PortOneVerify];

    fn name(self) -> &'static str {
        match self {
            Flow::BrandPay => "brandpay_confirm",
            Flow::TossPayExecute => "tosspay_execute",
            Flow::PortOneVerify => "portone_verify",
        }
    }

    fn server_path(self) -> &'static str {
        match self {
            Flow::BrandPay => "/api/payments/confirm",
            Flow::TossPayExecute => "/api/tosspay/execute",
            Flow::PortOneVerify => "/api/portone/verify",
        }
    }

    fn passthrough_path(self) -> &'static str {
        use super::passthrough::{BRANDPAY, PORTONE, TOSSPAY};
        match self {
            Flow::BrandPay => BRANDPAY,
            Flow::TossPayExecute => TOSSPAY,
            Flow::PortOneVerify => PORTONE,
        }
    }
}

/// What the sandbox made ready for one request: the server's body and the pass-through's.
struct Ready {
    server: Value,
    passthrough: Value,
}

/// A signed-in BrandPay customer with a registered card.
struct Customer {
    cookie: String,
    key: String,
}

/// A sandbox route that must answer 200: its body.
pub(crate) async fn sandbox_post(env: &Env, path: &str, body: Value) -> Value {
    let (status, body) = env.sandbox_post(path, body).await;
    assert_eq!(status, 200, "{path}: {body}");
    body
}

async fn brandpay_customer(env: &Env) -> Customer {
    let (cookie, key) = sign_in(env).await;
    let code = sandbox_post(
        env,
        "/sandbox/sdk/brandpay/register",
        json!({"clientKey": env.client_key, "customerKey": key}),
    )
    .await["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/brandpay/callback?code={code}&customerKey={key}");
    let (status, body) = send_with(env, Method::GET, &path, Some(&cookie), None).await;
    assert_eq!(status, 200, "{body}");
    Customer { cookie, key }
}

/// One payment of `flow`, ready for the server (or the pass-through) to finish.
async fn ready(env: &Env, flow: Flow, customer: &Customer) -> Ready {
    match flow {
        Flow::BrandPay => {
            let lines = json!({"lines": [{"productId": "tshirt", "quantity": 1}, {"productId": "mug", "quantity": 1}]});
            let (status, order) = send_with(
                env,
                Method::POST,
                "/api/orders",
                Some(&customer.cookie),
                Some(lines),
            )
            .await;
            assert_eq!(status, 201, "{order}");
            let paid = sandbox_post(
                env,
                "/sandbox/sdk/brandpay/authenticate",
                json!({"clientKey": env.client_key, "customerKey": customer.key,
                       "orderId": order["orderId"], "orderName": order["orderName"],
                       "amount": order["amount"]}),
            )
            .await;
            let (key, id) = (&paid["paymentKey"], &order["orderId"]);
            let amount = &order["amount"]["value"];
            Ready {
                server: json!({"paymentKey": key, "orderId": id, "amount": amount, "paymentType": "BRANDPAY"}),
                passthrough: json!({"paymentKey": key, "orderId": id, "amount": amount, "customerKey": customer.key}),
            }
        }
        Flow::TossPayExecute => {
            let order = env.order().await;
            let token = env.tosspay_checkout(&order).await;
            env.tosspay_press(&token, "approve").await;
            Ready {
                server: json!({"orderId": order.order_id}),
                passthrough: json!({"payToken": token, "orderNo": order.order_id}),
            }
        }
        Flow::PortOneVerify => {
            let order = env.order().await;
            let paid = sandbox_post(
                env,
                "/sandbox/portone/pay",
                json!({"pg": "tosspayments", "pay_method": "card", "merchant_uid": order.order_id,
                       "amount": order.amount.value(), "name": order.order_name, "outcome": "approve"}),
            )
            .await;
            let imp_uid = paid["imp_uid"].clone();
            Ready {
                server: json!({"imp_uid": imp_uid, "merchant_uid": order.order_id}),
                passthrough: json!({"imp_uid": imp_uid}),
            }
        }
    }
}

/// `n` payments of `flow` through the server (`ours`) or the pass-through.
async fn run(env: &Env, flow: Flow, customer: &Customer, to: &str, ours: bool, n: usize) -> Sample {
    let mut bodies = Vec::with_capacity(n);
    for _ in 0..n {
        let ready = ready(env, flow, customer).await;
        bodies.push(if ours {
            ready.server
        } else {
            ready.passthrough
        });
    }
    load(&env.http, to, bodies, Arrivals::Spread).await
}

/// Every flow on `backend`: printed rows, and their JSON.
pub(crate) async fn measure(backend: Backend) -> Value {
    // Sessions (BrandPay's customer) come with the API-individual keys.
    let env = with_sessions(backend).await;
    let (_, secret) = support::KeyPairKind::ApiIndividual.pair();
    let base = super::passthrough::start(&env, secret).await;
    let customer = brandpay_customer(&env).await;
    env.sandbox.set_latency(Latency::Fixed { ms: UPSTREAM_MS });
    let mut out = serde_json::Map::new();
    for flow in Flow::ALL {
        let server = env.url(flow.server_path());
        let through = format!("{base}{}", flow.passthrough_path());
        // Warm-up, one batch each.
        run(&env, flow, &customer, &through, false, CONCURRENCY).await;
        run(&env, flow, &customer, &server, true, CONCURRENCY).await;
        let (mut ours, mut baseline) = (Sample::default(), Sample::default());
        for round in 0..ROUNDS {
            for side in [round % 2, 1 - round % 2] {
                if side == 0 {
                    baseline.add(run(&env, flow, &customer, &through, false, N / ROUNDS).await);
                } else {
                    ours.add(run(&env, flow, &customer, &server, true, N / ROUNDS).await);
                }
            }
        }
        let (ours, baseline) = (ours.figures(), baseline.figures());
        print_row(&format!("  {}", flow.name()), &ours, &baseline);
        out.insert(
            flow.name().to_owned(),
            compared(flow.name(), &ours, &baseline),
        );
    }
    env.sandbox.set_latency(Latency::None);
    Value::Object(out)
}
