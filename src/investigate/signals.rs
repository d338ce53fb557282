//! The one pass over the events every detection reads: each event is classified by its
//! `eventType` into the families the detections care about, and the rows of each family are
//! sorted by time. Detections then walk only their families' rows, never the whole log. The
//! events of some family are kept in the compact form ([`HuntEvents`]); the others are
//! counted and dropped, so a hunt holds a few hundred bytes per event read whatever the
//! window. Sign-in events are also read once into compact [`SignIn`]s, which the sign-in
//! detections walk instead of the events. A hunt's events are classified as they are read
//! ([`Classifier`]); [`Signals::new`] classifies a slice of [`LogEvent`]s at once.

use std::borrow::Cow;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use crate::investigate::detect::{SignIn, SignInNames};
use crate::investigate::event::{DeltaError, EventRef, Fields, HuntEvents, StoreDelta, StoreMark};
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
    /// Devices enrolled or added to a user (`device.enrollment.create`, `device.user.add`).
    DeviceEnroll,
    /// Phone verification SMS sent (`system.sms.send_phone_verification_message`).
    PhoneVerify,
    /// Sign-ins through an identity provider (`user.authentication.auth_via_IDP`, inbound
    /// SAML, social).
    IdpSignIn,
}

impl Family {
    const COUNT: usize = 15;

    fn slot(self) -> usize {
        self as usize
    }
}

/// One event of a family: where it is in the input (the events read, kept or not), when it
/// happened (ms since the epoch; `None` when `published` is missing, redacted or
/// impossible), and where its compact form is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventRow {
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
    families: [Vec<EventRow>; Family::COUNT],
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
        if !selects(event) {
            return;
        }
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
        let row = EventRow { index, at, slot };
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

/// How far a [`Classifier`] had got (see [`Classifier::delta_since`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClassifierMark {
    store: StoreMark,
    families: [usize; Family::COUNT],
    read: usize,
}

/// What a classifier added after a [`ClassifierMark`]: the compact events kept, and for each
/// family the input index and store slot of its new rows. The rest (the rows' times, the
/// sign-ins and their names) is derived again from the events when it is appended, so a
/// checkpoint holds each event once.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClassifiedDelta {
    /// Events read in all once this delta is in (kept or not).
    read: u64,
    store: StoreDelta,
    /// Per family (in [`Family`] order): `(index, slot)` of each new row.
    rows: Vec<Vec<(u64, u32)>>,
}

impl ClassifiedDelta {
    /// Events read in all once this delta is in.
    pub fn read(&self) -> u64 {
        self.read
    }
}

impl Classifier {
    /// How far the classifier has got.
    pub fn mark(&self) -> ClassifierMark {
        let c = &self.classified;
        ClassifierMark { store: c.events.mark(), families: c.families.each_ref().map(Vec::len), read: c.read }
    }

    /// What was classified after `mark` (taken between pages, never inside one).
    pub fn delta_since(&self, mark: &ClassifierMark) -> ClassifiedDelta {
        let c = &self.classified;
        let rows = c
            .families
            .iter()
            .zip(mark.families)
            .map(|(rows, from)| {
                let new = rows.get(from..).unwrap_or_default();
                new.iter().map(|r| (r.index as u64, r.slot)).collect()
            })
            .collect();
        ClassifiedDelta { read: c.read as u64, store: c.events.delta_since(&mark.store), rows }
    }

