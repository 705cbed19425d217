//! `<PaymentWidget>`: Toss's payment widget as a Leptos component.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::{CheckoutError, render_queue, tr, use_toss};
use crate::sdk::{
    AgreementWidget, PaymentMethodsWidget, SdkError, SdkErrorCode, WidgetPaymentRequest, Widgets,
};
use crate::sdk::{PaymentResult, Promise};
use crate::{Amount, CustomerKey};

/// Where a [`PaymentWidget`] is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WidgetStatus {
    /// The SDK is loading or the widget is rendering.
    Loading,
    /// Methods and agreement are on the page.
    Ready,
    /// Something failed; [`PaymentWidgetHandle::retry`] tries again.
    Failed(CheckoutError),
}

/// The parent's side of a [`PaymentWidget`]: its state, and `request_payment`.
///
/// Create it in the parent component and pass it to the widget (like a `NodeRef`):
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_tosspayments::components::{PaymentWidget, PaymentWidgetHandle};
/// use leptos_tosspayments::sdk::{RedirectUrl, WidgetPaymentRequest};
/// use leptos_tosspayments::{Amount, CustomerKey, OrderId, OrderName};
///
/// #[component]
/// fn Checkout(order_id: OrderId, amount: Signal<Amount>) -> impl IntoView {
///     let widget = PaymentWidgetHandle::new();
///     let pay = move |_| {
///         let request = WidgetPaymentRequest::new(
///             order_id.clone(),
///             OrderName::parse("토스 티셔츠 외 2건").unwrap(),
///             RedirectUrl::on_this_site("/success").unwrap(),
///             RedirectUrl::on_this_site("/fail").unwrap(),
///         );
///         leptos::task::spawn_local(async move {
///             if let Err(e) = widget.request_payment(&request).await {
///                 leptos::logging::warn!("{e}");
///             }
///         });
///     };
///     view! {
///         <PaymentWidget customer_key=CustomerKey::anonymous() amount=amount handle=widget />
///         <button on:click=pay disabled=move || !widget.can_pay()>"결제하기"</button>
///     }
/// }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct PaymentWidgetHandle {
    status: RwSignal<WidgetStatus>,
    agreed: RwSignal<bool>,
    method: RwSignal<Option<String>>,
    attempt: RwSignal<u32>,
    widgets: StoredValue<Option<Widgets>, LocalStorage>,
}

impl Default for PaymentWidgetHandle {
    fn default() -> Self {
        Self::new()
    }
}

impl PaymentWidgetHandle {
    /// A handle owned by the current component.
    pub fn new() -> Self {
        PaymentWidgetHandle {
            status: RwSignal::new(WidgetStatus::Loading),
            agreed: RwSignal::new(false),
            method: RwSignal::new(None),
            attempt: RwSignal::new(0),
            widgets: StoredValue::new_local(None),
        }
    }

    /// The widget's state (tracked).
    pub fn status(&self) -> WidgetStatus {
        self.status.get()
    }

    /// Whether methods and agreement are rendered (tracked).
    pub fn is_ready(&self) -> bool {
        self.status.with(|s| *s == WidgetStatus::Ready)
    }

    /// Whether the buyer agreed to the required terms (tracked).
    pub fn agreed(&self) -> bool {
        self.agreed.get()
    }

    /// The selected method's code (tracked): the widget's initial selection once it is ready,
    /// then whatever the buyer picks. `None` before the widget is ready.
    pub fn selected_method(&self) -> Option<String> {
        self.method.get()
    }

    /// Ready and agreed: what a "pay" button's `disabled` wants (tracked). Toss's widget opens
    /// with a method selected, so no method click is needed (see `sandbox/CONFORMANCE.md`).
    pub fn can_pay(&self) -> bool {
        self.is_ready() && self.agreed()
    }

    /// Renders again after a failure.
    pub fn retry(&self) {
        self.attempt.update(|n| *n += 1);
    }

    /// `requestPayment` in redirect mode with the amount last set. Before the widget is ready
    /// this is [`CheckoutError::NotReady`]; before the buyer agrees it is the SDK's
    /// `NEED_AGREEMENT_WITH_REQUIRED_TERMS`, without calling the SDK.
    pub async fn request_payment(
        &self,
        request: &WidgetPaymentRequest,
    ) -> Result<(), CheckoutError> {
        self.ready_widgets()?.request_payment(request).await?;
        Ok(())
    }

