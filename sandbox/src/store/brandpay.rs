//! BrandPay: the customers whose methods the BrandPay sheet registered, the authorization
//! codes the merchant's `redirectUrl` receives, the access tokens they are exchanged for, and
//! BrandPay's confirm.
//!
//! Sources (CONFORMANCE.md, "BrandPay"): the access-token API and the BrandPay confirm are in
//! Toss's BrandPay API reference (`docs.tosspayments.com/reference/brandpay`); the redirect
//! with `?code&customerKey` is in the V2 BrandPay guide (`guides/v2/brandpay/auth`); the
//! confirm body `{paymentKey, amount, customerKey, orderId}` is also in Toss's official sample
//! (`tosspayments-sample`, `express-javascript/server.js`). The error codes of a wrong code,
//! refresh token or customer are not documented: they are guesses, marked where they are made.

use super::*;

/// `POST /v1/brandpay/authorizations/access-token`'s body.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessTokenRequest {
    /// The customer.
    pub customer_key: String,
    /// `AuthorizationCode` or `RefreshToken`.
    pub grant_type: String,
    /// Required with `AuthorizationCode`: the code the redirectUrl received.
    #[serde(default)]
    pub code: Option<String>,
    /// Required with `RefreshToken`.
    #[serde(default)]
    pub refresh_token: Option<String>,
}

/// The AccessToken object: `{accessToken, refreshToken, tokenType: "bearer", expiresIn}`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessToken {
    /// Tied to the customer; unchanged until refreshed.
    pub access_token: String,
    /// Renews the access token.
    pub refresh_token: String,
    /// Always `bearer`.
    pub token_type: &'static str,
    /// Seconds (the reference's example: 2592000, 30 days).
    pub expires_in: u64,
}

/// `POST /v1/brandpay/payments/confirm`'s body (all required).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BrandpayConfirmRequest {
    /// From the successUrl (or the promise's result).
    pub payment_key: String,
    /// A JSON integer.
    #[serde(with = "leptos_tosspayments::domain::amount::core_krw")]
    pub amount: Amount,
    /// The BrandPay customer; must be the one who paid.
    pub customer_key: String,
    /// The order.
    pub order_id: String,
}

/// What the SDK stand-in reports when the buyer pays in the BrandPay sheet.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BrandpayAuthentication {
    /// The key of `TossPayments(clientKey)`.
    pub client_key: ClientKey,
    /// The key of `brandpay({customerKey})`.
    pub customer_key: CustomerKey,
    /// The registered method paid with; the first one when absent.
    #[serde(default)]
    pub method_id: Option<String>,
    /// The order id passed to `requestPayment`.
    pub order_id: OrderId,
    /// The order name.
    pub order_name: OrderName,
    /// `{value, currency: "KRW"}`.
    pub amount: Amount,
}

/// A method registered in BrandPay.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BrandpayMethod {
    /// Its id (`methodId` of `requestPayment`).
    pub id: String,
    /// What the sheet shows.
    pub alias: String,
}

/// One BrandPay customer of one merchant.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BrandpayCustomer {
    /// Registered methods.
    pub methods: Vec<BrandpayMethod>,
    /// Whether one-touch pay (pay without the password) is on.
    pub one_touch: bool,
    /// Whether the merchant's server exchanged a code for this customer.
    pub authorized: bool,
    /// How many times the password was changed (the sheet's "change password").
    pub password_changes: u32,
    #[serde(skip)]
    access_token: Option<String>,
    #[serde(skip)]
    refresh_token: Option<String>,
}

/// An authorization code waiting for the merchant's exchange.
#[derive(Debug, Clone)]
pub struct BrandpayCode {
    client_key: ClientKey,
    customer_key: String,
}

/// The BrandPay side of the store.
#[derive(Debug, Clone, Default)]
pub struct Brandpay {
    customers: HashMap<(String, String), BrandpayCustomer>,
    codes: HashMap<String, BrandpayCode>,
}

