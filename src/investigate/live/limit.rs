//! A flood of findings, held back: at most so many lines a minute; past that each is
//! counted by kind and severity (bounded: one counter per pair) and one summary line says
//! so when the minute is over. The findings held back stay raised (no repeat later).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::investigate::{FindingKind, FindingSeverity};

/// What was held back in one minute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldBack {
    /// Findings not printed.
    pub held_back: usize,
    /// How many of each kind and severity.
    pub by_kind: BTreeMap<String, usize>,
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
}

/// Lets through at most `per_minute` findings a minute.
#[derive(Debug, Clone)]
pub struct Limiter {
    per_minute: usize,
    minute: Option<DateTime<Utc>>,
    let_through: usize,
    held: BTreeMap<(FindingKind, FindingSeverity), usize>,
}

impl Limiter {
    /// A limiter letting `per_minute` findings through each minute (at least one).
    pub fn new(per_minute: usize) -> Limiter {
        Limiter { per_minute: per_minute.max(1), minute: None, let_through: 0, held: BTreeMap::new() }
    }

    /// Whether a finding raised at `now` may be printed; a summary of the minute before is
    /// due first when it held some back (see [`Limiter::due`]).
    pub fn admit(&mut self, now: DateTime<Utc>, kind: FindingKind, severity: FindingSeverity) -> bool {
        if self.minute.is_none_or(|m| now - m >= Duration::minutes(1)) {
            self.minute = Some(now);
            self.let_through = 0;
        }
        if self.let_through < self.per_minute {
            self.let_through += 1;
            return true;
        }
        *self.held.entry((kind, severity)).or_insert(0) += 1;
        false
    }

    /// The summary of the findings held back, once their minute is over at `now` (or at
    /// once with `closing`); then the count starts again.
    pub fn due(&mut self, now: DateTime<Utc>, closing: bool) -> Option<HeldBack> {
        let since = self.minute?;
        let over = closing || now - since >= Duration::minutes(1);
        if !over || self.held.is_empty() {
            return None;
        }
        let held = std::mem::take(&mut self.held);
        let by_kind = held.iter().map(|((k, s), n)| (format!("{}/{}", k.name(), s.name()), *n)).collect();
        Some(HeldBack { held_back: held.values().sum(), by_kind, since, until: now })
    }
}
