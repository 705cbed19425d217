//! The steps of a payment made in a provider's own window or sheet and then verified by the
//! server (Apps-in-Toss' `checkoutPayment`, PortOne's `request_pay`), and how they are shown:
//! one button, progress, the server's verdict, or the provider's words when no payment was
//! made.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::success::order_summary;
use super::tr;
use crate::domain::server_api::OrderView;
use crate::messages::{Lang, Texts};

/// Where such a payment is.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Step {
    /// Not started, or the window or sheet closed without a payment (the provider's words, as
    /// they are: never matched).
    Idle(Option<String>),
    /// The server, the provider's window, then the server's verification.
    Working,
    /// The server's verdict.
    Done(Box<OrderView>),
    /// What went wrong, and whether "try again" can help.
    Failed(String, bool),
}

/// A flow's test ids and texts.
#[derive(Debug, Clone, Copy)]
pub(super) struct Marks {
    /// The section.
    pub section: &'static str,
    /// The pay button.
    pub button: &'static str,
    /// The note of a window closed without a payment, and the provider's words in it.
    pub closed: &'static str,
    /// The provider's words.
    pub message: &'static str,
    /// The progress line.
    pub working: &'static str,
    /// The button's label.
    pub label: fn(&'static Texts) -> &'static str,
    /// The progress line's text.
    pub working_text: fn(&'static Texts) -> &'static str,
}

/// The flow's view over `step`; the button runs `pay` (once at a time) and reports a paid
/// order to `on_paid`.
pub(super) fn pay_steps<F, Fut>(
    lang: Signal<Lang>,
    marks: Marks,
    on_paid: Option<Callback<OrderView>>,
    pay: F,
) -> impl IntoView
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Step> + 'static,
{
    let step = RwSignal::new(Step::Idle(None));
    let start = move |_| {
        if step.get_untracked() == Step::Working {
            return;
        }
        step.set(Step::Working);
        spawn_local(async move {
            let next = pay().await;
            if let (Step::Done(order), Some(cb)) = (&next, on_paid) {
                cb.run(order.as_ref().clone());
            }
            step.try_set(next);
        });
    };
    let button = move |label: fn(&'static Texts) -> &'static str| {
        view! {
            <button
                type="button"
                class="tps-button tps-button--primary"
                data-testid=marks.button
                disabled=move || step.get() == Step::Working
                aria-busy=move || (step.get() == Step::Working).to_string()
                on:click=start
            >
                {tr(lang, label)}
            </button>
        }
    };
    view! {
        <section class="tps-result" aria-live="polite" data-testid=marks.section>
            {move || match step.get() {
                Step::Idle(closed) => {
                    let note = closed.map(|message| view! {
                        <div class="tps-error" role="status" data-testid=marks.closed>
                            <p>{tr(lang, |t| t.not_completed)}</p>
                            <p class="tps-detail" data-testid=marks.message>{message}</p>
                        </div>
                    });
                    view! { {note} {button(marks.label)} }.into_any()
                }
                Step::Working => view! {
                    <p class="tps-loading" role="status" data-testid=marks.working>
                        <span class="tps-spinner" aria-hidden="true"></span>{tr(lang, marks.working_text)}
                    </p>
                }
                .into_any(),
                Step::Done(order) => order_summary(*order, lang).into_any(),
                Step::Failed(message, retryable) => view! {
                    <div class="tps-error" role="alert" data-testid="confirm-failed">
                        <h1>{tr(lang, |t| t.failed)}</h1>
                        <p>{message}</p>
                    </div>
                    <Show when=move || retryable>{button(|t| t.retry)}</Show>
                }
                .into_any(),
            }}
        </section>
    }
}
