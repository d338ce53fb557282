//! The one pass over the events every detection reads: each event is classified by its
//! `eventType` into the families the detections care about, and the rows of each family are
//! sorted by time. Detections then walk only their families' rows, never the whole log. The
//! events of some family are kept in the compact form ([`HuntEvents`]); the others are
//! counted and dropped, so a hunt holds a few hundred bytes per event read whatever the
//! window. Sign-in events are also read once into compact [`SignIn`]s, which the sign-in
//! detections walk instead of the events. A hunt's events are classified as they are read
//! ([`Classifier`]); [`Signals::new`] classifies a slice of [`LogEvent`]s at once.

use std::borrow::Cow;

use crate::investigate::detect::{SignIn, SignInNames};
use crate::investigate::event::{EventRef, Fields, HuntEvents};
use crate::investigate::memory::Growth;
use crate::okta::model::LogEvent;

pub use crate::investigate::event::BehaviorFlags;

/// A group of event types one or more detections read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `user.session.start`, any outcome.
    SessionStart,
    /// Events that use a sign-in session from a browser: `policy.evaluate_sign_on`,
    /// `user.authentication.sso`, `user.authentication.verify`, `user.session.start`.
    SessionUse,
    /// Second-factor traffic: pushes sent and denied, `auth_via_mfa`, `verify`.
    Mfa,
    /// `user.account.lock`, `user.account.lock.limit`.
    Lock,
    /// Admin roles granted to users or groups.
    PrivilegeGrant,
    /// `user.session.access_admin_app`, and sign-on evaluations for the Admin Console.
    AdminConsole,
    /// `system.api_token.create`.
    ApiToken,
    /// Policy, rule, zone, factor, IdP and log-stream changes.
    PolicyChange,
    /// Factor resets, deactivations and suspensions; password resets.
    FactorChange,
    /// ThreatInsight, ITP risk, user reports, and events Okta marked `threatSuspected`.
    Threat,
    /// Impersonation events and events carrying `debugData.originalPrincipal`.
    Impersonation,
    /// Okta's own session-theft signals (token reuse, client roaming).
    SessionTheft,
}

impl Family {
    const COUNT: usize = 12;

    fn slot(self) -> usize {
        self as usize
    }
}

/// One event of a family: where it is in the input (the events read, kept or not), when it
/// happened (ms since the epoch; `None` when `published` is missing, redacted or
/// impossible), and where its compact form is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub index: usize,
    pub at: Option<i64>,
    slot: u32,
}

/// The events, classified: what every detection reads, owned, so it can be built one event
/// at a time while a window is read (see [`Classifier`]) and judged again without reading
/// the events a second time. Plain data throughout: tables and interners.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Classified {
    /// The events of some family, compact.
    events: HuntEvents,
    families: [Vec<Row>; Family::COUNT],
    /// The `SessionUse` events, in the order of that family's rows.
    sign_ins: Vec<SignIn>,
    /// The `SessionStart` events, in the order of that family's rows.
    starts: Vec<SignIn>,
    names: SignInNames,
    /// Events read, kept or not.
    read: usize,
}

impl Classified {
    /// Classifies `events` in one pass.
    pub fn of(events: &[LogEvent]) -> Classified {
        let mut classifier = Classifier::default();
        for event in events {
            classifier.push_event(event);
        }
        classifier.finish()
    }

    /// How many events were read (classified), kept or not.
    pub fn read(&self) -> usize {
        self.read
    }

    /// How many events are kept (those of some family).
    pub fn kept(&self) -> usize {
        self.events.len()
    }

    /// The bytes the classification has allocated: every table as sized, and the
    /// interners.
    pub fn held_bytes(&self) -> usize {
        self.held_after(0)
    }

    /// The bytes the classification would hold once `more` events like those read so far
    /// are classified too: each table grown as it grows (a `Vec` doubles when full) to take
    /// its share of them.
    pub fn held_after(&self, more: usize) -> usize {
        let growth = Growth { more, read: self.read };
        let rows: usize = self.families.iter().map(|rows| growth.vec(rows)).sum();
        self.events.held_after(&growth)
            + rows
            + growth.vec(&self.sign_ins)
            + growth.vec(&self.starts)
            + self.names.held_after(&growth)
    }
}