    /// Appends a delta taken from a classifier that had got as far as this one: the result
    /// is the classifier it was taken from. Everything in it is checked (it comes from a
    /// file); on an error the classifier must be dropped.
    pub fn extend(&mut self, delta: ClassifiedDelta) -> Result<(), DeltaError> {
        let c = &mut self.classified;
        let read = usize::try_from(delta.read).map_err(|_| DeltaError::new("too many events read"))?;
        if read < c.read || delta.rows.len() != Family::COUNT {
            return Err(DeltaError::new("the events read do not follow on"));
        }
        c.events.extend(delta.store)?;
        let from = c.read;
        let mut families: Vec<Vec<EventRow>> = Vec::with_capacity(Family::COUNT);
        for new in &delta.rows {
            let mut rows = Vec::with_capacity(new.len());
            for &(index, slot) in new {
                let index = usize::try_from(index).map_err(|_| DeltaError::new("an index is out of range"))?;
                let Some(event) = c.events.get(slot).filter(|_| (from..read).contains(&index)) else {
                    return Err(DeltaError::new("a row names an event that is not kept"));
                };
                rows.push(EventRow { index, at: event.published_at().map(|t| t.timestamp_millis()), slot });
            }
            families.push(rows);
        }
        let starts: FxHashSet<u32> = families[Family::SessionStart.slot()].iter().map(|r| r.slot).collect();
        let uses = &families[Family::SessionUse.slot()];
        let used: FxHashSet<u32> = uses.iter().map(|r| r.slot).collect();
        if !starts.is_subset(&used) {
            return Err(DeltaError::new("a session start is not a session use"));
        }
        for &row in uses {
            let Some(event) = c.events.get(row.slot) else { continue };
            let start = starts.contains(&row.slot);
            let sign_in = c.names.read(row, event, start);
            if start {
                c.starts.push(sign_in);
            }
            c.sign_ins.push(sign_in);
        }
        for (rows, new) in c.families.iter_mut().zip(families) {
            rows.extend(new);
        }
        c.read = read;
        Ok(())
    }
}

impl Classifier {
    /// Events kept so far (those of some family); the newest has slot `kept() - 1`.
    pub fn kept(&self) -> usize {
        self.classified.events.len()
    }

    /// The kept event at `slot`.
    pub fn event(&self, slot: u32) -> Option<EventRef<'_>> {
        self.classified.events.get(slot)
    }

    /// A classifier of only the kept events `keep` says yes to (by slot, each asked once,
    /// in slot order), with their rows in their families as classified here (no event is
    /// classified again): the rows of the others, their strings and their sign-ins are gone.
    /// Input indexes and the count read stay, so the copy goes on where this one is.
    pub fn subset(&self, mut keep: impl FnMut(u32) -> bool) -> Classifier {
        let from = &self.classified;
        let mut to = Classified { read: from.read, ..Classified::default() };
        let mut slots: Vec<Option<u32>> = Vec::with_capacity(from.events.len());
        for slot in 0..from.events.len() {
            let slot = u32::try_from(slot).ok();
            let copied = slot.filter(|s| keep(*s)).and_then(|s| to.events.copy_from(&from.events, s));
            slots.push(copied);
        }
        let moved =
            |row: &EventRow| slots.get(row.slot as usize).copied().flatten().map(|slot| EventRow { slot, ..*row });
        for (rows, old) in to.families.iter_mut().zip(&from.families) {
            rows.extend(old.iter().filter_map(moved));
        }
        let starts: FxHashSet<u32> = to.families[Family::SessionStart.slot()].iter().map(|r| r.slot).collect();
        for &row in &to.families[Family::SessionUse.slot()] {
            let Some(event) = to.events.get(row.slot) else { continue };
            let start = starts.contains(&row.slot);
            let sign_in = to.names.read(row, event, start);
            if start {
                to.starts.push(sign_in);
            }
            to.sign_ins.push(sign_in);
        }
        Classifier { classified: to, found: Vec::new() }
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
    pub fn event(&self, row: EventRow) -> EventRef<'_> {
        match self.classified.events.get(row.slot) {
            Some(event) => event,
            None => unreachable!("every row's event is kept: rows and events are truncated together"),
        }
    }

    /// The rows of a family, oldest first, undated last.
    pub fn rows(&self, family: Family) -> &[EventRow] {
        &self.classified.families[family.slot()]
    }

    /// The dated rows of a family from `from` to `to` (ms, both included), found by binary
    /// search.
    pub fn rows_between(&self, family: Family, from: i64, to: i64) -> &[EventRow] {
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
        "security.threat.detected"
        | "user.risk.detect"
        | "user.risk.change"
        | "user.session.context.change"
        | "policy.entity_risk.action"
        | "user.account.report_suspicious_activity_by_enduser" => out.push(Family::Threat),
        "device.enrollment.create" | "device.user.add" => out.push(Family::DeviceEnroll),
        "system.sms.send_phone_verification_message" => out.push(Family::PhoneVerify),
        "user.authentication.auth_via_IDP"
        | "user.authentication.auth_via_inbound_SAML"
        | "user.authentication.auth_via_social" => out.push(Family::IdpSignIn),
        "app.oauth2.as.token.detect_reuse"
        | "app.oauth2.token.detect_reuse"
        | "security.session.detect_client_roaming" => out.push(Family::SessionTheft),
        k if k.starts_with("user.session.impersonation.") => out.push(Family::Impersonation),
        k if THREAT_PREFIXES.iter().any(|p| k.starts_with(p)) => out.push(Family::Threat),
        k if is_policy_change(k) => out.push(Family::PolicyChange),
        _ => {}
    }
    if kind == "user.session.start" && is_phishing_block(event) {
        out.push(Family::Threat);
    }
}

