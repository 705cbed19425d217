//! `/`: the products, the cart and the coupon. "결제하기" asks the server to price the cart as
//! an order and goes to its checkout page.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_tosspayments::messages::Lang;

use super::text::{ShopText, shop_text};
use super::{
    Load, Problem, amount_tr, checkout_href, loader, navigate, on_restore, problem_slot, signed_in,
    spinner, tr, tr_shop,
};
use leptos_tosspayments::Amount;
use leptos_tosspayments::client::{create_order, list_products};
use leptos_tosspayments::components::use_toss;
use leptos_tosspayments::domain::server_api::{CartLine, CreateOrderRequest, ProductView};

/// The subscription plan is sold on `/subscribe`, not in the shop.
pub(crate) const PLAN_ID: &str = "plan-monthly";
/// The most of one product a cart may hold (the server's limit).
const MAX_QUANTITY: u32 = 99;

/// The cart: quantities by product, and the coupon being typed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cart {
    lines: RwSignal<Vec<CartLine>>,
    coupon: RwSignal<String>,
}

impl Cart {
    pub(crate) fn new() -> Self {
        Cart {
            lines: RwSignal::new(Vec::new()),
            coupon: RwSignal::new(String::new()),
        }
    }

    fn quantity(&self, product_id: &str) -> u32 {
        self.lines.with(|lines| {
            lines
                .iter()
                .find(|l| l.product_id == product_id)
                .map_or(0, |l| l.quantity)
        })
    }

    fn set_quantity(&self, product_id: &str, quantity: u32) {
        self.lines.update(
            |lines| match lines.iter().position(|l| l.product_id == product_id) {
                Some(i) if quantity == 0 => {
                    lines.remove(i);
                }
                Some(i) => lines[i].quantity = quantity,
                None if quantity > 0 => lines.push(CartLine {
                    product_id: product_id.to_owned(),
                    quantity,
                }),
                None => {}
            },
        );
    }
}

/// The cart's total at catalog prices (the server has the last word).
fn estimate(products: &[ProductView], lines: &[CartLine]) -> Option<Amount> {
    lines.iter().try_fold(Amount::krw(0).ok()?, |sum, line| {
        let product = products.iter().find(|p| p.id == line.product_id)?;
        sum.checked_add(product.price.checked_mul(line.quantity).ok()?)
            .ok()
    })
}

fn picture(product_id: &str) -> &'static str {
    match product_id {
        "tshirt" => "👕",
        "mug" => "☕",
        "sticker" => "✨",
        _ => "🎁",
    }
}

