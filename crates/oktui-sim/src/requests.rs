//! The sim's record of the requests it answered: what tests check a client against ("an
//! investigation sends only filtered log queries", "a cancelled approval sends no change").
//! Bounded: the oldest entries go first, and the count of those dropped is kept.

use std::collections::VecDeque;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

/// Requests kept at most.
const CAPACITY: usize = 100_000;

/// One answered request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    pub at: DateTime<Utc>,
    pub method: String,
    /// The path and query as sent (still percent-encoded).
    pub target: String,
    pub status: u16,
    /// The `X-Okta-Request-Id` it was answered with.
    pub request_id: String,
}

impl RecordedRequest {
    /// The path without the query.
    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(self.target.as_str(), |(p, _)| p)
    }

    /// The decoded value of query parameter `name`, if present.
    pub fn param(&self, name: &str) -> Option<String> {
        let (_, query) = self.target.split_once('?')?;
        url::form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
    }

    /// Whether the request could change the org (anything but GET and HEAD).
    pub fn is_mutating(&self) -> bool {
        !matches!(self.method.as_str(), "GET" | "HEAD")
    }
}

/// The record, oldest first.
#[derive(Debug, Default)]
pub struct RequestLog {
    inner: Mutex<(VecDeque<RecordedRequest>, u64)>,
}

impl RequestLog {
    /// Records one answered request.
    pub fn push(&self, request: RecordedRequest) {
        let mut guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let (entries, dropped) = &mut *guard;
        if entries.len() >= CAPACITY {
            entries.pop_front();
            *dropped += 1;
        }
        entries.push_back(request);
    }

    /// A copy of every recorded request, oldest first.
    pub fn all(&self) -> Vec<RecordedRequest> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).0.iter().cloned().collect()
    }

    /// How many requests are on record, the dropped ones included.
    pub fn count(&self) -> u64 {
        let guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        guard.0.len() as u64 + guard.1
    }

    /// How many old entries were dropped to stay bounded.
    pub fn dropped(&self) -> u64 {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).1
    }

    /// Forgets everything recorded so far (a test's "from here on").
    pub fn clear(&self) {
        let mut guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        guard.0.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_decode_their_parameters_and_stay_bounded() {
        let log = RequestLog::default();
        let r = RecordedRequest {
            at: Utc::now(),
            method: "GET".into(),
            target: "/api/v1/logs?filter=actor.id+eq+%2200u1%22&limit=10".into(),
            status: 200,
            request_id: "r1".into(),
        };
        assert_eq!(r.path(), "/api/v1/logs");
        assert_eq!(r.param("filter").as_deref(), Some("actor.id eq \"00u1\""));
        assert!(!r.is_mutating());
        for _ in 0..CAPACITY + 3 {
            log.push(r.clone());
        }
        assert_eq!((log.all().len(), log.dropped()), (CAPACITY, 3));
    }
}
