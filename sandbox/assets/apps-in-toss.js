/*
 * The Apps-in-Toss bridge stand-in, served by the sandbox at /apps-in-toss/bridge.js.
 *
 * Inside the Toss app, a mini-app's `checkoutPayment` (from @apps-in-toss/web-framework, which
 * re-exports @apps-in-toss/web-bridge) posts
 *   window.ReactNativeWebView.postMessage(JSON.stringify({type: "method",
 *     functionName: "checkoutPayment", eventId, args: [{params: {payToken}}]}))
 * and waits for the app to emit "checkoutPayment/resolve/<eventId>" with {success, reason?} (or
 * ".../reject/<eventId>") on window.__GRANITE_NATIVE_EMITTER (@apps-in-toss/bridge-core 2.10.8,
 * createAsyncBridge). This file plays the app: it answers that message with a sheet (approve /
 * cancel). It also defines window.AppsInTossSandbox.checkoutPayment, which speaks the same
 * protocol the real module does, for a storefront that has no npm bundle (a Rust/wasm one).
 * Approving marks the payToken approved in the sandbox's Toss Pay store. It also plays Toss
 * login's outcome: the signed-in Toss user is the `ait_sandbox_user` cookie (see signIn below).
 * CONFORMANCE.md lists what is a guess.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var ORIGIN = script && script.src ? new URL(script.src).origin : window.location.origin;

  function emitter() {
    var listeners = {};
    return {
      on: function (name, cb) {
        (listeners[name] = listeners[name] || []).push(cb);
        return function () {
          listeners[name] = (listeners[name] || []).filter(function (x) {
            return x !== cb;
          });
        };
      },
      emit: function (name, data) {
        (listeners[name] || []).slice().forEach(function (cb) {
          cb(data);
        });
      },
    };
  }
  var events = (window.__GRANITE_NATIVE_EMITTER = window.__GRANITE_NATIVE_EMITTER || emitter());

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      e.setAttribute(k, attrs[k]);
    });
    if (text) e.textContent = text;
    return e;
  }

  /** Toss Pay's sheet inside the app: approve or cancel; answers on the emitter. */
  function sheet(eventId, options) {
    var resolve = function (data) {
      events.emit('checkoutPayment/resolve/' + eventId, data);
    };
    var params = options && options.params;
    if (!params || typeof params.payToken !== 'string' || !params.payToken) {
      // The app's answer to a call without params.payToken is not documented (a guess).
      events.emit('checkoutPayment/reject/' + eventId, {
        __isError: true,
        message: 'checkoutPayment needs { params: { payToken } }',
      });
      return;
    }
    var overlay = el('div', {
      'data-testid': 'sandbox-apps-in-toss',
      role: 'dialog',
      'aria-modal': 'true',
      style: 'position:fixed;inset:0;background:rgba(0,0,0,.4);display:flex;align-items:flex-end;justify-content:center;z-index:2147483647',
    });
    var panel = el('div', {
      style: 'background:#fff;width:100%;max-width:28rem;border-radius:16px 16px 0 0;padding:24px;font-family:sans-serif',
    });
    panel.appendChild(el('h2', {}, '토스페이'));
    panel.appendChild(el('p', { 'data-testid': 'sandbox-badge' }, 'SANDBOX — Apps-in-Toss, no real payment'));
    var approve = el('button', { type: 'button', 'data-testid': 'sandbox-approve' }, '결제하기');
    var cancel = el('button', { type: 'button', 'data-testid': 'sandbox-cancel' }, '닫기');
    panel.appendChild(approve);
    panel.appendChild(cancel);
    overlay.appendChild(panel);
    document.body.appendChild(overlay);
    var close = function () {
      if (overlay.parentNode) overlay.parentNode.removeChild(overlay);
    };
    cancel.addEventListener('click', function () {
      close();
      // The community devtools resolve a failure as {success: false, reason}; the wording is ours.
      resolve({ success: false, reason: '사용자가 결제를 취소했어요.' });
    });
    approve.addEventListener('click', function () {
      approve.disabled = true;
      fetch(ORIGIN + '/sandbox/apps-in-toss/approve', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ payToken: params.payToken }),
        credentials: 'omit',
      })
        .then(function (r) {
          return r.json().then(function (body) {
            return { ok: r.ok, body: body };
          });
        })
        .catch(function () {
          return { ok: false, body: { message: 'sandbox unreachable' } };
        })
        .then(function (r) {
          close();
          // Success carries no reason (the community devtools resolve exactly {success: true}).
          resolve(r.ok ? { success: true } : { success: false, reason: (r.body && r.body.message) || '결제 인증에 실패했어요.' });
        });
    });
  }

  // The app's side of the web view.
  window.ReactNativeWebView = window.ReactNativeWebView || {
    postMessage: function (text) {
      var message;
      try {
        message = JSON.parse(text);
      } catch (e) {
        return;
      }
      if (message && message.type === 'method' && message.functionName === 'checkoutPayment') {
        sheet(message.eventId, (message.args || [])[0]);
      }
    },
  };

  // The Toss app has its user signed in: the stand-in's Toss login is a first-party cookie
  // (`ait_sandbox_user`, the userKey) that the companion server's SandboxTossLogin reads. The
  // script's `data-toss-user` picks the user; one is made per browser otherwise.
  var signedIn = (function signIn() {
    var wanted = script && script.getAttribute('data-toss-user');
    var current = (document.cookie.match(/(?:^|;\s*)ait_sandbox_user=([A-Za-z0-9_-]{1,64})/) || [])[1];
    var user = wanted || current || String(400000000 + Math.floor(Math.random() * 99999999));
    if (user !== current) {
      document.cookie = 'ait_sandbox_user=' + user + '; path=/; SameSite=Lax';
    }
    return user;
  })();

  var next = 0;
  // The web side, as @apps-in-toss/bridge-core's createAsyncBridge("checkoutPayment") does it.
  window.AppsInTossSandbox = {
    /** The Toss user signed in (the sandbox's Toss login). */
    userKey: signedIn,
    checkoutPayment: function () {
      var args = Array.prototype.slice.call(arguments);
      var eventId = 'sbx-' + Date.now().toString(36) + '-' + next++;
      return new Promise(function (resolve, reject) {
        var offs = [];
        var done = function () {
          offs.forEach(function (off) {
            off();
          });
        };
        offs.push(events.on('checkoutPayment/resolve/' + eventId, function (data) {
          done();
          resolve(data);
        }));
        offs.push(events.on('checkoutPayment/reject/' + eventId, function (error) {
          done();
          reject(new Error((error && error.message) || 'rejected'));
        }));
        window.ReactNativeWebView.postMessage(
          JSON.stringify({ type: 'method', functionName: 'checkoutPayment', eventId: eventId, args: args })
        );
      });
    },
  };
})();