/// Classifies events one by one, in the order they are read: pushed right after it is
/// parsed, an event is still in the cache, and reading it costs a fraction of what a pass
/// over a million events scattered in memory does.
#[derive(Debug, Default)]
pub struct Classifier {
    classified: Classified,
    found: Vec<Family>,
}

impl Classifier {
    /// Classifies the next event (the one at index [`Classifier::len`] of the input),
    /// keeping it compactly if it is of some family.
    pub fn push(&mut self, event: &Fields) {
        let index = self.classified.read;
        self.classified.read += 1;
        let found = &mut self.found;
        found.clear();
        if let Some(kind) = event.event_type {
            classify(kind, event, found);
        }
        if !found.contains(&Family::Threat) && event.threat_suspected() == Some(true) {
            found.push(Family::Threat);
        }
        if !found.contains(&Family::Impersonation) && event.has_original_principal() {
            found.push(Family::Impersonation);
        }
        if found.is_empty() {
            return;
        }
        let classified = &mut self.classified;
        // Past four billion kept events (far past any memory budget) an event is dropped.
        let Some(slot) = classified.events.push(event) else { return };
        let Some(kept) = classified.events.get(slot) else { return };
        let at = kept.published_at().map(|t| t.timestamp_millis());
        let row = Row { index, at, slot };
        for family in found.iter() {
            classified.families[family.slot()].push(row);
        }
        if found.contains(&Family::SessionUse) {
            let start = found.contains(&Family::SessionStart);
            let sign_in = classified.names.read(row, kept, start);
            if start {
                classified.starts.push(sign_in);
            }
            classified.sign_ins.push(sign_in);
        }
    }

    /// [`Classifier::push`] for an event of the lenient model.
    pub fn push_event(&mut self, event: &LogEvent) {
        self.push(&Fields::of(event));
    }

    /// Events pushed so far.
    pub fn len(&self) -> usize {
        self.classified.read
    }

    /// Whether no event was pushed.
    pub fn is_empty(&self) -> bool {
        self.classified.read == 0
    }

    /// The bytes held so far (see [`Classified::held_bytes`]).
    pub fn held_bytes(&self) -> usize {
        self.classified.held_bytes()
    }

    /// The bytes held once `more` events follow (see [`Classified::held_after`]).
    pub fn held_after(&self, more: usize) -> usize {
        self.classified.held_after(more)
    }

    /// Forgets the events from index `len` on (a page that turned out unreadable).
    pub fn truncate(&mut self, len: usize) {
        let c = &mut self.classified;
        if len >= c.read {
            return;
        }
        let first_dropped = c.families.iter().flatten().filter(|r| r.index >= len).map(|r| r.slot).min();
        for rows in &mut c.families {
            rows.retain(|r| r.index < len);
        }
        c.sign_ins.retain(|s| s.row.index < len);
        c.starts.retain(|s| s.row.index < len);
        if let Some(slot) = first_dropped {
            c.events.truncate(slot as usize);
        }
        c.read = len;
    }

    /// The classification: rows of each family sorted by time, undated last, input order
    /// kept among equals.
    pub fn finish(self) -> Classified {
        let mut c = self.classified;
        for rows in &mut c.families {
            rows.sort_by_key(|r| (r.at.is_none(), r.at));
        }
        for rows in [&mut c.sign_ins, &mut c.starts] {
            rows.sort_by_key(|s| (s.row.at.is_none(), s.row.at));
        }
        c
    }
}

/// The classified events, as the detections read them.
#[derive(Debug)]
pub struct Signals<'a> {
    classified: Cow<'a, Classified>,
}

