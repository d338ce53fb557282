//! The compact form of a System Log event that the tail retains: typed fields for display,
//! filtering and pivots, every string sanitised once and interned, so a million retained
//! events fit in a few hundred megabytes. The whole event stays available as JSON only
//! where the detail view needs it (see [`super::ring`]).
//!
//! Parsing reads straight from the page's bytes into borrowed fields (the fast path);
//! an event whose shape surprises it (a field of the wrong type, lower-cased keys of an
//! export) is read through the lenient [`LogEvent`]
//! model instead, which never fails on an object.

use std::collections::HashSet;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use super::elements::walk_page;
pub use super::elements::PageError;
use super::published::published_millis;
use super::shape::{AuthShape, GeoShape, HopShape, OutcomeShape, PartyShape};
use super::text::Text;
use crate::okta::model::LogEvent;
use crate::sanitize::clean;
use serde::Deserialize;

/// A sanitised, shared string.
pub type Sym = Arc<str>;

/// Interns sanitised strings: equal strings of many events share one allocation. Strings
/// no retained event uses any more are dropped by [`SymInterner::purge`].
#[derive(Debug, Default)]
pub struct SymInterner {
    set: HashSet<Sym, foldhash::fast::RandomState>,
    /// Where two-part strings are put together before they are looked up.
    scratch: String,
}

impl SymInterner {
    /// The shared, sanitised form of `text`; `None` for empty text.
    pub fn intern(&mut self, text: &str) -> Option<Sym> {
        if text.is_empty() {
            return None;
        }
        // The set holds only clean strings, so text found as it is needs no cleaning.
        if let Some(sym) = self.set.get(text) {
            return Some(sym.clone());
        }
        let cleaned = clean(text);
        if let Some(sym) = self.set.get(cleaned.as_ref()) {
            return Some(sym.clone());
        }
        let sym: Sym = Arc::from(cleaned.as_ref());
        self.set.insert(sym.clone());
        Some(sym)
    }

    /// The shared, sanitised form of `first second`, allocating only for a new string.
    pub fn intern_joined(&mut self, first: &str, second: &str) -> Option<Sym> {
        let mut joined = std::mem::take(&mut self.scratch);
        joined.clear();
        joined.extend([first, " ", second]);
        let sym = self.intern(&joined);
        self.scratch = joined;
        sym
    }

    /// Forgets the strings only the interner still holds.
    pub fn purge(&mut self) {
        self.set.retain(|s| Arc::strong_count(s) > 1);
    }

    /// Distinct strings held.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// Whether no string is held.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}

/// An event's `uuid`: 16 bytes when it is a canonical (lower-case, hyphenated) UUID, as
/// Okta's are; the text itself otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventId {
    Uuid(u128),
    Other(Box<str>),
}

impl EventId {
    /// Reads a `uuid` value.
    pub fn parse(text: &str) -> EventId {
        match uuid::Uuid::try_parse(text) {
            Ok(u) if u.hyphenated().encode_lower(&mut uuid::Uuid::encode_buffer()) == text => {
                EventId::Uuid(u.as_u128())
            }
            _ => EventId::Other(text.into()),
        }
    }
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventId::Uuid(u) => write!(f, "{}", uuid::Uuid::from_u128(*u).hyphenated()),
            EventId::Other(s) => f.write_str(&clean(s)),
        }
    }
}

/// `severity`, as a byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Debug,
    Info,
    Warn,
    Error,
    /// Missing or another value.
    Unknown,
}

impl Severity {
    fn parse(text: &str) -> Severity {
        let is = |name: &str| text.eq_ignore_ascii_case(name);
        if is("INFO") {
            Severity::Info
        } else if is("WARN") || is("WARNING") {
            Severity::Warn
        } else if is("ERROR") {
            Severity::Error
        } else if is("DEBUG") {
            Severity::Debug
        } else {
            Severity::Unknown
        }
    }