/// A guess (CONFORMANCE.md): Toss documents no code for a wrong authorization code, refresh
/// token or grant type at this API.
fn invalid_grant(message: &str) -> ApiError {
    ApiError::invalid_request(message)
}

impl Store {
    fn brandpay_customer(&mut self, client: &ClientKey, customer: &str) -> &mut BrandpayCustomer {
        self.brandpay
            .customers
            .entry((client.as_str().to_owned(), customer.to_owned()))
            .or_default()
    }

    /// The BrandPay sheet registered a card for `customer` (terms agreed, password set): the
    /// method's id and the authorization code the SDK passes to the merchant's `redirectUrl`.
    /// `ANONYMOUS` cannot hold BrandPay methods (the SDK's `INVALID_CUSTOMER_KEY`).
    pub fn brandpay_register(
        &mut self,
        client: &ClientKey,
        customer: &CustomerKey,
    ) -> Result<(String, String), ApiError> {
        if customer.is_anonymous() {
            return Err(ApiError::new(
                "INVALID_CUSTOMER_KEY",
                "브랜드페이는 비회원(ANONYMOUS)으로 사용할 수 없습니다. (BrandPay needs a customer, not ANONYMOUS)",
            ));
        }
        let code = token("bpc_");
        let method = {
            let c = self.brandpay_customer(client, customer.as_str());
            let method = BrandpayMethod {
                id: token("bpm_"),
                alias: format!("샌드박스카드 {}", 1000 + c.methods.len()),
            };
            c.methods.push(method.clone());
            method
        };
        self.brandpay.codes.insert(
            code.clone(),
            BrandpayCode {
                client_key: client.clone(),
                customer_key: customer.to_string(),
            },
        );
        Ok((code, method.id))
    }

    /// What the sheet knows of `customer` (its methods, one-touch, whether the merchant
    /// exchanged a code).
    pub fn brandpay_status(&mut self, client: &ClientKey, customer: &str) -> BrandpayCustomer {
        self.brandpay_customer(client, customer).clone()
    }

    /// The sheet's one-touch switch (`changeOneTouchPay`), or its password change.
    pub fn brandpay_settings(
        &mut self,
        client: &ClientKey,
        customer: &str,
        one_touch: Option<bool>,
        password_changed: bool,
    ) -> BrandpayCustomer {
        let c = self.brandpay_customer(client, customer);
        if let Some(on) = one_touch {
            c.one_touch = on;
        }
        if password_changed {
            c.password_changes += 1;
        }
        c.clone()
    }

    /// `POST /v1/brandpay/authorizations/access-token`: exchanges a code (once) or a refresh
    /// token. `caller` is the secret key's client key: a code of another merchant is unknown.
    pub fn brandpay_access_token(
        &mut self,
        caller: &ClientKey,
        req: AccessTokenRequest,
    ) -> Result<AccessToken, ApiError> {
        let customer = req.customer_key.clone();
        let fresh = |c: &mut BrandpayCustomer, renew: bool| {
            // The access token "does not change unless the customer leaves or it is renewed
            // with the refresh token" (reference, AccessToken object).
            if renew || c.access_token.is_none() {
                c.access_token = Some(token("bpat_"));
                c.refresh_token = Some(token("bprt_"));
            }
            c.authorized = true;
            AccessToken {
                access_token: c.access_token.clone().unwrap_or_default(),
                refresh_token: c.refresh_token.clone().unwrap_or_default(),
                token_type: "bearer",
                expires_in: 2_592_000,
            }
        };
        match req.grant_type.as_str() {
            "AuthorizationCode" => {
                let code = req.code.as_deref().ok_or_else(|| {
                    ApiError::invalid_request(
                        "grantType이 AuthorizationCode이면 code가 필요합니다. (code is required)",
                    )
                })?;
                match self.brandpay.codes.get(code) {
                    Some(c) if &c.client_key == caller && c.customer_key == customer => {}
                    _ => {
                        return Err(invalid_grant(
                            "유효하지 않은 code입니다. (sandbox: no such code for this merchant and customer, or it was used)",
                        ));
                    }
                }
                self.brandpay.codes.remove(code);
                Ok(fresh(self.brandpay_customer(caller, &customer), false))
            }
            "RefreshToken" => {
                let given = req.refresh_token.as_deref().ok_or_else(|| {
                    ApiError::invalid_request("grantType이 RefreshToken이면 refreshToken이 필요합니다. (refreshToken is required)")
                })?;
                let c = self.brandpay_customer(caller, &customer);
                if c.refresh_token.as_deref() != Some(given) {
                    return Err(invalid_grant(
                        "유효하지 않은 refreshToken입니다. (sandbox: not this customer's refresh token)",
                    ));
                }
                Ok(fresh(c, true))
            }
            other => Err(ApiError::invalid_request(format!(
                "grantType은 AuthorizationCode, RefreshToken 중 하나입니다. (got {other:?})"
            ))),
        }
    }

