import { useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";

// /react/success?paymentKey&orderId&amount (Toss's successUrl): the same confirm request as
// benches/vanilla/success.html, then the confirmed order, marked data-testid="confirmed" (or
// "confirm-failed") as the vanilla page marks it, for the benchmark to wait for.
export function Success() {
  const [searchParams] = useSearchParams();
  const [result, setResult] = useState(null);

  useEffect(() => {
    let live = true;
    (async () => {
      const response = await fetch("/api/payments/confirm", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          paymentKey: searchParams.get("paymentKey"),
          orderId: searchParams.get("orderId"),
          amount: Number(searchParams.get("amount")),
        }),
      });
      const body = await response.json();
      if (live) setResult({ ok: response.ok, body });
    })().catch((e) => live && setResult({ ok: false, body: { message: String(e) } }));
    return () => {
      live = false;
    };
  }, [searchParams]);

  return (
    <div className="box_section" style={{ width: "600px" }}>
      {result == null ? (
        <p id="status">결제를 승인하고 있어요…</p>
      ) : result.ok ? (
        <div data-testid="confirmed">
          <h2>결제를 완료했어요</h2>
          <p className="typography--p">
            {result.body.orderName} {result.body.amount ? result.body.amount.value.toLocaleString("ko-KR") + "원" : ""}
          </p>
        </div>
      ) : (
        <div data-testid="confirm-failed">
          <h2>결제를 승인하지 못했어요</h2>
          <p className="typography--p">
            {result.body.code} {result.body.message}
          </p>
        </div>
      )}
    </div>
  );
}
