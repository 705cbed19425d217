//! Billing: the SDK stand-in's card registrations, billing-key issue and charges.

use super::*;

/// `POST /v1/billing/authorizations/issue` body.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IssueRequest {
    /// From the billing successUrl.
    pub auth_key: String,
    /// From the billing successUrl.
    pub customer_key: String,
}

/// `POST /v1/billing/{billingKey}` body.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChargeRequest {
    /// Must match the key's customer.
    pub customer_key: String,
    /// A JSON integer or a string of digits.
    #[serde(with = "leptos_tosspayments::domain::amount::core_krw")]
    pub amount: Amount,
    /// The merchant's new order id.
    pub order_id: String,
    /// The order name.
    pub order_name: String,
    /// Optional.
    #[serde(default)]
    pub customer_email: Option<String>,
    /// Optional.
    #[serde(default)]
    pub customer_name: Option<String>,
    /// Optional.
    #[serde(default)]
    pub tax_free_amount: Option<i64>,
}

impl Store {
    /// Records a billing authentication from the SDK stand-in; returns the `authKey`.
    pub fn billing_auth(
        &mut self,
        client_key: ClientKey,
        customer_key: CustomerKey,
        method: PaymentMethod,
    ) -> Result<String, ApiError> {
        if customer_key.is_anonymous() {
            return Err(ApiError::invalid_request(
                "billing needs a customer key, not ANONYMOUS",
            ));
        }
        let auth_key = token("bln_");
        self.billing_auths.insert(
            auth_key.clone(),
            BillingAuth {
                client_key,
                customer_key: customer_key.to_string(),
                method,
            },
        );
        Ok(auth_key)
    }

    /// `POST /v1/billing/authorizations/issue`: exchanges a one-time `authKey` for a billing key.
    pub fn issue_billing_key(
        &mut self,
        caller: &ClientKey,
        req: IssueRequest,
        now: OffsetDateTime,
    ) -> Result<Billing, ApiError> {
        // Taken out, checked, and put back if it does not belong to the caller: an authKey is
        // used once, and only by its own customer and key pair.
        let auth = self.billing_auths.remove(&req.auth_key).ok_or_else(|| {
            ApiError::invalid_request(
                "authKey가 없거나 이미 사용되었습니다. (unknown or used authKey)",
            )
        })?;
        let refusal = if &auth.client_key != caller {
            Some(invalid_api_key())
        } else if auth.customer_key != req.customer_key {
            Some(not_matches_customer_key())
        } else {
            None
        };
        if let Some(e) = refusal {
            self.billing_auths.insert(req.auth_key, auth);
            return Err(e);
        }
        let billing_key = token("bk_");
        self.billing_keys.insert(
            billing_key.clone(),
            BillingKey {
                client_key: auth.client_key,
                customer_key: auth.customer_key.clone(),
                method: auth.method.clone(),
            },
        );
        Ok(Billing {
            m_id: self.mid.clone(),
            customer_key: auth.customer_key,
            authenticated_at: api_time(now),
            method: auth.method.korean_label().unwrap_or("카드"),
            billing_key,
            card: Some(serde_json::json!({
                "issuerCode": "71", "acquirerCode": "71", "number": "43301234****123*",
                "cardType": "신용", "ownerType": "개인"
            })),
        })
    }

    /// `DELETE /v1/billing/{billingKey}`: the billing key can no longer be charged. An unknown
    /// (or already deleted) key answers like a charge of one: `INVALID_BILL_KEY_REQUEST`.
    pub fn delete_billing_key(
        &mut self,
        caller: &ClientKey,
        billing_key: &str,
    ) -> Result<serde_json::Value, ApiError> {
        let unknown = || {
            ApiError::new(
                "INVALID_BILL_KEY_REQUEST",
                "빌링키 인증이 완료되지 않았거나 유효하지 않은 빌링 거래 건입니다.",
            )
        };
        let key = match self.billing_keys.remove(billing_key) {
            Some(key) if &key.client_key == caller => key,
            Some(key) => {
                self.billing_keys.insert(billing_key.to_owned(), key);
                return Err(unknown());
            }
            None => return Err(unknown()),
        };
        Ok(serde_json::json!({
            "mId": self.mid, "customerKey": key.customer_key, "billingKey": billing_key,
            "method": key.method.korean_label().unwrap_or("카드"),
        }))
    }

    /// `POST /v1/billing/{billingKey}`: charges a billing key; the payment is `DONE` at once.
    pub fn charge(
        &mut self,
        caller: &ClientKey,
        billing_key: &str,
        req: ChargeRequest,
        now: OffsetDateTime,
    ) -> Result<(Payment, Vec<Event>), ApiError> {
        let key = self.billing_keys.get(billing_key).ok_or_else(|| {
            ApiError::new(
                "INVALID_BILL_KEY_REQUEST",
                "빌링키 인증이 완료되지 않았거나 유효하지 않은 빌링 거래 건입니다.",
            )
        })?;
        if &key.client_key != caller {
            return Err(invalid_api_key());
        }
        if key.customer_key != req.customer_key {
            return Err(not_matches_customer_key());
        }
        let order_id =
            OrderId::parse(&req.order_id).map_err(|e| ApiError::invalid_request(e.to_string()))?;
        let order_name = OrderName::parse(&req.order_name)
            .map_err(|e| ApiError::invalid_request(e.to_string()))?;
        let amount = req.amount;
        check_minimum(&key.method, amount)?;
        if let Some(existing) = self.latest_for_order(order_id.as_str())
            && existing.payment.status != "ABORTED"
        {
            return Err(ApiError::new(
                "DUPLICATED_ORDER_ID",
                "이미 승인 및 취소가 진행된 중복된 주문번호 입니다. 다른 주문번호로 진행해주세요.",
            ));
        }
        let (client_key, customer_key, method) = (
            key.client_key.clone(),
            key.customer_key.clone(),
            key.method.clone(),
        );
        let auth = Authentication {
            client_key: client_key.clone(),
            customer_key: CustomerKey::parse(&customer_key)
                .map_err(|e| ApiError::invalid_request(e.to_string()))?,
            flow: Flow::Payment,
            method: method.clone(),
            order_id,
            order_name,
            amount,
            customer_name: req.customer_name,
            metadata: None,
            valid_hours: None,
        };
        let payment_key = self.authenticate(auth, now)?;
        let record = self.payments.get_mut(&payment_key).ok_or_else(|| {
            ApiError::new(
                "FAILED_INTERNAL_SYSTEM_PROCESSING",
                "sandbox: the new payment vanished",
            )
        })?;
        let p = &mut record.payment;
        p.kind = "BILLING";
        p.status = "DONE";
        p.approved_at = Some(api_time(now));
        p.last_transaction_key = Some(token("txsbx"));
        p.tax_free_amount = req.tax_free_amount.unwrap_or(0).max(0) as u64;
        if method == PaymentMethod::Card {
            p.card = Some(card(p.total_amount));
        }
        // No webhook: "자동결제는 결제 요청에 이어서 승인이 되기 때문에 결제가 완료됐을 때 웹훅을
        // 전송하지 않습니다" (웹훅 이벤트, PAYMENT_STATUS_CHANGED).
        Ok((p.clone(), Vec::new()))
    }
}
