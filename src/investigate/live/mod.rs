//! Live detection: the tail judged as it arrives. [`LiveJudge`] is fed the tail's pages;
//! each is classified into the same compact rows as a hunt's ([`window`]), kept for as long
//! as the longest detection needs ([`window::retention_ms`], from the thresholds), and
//! judged by the same detectors ([`crate::investigate::judge`]) over only the events of the
//! users and IPs the page touched: every event of the window by or about each of those
//! users, or from each of those IPs. A finding is kept only when its principal (the spray's
//! IP, else its first user) is one of those: its whole history in the window was judged.
//! Each is matched against what was raised before ([`raised`]): new, worse (same id), or
//! known. Windows are measured on `published`, never the local clock; an event arriving
//! late joins its window as long as the window still reaches back to it.
//!
//! What this cannot see, against a hunt over the same window:
//! - a finding about a user or IP the page did not touch is not judged again: one that a
//!   page makes worse only through another entity's events waits for that entity's next
//!   event (none of today's detections works that way: a success after a spray names the
//!   spraying IP, an accepted push the user);
//! - `new_country`, `impossible_travel` and `new_device` compare a sign-in with the user's
//!   history as far as the window reaches (the retention, not the hunt's whole window);
//! - events without a `published` time are never judged in a window (they leave it at the
//!   next eviction), nor are events older than the window when they arrive (they leave
//!   with it).

pub mod limit;
pub mod raised;
pub mod window;

#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::investigate::signals::Signals;
use crate::investigate::{judge, DetectionConfig, Directory, Finding, FindingKind, FindingSeverity};
use crate::okta::logs::elements::PageError;
use crate::okta::logs::TailedEvent;
use raised::{principal, Raised, RaisedTable, Verdict};
use window::{retention_ms, Touched, Window, WindowStats};

/// The most kept events the window holds by default (about 200 MB of compact events):
/// past it the window is cut short rather than grow.
pub const DEFAULT_MAX_EVENTS: usize = 1_000_000;

/// Which findings are wanted: the others are neither raised nor remembered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interest {
    /// The kinds wanted; empty: every kind.
    pub kinds: Vec<FindingKind>,
    /// The least severity wanted.
    pub min_severity: FindingSeverity,
}

impl Default for Interest {
    fn default() -> Interest {
        Interest { kinds: Vec::new(), min_severity: FindingSeverity::Low }
    }
}

impl Interest {
    fn wants(&self, finding: &Finding) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&finding.kind)) && finding.severity >= self.min_severity
    }
}

/// A finding raised: first (`update` false) or again because it grew worse.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    pub id: String,
    /// It supersedes an earlier alert with the same id.
    pub update: bool,
    /// What changed since the earlier alert (updates only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed: Option<String>,
    #[serde(flatten)]
    pub finding: Finding,
}

/// The live judge: a window of classified events, the findings raised, the thresholds.
#[derive(Debug)]
pub struct LiveJudge {
    window: Window,
    raised: RaisedTable,
    config: DetectionConfig,
    directory: Directory,
    interest: Interest,
}

impl LiveJudge {
    /// A judge with an empty window and nothing raised.
    pub fn new(config: DetectionConfig, directory: Directory, interest: Interest) -> LiveJudge {
        let window = Window::new(retention_ms(&config), DEFAULT_MAX_EVENTS);
        LiveJudge { window, raised: RaisedTable::default(), config, directory, interest }
    }

    /// The judge with at most `max_events` kept events in its window.
    pub fn with_max_events(mut self, max_events: usize) -> LiveJudge {
        self.window = Window::new(retention_ms(&self.config), max_events);
        self
    }

    /// The judge remembering `raised` (from an earlier run): they are not raised again
    /// unless worse.
    pub fn with_raised(mut self, raised: impl IntoIterator<Item = Raised>) -> LiveJudge {
        self.raised = RaisedTable::of(raised);
        self
    }

    /// Classifies a page of the tail into the window and judges what it touched: the
    /// findings raised, new or worse, oldest evidence first.
    pub fn page(&mut self, page: &[TailedEvent]) -> Result<Vec<Alert>, PageError> {
        let touched = self.window.push(page)?;
        let alerts = self.judge(&touched);
        if let Some(newest) = self.window.newest_ms() {
            let retention = retention_ms(&self.config);
            self.raised.forget_before(newest.saturating_sub(retention.saturating_mul(2)));
        }
        Ok(alerts)
    }

    fn judge(&mut self, touched: &Touched) -> Vec<Alert> {
        if touched.is_empty() {
            return Vec::new();
        }
        let classified = self.window.of(touched);
        let mut findings = judge(&Signals::classified(&classified), &self.directory, &self.config);
        findings.retain(|f| {
            let p = principal(f);
            self.interest.wants(f) && (touched.users.contains(p) || touched.ips.contains(p))
        });
        findings.sort_by_key(|f| (f.first_seen, f.kind));
        let mut alerts = Vec::new();
        for finding in findings {
            let alert = match self.raised.judge(&finding) {
                Verdict::New(id) => Alert { id, update: false, changed: None, finding },
                Verdict::Worse { id, changed } => Alert { id, update: true, changed: Some(changed), finding },
                Verdict::Known => continue,
            };
            alerts.push(alert);
        }
        alerts
    }

    /// The findings raised and remembered (what `--resume` keeps).
    pub fn raised(&self) -> impl Iterator<Item = &Raised> {
        self.raised.all()
    }

    /// The newest `published` read, ms since the epoch.
    pub fn newest_ms(&self) -> Option<i64> {
        self.window.newest_ms()
    }

    /// How far back the window reaches, ms.
    pub fn retention_ms(&self) -> i64 {
        retention_ms(&self.config)
    }

    /// What the window holds and has let go.
    pub fn stats(&self) -> WindowStats {
        self.window.stats()
    }
}
