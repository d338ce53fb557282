//! The tail's memory of which events it has delivered: a bounded set of event ids, the
//! oldest forgotten first. Okta's polling cursor never repeats an event, but a retried
//! page, a resumed cursor or a server that hands back the same cursor can; this set is
//! what makes "exactly once" hold anyway.

use std::collections::{HashSet, VecDeque};

use super::compact::EventId;

/// Ids remembered by default. A repeat can only come from a page asked for again (a retry,
/// a cursor handed back): twenty full pages cover that many times over, and keep the set's
/// memory (about 2 MB) from growing with how long a tail runs.
pub const DEFAULT_CAPACITY: usize = 20_000;

/// A bounded set of event ids, first in, first out.
#[derive(Debug)]
pub struct Seen {
    ids: HashSet<EventId, foldhash::fast::RandomState>,
    order: VecDeque<EventId>,
    capacity: usize,
}

impl Seen {
    /// An empty set remembering at most `capacity` ids (at least one).
    pub fn new(capacity: usize) -> Seen {
        let capacity = capacity.max(1);
        let ids = HashSet::with_capacity_and_hasher(capacity.min(1 << 16), Default::default());
        Seen { ids, order: VecDeque::new(), capacity }
    }

    /// Records `id`; false if it was already there (a duplicate).
    pub fn insert(&mut self, id: &EventId) -> bool {
        if !self.ids.insert(id.clone()) {
            return false;
        }
        if self.order.len() >= self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.ids.remove(&old);
            }
        }
        self.order.push_back(id.clone());
        true
    }

    /// Ids remembered now.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_refused_and_the_oldest_is_forgotten() {
        let mut seen = Seen::new(2);
        let [a, b, c] = [1u128, 2, 3].map(EventId::Uuid);
        assert!(seen.insert(&a));
        assert!(!seen.insert(&a));
        assert!(seen.insert(&b));
        assert!(seen.insert(&c));
        assert_eq!(seen.len(), 2);
        assert!(seen.insert(&a), "a was forgotten when c came");
        assert!(!seen.insert(&c));
    }
}