    /// The buyer paid in the BrandPay sheet with a registered method: a `BRANDPAY` card
    /// payment, `IN_PROGRESS` until the merchant confirms it with the BrandPay confirm. The
    /// customer must have a method, and the merchant must have exchanged a code for them (the
    /// SDK sends the buyer through the redirectUrl first).
    pub fn brandpay_authenticate(
        &mut self,
        a: BrandpayAuthentication,
        now: OffsetDateTime,
    ) -> Result<String, ApiError> {
        let status = self.brandpay_status(&a.client_key, a.customer_key.as_str());
        let known = match &a.method_id {
            Some(id) => status.methods.iter().any(|m| &m.id == id),
            None => !status.methods.is_empty(),
        };
        if !known || !status.authorized {
            return Err(ApiError::new(
                "NOT_FOUND_METHOD",
                "등록된 결제수단을 찾을 수 없습니다. (no registered BrandPay method for this customer, or the merchant never exchanged its code)",
            ));
        }
        let payment_key = self.authenticate(
            Authentication {
                client_key: a.client_key,
                customer_key: a.customer_key,
                flow: Flow::Payment,
                method: PaymentMethod::Card,
                order_id: a.order_id,
                order_name: a.order_name,
                amount: a.amount,
                customer_name: None,
                metadata: None,
                valid_hours: None,
            },
            now,
        )?;
        if let Some(record) = self.payments.get_mut(&payment_key) {
            record.payment.kind = "BRANDPAY";
        }
        Ok(payment_key)
    }

    /// `POST /v1/brandpay/payments/confirm`: confirms a BrandPay payment for the customer
    /// who paid it.
    pub fn brandpay_confirm(
        &mut self,
        caller: &ClientKey,
        req: BrandpayConfirmRequest,
        now: OffsetDateTime,
    ) -> Result<(Payment, Vec<Event>), ApiError> {
        if let Some(record) = self.payments.get(&req.payment_key) {
            // Guesses (CONFORMANCE.md): the codes of a normal payment sent to the BrandPay
            // confirm, and of another customer's key, are not documented.
            if record.payment.kind != "BRANDPAY" {
                return Err(ApiError::invalid_request(
                    "브랜드페이 결제가 아닙니다. (sandbox: not a BrandPay payment; confirm it with /v1/payments/confirm)",
                ));
            }
            if record.customer_key != req.customer_key {
                return Err(ApiError::invalid_request(
                    "customerKey가 결제한 고객과 다릅니다. (sandbox: customerKey differs from the paying customer)",
                ));
            }
        }
        self.confirm(
            caller,
            ConfirmRequest {
                payment_key: req.payment_key,
                order_id: req.order_id,
                amount: req.amount,
            },
            now,
        )
    }
}
