//! Reading and clicking a page in the end-to-end tests: every wait is bounded, and a wait that
//! runs out shows the page it gave up on.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};

/// How long a page may take to show what a test waits for.
pub const WAIT: Duration = Duration::from_secs(30);

/// `css`, once it is on the page.
pub async fn find(c: &Client, css: &str) -> fantoccini::elements::Element {
    match c.wait().at_most(WAIT).for_element(Locator::Css(css)).await {
        Ok(el) => el,
        Err(e) => {
            let url = c.current_url().await.ok();
            let body = c.source().await.unwrap_or_default();
            panic!(
                "{css} never appeared on {url:?}: {e}\n{}",
                &body[..body.len().min(3000)]
            )
        }
    }
}

/// Clicks `css` once it is on the page.
pub async fn click(c: &Client, css: &str) {
    find(c, css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
}

/// The text of `css`, once it is on the page.
pub async fn text(c: &Client, css: &str) -> String {
    find(c, css).await.text().await.unwrap()
}

/// Waits until `css`'s text satisfies `ok`.
pub async fn wait_text(c: &Client, css: &str, ok: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    loop {
        // The element may be drawn again between finding and reading it (a list reloaded):
        // a stale element is read again on the next round.
        let t = find(c, css).await.text().await.unwrap_or_default();
        if ok(&t) {
            return t;
        }
        if started.elapsed() > WAIT {
            let url = c.current_url().await.ok();
            let body = c.source().await.unwrap_or_default();
            panic!(
                "{css} stayed {t:?} on {url:?}\n{}",
                &body[..body.len().min(3000)]
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
