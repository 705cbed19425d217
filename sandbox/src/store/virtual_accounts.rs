//! Virtual accounts: deposits, deadlines and reversed deposits.

use super::*;

impl Store {
    /// Sandbox control: the buyer wires the money into the order's virtual account:
    /// `WAITING_FOR_DEPOSIT` → `DONE`, with `DEPOSIT_CALLBACK` and `PAYMENT_STATUS_CHANGED`.
    /// Refused once the deadline has passed ("`dueDate`이 지난 시점에 입금을 시도하면 실패합니다",
    /// Core API, virtual accounts).
    pub fn deposit(
        &mut self,
        order_id: &str,
        now: OffsetDateTime,
    ) -> Result<(Payment, Vec<Event>), ApiError> {
        self.pass_deadlines(now);
        let record = self.virtual_account_in(order_id, "WAITING_FOR_DEPOSIT")?;
        if record.due.is_some_and(|due| due <= now) {
            return Err(ApiError::invalid_request(
                "입금 기한이 지났습니다. (the virtual account's deadline has passed: the deposit fails)",
            ));
        }
        Ok(move_to(record, "DONE", now))
    }

    /// Sandbox control: the virtual account's deadline passes without a deposit. Toss leaves
    /// the payment `WAITING_FOR_DEPOSIT` and sends no webhook ("입금 기한 만료 →
    /// WAITING_FOR_DEPOSIT", noWebhook, on the 웹훅 이벤트 page); `virtualAccount.expired`
    /// turns `true` unless [`SandboxConfig::va_deadline_sets_expired`] is off. The deadline
    /// is moved to `now` and passes as any deadline does.
    pub fn expire_deposit(
        &mut self,
        order_id: &str,
        now: OffsetDateTime,
    ) -> Result<(Payment, Vec<Event>), ApiError> {
        let sets_expired = self.va_deadline_sets_expired;
        let record = self.virtual_account_in(order_id, "WAITING_FOR_DEPOSIT")?;
        record.due = Some(now);
        if sets_expired && let Some(va) = record.payment.virtual_account.as_mut() {
            va.due_date = api_time(now);
        }
        let key = record.payment.payment_key.clone();
        self.deadlines.insert((now, key.clone()));
        self.pass_deadlines(now);
        let payment = self.payments.get(&key).ok_or_else(not_found)?;
        Ok((payment.payment.clone(), Vec::new()))
    }

    /// Sandbox control: the bank reverses a deposit (a transfer-limit or network error):
    /// `DONE` → `WAITING_FOR_DEPOSIT`, with `DEPOSIT_CALLBACK` and `PAYMENT_STATUS_CHANGED`
    /// ("입금 오류가 일어나면 결제 상태가 `DONE`에서 `WAITING_FOR_DEPOSIT`으로 변경됩니다",
    /// 웹훅 이벤트, DEPOSIT_CALLBACK). The buyer may deposit again before the deadline.
    pub fn reverse_deposit(
        &mut self,
        order_id: &str,
        now: OffsetDateTime,
    ) -> Result<(Payment, Vec<Event>), ApiError> {
        let record = self.virtual_account_in(order_id, "DONE")?;
        Ok(move_to(record, "WAITING_FOR_DEPOSIT", now))
    }

    /// The latest payment of `order_id`, which must be a virtual account in `status`.
    fn virtual_account_in(
        &mut self,
        order_id: &str,
        status: &str,
    ) -> Result<&mut Record, ApiError> {
        let record = self.virtual_account_of(order_id)?;
        if record.payment.status != status {
            return Err(ApiError::invalid_request(format!(
                "the order's virtual account is {}, not {status}",
                record.payment.status
            )));
        }
        Ok(record)
    }

    /// The latest payment of `order_id`, which must be a virtual account.
    fn virtual_account_of(&mut self, order_id: &str) -> Result<&mut Record, ApiError> {
        let key = self
            .by_order
            .get(order_id)
            .and_then(|keys| keys.last())
            .cloned()
            .ok_or_else(not_found)?;
        let record = self.payments.get_mut(&key).ok_or_else(not_found)?;
        if record.method != PaymentMethod::VirtualAccount {
            return Err(ApiError::invalid_request(
                "the order's payment is not a virtual account",
            ));
        }
        Ok(record)
    }

    /// Virtual accounts whose deadline has passed: no webhook, the payment stays
    /// `WAITING_FOR_DEPOSIT`, `virtualAccount.expired` turns `true` (if configured).
    pub(super) fn pass_deadlines(&mut self, now: OffsetDateTime) {
        while let Some((due, _)) = self.deadlines.first() {
            if now < *due {
                break;
            }
            let Some((_, key)) = self.deadlines.pop_first() else {
                break;
            };
            if let Some(r) = self.payments.get_mut(&key)
                && r.payment.status == "WAITING_FOR_DEPOSIT"
                && self.va_deadline_sets_expired
                && let Some(va) = r.payment.virtual_account.as_mut()
            {
                va.expired = true;
            }
        }
    }
}

/// A virtual account's deposit arrives or is reversed: a new transaction moves the payment to
/// `status`, with `DEPOSIT_CALLBACK` and `PAYMENT_STATUS_CHANGED`.
fn move_to(
    record: &mut Record,
    status: &'static str,
    now: OffsetDateTime,
) -> (Payment, Vec<Event>) {
    let p = &mut record.payment;
    p.last_transaction_key = Some(token("txsbx"));
    p.status = status;
    let payment = p.clone();
    (
        payment.clone(),
        vec![
            Event::deposit_callback(&payment, now),
            Event::payment_status_changed(payment),
        ],
    )
}
