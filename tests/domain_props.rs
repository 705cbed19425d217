//! Property tests of the typed payment domain: every valid value survives serde unchanged, and
//! every malformed value the references describe is rejected with a message.
#![cfg(not(target_arch = "wasm32"))]

use leptos_tosspayments::domain::amount::MAX_VALUE;
use leptos_tosspayments::{
    Amount, ClientKey, Currency, CustomerKey, IdempotencyKey, OrderId, OrderName, PaymentKey,
    PaymentMethod, PaymentStatus, SecretKey,
};
use proptest::prelude::*;

fn order_id() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_=-]{6,64}"
}

fn customer_key() -> impl Strategy<Value = String> {
    // 2..=50 of letters, digits and - _ = . @; no special character is required (SDK d.ts).
    "[A-Za-z0-9_=.@-]{2,50}".prop_filter("not a secret-key lookalike", |k| {
        !k.starts_with("test_") && !k.starts_with("live_")
    })
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn amount_round_trips_in_both_shapes(v in 0..=MAX_VALUE as i64) {
        let a = Amount::krw(v).unwrap();
        let sdk = json(&a);
        prop_assert_eq!(&sdk, &format!(r#"{{"value":{v},"currency":"KRW"}}"#));
        prop_assert_eq!(serde_json::from_str::<Amount>(&sdk).unwrap(), a);
        prop_assert_eq!(Amount::parse_krw(&v.to_string()).unwrap(), a);
        prop_assert_eq!(a.core_value(), v as u64);
    }

    #[test]
    fn negative_amounts_are_rejected(v in i64::MIN..0) {
        let err = Amount::krw(v).unwrap_err();
        prop_assert!(err.to_string().contains("negative"));
        prop_assert!(Amount::parse_krw(&v.to_string()).is_err());
        let body = format!(r#"{{"value":{v},"currency":"KRW"}}"#);
        prop_assert!(serde_json::from_str::<Amount>(&body).is_err());
    }

    #[test]
    fn amounts_beyond_javascript_precision_are_rejected(v in (MAX_VALUE + 1)..=u64::MAX) {
        prop_assert!(Amount::from_unsigned(v, Currency::Krw).is_err());
        prop_assert!(Amount::parse_krw(&v.to_string()).is_err());
    }

    #[test]
    fn non_integer_amount_text_is_rejected(s in "[0-9]{1,6}[.,][0-9]{1,3}|[ +][0-9]{1,5}|[0-9]{1,5} |[^0-9-]{1,8}|") {
        prop_assert!(Amount::parse_krw(&s).is_err(), "{:?} accepted", s);
    }

    #[test]
    fn checked_arithmetic_matches_integers(a in 0..=1_000_000_000i64, b in 0..=1_000_000_000i64, q in 0u32..1000) {
        let (x, y) = (Amount::krw(a).unwrap(), Amount::krw(b).unwrap());
        prop_assert_eq!(x.checked_add(y).unwrap().value(), (a + b) as u64);
        prop_assert_eq!(x.checked_sub(y).is_ok(), a >= b);
        prop_assert_eq!(x.checked_mul(q).unwrap().value(), a as u64 * q as u64);
    }

    #[test]
    fn order_ids_round_trip(s in order_id()) {
        let id = OrderId::parse(&s).unwrap();
        prop_assert_eq!(json(&id), format!("\"{s}\""));
        prop_assert_eq!(serde_json::from_str::<OrderId>(&json(&id)).unwrap(), id);
    }

    #[test]
    fn order_ids_of_wrong_length_are_rejected(s in "[A-Za-z0-9_=-]{0,5}|[A-Za-z0-9_=-]{65,100}") {
        let err = OrderId::parse(&s).unwrap_err();
        prop_assert!(err.to_string().contains("6 to 64"));
        let quoted = format!("\"{s}\"");
        prop_assert!(serde_json::from_str::<OrderId>(&quoted).is_err());
    }

    #[test]
    fn order_ids_with_other_characters_are_rejected(
        a in "[A-Za-z0-9]{3,20}", bad in "[ .@/+#%?&가-힣\t]", b in "[A-Za-z0-9]{3,20}"
    ) {
        let s = format!("{a}{bad}{b}");
        let err = OrderId::parse(&s).unwrap_err();
        prop_assert!(err.to_string().contains("only letters"), "{}", err);
    }

    #[test]
    fn order_names_round_trip(s in "\\PC{1,100}") {
        let name = OrderName::parse(&s).unwrap();
        prop_assert_eq!(serde_json::from_str::<OrderName>(&json(&name)).unwrap(), name);
    }

    #[test]
    fn long_order_names_are_rejected(s in "\\PC{101,140}") {
        prop_assert!(OrderName::parse(&s).unwrap_err().to_string().contains("at most 100"));
    }

    #[test]
    fn customer_keys_round_trip(s in customer_key()) {
        let key = CustomerKey::parse(&s).unwrap();
        prop_assert_eq!(serde_json::from_str::<CustomerKey>(&json(&key)).unwrap(), key);
    }

    #[test]
    fn customer_keys_without_special_characters_are_accepted(s in "[A-Za-z0-9]{2,50}") {
        let key = CustomerKey::parse(&s).unwrap();
        prop_assert_eq!(key.as_str(), s.as_str());
    }

    #[test]
    fn customer_keys_of_wrong_length_are_rejected(s in "[-_=.@]|[A-Za-z0-9]{40,60}[-_=.@][A-Za-z0-9]{10,20}") {
        prop_assert!(CustomerKey::parse(&s).unwrap_err().to_string().contains("2 to 50"));
    }

    #[test]
    fn customer_keys_with_other_characters_are_rejected(a in "[a-z]{1,10}", bad in "[ #/+!가-힣]", b in "-[a-z]{1,10}") {
        let s = format!("{a}{bad}{b}");
        prop_assert!(CustomerKey::parse(&s).unwrap_err().to_string().contains("only letters"));
    }

    #[test]
    fn payment_keys_round_trip(s in "[!-~]{1,200}") {
        let key = PaymentKey::parse(&s).unwrap();
        prop_assert_eq!(serde_json::from_str::<PaymentKey>(&json(&key)).unwrap(), key);
    }

    #[test]
    fn payment_keys_too_long_or_with_spaces_are_rejected(long in "[a-z]{201,260}", a in "[a-z]{1,9}", b in "[a-z]{1,9}") {
        prop_assert!(PaymentKey::parse(&long).unwrap_err().to_string().contains("at most 200"));
        let spaced = format!("{a} {b}");
        prop_assert!(PaymentKey::parse(&spaced).is_err());
    }

    #[test]
    fn idempotency_keys_round_trip(s in "[!-~]{1,100}") {
        let key = IdempotencyKey::parse(&s).unwrap();
        prop_assert_eq!(serde_json::from_str::<IdempotencyKey>(&json(&key)).unwrap(), key);
    }

    #[test]
    fn idempotency_keys_too_long_or_not_printable_ascii_are_rejected(
        long in "[!-~]{101,140}",
        a in "[!-~]{0,40}",
        bad in "[ \t\n\x00\x7f가-힣é]",
        b in "[!-~]{0,40}",
    ) {
        prop_assert!(IdempotencyKey::parse(&long).unwrap_err().to_string().contains("1 to 100"));
        let spoiled = format!("{a}{bad}{b}");
        prop_assert!(IdempotencyKey::parse(&spoiled).is_err(), "{:?} accepted", spoiled);
    }

    #[test]
    fn client_keys_round_trip(env in "test|live", fam in "ck|gck", body in "[A-Za-z0-9_]{1,40}") {
        let s = format!("{env}_{fam}_{body}");
        let key = ClientKey::parse(&s).unwrap();
        prop_assert_eq!(serde_json::from_str::<ClientKey>(&json(&key)).unwrap(), key);
    }

    #[test]
    fn secret_keys_are_never_client_keys_and_never_shown(env in "test|live", fam in "sk|gsk", body in "[A-Za-z0-9]{8,40}") {
        let s = format!("{env}_{fam}_{body}");
        prop_assert!(ClientKey::parse(&s).is_err());
        let sk = SecretKey::parse(&s).unwrap();
        let shown = format!("{sk} {sk:?}");
        prop_assert!(!shown.contains(&body));
        prop_assert!(CustomerKey::parse(&s).is_err());
    }

    #[test]
    fn keys_with_unknown_prefixes_are_rejected(s in "[a-z]{2,6}_[a-z]{2,3}_[A-Za-z0-9]{4,10}") {
        prop_assume!(!(s.starts_with("test_") || s.starts_with("live_")));
        prop_assert!(ClientKey::parse(&s).is_err());
        prop_assert!(SecretKey::parse(&s).is_err());
    }

    #[test]
    fn unknown_statuses_and_methods_are_kept(s in "[A-Z_]{1,30}") {
        let status: PaymentStatus = serde_json::from_str(&format!("\"{s}\"")).unwrap();
        prop_assert_eq!(status.as_str(), s.as_str());
        prop_assert_eq!(json(&status), format!("\"{s}\""));
        let method: PaymentMethod = serde_json::from_str(&format!("\"{s}\"")).unwrap();
        prop_assert_eq!(method.as_str(), s.as_str());
    }
}

#[test]
fn every_documented_status_and_method_round_trips() {
    for s in PaymentStatus::KNOWN {
        let back: PaymentStatus = serde_json::from_str(&json(s)).unwrap();
        assert_eq!(&back, s);
        assert!(!matches!(back, PaymentStatus::Other(_)));
    }
    assert_eq!(PaymentStatus::KNOWN.len(), 8);
    for m in PaymentMethod::KNOWN {
        let back: PaymentMethod = serde_json::from_str(&json(m)).unwrap();
        assert_eq!(&back, m);
    }
    for label in [
        "카드",
        "가상계좌",
        "간편결제",
        "휴대폰",
        "계좌이체",
        "문화상품권",
        "도서문화상품권",
        "게임문화상품권",
    ] {
        let m = PaymentMethod::from_korean(label).unwrap();
        assert_eq!(m.korean_label(), Some(label));
    }
    assert_eq!(PaymentMethod::from_korean(""), None);
}

#[test]
fn malformed_values_named_in_the_references_are_rejected() {
    // Integration guide, "Common mistakes": a one-character customer key, order ids with
    // whitespace or non-ASCII characters, an amount passed as a decimal string. (The guide also
    // calls a key without a special character a mistake; the SDK, which is the judge, accepts
    // one: see sandbox/CONFORMANCE.md.)
    assert!(CustomerKey::parse("a").is_err());
    assert!(CustomerKey::parse("member12345").is_ok());
    assert!(OrderId::parse("order 2024 01").is_err());
    assert!(OrderId::parse("주문-2024-0001").is_err());
    assert!(Amount::parse_krw("15000.0").is_err());
    assert!(serde_json::from_str::<Amount>(r#"{"value":"15000","currency":"KRW"}"#).is_err());
    assert!(serde_json::from_str::<Amount>(r#"{"value":15000.5,"currency":"KRW"}"#).is_err());
    assert!(serde_json::from_str::<Amount>(r#"{"value":15000,"currency":"JPY"}"#).is_err());
    // Reference: customerKey is at most 50 characters by the SDK's own validation.
    assert!(CustomerKey::parse(&format!("a-{}", "b".repeat(49))).is_err());
    // Reference: a secret key is never a client key (INSECURE_KEY_USAGE in the SDK).
    assert!(ClientKey::parse("test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6").is_err());
    // Reference: orderName is at most 100 characters.
    assert!(OrderName::parse(&"x".repeat(101)).is_err());
}

mod redirect_queries {
    use leptos_tosspayments::domain::redirect::{FailQuery, SuccessQuery};
    use leptos_tosspayments::domain::server_api::OrderStatus;
    use proptest::prelude::*;

    fn encode(s: &str) -> String {
        form_urlencoded::byte_serialize(s.as_bytes()).collect()
    }

    proptest! {
        #[test]
        fn valid_success_queries_parse_to_what_was_sent(
            order in "[A-Za-z0-9_-]{6,64}", key in "[A-Za-z0-9]{1,200}", amount in 0u64..=9_007_199_254_740_991,
            extra in "[a-z]{1,8}=[a-z0-9]{0,8}&",
        ) {
            let q = format!("?{extra}paymentType=NORMAL&orderId={order}&paymentKey={key}&amount={amount}");
            let parsed = SuccessQuery::parse(&q).unwrap();
            prop_assert_eq!(parsed.order_id.as_str(), order.as_str());
            prop_assert_eq!(parsed.payment_key.as_str(), key.as_str());
            prop_assert_eq!(parsed.amount.value(), amount);
        }

        #[test]
        fn success_queries_with_a_bad_amount_are_rejected(amount in "-[1-9][0-9]{0,5}|[0-9]{1,4}\\.[0-9]|[a-z]{1,5}|[1-9][0-9]{16,19}") {
            let q = format!("?orderId=order-0001&paymentKey=pk&amount={}", encode(&amount));
            prop_assert!(SuccessQuery::parse(&q).is_err(), "{} accepted", amount);
        }

        #[test]
        fn any_query_string_parses_or_fails_without_panicking(q in "\\PC{0,200}") {
            let _ = SuccessQuery::parse(&q);
            let _ = FailQuery::parse(&q);
        }

        #[test]
        fn fail_messages_round_trip_through_url_encoding(message in "\\PC{0,80}") {
            let q = format!("?code=PAY_PROCESS_CANCELED&message={}&orderId=order-0001", encode(&message));
            prop_assert_eq!(FailQuery::parse(&q).unwrap().message, message);
        }
    }

    #[test]
    fn order_status_text_matches_its_json() {
        for s in [
            OrderStatus::Created,
            OrderStatus::Confirming,
            OrderStatus::Paid,
            OrderStatus::WaitingForDeposit,
            OrderStatus::PartiallyCancelled,
            OrderStatus::Cancelled,
            OrderStatus::Failed,
            OrderStatus::Expired,
        ] {
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::Value::from(s.as_str())
            );
        }
    }
}
