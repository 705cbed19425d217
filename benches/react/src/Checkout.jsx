import { ANONYMOUS, loadTossPayments } from "@tosspayments/tosspayments-sdk";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";

// /react/checkout?orderId=…: the same calls as benches/vanilla/checkout.html, in the shape of
// Toss's React sample (tosspayments-sample/express-react, pages/widget/WidgetCheckout.jsx): one
// effect creates the widgets, a second one (after React renders them into state) sets the
// amount and renders both UIs, and the pay button stays disabled until they are ready.
export function Checkout() {
  const [searchParams] = useSearchParams();
  const orderId = searchParams.get("orderId");
  const [order, setOrder] = useState(null);
  const [widgets, setWidgets] = useState(null);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState(null);

  useEffect(() => {
    let live = true;
    (async () => {
      const config = await getJson("/api/config");
      // The SDK from the URL the server names (the sandbox's copy when it runs offline), through
      // the npm package's loader: loadTossPayments(clientKey, { src }) adds
      // <script src={src}> and calls the TossPayments it defines with clientKey
      // (@tosspayments/tosspayments-sdk 2.8.1, dist/index.esm.js:287-305; default src
      // https://js.tosspayments.com/v2/standard, line 280; typed in types/index.d.ts:2411-2413).
      const tossPayments = await loadTossPayments(config.clientKey, { src: config.sdkUrl });
      const order = await getJson("/api/orders/" + encodeURIComponent(orderId));
      if (!live) return;
      setOrder(order);
      // The server shows the customer key only to the order's own buyer; a guest's
      // checkout pays as ANONYMOUS (the SDK's constant), as the drop-in page does.
      setWidgets(tossPayments.widgets({ customerKey: order.customerKey ?? ANONYMOUS }));
    })().catch((e) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [orderId]);

  useEffect(() => {
    if (widgets == null || order == null) return;
    let live = true;
    (async () => {
      await widgets.setAmount(order.amount);
      await Promise.all([
        widgets.renderPaymentMethods({ selector: "#payment-method", variantKey: "DEFAULT" }),
        widgets.renderAgreement({ selector: "#agreement", variantKey: "AGREEMENT" }),
      ]);
      if (!live) return;
      document.body.dataset.widgetReady = performance.now().toFixed(1);
      setReady(true);
    })().catch((e) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [widgets, order]);

  async function pay() {
    try {
      await widgets.requestPayment({
        orderId: order.orderId,
        orderName: order.orderName,
        // import.meta.env.BASE_URL is vite's base, "/react/".
        successUrl: window.location.origin + import.meta.env.BASE_URL + "success",
        failUrl: window.location.origin + import.meta.env.BASE_URL + "fail",
      });
    } catch (e) {
      // The buyer closed the payment window, or the SDK refused the request.
      setError(messageOf(e));
    }
  }

  return (
    <div className="wrapper">
      <div className="box_section">
        <div id="payment-method" />
        <div id="agreement" />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button id="pay" type="button" className="button" disabled={!ready} onClick={pay}>
          결제하기
        </button>
      </div>
    </div>
  );
}

async function getJson(url) {
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) throw body;
  return body;
}

function messageOf(e) {
  return (e && (e.message || e.code)) || String(e);
}