    /// The text Okta uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Debug => "DEBUG",
            Severity::Info => "INFO",
            Severity::Warn => "WARN",
            Severity::Error => "ERROR",
            Severity::Unknown => "-",
        }
    }

    /// WARN and ERROR stand out in the pane.
    pub fn is_alarming(self) -> bool {
        matches!(self, Severity::Warn | Severity::Error)
    }
}

/// One retained event. Strings are sanitised; `None` where the event had nothing usable.
#[derive(Debug, Clone, PartialEq)]
pub struct CompactEvent {
    pub id: Option<EventId>,
    /// `published`, in milliseconds since the epoch; `None` if missing, `redacted` or
    /// impossible.
    pub published_ms: Option<i64>,
    /// The order key of the display: `published`, else when the event arrived.
    pub sort_ms: i64,
    pub severity: Severity,
    pub event_type: Option<Sym>,
    pub message: Option<Sym>,
    pub actor_id: Option<Sym>,
    pub actor_type: Option<Sym>,
    pub actor_login: Option<Sym>,
    pub actor_name: Option<Sym>,
    pub outcome: Option<Sym>,
    pub reason: Option<Sym>,
    pub ip: Option<Sym>,
    pub country: Option<Sym>,
    pub city: Option<Sym>,
    /// The first target, as `Type name` (`User john@acme.com`).
    pub target: Option<Sym>,
    pub target_user_id: Option<Sym>,
    pub target_user_login: Option<Sym>,
    pub session_id: Option<Sym>,
}

/// A `published` time as shown: RFC 3339 in UTC with milliseconds, or `-`.
pub fn time_text(published_ms: Option<i64>) -> String {
    published_ms
        .and_then(chrono::DateTime::from_timestamp_millis)
        .map_or_else(|| "-".to_string(), |t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

impl CompactEvent {
    /// The actor as shown: the login, else the display name.
    pub fn actor_label(&self) -> &str {
        self.actor_login.as_deref().or(self.actor_name.as_deref()).unwrap_or("")
    }

    /// Whether the outcome is FAILURE or DENY.
    pub fn is_failure(&self) -> bool {
        self.outcome.as_deref().is_some_and(|o| o.eq_ignore_ascii_case("FAILURE") || o.eq_ignore_ascii_case("DENY"))
    }

    /// Whether every lower-cased word appears in one of the shown fields (the local filter).
    pub fn matches(&self, words: &[String]) -> bool {
        if words.is_empty() {
            return true;
        }
        let fields = [
            &self.event_type,
            &self.actor_login,
            &self.actor_name,
            &self.outcome,
            &self.ip,
            &self.country,
            &self.city,
            &self.target,
            &self.message,
            &self.reason,
        ];
        words.iter().all(|w| {
            self.severity.as_str().to_ascii_lowercase().contains(w.as_str())
                || fields.iter().any(|f| f.as_deref().is_some_and(|s| contains_lowercase(s, w)))
        })
    }
}

/// Case-insensitive `contains` of an already lower-cased needle, without allocating for
/// ASCII text.
fn contains_lowercase(haystack: &str, needle: &str) -> bool {
    if haystack.is_ascii() && needle.is_ascii() {
        let (h, n) = (haystack.as_bytes(), needle.as_bytes());
        n.is_empty() || h.windows(n.len()).any(|win| win.eq_ignore_ascii_case(n))
    } else {
        haystack.to_lowercase().contains(needle)
    }
}

/// The fields the fast path reads, borrowed from the page where no escape forces a copy.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Shape<'a> {
    #[serde(borrow)]
    uuid: Option<Text<'a>>,
    #[serde(borrow)]
    published: Option<Text<'a>>,
    #[serde(borrow)]
    event_type: Option<Text<'a>>,
    #[serde(borrow)]
    severity: Option<Text<'a>>,
    #[serde(borrow)]
    display_message: Option<Text<'a>>,
    #[serde(borrow)]
    actor: Option<PartyShape<'a>>,
    #[serde(borrow)]
    client: Option<ClientShape<'a>>,
    #[serde(borrow)]
    outcome: Option<OutcomeShape<'a>>,
    #[serde(borrow)]
    target: Option<Targets<'a>>,
    #[serde(borrow)]
    authentication_context: Option<AuthShape<'a>>,
    #[serde(borrow)]
    request: Option<RequestShape<'a>>,
    /// Any of the read keys in an export's lower case: the lenient model reads those.
    #[serde(rename = "eventtype", alias = "displaymessage", alias = "authenticationcontext")]
    lower_cased: Option<serde::de::IgnoredAny>,
}

impl Shape<'_> {
    /// Whether the fast path read what the lenient model would.
    fn is_okta_event(&self) -> bool {
        (self.uuid.is_some() || self.event_type.is_some()) && self.lower_cased.is_none()
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ClientShape<'a> {
    #[serde(borrow)]
    ip_address: Option<Text<'a>>,
    #[serde(borrow)]
    geographical_context: Option<GeoShape<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RequestShape<'a> {
    #[serde(borrow)]
    ip_chain: Option<Hops<'a>>,
}

/// `target`, reduced as it is read to what is shown: the first target and the first `User`.
struct Targets<'a> {
    first: Option<PartyShape<'a>>,
    user: Option<PartyShape<'a>>,
}

