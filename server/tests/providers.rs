//! A second payment provider plugs into the same ledger: the claim, the amount check, the
//! audit events, the reconciler, the webhook inbox, cancels and the access tokens work for it
//! without a line of it copied. `FakePay` is a small in-memory provider with its own payment
//! ids, that can lose answers the way a real one does. Each test runs on SQLite and on
//! PostgreSQL, over the server's HTTP API where a route exists.

mod support;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use leptos_tosspayments::OrderId;
use leptos_tosspayments::domain::server_api::{OrderStatus, OrderView};
use serde_json::{Value, json};
use support::{Backend, Env};
use tosspayments_server::confirm::confirm_payment;
use tosspayments_server::provider::{
    Approval, CancelRequest, PaymentId, PaymentProvider, ProviderError, ProviderId,
    ProviderPayment, WebhookSubject,
};
use tosspayments_server::reconcile::reconcile_once;
use tosspayments_server::webhooks;

on_both_databases!(
    a_second_provider_confirms_on_the_same_ledger_exactly_once,
    a_lost_approval_is_settled_by_the_reconciler_without_a_second_charge,
    its_webhooks_are_reverified_with_the_provider,
    its_payments_are_cancelled_and_refreshed_through_the_http_api,
    a_verified_state_our_machine_refuses_is_recorded_as_a_mismatch,
);

/// One payment at FakePay.
#[derive(Debug, Clone)]
struct Fake {
    order_id: String,
    amount: i64,
    balance: i64,
    /// `AUTHORIZED` (the buyer approved; not executed yet), `PAID`, `CANCELLED`, `PARTIAL`.
    status: &'static str,
}

#[derive(Debug, Default)]
struct Inner {
    payments: HashMap<String, Fake>,
    /// Idempotency keys of approvals performed (a repeated key performs nothing).
    approvals: HashSet<String>,
    /// How many approve calls FakePay has answered.
    approve_calls: usize,
    /// The next this-many approvals time out before doing anything.
    unreachable: usize,
    cancels: Vec<(Option<i64>, String)>,
}

/// An in-memory provider with its own ids (`fp_…`).
#[derive(Debug, Default)]
struct FakePay(Mutex<Inner>);

impl FakePay {
    fn id() -> ProviderId {
        ProviderId::parse("fakepay").unwrap()
    }

    /// The buyer approves a payment of `amount` for `order`: FakePay's id of it.
    fn authorize(&self, order: &OrderView, amount: i64) -> PaymentId {
        let mut inner = self.0.lock().unwrap();
        let id = format!("fp_{}", inner.payments.len() + 1);
        inner.payments.insert(
            id.clone(),
            Fake {
                order_id: order.order_id.to_string(),
                amount,
                balance: amount,
                status: "AUTHORIZED",
            },
        );
        PaymentId::parse(&id).unwrap()
    }

    fn set_status(&self, id: &PaymentId, status: &'static str, balance: i64) {
        let mut inner = self.0.lock().unwrap();
        let fake = inner.payments.get_mut(id.as_str()).unwrap();
        fake.status = status;
        fake.balance = balance;
    }

    fn view(&self, id: &str, fake: &Fake) -> ProviderPayment {
        ProviderPayment {
            provider: FakePay::id(),
            payment_id: PaymentId::parse(id).unwrap(),
            order_id: fake.order_id.clone(),
            settled: match fake.status {
                "PAID" => Some(OrderStatus::Paid),
                "PARTIAL" => Some(OrderStatus::PartiallyCancelled),
                "CANCELLED" => Some(OrderStatus::Cancelled),
                _ => None,
            },
            provider_status: format!("fakepay {}", fake.status),
            currency: Some("KRW".to_owned()),
            total_amount: fake.amount,
            balance: fake.balance,
            method: Some("fakepay".to_owned()),
            approved_at: None,
            virtual_account: None,
            deposit_secret: None,
            failure_code: None,
            cancel_ids: Vec::new(),
        }
    }

