import { createRoot } from "react-dom/client";
import { BrowserRouter, Route, Routes } from "react-router-dom";
import { Checkout } from "./Checkout.jsx";
import { Fail } from "./Fail.jsx";
import { Success } from "./Success.jsx";
import "./style.css";

// The drop-in page's three routes, under /react (vite's `base`): /react/checkout?orderId=…,
// /react/success (Toss's successUrl) and /react/fail (its failUrl). No StrictMode, as in Toss's
// sample: its development-only double effects would confirm twice.
createRoot(document.getElementById("root")).render(
  <BrowserRouter basename="/react">
    <Routes>
      <Route path="/checkout" element={<Checkout />} />
      <Route path="/success" element={<Success />} />
      <Route path="/fail" element={<Fail />} />
    </Routes>
  </BrowserRouter>,
);