/// `request.ipChain`, reduced as it is read to the first usable IP, city and country.
#[derive(Default)]
struct Hops<'a> {
    ip: Option<Text<'a>>,
    city: Option<Text<'a>>,
    country: Option<Text<'a>>,
}

/// Reads a JSON array element by element into an accumulator, without collecting it.
struct Fold<T>(std::marker::PhantomData<T>);

/// An accumulator of array elements for [`Fold`].
trait Accumulate<'de>: Sized {
    type Element: Deserialize<'de>;
    const EXPECTING: &'static str;
    fn empty() -> Self;
    fn add(&mut self, element: Self::Element);
}

impl<'de, T: Accumulate<'de>> serde::de::Visitor<'de> for Fold<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        let mut out = T::empty();
        while let Some(element) = seq.next_element::<T::Element>()? {
            out.add(element);
        }
        Ok(out)
    }
}

impl<'de: 'a, 'a> Accumulate<'de> for Targets<'a> {
    type Element = PartyShape<'a>;
    const EXPECTING: &'static str = "an array of targets";

    fn empty() -> Self {
        Targets { first: None, user: None }
    }

    fn add(&mut self, party: PartyShape<'a>) {
        if self.user.is_none() && party.kind.as_deref() == Some("User") {
            self.user = Some(party.clone());
        }
        if self.first.is_none() {
            self.first = Some(party);
        }
    }
}

impl<'de: 'a, 'a> Accumulate<'de> for Hops<'a> {
    type Element = HopShape<'a>;
    const EXPECTING: &'static str = "an array of hops";

    fn empty() -> Self {
        Hops::default()
    }

    fn add(&mut self, hop: HopShape<'a>) {
        fn first_usable<'a>(kept: &mut Option<Text<'a>>, candidate: Option<Text<'a>>) {
            if kept.is_none() && usable(candidate.as_deref()).is_some() {
                *kept = candidate;
            }
        }
        first_usable(&mut self.ip, hop.ip);
        if let Some(geo) = hop.geographical_context {
            first_usable(&mut self.city, geo.city);
            first_usable(&mut self.country, geo.country);
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Targets<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(Fold(std::marker::PhantomData))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Hops<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(Fold(std::marker::PhantomData))
    }
}

/// The fields of one event, however they were read, before interning.
struct Fields<'a> {
    uuid: Option<&'a str>,
    published: Option<&'a str>,
    severity: Option<&'a str>,
    event_type: Option<&'a str>,
    message: Option<&'a str>,
    actor: [Option<&'a str>; 4],
    outcome: Option<&'a str>,
    reason: Option<&'a str>,
    ip: Option<&'a str>,
    country: Option<&'a str>,
    city: Option<&'a str>,
    first_target: Option<(Option<&'a str>, Option<&'a str>)>,
    target_user: Option<(Option<&'a str>, Option<&'a str>)>,
    session_id: Option<&'a str>,
}