    /// `requestPayment` in promise form: the payment to confirm on the server
    /// ([`PaymentResult::confirm_request`]), without leaving the page. The same checks as
    /// [`Self::request_payment`] come first.
    pub async fn request_payment_promise(
        &self,
        request: &WidgetPaymentRequest<Promise>,
    ) -> Result<PaymentResult, CheckoutError> {
        Ok(self
            .ready_widgets()?
            .request_payment_promise(request)
            .await?)
    }

    /// The widgets, once rendered and agreed to.
    fn ready_widgets(&self) -> Result<Widgets, CheckoutError> {
        let widgets = self.widgets.try_get_value().flatten();
        let (Some(widgets), true) = (widgets, self.status.get_untracked() == WidgetStatus::Ready)
        else {
            return Err(CheckoutError::NotReady);
        };
        if !self.agreed.get_untracked() {
            return Err(SdkError::new(
                SdkErrorCode::NeedAgreementWithRequiredTerms,
                "필수 약관에 동의해 주세요. (agree to the required terms first)",
            )
            .into());
        }
        Ok(widgets)
    }
}

/// What one successful render holds; dropping it after `destroy` releases the listeners.
struct Mounted {
    methods: PaymentMethodsWidget,
    agreement: AgreementWidget,
    widgets: Widgets,
}

impl Mounted {
    fn destroy(self) -> js_sys::Promise {
        let both = js_sys::Array::of2(
            &self.methods.destroy_promise(),
            &self.agreement.destroy_promise(),
        );
        js_sys::Promise::all_settled(&both)
    }
}

/// The component's mutable state outside the reactive graph (JS objects are not `Send`).
#[derive(Default)]
struct Lifecycle {
    /// Bumped by every teardown; a render that finds it changed abandons itself.
    generation: u32,
    mounted: Option<Mounted>,
}

type Shared = SendWrapper<Rc<RefCell<Lifecycle>>>;

static NEXT_ID: AtomicU32 = AtomicU32::new(0);

