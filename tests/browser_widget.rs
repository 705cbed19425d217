//! `<PaymentWidget>` in headless Chromium against the sandbox's SDK stand-in.
#![cfg(target_arch = "wasm32")]

mod browser_support;

use std::time::Duration;

use browser_support::*;
use leptos::prelude::*;
use leptos_tosspayments::components::{
    CheckoutError, PaymentFail, PaymentWidget, PaymentWidgetHandle, TossProvider, WidgetStatus,
};
use leptos_tosspayments::messages::Lang;
use leptos_tosspayments::sdk::{RedirectUrl, SdkErrorCode, WidgetPaymentRequest};
use leptos_tosspayments::{Amount, ClientKey, CustomerKey, OrderId, OrderName};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const READY: Duration = Duration::from_secs(10);

fn request() -> WidgetPaymentRequest {
    WidgetPaymentRequest::new(
        OrderId::parse("order-wasm-0001").unwrap(),
        OrderName::parse("테스트 주문").unwrap(),
        RedirectUrl::on_this_site("/success").unwrap(),
        RedirectUrl::on_this_site("/fail").unwrap(),
    )
}

/// Mounts one widget with its own handle; returns the handle and the mount.
fn mount_widget(
    el: &web_sys::HtmlElement,
    amount: RwSignal<Amount>,
) -> (
    PaymentWidgetHandle,
    leptos::mount::UnmountHandle<impl Mountable>,
) {
    let (tx, rx) = std::sync::mpsc::channel();
    let mounted = leptos::mount::mount_to(el.clone(), move || {
        let handle = PaymentWidgetHandle::new();
        tx.send(handle).unwrap();
        view! {
            <TossProvider client_key=widget_key() sdk_url=sdk_url()>
                <PaymentWidget customer_key=CustomerKey::anonymous() amount=amount handle=handle agreement_variant_key="AGREEMENT" />
            </TossProvider>
        }
    });
    (rx.recv().unwrap(), mounted)
}

