//! The live window: the classified events of the last stretch of the log (as long as the
//! longest detection needs, by `published`), indexed by the users and IPs they name, so a
//! page can be judged with only the events of what it touched. Older events are evicted
//! whole when the window's start has moved on by a quarter of its length (each event is
//! copied at most a few times in its life), and the window never holds more than
//! `max_events` kept events: past that the oldest go first and the window is shorter for
//! a while (counted in [`WindowStats::shortened`]).

use rustc_hash::{FxHashMap, FxHashSet};

use crate::investigate::event::page::read_page;
use crate::investigate::event::EventRef;
use crate::investigate::signals::{Classified, Classifier};
use crate::investigate::DetectionConfig;
use crate::okta::logs::elements::PageError;
use crate::okta::logs::TailedEvent;

/// How long (ms) the window must reach back for every detection to see what it needs:
/// the longest of the detections' windows, a success after failures counting its own
/// window after the spray's or brute force's, an MFA fatigue burst its window either side.
pub fn retention_ms(config: &DetectionConfig) -> i64 {
    let attack = config.spray_window_mins.max(config.brute_force_window_mins);
    let mins = [
        config.spray_window_mins,
        config.brute_force_window_mins,
        config.success_after_failures_window_mins.saturating_add(attack),
        config.mfa_fatigue_window_mins.saturating_mul(2),
        config.mfa_failures_window_mins,
        config.admin_console_after_grant_mins,
        config.rapid_app_access_window_mins,
        config.mfa_abandonment_window_mins,
    ];
    mins.into_iter().max().unwrap_or(0).max(1).saturating_mul(60_000)
}

/// The users (lower-cased logins) and IPs some events name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    pub users: FxHashSet<String>,
    pub ips: FxHashSet<String>,
}

impl Touched {
    /// Whether nothing was touched.
    pub fn is_empty(&self) -> bool {
        self.users.is_empty() && self.ips.is_empty()
    }

    fn add(&mut self, event: EventRef) {
        for_keys(event, |key| {
            match key {
                Key::User(u) => self.users.insert(u),
                Key::Ip(ip) => self.ips.insert(ip),
            };
        });
    }
}

enum Key {
    User(String),
    Ip(String),
}

/// The users (actor, target users) and the client IP an event names.
fn for_keys(event: EventRef, mut each: impl FnMut(Key)) {
    let named = |l: &&str| !l.trim().is_empty() && !l.eq_ignore_ascii_case("unknown");
    if let Some(login) = event.actor_login().filter(named) {
        each(Key::User(login.to_lowercase()));
    }
    for login in event.target_users().filter_map(|t| t.alternate_id()).filter(named) {
        each(Key::User(login.to_lowercase()));
    }
    if let Some(ip) = event.client_ip().filter(|ip| !ip.trim().is_empty()) {
        each(Key::Ip(ip.trim().to_string()));
    }
}

/// What the window holds and has let go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WindowStats {
    /// Events read, kept or not.
    pub read: u64,
    /// Events of some family held now.
    pub kept: usize,
    /// Events evicted as too old.
    pub evicted: u64,
    /// Times the window was cut short to stay within `max_events`.
    pub shortened: u64,
    /// The bytes the classification holds.
    pub held_bytes: usize,
}

/// The classified events of the window and their indexes.
#[derive(Debug)]
pub struct Window {
    classifier: Classifier,
    by_user: FxHashMap<String, Vec<u32>>,
    by_ip: FxHashMap<String, Vec<u32>>,
    retention_ms: i64,
    max_events: usize,
    /// The newest `published` read (ms): the window's clock, never the local one.
    newest_ms: Option<i64>,
    /// Where the window started at the last eviction.
    evicted_to: Option<i64>,
    stats: WindowStats,
}

impl Window {
    /// An empty window reaching `retention_ms` back from its newest event, holding at most
    /// `max_events` kept events.
    pub fn new(retention_ms: i64, max_events: usize) -> Window {
        Window {
            classifier: Classifier::default(),
            by_user: FxHashMap::default(),
            by_ip: FxHashMap::default(),
            retention_ms: retention_ms.max(1),
            max_events: max_events.max(1),
            newest_ms: None,
            evicted_to: None,
            stats: WindowStats::default(),
        }
    }

    /// The newest `published` read, ms since the epoch.
    pub fn newest_ms(&self) -> Option<i64> {
        self.newest_ms
    }