    fn not_found(id: &PaymentId) -> ProviderError {
        ProviderError::NotFound {
            provider: FakePay::id(),
            code: "NO_SUCH_PAYMENT".to_owned(),
            message: id.to_string(),
        }
    }
}

#[async_trait]
impl PaymentProvider for FakePay {
    fn id(&self) -> ProviderId {
        FakePay::id()
    }

    async fn approve(&self, approval: Approval<'_>) -> Result<ProviderPayment, ProviderError> {
        let mut inner = self.0.lock().unwrap();
        inner.approve_calls += 1;
        if inner.unreachable > 0 {
            inner.unreachable -= 1;
            return Err(ProviderError::InDoubt {
                provider: FakePay::id(),
                code: None,
                detail: "timed out".to_owned(),
            });
        }
        let id = approval.payment.as_str().to_owned();
        let Some(fake) = inner.payments.get(&id).cloned() else {
            return Err(FakePay::not_found(approval.payment));
        };
        if fake.amount != approval.amount {
            return Err(ProviderError::Refused {
                provider: FakePay::id(),
                code: "AMOUNT".to_owned(),
                message: "not the authorised amount".to_owned(),
            });
        }
        if inner.approvals.insert(approval.idempotency_key.to_owned())
            && fake.status == "AUTHORIZED"
        {
            inner.payments.get_mut(&id).unwrap().status = "PAID";
        }
        let fake = inner.payments[&id].clone();
        Ok(self.view(&id, &fake))
    }

    async fn lookup(&self, payment: &PaymentId) -> Result<ProviderPayment, ProviderError> {
        let inner = self.0.lock().unwrap();
        match inner.payments.get(payment.as_str()) {
            Some(fake) => Ok(self.view(payment.as_str(), fake)),
            None => Err(FakePay::not_found(payment)),
        }
    }

    async fn cancel(
        &self,
        payment: &PaymentId,
        cancel: &CancelRequest<'_>,
    ) -> Result<ProviderPayment, ProviderError> {
        let mut inner = self.0.lock().unwrap();
        inner
            .cancels
            .push((cancel.amount, cancel.idempotency_key.to_owned()));
        let Some(fake) = inner.payments.get_mut(payment.as_str()) else {
            return Err(FakePay::not_found(payment));
        };
        fake.balance -= cancel.amount.unwrap_or(fake.balance);
        fake.status = if fake.balance == 0 {
            "CANCELLED"
        } else {
            "PARTIAL"
        };
        let fake = fake.clone();
        Ok(self.view(payment.as_str(), &fake))
    }

    fn webhook_subject(&self, body: &Value) -> WebhookSubject {
        match body
            .get("paymentId")
            .and_then(Value::as_str)
            .map(PaymentId::parse)
        {
            Some(Ok(id)) => WebhookSubject::Payment(id),
            _ => WebhookSubject::Ignore("ignored: no paymentId".to_owned()),
        }
    }
}

async fn start(backend: Backend) -> (Env, Arc<FakePay>, Arc<dyn PaymentProvider>) {
    let fake = Arc::new(FakePay::default());
    let provider: Arc<dyn PaymentProvider> = fake.clone();
    let env = Env::start_with_providers(backend, vec![provider.clone()]).await;
    (env, fake, provider)
}

async fn causes(env: &Env, id: &OrderId) -> Vec<String> {
    env.state()
        .db
        .events(id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.cause)
        .collect()
}

