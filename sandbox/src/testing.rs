//! For a storefront's own end-to-end tests: the SDK stand-in's test selectors, and a script
//! that pays with a given method the way a buyer clicks it.
//!
//! ```
//! use tosspayments_sandbox::testing::{pay_script, selectors};
//!
//! assert_eq!(selectors::approve(), "[data-testid=sandbox-approve]");
//! assert_eq!(selectors::method("VIRTUAL_ACCOUNT"), "[data-testid=sandbox-method-VIRTUAL_ACCOUNT]");
//! // With fantoccini: client.execute(&pay_script("CARD", "#pay"), vec![]).await?;
//! assert!(pay_script("TOSSPAY", "#pay").contains("sandbox-method-TOSSPAY"));
//! ```

/// CSS selectors of what the stand-in renders. They exist only in the sandbox: Toss's own
/// widget is an iframe your tests cannot reach.
pub mod selectors {
    /// The payment-methods widget (present once `renderPaymentMethods` resolved).
    pub const fn methods_widget() -> &'static str {
        "[data-testid=sandbox-methods-widget]"
    }

    /// A method of the widget: `CARD`, `VIRTUAL_ACCOUNT`, `TRANSFER`, `MOBILE_PHONE`, or an easy
    /// pay of the 간편결제 group: `TOSSPAY`, `NAVERPAY`, `SAMSUNGPAY`, `LPAY`, `KAKAOPAY`,
    /// `PAYCO`, `SSG`. `CARD` is selected when the widget renders.
    pub fn method(code: &str) -> String {
        format!("[data-testid=sandbox-method-{code}]")
    }

    /// The agreement widget's required checkbox.
    pub const fn agreement() -> &'static str {
        "[data-testid=sandbox-agreement]"
    }

    /// The payment window (the stand-in's modal).
    pub const fn payment_window() -> &'static str {
        "[data-testid=sandbox-payment-window]"
    }

    /// The window's approve button: the payment is authenticated and the page goes to
    /// successUrl (or the promise resolves).
    pub const fn approve() -> &'static str {
        "[data-testid=sandbox-approve]"
    }

    /// The window's cancel button: failUrl with `PAY_PROCESS_CANCELED`.
    pub const fn cancel() -> &'static str {
        "[data-testid=sandbox-cancel]"
    }

    /// The window's reject button: failUrl with `REJECT_CARD_COMPANY` (the card company says no).
    pub const fn reject() -> &'static str {
        "[data-testid=sandbox-reject]"
    }

    /// The window's close button (X): the promise rejects with `USER_CANCEL`, no navigation.
    pub const fn close() -> &'static str {
        "[data-testid=sandbox-close]"
    }
}

/// A script for WebDriver's `execute` that pays with `method` as a buyer would: picks the
/// method in the widget, ticks the agreement, clicks the page's pay button (`pay_button`, a
/// CSS selector) and, once the payment window opens, approves. The page then goes to its
/// successUrl.
pub fn pay_script(method: &str, pay_button: &str) -> String {
    let method = serde_json::to_string(&selectors::method(method)).unwrap_or_default();
    let pay = serde_json::to_string(pay_button).unwrap_or_default();
    format!(
        r#"const click = (css) => {{ const el = document.querySelector(css); if (!el) throw new Error(css + " is not on the page"); el.click(); }};
click({method});
const agree = document.querySelector("{agreement}");
if (agree && !agree.checked) agree.click();
setTimeout(() => {{
  click({pay});
  const approve = () => {{
    const el = document.querySelector("{approve}");
    if (el) el.click(); else setTimeout(approve, 50);
  }};
  approve();
}}, 0);"#,
        agreement = selectors::agreement(),
        approve = selectors::approve(),
    )
}
