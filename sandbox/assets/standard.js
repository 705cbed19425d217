/*
 * tosspayments-sandbox: an offline stand-in for the Toss Payments V2 browser SDK
 * (https://js.tosspayments.com/v2/standard).
 *
 * Served by the sandbox at /v2/standard. It defines `window.TossPayments(clientKey)` with the
 * documented surface (widgets, payment; brandpay is not emulated), validates arguments like the
 * real SDK and throws/rejects `PublicInterfaceError`s that carry a `.code` and a Korean `.message`.
 * Instead of Toss's payment window it opens a local modal whose buttons approve, cancel or reject
 * the payment; approval asks the sandbox (same origin as this script) for a paymentKey/authKey.
 *
 * Each rule, its source, and the behaviours the public sources do not pin down are listed in
 * sandbox/CONFORMANCE.md. `TossPayments.__sandbox` is a test hook that does not exist in the real SDK.
 *
 * Plain ES2017, no modules, no dependencies.
 */
(function () {
  'use strict';

  if (typeof window === 'undefined' || typeof document === 'undefined') return;

  // ---------------------------------------------------------------------------------------------
  // Where the sandbox lives: the origin this script was loaded from.

  var SANDBOX_ORIGIN = (function () {
    var script = document.currentScript;
    if (!script || !script.src) {
      var all = document.getElementsByTagName('script');
      for (var i = all.length - 1; i >= 0; i--) {
        if (/\/v2\/standard(?:[?#]|$)/.test(all[i].src || '')) {
          script = all[i];
          break;
        }
      }
    }
    try {
      return new URL(script && script.src ? script.src : location.href, location.href).origin;
    } catch (e) {
      return location.origin;
    }
  })();

  var ANONYMOUS = '@@ANONYMOUS';
  var VERSION = 'sandbox-1';

  // ---------------------------------------------------------------------------------------------
  // Errors

  var MESSAGES = {
    INVALID_CLIENT_KEY:
      '클라이언트 키가 올바르지 않습니다. test_ 또는 live_ 로 시작하는 ck 또는 gck 키를 사용해주세요.',
    INVALID_CUSTOMER_KEY:
      '구매자 ID(customerKey)가 올바르지 않습니다. 영문 대소문자, 숫자, 특수문자(-, _, =, ., @)로 이루어진 2~50자여야 합니다.',
    INSECURE_KEY_USAGE:
      '시크릿 키는 브라우저에서 사용할 수 없습니다. customerKey에 시크릿 키를 넣지 마세요.',
    NOT_SUPPORTED_API_INDIVIDUAL_KEY:
      'API 개별 연동 키(ck)로는 결제위젯을 사용할 수 없습니다. 결제위젯 연동 키(gck)를 사용해주세요.',
    NOT_SUPPORTED_WIDGET_KEY:
      '결제위젯 연동 키(gck)로는 결제창을 사용할 수 없습니다. API 개별 연동 키(ck)를 사용해주세요.',
    // Toss's SDK error table (BrandPay): "리다이렉트 URL이 등록되지 않았습니다. 개발정보 페이지에서 등록해주세요."
    NOT_REGISTERED_REDIRECT_URL:
      '리다이렉트 URL이 등록되지 않았습니다. 개발정보 페이지에서 등록해주세요. https://developers.tosspayments.com/my/brandpay',
    NEED_AGREEMENT_WITH_TERMS: '브랜드페이 약관 동의가 필요합니다.',
    PAYMENT_REQUEST_ABORTED: '결제 요청이 중단되었습니다. (payment.destroy())',
    INVALID_AMOUNT_VALUE: '결제 금액이 올바르지 않습니다. 0 이상의 정수를 입력해주세요.',
    BELOW_ZERO_AMOUNT: '결제 금액은 0보다 작을 수 없습니다.',
    INVALID_AMOUNT_CURRENCY: '지원하지 않는 통화입니다. KRW 또는 USD를 사용해주세요.',
    NOT_SETUP_AMOUNT: '결제 금액이 설정되지 않았습니다. setAmount()를 먼저 호출해주세요.',
    INVALID_SELECTOR: 'selector에 해당하는 엘리먼트를 찾을 수 없습니다.',
    INVALID_VARIANT_KEY: 'variantKey가 올바르지 않습니다.',
    PAYMENT_METHODS_WIDGET_ALREADY_RENDERED:
      '결제 UI가 이미 렌더링되었습니다. destroy()를 호출한 뒤 다시 렌더링해주세요.',
    AGREEMENT_WIDGET_ALREADY_RENDERED:
      '약관 UI가 이미 렌더링되었습니다. destroy()를 호출한 뒤 다시 렌더링해주세요.',
    INVALID_PARAMETER: '지원하지 않는 이벤트이거나 콜백이 함수가 아닙니다.',
    INVALID_PARAMETERS: '요청 파라미터가 올바르지 않습니다.',
    INVALID_METHOD_TRANSACTION: '이미 진행 중인 결제 요청이 있습니다. 완료된 뒤 다시 시도해주세요.',
    NOT_SELECTED_PAYMENT_METHOD: '결제수단이 선택되지 않았습니다. 결제수단을 선택해주세요.',
    NEED_AGREEMENT_WITH_REQUIRED_TERMS: '필수 약관에 동의해주세요.',
    INCORRECT_SUCCESS_URL_FORMAT:
      'successUrl은 http:// 또는 https:// 로 시작하는 절대 경로(오리진 포함)여야 합니다.',
    INCORRECT_FAIL_URL_FORMAT:
      'failUrl은 http:// 또는 https:// 로 시작하는 절대 경로(오리진 포함)여야 합니다.',
    INVALID_METADATA:
      'metadata는 최대 5개의 키-값 쌍이어야 하며, 키는 [ , ] 를 사용하지 않는 최대 40자, 값은 최대 2000자의 문자열이어야 합니다.',
    EXCEED_MAX_DUE_DATE: '가상계좌의 입금 기한이 올바르지 않습니다. 최대 2160시간(90일) 이내의 미래 시점이어야 합니다.',
    NOT_SUPPORTED_METHOD: '지원하지 않는 결제수단입니다.',
    NOT_SUPPORTED_PROMISE:
      '이 환경에서는 Promise 방식을 지원하지 않습니다. successUrl과 failUrl을 사용해주세요.',
    USER_CANCEL: '사용자가 결제를 취소했습니다.',
    UNKNOWN: '알 수 없는 오류가 발생했습니다.',
    // Codes delivered to failUrl / PaymentRequestFailError
    PAY_PROCESS_CANCELED: '사용자에 의해 결제가 취소되었습니다.',
    PAY_PROCESS_ABORTED: '결제 진행 중 오류가 발생하여 결제가 중단되었습니다.',
    REJECT_CARD_COMPANY: '카드사에서 결제를 거절했습니다. 다른 카드로 다시 시도해주세요.',
  };

  class PublicInterfaceError extends Error {
    constructor(code, message) {
      super(message || MESSAGES[code] || MESSAGES.UNKNOWN);
      this.name = 'PublicInterfaceError';
      this.code = code;
    }
  }

  class PaymentRequestFailError extends PublicInterfaceError {
    constructor(code, message, orderId) {
      super(code, message);
      this.name = 'PaymentRequestFailError';
      this.orderId = orderId;
    }
  }

  function fail(code, message) {
    return new PublicInterfaceError(code, message);
  }

  // ---------------------------------------------------------------------------------------------
  // Validation helpers (synchronous; they throw PublicInterfaceError)

  var CLIENT_KEY_RE = /^(test|live)_(ck|gck)_[A-Za-z0-9_]+$/;
  // d.ts WidgetsParams.customerKey: 2-50 of A-Z a-z 0-9 - _ = . @; no special character is
  // required ("중 최소 1개를 포함하는" = made of at least one of them). CONFORMANCE.md.
  var CUSTOMER_KEY_RE = /^[A-Za-z0-9\-_=.@]{2,50}$/;
  var SECRET_KEY_PREFIX_RE = /^(test_sk_|live_sk_|test_gsk_|live_gsk_)/;
  var ORDER_ID_RE = /^[A-Za-z0-9\-_=]{6,64}$/;
  var PHONE_RE = /^[0-9]{8,15}$/;
  var CURRENCIES = ['KRW', 'USD'];

  function isObject(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  }

  function given(v) {
    return v !== undefined && v !== null;
  }

  function charCount(s) {
    return Array.from(s).length;
  }

  function checkCustomerKey(customerKey) {
    if (customerKey === ANONYMOUS) return;
    if (typeof customerKey === 'string' && SECRET_KEY_PREFIX_RE.test(customerKey)) {
      throw fail('INSECURE_KEY_USAGE');
    }
    if (
      typeof customerKey !== 'string' ||
      !CUSTOMER_KEY_RE.test(customerKey)
    ) {
      throw fail('INVALID_CUSTOMER_KEY');
    }
  }

  /** Returns a normalised `{value, currency}` copy or throws. */
  function checkAmount(amount) {
    if (!isObject(amount)) {
      throw fail('INVALID_PARAMETERS', '결제 금액은 {value, currency} 형식의 객체여야 합니다.');
    }
    var value = amount.value;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw fail('INVALID_AMOUNT_VALUE');
    if (value < 0) throw fail('BELOW_ZERO_AMOUNT');
    if (amount.currency === 'USD') {
      // d.ts examples: PayPal (FOREIGN_EASY_PAY) takes `{currency: "USD", value}` as a JS
      // number; dollars with at most two decimals (cents). Same rule as the Rust Amount.
      if (!/^\d+(\.\d{1,2})?$/.test(String(value)) || value > Number.MAX_SAFE_INTEGER / 100) {
        throw fail('INVALID_AMOUNT_VALUE');
      }
    } else if (!Number.isSafeInteger(value)) {
      throw fail('INVALID_AMOUNT_VALUE');
    }
    if (CURRENCIES.indexOf(amount.currency) === -1) throw fail('INVALID_AMOUNT_CURRENCY');
    return { value: value, currency: amount.currency };
  }

  function isAbsoluteHttpUrl(s) {
    if (typeof s !== 'string' || s === '') return false;
    try {
      var u = new URL(s); // no base: relative URLs throw
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch (e) {
      return false;
    }
  }

  /**
   * The checks shared by both requestPayment()s, in this order: orderId, orderName, buyer
   * fields, windowTarget, successUrl, failUrl, exactly-one-URL, promise support, metadata.
   * Returns true for redirect mode.
   */
  function checkPaymentRequest(req) {
    if (typeof req.orderId !== 'string' || !ORDER_ID_RE.test(req.orderId)) {
      throw fail(
        'INVALID_PARAMETERS',
        'orderId는 영문 대소문자, 숫자, 특수문자(-, _, =)로 이루어진 6~64자여야 합니다.'
      );
    }
    if (
      typeof req.orderName !== 'string' ||
      charCount(req.orderName) < 1 ||
      charCount(req.orderName) > 100
    ) {
      throw fail('INVALID_PARAMETERS', 'orderName은 1~100자여야 합니다.');
    }
    ['customerName', 'customerEmail'].forEach(function (field) {
      if (given(req[field]) && (typeof req[field] !== 'string' || charCount(req[field]) > 100)) {
        throw fail('INVALID_PARAMETERS', field + '은(는) 최대 100자의 문자열이어야 합니다.');
      }
    });
    if (
      given(req.customerMobilePhone) &&
      (typeof req.customerMobilePhone !== 'string' || !PHONE_RE.test(req.customerMobilePhone))
    ) {
      throw fail(
        'INVALID_PARAMETERS',
        'customerMobilePhone은 하이픈(-) 없이 8~15자리 숫자여야 합니다.'
      );
    }
    if (given(req.windowTarget) && req.windowTarget !== 'iframe' && req.windowTarget !== 'self') {
      throw fail('INVALID_PARAMETERS', "windowTarget은 'iframe' 또는 'self'여야 합니다.");
    }
    var hasSuccess = given(req.successUrl);
    var hasFail = given(req.failUrl);
    if (hasSuccess && !isAbsoluteHttpUrl(req.successUrl)) throw fail('INCORRECT_SUCCESS_URL_FORMAT');
    if (hasFail && !isAbsoluteHttpUrl(req.failUrl)) throw fail('INCORRECT_FAIL_URL_FORMAT');
    if (hasSuccess !== hasFail) {
      throw fail(
        'INVALID_PARAMETERS',
        'successUrl과 failUrl은 함께 전달하거나 둘 다 생략해야 합니다.'
      );
    }
    var redirect = hasSuccess && hasFail;
    if (!redirect && req.windowTarget === 'self') throw fail('NOT_SUPPORTED_PROMISE');
    checkMetadata(req.metadata);
    return redirect;
  }

  function checkMetadata(metadata) {
    if (!given(metadata)) return;
    // Guess: a non-object metadata is INVALID_METADATA too.
    if (!isObject(metadata)) throw fail('INVALID_METADATA');
    var keys = Object.keys(metadata);
    // d.ts PaymentRequest.metadata / WidgetPaymentRequest.metadata: "최대 5개의 키-값(key-value) 쌍".
    // Error: d.ts PublicError.*.InvalidMetadataError ("metadata가 올바르지 않은 경우").
    if (keys.length > 5) throw fail('INVALID_METADATA');
    keys.forEach(function (key) {
      var v = metadata[key];
      // d.ts metadata: "키는 `[` , `]` 를 사용하지 않는 최대 40자의 문자열".
      if (charCount(key) > 40 || /[\[\]]/.test(key)) throw fail('INVALID_METADATA');
      // d.ts metadata: "값은 최대 2000자의 문자열". The declared type is
      // Record<string|symbol|number, unknown>, but the doc text says string: a number, boolean,
      // object or null value is refused rather than coerced (guess; Toss's docs say no more).
      if (typeof v !== 'string' || charCount(v) > 2000) throw fail('INVALID_METADATA');
    });
  }

  // d.ts ForeignEasyPayPaymentRequest.foreignEasyPay.provider.
  var FOREIGN_EASY_PAY_PROVIDERS = [
    'PAYPAL', 'GCASH', 'TOUCHNGO', 'BOOST', 'BPI', 'BILLEASE', 'DANA', 'ALIPAYHK', 'TRUEMONEY',
    'RABBIT_LINE_PAY', 'ALIPAY', 'PAYPAY',
  ];

  /**
   * d.ts ForeignEasyPayPaymentRequest: `foreignEasyPay` is required (not optional like the other
   * method options), with a required `provider` and a required ISO-3166 two-letter `country`.
   * Anything missing or malformed is d.ts PublicError.Payment.InvalidParametersError.
   */
  function checkForeignEasyPay(fep) {
    if (!isObject(fep)) {
      throw fail('INVALID_PARAMETERS', "method가 FOREIGN_EASY_PAY이면 foreignEasyPay가 필요합니다.");
    }
    if (FOREIGN_EASY_PAY_PROVIDERS.indexOf(fep.provider) === -1) {
      throw fail('INVALID_PARAMETERS', 'foreignEasyPay.provider가 올바르지 않습니다.');
    }
    // d.ts foreignEasyPay.country: "ISO-3166의 두 자리 국가 코드". Upper case only is a guess.
    if (typeof fep.country !== 'string' || !/^[A-Z]{2}$/.test(fep.country)) {
      throw fail('INVALID_PARAMETERS', 'foreignEasyPay.country는 ISO-3166 두 자리 국가 코드여야 합니다.');
    }
  }

  // d.ts VirtualAccountPaymentRequest.virtualAccount.validHours: "최대 값은 2160시간(90일)".
  var MAX_VALID_HOURS = 2160;
  // d.ts virtualAccount.dueDate: "`yyyy-MM-dd'T'HH:mm:ss` ISO 8601 형식".
  var DUE_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;
  var KST_OFFSET_MS = 9 * 3600 * 1000;

  /** The instant a `yyyy-MM-dd'T'HH:mm:ss` dueDate names (read as KST; guess), or NaN. */
  function dueDateMillis(s) {
    var m = typeof s === 'string' ? DUE_DATE_RE.exec(s) : null;
    if (!m) return NaN;
    var f = m.slice(1).map(Number);
    var utc = Date.UTC(f[0], f[1] - 1, f[2], f[3], f[4], f[5]);
    var back = new Date(utc);
    // Reject dates that JS would roll over (2025-02-30, 25:00, ...).
    if (
      back.getUTCFullYear() !== f[0] || back.getUTCMonth() !== f[1] - 1 || back.getUTCDate() !== f[2] ||
      back.getUTCHours() !== f[3] || back.getUTCMinutes() !== f[4] || back.getUTCSeconds() !== f[5]
    ) {
      return NaN;
    }
    return utc - KST_OFFSET_MS;
  }

  /**
   * `payment().requestPayment({method: 'VIRTUAL_ACCOUNT', virtualAccount})`. Only the deadline is
   * checked. The widget's `virtualAccount` option (d.ts WidgetPaymentRequest) has no validHours
   * or dueDate, so widgets have nothing to check here.
   */
  function checkVirtualAccount(va) {
    if (!given(va)) return;
    if (!isObject(va)) throw fail('INVALID_PARAMETERS', 'virtualAccount는 객체여야 합니다.');
    if (given(va.validHours)) {
      // d.ts validHours is a number of hours; a non-integer or a value below 1 is
      // d.ts PublicError.Payment.InvalidParametersError (the split from EXCEED_MAX_DUE_DATE is a guess).
      if (typeof va.validHours !== 'number' || !Number.isInteger(va.validHours) || va.validHours < 1) {
        throw fail('INVALID_PARAMETERS', 'virtualAccount.validHours는 1 이상의 정수여야 합니다.');
      }
      // d.ts validHours: max 2160; over it is EXCEED_MAX_DUE_DATE. The d.ts names
      // ExceedMaxDueDateError ("가상계좌 결제 시, 최대 유효만료 기간을 넘긴 경우") only under
      // widgets().requestPayment; payment().requestPayment's @throws list does not have it, so
      // that payment() throws it here (and synchronously) is a guess.
      if (va.validHours > MAX_VALID_HOURS) throw fail('EXCEED_MAX_DUE_DATE');
    }
    if (given(va.dueDate)) {
      var due = dueDateMillis(va.dueDate);
      if (Number.isNaN(due)) {
        throw fail('INVALID_PARAMETERS', "virtualAccount.dueDate는 yyyy-MM-dd'T'HH:mm:ss 형식이어야 합니다.");
      }
      var now = Date.now();
      // A deadline already passed, or further away than validHours' 2160-hour maximum, is
      // EXCEED_MAX_DUE_DATE (guess: the d.ts states the maximum for validHours only).
      if (due <= now || due > now + MAX_VALID_HOURS * 3600 * 1000) throw fail('EXCEED_MAX_DUE_DATE');
    }
  }

  /**
   * Easy-pay providers the widget offers and `card.easyPay` accepts, with the Korean name the
   * Core API's `Payment.easyPay.provider` carries. Codes: the easy-pay codes of d.ts
   * WidgetsPaymentMethodCode; names: Toss's own Android SDK enum TossEasyPayCompany
   * (tosspayments/payment-sdk-android). APPLEPAY, PINPAY and KBPAY are also in the d.ts list,
   * but no Toss source at hand gives their Korean names, so the sandbox leaves them out.
   */
  var EASY_PAY_PROVIDERS = {
    TOSSPAY: '토스페이',
    NAVERPAY: '네이버페이',
    SAMSUNGPAY: '삼성페이',
    LPAY: '엘페이',
    KAKAOPAY: '카카오페이',
    PAYCO: '페이코',
    SSG: 'SSG페이',
  };

  function isEasyPayCode(code) {
    return Object.prototype.hasOwnProperty.call(EASY_PAY_PROVIDERS, code);
  }

  /**
   * `payment().requestPayment({method: 'CARD', card})`: returns the easy-pay provider code the
   * window opens directly, or null for a card payment.
   */
  function checkCardOptions(card) {
    if (!given(card)) return null;
    if (!isObject(card)) throw fail('INVALID_PARAMETERS', 'card는 객체여야 합니다.');
    // d.ts CardPaymentRequest.card.flowMode: 'DIRECT' | 'DEFAULT', default DEFAULT.
    if (given(card.flowMode) && card.flowMode !== 'DIRECT' && card.flowMode !== 'DEFAULT') {
      throw fail('INVALID_PARAMETERS', "card.flowMode는 'DEFAULT' 또는 'DIRECT'여야 합니다.");
    }
    // d.ts card.easyPay: "`flowMode`가 `DEFAULT`일 때는 해당 파라미터와 상관 없이 기본 통합결제창이
    // 열려요" — so easyPay only matters with DIRECT. (The sandbox's integrated window pays by card.)
    if (card.flowMode !== 'DIRECT') return null;
    if (given(card.easyPay)) {
      // d.ts card.easyPay is a 간편결제 code; an unknown code is INVALID_PARAMETERS (guess).
      if (!isEasyPayCode(card.easyPay)) {
        throw fail('INVALID_PARAMETERS', 'card.easyPay가 지원하지 않는 간편결제 코드입니다.');
      }
      return card.easyPay;
    }
    // Core API "Create Payment" (seed 001): "When set to direct mode, either one of the easyPay
    // or cardCompany parameters are required." The error code is a guess.
    if (!given(card.cardCompany)) {
      throw fail('INVALID_PARAMETERS', "card.flowMode가 'DIRECT'이면 card.easyPay 또는 card.cardCompany가 필요합니다.");
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // Formatting, URLs, navigation

  var METHOD_LABELS = {
    CARD: '카드',
    VIRTUAL_ACCOUNT: '가상계좌',
    TRANSFER: '계좌이체',
    MOBILE_PHONE: '휴대폰',
    CULTURE_GIFT_CERTIFICATE: '문화상품권',
    BOOK_GIFT_CERTIFICATE: '도서문화상품권',
    GAME_GIFT_CERTIFICATE: '게임문화상품권',
    FOREIGN_EASY_PAY: '해외간편결제',
  };
  var PAYMENT_METHODS = Object.keys(METHOD_LABELS);
  // The widget's list. The real list depends on the merchant's contract and dashboard (guess).
  // The first one is selected when the widget renders: see renderPaymentMethods.
  var WIDGET_METHODS = ['CARD', 'VIRTUAL_ACCOUNT', 'TRANSFER', 'MOBILE_PHONE'];
  // The widget's easy pays, under a `간편결제` group; selecting one reports its provider code.
  var WIDGET_EASY_PAYS = Object.keys(EASY_PAY_PROVIDERS);

  /** What the payment window shows as the method. */
  function methodLabel(method, easyPay) {
    if (easyPay) return '간편결제 (' + EASY_PAY_PROVIDERS[easyPay] + ')';
    return METHOD_LABELS[method] || method;
  }

  function formatAmount(amount) {
    var digits = String(amount.value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return amount.currency === 'KRW' ? digits + '원' : digits + ' ' + amount.currency;
  }

  /** Appends `params` ([[k, v], ...]) to `url`, percent-encoded, keeping any fragment last. */
  function withQuery(url, params) {
    var hashAt = url.indexOf('#');
    var base = hashAt === -1 ? url : url.slice(0, hashAt);
    var hash = hashAt === -1 ? '' : url.slice(hashAt);
    var query = params
      .filter(function (p) {
        return given(p[1]);
      })
      .map(function (p) {
        return encodeURIComponent(p[0]) + '=' + encodeURIComponent(String(p[1]));
      })
      .join('&');
    var sep;
    if (base.indexOf('?') === -1) sep = '?';
    else if (/[?&]$/.test(base)) sep = '';
    else sep = '&';
    return base + sep + query + hash;
  }

  function navigate(url) {
    window.location.href = url;
  }

  /** POSTs JSON to the sandbox. Resolves `{ok: true, body}` or `{ok: false, code, message}`. */
  function callSandbox(path, body) {
    return fetch(SANDBOX_ORIGIN + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
    })
      .then(function (res) {
        return res
          .json()
          .catch(function () {
            return null;
          })
          .then(function (json) {
            if (res.ok && isObject(json)) return { ok: true, body: json };
            if (isObject(json) && typeof json.code === 'string') {
              return {
                ok: false,
                code: json.code,
                message: typeof json.message === 'string' ? json.message : MESSAGES.UNKNOWN,
              };
            }
            return { ok: false, code: 'PAY_PROCESS_ABORTED', message: MESSAGES.PAY_PROCESS_ABORTED };
          });
      })
      .catch(function () {
        return { ok: false, code: 'PAY_PROCESS_ABORTED', message: MESSAGES.PAY_PROCESS_ABORTED };
      });
  }

  // ---------------------------------------------------------------------------------------------
  // Styles (one injected <style>, every class prefixed tps-)

  var STYLE_ID = 'tps-sandbox-style';
  var CSS = [
    '.tps-widget{font:14px/1.5 system-ui,-apple-system,"Apple SD Gothic Neo","Noto Sans KR",sans-serif;color:#191f28;border:1px solid #e5e8eb;border-radius:12px;padding:16px;margin:0 0 12px;background:#fff}',
    '.tps-fieldset{border:0;margin:0;padding:0}',
    '.tps-legend{font-weight:700;font-size:15px;padding:0;margin:0 0 8px}',
    '.tps-options{display:grid;grid-template-columns:repeat(auto-fill,minmax(120px,1fr));gap:8px}',
    '.tps-option{display:flex;align-items:center;gap:8px;border:1px solid #d1d6db;border-radius:8px;padding:10px 12px;cursor:pointer}',
    '.tps-option:has(input:checked){border-color:#3182f6;background:#e8f3ff}',
    '.tps-option input,.tps-agree input{margin:0;width:16px;height:16px;accent-color:#3182f6}',
    '.tps-widget-amount{margin:12px 0 0;color:#4e5968}',
    '.tps-widget-amount strong{color:#191f28}',
    '.tps-widget-note{margin:8px 0 0;font-size:12px;color:#8b95a1}',
    '.tps-agree{display:flex;align-items:center;gap:8px;cursor:pointer}',
    '.tps-overlay{position:fixed;inset:0;z-index:2147483000;background:rgba(0,23,51,.45);display:flex;align-items:center;justify-content:center;padding:16px;font:14px/1.5 system-ui,-apple-system,"Apple SD Gothic Neo","Noto Sans KR",sans-serif;color:#191f28}',
    '.tps-dialog{background:#fff;border-radius:16px;box-shadow:0 12px 40px rgba(0,0,0,.25);width:100%;max-width:400px;padding:20px 24px 24px;outline:none}',
    '.tps-header{display:flex;align-items:center;justify-content:space-between;gap:12px}',
    '.tps-title{font-size:18px;font-weight:700;margin:0}',
    '.tps-close{border:0;background:transparent;font-size:22px;line-height:1;width:32px;height:32px;border-radius:8px;cursor:pointer;color:#4e5968}',
    '.tps-close:hover{background:#f2f4f6}',
    '.tps-badge{display:inline-block;margin:8px 0 12px;padding:2px 8px;border-radius:999px;background:#fff4e5;color:#b35c00;font-size:12px;font-weight:600}',
    '.tps-summary{display:grid;grid-template-columns:auto 1fr;gap:6px 16px;margin:0 0 16px}',
    '.tps-summary dt{color:#6b7684}',
    '.tps-summary dd{margin:0;text-align:right;font-weight:600;word-break:break-all}',
    '.tps-status{min-height:21px;margin:0 0 8px;color:#3182f6;text-align:center}',
    '.tps-actions{display:flex;flex-direction:column;gap:8px}',
    '.tps-btn{font:inherit;border:1px solid #d1d6db;background:#fff;color:#333d4b;border-radius:10px;padding:10px 14px;cursor:pointer}',
    '.tps-btn:hover{background:#f2f4f6}',
    '.tps-btn-primary{background:#3182f6;border-color:#3182f6;color:#fff;font-weight:700}',
    '.tps-btn-primary:hover{background:#1b64da}',
    '.tps-btn:disabled,.tps-close:disabled{opacity:.5;cursor:not-allowed}',
    '.tps-btn:focus-visible,.tps-close:focus-visible,.tps-option:focus-within,.tps-agree:focus-within{outline:2px solid #3182f6;outline-offset:2px}',
  ].join('\n');

  function injectStyle() {
    if (document.getElementById(STYLE_ID)) return;
    var style = document.createElement('style');
    style.id = STYLE_ID;
    style.textContent = CSS;
    (document.head || document.documentElement).appendChild(style);
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) return;
      if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v === true ? '' : v);
    });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }

  var uid = 0;
  function nextId(prefix) {
    uid += 1;
    return prefix + '-' + uid;
  }

  function resolveSelector(selector) {
    if (typeof selector !== 'string' || selector === '') throw fail('INVALID_SELECTOR');
    var target;
    try {
      target = document.querySelector(selector);
    } catch (e) {
      throw fail('INVALID_SELECTOR');
    }
    if (!target) throw fail('INVALID_SELECTOR');
    return target;
  }

  function checkVariantKey(variantKey) {
    if (variantKey === undefined) return;
    if (typeof variantKey !== 'string' || variantKey === '') throw fail('INVALID_VARIANT_KEY');
  }

  function emit(listeners, payload) {
    listeners.slice().forEach(function (cb) {
      try {
        cb(payload);
      } catch (e) {
        // A merchant callback that throws must not break the widget.
        setTimeout(function () {
          throw e;
        });
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // The payment window: one modal at a time across every SDK instance.

  var current = null; // the open window's controller, or null

  /**
   * Opens the modal.
   * cfg: {title, rows: [[label, value, testid]], approveText, onApprove, onCancel, onReject, onClose}
   * The handlers receive the controller: {busy(text), close()}.
   */
  function openWindow(cfg) {
    injectStyle();
    var titleId = nextId('tps-title');
    var previousFocus = document.activeElement;

    var closeBtn = el('button', {
      type: 'button',
      class: 'tps-close',
      'aria-label': '닫기',
      'data-testid': 'sandbox-close',
      text: '×',
    });
    var approveBtn = el('button', {
      type: 'button',
      class: 'tps-btn tps-btn-primary',
      'data-testid': 'sandbox-approve',
      text: cfg.approveText,
    });
    var rejectBtn = el('button', {
      type: 'button',
      class: 'tps-btn',
      'data-testid': 'sandbox-reject',
      text: '카드사 거절',
    });
    var cancelBtn = el('button', {
      type: 'button',
      class: 'tps-btn',
      'data-testid': 'sandbox-cancel',
      text: '결제 취소',
    });
    var status = el('p', {
      class: 'tps-status',
      role: 'status',
      'aria-live': 'polite',
      'data-testid': 'sandbox-status',
    });
    var summary = el('dl', { class: 'tps-summary' });
    cfg.rows.forEach(function (row) {
      summary.appendChild(el('dt', { text: row[0] }));
      summary.appendChild(el('dd', { 'data-testid': row[2], text: row[1] }));
    });
    var dialog = el(
      'div',
      {
        class: 'tps-dialog',
        role: 'dialog',
        'aria-modal': 'true',
        'aria-labelledby': titleId,
        tabindex: '-1',
        'data-testid': 'sandbox-payment-window',
      },
      [
        el('div', { class: 'tps-header' }, [
          el('h2', { class: 'tps-title', id: titleId, text: cfg.title }),
          closeBtn,
        ]),
        el('span', { class: 'tps-badge', 'data-testid': 'sandbox-badge', text: 'SANDBOX — no real payment' }),
        summary,
        status,
        el('div', { class: 'tps-actions' }, [approveBtn, rejectBtn, cancelBtn]),
      ]
    );
    var overlay = el('div', { class: 'tps-overlay', 'data-testid': 'sandbox-overlay' }, [dialog]);
    var buttons = [closeBtn, approveBtn, rejectBtn, cancelBtn];

    var ctl = {
      isBusy: false,
      owner: cfg.owner,
      // payment().destroy(): the request's own abort, or a close.
      abort: function () {
        (cfg.onAbort || cfg.onClose)(ctl);
      },
      busy: function (text) {
        ctl.isBusy = true;
        dialog.setAttribute('aria-busy', 'true');
        status.textContent = text;
        buttons.forEach(function (b) {
          b.disabled = true;
        });
      },
      close: function () {
        if (current === ctl) current = null;
        document.removeEventListener('keydown', onKey, true);
        if (overlay.parentNode) overlay.parentNode.removeChild(overlay);
        if (previousFocus && previousFocus.isConnected && typeof previousFocus.focus === 'function') {
          try {
            previousFocus.focus();
          } catch (e) {
            /* ignore */
          }
        }
      },
    };

    function onKey(ev) {
      if (current !== ctl) return;
      if (ev.key === 'Escape') {
        ev.preventDefault();
        ev.stopPropagation();
        if (!ctl.isBusy) cfg.onClose(ctl);
        return;
      }
      if (ev.key === 'Tab') {
        // Keep focus inside the dialog.
        var focusable = buttons.filter(function (b) {
          return !b.disabled;
        });
        if (focusable.length === 0) {
          ev.preventDefault();
          dialog.focus();
          return;
        }
        var first = focusable[0];
        var last = focusable[focusable.length - 1];
        var active = document.activeElement;
        if (!dialog.contains(active)) {
          ev.preventDefault();
          first.focus();
        } else if (ev.shiftKey && (active === first || active === dialog)) {
          ev.preventDefault();
          last.focus();
        } else if (!ev.shiftKey && active === last) {
          ev.preventDefault();
          first.focus();
        }
      }
    }

    closeBtn.addEventListener('click', function () {
      if (!ctl.isBusy) cfg.onClose(ctl);
    });
    cancelBtn.addEventListener('click', function () {
      if (!ctl.isBusy) cfg.onCancel(ctl);
    });
    rejectBtn.addEventListener('click', function () {
      if (!ctl.isBusy) cfg.onReject(ctl);
    });
    approveBtn.addEventListener('click', function () {
      if (!ctl.isBusy) cfg.onApprove(ctl);
    });
    document.addEventListener('keydown', onKey, true);

    current = ctl;
    document.body.appendChild(overlay);
    approveBtn.focus();
    return ctl;
  }

  // Coming back through the back/forward cache after a redirect: drop the stale modal.
  window.addEventListener('pageshow', function (ev) {
    if (ev.persisted && current && current.isBusy) current.close();
  });

  /**
   * The successUrl query, in the order the d.ts documents it:
   * - widgets().requestPayment (d.ts RequestPaymentWithRedirection$1):
   *   `{successUrl}?paymentType={PAYMENT_TYPE}&amount={AMOUNT}&orderId={ORDER_ID}&paymentKey={PAYMENT_KEY}`
   * - payment().requestPayment (d.ts RequestCardPaymentWithRedirection and the other methods):
   *   `{successUrl}?amount={AMOUNT}&orderId={ORDER_ID}&paymentKey={PAYMENT_KEY}`: no paymentType.
   */
  function successParams(ctx, paymentKey) {
    var params = [
      ['amount', ctx.amount.value],
      ['orderId', ctx.orderId],
      ['paymentKey', paymentKey],
    ];
    // Only NORMAL: the sandbox's widget offers no BrandPay method.
    if (ctx.flow === 'WIDGET') params.unshift(['paymentType', 'NORMAL']);
    return params;
  }

  /**
   * The promise-mode result:
   * - widgets: d.ts WidgetPaymentResult {paymentType, paymentKey, orderId, amount: Amount}
   * - payment(): d.ts RequestPaymentResult {paymentKey, orderId, amount: Amount}: no paymentType.
   */
  function promiseResult(ctx, paymentKey) {
    var result = {
      paymentKey: paymentKey,
      orderId: ctx.orderId,
      amount: { currency: ctx.amount.currency, value: ctx.amount.value },
    };
    if (ctx.flow === 'WIDGET') result.paymentType = 'NORMAL';
    return result;
  }

  /**
   * Runs a payment through the modal. ctx: {clientKey, customerKey, flow, method, easyPay
   * (provider code or null), orderId, orderName, amount, customerName, customerEmail,
   * customerMobilePhone, metadata, successUrl, failUrl, redirect}. Redirect mode never settles
   * (the page navigates away) except on close.
   */
  function runPayment(ctx) {
    return new Promise(function (resolve, reject) {
      function toFailUrl(ctl, code, message) {
        ctl.busy('이동 중…');
        navigate(
          withQuery(ctx.failUrl, [
            ['code', code],
            ['message', message],
            ['orderId', ctx.orderId],
          ])
        );
      }
      openWindow({
        title: '토스페이먼츠 결제',
        approveText: '결제하기',
        rows: [
          ['주문명', ctx.orderName, 'sandbox-window-order-name'],
          ['결제 금액', formatAmount(ctx.amount), 'sandbox-window-amount'],
          ['결제수단', methodLabel(ctx.method, ctx.easyPay), 'sandbox-window-method'],
        ],
        onApprove: function (ctl) {
          ctl.busy('처리 중…');
          callSandbox('/sandbox/sdk/authenticate', {
            clientKey: ctx.clientKey,
            customerKey: ctx.customerKey,
            flow: ctx.flow,
            // An easy pay is reported as EASY_PAY plus the provider code the buyer chose, so
            // the Core API stand-in can answer `method: 간편결제, easyPay: {provider, ...}`.
            method: ctx.easyPay ? 'EASY_PAY' : ctx.method,
            easyPay: ctx.easyPay || undefined,
            orderId: ctx.orderId,
            orderName: ctx.orderName,
            amount: { value: ctx.amount.value, currency: ctx.amount.currency },
            customerName: ctx.customerName,
            customerEmail: ctx.customerEmail,
            customerMobilePhone: ctx.customerMobilePhone,
            metadata: ctx.metadata,
            validHours: ctx.validHours,
          }).then(function (r) {
            var paymentKey = r.ok ? r.body.paymentKey : null;
            if (r.ok && typeof paymentKey !== 'string') {
              r = { ok: false, code: 'PAY_PROCESS_ABORTED', message: MESSAGES.PAY_PROCESS_ABORTED };
            }
            if (ctx.redirect) {
              if (!r.ok) return toFailUrl(ctl, r.code, r.message);
              ctl.busy('이동 중…');
              navigate(withQuery(ctx.successUrl, successParams(ctx, paymentKey)));
              return;
            }
            ctl.close();
            if (!r.ok) {
              reject(new PaymentRequestFailError(r.code, r.message, ctx.orderId));
              return;
            }
            resolve(promiseResult(ctx, paymentKey));
          });
        },
        onCancel: function (ctl) {
          if (ctx.redirect) return toFailUrl(ctl, 'PAY_PROCESS_CANCELED', MESSAGES.PAY_PROCESS_CANCELED);
          ctl.close();
          reject(fail('USER_CANCEL'));
        },
        onReject: function (ctl) {
          if (ctx.redirect) return toFailUrl(ctl, 'REJECT_CARD_COMPANY', MESSAGES.REJECT_CARD_COMPANY);
          ctl.close();
          reject(new PaymentRequestFailError('REJECT_CARD_COMPANY', MESSAGES.REJECT_CARD_COMPANY, ctx.orderId));
        },
        onClose: function (ctl) {
          ctl.close();
          reject(fail('USER_CANCEL'));
        },
        owner: ctx.owner,
        onAbort: function (ctl) {
          ctl.close();
          reject(fail('PAYMENT_REQUEST_ABORTED'));
        },
      });
    });
  }

  /** Billing auth is redirect-only: the promise never resolves; it rejects only on close. */
  function runBillingAuth(ctx) {
    return new Promise(function (_resolve, reject) {
      function toFailUrl(ctl, code, message) {
        ctl.busy('이동 중…');
        navigate(
          withQuery(ctx.failUrl, [
            ['code', code],
            ['message', message],
          ])
        );
      }
      var card = ctx.method === 'CARD';
      var rows = [['등록 수단', card ? '카드' : '계좌', 'sandbox-window-method']];
      if (ctx.customerName) rows.push(['구매자', ctx.customerName, 'sandbox-window-customer-name']);
      openWindow({
        title: card ? '카드 등록' : '계좌 등록',
        approveText: card ? '카드 등록하기' : '계좌 등록하기',
        rows: rows,
        onApprove: function (ctl) {
          ctl.busy('처리 중…');
          callSandbox('/sandbox/sdk/billing-auth', {
            clientKey: ctx.clientKey,
            customerKey: ctx.customerKey,
            method: ctx.method,
          }).then(function (r) {
            if (r.ok && typeof r.body.authKey !== 'string') {
              r = { ok: false, code: 'PAY_PROCESS_ABORTED', message: MESSAGES.PAY_PROCESS_ABORTED };
            }
            if (!r.ok) return toFailUrl(ctl, r.code, r.message);
            ctl.busy('이동 중…');
            navigate(
              withQuery(ctx.successUrl, [
                ['customerKey', ctx.customerKey],
                ['authKey', r.body.authKey],
              ])
            );
          });
        },
        onCancel: function (ctl) {
          toFailUrl(ctl, 'PAY_PROCESS_CANCELED', MESSAGES.PAY_PROCESS_CANCELED);
        },
        onReject: function (ctl) {
          toFailUrl(ctl, 'REJECT_CARD_COMPANY', MESSAGES.REJECT_CARD_COMPANY);
        },
        onClose: function (ctl) {
          ctl.close();
          reject(fail('USER_CANCEL'));
        },
        owner: ctx.owner,
        onAbort: function (ctl) {
          ctl.close();
          reject(fail('PAYMENT_REQUEST_ABORTED'));
        },
      });
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Widgets

  function createWidgets(clientKey, customerKey) {
    var state = {
      amount: null,
      methods: null, // {selected, amountEl, ...} while rendered
      agreement: null, // {agreed} while rendered
    };

    function updateAmountDisplay() {
      if (state.methods && state.amount) state.methods.amountEl.textContent = formatAmount(state.amount);
    }

    var widgets = {
      setAmount: async function (amount) {
        state.amount = checkAmount(amount);
        updateAmountDisplay();
      },

      renderPaymentMethods: async function (options) {
        var opts = isObject(options) ? options : {};
        if (!state.amount) throw fail('NOT_SETUP_AMOUNT');
        var target = resolveSelector(opts.selector);
        if (state.methods) throw fail('PAYMENT_METHODS_WIDGET_ALREADY_RENDERED');
        checkVariantKey(opts.variantKey);
        injectStyle();

        var name = nextId('tps-method');
        var listeners = [];
        // Toss's widget opens with a method already selected (d.ts: getSelectedPaymentMethod()
        // resolves a WidgetSelectedPaymentMethod, never null; Toss's sample enables its pay
        // button without any selection step). Which one Toss selects comes from the merchant's
        // dashboard; the sandbox selects the first of its list, CARD (guess). No
        // paymentMethodSelect fires for it: events fire only when the buyer changes the
        // selection (guess).
        var rec = { selected: WIDGET_METHODS[0], amountEl: null, root: null, listeners: listeners };
        var fieldset = el('fieldset', { class: 'tps-fieldset' }, [
          el('legend', { class: 'tps-legend', text: '결제 방법' }),
        ]);
        function option(code, label) {
          var input = el('input', {
            type: 'radio',
            name: name,
            value: code,
            'data-testid': 'sandbox-method-' + code,
          });
          input.checked = code === rec.selected;
          input.addEventListener('change', function () {
            if (!input.checked || state.methods !== rec) return;
            rec.selected = code;
            emit(listeners, { code: code });
          });
          return el('label', { class: 'tps-option' }, [input, ' ' + label]);
        }
        var options_ = el('div', { class: 'tps-options' });
        WIDGET_METHODS.forEach(function (code) {
          options_.appendChild(option(code, METHOD_LABELS[code]));
        });
        fieldset.appendChild(options_);
        // Easy pays under `간편결제`; selecting one reports its provider code (d.ts
        // WidgetsPaymentMethodCode lists TOSSPAY, NAVERPAY, KAKAOPAY, ... as method codes).
        var easyPays = el('div', { class: 'tps-options', 'data-testid': 'sandbox-easy-pays' });
        WIDGET_EASY_PAYS.forEach(function (code) {
          easyPays.appendChild(option(code, EASY_PAY_PROVIDERS[code]));
        });
        fieldset.appendChild(el('p', { class: 'tps-legend', text: '간편결제' }));
        fieldset.appendChild(easyPays);
        rec.amountEl = el('strong', { 'data-testid': 'sandbox-widget-amount' });
        rec.root = el(
          'div',
          {
            class: 'tps-widget tps-methods',
            'data-testid': 'sandbox-methods-widget',
            'data-variant-key': opts.variantKey || 'DEFAULT',
          },
          [
            fieldset,
            el('p', { class: 'tps-widget-amount' }, ['결제 금액 ', rec.amountEl]),
            el('p', { class: 'tps-widget-note', text: '토스페이먼츠 샌드박스 결제위젯' }),
          ]
        );
        target.appendChild(rec.root);
        state.methods = rec;
        updateAmountDisplay();

        return {
          on: function (eventName, callback) {
            if (eventName !== 'paymentMethodSelect' || typeof callback !== 'function') {
              throw fail('INVALID_PARAMETER');
            }
            listeners.push(callback);
          },
          // d.ts: `() => Promise<WidgetSelectedPaymentMethod>`: never null. While rendered a
          // method is always selected (see above). After destroy() it rejects with UNKNOWN, the
          // only error the d.ts lists for this method (guess).
          getSelectedPaymentMethod: async function () {
            if (state.methods !== rec) throw fail('UNKNOWN', '결제 UI가 제거되었습니다. (the methods widget was destroyed)');
            return { code: rec.selected };
          },
          destroy: async function () {
            if (rec.root && rec.root.parentNode) rec.root.parentNode.removeChild(rec.root);
            listeners.length = 0;
            if (state.methods === rec) state.methods = null;
          },
        };
      },

      renderAgreement: async function (options) {
        var opts = isObject(options) ? options : {};
        if (!state.amount) throw fail('NOT_SETUP_AMOUNT');
        var target = resolveSelector(opts.selector);
        if (state.agreement) throw fail('AGREEMENT_WIDGET_ALREADY_RENDERED');
        checkVariantKey(opts.variantKey);
        injectStyle();

        var listeners = [];
        var rec = { agreed: false, root: null };
        var input = el('input', { type: 'checkbox', 'data-testid': 'sandbox-agreement' });
        input.addEventListener('change', function () {
          if (state.agreement !== rec) return;
          rec.agreed = input.checked;
          emit(listeners, {
            agreedRequiredTerms: rec.agreed,
            agreements: [{ term: { id: 'sandbox-payment-terms', required: true }, agreed: rec.agreed }],
          });
        });
        rec.root = el(
          'div',
          {
            class: 'tps-widget tps-agreement',
            'data-testid': 'sandbox-agreement-widget',
            'data-variant-key': opts.variantKey || 'DEFAULT',
          },
          [el('label', { class: 'tps-agree' }, [input, ' [필수] 결제 서비스 이용약관 동의'])]
        );
        target.appendChild(rec.root);
        state.agreement = rec;

        return {
          on: function (eventName, callback) {
            if (eventName !== 'agreementStatusChange' || typeof callback !== 'function') {
              throw fail('INVALID_PARAMETER');
            }
            listeners.push(callback);
          },
          destroy: async function () {
            if (rec.root && rec.root.parentNode) rec.root.parentNode.removeChild(rec.root);
            listeners.length = 0;
            if (state.agreement === rec) state.agreement = null;
          },
        };
      },

      requestPayment: async function (request) {
        if (current) throw fail('INVALID_METHOD_TRANSACTION');
        if (!state.amount) throw fail('NOT_SETUP_AMOUNT');
        // With a rendered widget a method is always selected, so this is the "no methods
        // widget" case (guess: the d.ts names NotSelectedPaymentMethodError without saying when).
        if (!state.methods || state.methods.selected === null) throw fail('NOT_SELECTED_PAYMENT_METHOD');
        if (state.agreement && !state.agreement.agreed) throw fail('NEED_AGREEMENT_WITH_REQUIRED_TERMS');
        if (!isObject(request)) throw fail('INVALID_PARAMETERS');
        var redirect = checkPaymentRequest(request);
        var selected = state.methods.selected;
        return runPayment({
          clientKey: clientKey,
          customerKey: customerKey,
          flow: 'WIDGET',
          method: selected,
          easyPay: isEasyPayCode(selected) ? selected : null,
          orderId: request.orderId,
          orderName: request.orderName,
          amount: { value: state.amount.value, currency: state.amount.currency },
          customerName: request.customerName,
          customerEmail: request.customerEmail,
          customerMobilePhone: request.customerMobilePhone,
          metadata: given(request.metadata) ? request.metadata : undefined,
          successUrl: request.successUrl,
          failUrl: request.failUrl,
          redirect: redirect,
        });
      },

      renderPaymentWindow: function () {
        throw fail('UNKNOWN', '샌드박스는 renderPaymentWindow를 지원하지 않습니다. (the sandbox does not emulate renderPaymentWindow)');
      },
    };
    return widgets;
  }

  // ---------------------------------------------------------------------------------------------
  // Payment window (API-individual key)

  function createPayment(clientKey, customerKey) {
    var owner = {};
    return {
      /**
       * d.ts Destroy: closes this instance's open window; its pending requestPayment (or
       * requestBillingAuth) rejects with PaymentRequestAbortedError (code PAYMENT_REQUEST_ABORTED:
       * a guess from the class name). With nothing open the d.ts says both that it throws
       * NoActivePaymentRequestError and that it is safe to call; the stand-in resolves (a guess,
       * CONFORMANCE.md). A window already navigating away is left alone.
       */
      destroy: async function () {
        if (current && current.owner === owner && !current.isBusy) current.abort();
      },

      requestPayment: async function (request) {
        if (current) throw fail('INVALID_METHOD_TRANSACTION');
        if (!isObject(request)) throw fail('INVALID_PARAMETERS');
        if (PAYMENT_METHODS.indexOf(request.method) === -1) throw fail('NOT_SUPPORTED_METHOD');
        var amount = checkAmount(request.amount);
        var redirect = checkPaymentRequest(request);
        // Then the method's own options (order: guess).
        var easyPay = null;
        if (request.method === 'CARD') easyPay = checkCardOptions(request.card);
        if (request.method === 'VIRTUAL_ACCOUNT') checkVirtualAccount(request.virtualAccount);
        if (request.method === 'FOREIGN_EASY_PAY') {
          checkForeignEasyPay(request.foreignEasyPay);
          // d.ts RequestPayment: FOREIGN_EASY_PAY has only a redirect overload.
          if (!redirect) throw fail('NOT_SUPPORTED_PROMISE');
        }
        return runPayment({
          owner: owner,
          clientKey: clientKey,
          customerKey: customerKey,
          flow: 'PAYMENT',
          method: request.method,
          easyPay: easyPay,
          orderId: request.orderId,
          orderName: request.orderName,
          amount: amount,
          customerName: request.customerName,
          customerEmail: request.customerEmail,
          customerMobilePhone: request.customerMobilePhone,
          metadata: given(request.metadata) ? request.metadata : undefined,
          // The sandbox sets the account's deadline from it (Toss's default: 168 hours).
          validHours:
            request.method === 'VIRTUAL_ACCOUNT' && isObject(request.virtualAccount)
              ? request.virtualAccount.validHours
              : undefined,
          successUrl: request.successUrl,
          failUrl: request.failUrl,
          redirect: redirect,
        });
      },

      requestBillingAuth: async function (request) {
        if (current) throw fail('INVALID_METHOD_TRANSACTION');
        if (!isObject(request)) throw fail('INVALID_PARAMETERS');
        if (request.method !== 'CARD' && request.method !== 'TRANSFER') throw fail('NOT_SUPPORTED_METHOD');
        if (customerKey === ANONYMOUS) {
          throw fail(
            'INVALID_CUSTOMER_KEY',
            '자동결제(빌링) 등록에는 TossPayments.ANONYMOUS가 아닌 구매자 ID(customerKey)가 필요합니다.'
          );
        }
        if (!isAbsoluteHttpUrl(request.successUrl)) throw fail('INCORRECT_SUCCESS_URL_FORMAT');
        if (!isAbsoluteHttpUrl(request.failUrl)) throw fail('INCORRECT_FAIL_URL_FORMAT');
        ['customerName', 'customerEmail'].forEach(function (field) {
          if (given(request[field]) && (typeof request[field] !== 'string' || charCount(request[field]) > 100)) {
            throw fail('INVALID_PARAMETERS', field + '은(는) 최대 100자의 문자열이어야 합니다.');
          }
        });
        return runBillingAuth({
          owner: owner,
          clientKey: clientKey,
          customerKey: customerKey,
          method: request.method,
          customerName: request.customerName,
          successUrl: request.successUrl,
          failUrl: request.failUrl,
        });
      },
    };
  }

  // ---------------------------------------------------------------------------------------------
  // BrandPay (API-individual key). Sources: d.ts TossPaymentsBrandpay, BrandpayPaymentRequest,
  // BrandpayRequestPaymentResult; the V2 BrandPay guide for the redirectUrl. CONFORMANCE.md
  // lists what is a guess (the sheet itself, how the redirectUrl is called).

  /**
   * Calls the merchant's redirectUrl after a registration, as the V2 BrandPay guide describes
   * it: `{redirectUrl}?code={CODE}&customerKey={CUSTOMER_KEY}`. Real BrandPay opens it in its
   * own window; the stand-in fetches it from the page (same origin, so the storefront's session
   * cookie goes along) and goes on when it answers 2xx. Resolves {ok} or {ok: false, code, message}.
   */
  function callRedirectUrl(redirectUrl, code, customerKey) {
    if (!redirectUrl) {
      return Promise.resolve({
        ok: false,
        code: 'NOT_REGISTERED_REDIRECT_URL',
        message: MESSAGES.NOT_REGISTERED_REDIRECT_URL,
      });
    }
    return fetch(withQuery(redirectUrl, [['code', code], ['customerKey', customerKey]]), {
      credentials: 'same-origin',
    })
      .then(function (res) {
        if (res.ok) return { ok: true };
        return res
          .json()
          .catch(function () {
            return null;
          })
          .then(function (json) {
            return {
              ok: false,
              code: isObject(json) && typeof json.code === 'string' ? json.code : 'UNKNOWN',
              message: isObject(json) && typeof json.message === 'string' ? json.message : MESSAGES.UNKNOWN,
            };
          });
      })
      .catch(function () {
        return { ok: false, code: 'UNKNOWN', message: MESSAGES.UNKNOWN };
      });
  }

  function createBrandpay(clientKey, customerKey, redirectUrl) {
    var who = { clientKey: clientKey, customerKey: customerKey };

    function status() {
      return callSandbox('/sandbox/sdk/brandpay/status', who);
    }

    /** Registers a method in the sheet and hands its code to the merchant's redirectUrl. */
    function register() {
      return callSandbox('/sandbox/sdk/brandpay/register', who).then(function (r) {
        if (!r.ok) return r;
        return callRedirectUrl(redirectUrl, r.body.code, customerKey).then(function (back) {
          return back.ok ? { ok: true, body: { methodId: r.body.methodId } } : back;
        });
      });
    }

    /**
     * One sheet: `title`, `rows`, `approveText`, and `work(ctl)` run on approve (a promise of
     * {ok, body} / {ok: false, code, message}). Closing it rejects with USER_CANCEL (d.ts: "사용자가
     * … 닫은 경우"); a failed step rejects with its code.
     */
    function sheet(title, rows, approveText, work) {
      if (current) return Promise.reject(fail('INVALID_METHOD_TRANSACTION'));
      return new Promise(function (resolve, reject) {
        openWindow({
          title: title,
          approveText: approveText,
          rows: rows,
          onApprove: function (ctl) {
            ctl.busy('처리 중…');
            work(ctl).then(function (r) {
              if (r && r.navigating) return;
              ctl.close();
              if (r.ok) resolve(r.value);
              else reject(fail(r.code, r.message));
            });
          },
          onCancel: function (ctl) {
            ctl.close();
            reject(fail('USER_CANCEL'));
          },
          onReject: function (ctl) {
            ctl.close();
            reject(fail('USER_CANCEL'));
          },
          onClose: function (ctl) {
            ctl.close();
            reject(fail('USER_CANCEL'));
          },
        });
      });
    }

    return {
      requestPayment: function (request) {
        if (current) return Promise.reject(fail('INVALID_METHOD_TRANSACTION'));
        var amount, redirect;
        try {
          if (!isObject(request)) throw fail('INVALID_PARAMETERS');
          amount = checkAmount(request.amount);
          // d.ts BrandpayAmount: "브랜드페이는 KRW 결제만 지원합니다" (the code is a guess).
          if (amount.currency !== 'KRW') throw fail('INVALID_PARAMETERS', '브랜드페이는 KRW 결제만 지원합니다.');
          redirect = checkPaymentRequest(request);
        } catch (e) {
          return Promise.reject(e);
        }
        var ctx = { orderId: request.orderId, amount: amount };
        return status().then(function (st) {
          var known = st.ok ? st.body : { methods: [], oneTouch: false, authorized: false };
          var method = known.methods.length ? known.methods[0].alias : '새 카드 등록';
          var auth = known.oneTouch && known.methods.length ? 'one-touch' : 'password';
          return new Promise(function (resolve, reject) {
            function toFailUrl(ctl, code, message) {
              ctl.busy('이동 중…');
              navigate(withQuery(request.failUrl, [['code', code], ['message', message], ['orderId', request.orderId]]));
            }
            function failed(ctl, code, message) {
              if (redirect) return toFailUrl(ctl, code, message);
              ctl.close();
              reject(new PaymentRequestFailError(code, message, request.orderId));
            }
            openWindow({
              title: '브랜드페이',
              approveText: auth === 'one-touch' ? '원터치 결제' : '결제하기',
              rows: [
                ['주문명', request.orderName, 'sandbox-window-order-name'],
                ['결제 금액', formatAmount(amount), 'sandbox-window-amount'],
                ['결제수단', method, 'sandbox-brandpay-method'],
                ['인증', auth === 'one-touch' ? '원터치' : '비밀번호', 'sandbox-brandpay-auth'],
              ],
              onApprove: function (ctl) {
                ctl.busy('처리 중…');
                var ready = known.methods.length && known.authorized ? Promise.resolve({ ok: true, body: {} }) : register();
                ready
                  .then(function (r) {
                    if (!r.ok) return r;
                    return callSandbox('/sandbox/sdk/brandpay/authenticate', {
                      clientKey: clientKey,
                      customerKey: customerKey,
                      methodId: given(request.methodId) ? request.methodId : undefined,
                      orderId: request.orderId,
                      orderName: request.orderName,
                      amount: { value: amount.value, currency: amount.currency },
                    });
                  })
                  .then(function (r) {
                    if (!r.ok) return failed(ctl, r.code, r.message);
                    var paymentKey = r.body.paymentKey;
                    if (redirect) {
                      ctl.busy('이동 중…');
                      // d.ts: `{successUrl}?amount={AMOUNT}&orderId={ORDER_ID}&paymentKey={PAYMENT_KEY}`.
                      navigate(withQuery(request.successUrl, [
                        ['amount', amount.value],
                        ['orderId', request.orderId],
                        ['paymentKey', paymentKey],
                      ]));
                      return;
                    }
                    ctl.close();
                    resolve({ paymentKey: paymentKey, orderId: ctx.orderId, amount: { currency: 'KRW', value: amount.value } });
                  });
              },
              onCancel: function (ctl) {
                if (redirect) return toFailUrl(ctl, 'PAY_PROCESS_CANCELED', MESSAGES.PAY_PROCESS_CANCELED);
                ctl.close();
                reject(fail('USER_CANCEL'));
              },
              onReject: function (ctl) {
                if (redirect) return toFailUrl(ctl, 'REJECT_CARD_COMPANY', MESSAGES.REJECT_CARD_COMPANY);
                ctl.close();
                reject(new PaymentRequestFailError('REJECT_CARD_COMPANY', MESSAGES.REJECT_CARD_COMPANY, request.orderId));
              },
              onClose: function (ctl) {
                ctl.close();
                reject(fail('USER_CANCEL'));
              },
            });
          });
        });
      },

      addPaymentMethod: function () {
        return sheet('결제수단 추가', [['등록 수단', '카드', 'sandbox-window-method']], '카드 등록하기', function () {
          return register().then(function (r) {
            return r.ok ? { ok: true, value: undefined } : r;
          });
        });
      },

      changePassword: function () {
        return sheet('비밀번호 변경', [['고객', customerKey, 'sandbox-window-customer']], '변경하기', function () {
          return callSandbox('/sandbox/sdk/brandpay/settings', {
            clientKey: clientKey,
            customerKey: customerKey,
            passwordChanged: true,
          }).then(function (r) {
            return r.ok ? { ok: true, value: undefined } : r;
          });
        });
      },

      openSettings: function () {
        return status().then(function (st) {
          var methods = st.ok ? st.body.methods.map(function (m) { return m.alias; }).join(', ') : '';
          return sheet('브랜드페이 설정', [
            ['결제수단', methods || '없음', 'sandbox-brandpay-methods'],
            ['원터치 결제', st.ok && st.body.oneTouch ? '켜짐' : '꺼짐', 'sandbox-brandpay-one-touch'],
          ], '확인', function () {
            return Promise.resolve({ ok: true, value: undefined });
          });
        });
      },

      changeOneTouchPay: function () {
        return status().then(function (st) {
          var on = st.ok && st.body.oneTouch;
          return sheet('원터치 결제 설정', [['원터치 결제', on ? '켜짐' : '꺼짐', 'sandbox-brandpay-one-touch']], on ? '끄기' : '켜기', function () {
            return callSandbox('/sandbox/sdk/brandpay/settings', {
              clientKey: clientKey,
              customerKey: customerKey,
              oneTouch: !on,
            }).then(function (r) {
              return r.ok ? { ok: true, value: undefined } : r;
            });
          });
        });
      },

      isOneTouchPayEnabled: function () {
        return status().then(function (st) {
          if (!st.ok) throw fail(st.code, st.message);
          // d.ts: NeedAgreementWithTermsError "약관 동의가 필요한 경우": a customer who never
          // registered (agreed to BrandPay's terms).
          if (!st.body.methods.length) throw fail('NEED_AGREEMENT_WITH_TERMS');
          return { isEnabled: !!st.body.oneTouch };
        });
      },

      // d.ts: @ignore (undocumented). The sandbox shows the sheet and records nothing.
      requestBillingAuth: function () {
        return sheet('자동결제 등록', [['고객', customerKey, 'sandbox-window-customer']], '동의하기', function () {
          return Promise.resolve({ ok: true, value: undefined });
        });
      },
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Entry point

  var sandboxHook = { version: VERSION, widgets: [] };

  function TossPayments(clientKey) {
    if (typeof clientKey !== 'string' || !CLIENT_KEY_RE.test(clientKey)) throw fail('INVALID_CLIENT_KEY');
    var isWidgetKey = /^(test|live)_gck_/.test(clientKey);

    return {
      widgets: function (options) {
        if (!isWidgetKey) throw fail('NOT_SUPPORTED_API_INDIVIDUAL_KEY');
        var customerKey = isObject(options) ? options.customerKey : undefined;
        checkCustomerKey(customerKey);
        var w = createWidgets(clientKey, customerKey);
        sandboxHook.widgets.push(w);
        return w;
      },
      payment: function (options) {
        if (isWidgetKey) throw fail('NOT_SUPPORTED_WIDGET_KEY');
        var customerKey = isObject(options) ? options.customerKey : undefined;
        checkCustomerKey(customerKey);
        return createPayment(clientKey, customerKey);
      },
      brandpay: function (options) {
        // d.ts TossPaymentsSDK.brandpay: NotSupportedWidgetKeyError for a widget key.
        if (isWidgetKey) throw fail('NOT_SUPPORTED_WIDGET_KEY');
        var customerKey = isObject(options) ? options.customerKey : undefined;
        checkCustomerKey(customerKey);
        // BrandPay holds a customer's methods: a guest has none (the code is the SDK's
        // INVALID_CUSTOMER_KEY; that brandpay() throws it for ANONYMOUS is a guess).
        if (customerKey === ANONYMOUS) {
          throw fail('INVALID_CUSTOMER_KEY', '브랜드페이에는 TossPayments.ANONYMOUS가 아닌 구매자 ID(customerKey)가 필요합니다.');
        }
        var redirectUrl = isObject(options) ? options.redirectUrl : undefined;
        if (given(redirectUrl) && !isAbsoluteHttpUrl(redirectUrl)) throw fail('INVALID_PARAMETERS', 'redirectUrl은 절대 URL이어야 합니다.');
        return createBrandpay(clientKey, customerKey, redirectUrl);
      },
    };
  }

  TossPayments.ANONYMOUS = ANONYMOUS;
  // Test-only hook: NOT part of the real SDK.
  TossPayments.__sandbox = sandboxHook;

  window.TossPayments = TossPayments;
})();