async fn a_second_provider_confirms_on_the_same_ledger_exactly_once(backend: Backend) {
    let (env, fake, provider) = start(backend).await;
    let state = env.state();
    let order = env.order().await;
    let payment = fake.authorize(&order, 23_000);

    // The browser's amount is compared with the stored one before the provider is called.
    let refused = confirm_payment(state, &provider, &order.order_id, &payment, 1_000).await;
    assert_eq!(
        refused.unwrap_err().code().as_str(),
        "AMOUNT_MISMATCH",
        "a tampered amount is refused"
    );
    assert_eq!(fake.0.lock().unwrap().approve_calls, 0);

    // Two confirms at once: one approval at the provider, one answer for both.
    let (a, b) = tokio::join!(
        confirm_payment(state, &provider, &order.order_id, &payment, 23_000),
        confirm_payment(state, &provider, &order.order_id, &payment, 23_000),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!((a.status, b.status), (OrderStatus::Paid, OrderStatus::Paid));
    assert_eq!(fake.0.lock().unwrap().approve_calls, 1);

    // The order is the ledger's: its provider and payment id are stored, and the HTTP API
    // shows it like any other.
    let row = state.db.order(&order.order_id).await.unwrap().unwrap();
    assert_eq!(
        (row.provider, row.payment_id),
        (Some(FakePay::id()), Some(payment.clone()))
    );
    let (status, body) = env.get(&format!("/api/orders/{}", order.order_id)).await;
    assert_eq!(
        (status, body["status"].as_str(), body["method"].as_str()),
        (200, Some("paid"), Some("fakepay"))
    );
    assert_eq!(
        causes(&env, &order.order_id).await,
        ["created", "confirm", "confirm"]
    );
    let events = state.db.events(&order.order_id).await.unwrap();
    assert_eq!(
        events.last().and_then(|e| e.detail.clone()).as_deref(),
        Some("fakepay PAID; amount 23000 KRW, balance 23000"),
        "the audit trail has the money"
    );

    // Another payment for a paid order is refused by the ledger, not sent to the provider.
    let other = fake.authorize(&order, 23_000);
    let again = confirm_payment(state, &provider, &order.order_id, &other, 23_000).await;
    assert_eq!(again.unwrap_err().code().as_str(), "ALREADY_PAID");
    assert_eq!(fake.0.lock().unwrap().approve_calls, 1);

    // A payment of another order is not this order's: the claim is released.
    let second = env.order().await;
    let refused = confirm_payment(state, &provider, &second.order_id, &payment, 23_000).await;
    assert_eq!(
        refused.unwrap_err().code().as_str(),
        "PAYMENT_NOT_FOR_ORDER"
    );
    let row = state.db.order(&second.order_id).await.unwrap().unwrap();
    assert_eq!(
        (row.status, row.provider, row.payment_id),
        (OrderStatus::Created, None, None)
    );
}

async fn a_lost_approval_is_settled_by_the_reconciler_without_a_second_charge(backend: Backend) {
    let (env, fake, provider) = start(backend).await;
    let state = env.state();
    let order = env.order().await;
    let payment = fake.authorize(&order, 23_000);
    // Every try of the confirm (the first and its retries) times out.
    fake.0.lock().unwrap().unreachable = 1 + state.settings.confirm_retries as usize;
    let pending = confirm_payment(state, &provider, &order.order_id, &payment, 23_000).await;
    assert_eq!(pending.unwrap_err().code().as_str(), "CONFIRM_PENDING");
    let row = state.db.order(&order.order_id).await.unwrap().unwrap();
    assert_eq!(
        row.status,
        OrderStatus::Confirming,
        "never called failed while in doubt"
    );

    // The provider is back: the reconciler asks it, sees the payment still authorised, and
    // approves with the same idempotency key.
    let report = reconcile_once(state).await.unwrap();
    assert_eq!((report.examined, report.settled), (1, 1));
    let row = state.db.order(&order.order_id).await.unwrap().unwrap();
    assert_eq!(row.status, OrderStatus::Paid);
    assert_eq!(
        fake.0.lock().unwrap().approvals.len(),
        1,
        "one approval performed"
    );
    let second = reconcile_once(state).await.unwrap();
    assert_eq!(second.settled, 0);
}

async fn its_webhooks_are_reverified_with_the_provider(backend: Backend) {
    let (env, fake, provider) = start(backend).await;
    let state = env.state();
    let order = env.order().await;
    let payment = fake.authorize(&order, 23_000);
    confirm_payment(state, &provider, &order.order_id, &payment, 23_000)
        .await
        .unwrap();

    // A body that lies (it says PAID): the ledger applies what FakePay answers.
    fake.set_status(&payment, "CANCELLED", 0);
    let body = json!({"paymentId": payment.as_str(), "status": "PAID"}).to_string();
    webhooks::receive(state, &FakePay::id(), body.as_bytes())
        .await
        .unwrap();
    // A webhook for a payment FakePay does not have changes nothing.
    let unknown = json!({"paymentId": "fp_999"}).to_string();
    webhooks::receive(state, &FakePay::id(), unknown.as_bytes())
        .await
        .unwrap();
    env.drained().await;
    let row = state.db.order(&order.order_id).await.unwrap().unwrap();
    assert_eq!((row.status, row.balance), (OrderStatus::Cancelled, 0));
    let outcomes = state.db.inbox_outcomes().await.unwrap();
    assert!(
        outcomes.iter().any(|o| o == "applied webhook: cancelled"),
        "{outcomes:?}"
    );
    assert!(
        outcomes
            .iter()
            .any(|o| o.contains("fakepay has no such payment")),
        "{outcomes:?}"
    );
    assert!(
        causes(&env, &order.order_id)
            .await
            .iter()
            .any(|c| c.starts_with("webhook:")),
    );
}

async fn its_payments_are_cancelled_and_refreshed_through_the_http_api(backend: Backend) {
    let (env, fake, provider) = start(backend).await;
    let state = env.state();
    let order = env.order().await;
    let payment = fake.authorize(&order, 23_000);
    confirm_payment(state, &provider, &order.order_id, &payment, 23_000)
        .await
        .unwrap();

    // The buyer's cancel (with the order's access token) goes to FakePay, with an
    // idempotency key.
    let (status, body) = env
        .cancel(&order, json!({"reason": "사이즈 교환", "amount": 3_000}))
        .await;
    assert_eq!(
        (
            status,
            body["status"].as_str(),
            body["balance"]["value"].as_u64()
        ),
        (200, Some("partially_cancelled"), Some(20_000)),
        "{body}"
    );
    let cancels = fake.0.lock().unwrap().cancels.clone();
    assert_eq!(cancels.len(), 1);
    assert_eq!(cancels[0].0, Some(3_000));
    assert!(!cancels[0].1.is_empty());

    // A cancel made at the provider's console is seen on a refresh.
    fake.set_status(&payment, "CANCELLED", 0);
    let (status, body) = env
        .get(&format!("/api/orders/{}?refresh=true", order.order_id))
        .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("cancelled")),
        "{body}"
    );
}