/// Okta's placeholders for "nothing": the string `null`, `unknown` sessions, blanks.
fn usable(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty() && !t.eq_ignore_ascii_case("null"))
}

impl Fields<'_> {
    fn build(self, interner: &mut SymInterner, received_ms: i64) -> CompactEvent {
        let published_ms = self.published.and_then(published_millis);
        let target = self.first_target.and_then(|(kind, name)| match (usable(kind), usable(name)) {
            (Some(kind), Some(name)) => interner.intern_joined(kind, name),
            (Some(one), None) | (None, Some(one)) => interner.intern(one),
            (None, None) => None,
        });
        let mut sym = |t: Option<&str>| usable(t).and_then(|t| interner.intern(t));
        let session = usable(self.session_id).filter(|s| !s.eq_ignore_ascii_case("unknown"));
        let [actor_id, actor_type, actor_login, actor_name] = self.actor;
        let actor_login = usable(actor_login).filter(|l| !l.eq_ignore_ascii_case("unknown"));
        CompactEvent {
            id: usable(self.uuid).map(EventId::parse),
            published_ms,
            sort_ms: published_ms.unwrap_or(received_ms),
            severity: self.severity.map_or(Severity::Unknown, Severity::parse),
            event_type: sym(self.event_type),
            message: sym(self.message),
            actor_id: sym(actor_id),
            actor_type: sym(actor_type),
            actor_login: sym(actor_login),
            actor_name: sym(actor_name),
            outcome: sym(self.outcome),
            reason: sym(self.reason),
            ip: sym(self.ip),
            country: sym(self.country),
            city: sym(self.city),
            target,
            target_user_id: sym(self.target_user.and_then(|(id, _)| id)),
            target_user_login: sym(self.target_user.and_then(|(_, login)| login)),
            session_id: sym(session),
        }
    }
}

/// Why an event could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a System Log event is not a JSON object: {0}")]
pub struct MalformedEvent(pub String);

/// Reads one event from its JSON text: the fast path, else the lenient model.
pub fn parse_event(raw: &str, interner: &mut SymInterner, received_ms: i64) -> Result<CompactEvent, MalformedEvent> {
    if let Ok(shape) = serde_json::from_str::<Shape>(raw) {
        if shape.is_okta_event() {
            return Ok(from_shape(&shape).build(interner, received_ms));
        }
    }
    let object = match serde_json::from_str::<serde_json::Value>(raw) {
        Ok(serde_json::Value::Object(o)) => o,
        Ok(other) => return Err(MalformedEvent(format!("found {}", kind_of(&other)))),
        Err(e) => return Err(MalformedEvent(e.to_string())),
    };
    let event = LogEvent::from_object(object);
    Ok(from_model(&event).build(interner, received_ms))
}

/// Reads one already parsed event (the investigation's and the samples' path).
pub fn compact_from_model(event: &LogEvent, interner: &mut SymInterner, received_ms: i64) -> CompactEvent {
    from_model(event).build(interner, received_ms)
}

