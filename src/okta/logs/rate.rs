//! The tail's events per minute, counted by when Okta says each event happened
//! (`published`), not by when it was read: a backfill of the last hour, read in seconds, is
//! history, not traffic now.

use std::collections::BTreeMap;

/// How many events were published in each second of the last minute.
#[derive(Debug, Default)]
pub struct PublishedRate {
    /// Epoch second → events published in it.
    per_second: BTreeMap<i64, u64>,
}

impl PublishedRate {
    /// Counts an event published at `published_ms`; one from before the last minute is not
    /// counted.
    pub fn record(&mut self, published_ms: i64, now_ms: i64) {
        let second = published_ms.div_euclid(1000);
        if second >= oldest_second(now_ms) {
            *self.per_second.entry(second).or_default() += 1;
        }
    }

    /// Events published in the last 60 seconds before `now_ms` (and any stamped after it,
    /// from an org whose clock runs ahead).
    pub fn per_minute(&mut self, now_ms: i64) -> u64 {
        let oldest = oldest_second(now_ms);
        self.per_second = self.per_second.split_off(&oldest);
        self.per_second.values().sum()
    }
}

fn oldest_second(now_ms: i64) -> i64 {
    now_ms.div_euclid(1000).saturating_sub(59)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000;

    #[test]
    fn a_backfill_of_the_past_is_not_traffic_now() {
        let mut rate = PublishedRate::default();
        for i in 0..1_000 {
            rate.record(NOW - 3_600_000 + i * 1_000, NOW);
        }
        assert_eq!(rate.per_minute(NOW), 0);
    }

    #[test]
    fn events_of_the_last_minute_count_until_they_are_a_minute_old() {
        let mut rate = PublishedRate::default();
        for i in 0..30 {
            rate.record(NOW - i * 1_000, NOW);
        }
        rate.record(NOW - 90_000, NOW);
        assert_eq!(rate.per_minute(NOW), 30);
        assert_eq!(rate.per_minute(NOW + 30_000), 30, "the oldest is 59 s old");
        assert_eq!(rate.per_minute(NOW + 45_000), 15, "those over a minute old have gone");
        assert_eq!(rate.per_minute(NOW + 60_000), 0);
    }
}