async fn a_verified_state_our_machine_refuses_is_recorded_as_a_mismatch(backend: Backend) {
    let (env, fake, provider) = start(backend).await;
    let state = env.state();
    let order = env.order().await;
    let payment = fake.authorize(&order, 23_000);
    confirm_payment(state, &provider, &order.order_id, &payment, 23_000)
        .await
        .unwrap();
    let (status, _) = env.cancel(&order, json!({"reason": "취소"})).await;
    assert_eq!(status, 200);
    // The provider now says the payment is paid again: cancelled -> paid is no transition of
    // ours. The order stays cancelled, and the difference is on record.
    fake.set_status(&payment, "PAID", 23_000);
    let body = json!({"paymentId": payment.as_str()}).to_string();
    webhooks::receive(state, &FakePay::id(), body.as_bytes())
        .await
        .unwrap();
    env.drained().await;
    let row = state.db.order(&order.order_id).await.unwrap().unwrap();
    assert_eq!(row.status, OrderStatus::Cancelled);
    let mismatches = state.db.mismatches(10).await.unwrap();
    assert_eq!(mismatches.len(), 1, "{mismatches:?}");
    assert_eq!(mismatches[0].order_id, order.order_id.as_str());
    let detail = mismatches[0].detail.clone().unwrap_or_default();
    assert!(
        detail.contains("fakepay says paid") && detail.contains("the order is cancelled"),
        "{detail}"
    );
}