fn kind_of(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

fn from_shape<'a>(s: &'a Shape<'a>) -> Fields<'a> {
    let geo = s.client.as_ref().and_then(|c| c.geographical_context.as_ref());
    let hops = s.request.as_ref().and_then(|r| r.ip_chain.as_ref());
    let client_ip = usable(s.client.as_ref().and_then(|c| c.ip_address.as_deref()));
    let hop_ip = usable(hops.and_then(|h| h.ip.as_deref()));
    let country = usable(geo.and_then(|g| g.country.as_deref())).or(usable(hops.and_then(|h| h.country.as_deref())));
    let city = usable(geo.and_then(|g| g.city.as_deref())).or(usable(hops.and_then(|h| h.city.as_deref())));
    let actor = s.actor.as_ref();
    let targets = s.target.as_ref();
    let user = targets.and_then(|t| t.user.as_ref());
    Fields {
        uuid: s.uuid.as_deref(),
        published: s.published.as_deref(),
        severity: s.severity.as_deref(),
        event_type: s.event_type.as_deref(),
        message: s.display_message.as_deref(),
        actor: [
            actor.and_then(|a| a.id.as_deref()),
            actor.and_then(|a| a.kind.as_deref()),
            actor.and_then(|a| a.alternate_id.as_deref()),
            actor.and_then(|a| a.display_name.as_deref()),
        ],
        outcome: s.outcome.as_ref().and_then(|o| o.result.as_deref()),
        reason: s.outcome.as_ref().and_then(|o| o.reason.as_deref()),
        ip: client_ip.or(hop_ip),
        country,
        city,
        first_target: targets
            .and_then(|t| t.first.as_ref())
            .map(|t| (t.kind.as_deref(), t.alternate_id.as_deref().or(t.display_name.as_deref()))),
        target_user: user.map(|u| (u.id.as_deref(), u.alternate_id.as_deref())),
        session_id: s.authentication_context.as_ref().and_then(|a| a.external_session_id.as_deref()),
    }
}

fn from_model(e: &LogEvent) -> Fields<'_> {
    let actor = e.actor.as_ref();
    let targets = e.target.as_deref().unwrap_or_default();
    let user = e.target_users().next();
    Fields {
        uuid: e.uuid.as_deref(),
        published: e.published.as_deref(),
        severity: e.severity.as_deref(),
        event_type: e.event_type.as_deref(),
        message: e.display_message.as_deref(),
        actor: [
            actor.and_then(|a| a.id.as_deref()),
            actor.and_then(|a| a.actor_type.as_deref()),
            actor.and_then(|a| a.alternate_id.as_deref()),
            actor.and_then(|a| a.display_name.as_deref()),
        ],
        outcome: e.outcome_result(),
        reason: e.outcome_reason(),
        ip: e.client_ip(),
        country: e.country(),
        city: e.city(),
        first_target: targets
            .first()
            .map(|t| (t.target_type.as_deref(), t.alternate_id.as_deref().or(t.display_name.as_deref()))),
        target_user: user.map(|u| (u.id.as_deref(), u.alternate_id.as_deref())),
        session_id: e.authentication_context.as_ref().and_then(|a| a.external_session_id.as_deref()),
    }
}

