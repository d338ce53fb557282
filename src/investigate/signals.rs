//! The one pass over the events every detection reads: each event is classified by its
//! `eventType` into the families the detections care about, its `published` time is read
//! once, and the rows of each family are sorted by time. Detections then walk only their
//! families' rows, never the whole log. Behaviors and risk, costly to read in their general
//! shapes, are read on demand through [`behavior_flags`] and [`risk_is_high`], which take a
//! fast path for Okta's usual Java-map strings. Sign-in events are also read once into
//! compact [`SignIn`]s, which the sign-in detections walk instead of the events. A hunt's
//! events are classified as they are read ([`Classifier`]); [`Signals::new`] classifies a
//! slice at once.

use std::borrow::Cow;

use serde_json::Value;

use crate::investigate::detect::{SignIn, SignInNames};
use crate::okta::model::LogEvent;

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

/// One event of a family: where it is in the input and when it happened (ms since the
/// epoch; `None` when `published` is missing, redacted or impossible).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub index: usize,
    pub at: Option<i64>,
}

/// The events, classified: what every detection reads, owned, so it can be built one event
/// at a time while a window is read (see [`Classifier`]) and judged again without reading
/// the events a second time.
#[derive(Debug, Clone, Default)]
pub struct Classified {
    families: [Vec<Row>; Family::COUNT],
    /// The `SessionUse` events, in the order of that family's rows.
    sign_ins: Vec<SignIn>,
    /// The `SessionStart` events, in the order of that family's rows.
    starts: Vec<SignIn>,
    names: SignInNames,
}

impl Classified {
    /// Classifies `events` in one pass.
    pub fn of(events: &[LogEvent]) -> Classified {
        let mut classifier = Classifier::default();
        for event in events {
            classifier.push(event);
        }
        classifier.finish()
    }
}

/// Classifies events one by one, in the order of the slice they will be judged in: pushed
/// right after it is parsed, an event is still in the cache, and reading it costs a
/// fraction of what a pass over a million events scattered in memory does.
#[derive(Debug, Default)]
pub struct Classifier {
    classified: Classified,
    next: usize,
    found: Vec<Family>,
}

impl Classifier {
    /// Classifies the next event (the one at index [`Classifier::len`] of the slice).
    pub fn push(&mut self, event: &LogEvent) {
        let index = self.next;
        self.next += 1;
        let found = &mut self.found;
        found.clear();
        if let Some(kind) = event.event_type() {
            classify(kind, event, found);
        }
        let keys = DebugKeys::of(event);
        if !found.contains(&Family::Threat) && keys.threat_suspected() {
            found.push(Family::Threat);
        }
        if !found.contains(&Family::Impersonation) && keys.original_principal {
            found.push(Family::Impersonation);
        }
        if found.is_empty() {
            return;
        }
        let at = event.published_at().map(|t| t.timestamp_millis());
        let row = Row { index, at };
        let classified = &mut self.classified;
        for family in found.iter() {
            classified.families[family.slot()].push(row);
        }
        if found.contains(&Family::SessionUse) {
            let start = found.contains(&Family::SessionStart);
            let sign_in = classified.names.read(row, event, &keys, start);
            if start {
                classified.starts.push(sign_in);
            }
            classified.sign_ins.push(sign_in);
        }
    }

    /// Events pushed so far.
    pub fn len(&self) -> usize {
        self.next
    }

    /// Whether no event was pushed.
    pub fn is_empty(&self) -> bool {
        self.next == 0
    }