#[wasm_bindgen_test]
async fn two_widgets_share_one_script_tag() {
    let el = container();
    let amount = RwSignal::new(Amount::krw(10_000).unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    let _mounted = leptos::mount::mount_to(el.clone(), move || {
        let (a, b) = (PaymentWidgetHandle::new(), PaymentWidgetHandle::new());
        tx.send((a, b)).unwrap();
        view! {
            <TossProvider client_key=widget_key() sdk_url=sdk_url()>
                <PaymentWidget customer_key=CustomerKey::anonymous() amount=amount handle=a />
                <PaymentWidget customer_key=CustomerKey::generate() amount=amount handle=b />
            </TossProvider>
        }
    });
    let (a, b) = rx.recv().unwrap();
    wait_until("both widgets ready", READY, || {
        a.status() == WidgetStatus::Ready && b.status() == WidgetStatus::Ready
    })
    .await;
    assert_eq!(script_tags(&sdk_url()), 1);
    assert_eq!(count(&el, "[data-testid=sandbox-methods-widget]"), 2);
    assert_eq!(count(&el, "[data-testid=sandbox-agreement-widget]"), 2);
    assert_eq!(count(&el, ".tps-loading"), 0, "the loading state is gone");
}

#[wasm_bindgen_test]
async fn amount_changes_call_set_amount_without_rendering_again() {
    let el = container();
    let amount = RwSignal::new(Amount::krw(50_000).unwrap());
    let (handle, _mounted) = mount_widget(&el, amount);
    wait_until("ready", READY, || handle.is_ready()).await;
    let list = el
        .query_selector("[data-testid=sandbox-methods-widget]")
        .unwrap()
        .unwrap();
    let shown = || {
        el.query_selector("[data-testid=sandbox-widget-amount]")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert!(shown().contains("50,000"), "{}", shown());

    amount.set(Amount::krw(42_000).unwrap());
    wait_until("the widget shows the new amount", READY, || {
        shown().contains("42,000")
    })
    .await;
    let after = el
        .query_selector("[data-testid=sandbox-methods-widget]")
        .unwrap()
        .unwrap();
    assert!(
        list.is_same_node(Some(&after)),
        "the methods were not rendered again"
    );
    assert_eq!(count(&el, "[data-testid=sandbox-methods-widget]"), 1);
}

#[wasm_bindgen_test]
async fn unmount_destroys_the_widgets() {
    let el = container();
    let amount = RwSignal::new(Amount::krw(1_000).unwrap());
    let (handle, mounted) = mount_widget(&el, amount);
    wait_until("ready", READY, || handle.is_ready()).await;
    let instances = sandbox_widgets();
    let ours = instances.get(instances.length() - 1);
    drop(mounted);
    sleep(100).await;

    // The SDK instance our widget used can render again: its widgets were destroyed.
    let probe = container();
    probe.set_id("probe-after-unmount");
    let render = js_sys::Reflect::get(&ours, &"renderPaymentMethods".into()).unwrap();
    let params = js_sys::Object::new();
    js_sys::Reflect::set(&params, &"selector".into(), &"#probe-after-unmount".into()).unwrap();
    let promise = render
        .unchecked_into::<js_sys::Function>()
        .call1(&ours, &params)
        .unwrap();
    let result =
        wasm_bindgen_futures::JsFuture::from(promise.unchecked_into::<js_sys::Promise>()).await;
    assert!(
        result.is_ok(),
        "render after unmount failed: {:?}",
        result.err()
    );
}

fn sandbox_widgets() -> js_sys::Array {
    let toss = js_sys::Reflect::get(&web_sys::window().unwrap(), &"TossPayments".into()).unwrap();
    let sandbox = js_sys::Reflect::get(&toss, &"__sandbox".into()).unwrap();
    js_sys::Reflect::get(&sandbox, &"widgets".into())
        .unwrap()
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn a_double_mount_renders_once() {
    let el = container();
    let amount = RwSignal::new(Amount::krw(2_000).unwrap());
    let (_first, mounted) = mount_widget(&el, amount);
    drop(mounted);
    let (handle, _mounted) = mount_widget(&el, amount);
    wait_until("ready", READY, || handle.status() != WidgetStatus::Loading).await;
    assert_eq!(handle.status(), WidgetStatus::Ready);
    assert_eq!(count(&el, "[data-testid=sandbox-methods-widget]"), 1);
    assert_eq!(count(&el, "[data-testid=sandbox-agreement-widget]"), 1);
    assert_eq!(count(&el, ".tps-error"), 0);
}

#[wasm_bindgen_test]
async fn request_payment_needs_a_ready_widget_and_the_agreement() {
    let el = container();
    let amount = RwSignal::new(Amount::krw(3_000).unwrap());
    let (handle, _mounted) = mount_widget(&el, amount);
    assert_eq!(
        handle.request_payment(&request()).await,
        Err(CheckoutError::NotReady)
    );
    wait_until("ready", READY, || handle.is_ready()).await;
    assert!(!handle.can_pay());
    // Toss's widget opens with a method selected; the handle knows it without a click.
    wait_until("initial method", READY, || {
        handle.selected_method().as_deref() == Some("CARD")
    })
    .await;

    let err = handle.request_payment(&request()).await.unwrap_err();
    assert_eq!(
        err.sdk_code(),
        Some(&SdkErrorCode::NeedAgreementWithRequiredTerms)
    );

    // Ticking the agreement reaches the handle through the SDK's event.
    let checkbox: web_sys::HtmlElement = el
        .query_selector("[data-testid=sandbox-agreement]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    checkbox.click();
    wait_until("agreed", READY, || handle.agreed()).await;
    assert!(
        handle.can_pay(),
        "agreed with the preselected method is enough"
    );
    let method: web_sys::HtmlElement = el
        .query_selector("[data-testid=sandbox-method-TRANSFER]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    method.click();
    wait_until("method selected", READY, || {
        handle.selected_method().as_deref() == Some("TRANSFER")
    })
    .await;
    assert!(handle.can_pay());
    let _ = JsValue::NULL;
}

#[wasm_bindgen_test]
async fn a_back_forward_cache_restore_renders_the_widget_again() {
    let el = container();
    let amount = RwSignal::new(Amount::krw(4_000).unwrap());
    let (handle, _mounted) = mount_widget(&el, amount);
    wait_until("ready", READY, || handle.is_ready()).await;
    let before = el
        .query_selector("[data-testid=sandbox-methods-widget]")
        .unwrap()
        .unwrap();

    // What the browser fires when it restores the page from the back-forward cache.
    let init = web_sys::PageTransitionEventInit::new();
    init.set_persisted(true);
    let event = web_sys::PageTransitionEvent::new_with_event_init_dict("pageshow", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&event).unwrap();

    wait_until("a fresh render", READY, || {
        handle.is_ready()
            && el
                .query_selector("[data-testid=sandbox-methods-widget]")
                .unwrap()
                .is_some_and(|now| !now.is_same_node(Some(&before)))
    })
    .await;
    assert_eq!(
        count(&el, "[data-testid=sandbox-methods-widget]"),
        1,
        "the old widget was destroyed"
    );
    assert_eq!(count(&el, "[data-testid=sandbox-agreement-widget]"), 1);

    // A pageshow that is not a restore changes nothing.
    let current = el
        .query_selector("[data-testid=sandbox-methods-widget]")
        .unwrap()
        .unwrap();
    let plain = web_sys::PageTransitionEvent::new("pageshow").unwrap();
    web_sys::window().unwrap().dispatch_event(&plain).unwrap();
    sleep(200).await;
    let after = el
        .query_selector("[data-testid=sandbox-methods-widget]")
        .unwrap()
        .unwrap();
    assert!(after.is_same_node(Some(&current)));
}

/// A widget without a `handle` uses the one in context, so a pay button beside it reads the
/// same state; a failure reaches `on_error`, and `hide_error_alert` leaves the alert to the page.
#[wasm_bindgen_test]
async fn the_handle_comes_from_context_and_errors_reach_on_error() {
    let el = container();
    let amount = RwSignal::new(Amount::krw(5_000).unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    let _mounted = leptos::mount::mount_to(el.clone(), move || {
        let widget = leptos_tosspayments::components::use_payment_widget();
        tx.send(widget).unwrap();
        view! {
            <TossProvider client_key=widget_key() sdk_url=sdk_url()>
                <PaymentWidget customer_key=CustomerKey::anonymous() amount=amount />
            </TossProvider>
        }
    });
    let widget = rx.recv().unwrap();
    wait_until("ready through the context handle", READY, || {
        widget.is_ready()
    })
    .await;

    let el = container();
    let errors = RwSignal::new(0u32);
    let _failing = leptos::mount::mount_to(el.clone(), move || {
        view! {
            // A payment-window (`ck`) key: the SDK refuses it for the widget.
            <TossProvider client_key=ClientKey::parse("test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq").unwrap() sdk_url=sdk_url()>
                <PaymentWidget
                    customer_key=CustomerKey::anonymous()
                    amount=amount
                    on_error=move |_| errors.update(|n| *n += 1)
                    hide_error_alert=true
                />
            </TossProvider>
        }
    });
    wait_until("on_error", Duration::from_secs(10), || errors.get() == 1).await;
    assert_eq!(
        count(&el, ".tps-error"),
        0,
        "the page renders its own alert"
    );
}

/// The provider makes one `TossPayments(clientKey)`: `use_toss_payments()` makes it, and a
/// widget rendered later below the same provider uses it instead of making another.
#[wasm_bindgen_test]
async fn the_provider_shares_one_sdk_instance() {
    leptos_tosspayments::sdk::load(&sdk_url(), Duration::from_secs(10))
        .await
        .unwrap();
    // Count calls of the SDK's constructor from here on.
    js_sys::eval(
        "if (!window.__tpsOriginal) { window.__tpsOriginal = window.TossPayments; }\
         window.__tpsCalls = 0;\
         window.TossPayments = Object.assign(function (key) { window.__tpsCalls += 1; \
           return window.__tpsOriginal(key); }, window.__tpsOriginal);",
    )
    .unwrap();
    let calls = || js_sys::eval("window.__tpsCalls").unwrap().as_f64().unwrap();
    let el = container();
    let amount = RwSignal::new(Amount::krw(7_000).unwrap());
    let show = RwSignal::new(false);
    let (tx, rx) = std::sync::mpsc::channel();
    let _mounted = leptos::mount::mount_to(el.clone(), move || {
        view! {
            <TossProvider client_key=widget_key() sdk_url=sdk_url()>
                {
                    let toss = leptos_tosspayments::components::use_toss_payments();
                    let widget = leptos_tosspayments::components::use_payment_widget();
                    tx.send((toss, widget)).unwrap();
                    view! {
                        <Show when=move || show.get()>
                            <PaymentWidget customer_key=CustomerKey::anonymous() amount=amount />
                        </Show>
                    }
                }
            </TossProvider>
        }
    });
    let (toss, widget) = rx.recv().unwrap();
    wait_until("the SDK instance", READY, || {
        toss.get().is_some_and(|r| r.is_ok())
    })
    .await;
    assert_eq!(calls(), 1.0);
    show.set(true);
    wait_until("the widget", READY, || widget.is_ready()).await;
    assert_eq!(calls(), 1.0, "the widget used the provider's instance");
    js_sys::eval("window.TossPayments = window.__tpsOriginal;").unwrap();
}

/// The provider's `lang` is a signal: a switch changes our text in place (the widget's own
/// failure alert, a page's words) and leaves Toss's widgets alone: the same DOM nodes, no new
/// `widgets()` instance, no second render. Mounting the provider's subtree again for a switch,
/// as the demo once did, destroys the widget and fails these checks.
#[wasm_bindgen_test]
async fn a_language_switch_keeps_the_widget() {
    let el = container();
    let amount = RwSignal::new(Amount::krw(8_000).unwrap());
    let lang = RwSignal::new(Lang::Ko);
    let errors = RwSignal::new(0u32);
    let (tx, rx) = std::sync::mpsc::channel();
    let _mounted = leptos::mount::mount_to(el.clone(), move || {
        let handle = PaymentWidgetHandle::new();
        tx.send(handle).unwrap();
        view! {
            <TossProvider client_key=widget_key() sdk_url=sdk_url() lang=lang>
                <PaymentWidget customer_key=CustomerKey::anonymous() amount=amount handle=handle />
                <PaymentFail />
            </TossProvider>
            // A payment-window (`ck`) key: this widget fails, and shows our alert with "retry".
            <div data-testid="failing">
                <TossProvider client_key=ClientKey::parse("test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq").unwrap() sdk_url=sdk_url() lang=lang>
                    <PaymentWidget
                        customer_key=CustomerKey::anonymous()
                        amount=amount
                        on_error=move |_| errors.update(|n| *n += 1)
                    />
                </TossProvider>
            </div>
        }
    });
    let handle = rx.recv().unwrap();
    wait_until("the widget ready and the other failed", READY, || {
        handle.is_ready() && errors.get() == 1
    })
    .await;
    let one = |css: &str| el.query_selector(css).unwrap();
    let text_of = |css: &str| one(css).and_then(|e| e.text_content()).unwrap_or_default();
    let (methods, agreement) = (
        one("[data-testid=sandbox-methods-widget]").unwrap(),
        one("[data-testid=sandbox-agreement-widget]").unwrap(),
    );
    let instances = sandbox_widgets().length();
    assert_eq!(
        text_of("[data-testid=fail-reason]"),
        "결제를 완료하지 못했어요."
    );
    assert_eq!(
        text_of("[data-testid=failing] .tps-error button"),
        "다시 시도"
    );

    lang.set(Lang::En);
    wait_until("our text in English", READY, || {
        text_of("[data-testid=fail-reason]") == "The payment could not be completed."
    })
    .await;
    assert_eq!(
        text_of("[data-testid=failing] .tps-error button"),
        "Try again"
    );
    assert!(
        text_of("[data-testid=payment-failed] h1").contains("did not go through"),
        "{}",
        text_of("[data-testid=payment-failed] h1")
    );
    // Time for a render that should not happen (a remount's destroy and render take less).
    sleep(300).await;
    let still = |before: &web_sys::Element, css: &str| {
        before.is_connected() && one(css).is_some_and(|now| now.is_same_node(Some(before)))
    };
    assert!(
        still(&methods, "[data-testid=sandbox-methods-widget]"),
        "the payment methods were not rendered again"
    );
    assert!(
        still(&agreement, "[data-testid=sandbox-agreement-widget]"),
        "the agreement was not rendered again"
    );
    assert_eq!(count(&el, "[data-testid=sandbox-methods-widget]"), 1);
    assert_eq!(
        sandbox_widgets().length(),
        instances,
        "no new widgets() instance"
    );
    assert_eq!(handle.status(), WidgetStatus::Ready);
    assert_eq!(
        errors.get_untracked(),
        1,
        "the failing widget did not try again"
    );

    // And back, still in place.
    lang.set(Lang::Ko);
    wait_until("our text in Korean again", READY, || {
        text_of("[data-testid=failing] .tps-error button") == "다시 시도"
    })
    .await;
    assert!(still(&methods, "[data-testid=sandbox-methods-widget]"));
}
