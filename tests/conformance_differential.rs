//! One rule, one verdict: values drawn at random from inside and just outside each documented
//! format (customerKey, orderId, orderName, amount, validHours, metadata) must be accepted or
//! refused alike by
//!
//! 1. the typed domain (`CustomerKey::parse`, `Amount`'s serde, ...),
//! 2. the sandbox's SDK stand-in, in real headless Chromium (`payment()` /
//!    `requestPayment()` throw, or the payment window opens), and
//! 3. the sandbox's HTTP side (`POST /sandbox/sdk/authenticate`, where the stand-in reports what
//!    the buyer approved and the Core API stand-in takes it from).
//!
//! The rules and their sources are in `sandbox/CONFORMANCE.md`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::HashMap;

use axum::response::Html;
use leptos_tosspayments::{Amount, CustomerKey, Metadata, OrderId, OrderName, ValidHours};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::{Value, json};
use support::browser::Browser;
use tosspayments_sandbox::{Sandbox, SandboxConfig, docs_keys};

/// Values drawn from each strategy.
const DRAWS: usize = 24;

/// The page: the stand-in and `verdicts(kind, values)`, which answers `"ok"` when a request
/// passes the SDK's checks (the payment window opens; it is closed again) or the error code.
fn page(sdk: &str) -> String {
    format!(
        r#"<!doctype html><html><head><meta charset="utf-8"><script src="{sdk}"></script></head><body>
<script>
const tp = TossPayments("{client}");
const tick = () => new Promise((r) => setTimeout(r, 0));
async function attempt(run) {{
  let p;
  try {{ p = run(); }} catch (e) {{ return e.code || String(e); }}
  if (!(p instanceof Promise)) return "ok";
  let settled = null;
  p.then(() => {{ settled = "resolved"; }}, (e) => {{ settled = e.code || String(e); }});
  await tick(); await tick();
  const close = document.querySelector("[data-testid=sandbox-close]");
  if (close) {{ close.click(); await p.catch(() => {{}}); return "ok"; }}
  return settled || "pending";
}}
function request(over) {{
  return Object.assign({{ method: "CARD", amount: {{ currency: "KRW", value: 1000 }},
    orderId: "order-diff-0001", orderName: "차등 시험" }}, over);
}}
const pay = (over) => tp.payment({{ customerKey: "diff-customer" }}).requestPayment(request(over));
window.verdicts = async function (kind, values) {{
  const out = [];
  for (const v of values) {{
    switch (kind) {{
      case "customerKey": out.push(await attempt(() => {{ tp.payment({{ customerKey: v }}); }})); break;
      case "orderId": out.push(await attempt(() => pay({{ orderId: v }}))); break;
      case "orderName": out.push(await attempt(() => pay({{ orderName: v }}))); break;
      case "amount": out.push(await attempt(() => pay({{ amount: {{ currency: "KRW", value: v }} }}))); break;
      case "validHours": out.push(await attempt(() =>
        pay({{ method: "VIRTUAL_ACCOUNT", virtualAccount: {{ validHours: v }} }}))); break;
      case "metadata": out.push(await attempt(() => pay({{ metadata: v }}))); break;
      default: out.push("unknown kind " + kind);
    }}
  }}
  return out;
}};
document.body.dataset.ready = "1";
</script></body></html>"#,
        client = docs_keys::API_CLIENT,
    )
}

/// `n` values of `strategy`, reproducibly.
fn draw<S: Strategy>(strategy: S, n: usize) -> Vec<S::Value> {
    let mut runner = TestRunner::deterministic();
    (0..n)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect()
}

fn strings(inside: &str, outside: &[&str]) -> Vec<Value> {
    let mut all: Vec<Value> = draw(inside, DRAWS).into_iter().map(Value::from).collect();
    for pattern in outside {
        all.extend(draw(*pattern, DRAWS / 2).into_iter().map(Value::from));
    }
    all
}

/// The values of one field, and the domain's verdict on each.
struct Field {
    kind: &'static str,
    values: Vec<Value>,
    domain: fn(&Value) -> bool,
}