    /// What the window holds and has let go.
    pub fn stats(&self) -> WindowStats {
        WindowStats { kept: self.classifier.kept(), held_bytes: self.classifier.held_bytes(), ..self.stats }
    }

    /// Classifies a page of tailed events into the window; the users and IPs its kept
    /// events name. Evicts what has grown too old first.
    pub fn push(&mut self, page: &[TailedEvent]) -> Result<Touched, PageError> {
        let mut text = String::with_capacity(page.iter().map(|e| e.raw.len() + 1).sum::<usize>() + 2);
        text.push('[');
        for (i, event) in page.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            text.push_str(&event.raw);
        }
        text.push(']');
        let newest = page.iter().filter_map(|e| e.event.published_ms).max();
        self.newest_ms = self.newest_ms.max(newest);
        self.evict();
        let mut touched = Touched::default();
        let first_new = self.classifier.kept();
        let read = read_page(text.as_bytes(), |fields| self.classifier.push(fields))?;
        self.stats.read = self.stats.read.saturating_add(read.elements as u64);
        for slot in first_new..self.classifier.kept() {
            let Some(event) = u32::try_from(slot).ok().and_then(|s| self.classifier.event(s)) else { continue };
            touched.add(event);
            index(&mut self.by_user, &mut self.by_ip, event, slot);
        }
        Ok(touched)
    }

    /// The classification of every event of the window that names one of `touched`'s
    /// users or IPs (the whole history of each, as far as the window reaches).
    pub fn of(&self, touched: &Touched) -> Classified {
        let mut wanted = vec![false; self.classifier.kept()];
        let users = touched.users.iter().filter_map(|u| self.by_user.get(u));
        let ips = touched.ips.iter().filter_map(|ip| self.by_ip.get(ip));
        for &slot in users.chain(ips).flatten() {
            if let Some(w) = wanted.get_mut(slot as usize) {
                *w = true;
            }
        }
        self.classifier.subset(|slot| wanted.get(slot as usize).copied().unwrap_or(false)).finish()
    }

    /// Drops the events older than the window (and the undated), when its start has moved
    /// on by a quarter of its length since the last time, or the oldest past `max_events`.
    fn evict(&mut self) {
        let Some(newest) = self.newest_ms else { return };
        let mut cutoff = newest.saturating_sub(self.retention_ms);
        let due = self.evicted_to.is_none_or(|to| cutoff.saturating_sub(to) >= self.retention_ms / 4);
        let full = self.classifier.kept() >= self.max_events;
        if !due && !full {
            return;
        }
        if full {
            let mut times: Vec<i64> =
                (0..self.classifier.kept()).filter_map(|s| self.event_ms(u32::try_from(s).ok()?)).collect();
            let drop = times.len().saturating_sub(self.max_events / 2);
            if !times.is_empty() {
                let at = drop.min(times.len().saturating_sub(1));
                let (_, &mut nth, _) = times.select_nth_unstable(at);
                if nth > cutoff {
                    cutoff = nth;
                    self.stats.shortened = self.stats.shortened.saturating_add(1);
                }
            }
        }
        let before = self.classifier.kept();
        let kept = self.classifier.subset(|s| self.event_ms(s).is_some_and(|at| at >= cutoff));
        self.classifier = kept;
        self.evicted_to = Some(cutoff);
        let gone = before.saturating_sub(self.classifier.kept());
        self.stats.evicted = self.stats.evicted.saturating_add(gone as u64);
        self.by_user.clear();
        self.by_ip.clear();
        for slot in 0..self.classifier.kept() {
            let Some(event) = u32::try_from(slot).ok().and_then(|s| self.classifier.event(s)) else { continue };
            index(&mut self.by_user, &mut self.by_ip, event, slot);
        }
        self.by_user.shrink_to_fit();
        self.by_ip.shrink_to_fit();
    }

    fn event_ms(&self, slot: u32) -> Option<i64> {
        self.classifier.event(slot)?.published_at().map(|t| t.timestamp_millis())
    }
}

fn index(by_user: &mut FxHashMap<String, Vec<u32>>, by_ip: &mut FxHashMap<String, Vec<u32>>, e: EventRef, slot: usize) {
    let Ok(slot) = u32::try_from(slot) else { return };
    for_keys(e, |key| {
        let slots = match key {
            Key::User(u) => by_user.entry(u).or_default(),
            Key::Ip(ip) => by_ip.entry(ip).or_default(),
        };
        if slots.last() != Some(&slot) {
            slots.push(slot);
        }
    });
}