/// The event types that change a security control.
fn is_policy_change(kind: &str) -> bool {
    POLICY_CHANGES.contains(&kind) || POLICY_CHANGE_PREFIXES.iter().any(|p| kind.starts_with(p))
}

/// The event types of [`Family::PolicyChange`], by name.
const POLICY_CHANGES: &[&str] = &[
    "policy.lifecycle.create",
    "policy.lifecycle.activate",
    "policy.lifecycle.update",
    "policy.lifecycle.deactivate",
    "policy.lifecycle.delete",
    "policy.rule.add",
    "policy.rule.update",
    "policy.rule.deactivate",
    "policy.rule.delete",
    "application.policy.sign_on.update",
    "application.policy.sign_on.rule.delete",
    "zone.create",
    "zone.update",
    "zone.deactivate",
    "zone.delete",
    "zone.remove_blacklist",
    "network_zone.rule.disabled",
    "system.mfa.factor.deactivate",
    "security.protected_action.settings.update",
    "app.oauth2.client.read_client_secret",
];

/// The event types of [`Family::PolicyChange`], by prefix.
const POLICY_CHANGE_PREFIXES: &[&str] =
    &["system.log_stream.lifecycle.", "system.idp.lifecycle.", "security.authenticator.lifecycle."];

/// Identity Threat Protection's session events of [`Family::Threat`], by prefix: a session
/// re-evaluated against policy, and the deprecated continuous-access names.
const THREAT_PREFIXES: &[&str] = &["policy.auth_reevaluate.", "policy.continuous_access."];

/// Every event type [`classify`] names, but the policy changes.
const CLASSIFIED_TYPES: &[&str] = &[
    "user.session.start",
    "user.authentication.sso",
    "policy.evaluate_sign_on",
    "user.authentication.verify",
    "system.push.send_factor_verify_push",
    "user.mfa.okta_verify.deny_push",
    "user.authentication.auth_via_mfa",
    "user.account.lock",
    "user.account.lock.limit",
    "user.account.privilege.grant",
    "group.privilege.grant",
    "iam.resourceset.bindings.add",
    "user.session.access_admin_app",
    "system.api_token.create",
    "user.mfa.factor.reset_all",
    "user.mfa.factor.deactivate",
    "user.mfa.factor.suspend",
    "user.account.reset_password",
    "security.threat.detected",
    "user.risk.detect",
    "user.risk.change",
    "user.session.context.change",
    "policy.entity_risk.action",
    "user.account.report_suspicious_activity_by_enduser",
    "device.enrollment.create",
    "device.user.add",
    "system.sms.send_phone_verification_message",
    "user.authentication.auth_via_IDP",
    "user.authentication.auth_via_inbound_SAML",
    "user.authentication.auth_via_social",
    "app.oauth2.as.token.detect_reuse",
    "app.oauth2.token.detect_reuse",
    "security.session.detect_client_roaming",
];