fn fields() -> Vec<Field> {
    let amounts: Vec<Value> = {
        let mut v: Vec<Value> = draw(0u64..=9_007_199_254_740_991, DRAWS)
            .into_iter()
            .map(Value::from)
            .collect();
        v.extend(
            draw(-1_000_000i64..0, DRAWS / 2)
                .into_iter()
                .map(Value::from),
        );
        // Not whole, and beyond a JavaScript number's exact integers.
        v.extend(
            draw(0u32..1_000_000, DRAWS / 2)
                .into_iter()
                .map(|n| json!(f64::from(n) + 0.5)),
        );
        v.extend([
            json!(0),
            json!(9_007_199_254_740_991u64),
            json!(9_007_199_254_740_992u64),
        ]);
        v.extend([json!(-0.25), json!(1.000_5)]);
        v
    };
    let hours: Vec<Value> = {
        let mut v: Vec<Value> = draw(1u32..=2160, DRAWS)
            .into_iter()
            .map(Value::from)
            .collect();
        v.extend(
            draw(2161u32..=100_000, DRAWS / 2)
                .into_iter()
                .map(Value::from),
        );
        v.extend(draw(-100i32..=0, DRAWS / 4).into_iter().map(Value::from));
        v.extend([json!(1), json!(2160), json!(2161), json!(0), json!(24.5)]);
        v
    };
    let metadata: Vec<Value> = {
        let key = "[A-Za-z0-9_ .가-힣-]{1,40}";
        let value = "\\PC{0,60}";
        let mut v: Vec<Value> = draw(prop::collection::vec((key, value), 0..=5), DRAWS)
            .into_iter()
            .map(to_object)
            .collect();
        // Just outside: a sixth pair, a 41-character key, a bracket in a key, a 2001-character
        // value, a value that is not a string.
        v.extend(
            draw(prop::collection::vec((key, value), 6..=8), DRAWS / 4)
                .into_iter()
                .map(to_object)
                .filter(|o| o.as_object().unwrap().len() > 5),
        );
        v.extend(
            draw("[A-Za-z0-9]{41,60}", DRAWS / 4)
                .into_iter()
                .map(|k| json!({ k: "x" })),
        );
        v.extend(
            draw("[a-z]{0,10}[\\[\\]][a-z]{0,10}", DRAWS / 4)
                .into_iter()
                .map(|k| json!({ k: "x" })),
        );
        v.extend([
            json!({"long": "가".repeat(2000)}),
            json!({"long": "가".repeat(2001)}),
            json!({"n": 1}),
            json!({"k": "v", "b": true}),
            json!({"a": "1", "b": "2", "c": "3", "d": "4", "e": "5"}),
        ]);
        v
    };
    vec![
        Field {
            kind: "customerKey",
            values: {
                let mut v = strings(
                    "[A-Za-z0-9_=.@-]{2,50}",
                    &[
                        "[A-Za-z0-9_=.@-]",
                        "[A-Za-z0-9_=.@-]{51,60}",
                        "[A-Za-z0-9]{1,10}[ #/+!%가-힣][A-Za-z0-9]{1,10}",
                    ],
                );
                // Keys made as Toss's samples make them, and the guest key.
                v.extend(
                    [
                        "MC4xMjM0NTY3ODkw",
                        "user1234",
                        "@@ANONYMOUS",
                        "01ARZ3NDEKTSV4RRFFQ69G5FAV",
                    ]
                    .map(Value::from),
                );
                v
            },
            domain: |v| v.as_str().is_some_and(|s| CustomerKey::parse(s).is_ok()),
        },
        Field {
            kind: "orderId",
            values: strings(
                "[A-Za-z0-9_=-]{6,64}",
                &[
                    "[A-Za-z0-9_=-]{0,5}",
                    "[A-Za-z0-9_=-]{65,80}",
                    "[A-Za-z0-9]{3,10}[ .@/+#가-힣][A-Za-z0-9]{3,10}",
                ],
            ),
            domain: |v| v.as_str().is_some_and(|s| OrderId::parse(s).is_ok()),
        },
        Field {
            kind: "orderName",
            values: {
                let mut v = strings("\\PC{1,100}", &["\\PC{101,120}"]);
                v.push(Value::from(""));
                v
            },
            domain: |v| v.as_str().is_some_and(|s| OrderName::parse(s).is_ok()),
        },
        Field {
            kind: "amount",
            values: amounts,
            domain: |v| {
                serde_json::from_value::<Amount>(json!({"value": v, "currency": "KRW"})).is_ok()
            },
        },
        Field {
            kind: "validHours",
            values: hours,
            domain: |v| serde_json::from_value::<ValidHours>(v.clone()).is_ok(),
        },
        Field {
            kind: "metadata",
            values: metadata,
            domain: |v| serde_json::from_value::<Metadata>(v.clone()).is_ok(),
        },
    ]
}

