//! Turning a page of `GET /api/v1/logs` into new events: split the array, read each event
//! compactly, drop the ones already delivered, count the ones that cannot be read.

use super::compact::{read_page, CompactEvent, Interner, PageError};
use super::seen::Seen;

/// Events read between two purges of the interner.
const PURGE_EVERY: u64 = 100_000;

/// One new event: its compact form and its JSON exactly as Okta sent it.
#[derive(Debug, Clone)]
pub struct TailedEvent {
    pub event: CompactEvent,
    pub raw: Box<str>,
}

/// What one page held.
#[derive(Debug, Default)]
pub struct PageEvents {
    /// The events not delivered before, in the page's order.
    pub fresh: Vec<TailedEvent>,
    /// Elements in the page, whatever they were (a full page means more are waiting).
    pub elements: usize,
    /// Events already delivered.
    pub duplicates: usize,
    /// Elements that are not events.
    pub malformed: usize,
}

/// The reader's state across pages: the interner and the delivered ids.
#[derive(Debug)]
pub struct Ingest {
    interner: Interner,
    seen: Seen,
    read_since_purge: u64,
}

impl Ingest {
    /// A reader remembering at most `seen_capacity` delivered ids.
    pub fn new(seen_capacity: usize) -> Ingest {
        Ingest { interner: Interner::default(), seen: Seen::new(seen_capacity), read_since_purge: 0 }
    }

    /// Reads a page body. Fails only when the body is not a JSON array (a truncated
    /// answer): the caller asks for the same page again.
    pub fn page(&mut self, body: &[u8], received_ms: i64) -> Result<PageEvents, PageError> {
        let mut out = PageEvents::default();
        let (seen, fresh, duplicates, malformed) =
            (&mut self.seen, &mut out.fresh, &mut out.duplicates, &mut out.malformed);
        out.elements = read_page(body, &mut self.interner, received_ms, |raw, event| match event {
            Ok(event) => {
                // An event without a uuid cannot be de-duplicated; it is delivered as read.
                if event.id.as_ref().is_none_or(|id| seen.insert(id)) {
                    fresh.push(TailedEvent { event, raw: raw.into() });
                } else {
                    *duplicates += 1;
                }
            }
            Err(_) => *malformed += 1,
        })?;
        self.read_since_purge += out.elements as u64;
        if self.read_since_purge >= PURGE_EVERY {
            self.interner.purge();
            self.read_since_purge = 0;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_yields_fresh_events_and_counts_the_rest() {
        let mut ingest = Ingest::new(100);
        let page = br#"[{"uuid":"a","eventType":"x"},{"uuid":"a","eventType":"x"},42,{"eventType":"y"}]"#;
        let read = ingest.page(page, 0).unwrap();
        assert_eq!((read.elements, read.fresh.len(), read.duplicates, read.malformed), (4, 2, 1, 1));
        assert_eq!(&*read.fresh[0].raw, r#"{"uuid":"a","eventType":"x"}"#);
        let again = ingest.page(br#"[{"uuid":"a","eventType":"x"}]"#, 0).unwrap();
        assert_eq!(again.duplicates, 1);
        assert!(ingest.page(br#"[{"uuid":"a""#, 0).is_err());
    }
}
