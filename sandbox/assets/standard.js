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
 * Behaviours the public reference does not pin down are listed in SDK-GUESSES.md next to this
 * file. `TossPayments.__sandbox` is a test hook that does not exist in the real SDK.
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
      '구매자 ID(customerKey)가 올바르지 않습니다. 영문 대소문자, 숫자, 특수문자(-, _, =, ., @)로 이루어진 2~50자여야 하며 특수문자를 최소 1개 포함해야 합니다.',
    INSECURE_KEY_USAGE:
      '시크릿 키는 브라우저에서 사용할 수 없습니다. customerKey에 시크릿 키를 넣지 마세요.',
    NOT_SUPPORTED_API_INDIVIDUAL_KEY:
      'API 개별 연동 키(ck)로는 결제위젯을 사용할 수 없습니다. 결제위젯 연동 키(gck)를 사용해주세요.',
    NOT_SUPPORTED_WIDGET_KEY:
      '결제위젯 연동 키(gck)로는 결제창을 사용할 수 없습니다. API 개별 연동 키(ck)를 사용해주세요.',
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
      'metadata는 최대 5개의 키-값 쌍이어야 하며, 키는 최대 40자, 값은 최대 2000자의 문자열이어야 합니다.',
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
  var CUSTOMER_KEY_RE = /^[A-Za-z0-9\-_=.@]{2,50}$/;
  var CUSTOMER_KEY_SPECIAL_RE = /[\-_=.@]/;
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
      !CUSTOMER_KEY_RE.test(customerKey) ||
      !CUSTOMER_KEY_SPECIAL_RE.test(customerKey)
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
    if (!Number.isSafeInteger(value)) throw fail('INVALID_AMOUNT_VALUE');
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
    if (!isObject(metadata)) throw fail('INVALID_METADATA');
    var keys = Object.keys(metadata);
    if (keys.length > 5) throw fail('INVALID_METADATA');
    keys.forEach(function (key) {
      var v = metadata[key];
      if (charCount(key) > 40 || typeof v !== 'string' || charCount(v) > 2000) {
        throw fail('INVALID_METADATA');
      }
    });
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
  var WIDGET_METHODS = ['CARD', 'VIRTUAL_ACCOUNT', 'TRANSFER', 'MOBILE_PHONE'];
  var PAYMENT_METHODS = Object.keys(METHOD_LABELS);

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
   * Runs a payment through the modal. ctx: {clientKey, customerKey, flow, method, orderId,
   * orderName, amount, customerName, customerEmail, customerMobilePhone, metadata, successUrl,
   * failUrl, redirect}. Redirect mode never settles (the page navigates away) except on close.
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
          ['결제수단', METHOD_LABELS[ctx.method] || ctx.method, 'sandbox-window-method'],
        ],
        onApprove: function (ctl) {
          ctl.busy('처리 중…');
          callSandbox('/sandbox/sdk/authenticate', {
            clientKey: ctx.clientKey,
            customerKey: ctx.customerKey,
            flow: ctx.flow,
            method: ctx.method,
            orderId: ctx.orderId,
            orderName: ctx.orderName,
            amount: { value: ctx.amount.value, currency: ctx.amount.currency },
            customerName: ctx.customerName,
            customerEmail: ctx.customerEmail,
            customerMobilePhone: ctx.customerMobilePhone,
            metadata: ctx.metadata,
          }).then(function (r) {
            var paymentKey = r.ok ? r.body.paymentKey : null;
            if (r.ok && typeof paymentKey !== 'string') {
              r = { ok: false, code: 'PAY_PROCESS_ABORTED', message: MESSAGES.PAY_PROCESS_ABORTED };
            }
            if (ctx.redirect) {
              if (!r.ok) return toFailUrl(ctl, r.code, r.message);
              ctl.busy('이동 중…');
              navigate(
                withQuery(ctx.successUrl, [
                  ['paymentType', 'NORMAL'],
                  ['orderId', ctx.orderId],
                  ['paymentKey', paymentKey],
                  ['amount', ctx.amount.value],
                ])
              );
              return;
            }
            ctl.close();
            if (!r.ok) {
              reject(new PaymentRequestFailError(r.code, r.message, ctx.orderId));
              return;
            }
            resolve({
              paymentType: 'NORMAL',
              paymentKey: paymentKey,
              orderId: ctx.orderId,
              amount: { value: ctx.amount.value, currency: ctx.amount.currency },
            });
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
        var rec = { selected: null, amountEl: null, root: null, listeners: listeners };
        var fieldset = el('fieldset', { class: 'tps-fieldset' }, [
          el('legend', { class: 'tps-legend', text: '결제 방법' }),
        ]);
        var options_ = el('div', { class: 'tps-options' });
        WIDGET_METHODS.forEach(function (code) {
          var input = el('input', {
            type: 'radio',
            name: name,
            value: code,
            'data-testid': 'sandbox-method-' + code,
          });
          input.addEventListener('change', function () {
            if (!input.checked || state.methods !== rec) return;
            rec.selected = code;
            emit(listeners, { code: code });
          });
          options_.appendChild(el('label', { class: 'tps-option' }, [input, ' ' + METHOD_LABELS[code]]));
        });
        fieldset.appendChild(options_);
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
          getSelectedPaymentMethod: async function () {
            if (state.methods !== rec || rec.selected === null) return null;
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
        if (!state.methods || state.methods.selected === null) throw fail('NOT_SELECTED_PAYMENT_METHOD');
        if (state.agreement && !state.agreement.agreed) throw fail('NEED_AGREEMENT_WITH_REQUIRED_TERMS');
        if (!isObject(request)) throw fail('INVALID_PARAMETERS');
        var redirect = checkPaymentRequest(request);
        return runPayment({
          clientKey: clientKey,
          customerKey: customerKey,
          flow: 'WIDGET',
          method: state.methods.selected,
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
    return {
      requestPayment: async function (request) {
        if (current) throw fail('INVALID_METHOD_TRANSACTION');
        if (!isObject(request)) throw fail('INVALID_PARAMETERS');
        if (PAYMENT_METHODS.indexOf(request.method) === -1) throw fail('NOT_SUPPORTED_METHOD');
        var amount = checkAmount(request.amount);
        var redirect = checkPaymentRequest(request);
        if (!redirect && request.method === 'FOREIGN_EASY_PAY') throw fail('NOT_SUPPORTED_PROMISE');
        return runPayment({
          clientKey: clientKey,
          customerKey: customerKey,
          flow: 'PAYMENT',
          method: request.method,
          orderId: request.orderId,
          orderName: request.orderName,
          amount: amount,
          customerName: request.customerName,
          customerEmail: request.customerEmail,
          customerMobilePhone: request.customerMobilePhone,
          metadata: given(request.metadata) ? request.metadata : undefined,
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
      brandpay: function () {
        throw fail(
          'UNKNOWN',
          '샌드박스는 브랜드페이를 지원하지 않습니다. (the sandbox does not emulate brandpay)'
        );
      },
    };
  }

  TossPayments.ANONYMOUS = ANONYMOUS;
  // Test-only hook: NOT part of the real SDK.
  TossPayments.__sandbox = sandboxHook;

  window.TossPayments = TossPayments;
})();