fn to_object(pairs: Vec<(String, String)>) -> Value {
    let map: serde_json::Map<String, Value> = pairs
        .into_iter()
        .map(|(k, v)| (k, Value::from(v)))
        .collect();
    Value::Object(map)
}

/// The body the stand-in sends to `/sandbox/sdk/authenticate`, with `kind` set to `value`.
fn authentication(kind: &str, value: &Value, n: usize) -> Value {
    let mut body = json!({
        "clientKey": docs_keys::API_CLIENT,
        "customerKey": "diff-customer",
        "flow": "PAYMENT",
        "method": "CARD",
        "orderId": format!("order-diff-{n:06}"),
        "orderName": "차등 시험",
        "amount": {"value": 1000, "currency": "KRW"},
    });
    match kind {
        "amount" => body["amount"]["value"] = value.clone(),
        "validHours" => {
            body["method"] = json!("VIRTUAL_ACCOUNT");
            body["validHours"] = value.clone();
        }
        other => body[other] = value.clone(),
    }
    body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn domain_stand_in_and_sandbox_give_one_verdict() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let html = page(&sandbox.sdk_url());
    let app = axum::Router::new().route(
        "/",
        axum::routing::get(move || {
            let html = html.clone();
            async move { Html(html) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let browser = Browser::launch().await;
    let c = &browser.client;
    c.goto(&format!("{base}/")).await.unwrap();
    c.wait()
        .for_element(fantoccini::Locator::Css("body[data-ready]"))
        .await
        .unwrap();
    let http = reqwest::Client::new();

    let mut disagreements = Vec::new();
    let mut counted: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut n = 0;
    for field in fields() {
        let answer = c
            .execute_async(
                "const [kind, values, done] = arguments; verdicts(kind, values).then(done);",
                vec![json!(field.kind), Value::Array(field.values.clone())],
            )
            .await
            .unwrap();
        let stand_in: Vec<String> = serde_json::from_value(answer).unwrap();
        assert_eq!(stand_in.len(), field.values.len());
        for (value, js) in field.values.iter().zip(stand_in) {
            n += 1;
            let domain = (field.domain)(value);
            let r = http
                .post(format!("{}/sandbox/sdk/authenticate", sandbox.base_url()))
                .json(&authentication(field.kind, value, n))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let body: Value = r.json().await.unwrap_or(Value::Null);
            let server = status == 200;
            let browser_ok = js == "ok";
            assert!(
                js != "pending" && js != "resolved" && !js.starts_with("unknown"),
                "{} {value}: the stand-in's harness answered {js}",
                field.kind
            );
            let entry = counted.entry(field.kind).or_default();
            if domain {
                entry.0 += 1;
            } else {
                entry.1 += 1;
            }
            if domain != browser_ok || domain != server {
                disagreements.push(format!(
                    "{} = {}: domain {}, stand-in {js}, sandbox {status} {body}",
                    field.kind,
                    shorten(value),
                    if domain { "accepts" } else { "refuses" },
                ));
            }
        }
    }
    for (kind, (accepted, refused)) in &counted {
        eprintln!("{kind}: {accepted} values inside the format, {refused} outside");
        assert!(
            *accepted > 0 && *refused > 0,
            "{kind}: the draw must hold values inside and outside the format"
        );
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

fn shorten(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 120 {
        format!(
            "{}… ({} chars)",
            s.chars().take(120).collect::<String>(),
            s.chars().count()
        )
    } else {
        s
    }
}