impl<'a> Signals<'a> {
    /// Classifies `events` (one pass) and reads them.
    pub fn new(events: &[LogEvent]) -> Signals<'a> {
        Signals { classified: Cow::Owned(Classified::of(events)) }
    }

    /// Reads events already classified.
    pub fn classified(classified: &'a Classified) -> Signals<'a> {
        Signals { classified: Cow::Borrowed(classified) }
    }

    /// The sign-in events (the `SessionUse` family), read once, oldest first, undated last.
    pub fn sign_ins(&self) -> &[SignIn] {
        &self.classified.sign_ins
    }

    /// The `user.session.start` events, read once, oldest first, undated last.
    pub fn starts(&self) -> &[SignIn] {
        &self.classified.starts
    }

    /// The dated `user.session.start` events before `at` (ms).
    pub fn starts_before(&self, at: i64) -> &[SignIn] {
        let starts = self.starts();
        &starts[..starts.partition_point(|s| s.row.at.is_some_and(|t| t < at))]
    }

    /// The strings the sign-ins' ids stand for.
    pub fn names(&self) -> &SignInNames {
        &self.classified.names
    }

    /// The event of a row.
    pub fn event(&self, row: Row) -> EventRef<'_> {
        match self.classified.events.get(row.slot) {
            Some(event) => event,
            None => unreachable!("every row's event is kept: rows and events are truncated together"),
        }
    }

    /// The rows of a family, oldest first, undated last.
    pub fn rows(&self, family: Family) -> &[Row] {
        &self.classified.families[family.slot()]
    }

    /// The dated rows of a family from `from` to `to` (ms, both included), found by binary
    /// search.
    pub fn rows_between(&self, family: Family, from: i64, to: i64) -> &[Row] {
        let rows = self.rows(family);
        let start = rows.partition_point(|r| r.at.is_some_and(|at| at < from));
        let end = rows.partition_point(|r| r.at.is_some_and(|at| at <= to));
        &rows[start..end.max(start)]
    }
}

/// The families of an event type.
fn classify(kind: &str, event: &Fields, out: &mut Vec<Family>) {
    match kind {
        "user.session.start" => out.extend([Family::SessionStart, Family::SessionUse]),
        "user.authentication.sso" => out.push(Family::SessionUse),
        "policy.evaluate_sign_on" => {
            out.push(Family::SessionUse);
            if targets_admin_console(event) {
                out.push(Family::AdminConsole);
            }
        }
        "user.authentication.verify" => out.extend([Family::SessionUse, Family::Mfa]),
        "system.push.send_factor_verify_push" | "user.mfa.okta_verify.deny_push" => out.push(Family::Mfa),
        "user.authentication.auth_via_mfa" => {
            out.push(Family::Mfa);
            if is_phishing_block(event) {
                out.push(Family::Threat);
            }
        }
        "user.account.lock" | "user.account.lock.limit" => out.push(Family::Lock),
        "user.account.privilege.grant" | "group.privilege.grant" | "iam.resourceset.bindings.add" => {
            out.push(Family::PrivilegeGrant)
        }
        "user.session.access_admin_app" => out.push(Family::AdminConsole),
        "system.api_token.create" => out.push(Family::ApiToken),
        "user.mfa.factor.reset_all"
        | "user.mfa.factor.deactivate"
        | "user.mfa.factor.suspend"
        | "user.account.reset_password" => out.push(Family::FactorChange),
        "security.threat.detected" | "user.risk.detect" | "user.account.report_suspicious_activity_by_enduser" => {
            out.push(Family::Threat)
        }
        "app.oauth2.as.token.detect_reuse"
        | "app.oauth2.token.detect_reuse"
        | "security.session.detect_client_roaming" => out.push(Family::SessionTheft),
        k if k.starts_with("user.session.impersonation.") => out.push(Family::Impersonation),
        k if is_policy_change(k) => out.push(Family::PolicyChange),
        _ => {}
    }
    if kind == "user.session.start" && is_phishing_block(event) {
        out.push(Family::Threat);
    }
}

/// The event types that change a security control.
fn is_policy_change(kind: &str) -> bool {
    matches!(
        kind,
        "policy.lifecycle.update"
            | "policy.lifecycle.deactivate"
            | "policy.lifecycle.delete"
            | "policy.rule.update"
            | "policy.rule.deactivate"
            | "policy.rule.delete"
            | "application.policy.sign_on.update"
            | "application.policy.sign_on.rule.delete"
            | "zone.update"
            | "zone.deactivate"
            | "zone.delete"
            | "zone.remove_blacklist"
            | "network_zone.rule.disabled"
            | "system.mfa.factor.deactivate"
            | "security.protected_action.settings.update"
    ) || kind.starts_with("system.log_stream.lifecycle.")
        || kind.starts_with("system.idp.lifecycle.")
}

