//! The live findings the console holds: bounded, newest first, each id once at its latest
//! severity; the evidence set the log pane looks up per drawn row; the header's flash. A
//! finding a suppression rule covers (`[detections.suppress]`, or one the analyst marked
//! benign here) is kept apart, counted and listable, never dropped unsaid.

use chrono::{DateTime, Utc};
use rustc_hash::FxHashSet;

pub use crate::investigate::live::Alert;
use crate::investigate::suppress::{RuleError, SuppressRule, Suppressions};
use crate::investigate::{Finding, FindingSeverity};
use crate::okta::logs::compact::EventId;

/// The most findings the pane keeps: past it the oldest go (and their evidence marks).
pub const MAX_ALERTS: usize = 500;

/// How long the header flashes after a new high or critical finding, ms.
pub const FLASH_MS: i64 = 3_000;

/// Which tail the judge reads (the pane says so).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feed {
    /// Its own tail, filtered to what the detections read.
    Own,
    /// The System Log pane's tail (unfiltered): no request of its own.
    LogPane,
}

/// What the judge task reports.
#[derive(Debug)]
pub enum JudgeMsg {
    /// Findings raised, new or worse, oldest evidence first.
    Alerts { generation: u64, alerts: Vec<Alert> },
    /// The tail it now reads.
    Feed { generation: u64, feed: Feed },
    /// It stopped: why (the users could not be read, or Okta refused the tail's query).
    Failed { generation: u64, message: String },
}

/// One live finding as last raised.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertRow {
    /// The judge's stable id.
    pub id: String,
    pub finding: Finding,
    /// It was raised again, worse (the row shows its latest form).
    pub update: bool,
    /// What changed at the last update.
    pub changed: Option<String>,
    /// When the console received it (its clock, ms since the epoch).
    pub raised_ms: i64,
    /// The rule that suppresses it, if one does.
    pub suppressed_by: Option<String>,
}

/// The `:alerts` pane and the live judge's state in the console.
#[derive(Debug, Default)]
pub struct AlertsPane {
    /// The generation whose judge is listened to.
    pub generation: u64,
    /// Newest first; each id once.
    pub rows: Vec<AlertRow>,
    /// The findings suppressed, newest first; each id once (at most [`MAX_ALERTS`]).
    pub suppressed: Vec<AlertRow>,
    /// Findings suppressed in all (those let go past the bound too).
    pub suppressed_count: usize,
    /// The list shows the suppressed findings instead of the live ones.
    pub show_suppressed: bool,
    /// The rules in force.
    pub rules: Suppressions,
    /// Findings let go past [`MAX_ALERTS`].
    pub dropped: usize,
    pub selected: usize,
    pub offset: usize,
    /// The tail the judge reads, once it said.
    pub feed: Option<Feed>,
    /// Why the judge stopped, if it did.
    pub failed: Option<String>,
    /// Until when (ms) the header flashes, and for what severity.
    pub flash: Option<(i64, FindingSeverity)>,
    /// `[console] bell`: ring the terminal bell on a new high or critical finding.
    pub bell: bool,
    bell_due: bool,
    evidence: FxHashSet<EventId>,
}

impl AlertsPane {
    /// An empty pane; `bell` from the config.
    pub fn new(bell: bool) -> AlertsPane {
        AlertsPane { bell, ..AlertsPane::default() }
    }

    /// The pane with these suppression rules in force.
    pub fn with_rules(mut self, rules: Suppressions) -> AlertsPane {
        self.rules = rules;
        self
    }

    /// The same pane emptied for another org or judge (the bell and the rules stay).
    pub fn reset(&mut self, generation: u64) {
        let rules = std::mem::take(&mut self.rules);
        *self = AlertsPane { generation, ..AlertsPane::new(self.bell).with_rules(rules) };
    }

    /// The rows the list shows: the live findings, or the suppressed ones.
    pub fn shown(&self) -> &[AlertRow] {
        if self.show_suppressed {
            &self.suppressed
        } else {
            &self.rows
        }
    }

    /// Shows the suppressed findings, or the live ones again.
    pub fn toggle_suppressed(&mut self) {
        self.show_suppressed = !self.show_suppressed;
        self.selected = 0;
        self.offset = 0;
    }

    /// Puts `rule` in force (an analyst marked a finding benign): the findings it covers at
    /// `now_ms` leave the live list for the suppressed one.
    pub fn add_rule(&mut self, rule: SuppressRule, now_ms: i64) -> Result<(), RuleError> {
        self.rules.add(rule)?;
        let now = at(now_ms);
        let (covered, kept): (Vec<AlertRow>, Vec<AlertRow>) = std::mem::take(&mut self.rows)
            .into_iter()
            .partition(|row| self.rules.rule_for(&row.finding, now).is_some());
        self.rows = kept;
        for mut row in covered.into_iter().rev() {
            row.suppressed_by = self.rules.rule_for(&row.finding, now).map(|r| r.name().to_string());
            self.keep_suppressed(row);
        }
        self.selected = self.selected.min(self.shown().len().saturating_sub(1));
        self.mark_evidence();
        Ok(())
    }