/// Toss's payment widget: payment methods and the terms agreement, rendered into containers
/// of its own.
///
/// * calls `setAmount` before rendering, and again (without re-rendering) whenever `amount`
///   changes;
/// * shows a loading state while the SDK loads, and the failure with a retry button;
/// * destroys its widgets when unmounted; a quick unmount and mount (a double mount) renders
///   once, never `*_ALREADY_RENDERED`;
/// * renders again when the page comes back from the back-forward cache (`pageshow` with
///   `persisted`), where the old widget would look alive but not respond;
/// * follows the provider's language (`TossProvider`'s `lang` signal) in its own text, and
///   does not render Toss's widgets again for a language switch.
///
/// Needs a [`super::TossProvider`] with a widget (`gck`) client key.
///
/// Runnable example: `tests/browser_widget.rs`, in headless Chromium against the sandbox's SDK
/// stand-in.
#[component]
pub fn PaymentWidget(
    /// The buyer ([`CustomerKey::anonymous`] for guests).
    customer_key: CustomerKey,
    /// The amount to charge; follow the cart with a signal.
    #[prop(into)]
    amount: Signal<Amount>,
    /// The handle (state and `request_payment`). Optional: without it the widget uses the
    /// one in context ([`use_payment_widget`]), so a pay button anywhere below the same
    /// parent reaches it.
    #[prop(optional)]
    handle: Option<PaymentWidgetHandle>,
    /// The payment-methods variant key from the Toss dashboard (`DEFAULT` if unset).
    #[prop(optional, into)]
    variant_key: Option<String>,
    /// The agreement variant key (`AGREEMENT` in Toss's samples).
    #[prop(optional, into)]
    agreement_variant_key: Option<String>,
    /// Called when methods and agreement are on the page.
    #[prop(optional, into)]
    on_ready: Option<Callback<()>>,
    /// Called with the method code when the buyer picks one.
    #[prop(optional, into)]
    on_method_select: Option<Callback<String>>,
    /// Called when the required-terms agreement changes.
    #[prop(optional, into)]
    on_agreement_change: Option<Callback<bool>>,
    /// Called when loading or rendering fails (the SDK did not load, the key was refused, a
    /// render failed), with why.
    #[prop(optional, into)]
    on_error: Option<Callback<CheckoutError>>,
    /// Hides the built-in failure alert and its retry button: render your own from `on_error`
    /// or [`PaymentWidgetHandle::status`], and call [`PaymentWidgetHandle::retry`].
    #[prop(optional)]
    hide_error_alert: bool,
) -> impl IntoView {
    let handle = handle.unwrap_or_else(use_payment_widget);
    let config = use_toss();
    // The language is read only by the text below, never by the render effect: a switch
    // changes the text in place and leaves Toss's widgets as they are.
    let lang = config.lang;
    let n = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let methods_id = format!("tps-methods-{n}");
    let agreement_id = format!("tps-agreement-{n}");
    let life: Shared = SendWrapper::new(Rc::new(RefCell::new(Lifecycle::default())));

    let teardown = {
        let life = life.clone();
        move || {
            let mut l = life.borrow_mut();
            l.generation += 1;
            if let Some(m) = l.mounted.take() {
                render_queue::push(m.destroy());
            }
            handle.widgets.try_set_value(None);
            handle.agreed.try_set(false);
            handle.method.try_set(None);
        }
    };

    // Render (again) on mount, on retry and on a back-forward-cache restore.
    let rerender = RwSignal::new(0u32);
    Effect::new({
        let life = life.clone();
        let teardown = teardown.clone();
        let (methods_sel, agreement_sel) = (format!("#{methods_id}"), format!("#{agreement_id}"));
        move |_| {
            rerender.track();
            handle.attempt.track();
            teardown();
            handle.status.set(WidgetStatus::Loading);
            let generation = life.borrow().generation;
            let job = Render {
                config: config.clone(),
                customer_key: customer_key.clone(),
                amount,
                handle,
                methods_sel: methods_sel.clone(),
                agreement_sel: agreement_sel.clone(),
                variant_key: variant_key.clone(),
                agreement_variant_key: agreement_variant_key.clone(),
                on_method_select,
                on_agreement_change,
                on_ready,
                on_error,
                life: life.clone(),
                generation,
            };
            spawn_local(job.run());
        }
    });

    // Follow the amount without re-rendering.
    Effect::new({
        let life = life.clone();
        move |_| {
            let value = amount.get();
            let widgets = life.borrow().mounted.as_ref().map(|m| m.widgets.clone());
            if let Some(widgets) = widgets {
                spawn_local(async move {
                    if let Err(e) = widgets.set_amount(value).await {
                        handle.status.try_set(WidgetStatus::Failed(e.into()));
                    }
                });
            }
        }
    });

    // bfcache: a restored page shows a dead widget unless it is rendered again.
    let pageshow = window_event_listener(leptos::ev::pageshow, move |e| {
        if e.persisted() {
            rerender.try_update(|n| *n += 1);
        }
    });

    on_cleanup(move || {
        teardown();
        pageshow.remove();
    });

    let loading = move || handle.status.with(|s| *s == WidgetStatus::Loading);
    let failure = move || match handle.status.get() {
        WidgetStatus::Failed(e) => Some(e),
        _ => None,
    };
    view! {
        <div class="tps-widget" aria-busy=move || loading().to_string()>
            <Show when=loading>
                <p class="tps-loading" role="status">
                    <span class="tps-spinner" aria-hidden="true"></span>
                    {tr(lang, |t| t.loading_methods)}
                </p>
            </Show>
            {move || failure().filter(|_| !hide_error_alert).map(|e| view! {
                <div class="tps-error" role="alert">
                    <p>{e.to_string()}</p>
                    <button type="button" on:click=move |_| handle.retry()>{tr(lang, |t| t.retry)}</button>
                </div>
            })}
            <div id=methods_id class="tps-methods"></div>
            <div id=agreement_id class="tps-agreement"></div>
        </div>
    }
}

/// The [`PaymentWidgetHandle`] of this part of the page: the one in context, or a new one,
/// provided to the current component's children. Call it in the component that holds both the
/// widget and the pay button; `<PaymentWidget>` without a `handle` uses the same one.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_tosspayments::components::{PaymentWidget, use_payment_widget};
/// use leptos_tosspayments::{Amount, CustomerKey};
///
/// #[component]
/// fn Checkout(amount: Signal<Amount>) -> impl IntoView {
///     let widget = use_payment_widget();
///     view! {
///         <PaymentWidget customer_key=CustomerKey::anonymous() amount=amount />
///         <button disabled=move || !widget.can_pay()>"결제하기"</button>
///     }
/// }
/// ```
pub fn use_payment_widget() -> PaymentWidgetHandle {
    use_context::<PaymentWidgetHandle>().unwrap_or_else(|| {
        let handle = PaymentWidgetHandle::new();
        provide_context(handle);
        handle
    })
}