/// Event types [`classify`] names by prefix, but the policy changes.
const CLASSIFIED_PREFIXES: &[&str] =
    &["user.session.impersonation.", "policy.auth_reevaluate.", "policy.continuous_access."];

/// `debugData.threatSuspected`: `true` puts an event of any type in the `Threat` family.
const THREAT_KEY: &str = "threatSuspected";
/// `debugData.originalPrincipal`: its presence puts an event of any type in the
/// `Impersonation` family.
const PRINCIPAL_KEY: &str = "originalPrincipal";

/// Whether the hunt's server-side filter ([`hunt_filter`]) sends `event`: its type is one
/// the families name (exactly or by prefix), its `debugData.threatSuspected` is `true` as
/// SCIM's `eq "true"` compares, or its `debugData.originalPrincipal` is present as SCIM's
/// `pr` says (not null, `""` or `{}`). The classifier reads only such events (it asks this
/// first), so that reading only them is exact. (Okta marks nearly every event
/// `"threatSuspected": "false"`: presence alone would select them all.)
fn selects(event: &Fields) -> bool {
    let typed = event.event_type.is_some_and(|kind| {
        CLASSIFIED_TYPES.contains(&kind)
            || POLICY_CHANGES.contains(&kind)
            || CLASSIFIED_PREFIXES.iter().chain(POLICY_CHANGE_PREFIXES).any(|p| kind.starts_with(p))
    });
    typed || event.debug_is_true(THREAT_KEY) || event.debug_is_present(PRINCIPAL_KEY)
}