/// Reads a page of events in one pass: each element is read compactly straight from the
/// page's text, and handed to `each` with where its own JSON text is in the page (the
/// element as sent). Returns how many elements the page held.
pub fn read_page(
    text: &str,
    interner: &mut SymInterner,
    received_ms: i64,
    mut each: impl FnMut(Range<usize>, Result<CompactEvent, MalformedEvent>),
) -> Result<usize, PageError> {
    walk_page::<Shape>(text, |at, shape| {
        let event = match shape {
            Some(shape) if shape.is_okta_event() => Ok(from_shape(&shape).build(interner, received_ms)),
            _ => parse_event(&text[at.clone()], interner, received_ms),
        };
        each(at, event)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: serde_json::Value) -> CompactEvent {
        parse_event(&v.to_string(), &mut SymInterner::default(), 7).unwrap()
    }

    #[test]
    fn fast_and_lenient_paths_agree() {
        let raw = json!({"uuid": "5d7e3a5c-8a8b-11ee-a3d3-8b4a1f0e9d11", "published": "2026-11-30T10:00:00.123Z",
            "eventType": "user.session.start", "severity": "WARN", "displayMessage": "User login to Okta",
            "actor": {"id": "00u1", "type": "User", "alternateId": "jo@acme.example", "displayName": "Jo"},
            "client": {"ipAddress": "null", "geographicalContext": null},
            "request": {"ipChain": [{"ip": "203.0.113.7", "geographicalContext": {"city": "Oslo", "country": "Norway"}}]},
            "outcome": {"result": "FAILURE", "reason": "INVALID_CREDENTIALS"},
            "target": [{"id": "0oa1", "type": "AppInstance", "displayName": "Slack"},
                       {"id": "00u2", "type": "User", "alternateId": "al@acme.example"}],
            "authenticationContext": {"externalSessionId": "102abc"}});
        let fast = parse(raw.clone());
        let event: LogEvent = serde_json::from_value(raw).unwrap();
        let lenient = compact_from_model(&event, &mut SymInterner::default(), 7);
        assert_eq!(fast, lenient);
        assert_eq!(fast.ip.as_deref(), Some("203.0.113.7"));
        assert_eq!(fast.country.as_deref(), Some("Norway"));
        assert_eq!(fast.target.as_deref(), Some("AppInstance Slack"));
        assert_eq!(fast.target_user_login.as_deref(), Some("al@acme.example"));
        assert!(fast.is_failure() && fast.severity.is_alarming());
        assert_eq!(fast.id.as_ref().map(ToString::to_string).as_deref(), Some("5d7e3a5c-8a8b-11ee-a3d3-8b4a1f0e9d11"));
    }

    #[test]
    fn surprising_shapes_fall_back_and_placeholders_are_absent() {
        let e = parse(json!({"uuid": "X-1", "published": "redacted", "actor": "bob", "eventtype": "a.b",
            "authenticationContext": {"externalSessionId": "unknown"}}));
        assert_eq!((e.published_ms, e.sort_ms), (None, 7));
        assert_eq!(e.event_type.as_deref(), Some("a.b"));
        assert_eq!(e.id, Some(EventId::Other("X-1".into())));
        assert!(e.actor_login.is_none() && e.session_id.is_none());
        let lower = parse(json!({"eventtype": "user.session.start", "uuid2": 1}));
        assert_eq!(lower.event_type.as_deref(), Some("user.session.start"));
        assert!(parse_event("[1]", &mut SymInterner::default(), 0).is_err());
        assert!(parse_event("{\"uuid\":", &mut SymInterner::default(), 0).is_err());
    }

    #[test]
    fn a_page_is_read_in_one_pass_with_each_element_as_sent() {
        let body = r#" [ {"uuid":"a","eventType":"x"} , 42,{"actor":"bob","eventType":"y"},{"b":1} ] "#;
        let mut seen = Vec::new();
        let n = read_page(body, &mut SymInterner::default(), 0, |at, e| seen.push((body[at].to_string(), e.is_ok())))
            .unwrap();
        assert_eq!(n, 4);
        let raws: Vec<&str> = seen.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(raws, [r#"{"uuid":"a","eventType":"x"}"#, "42", r#"{"actor":"bob","eventType":"y"}"#, r#"{"b":1}"#]);
        assert_eq!(seen.iter().map(|(_, ok)| *ok).collect::<Vec<_>>(), [true, false, true, true]);
        assert_eq!(read_page("[]", &mut SymInterner::default(), 0, |_, _| {}), Ok(0));
        for bad in ["[{\"uuid\":\"a\"}", "{}", "[1,]", "[1] x", "[1 2]"] {
            assert!(read_page(bad, &mut SymInterner::default(), 0, |_, _| {}).is_err(), "{bad}");
        }
    }

    #[test]
    fn strings_are_sanitised_shared_and_purged() {
        let mut interner = SymInterner::default();
        let raw = json!({"uuid": "a", "eventType": "x", "displayMessage": "evil\u{1b}]0;title\u{7}text"}).to_string();
        let a = parse_event(&raw, &mut interner, 0).unwrap();
        let b = parse_event(&raw, &mut interner, 0).unwrap();
        assert!(!a.message.as_deref().unwrap().contains('\u{1b}'));
        assert!(Arc::ptr_eq(a.event_type.as_ref().unwrap(), b.event_type.as_ref().unwrap()));
        drop((a, b));
        interner.purge();
        assert!(interner.is_empty());
    }

    #[test]
    fn the_local_filter_is_case_insensitive_over_shown_fields() {
        let e = parse(json!({"uuid": "a", "eventType": "user.session.start", "severity": "INFO",
            "actor": {"alternateId": "Jo@Acme.example"}, "client": {"ipAddress": "198.51.100.4"}}));
        let words = |s: &str| s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>();
        assert!(e.matches(&words("jo@acme session")));
        assert!(e.matches(&words("198.51 info")));
        assert!(!e.matches(&words("jo@acme denied")));
    }
}
