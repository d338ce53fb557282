//! The System Log pane's state: the tailed events, the filter's view of them, the window
//! and the server-side query.

pub use crate::okta::logs::compact::Sym;
use crate::okta::logs::tail::TailConfig;
pub use crate::okta::logs::tail::TailStatus;
pub use crate::okta::logs::{CompactEvent, PollState};
use crate::okta::logs::{EventRing, TailedEvent};

/// The time windows the pane offers, cycled with `w`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    Minutes15,
    Hour1,
    Hours24,
    Days7,
}

impl Window {
    /// The window as a duration before now.
    pub fn duration(self) -> chrono::Duration {
        match self {
            Window::Minutes15 => chrono::Duration::minutes(15),
            Window::Hour1 => chrono::Duration::hours(1),
            Window::Hours24 => chrono::Duration::hours(24),
            Window::Days7 => chrono::Duration::days(7),
        }
    }

    /// The label shown: `15m`, `1h`, `24h`, `7d`.
    pub fn label(self) -> &'static str {
        match self {
            Window::Minutes15 => "15m",
            Window::Hour1 => "1h",
            Window::Hours24 => "24h",
            Window::Days7 => "7d",
        }
    }

    /// The next preset, round.
    pub fn next(self) -> Window {
        match self {
            Window::Minutes15 => Window::Hour1,
            Window::Hour1 => Window::Hours24,
            Window::Hours24 => Window::Days7,
            Window::Days7 => Window::Minutes15,
        }
    }
}

/// What Okta is asked to filter (the server-side filter prompt).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerQuery {
    /// Okta's SCIM `filter`.
    pub filter: Option<String>,
    /// Okta's keyword search `q`.
    pub q: Option<String>,
}

impl ServerQuery {
    /// Reads the prompt: an expression with a SCIM operator (`eventType eq "…"`) is a
    /// `filter`; other words are keywords (`q`); nothing clears both.
    pub fn parse(text: &str) -> ServerQuery {
        const OPERATORS: [&str; 9] = ["eq", "ne", "co", "sw", "pr", "gt", "ge", "lt", "le"];
        let text = text.trim();
        if text.is_empty() {
            return ServerQuery::default();
        }
        let is_filter = text.split_whitespace().any(|w| OPERATORS.iter().any(|op| w.eq_ignore_ascii_case(op)));
        if is_filter {
            ServerQuery { filter: Some(text.to_string()), q: None }
        } else {
            ServerQuery { filter: None, q: Some(text.to_string()) }
        }
    }

    /// The prompt's text for this query.
    pub fn text(&self) -> String {
        self.filter.clone().or_else(|| self.q.clone()).unwrap_or_default()
    }

    /// Whether nothing is filtered.
    pub fn is_empty(&self) -> bool {
        self.filter.is_none() && self.q.is_none()
    }

    /// The tail of the last `window` with this query, from now.
    pub fn tail_config(&self, window: chrono::Duration) -> TailConfig {
        TailConfig { filter: self.filter.clone(), q: self.q.clone(), ..TailConfig::last(window) }
    }
}

/// The System Log pane.
#[derive(Debug)]
pub struct LogsState {
    pub ring: EventRing,
    /// Ring positions that pass the local filter, ascending.
    pub visible: Vec<usize>,
    /// The local filter as typed.
    pub filter: String,
    words: Vec<String>,
    /// Position in `visible`.
    pub selected: usize,
    /// First visible row drawn.
    pub offset: usize,
    /// Whether the selection stays on the newest event.
    pub follow: bool,
    /// Events that arrived (and pass the filter) since follow mode paused.
    pub new_while_paused: u64,
    pub window: Window,
    pub query: ServerQuery,
    /// The tail's last word about its health.
    pub status: Option<TailStatus>,
    /// The generation whose tail updates are accepted.
    pub generation: u64,
    /// Whether a tail has been started.
    pub started: bool,
    /// Okta's answer to a server-side filter it refused, shown in the pane.
    pub rejected: Option<String>,
    /// A server-side query waiting for Okta's check, with the generation of the check.
    pub pending_query: Option<(ServerQuery, u64)>,
}

impl LogsState {
    /// An empty pane retaining at most `capacity` events.
    pub fn new(capacity: usize) -> LogsState {
        LogsState {
            ring: EventRing::new(capacity, crate::okta::logs::ring::DEFAULT_RAW_CAPACITY),
            visible: Vec::new(),
            filter: String::new(),
            words: Vec::new(),
            selected: 0,
            offset: 0,
            follow: true,
            new_while_paused: 0,
            window: Window::Hour1,
            query: ServerQuery::default(),
            status: None,
            generation: 0,
            started: false,
            rejected: None,
            pending_query: None,
        }
    }

    /// Starts over for a new tail: empty buffer, following, nothing counted.
    pub fn reset(&mut self, generation: u64) {
        self.ring.clear();
        self.visible.clear();
        self.selected = 0;
        self.offset = 0;
        self.follow = true;
        self.new_while_paused = 0;
        self.status = None;
        self.generation = generation;
        self.started = true;
        self.rejected = None;
    }