    /// Forgets the events from index `len` on (a window cut short after they were read).
    pub fn truncate(&mut self, len: usize) {
        if len >= self.next {
            return;
        }
        let c = &mut self.classified;
        for rows in &mut c.families {
            rows.retain(|r| r.index < len);
        }
        c.sign_ins.retain(|s| s.row.index < len);
        c.starts.retain(|s| s.row.index < len);
        self.next = len;
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

/// The events and their classification, as the detections read them.
#[derive(Debug)]
pub struct Signals<'a> {
    events: &'a [LogEvent],
    classified: Cow<'a, Classified>,
}

impl<'a> Signals<'a> {
    /// Classifies `events` (one pass) and reads them.
    pub fn new(events: &'a [LogEvent]) -> Signals<'a> {
        Signals { events, classified: Cow::Owned(Classified::of(events)) }
    }

    /// Reads `events` through their classification, made by [`Classified::of`] or a
    /// [`Classifier`] fed exactly these events in this order.
    pub fn classified(events: &'a [LogEvent], classified: &'a Classified) -> Signals<'a> {
        Signals { events, classified: Cow::Borrowed(classified) }
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
    pub fn event(&self, row: Row) -> &'a LogEvent {
        &self.events[row.index]
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
fn classify(kind: &str, event: &LogEvent, out: &mut Vec<Family>) {
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
fn is_phishing_block(event: &LogEvent) -> bool {
    event.outcome_reason().is_some_and(|r| r.eq_ignore_ascii_case("FastPass declined phishing attempt"))
}

/// Whether a target of the event is the Okta Admin Console app (an `AppInstance`: a policy
/// of that name evaluated for another app does not count).
fn targets_admin_console(event: &LogEvent) -> bool {
    event.targets_of_type("AppInstance").any(|t| {
        let named = |s: Option<&str>| s.is_some_and(|s| s.trim().eq_ignore_ascii_case("Okta Admin Console"));
        named(t.display_name.as_deref()) || named(t.alternate_id.as_deref())
    })
}

/// Okta's behavior verdicts that came out `POSITIVE` on an event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BehaviorFlags {
    pub new_device: bool,
    pub new_geo_location: bool,
    pub new_ip: bool,
    pub new_country: bool,
    pub new_city: bool,
    pub velocity: bool,
}

impl BehaviorFlags {
    fn set(&mut self, name: &str, result: &str) {
        if !result.trim().eq_ignore_ascii_case("POSITIVE") {
            return;
        }
        match name.trim() {
            n if n.eq_ignore_ascii_case("New Device") => self.new_device = true,
            n if n.eq_ignore_ascii_case("New Geo-Location") => self.new_geo_location = true,
            n if n.eq_ignore_ascii_case("New IP") => self.new_ip = true,
            n if n.eq_ignore_ascii_case("New Country") => self.new_country = true,
            n if n.eq_ignore_ascii_case("New City") => self.new_city = true,
            n if n.eq_ignore_ascii_case("Velocity") || n.eq_ignore_ascii_case("Velocity Behavior") => {
                self.velocity = true
            }
            _ => {}
        }
    }

    /// Whether any new-place verdict is positive (geo-location, country, city or IP).
    pub fn new_place(&self) -> bool {
        self.new_geo_location || self.new_country || self.new_city || self.new_ip
    }

    /// Whether anything is positive.
    pub fn any(&self) -> bool {
        self.new_device || self.new_place() || self.velocity
    }
}

/// The `debugData` values the classifying pass and the sign-in rows read, found in one walk
/// over its keys: each lookup in the map compares several keys, each a pointer away.
#[derive(Debug, Clone, Copy, Default)]
pub struct DebugKeys<'a> {
    behaviors: Option<&'a Value>,
    risk: Option<&'a Value>,
    threat_suspected: Option<&'a Value>,
    /// `logOnlySecurityData` is present.
    pub log_only_security_data: bool,
    /// `tunnels` is present.
    pub tunnels: bool,
    /// `originalPrincipal` is present.
    pub original_principal: bool,
}

impl<'a> DebugKeys<'a> {
    /// The keys of the event's `debugData` (none when it has none).
    pub fn of(event: &'a LogEvent) -> DebugKeys<'a> {
        let mut keys = DebugKeys::default();
        for (key, value) in event.debug_data().into_iter().flat_map(|d| d.0.iter()) {
            match key.as_str() {
                "behaviors" => keys.behaviors = Some(value),
                "risk" => keys.risk = Some(value),
                "threatSuspected" => keys.threat_suspected = Some(value),
                "logOnlySecurityData" => keys.log_only_security_data = true,
                "tunnels" => keys.tunnels = true,
                "originalPrincipal" => keys.original_principal = true,
                _ => {}
            }
        }
        keys
    }

    /// `threatSuspected` is `true` (a boolean, or the string in any case; see
    /// [`crate::okta::model::debug_data::DebugData::threat_suspected`]).
    pub fn threat_suspected(&self) -> bool {
        match self.threat_suspected {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("true"),
            _ => false,
        }
    }
}

/// The behaviors of an event. `debugData.behaviors` as a Java-map string (Okta's usual form)
/// is read without allocating; any other shape goes through [`LogEvent::behaviors`].
pub fn behavior_flags(event: &LogEvent) -> BehaviorFlags {
    behavior_flags_given(event, &DebugKeys::of(event))
}

/// [`behavior_flags`], with the event's `debugData` keys already found.
pub fn behavior_flags_given(event: &LogEvent, keys: &DebugKeys) -> BehaviorFlags {
    let mut flags = BehaviorFlags::default();
    let quick = keys.behaviors.and_then(|v| v.as_str()).and_then(java_map_body);
    match quick {
        Some(body) => {
            for pair in body.split(',') {
                if let Some((name, result)) = pair.split_once('=') {
                    flags.set(name, result);
                }
            }
            if let Some(structured) = event.security_context.as_ref().and_then(|s| s.user_behaviors.as_ref()) {
                for b in structured {
                    if let (Some(name), Some(result)) = (b.name.as_deref(), b.result.as_deref()) {
                        flags.set(name, result);
                    }
                }
            }
        }
        None => {
            for (name, result) in event.behaviors() {
                flags.set(&name, &result);
            }
        }
    }
    flags
}

/// Whether the event carries any behavior verdicts (in `debugData` or `securityContext`).
pub fn has_behaviors(event: &LogEvent) -> bool {
    has_behaviors_given(event, &DebugKeys::of(event))
}

/// [`has_behaviors`], with the event's `debugData` keys already found.
pub fn has_behaviors_given(event: &LogEvent, keys: &DebugKeys) -> bool {
    let in_debug = keys.behaviors.is_some() || keys.log_only_security_data;
    in_debug || event.security_context.as_ref().is_some_and(|s| s.user_behaviors.is_some())
}

/// Whether Okta rated the event's risk `HIGH`: the Java-map `debugData.risk` read without
/// allocating, else [`LogEvent::risk`].
pub fn risk_is_high(event: &LogEvent) -> bool {
    risk_is_high_given(event, &DebugKeys::of(event))
}

/// [`risk_is_high`], with the event's `debugData` keys already found.
pub fn risk_is_high_given(event: &LogEvent, keys: &DebugKeys) -> bool {
    let quick = keys.risk.and_then(|v| v.as_str()).and_then(java_map_body);
    if let Some(body) = quick {
        let level = body.split(',').filter_map(|p| p.split_once('=')).find(|(k, _)| k.trim() == "level");
        if let Some((_, level)) = level {
            return level.trim().eq_ignore_ascii_case("HIGH");
        }
    }
    event.risk().and_then(|r| r.level).is_some_and(|l| l.eq_ignore_ascii_case("HIGH"))
}

/// The inside of `{k=v, …}` when the text is a Java map, not JSON.
fn java_map_body(text: &str) -> Option<&str> {
    let inner = text.trim().strip_prefix('{')?.strip_suffix('}')?;
    (!inner.trim_start().starts_with('"')).then_some(inner)
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
        events.iter().for_each(|e| classifier.push(e));
        assert_eq!(classifier.len(), 6);
        classifier.truncate(4);
        let (cut, kept) = (classifier.finish(), Classified::of(&events[..4]));
        let (cut, kept) = (Signals::classified(&events[..4], &cut), Signals::classified(&events[..4], &kept));
        let families = [Family::SessionStart, Family::SessionUse, Family::Lock, Family::Mfa];
        for family in families {
            assert_eq!(cut.rows(family), kept.rows(family), "{family:?}");
        }
        let rows = |s: &Signals| s.sign_ins().iter().map(|s| s.row).collect::<Vec<_>>();
        assert_eq!(rows(&cut), rows(&kept));
        assert_eq!(rows(&cut).iter().map(|r| r.index).collect::<Vec<_>>(), [3, 2, 0], "oldest first");
        assert_eq!(cut.starts().len(), 2);
    }

