//! Bad input: every parser (domain types, successUrl/failUrl queries, API request bodies,
//! webhook bodies) and every endpoint over HTTP, fed random and mutated input from a seeded
//! generator. Target: 0 panics, 0 5xx, every rejection a 4xx with a `code` and a `message`.
//! (`tests/domain_props.rs` in the root crate holds the property tests that also check what
//! the parsers accept.)

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

use leptos_tosspayments::domain::redirect::{BillingSuccessQuery, FailQuery, SuccessQuery};
use leptos_tosspayments::domain::server_api::{
    CancelOrderRequest, ChargeBillingRequest, ConfirmPaymentRequest, CreateOrderRequest,
    IssueBillingKeyRequest, OrderStatus,
};
use leptos_tosspayments::{
    Amount, ClientKey, CustomerKey, OrderId, OrderName, PaymentKey, PaymentMethod, PaymentStatus,
};
use serde_json::{Value, json};
use sqlx::Row;

use super::{Figure, db_name, inbox_drained};
use crate::support::{Backend, Env, read};

/// A small seeded generator (xorshift64*), so a failing input can be replayed.
pub struct Gen(u64);

impl Gen {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Gen {
        Gen(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A random string: ASCII, digits, punctuation, Hangul, control characters, emoji, or
    /// lossily decoded random bytes.
    pub fn text(&mut self, max: usize) -> String {
        const POOLS: [&str; 6] = [
            "abcXYZ019-_=.@",
            "0123456789",
            " !\"#$%&'()*+,/:;<>?[\\]^`{|}~",
            "가나다라마바사아자차카타파하원",
            "\u{0}\u{1}\t\n\r\u{7f}\u{200b}\u{feff}",
            "😀🇰🇷𝄞",
        ];
        let len = self.below(max + 1);
        if self.below(8) == 0 {
            let bytes: Vec<u8> = (0..len).map(|_| self.next() as u8).collect();
            return String::from_utf8_lossy(&bytes).into_owned();
        }
        let mut s = String::new();
        for _ in 0..len {
            let pool: Vec<char> = POOLS[self.below(POOLS.len())].chars().collect();
            s.push(pool[self.below(pool.len())]);
        }
        s
    }

    /// `seed` with a few random edits (insert, delete, replace, repeat, truncate).
    pub fn mutate(&mut self, seed: &str) -> String {
        let mut chars: Vec<char> = seed.chars().collect();
        for _ in 0..=self.below(3) {
            let at = self.below(chars.len() + 1);
            match self.below(5) {
                0 => {
                    let t = self.text(4);
                    chars.splice(at..at, t.chars());
                }
                1 if at < chars.len() => {
                    chars.remove(at);
                }
                2 if at < chars.len() => {
                    let t = self.text(1);
                    if let Some(c) = t.chars().next() {
                        chars[at] = c;
                    }
                }
                3 => {
                    let copy = chars.clone();
                    chars.extend(copy.iter().take(200));
                }
                _ => chars.truncate(at),
            }
        }
        chars.into_iter().collect()
    }

    /// A random JSON value, up to `depth` levels.
    pub fn json(&mut self, depth: usize) -> Value {
        match self.below(if depth == 0 { 6 } else { 8 }) {
            0 => Value::Null,
            1 => json!(self.below(2) == 0),
            2 => json!(self.next() as i64),
            3 => [
                json!(-1),
                json!(0),
                json!(9_007_199_254_740_993u64),
                json!(-2.5),
                json!(1e300),
                json!(u64::MAX),
            ][self.below(6)]
            .clone(),
            4 | 5 => json!(self.text(40)),
            6 => Value::Array((0..self.below(4)).map(|_| self.json(depth - 1)).collect()),
            _ => {
                let mut m = serde_json::Map::new();
                for _ in 0..self.below(4) {
                    m.insert(self.text(10), self.json(depth - 1));
                }
                Value::Object(m)
            }
        }
    }

    /// `valid` with one field changed, removed or added at random (recursively).
    pub fn mutate_json(&mut self, valid: &Value) -> Value {
        match valid {
            Value::Object(m) if !m.is_empty() && self.below(4) != 0 => {
                let mut m = m.clone();
                let keys: Vec<String> = m.keys().cloned().collect();
                let k = keys[self.below(keys.len())].clone();
                match self.below(4) {
                    0 => {
                        m.remove(&k);
                    }
                    1 => {
                        m.insert(self.text(8), self.json(2));
                    }
                    2 => {
                        let inner = self.mutate_json(&m[&k]);
                        m.insert(k, inner);
                    }
                    _ => {
                        let v = self.json(2);
                        m.insert(k, v);
                    }
                }
                Value::Object(m)
            }
            Value::Array(a) if !a.is_empty() && self.below(3) != 0 => {
                let mut a = a.clone();
                let i = self.below(a.len());
                a[i] = self.mutate_json(&a[i]);
                Value::Array(a)
            }
            Value::String(s) if self.below(2) == 0 => json!(self.mutate(s)),
            _ => self.json(2),
        }
    }
}

/// Valid examples the mutations start from.
const TEXT_SEEDS: [&str; 8] = [
    "order-2024-0001_abc",
    "cust-9d2c4f1e-billing",
    "tviva20240101abcdef123",
    "test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm",
    "15000",
    "paymentType=NORMAL&orderId=order-2024-0001&paymentKey=tviva2024&amount=15000",
    "code=PAY_PROCESS_CANCELED&message=%EC%B7%A8%EC%86%8C&orderId=order-2024-0001",
    "customerKey=cust-9d2c4f1e-billing&authKey=bln_abc",
];

/// Runs every parser on `n` inputs each. Returns (inputs tried, panics).
pub fn parsers(n: usize) -> (usize, usize) {
    type Parser = fn(&str);
    let parsers: [Parser; 17] = [
        |s| drop(OrderId::parse(s)),
        |s| drop(OrderName::parse(s)),
        |s| drop(CustomerKey::parse(s)),
        |s| drop(PaymentKey::parse(s)),
        |s| drop(ClientKey::parse(s)),
        |s| drop(Amount::parse_krw(s)),
        |s| drop(SuccessQuery::parse(s)),
        |s| drop(FailQuery::parse(s)),
        |s| drop(BillingSuccessQuery::parse(s)),
        |s| {
            let _ = OrderStatus::parse(s);
        },
        |s| drop(serde_json::from_str::<PaymentStatus>(&format!("\"{s}\""))),
        |s| drop(serde_json::from_str::<PaymentMethod>(&format!("\"{s}\""))),
        |s| drop(serde_json::from_str::<CreateOrderRequest>(s)),
        |s| drop(serde_json::from_str::<ConfirmPaymentRequest>(s)),
        |s| drop(serde_json::from_str::<CancelOrderRequest>(s)),
        |s| drop(serde_json::from_str::<IssueBillingKeyRequest>(s)),
        |s| drop(serde_json::from_str::<ChargeBillingRequest>(s)),
    ];
    let mut g = Gen::new(0x5eed_0001);
    let mut tried = 0;
    let mut panics = 0;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for parse in parsers {
        for i in 0..n {
            let input = match i % 3 {
                0 => g.text(80),
                1 => {
                    let seed = TEXT_SEEDS[g.below(TEXT_SEEDS.len())];
                    g.mutate(seed)
                }
                _ => g.json(3).to_string(),
            };
            tried += 1;
            if catch_unwind(AssertUnwindSafe(|| parse(&input))).is_err() {
                panics += 1;
                eprintln!("parser panicked on {input:?}");
            }
        }
    }
    std::panic::set_hook(previous);
    (tried, panics)
}

/// Sends `n` mutated requests to every endpoint. Returns figures.
pub async fn endpoints(backend: Backend, n: usize) -> Vec<Figure> {
    let env = Env::start(backend).await;
    let order = env.order().await;
    let id = order.order_id.to_string();
    // Cancel and charge check the bearer token before the body: send a well-formed one, so
    // that the fuzzed bodies reach the parsers.
    let token = order.access_token.clone().unwrap();
    let valid: [(&str, String, Value); 6] = [
        (
            "POST",
            "/api/orders".to_owned(),
            json!({"lines": [{"productId": "tshirt", "quantity": 1}], "coupon": "WELCOME10"}),
        ),
        (
            "POST",
            "/api/payments/confirm".to_owned(),
            json!({"paymentKey": "tviva20240101abcdef123", "orderId": id, "amount": 15000}),
        ),
        (
            "POST",
            format!("/api/orders/{id}/cancel"),
            json!({"reason": "changed my mind", "amount": 1000, "refundAccount": {"bank": "20", "accountNumber": "1234567890", "holderName": "홍길동"}}),
        ),
        (
            "POST",
            "/api/billing/issue".to_owned(),
            json!({"customerKey": "cust-9d2c4f1e-billing", "authKey": "bln_abc"}),
        ),
        (
            "POST",
            "/api/billing/charge".to_owned(),
            json!({"customerKey": "cust-9d2c4f1e-billing", "lines": [{"productId": "plan-monthly", "quantity": 1}]}),
        ),
        (
            "POST",
            "/api/webhooks/toss".to_owned(),
            json!({"eventType": "PAYMENT_STATUS_CHANGED", "createdAt": "2024-01-01T00:00:00.000000", "data": {"paymentKey": "tviva20240101abcdef123", "orderId": id, "status": "DONE"}}),
        ),
    ];
    // A new connection per request: a server may close a connection after answering without
    // reading the body (a 413, a 401 before the body), and a pooled client could then send
    // the next request into the closed one: a dropped request that is not a server fault.
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let mut g = Gen::new(0x5eed_0002);
    let mut t = Tally::default();
    let mut webhooks = 0;
    // The inputs that found bugs before, every run, whatever the scale.
    for (label, request) in edge_cases(&env, &http, &id) {
        webhooks += usize::from(label.contains("webhooks"));
        t.check(&label, request).await;
    }
    let per = (n / (valid.len() + 1)).max(1);
    for (_, path, body) in &valid {
        for i in 0..per {
            let url = env.url(path);
            let (label, request) = match i % 4 {
                // Not JSON at all, or JSON of the wrong shape.
                0 => {
                    let text = g.mutate(&body.to_string());
                    let request = http
                        .post(&url)
                        .header("content-type", "application/json")
                        .body(text.clone());
                    (format!("POST {path} {text:?}"), request)
                }
                1 => {
                    let value = g.json(3);
                    (format!("POST {path} {value}"), http.post(&url).json(&value))
                }
                _ => {
                    let value = g.mutate_json(body);
                    (format!("POST {path} {value}"), http.post(&url).json(&value))
                }
            };
            let request = if path.ends_with("/cancel") || path.ends_with("/charge") {
                request
                    .bearer_auth(token.as_str())
                    .header("Idempotency-Key", format!("fuzz-{}", uuid::Uuid::new_v4()))
            } else {
                request
            };
            webhooks += usize::from(path.contains("webhooks"));
            t.check(&label, request).await;
        }
    }
    for _ in 0..per {
        // Paths: order ids that are not order ids.
        let raw = g.mutate(&id);
        let path = format!("/api/orders/{}", url_escape(&raw));
        let request = http.get(env.url(&path));
        t.check(&format!("GET {path}"), request).await;
    }
    inbox_drained(&env, Duration::from_secs(20)).await;
    let stuck = env.state().db.inbox_pending().await.unwrap_or(-1);
    if stuck != 0 {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&env.db.url).await.unwrap();
        let rows =
            sqlx::query("SELECT body, attempts FROM webhook_inbox WHERE processed_at IS NULL")
                .fetch_all(&pool)
                .await
                .unwrap();
        for row in rows {
            let (body, attempts): (String, i64) = (row.get(0), row.get(1));
            eprintln!("webhook left in the inbox after {attempts} attempts: {body}");
        }
    }
    let db = db_name(backend);
    vec![
        Figure::info(
            "fuzz",
            format!("HTTP requests tried, on {db}"),
            t.tried.to_string(),
        ),
        Figure::zero(
            "fuzz",
            format!("5xx answers, on {db}"),
            t.server_errors,
            t.tried,
        ),
        Figure::zero(
            "fuzz",
            format!("connections dropped (panics), on {db}"),
            t.broken,
            t.tried,
        ),
        Figure::zero(
            "fuzz",
            format!("4xx without a code and message, on {db}"),
            t.unclear,
            t.tried,
        ),
        Figure::zero(
            "fuzz",
            format!("fuzzed webhooks left unprocessed, on {db}"),
            stuck.max(0) as usize,
            webhooks,
        ),
    ]
}

/// Requests that once got a 5xx, an error without `{code, message}`, or a webhook stuck in
/// the inbox: the router's own 404/405, a body over the limit, a path that is not UTF-8, a
/// bad query, header-unsafe text in a billing authKey, NUL in text PostgreSQL refuses.
fn edge_cases(
    env: &Env,
    http: &reqwest::Client,
    id: &str,
) -> Vec<(String, reqwest::RequestBuilder)> {
    let post_json = |path: &str, body: Value| {
        (
            format!("POST {path} {body}"),
            http.post(env.url(path)).json(&body),
        )
    };
    let get = |path: &str| (format!("GET {path}"), http.get(env.url(path)));
    vec![
        get("/api/orders/"),
        get("/api/nowhere"),
        get("/api/orders/%FF%FE"),
        get(&format!("/api/orders/{id}?refresh=maybe")),
        (
            "PUT /api/orders".to_owned(),
            http.put(env.url("/api/orders")).json(&json!({})),
        ),
        (
            "POST /api/orders 100 KB".to_owned(),
            http.post(env.url("/api/orders"))
                .header("content-type", "application/json")
                .body(format!("\"{}\"", "a".repeat(100 * 1024))),
        ),
        (
            "POST /api/orders text/plain".to_owned(),
            http.post(env.url("/api/orders")).body("{}"),
        ),
        post_json(
            "/api/billing/issue",
            json!({"customerKey": "cust-9d2c4f1e-billing", "authKey": "bln_가나"}),
        ),
        post_json(
            "/api/billing/issue",
            json!({"customerKey": "cust-9d2c4f1e-billing", "authKey": "bln\n\u{0}"}),
        ),
        post_json(
            &format!("/api/orders/{id}/cancel"),
            json!({"reason": "nul\u{0}here"}),
        ),
        (
            "POST cancel with a malformed bearer token".to_owned(),
            http.post(env.url(&format!("/api/orders/{id}/cancel")))
                .header("authorization", "Bearer not a token!")
                .json(&json!({"reason": "x"})),
        ),
        post_json(
            "/api/orders",
            json!({"lines": [{"productId": "tshirt\u{0}", "quantity": 1}], "coupon": "\u{0}"}),
        ),
        post_json(
            "/api/webhooks/toss",
            json!({"orderId": format!("{id}\u{0}"), "secret": "s\u{0}", "status": "DONE"}),
        ),
        post_json(
            "/api/webhooks/toss",
            json!({"eventType": "PAYMENT_STATUS_CHANGED", "data": {"paymentKey": "k\u{0}"}}),
        ),
        post_json(
            "/api/webhooks/toss",
            json!({"eventType": "NEW_\u{0}_EVENT", "data": {}}),
        ),
    ]
}

/// What the fuzzed requests got.
#[derive(Default)]
struct Tally {
    tried: usize,
    server_errors: usize,
    broken: usize,
    unclear: usize,
}

impl Tally {
    /// Sends `request` and counts (and prints, with `label`) an answer that is wrong.
    async fn check(&mut self, label: &str, request: reqwest::RequestBuilder) {
        self.tried += 1;
        match request.send().await {
            Err(e) => {
                self.broken += 1;
                eprintln!("no answer ({e}) to {label}");
            }
            Ok(r) => {
                let (status, body) = read(r).await;
                if status >= 500 {
                    self.server_errors += 1;
                    eprintln!("{status} {body} to {label}");
                } else if status >= 400
                    && (body["code"].as_str().is_none() || body["message"].as_str().is_none())
                {
                    self.unclear += 1;
                    eprintln!("unclear {status} {body} to {label}");
                }
            }
        }
    }
}

/// Percent-escapes everything but unreserved characters.
fn url_escape(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