/// The System Log filter a hunt reads with: the events of some family and no others that
/// the classifier would keep, so reading only them changes no finding.
///
/// The rule that makes it exact: every detection reads only the rows of its families
/// ([`Signals::rows`], the sign-ins), and the classifier puts an event in a family only if
/// [`selects`] holds for it (it checks that first). The filter is made from the same lists
/// as [`selects`], each clause at least as wide as its test: `eventType eq` compares without
/// case where the classifier compares exactly, `sw` likewise for the prefixes, and `pr` is
/// the very test `selects` makes of the `debugData` keys. So Okta sends every event a
/// family could hold, and the events it leaves out are ones the classifier would have
/// counted and dropped. (`eq "true"` is what `selects` tests of `threatSuspected` too: a
/// flag written ` true`, with spaces, is not sent and not classified.) A detection that
/// counted every event of an actor (any type) could
/// not be judged from this filter: it would need a family of every type, and the filter
/// would then be left out. Only the count of events read differs (it counts what was sent).
pub fn hunt_filter() -> String {
    let types = CLASSIFIED_TYPES.iter().chain(POLICY_CHANGES).map(|t| format!("eventType eq \"{t}\""));
    let prefixes = CLASSIFIED_PREFIXES.iter().chain(POLICY_CHANGE_PREFIXES).map(|p| format!("eventType sw \"{p}\""));
    let debug = [
        format!("debugContext.debugData.{THREAT_KEY} eq \"true\""),
        format!("debugContext.debugData.{PRINCIPAL_KEY} pr"),
    ];
    types.chain(prefixes).chain(debug).collect::<Vec<_>>().join(" or ")
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

    fn day() -> Vec<LogEvent> {
        let kinds = [
            "user.session.start",
            "user.authentication.verify",
            "app.oauth2.as.token.grant.access_token",
            "user.account.lock",
            "policy.evaluate_sign_on",
            "user.session.impersonation.grant",
        ];
        (0..60)
            .map(|i| {
                event(json!({"uuid": format!("e{i}"), "eventType": kinds[i % kinds.len()],
                    "published": format!("2026-11-30T10:{:02}:00.000Z", i % 60),
                    "actor": {"alternateId": format!("u{}@x", i % 7)}, "client": {"ipAddress": format!("10.0.0.{}", i % 5),
                    "userAgent": {"rawUserAgent": "curl/8"}}, "outcome": {"result": (["FAILURE", "SUCCESS"][i % 2])},
                    "target": [{"type": "AppInstance", "displayName": "Okta Admin Console", "alternateId": format!("t{i}")}],
                    "debugContext": {"debugData": {"threatSuspected": (["true", "false", ""][i % 3])}}}))
            })
            .collect()
    }

    #[test]
    fn deltas_rebuild_the_classifier_they_were_taken_from() {
        let events = day();
        let mut live = Classifier::default();
        let mut rebuilt = Classifier::default();
        let mut mark = live.mark();
        for page in events.chunks(7) {
            page.iter().for_each(|e| live.push_event(e));
            let delta = live.delta_since(&mark);
            mark = live.mark();
            let bytes = postcard::to_stdvec(&delta).unwrap();
            rebuilt.extend(postcard::from_bytes(&bytes).unwrap()).unwrap();
        }
        assert_eq!(rebuilt.len(), 60);
        assert_eq!(rebuilt.finish(), live.finish());
    }

    #[test]
    fn a_delta_that_does_not_fit_is_refused() {
        let events = day();
        let mut live = Classifier::default();
        events.iter().for_each(|e| live.push_event(e));
        let whole = live.delta_since(&ClassifierMark::default());
        let mut bad = whole.clone();
        bad.rows[Family::Lock.slot()].push((3, 9999));
        assert!(Classifier::default().extend(bad).is_err(), "a row of an event not kept");
        let mut bad = whole.clone();
        bad.read = 2;
        assert!(Classifier::default().extend(bad).is_err(), "rows past the events read");
        let mut bad = whole.clone();
        bad.rows.pop();
        assert!(Classifier::default().extend(bad).is_err(), "a family missing");
        let mut twice = Classifier::default();
        twice.extend(whole.clone()).unwrap();
        assert!(twice.extend(whole).is_err(), "the same strings again");
    }

    #[test]
    fn the_server_filter_sends_every_event_a_family_holds() {
        let typed = |kind: &str| event(json!({"eventType": kind}));
        let every = CLASSIFIED_TYPES.iter().chain(POLICY_CHANGES).map(|k| k.to_string());
        let prefixed = CLASSIFIED_PREFIXES.iter().chain(POLICY_CHANGE_PREFIXES).map(|p| format!("{p}create"));
        for kind in every.chain(prefixed) {
            let mut found = Vec::new();
            let e = typed(&kind);
            classify(&kind, &Fields::of(&e), &mut found);
            assert!(!found.is_empty(), "{kind} is in the filter but no family");
            assert!(hunt_filter().contains(&format!("\"{}", &kind[..kind.len().min(20)])), "{kind}");
        }
        let quiet = typed("app.oauth2.as.token.grant.access_token");
        assert!(Classified::of(std::slice::from_ref(&quiet)).kept() == 0 && !selects(&Fields::of(&quiet)));
        let empty = event(json!({"eventType": "x", "debugContext": {"debugData": {"originalPrincipal": ""}}}));
        assert_eq!(Classified::of(&[empty]).kept(), 0, "an empty originalPrincipal is not `pr`: not sent, not kept");
        let flagged = event(json!({"eventType": "x", "debugContext": {"debugData": {"threatSuspected": "TRUE"}}}));
        assert_eq!(Classified::of(&[flagged]).kept(), 1);
        let cleared = event(json!({"eventType": "x", "debugContext": {"debugData": {"threatSuspected": "false"}}}));
        assert_eq!(Classified::of(&[cleared]).kept(), 0);
    }
}
