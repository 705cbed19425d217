//! The browser reads the server's answers with [`FromJs`], not serde: each answer type, as the
//! server's serde_json writes it and the browser's `JSON.parse` reads it, comes back equal; a
//! malformed answer is refused, naming the field.
#![cfg(target_arch = "wasm32")]

use leptos_tosspayments::domain::server_api::{
    ApiErrorBody, BillingView, ClientConfig, ErrorCode, OrderStatus, OrderView, ProductView,
    SessionView, StaffHealthView, StaffWebhookView, VirtualAccountView,
};
use leptos_tosspayments::from_js::{FromJs, FromJsError};
use leptos_tosspayments::sdk::AgreementStatus;
use leptos_tosspayments::{AccessToken, Amount, ClientKey, CustomerKey, OrderId, OrderName};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// What the server sends for `value`, parsed by the browser.
fn over_the_wire<T: serde::Serialize>(value: &T) -> JsValue {
    js_sys::JSON::parse(&serde_json::to_string(value).unwrap()).unwrap()
}

fn parse(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

fn order(access_token: Option<AccessToken>, paid_by_transfer: bool) -> OrderView {
    let shown_key = access_token.is_some() || !paid_by_transfer;
    OrderView {
        order_id: OrderId::parse("order-20261126-0001").unwrap(),
        order_name: OrderName::parse("토스 티셔츠 외 1건").unwrap(),
        amount: Amount::krw(23_000).unwrap(),
        balance: Amount::krw(13_000).unwrap(),
        status: OrderStatus::PartiallyCancelled,
        // Shown to its customer only: present or absent.
        customer_key: shown_key.then(|| CustomerKey::parse("customer-7f3a9c").unwrap()),
        method: paid_by_transfer.then(|| "가상계좌".to_owned()),
        approved_at: paid_by_transfer.then(|| "2026-11-26T13:01:02+09:00".to_owned()),
        virtual_account: paid_by_transfer.then(|| VirtualAccountView {
            bank_code: "88".to_owned(),
            account_number: "X6505636518308".to_owned(),
            due_date: "2026-12-03T13:01:02+09:00".to_owned(),
        }),
        failure_code: (!paid_by_transfer).then(|| "REJECT_CARD_PAYMENT".to_owned()),
        access_token,
    }
}

#[wasm_bindgen_test]
fn every_answer_type_reads_back_what_the_server_wrote() {
    for view in [
        order(Some(AccessToken::parse(&"ab12".repeat(16)).unwrap()), true),
        order(None, false),
    ] {
        assert_eq!(OrderView::from_js(&over_the_wire(&view)), Ok(view));
    }
    let config = ClientConfig {
        client_key: ClientKey::parse("test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm").unwrap(),
        sdk_url: "https://js.tosspayments.com/v2/standard".to_owned(),
    };
    assert_eq!(ClientConfig::from_js(&over_the_wire(&config)), Ok(config));
    let error = ApiErrorBody {
        code: ErrorCode::AmountMismatch,
        message: "the paid amount differs from the order's amount".to_owned(),
    };
    assert_eq!(ApiErrorBody::from_js(&over_the_wire(&error)), Ok(error));
    let billing = BillingView {
        customer_key: CustomerKey::parse("customer-7f3a9c").unwrap(),
        method: "카드".to_owned(),
        card_number: Some("43301234****123*".to_owned()),
        access_token: None,
    };
    assert_eq!(BillingView::from_js(&over_the_wire(&billing)), Ok(billing));
    for session in [
        SessionView { customer_key: None },
        SessionView {
            customer_key: Some(CustomerKey::parse("guest-1f2e").unwrap()),
        },
    ] {
        assert_eq!(SessionView::from_js(&over_the_wire(&session)), Ok(session));
    }
    let health = StaffHealthView {
        ready: false,
        database: true,
        stale_workers: vec!["reconciler".to_owned()],
        reconciler_beat_ms_ago: Some(95_000),
        webhook_worker_beat_ms_ago: None,
        webhook_backlog: 3,
        oldest_confirming_seconds: 12.5,
        mismatches: 1,
    };
    assert_eq!(
        StaffHealthView::from_js(&over_the_wire(&health)),
        Ok(health)
    );
    let webhooks = vec![
        StaffWebhookView {
            id: 7,
            provider: "toss".to_owned(),
            subject: "payment tgen_20261126".to_owned(),
            received_at: 1_764_000_000_000,
            attempts: 1,
            processed_at: Some(1_764_000_000_250),
            outcome: Some("applied".to_owned()),
        },
        StaffWebhookView {
            id: 8,
            provider: "toss".to_owned(),
            subject: "deposit for order order-1".to_owned(),
            received_at: 1_764_000_000_500,
            attempts: 0,
            processed_at: None,
            outcome: None,
        },
    ];
    assert_eq!(
        Vec::<StaffWebhookView>::from_js(&over_the_wire(&webhooks)),
        Ok(webhooks)
    );
    let products = vec![ProductView {
        id: "tshirt".to_owned(),
        name: "토스 티셔츠".to_owned(),
        price: Amount::krw(9_000).unwrap(),
    }];
    assert_eq!(
        Vec::<ProductView>::from_js(&over_the_wire(&products)),
        Ok(products)
    );
}

#[wasm_bindgen_test]
fn a_malformed_answer_is_refused_naming_the_field() {
    let good = serde_json::to_value(order(None, true)).unwrap();
    let with = |field: &str, value: serde_json::Value| {
        let mut v = good.clone();
        v[field] = value;
        OrderView::from_js(&over_the_wire(&v))
    };
    let without = |field: &str| {
        let mut v = good.clone();
        v.as_object_mut().unwrap().remove(field);
        OrderView::from_js(&over_the_wire(&v))
    };
    assert_eq!(
        with(
            "amount",
            serde_json::json!({"value": 1.5, "currency": "KRW"})
        ),
        Err(FromJsError("value"))
    );
    assert_eq!(
        with(
            "amount",
            serde_json::json!({"value": -1, "currency": "KRW"})
        ),
        Err(FromJsError("value"))
    );
    assert_eq!(
        with(
            "amount",
            serde_json::json!({"value": 100, "currency": "JPY"})
        ),
        Err(FromJsError("currency"))
    );
    assert_eq!(with("status", "shipped".into()), Err(FromJsError("status")));
    assert_eq!(
        with("orderId", "bad id".into()),
        Err(FromJsError("orderId"))
    );
    assert_eq!(with("method", 7.into()), Err(FromJsError("method")));
    assert_eq!(
        with("customerKey", "no spaces allowed".into()),
        Err(FromJsError("customerKey"))
    );
    assert_eq!(without("customerKey").map(|o| o.customer_key), Ok(None));
    // Optional fields may be absent or null; unknown fields are ignored.
    assert!(without("method").is_ok());
    assert!(with("approvedAt", serde_json::Value::Null).is_ok());
    assert!(with("somethingNew", true.into()).is_ok());
    assert_eq!(
        OrderView::from_js(&parse("\"paid\"")),
        Err(FromJsError("order"))
    );
    assert_eq!(
        Vec::<ProductView>::from_js(&parse("{}")),
        Err(FromJsError("array"))
    );
}

#[wasm_bindgen_test]
fn the_sdk_agreement_payload_is_read() {
    assert_eq!(
        AgreementStatus::from_js(&parse(r#"{"agreedRequiredTerms":true,"terms":[]}"#)),
        Ok(AgreementStatus {
            agreed_required_terms: true
        })
    );
    assert_eq!(
        AgreementStatus::from_js(&parse(r#"{"agreedRequiredTerms":"yes"}"#)),
        Err(FromJsError("agreedRequiredTerms"))
    );
}

/// The success page offers "try again" only when a retry can work: one line per code.
#[wasm_bindgen_test]
fn only_retryable_codes_offer_a_retry() {
    use leptos_tosspayments::client::ServerError;
    let answer = |status: u16, code: &str| ServerError::Api {
        status,
        body: ApiErrorBody {
            code: ErrorCode::from_code(code),
            message: String::new(),
        },
    };
    for (status, code, retryable) in [
        (409, "ALREADY_PAID", false),
        (409, "ORDER_EXPIRED", false),
        (409, "NOT_CANCELLABLE", false),
        (409, "CANCEL_REFUSED", false),
        (409, "ORDER_ID_TAKEN", false),
        (409, "CONFIRM_IN_PROGRESS", true),
        (400, "AMOUNT_MISMATCH", false),
        (402, "REJECT_CARD_PAYMENT", false),
        (503, "CONFIRM_PENDING", true),
        (502, "TOSS_UNAVAILABLE", true),
        (500, "STORAGE_ERROR", true),
        (503, "CATALOG_UNAVAILABLE", true),
        (500, "HTTP_500", true),
        (404, "NOT_FOUND", false),
    ] {
        assert_eq!(
            answer(status, code).is_retryable(),
            retryable,
            "{status} {code}"
        );
    }
    assert!(ServerError::Network("offline".into()).is_retryable());
    assert!(!ServerError::Decode("bad".into()).is_retryable());
}

/// One rule, one verdict: a USD amount the SDK sends is read through JavaScript's own
/// `String(n)` in the browser (no Rust float formatting in the bundle); every number gets the
/// verdict `Amount::from_sdk_value` (Rust's shortest form, which the server uses) gives it.
#[wasm_bindgen_test]
fn a_usd_amount_from_js_gets_the_verdict_of_from_sdk_value() {
    use leptos_tosspayments::domain::amount::Currency;
    let numbers = [
        0.0,
        -0.0,
        0.01,
        0.1,
        0.5,
        1.0,
        50.5,
        19.99,
        0.1 + 0.2,
        1.005,
        100.123,
        -1.0,
        -0.01,
        1e-7,
        1e21,
        9_999_999_999_999.99,
        99_999_999_999_999.99,
        123_456.78,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MAX,
        f64::MIN_POSITIVE,
    ];
    for n in numbers {
        let wire = js_sys::Object::new();
        js_sys::Reflect::set(&wire, &"value".into(), &JsValue::from_f64(n)).unwrap();
        js_sys::Reflect::set(&wire, &"currency".into(), &"USD".into()).unwrap();
        let browser = Amount::from_js(&wire).ok();
        let server = Amount::from_sdk_value(n, Currency::Usd).ok();
        assert_eq!(browser, server, "{n}");
    }
}
