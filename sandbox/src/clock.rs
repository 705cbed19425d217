//! The sandbox's clock: the system time plus an offset that tests move forward, so session
//! windows, virtual-account due dates and idempotency expiry can be tested without sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use time::{OffsetDateTime, UtcOffset};

/// Korea Standard Time, the offset Toss writes in every timestamp.
pub const KST: UtcOffset = match UtcOffset::from_hms(9, 0, 0) {
    Ok(o) => o,
    Err(_) => panic!("+09:00 is a valid offset"),
};

/// A shareable clock. Cloning shares the offset.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    /// The system clock, not moved.
    pub fn system() -> Self {
        Clock::default()
    }

    /// The current time in Korea Standard Time.
    pub fn now(&self) -> OffsetDateTime {
        let offset = time::Duration::milliseconds(self.offset_ms.load(Ordering::SeqCst));
        (OffsetDateTime::now_utc() + offset).to_offset(KST)
    }

    /// Moves the clock forward by `by` (for every holder of a clone).
    pub fn advance(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.offset_ms.fetch_add(ms, Ordering::SeqCst);
    }
}

/// `2024-02-13T12:18:14+09:00`: the Core API's timestamp format (seconds, +09:00 offset).
pub fn api_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(KST);
    t.format(time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second][offset_hour sign:mandatory]:[offset_minute]"
    ))
    .unwrap_or_default()
}

/// `2022-05-12T00:00:00.000000`: the webhook `createdAt` format (microseconds, no offset).
pub fn webhook_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(KST);
    t.format(time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]"
    ))
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_toss() {
        let t = time::macros::datetime!(2024-02-13 03:18:14.123456 UTC);
        assert_eq!(api_time(t), "2024-02-13T12:18:14+09:00");
        assert_eq!(webhook_time(t), "2024-02-13T12:18:14.123456");
    }

    #[test]
    fn advancing_is_shared() {
        let a = Clock::system();
        let b = a.clone();
        let before = b.now();
        a.advance(Duration::from_secs(3600));
        assert!(b.now() - before >= time::Duration::minutes(59));
    }
}