/// FastPass refused to sign into a phishing proxy.
fn is_phishing_block(event: &Fields) -> bool {
    event.reason.is_some_and(|r| r.eq_ignore_ascii_case("FastPass declined phishing attempt"))
}

/// Whether a target of the event is the Okta Admin Console app (an `AppInstance`: a policy
/// of that name evaluated for another app does not count).
fn targets_admin_console(event: &Fields) -> bool {
    event.targets.iter().filter(|t| t.kind == Some("AppInstance")).any(|t| {
        let named = |s: Option<&str>| s.is_some_and(|s| s.trim().eq_ignore_ascii_case("Okta Admin Console"));
        named(t.display_name) || named(t.alternate_id)
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn event(v: serde_json::Value) -> LogEvent {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn rows_are_classified_and_sorted_with_undated_last() {
        let events = [
            event(json!({"eventType": "user.session.start", "published": "2026-11-30T10:05:00.000Z"})),
            event(json!({"eventType": "user.session.start", "published": "redacted"})),
            event(json!({"eventType": "user.session.start", "published": "2026-11-30T10:00:00.000Z"})),
            event(json!({"eventType": "app.oauth2.as.token.grant.access_token"})),
            event(json!({"eventType": "x", "debugContext": {"debugData": {"threatSuspected": "true"}}})),
        ];
        let s = Signals::new(&events);
        let order: Vec<usize> = s.rows(Family::SessionStart).iter().map(|r| r.index).collect();
        assert_eq!(order, [2, 0, 1]);
        assert_eq!(s.rows(Family::SessionUse).len(), 3);
        assert_eq!(s.rows(Family::Threat).iter().map(|r| r.index).collect::<Vec<_>>(), [4]);
        assert!(s.rows(Family::Mfa).is_empty());
        let ten = chrono::DateTime::parse_from_rfc3339("2026-11-30T10:00:00Z").unwrap().timestamp_millis();
        let between = |from: i64, to: i64| -> Vec<usize> {
            s.rows_between(Family::SessionStart, from, to).iter().map(|r| r.index).collect()
        };
        assert_eq!(between(ten, ten + 300_000), [2, 0]);
        assert_eq!(between(ten + 1, ten + 300_000), [0]);
        assert_eq!(between(ten + 1, ten + 299_999), Vec::<usize>::new());
    }

    #[test]
    fn a_window_cut_short_is_classified_like_the_events_kept() {
        let at = |m: u32| format!("2026-11-30T10:{m:02}:00.000Z");
        let events: Vec<LogEvent> = (0..6)
            .map(|i| {
                let kind = ["user.session.start", "user.account.lock", "user.authentication.verify"][i % 3];
                event(json!({"eventType": kind, "published": at(10 - i as u32),
                    "actor": {"alternateId": format!("u{i}@x")}, "outcome": {"result": "FAILURE"}}))
            })
            .collect();
        let mut classifier = Classifier::default();
        events.iter().for_each(|e| classifier.push_event(e));
        assert_eq!(classifier.len(), 6);
        classifier.truncate(4);
        let (cut, kept) = (classifier.finish(), Classified::of(&events[..4]));
        let (cut, kept) = (Signals::classified(&cut), Signals::classified(&kept));
        let families = [Family::SessionStart, Family::SessionUse, Family::Lock, Family::Mfa];
        for family in families {
            assert_eq!(cut.rows(family), kept.rows(family), "{family:?}");
        }
        let rows = |s: &Signals| s.sign_ins().iter().map(|s| s.row).collect::<Vec<_>>();
        assert_eq!(rows(&cut), rows(&kept));
        assert_eq!(rows(&cut).iter().map(|r| r.index).collect::<Vec<_>>(), [3, 2, 0], "oldest first");
        assert_eq!(cut.starts().len(), 2);
    }
}
