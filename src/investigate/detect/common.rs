//! What several detections share: case-insensitive keys that borrow, sliding windows over
//! timed rows, and the words summaries use for places, spans and agents.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;

use crate::investigate::event::EventRef;
use crate::sanitize;

/// A login (or other name) as a map key, compared and hashed ignoring ASCII case, without
/// allocating a lower-cased copy.
#[derive(Debug, Clone, Copy)]
pub struct Caseless<'a>(pub &'a str);

impl PartialEq for Caseless<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for Caseless<'_> {}

impl Hash for Caseless<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut chunk = [0u8; 32];
        for part in self.0.as_bytes().chunks(chunk.len()) {
            for (to, from) in chunk.iter_mut().zip(part) {
                *to = from.to_ascii_lowercase();
            }
            state.write(&chunk[..part.len()]);
        }
        state.write_u8(0xff);
    }
}

impl Caseless<'_> {
    /// The name as findings show it: lower-cased and made safe to print.
    pub fn shown(&self) -> String {
        shown(&self.0.to_lowercase())
    }
}

/// Text from Okta made safe to print in a summary.
pub fn shown(text: &str) -> String {
    sanitize::clean_with_limit(text.trim(), 200).into_owned()
}

/// A login as findings list it: lower-cased and safe to print.
pub fn login_shown(login: &str) -> String {
    shown(&login.to_lowercase())
}

/// The ranges of `items` (sorted by time, ms) in which some window of `window_ms` holds at
/// least `min` items (`distinct`: at least `min` distinct keys). Overlapping windows merge
/// into one range.
pub fn bursts<K: Hash + Eq + Copy>(
    items: &[(i64, K)],
    window_ms: i64,
    min: usize,
    distinct: bool,
) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    if min == 0 || items.is_empty() {
        return out;
    }
    let mut counts: HashMap<K, usize> = HashMap::new();
    let mut left = 0;
    for right in 0..items.len() {
        if distinct {
            *counts.entry(items[right].1).or_insert(0) += 1;
        }
        while items[right].0.saturating_sub(items[left].0) > window_ms {
            if distinct {
                if let Some(n) = counts.get_mut(&items[left].1) {
                    *n -= 1;
                    if *n == 0 {
                        counts.remove(&items[left].1);
                    }
                }
            }
            left += 1;
        }
        let measure = if distinct { counts.len() } else { right - left + 1 };
        if measure >= min {
            match out.last_mut() {
                Some(last) if left < last.end => last.end = right + 1,
                _ => out.push(left..right + 1),
            }
        }
    }
    out
}

/// `198.51.100.23 (Chisinau, Moldova)`, or as much of it as the event has.
pub fn place(event: EventRef) -> String {
    let ip = event.client_ip().map(shown);
    let at = match (event.city(), event.country()) {
        (Some(city), Some(country)) => Some(format!("{}, {}", shown(city), shown(country))),
        (None, Some(country)) => Some(shown(country)),
        (Some(city), None) => Some(shown(city)),
        (None, None) => None,
    };
    match (ip, at) {
        (Some(ip), Some(at)) => format!("{ip} ({at})"),
        (Some(ip), None) => ip,
        (None, Some(at)) => at,
        (None, None) => "an unknown address".to_string(),
    }
}

/// `in 4 min`, `in 40 s`, `in 2 h 5 min` for a span in ms.
pub fn span_words(ms: i64) -> String {
    let secs = ms.max(0) / 1000;
    if secs < 90 {
        format!("in {secs} s")
    } else if secs < 5400 {
        format!("in {} min", (secs + 30) / 60)
    } else {
        format!("in {} h {} min", secs / 3600, (secs % 3600) / 60)
    }
}

/// `1 failed sign-in` / `3 failed sign-ins`.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Whether the outcome is a success (`SUCCESS` or `ALLOW`).
pub fn is_success(event: EventRef) -> bool {
    event.outcome_result().is_some_and(|r| r.eq_ignore_ascii_case("SUCCESS") || r.eq_ignore_ascii_case("ALLOW"))
}

/// Whether the event did not fail: a success, or no outcome recorded (admin events often
/// have none).
pub fn did_not_fail(event: EventRef) -> bool {
    event.outcome_result().is_none_or(|r| r.eq_ignore_ascii_case("SUCCESS") || r.eq_ignore_ascii_case("ALLOW"))
}

/// A user agent of a script or HTTP library rather than a browser or Okta's apps (by the
/// start of the agent, any case; no allocation: this runs on every sign-in).
pub fn is_scripted_agent(agent: &str) -> bool {
    const SCRIPTS: [&str; 12] = [
        "python-requests",
        "python-urllib",
        "aiohttp",
        "curl/",
        "wget/",
        "postmanruntime",
        "go-http-client",
        "okhttp",
        "java/",
        "apache-httpclient",
        "libwww-perl",
        "powershell",
    ];
    let agent = agent.trim_start().as_bytes();
    SCRIPTS.iter().any(|s| agent.get(..s.len()).is_some_and(|head| head.eq_ignore_ascii_case(s.as_bytes())))
}

/// The logins of the `User` targets.
pub fn target_logins<'a>(event: EventRef<'a>) -> impl Iterator<Item = &'a str> + 'a {
    event
        .target_users()
        .filter_map(|t| t.alternate_id())
        .filter(|l| !l.trim().is_empty() && !l.eq_ignore_ascii_case("unknown"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bursts_merge_overlapping_windows() {
        let at = |m: i64| m * 60_000;
        let items: Vec<(i64, u8)> =
            [(0, 1), (1, 2), (2, 3), (3, 4), (30, 5), (31, 6), (60, 1)].iter().map(|&(m, k)| (at(m), k)).collect();
        assert_eq!(bursts(&items, at(5), 4, true), vec![0..4]);
        assert_eq!(bursts(&items, at(5), 5, true), Vec::<Range<usize>>::new());
        assert_eq!(bursts(&items, at(5), 2, false), vec![0..4, 4..6]);
        let same: Vec<(i64, u8)> = (0..6).map(|m| (at(m), 1)).collect();
        assert!(bursts(&same, at(15), 2, true).is_empty());
        assert_eq!(bursts(&same, at(15), 6, false), vec![0..6]);
    }

    #[test]
    fn caseless_keys_and_words() {
        let mut m = HashMap::new();
        m.insert(Caseless("Bo@Acme.example"), 1);
        assert_eq!(m.get(&Caseless("bo@acme.EXAMPLE")), Some(&1));
        assert_eq!(span_words(240_000), "in 4 min");
        assert_eq!(span_words(40_000), "in 40 s");
        assert!(is_scripted_agent("python-requests/2.31.0") && is_scripted_agent("curl/7.68.0"));
        assert!(!is_scripted_agent("Mozilla/5.0 (Macintosh) Chrome/120") && !is_scripted_agent("Okta Verify/9.30"));
    }
}
