/*
 * The PortOne (i'mport) V1 JavaScript SDK stand-in, served by the sandbox at /v1/iamport.js
 * (PortOne serves it at https://cdn.iamport.kr/v1/iamport.js).
 *
 * window.IMP = { init(code), agency(code, tier), request_pay(params, callback?) }, as
 * iamport-typings declares it (request_pay returns nothing; the answer comes to the callback).
 * request_pay opens the sandbox's payment window (approve, fail, cancel). On a desktop
 * browser the callback receives {success, imp_success, imp_uid, merchant_uid, error_code?,
 * error_msg?} (with Toss Payments PortOne reports only those; the rest is read from
 * GET /payments/{imp_uid}); on a mobile browser with m_redirect_url the page goes there with
 * imp_uid, merchant_uid, imp_success (and error_code, error_msg on failure) in the query, and
 * the callback is never called. The sandbox decides what is valid (one verdict with the REST
 * stand-in). window.IMP_SANDBOX_CHANNEL = 'mobile' makes a desktop browser behave as a mobile
 * one. CONFORMANCE.md lists what is a guess.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var ORIGIN = script && script.src ? new URL(script.src).origin : window.location.origin;
  var merchant = null;

  function mobile() {
    return window.IMP_SANDBOX_CHANNEL === 'mobile' || /Mobi|Android|iPhone|iPad/.test(navigator.userAgent);
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      e.setAttribute(k, attrs[k]);
    });
    if (text) e.textContent = text;
    return e;
  }

  function finish(params, callback, answer) {
    var failed = answer.status === 'failed' || !answer.imp_uid;
    var response = {
      success: !failed,
      imp_success: !failed,
      imp_uid: answer.imp_uid || null,
      merchant_uid: answer.merchant_uid || params.merchant_uid,
    };
    if (failed) {
      response.error_code = answer.error_code || 'F400';
      response.error_msg = answer.error_msg || answer.message || '결제에 실패했습니다.';
    }
    if (mobile() && params.m_redirect_url) {
      var query = new URLSearchParams();
      if (response.imp_uid) query.set('imp_uid', response.imp_uid);
      query.set('merchant_uid', response.merchant_uid);
      query.set('imp_success', String(response.imp_success));
      if (failed) {
        query.set('error_code', response.error_code);
        query.set('error_msg', response.error_msg);
      }
      var url = params.m_redirect_url;
      window.location.href = url + (url.indexOf('?') >= 0 ? '&' : '?') + query.toString();
      return;
    }
    if (typeof callback === 'function') callback(response);
  }

  function sheet(params, callback) {
    var overlay = el('div', {
      'data-testid': 'sandbox-portone',
      role: 'dialog',
      'aria-modal': 'true',
      style: 'position:fixed;inset:0;background:rgba(0,0,0,.45);display:flex;align-items:center;justify-content:center;z-index:2147483647',
    });
    var panel = el('div', {
      style: 'background:#fff;width:100%;max-width:26rem;border-radius:12px;padding:24px;font-family:sans-serif',
    });
    panel.appendChild(el('h2', {}, 'PortOne · 토스페이먼츠'));
    panel.appendChild(el('p', { 'data-testid': 'sandbox-badge' }, 'SANDBOX — no real payment'));
    panel.appendChild(el('p', { 'data-testid': 'sandbox-portone-name' }, String(params.name || '')));
    panel.appendChild(el('p', { 'data-testid': 'sandbox-portone-amount' }, String(params.amount) + '원'));
    var buttons = [
      ['approve', params.customer_uid ? '카드 등록' : '결제하기'],
      ['fail', '승인 거절'],
      ['cancel', '닫기'],
    ];
    overlay.appendChild(panel);
    document.body.appendChild(overlay);
    buttons.forEach(function (b) {
      var button = el('button', { type: 'button', 'data-testid': 'sandbox-' + b[0] }, b[1]);
      panel.appendChild(button);
      button.addEventListener('click', function () {
        panel.querySelectorAll('button').forEach(function (x) {
          x.disabled = true;
        });
        var body = {};
        Object.keys(params).forEach(function (k) {
          body[k] = params[k];
        });
        body.outcome = b[0];
        body.channel = mobile() ? 'mobile' : 'pc';
        fetch(ORIGIN + '/sandbox/portone/pay', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
          credentials: 'omit',
        })
          .then(function (r) {
            return r.json();
          })
          .catch(function () {
            return { message: 'sandbox unreachable' };
          })
          .then(function (answer) {
            if (overlay.parentNode) overlay.parentNode.removeChild(overlay);
            finish(params, callback, answer);
          });
      });
    });
  }

  window.IMP = {
    init: function (code) {
      merchant = String(code);
    },
    agency: function (code) {
      merchant = String(code);
    },
    request_pay: function (params, callback) {
      if (!merchant) {
        finish(params || {}, callback, { message: 'IMP.init(가맹점 식별코드)를 먼저 호출하세요.' });
        return;
      }
      sheet(params || {}, callback);
    },
  };
})();
