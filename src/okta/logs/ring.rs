//! The events the console keeps: a bounded buffer ordered by `published` (newest last),
//! with a count of what it trimmed, and the whole JSON of only the newest events (older
//! events' detail is read back from Okta by uuid).

use std::collections::{HashMap, VecDeque};

use super::compact::{CompactEvent, EventId};
use super::raw::RawJson;

/// Events retained by default.
pub const DEFAULT_CAPACITY: usize = 100_000;
/// Events whose whole JSON is kept by default, for an instant detail view.
pub const DEFAULT_RAW_CAPACITY: usize = 2_000;

/// A bounded, `published`-ordered buffer of events.
#[derive(Debug)]
pub struct EventRing {
    events: VecDeque<CompactEvent>,
    capacity: usize,
    trimmed: u64,
    raw: HashMap<EventId, RawJson, foldhash::fast::RandomState>,
    raw_order: VecDeque<EventId>,
    raw_capacity: usize,
}

impl EventRing {
    /// A buffer of at most `capacity` events (at least one), keeping the JSON of the newest
    /// `raw_capacity`.
    pub fn new(capacity: usize, raw_capacity: usize) -> EventRing {
        EventRing {
            events: VecDeque::new(),
            capacity: capacity.max(1),
            trimmed: 0,
            raw: HashMap::default(),
            raw_order: VecDeque::new(),
            raw_capacity,
        }
    }

    /// Inserts an event in `published` order (after others of the same time) and returns
    /// its position. The buffer may exceed its capacity until [`EventRing::trim`].
    pub fn insert(&mut self, event: CompactEvent, raw: Option<RawJson>) -> usize {
        if let (Some(raw), Some(id)) = (raw, event.id.clone()) {
            self.keep_raw(id, raw);
        }
        let key = event.sort_ms;
        let at = if self.events.back().is_none_or(|last| last.sort_ms <= key) {
            self.events.len()
        } else {
            self.events.partition_point(|e| e.sort_ms <= key)
        };
        self.events.insert(at, event);
        at
    }

    fn keep_raw(&mut self, id: EventId, raw: RawJson) {
        if self.raw_capacity == 0 {
            return;
        }
        while self.raw_order.len() >= self.raw_capacity {
            if let Some(old) = self.raw_order.pop_front() {
                self.raw.remove(&old);
            }
        }
        if self.raw.insert(id.clone(), raw).is_none() {
            self.raw_order.push_back(id);
        }
    }

    /// Drops the oldest events beyond the capacity; returns how many.
    pub fn trim(&mut self) -> usize {
        let over = self.events.len().saturating_sub(self.capacity);
        self.events.drain(..over);
        self.trimmed += over as u64;
        over
    }

    /// Events retained.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether nothing is retained.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Events dropped to stay bounded, since the start.
    pub fn trimmed(&self) -> u64 {
        self.trimmed
    }

    /// The event at `position` (0 = oldest).
    pub fn get(&self, position: usize) -> Option<&CompactEvent> {
        self.events.get(position)
    }

    /// Every retained event, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &CompactEvent> + ExactSizeIterator {
        self.events.iter()
    }

    /// The whole JSON of an event, if it is among the newest kept.
    pub fn raw(&self, id: &EventId) -> Option<&str> {
        self.raw.get(id).map(RawJson::as_str)
    }

    /// Forgets every event (a new window or filter starts over); the trimmed count too.
    pub fn clear(&mut self) {
        self.events.clear();
        self.raw.clear();
        self.raw_order.clear();
        self.trimmed = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::okta::logs::compact::{parse_event, SymInterner};

    fn event(interner: &mut SymInterner, n: u128, published: &str) -> CompactEvent {
        let raw = format!(
            r#"{{"uuid":"{}","published":"{published}","eventType":"e{n}"}}"#,
            uuid::Uuid::from_u128(n).hyphenated()
        );
        parse_event(&raw, interner, 0).unwrap()
    }

    #[test]
    fn late_events_go_into_place_and_the_oldest_are_trimmed() {
        let mut ring = EventRing::new(3, 1);
        let mut interner = SymInterner::default();
        for (n, t) in [(1, "2026-01-01T00:00:01Z"), (2, "2026-01-01T00:00:03Z"), (3, "2026-01-01T00:00:04Z")] {
            let e = event(&mut interner, n, t);
            ring.insert(e, Some(format!("{n}").into()));
        }
        let late = event(&mut interner, 4, "2026-01-01T00:00:02Z");
        assert_eq!(ring.insert(late, None), 1);
        assert_eq!(ring.trim(), 1);
        let kinds: Vec<&str> = ring.iter().filter_map(|e| e.event_type.as_deref()).collect();
        assert_eq!(kinds, ["e4", "e2", "e3"]);
        assert_eq!(ring.trimmed(), 1);
        assert_eq!(ring.raw(&EventId::Uuid(3)), Some("3"));
        assert_eq!(ring.raw(&EventId::Uuid(2)), None, "only the newest JSON is kept");
    }
}