/// One render of the widgets, run as a task.
struct Render {
    config: super::TossConfig,
    customer_key: CustomerKey,
    amount: Signal<Amount>,
    handle: PaymentWidgetHandle,
    methods_sel: String,
    agreement_sel: String,
    variant_key: Option<String>,
    agreement_variant_key: Option<String>,
    on_method_select: Option<Callback<String>>,
    on_agreement_change: Option<Callback<bool>>,
    on_ready: Option<Callback<()>>,
    on_error: Option<Callback<CheckoutError>>,
    life: Shared,
    generation: u32,
}

impl Render {
    fn current(&self) -> bool {
        self.life.borrow().generation == self.generation
    }

    async fn run(self) {
        let (previous, done) = render_queue::enter();
        let _ = JsFuture::from(previous).await;
        let outcome = self.render().await;
        let handle = self.handle;
        match outcome {
            Ok(Some(mounted)) if self.current() => {
                handle.widgets.try_set_value(Some(mounted.widgets.clone()));
                self.life.borrow_mut().mounted = Some(mounted);
                handle.status.try_set(WidgetStatus::Ready);
                if let Some(cb) = self.on_ready {
                    cb.run(());
                }
            }
            Ok(Some(stale)) => render_queue::push(stale.destroy()),
            Ok(None) => {}
            Err(e) if self.current() => {
                leptos::logging::warn!("leptos-tosspayments: payment widget failed: {e}");
                if let Some(cb) = self.on_error {
                    cb.run(e.clone());
                }
                handle.status.try_set(WidgetStatus::Failed(e));
            }
            Err(_) => {}
        }
        let _ = done.call0(&JsValue::NULL);
    }

    /// Loads, sets the amount and renders both widgets; `Ok(None)` if unmounted meanwhile.
    async fn render(&self) -> Result<Option<Mounted>, CheckoutError> {
        let toss = self.config.sdk().await?;
        if !self.current() {
            return Ok(None);
        }
        let widgets = toss.widgets(&self.customer_key)?;
        let first = self
            .amount
            .try_get_untracked()
            .ok_or(CheckoutError::NotReady)?;
        widgets.set_amount(first).await?;
        // Both at once, as Toss's own sample does (`Promise.all`).
        let rendered = join(
            widgets.render_payment_methods(&self.methods_sel, self.variant_key.as_deref()),
            widgets.render_agreement(&self.agreement_sel, self.agreement_variant_key.as_deref()),
        )
        .await;
        let (mut methods, mut agreement) = match rendered {
            (Ok(m), Ok(a)) => (m, a),
            (Ok(m), Err(e)) => {
                render_queue::push(m.destroy_promise());
                return Err(e.into());
            }
            (Err(e), Ok(a)) => {
                render_queue::push(a.destroy_promise());
                return Err(e.into());
            }
            (Err(e), Err(_)) => return Err(e.into()),
        };
        let handle = self.handle;
        let on_method_select = self.on_method_select;
        methods.on_payment_method_select(move |code| {
            handle.method.try_set(Some(code.clone()));
            if let Some(cb) = on_method_select {
                cb.run(code);
            }
        })?;
        // The widget opens with a method selected (`getSelectedPaymentMethod()` is never null
        // in the SDK's d.ts) and may fire no event for it: read it once.
        if let Ok(Some(code)) = methods.selected_payment_method().await
            && handle.method.try_get_untracked().flatten().is_none()
        {
            handle.method.try_set(Some(code));
        }
        let on_agreement_change = self.on_agreement_change;
        agreement.on_agreement_status_change(move |status| {
            handle.agreed.try_set(status.agreed_required_terms);
            if let Some(cb) = on_agreement_change {
                cb.run(status.agreed_required_terms);
            }
        })?;
        // The amount may have moved while rendering.
        if let Some(now) = self.amount.try_get_untracked()
            && now != first
        {
            widgets.set_amount(now).await?;
        }
        Ok(Some(Mounted {
            methods,
            agreement,
            widgets,
        }))
    }
}

/// Awaits two futures concurrently (on the page's single thread).
async fn join<A: std::future::Future, B: std::future::Future>(
    a: A,
    b: B,
) -> (A::Output, B::Output) {
    use std::task::Poll;
    let (mut a, mut b) = (std::pin::pin!(a), std::pin::pin!(b));
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(|cx| {
        if ra.is_none()
            && let Poll::Ready(v) = a.as_mut().poll(cx)
        {
            ra = Some(v);
        }
        if rb.is_none()
            && let Poll::Ready(v) = b.as_mut().poll(cx)
        {
            rb = Some(v);
        }
        if ra.is_some() && rb.is_some() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    (ra.expect("ready"), rb.expect("ready"))
}