    /// Takes in new events: each goes to its place by `published`, the view follows or keeps
    /// the selected event selected, and the oldest beyond the capacity are trimmed.
    pub fn push(&mut self, events: Vec<TailedEvent>) {
        let mut selected_position = if self.follow { None } else { self.visible.get(self.selected).copied() };
        for TailedEvent { event, raw } in events {
            let matches = event.matches(&self.words);
            let at = self.ring.insert(event, Some(raw));
            for v in self.visible.iter_mut().rev() {
                if *v < at {
                    break;
                }
                *v += 1;
            }
            if let Some(s) = selected_position.as_mut().filter(|s| **s >= at) {
                *s += 1;
            }
            if matches {
                let i = self.visible.partition_point(|v| *v < at);
                self.visible.insert(i, at);
                if !self.follow {
                    self.new_while_paused += 1;
                }
            }
        }
        let trimmed = self.ring.trim();
        if trimmed > 0 {
            let cut = self.visible.partition_point(|v| *v < trimmed);
            self.visible.drain(..cut);
            for v in &mut self.visible {
                *v -= trimmed;
            }
            selected_position = selected_position.map(|s| s.saturating_sub(trimmed));
        }
        self.selected = match selected_position {
            Some(s) => self.visible.partition_point(|v| *v < s),
            None => self.visible.len(),
        }
        .min(self.visible.len().saturating_sub(1));
    }

    /// Applies the local filter (case-insensitive words, all must match); one more
    /// character only narrows what is already visible.
    pub fn set_filter(&mut self, filter: &str) {
        let narrowing = !self.filter.is_empty() && filter.starts_with(self.filter.as_str());
        self.filter = filter.to_string();
        self.words = filter.split_whitespace().map(str::to_lowercase).collect();
        let (ring, words) = (&self.ring, &self.words);
        self.visible = if narrowing {
            self.visible.iter().copied().filter(|p| ring.get(*p).is_some_and(|e| e.matches(words))).collect()
        } else {
            ring.iter().enumerate().filter(|(_, e)| e.matches(words)).map(|(p, _)| p).collect()
        };
        self.selected =
            if self.follow { self.visible.len() } else { self.selected }.min(self.visible.len().saturating_sub(1));
    }

    /// Moves the selection; moving up pauses follow mode.
    pub fn move_by(&mut self, delta: isize) {
        if delta < 0 && self.follow {
            self.pause();
        }
        self.selected = crate::app::viewport::moved(self.selected, self.visible.len(), delta);
    }

    fn pause(&mut self) {
        self.follow = false;
        self.new_while_paused = 0;
    }

    /// `f`: follow the newest event, or pause.
    pub fn toggle_follow(&mut self) {
        if self.follow {
            self.pause();
        } else {
            self.follow = true;
            self.new_while_paused = 0;
            self.selected = self.visible.len().saturating_sub(1);
        }
    }

    /// The selected event.
    pub fn selected_event(&self) -> Option<&CompactEvent> {
        self.visible.get(self.selected).and_then(|p| self.ring.get(*p))
    }

    /// Scrolls so the selection stays within `rows` rows.
    pub fn keep_in_view(&mut self, rows: usize) {
        let rows = rows.max(1);
        if self.follow || self.selected >= self.offset + rows {
            self.offset = (self.selected + 1).saturating_sub(rows);
        }
        if self.selected < self.offset {
            self.offset = self.selected;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::okta::logs::compact::{parse_event, SymInterner};

    fn events(interner: &mut SymInterner, items: &[(u128, &str, &str)]) -> Vec<TailedEvent> {
        items
            .iter()
            .map(|(n, at, kind)| {
                let raw = format!(
                    r#"{{"uuid":"{}","published":"2026-01-01T00:00:{at}Z","eventType":"{kind}"}}"#,
                    uuid::Uuid::from_u128(*n).hyphenated()
                );
                TailedEvent { event: parse_event(&raw, interner, 0).unwrap(), raw: raw.into() }
            })
            .collect()
    }

    fn kinds(s: &LogsState) -> Vec<String> {
        s.visible.iter().filter_map(|p| s.ring.get(*p)?.event_type.as_deref().map(str::to_string)).collect()
    }

    #[test]
    fn following_keeps_the_newest_selected_and_pausing_keeps_the_event() {
        let mut i = SymInterner::default();
        let mut s = LogsState::new(4);
        s.push(events(&mut i, &[(1, "01", "a"), (2, "02", "b")]));
        assert_eq!(s.selected_event().and_then(|e| e.event_type.as_deref()), Some("b"));
        s.move_by(-1);
        assert!(!s.follow);
        s.push(events(&mut i, &[(3, "03", "c"), (4, "00", "late"), (5, "04", "d")]));
        assert_eq!(s.selected_event().and_then(|e| e.event_type.as_deref()), Some("a"));
        assert_eq!(s.new_while_paused, 3);
        assert_eq!(kinds(&s), ["a", "b", "c", "d"], "the late one was trimmed with the oldest");
        assert_eq!(s.ring.trimmed(), 1);
        s.toggle_follow();
        assert_eq!(s.selected_event().and_then(|e| e.event_type.as_deref()), Some("d"));
    }

    #[test]
    fn the_local_filter_narrows_and_follows_new_events() {
        let mut i = SymInterner::default();
        let mut s = LogsState::new(100);
        s.push(events(&mut i, &[(1, "01", "user.session.start"), (2, "02", "app.x"), (3, "03", "user.session.end")]));
        s.set_filter("user");
        s.set_filter("user.session.s");
        assert_eq!(kinds(&s), ["user.session.start"]);
        s.push(events(&mut i, &[(4, "04", "user.session.start"), (5, "05", "app.y")]));
        assert_eq!(kinds(&s), ["user.session.start", "user.session.start"]);
        s.set_filter("");
        assert_eq!(s.visible.len(), 5);
    }

    #[test]
    fn the_prompt_tells_filters_from_keywords() {
        let f = ServerQuery::parse("eventType eq \"user.session.start\"");
        assert_eq!(f.filter.as_deref(), Some("eventType eq \"user.session.start\""));
        let q = ServerQuery::parse(" john 203.0.113.7 ");
        assert_eq!(q.q.as_deref(), Some("john 203.0.113.7"));
        assert!(ServerQuery::parse("  ").is_empty());
        assert_eq!(Window::Days7.next(), Window::Minutes15);
    }
}
