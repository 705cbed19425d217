//! My first storefront: one product, a checkout with Toss's payment widget, and a success page
//! that confirms through **my own backend** (`/shop/*`), with leptos-tosspayments' components
//! and hooks. About 100 lines, from the crate docs and the README alone.

use gloo_net::http::Request;
use leptos::prelude::*;
use leptos_tosspayments::components::{PaymentWidget, PaymentWidgetHandle, TossProvider};
use leptos_tosspayments::domain::server_api::ConfirmPaymentRequest;
use leptos_tosspayments::hooks::{ConfirmState, use_confirm_payment};
use leptos_tosspayments::sdk::{RedirectUrl, WidgetPaymentRequest};
use leptos_tosspayments::{Amount, ClientKey, CustomerKey, OrderId, OrderName};
use serde::Deserialize;

/// What my backend answers for `GET /shop/checkout`: the keys it may share and a new order it
/// priced (the browser never decides an amount).
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Checkout {
    client_key: ClientKey,
    sdk_url: String,
    order_id: OrderId,
    order_name: OrderName,
    amount: u64,
}

/// What my backend answers after confirming with Toss.
#[derive(Clone, Deserialize)]
struct Receipt {
    status: String,
    total: u64,
}

fn main() {
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    leptos::mount::mount_to_body(move || match path.as_str() {
        "/success" => view! { <Success /> }.into_any(),
        "/fail" => view! { <p id="failed">"결제가 취소되었거나 실패했어요."</p> }.into_any(),
        _ => view! { <Shop /> }.into_any(),
    });
}

#[component]
fn Shop() -> impl IntoView {
    let checkout = LocalResource::new(|| async {
        Request::get("/shop/checkout")
            .send()
            .await
            .ok()?
            .json::<Checkout>()
            .await
            .ok()
    });
    move || match checkout.get().flatten() {
        None => view! { <p>"Loading…"</p> }.into_any(),
        Some(c) => view! {
            <TossProvider client_key=c.client_key.clone() sdk_url=c.sdk_url.clone()>
                <Pay checkout=c.clone() />
            </TossProvider>
        }
        .into_any(),
    }
}

#[component]
fn Pay(checkout: Checkout) -> impl IntoView {
    let widget = PaymentWidgetHandle::new();
    let amount = Amount::krw(checkout.amount as i64).expect("my backend prices in won");
    let pay = move |_| {
        let request = WidgetPaymentRequest::new(
            checkout.order_id.clone(),
            checkout.order_name.clone(),
            RedirectUrl::on_this_site("/success").expect("an http(s) page"),
            RedirectUrl::on_this_site("/fail").expect("an http(s) page"),
        );
        leptos::task::spawn_local(async move {
            let _ = widget.request_payment(&request).await;
        });
    };
    view! {
        <h1>"토스 티셔츠 " {amount.to_string()}</h1>
        <PaymentWidget customer_key=CustomerKey::anonymous() amount=Signal::stored(amount) handle=widget />
        <button id="pay" on:click=pay disabled=move || !widget.can_pay()>"결제하기"</button>
    }
}

/// The success page, through my backend's confirm.
#[component]
fn Success() -> impl IntoView {
    let confirmation = use_confirm_payment(|request: ConfirmPaymentRequest| async move {
        let response = Request::post("/shop/confirm")
            .json(&request)
            .map_err(|e| e.to_string())?
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !response.ok() {
            return Err(response.text().await.unwrap_or_default());
        }
        response.json::<Receipt>().await.map_err(|e| e.to_string())
    });
    move || match confirmation.state.get() {
        ConfirmState::InvalidLink(why) => view! { <p id="failed">{why.to_string()}</p> }.into_any(),
        ConfirmState::Working => view! { <p>"결제를 승인하고 있어요…"</p> }.into_any(),
        ConfirmState::Done(r) => {
            view! { <p id="paid">{format!("{} {}원", r.status, r.total)}</p> }.into_any()
        }
        ConfirmState::Failed(e) => view! { <p id="failed">{e}</p> }.into_any(),
    }
}