    #[test]
    fn behaviors_and_risk_in_every_shape() {
        let java = event(json!({"debugContext": {"debugData": {
            "behaviors": "{New Geo-Location=NEGATIVE, New Device=POSITIVE, Velocity Behavior=POSITIVE}",
            "risk": "{reasons=Anomalous Device, Anomalous Location, level=HIGH}"}}}));
        let flags = behavior_flags(&java);
        assert!(flags.new_device && flags.velocity && !flags.new_geo_location);
        assert!(risk_is_high(&java));
        let log_only = event(json!({"debugContext": {"debugData": {
            "logOnlySecurityData": "{\"risk\":{\"level\":\"HIGH\"},\"behaviors\":{\"New IP\":\"POSITIVE\"}}"}}}));
        assert!(behavior_flags(&log_only).new_ip && risk_is_high(&log_only));
        let structured =
            event(json!({"securityContext": {"userBehaviors": [{"name": "New Country", "result": "POSITIVE"}],
            "risk": {"level": "LOW"}}}));
        assert!(behavior_flags(&structured).new_country && !risk_is_high(&structured));
        let nothing = event(json!({"debugContext": {"debugData": {"behaviors": 7, "risk": "{level=LOW}"}}}));
        assert_eq!(behavior_flags(&nothing), BehaviorFlags::default());
        assert!(!risk_is_high(&nothing));
    }
}
