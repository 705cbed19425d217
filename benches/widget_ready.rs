//! Browser benchmarks, in headless Chromium against the sandbox's SDK: navigation start →
//! payment methods and agreement rendered, for the drop-in checkout page (`checkout.html`) and for a vanilla-JS
//! page making the same calls (`benches/vanilla/`), median of 20 loads each, interleaved; and
//! "approve in the payment window → success page shows the confirmed order", median of 10.
//! Prints the figures and writes `target/bench/browser.json`. Needs `target/drop-in/` (built by
//! `cargo xtask bench`, which runs this).

#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/support/mod.rs"]
mod support;

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(native::run());
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::time::{Duration, Instant};

    use fantoccini::{Client, Locator};
    use serde_json::json;

    use super::support::browser::Browser;
    use super::support::shop::{Keyset, Shop};

    /// Loads per page. The times are bimodal on this VM (two clusters about 30 ms apart, for
    /// both pages), so a median of few loads jumps between them: 40 loads, and the quartiles
    /// are printed too.
    const LOADS: usize = 40;
    const PAYS: usize = 10;
    const WAIT: Duration = Duration::from_secs(30);

    #[derive(Clone, Copy)]
    enum Page {
        Ours,
        Vanilla,
    }

    impl Page {
        fn checkout(self, base: &str, order: &str) -> String {
            match self {
                Page::Ours => format!("{base}/checkout?orderId={order}"),
                Page::Vanilla => format!("{base}/vanilla/checkout.html?orderId={order}"),
            }
        }
        fn pay_button(self) -> &'static str {
            match self {
                Page::Ours => "[data-testid=pay]",
                Page::Vanilla => "#pay",
            }
        }
    }

    async fn element(c: &Client, css: &str) -> fantoccini::elements::Element {
        c.wait()
            .at_most(WAIT)
            .every(Duration::from_millis(5))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
    }

    /// Milliseconds from navigation start to "widget ready", as the page recorded it.
    async fn ready_ms(c: &Client, shop: &Shop, page: Page) -> f64 {
        ready_and_start_ms(c, shop, page).await.0
    }

    /// [`ready_ms`], and when our page's wasm started running (`data-app-start`; none for the
    /// vanilla page).
    async fn ready_and_start_ms(c: &Client, shop: &Shop, page: Page) -> (f64, Option<f64>) {
        let order = shop
            .create_order(json!([{"productId": "tshirt", "quantity": 1}]))
            .await;
        c.goto(&page.checkout(&shop.base, &order)).await.unwrap();
        let body = element(c, "body[data-widget-ready]").await;
        let ms = |name: &'static str| {
            let body = body.clone();
            async move {
                body.attr(name)
                    .await
                    .unwrap()
                    .and_then(|v| v.parse::<f64>().ok())
            }
        };
        (
            ms("data-widget-ready").await.unwrap(),
            ms("data-app-start").await,
        )
    }

    /// Approve click → confirmed order on the success page.
    async fn pay_ms(c: &Client, shop: &Shop, page: Page) -> f64 {
        ready_ms(c, shop, page).await;
        element(c, "[data-testid=sandbox-method-CARD]")
            .await
            .click()
            .await
            .unwrap();
        element(c, "[data-testid=sandbox-agreement]")
            .await
            .click()
            .await
            .unwrap();
        element(c, page.pay_button()).await.click().await.unwrap();
        let approve = element(c, "[data-testid=sandbox-approve]").await;
        let started = Instant::now();
        approve.click().await.unwrap();
        element(c, "[data-testid=confirmed]").await;
        started.elapsed().as_secs_f64() * 1e3
    }

    fn median(v: Vec<f64>) -> f64 {
        quantile(&v, 0.5)
    }

    fn quantile(v: &[f64], q: f64) -> f64 {
        let mut v = v.to_vec();
        v.sort_by(|a, b| a.total_cmp(b));
        v[((v.len() - 1) as f64 * q).round() as usize]
    }

    pub async fn run() {
        // "Ours" is the drop-in checkout page (`checkout.html`), the page a storefront sends
        // its buyers to; the vanilla pages are served beside it.
        let shop = Shop::serving(Keyset::Widget, super::support::static_site::drop_in_dir()).await;
        let browser = Browser::launch().await;
        let c = &browser.client;
        // Warm-up: caches, the sandbox script, the wasm compile cache.
        ready_ms(c, &shop, Page::Ours).await;
        ready_ms(c, &shop, Page::Vanilla).await;
        let (mut ours, mut vanilla, mut started) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..LOADS {
            let order = if i % 2 == 0 {
                [Page::Ours, Page::Vanilla]
            } else {
                [Page::Vanilla, Page::Ours]
            };
            for page in order {
                let (ms, start) = ready_and_start_ms(c, &shop, page).await;
                started.extend(start);
                match page {
                    Page::Ours => ours.push(ms),
                    Page::Vanilla => vanilla.push(ms),
                }
            }
        }
        let (mut pay_ours, mut pay_vanilla) = (Vec::new(), Vec::new());
        for _ in 0..PAYS {
            pay_ours.push(pay_ms(c, &shop, Page::Ours).await);
            pay_vanilla.push(pay_ms(c, &shop, Page::Vanilla).await);
        }
        browser.close().await;
        let quartiles = |v: &[f64]| [quantile(v, 0.25), quantile(v, 0.5), quantile(v, 0.75)];
        let (q_ours, q_van) = (quartiles(&ours), quartiles(&vanilla));
        let (r_ours, r_van) = (median(ours), median(vanilla));
        let (p_ours, p_van) = (median(pay_ours), median(pay_vanilla));
        let app_start = median(started);
        println!("\nheadless Chromium, sandbox SDK, medians ({LOADS} loads, {PAYS} payments each)");
        println!(
            "{:<34} {:>10} {:>12} {:>8}",
            "", "checkout", "vanilla JS", "ratio"
        );
        println!(
            "{:<34} {:>8.1}ms {:>10.1}ms {:>7.2}x",
            "navigation start → widget ready",
            r_ours,
            r_van,
            r_ours / r_van
        );
        println!(
            "{:<34} {:>8.1}ms {:>10.1}ms {:>7.2}x",
            "  same, fastest quarter (p25)",
            q_ours[0],
            q_van[0],
            q_ours[0] / q_van[0]
        );
        println!(
            "{:<34} {:>8.1}ms {:>10.1}ms {:>7.2}x",
            "  same, p75",
            q_ours[2],
            q_van[2],
            q_ours[2] / q_van[2]
        );
        println!(
            "{:<34} {:>8.1}ms",
            "  of which until our wasm runs", app_start
        );
        println!(
            "{:<34} {:>8.1}ms {:>10.1}ms {:>7.2}x",
            "approve → success page confirmed",
            p_ours,
            p_van,
            p_ours / p_van
        );
        let report = json!({
            "widget_ready_ms": {"checkout": r_ours, "vanilla": r_van, "ratio": r_ours / r_van,
                "checkout_quartiles": q_ours, "vanilla_quartiles": q_van,
                "checkout_app_start": app_start},
            "approve_to_success_ms": {"checkout": p_ours, "vanilla": p_van, "ratio": p_ours / p_van},
            "loads": LOADS, "payments": PAYS,
        });
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("browser.json"),
            serde_json::to_string_pretty(&report).unwrap(),
        )
        .unwrap();
        println!("wrote target/bench/browser.json");
    }
}
