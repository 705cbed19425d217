import { useSearchParams } from "react-router-dom";

// /react/fail?code&message&orderId (Toss's failUrl): shows what Toss sent; never confirms.
export function Fail() {
  const [searchParams] = useSearchParams();
  return (
    <div id="info" className="box_section" style={{ width: "600px" }} data-testid="failed">
      <h2>결제를 실패했어요</h2>
      <p className="typography--p">
        <b>에러메시지</b> <span id="message">{searchParams.get("message")}</span>
      </p>
      <p className="typography--p">
        <b>에러코드</b> <span id="code">{searchParams.get("code")}</span>
      </p>
      {searchParams.get("orderId") && (
        <p className="typography--p">
          <b>주문번호</b> <span id="orderId">{searchParams.get("orderId")}</span>
        </p>
      )}
    </div>
  );
}