    /// Files `row` with the suppressed, newest first, each id once, bounded.
    fn keep_suppressed(&mut self, row: AlertRow) {
        let known = self.suppressed.iter().position(|r| r.id == row.id).map(|at| self.suppressed.remove(at));
        if known.is_none() {
            self.suppressed_count = self.suppressed_count.saturating_add(1);
        }
        self.suppressed.insert(0, row);
        self.suppressed.truncate(MAX_ALERTS);
    }

    fn mark_evidence(&mut self) {
        self.evidence = self.rows.iter().flat_map(|r| &r.finding.evidence).map(|u| EventId::parse(u)).collect();
    }

    /// Takes in findings raised at `now_ms`: a new id goes first; an update replaces its
    /// row (counted once, at its new severity) and goes first too. A new high or critical
    /// finding, or one grown into high or critical, flashes the header and rings the bell
    /// (once for the batch, when the bell is on). A selection on the newest row stays on the
    /// newest; one further down stays on its finding.
    pub fn absorb(&mut self, alerts: Vec<Alert>, now_ms: i64) {
        // On the newest, the selection stays on the newest; further down, on its finding.
        let kept = self.selected_row().filter(|_| self.selected > 0).map(|r| r.id.clone());
        let mut louder = None;
        let now = at(now_ms);
        for alert in alerts {
            if let Some(rule) = self.rules.rule_for(&alert.finding, now) {
                let suppressed_by = Some(rule.name().to_string());
                let row = AlertRow {
                    id: alert.id,
                    finding: alert.finding,
                    update: alert.update,
                    changed: alert.changed,
                    raised_ms: now_ms,
                    suppressed_by,
                };
                self.keep_suppressed(row);
                continue;
            }
            let before = self.rows.iter().position(|r| r.id == alert.id).map(|at| self.rows.remove(at));
            let severity = alert.finding.severity;
            let grew = before.as_ref().is_none_or(|b| b.finding.severity < severity);
            if severity >= FindingSeverity::High && grew {
                louder = louder.max(Some(severity));
            }
            let row = AlertRow {
                id: alert.id,
                finding: alert.finding,
                update: alert.update || before.is_some(),
                changed: alert.changed.or_else(|| before.and_then(|b| b.changed)),
                raised_ms: now_ms,
                suppressed_by: None,
            };
            self.rows.insert(0, row);
        }
        if self.rows.len() > MAX_ALERTS {
            self.dropped = self.dropped.saturating_add(self.rows.len() - MAX_ALERTS);
            self.rows.truncate(MAX_ALERTS);
        }
        self.mark_evidence();
        if let Some(severity) = louder {
            self.flash = Some((now_ms.saturating_add(FLASH_MS), severity));
            self.bell_due |= self.bell;
        }
        self.selected = kept.and_then(|id| self.shown().iter().position(|r| r.id == id)).unwrap_or(0);
    }

    /// The findings kept by severity: critical, high, medium, low.
    pub fn counts(&self) -> [usize; 4] {
        let mut counts = [0; 4];
        for row in &self.rows {
            let at = match row.finding.severity {
                FindingSeverity::Critical => 0,
                FindingSeverity::High => 1,
                FindingSeverity::Medium => 2,
                FindingSeverity::Low => 3,
            };
            counts[at] += 1;
        }
        counts
    }

    /// The severity the header flashes for at `now_ms`, while it does.
    pub fn flashing(&self, now_ms: i64) -> Option<FindingSeverity> {
        self.flash.filter(|(until, _)| now_ms < *until).map(|(_, severity)| severity)
    }

    /// Whether the bell is due; it is rung once, so the answer is taken.
    pub fn take_bell(&mut self) -> bool {
        std::mem::take(&mut self.bell_due)
    }

    /// Whether the event `id` is evidence of a finding kept.
    pub fn is_evidence(&self, id: &EventId) -> bool {
        self.evidence.contains(id)
    }

    /// How many events are evidence of the findings kept.
    pub fn evidence_count(&self) -> usize {
        self.evidence.len()
    }

    /// The selected row of the list shown, if any.
    pub fn selected_row(&self) -> Option<&AlertRow> {
        self.shown().get(self.selected)
    }

    /// Scrolls so the selection stays within `rows` rows.
    pub fn keep_in_view(&mut self, rows: usize) {
        self.offset = crate::app::viewport::scrolled(self.selected, self.offset, rows);
    }
}

/// The console's clock reading `ms` as a time (the epoch when out of range).
fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}
