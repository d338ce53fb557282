//! Random instants laid out before the anchor.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;

/// The org's timeline: when it was founded and the instant everything happens before.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    pub anchor: DateTime<Utc>,
    pub founded: DateTime<Utc>,
}

impl Clock {
    /// A random instant between `min` and `max` before the anchor.
    pub fn ago(&self, rng: &mut impl Rng, min: Duration, max: Duration) -> DateTime<Utc> {
        between(rng, self.anchor - max, self.anchor - min)
    }
}

/// A random instant in `[from, to]` with millisecond precision; `from` when the range is empty.
pub(crate) fn between(rng: &mut impl Rng, from: DateTime<Utc>, to: DateTime<Utc>) -> DateTime<Utc> {
    let span = (to - from).num_milliseconds();
    if span <= 0 {
        return from;
    }
    from + Duration::milliseconds(rng.gen_range(0..=span))
}