#[component]
pub(crate) fn HomePage(cart: Cart) -> impl IntoView {
    let config = use_toss();
    // Read only by the texts: a language switch keeps the catalog and the cart as they are.
    let lang = config.lang;
    let api = config.api_base;
    let (products, retry) = loader({
        let api = api.clone();
        move || {
            let api = api.clone();
            Box::pin(async move { list_products(&api).await })
        }
    });
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    on_restore(move || busy.set(false));
    let empty = move || cart.lines.with(Vec::is_empty);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || cart.lines.with_untracked(Vec::is_empty) {
            return;
        }
        busy.set(true);
        problem.set(None);
        let coupon = cart.coupon.with_untracked(|c| c.trim().to_owned());
        let request = CreateOrderRequest {
            lines: cart.lines.get_untracked(),
            coupon: (!coupon.is_empty()).then_some(coupon),
            ..CreateOrderRequest::default()
        };
        let api = api.clone();
        spawn_local(async move {
            // Signed in first, so the order is this buyer's (theirs to cancel, by session).
            signed_in(&api).await;
            match create_order(&api, &request).await {
                Ok(order) => {
                    navigate(&checkout_href(order.order_id.as_str()));
                }
                Err(e) => {
                    busy.try_set(false);
                    problem.try_set(Some(Problem::Server(e)));
                }
            }
        });
    };

    let catalog = move || match products.get() {
        Load::Loading => spinner(tr(lang, |t| t.loading)).into_any(),
        Load::Failed(e) => view! {
            {Problem::Server(e).view(lang)}
            <button
                type="button"
                class="btn btn--ghost"
                on:click=move |_| retry.update(|n| *n += 1)
            >
                {tr(lang, |t| t.retry)}
            </button>
        }
        .into_any(),
        Load::Ready(list) => {
            let cards = list
                .into_iter()
                .filter(|p| p.id != PLAN_ID)
                .map(|p| product_card(p, cart, lang))
                .collect_view();
            view! { <ul class="products">{cards}</ul> }.into_any()
        }
    };

    let summary = move || {
        let lines = cart.lines.get();
        let rows = products.with(|p| {
            let list: &[ProductView] = match p {
                Load::Ready(list) => list,
                _ => &[],
            };
            lines
                .iter()
                .filter_map(|line| {
                    let product = list.iter().find(|p| p.id == line.product_id)?;
                    let subtotal = product.price.checked_mul(line.quantity).ok()?;
                    Some(view! {
                        <li>
                            <span>{product.name.clone()}" × "{line.quantity}</span>
                            <span>{amount_tr(lang, subtotal)}</span>
                        </li>
                    })
                })
                .collect_view()
        });
        view! {
            {lines.is_empty().then_some(view! { <p class="muted">{tr_shop(lang, |s| s.cart_empty)}</p> })}
            <ul class="cart__lines">{rows}</ul>
        }
    };
    let total = move || {
        let lines = cart.lines.get();
        products.with(|p| match p {
            Load::Ready(list) => estimate(list, &lines).map(|a| a.to_string()),
            _ => None,
        })
    };

    view! {
        <div class="shop">
            <section class="shop__catalog" aria-labelledby="shop-heading">
                <h1 id="shop-heading">{tr_shop(lang, |s| s.shop_heading)}</h1>
                <p class="lead">{tr_shop(lang, |s| s.shop_intro)}</p>
                {catalog}
                <nav class="card other-ways" aria-labelledby="other-ways">
                    <h2 id="other-ways">{tr_shop(lang, |s| s.other_ways)}</h2>
                    <ul>
                        <li><a href="/window" data-testid="link-window">{tr_shop(lang, |s| s.window_link)}" →"</a></li>
                        <li><a href="/subscribe" data-testid="link-subscribe">{tr_shop(lang, |s| s.subscribe_link)}" →"</a></li>
                    </ul>
                </nav>
            </section>
            <aside class="card cart" aria-labelledby="cart-heading">
                <h2 id="cart-heading">{tr_shop(lang, |s| s.cart_heading)}</h2>
                {summary}
                <p class="cart__total">
                    <span>{tr_shop(lang, |s| s.estimated_total)}</span>
                    <strong data-testid="cart-total" aria-live="polite">{total}</strong>
                </p>
                <p class="muted small">{tr_shop(lang, |s| s.server_prices)}</p>
                <form class="cart__form" on:submit=submit>
                    <label for="coupon">{tr_shop(lang, |s| s.coupon)}</label>
                    <input
                        id="coupon"
                        name="coupon"
                        type="text"
                        autocomplete="off"
                        autocapitalize="characters"
                        spellcheck="false"
                        maxlength="40"
                        placeholder=tr_shop(lang, |s| s.coupon_hint)
                        data-testid="coupon"
                        prop:value=move || cart.coupon.get()
                        on:input=move |ev| cart.coupon.set(event_target_value(&ev))
                    />
                    {problem_slot(problem, lang)}
                    <button
                        type="submit"
                        class="btn btn--primary btn--block btn--lg"
                        data-testid="checkout"
                        disabled=move || empty() || busy.get()
                        aria-busy=move || busy.get().to_string()
                    >
                        {move || {
                            if busy.get() {
                                view! {
                                    <span class="tps-spinner" aria-hidden="true"></span>
                                    {tr_shop(lang, |s| s.creating_order)}
                                }
                                    .into_any()
                            } else {
                                tr_shop(lang, |s| s.checkout).into_any()
                            }
                        }}
                    </button>
                </form>
            </aside>
        </div>
    }
}

/// One product with its quantity stepper.
fn product_card(product: ProductView, cart: Cart, lang: Signal<Lang>) -> impl IntoView {
    let ProductView { id, name, price } = product;
    let name_id = ["product-name-", &id].concat();
    let quantity = {
        let id = id.clone();
        move || cart.quantity(&id)
    };
    let change = {
        let id = id.clone();
        move |delta: i32| {
            let now = cart.quantity(&id);
            let next = now.saturating_add_signed(delta).min(MAX_QUANTITY);
            if next != now {
                cart.set_quantity(&id, next);
            }
        }
    };
    let (less, more) = (change.clone(), change);
    let at_min = {
        let quantity = quantity.clone();
        move || (quantity() == 0).to_string()
    };
    let at_max = {
        let quantity = quantity.clone();
        move || (quantity() >= MAX_QUANTITY).to_string()
    };
    view! {
        <li class="card product" data-testid=["product-", &id].concat()>
            <span class="product__picture" aria-hidden="true">{picture(&id)}</span>
            <div class="product__info">
                <h3 id=name_id.clone()>{name.clone()}</h3>
                <p class="product__price">{amount_tr(lang, price)}<span class="muted small">" / "{tr_shop(lang, |s| s.each)}</span></p>
            </div>
            <div class="stepper" role="group" aria-labelledby=name_id>
                <button
                    type="button"
                    class="stepper__button"
                    aria-label=labelled(name.clone(), lang, |s| s.remove_one)
                    aria-disabled=at_min
                    data-testid=["dec-", &id].concat()
                    on:click=move |_| less(-1)
                >
                    "−"
                </button>
                <span class="stepper__value" aria-live="polite">
                    <span class="visually-hidden">{tr_shop(lang, |s| s.quantity)}" "</span>
                    <output data-testid=["qty-", &id].concat()>{quantity}</output>
                </span>
                <button
                    type="button"
                    class="stepper__button"
                    aria-label=labelled(name.clone(), lang, |s| s.add_one)
                    aria-disabled=at_max
                    data-testid=["inc-", &id].concat()
                    on:click=move |_| more(1)
                >
                    "+"
                </button>
            </div>
        </li>
    }
}

/// "`name` `action`" in the current language (a stepper button's label), followed in place.
fn labelled(
    name: String,
    lang: Signal<Lang>,
    action: fn(&'static ShopText) -> &'static str,
) -> impl Fn() -> String + Send + Sync + 'static {
    move || [name.as_str(), " ", action(shop_text(lang.get()))].concat()
}
