//! Turning a page of `GET /api/v1/logs` into new events: split the array, read each event
//! compactly, drop the ones already delivered, count the ones that cannot be read.

use std::sync::Arc;

use super::compact::{read_page, CompactEvent, PageError, SymInterner};
use super::raw::RawJson;
use super::seen::Seen;

/// Distinct strings the interner may hold before its first purge.
const PURGE_FLOOR: usize = 4_096;

/// One new event: its compact form and its JSON exactly as Okta sent it.
#[derive(Debug, Clone)]
pub struct TailedEvent {
    pub event: CompactEvent,
    pub raw: RawJson,
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
///
/// The interner is purged of the strings no event holds any more whenever it has doubled
/// since the last purge: it then holds at most about twice the strings of the events still
/// kept, however long the tail runs (session ids and messages are mostly new strings).
#[derive(Debug)]
pub struct Ingest {
    interner: SymInterner,
    seen: Seen,
    /// Distinct strings at which the interner is purged next.
    purge_at: usize,
    /// Elements of the last page read.
    last_elements: usize,
}

impl Ingest {
    /// A reader remembering at most `seen_capacity` delivered ids.
    pub fn new(seen_capacity: usize) -> Ingest {
        Ingest {
            interner: SymInterner::default(),
            seen: Seen::new(seen_capacity),
            purge_at: PURGE_FLOOR,
            last_elements: 0,
        }
    }

    /// Reads a page body. Fails only when the body is not a JSON array (a truncated
    /// answer): the caller asks for the same page again.
    ///
    /// The fresh events' JSON shares one copy of the page, unless they are less than half
    /// of it (a page of mostly repeats): then each gets a copy of its own, so a few events
    /// never keep a whole page alive.
    pub fn page(&mut self, body: &[u8], received_ms: i64) -> Result<PageEvents, PageError> {
        let text = std::str::from_utf8(body).map_err(|e| PageError(e.to_string()))?;
        // Made up front, as most pages are mostly new events: each is built once, in place.
        let page = Arc::<str>::from(text);
        // Room for as many events as the last page held, so the list is not regrown.
        let mut out = PageEvents { fresh: Vec::with_capacity(self.last_elements), ..PageEvents::default() };
        let mut fresh_bytes = 0;
        let (seen, fresh) = (&mut self.seen, &mut out.fresh);
        let (duplicates, malformed) = (&mut out.duplicates, &mut out.malformed);
        out.elements = read_page(&page, &mut self.interner, received_ms, |at, event| match event {
            Ok(event) => {
                // An event without a uuid cannot be de-duplicated; it is delivered as read.
                if event.id.as_ref().is_none_or(|id| seen.insert(id)) {
                    fresh_bytes += at.len();
                    let raw = RawJson::in_page(&page, at.clone()).unwrap_or_else(|| RawJson::from(&page[at]));
                    fresh.push(TailedEvent { event, raw });
                } else {
                    *duplicates += 1;
                }
            }
            Err(_) => *malformed += 1,
        })?;
        if fresh_bytes * 2 < page.len() {
            for tailed in &mut out.fresh {
                let own = RawJson::from(tailed.raw.as_str());
                tailed.raw = own;
            }
        }
        self.last_elements = out.elements;
        if self.interner.len() >= self.purge_at {
            self.interner.purge();
            self.purge_at = self.interner.len().saturating_mul(2).max(PURGE_FLOOR);
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

    #[test]
    fn fresh_events_share_their_page_unless_they_are_a_small_part_of_it() {
        let mut ingest = Ingest::new(100);
        let event = |id: &str| format!(r#"{{"uuid":"{id}","eventType":"user.session.start"}}"#);
        let page = |ids: &[&str]| format!("[{}]", ids.iter().map(|id| event(id)).collect::<Vec<_>>().join(","));
        let first = page(&["a", "b", "c", "d"]);
        let read = ingest.page(first.as_bytes(), 0).unwrap();
        assert!(read.fresh.iter().all(|e| e.raw.held_bytes() == first.len()));
        let repeats = page(&["a", "b", "c", "e"]);
        let read = ingest.page(repeats.as_bytes(), 0).unwrap();
        assert_eq!((read.fresh.len(), read.duplicates), (1, 3));
        assert_eq!(read.fresh[0].raw.held_bytes(), event("e").len(), "one new event of four keeps only itself");
        assert_eq!(&*read.fresh[0].raw, event("e"));
    }

    #[test]
    fn the_interner_holds_about_twice_what_the_kept_events_hold_however_long_the_tail_runs() {
        let mut ingest = Ingest::new(100);
        let event = |n: usize| {
            format!(
                r#"{{"uuid":"e{n}","eventType":"user.session.start","authenticationContext":{{"externalSessionId":"s{n}"}},"displayMessage":"m{n}"}}"#
            )
        };
        let mut kept = std::collections::VecDeque::new();
        for page in 0..200 {
            let body = format!("[{}]", (0..100).map(|i| event(page * 100 + i)).collect::<Vec<_>>().join(","));
            kept.extend(ingest.page(body.as_bytes(), 0).unwrap().fresh);
            // The console keeps the newest 1,000 events.
            while kept.len() > 1_000 {
                kept.pop_front();
            }
            assert!(ingest.interner.len() <= 2 * (2 * 1_000 + 2).max(PURGE_FLOOR), "{}", ingest.interner.len());
        }
        let newest = &kept.back().unwrap().event;
        assert_eq!(newest.session_id.as_deref(), Some("s19999"), "what is kept keeps its strings");
        assert!(ingest.interner.len() >= 2 * 1_000, "the kept events' strings stay interned");
    }
}
