//! The compact events of a hunt: [`HuntEvent`]s of plain data whose strings are ids of one
//! interner, with their targets and rarer details in side tables, and [`EventRef`], the
//! view the detections read them through, answering with the names [`LogEvent`] uses.

use std::borrow::Cow;
use std::num::NonZeroU32;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::fields::{BehaviorFlags, Fields, SUSPICIOUS_KEYS};
use crate::investigate::interner::IdInterner;
use crate::investigate::memory::Growth;
use crate::okta::logs::published::published_at;
use crate::okta::model::{risk_of, LogEvent};

/// A string of the hunt: its id in the hunt's interner, plus one, so that an absent string
/// costs nothing more than a present one (`Option<Sym>` is 4 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sym(NonZeroU32);

/// A run of a side table: where it starts and how many items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    fn range(self) -> std::ops::Range<usize> {
        let start = self.start as usize;
        start..start + self.len as usize
    }
}

/// The flags of a [`HuntEvent`].
mod flag {
    pub const NEW_DEVICE: u32 = 1 << 0;
    pub const NEW_GEO_LOCATION: u32 = 1 << 1;
    pub const NEW_IP: u32 = 1 << 2;
    pub const NEW_COUNTRY: u32 = 1 << 3;
    pub const NEW_CITY: u32 = 1 << 4;
    pub const VELOCITY: u32 = 1 << 5;
    pub const HAS_BEHAVIORS: u32 = 1 << 6;
    pub const RISK_HIGH: u32 = 1 << 7;
    pub const PROXY: u32 = 1 << 8;
    pub const THREAT_SUSPECTED: u32 = 1 << 9;
    pub const THREAT_NOT_SUSPECTED: u32 = 1 << 10;
    pub const ORIGINAL_PRINCIPAL: u32 = 1 << 11;
    pub const DOWNGRADE: u32 = 1 << 12;
    pub const HAS_ASN: u32 = 1 << 13;
    pub const HAS_GEO: u32 = 1 << 14;
    /// `uuid` is a canonical UUID, held as its 128 bits.
    pub const UUID_BITS: u32 = 1 << 15;
    /// `uuid` is some other text, held as a string of the interner.
    pub const UUID_TEXT: u32 = 1 << 16;
    /// `debugData.originalPrincipal` names the actor itself.
    pub const PRINCIPAL_IS_ACTOR: u32 = 1 << 17;
    /// `debugData.initiationType` is `IDP_INITIATED` (an app opened from the dashboard).
    pub const IDP_INITIATED: u32 = 1 << 18;
}

/// Okta's risk rating, at the levels a detection reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RiskLevel {
    Medium,
    High,
}

impl RiskLevel {
    /// The level as the findings write it.
    pub fn as_str(self) -> &'static str {
        match self {
            RiskLevel::Medium => "MEDIUM",
            RiskLevel::High => "HIGH",
        }
    }
}

/// One event as the detections read it (see [`EventRef`] for what each field means).
/// Strings are kept as sent, never cleaned: the detections make what they show safe.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HuntEvent {
    /// The UUID's bits, or the id of its text (see the `UUID_` flags).
    uuid: [u64; 2],
    published: Option<DateTime<Utc>>,
    asn: i64,
    geo: [f64; 2],
    event_type: Option<Sym>,
    result: Option<Sym>,
    reason: Option<Sym>,
    actor_id: Option<Sym>,
    actor_type: Option<Sym>,
    actor_login: Option<Sym>,
    actor_name: Option<Sym>,
    client_ip: Option<Sym>,
    user_agent: Option<Sym>,
    session: Option<Sym>,
    root_session: Option<Sym>,
    dt_hash: Option<Sym>,
    transaction_id: Option<Sym>,
    country: Option<Sym>,
    city: Option<Sym>,
    network: Option<Sym>,
    factor: Option<Sym>,
    flags: u32,
    targets: Span,
    /// Index of the event's [`Details`], plus one; zero when it has none.
    details: u32,
}

/// One target: type, id, alternate id, display name.
type TargetRow = [Option<Sym>; 4];

/// What few events carry: kept beside the events, for those that have any of it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct Details {
    risk: Option<RiskLevel>,
    /// The risk's reasons, in the side list, when the risk is kept.
    reasons: Span,
    original_principal: Option<Sym>,
    privilege_granted: Option<Sym>,
    network_connection: Option<Sym>,
    /// The [`SUSPICIOUS_KEYS`], in order.
    suspicious: [Option<Sym>; 4],
    /// A target's `detailEntry.oktaDeviceId`.
    device: Option<Sym>,
}

/// A hunt's compact events and the strings they share. Two stores are equal when they hold
/// the same events with the same strings, interned in the same order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HuntEvents {
    events: Vec<HuntEvent>,
    targets: Vec<TargetRow>,
    details: Vec<Details>,
    /// Strings the details list (risk reasons).
    lists: Vec<Sym>,
    strings: IdInterner,
}

impl HuntEvents {
    /// Keeps an event; its slot is the number of events kept before it. `None` when the
    /// store cannot count that far (more than four billion events).
    pub fn push(&mut self, f: &Fields) -> Option<u32> {
        let slot = u32::try_from(self.events.len()).ok()?;
        let mut flags = 0;
        let mut set = |on: bool, bit: u32| flags |= if on { bit } else { 0 };
        let b = f.behaviors();
        set(b.new_device, flag::NEW_DEVICE);
        set(b.new_geo_location, flag::NEW_GEO_LOCATION);
        set(b.new_ip, flag::NEW_IP);
        set(b.new_country, flag::NEW_COUNTRY);
        set(b.new_city, flag::NEW_CITY);
        set(b.velocity, flag::VELOCITY);
        set(f.has_behaviors(), flag::HAS_BEHAVIORS);
        set(f.risk_is_high(), flag::RISK_HIGH);
        set(f.is_proxy(), flag::PROXY);
        set(f.threat_suspected() == Some(true), flag::THREAT_SUSPECTED);
        set(f.threat_suspected() == Some(false), flag::THREAT_NOT_SUSPECTED);
        set(f.has_original_principal(), flag::ORIGINAL_PRINCIPAL);
        set(f.has_original_principal() && f.principal_is_actor(), flag::PRINCIPAL_IS_ACTOR);
        set(
            f.debug_str("initiationType").is_some_and(|t| t.trim().eq_ignore_ascii_case("IDP_INITIATED")),
            flag::IDP_INITIATED,
        );
        set(f.is_downgrade(), flag::DOWNGRADE);
        let asn = f.as_number();
        set(asn.is_some(), flag::HAS_ASN);
        set(f.geo.is_some(), flag::HAS_GEO);
        let uuid = match f.uuid.map(crate::okta::logs::EventId::parse) {
            Some(crate::okta::logs::EventId::Uuid(bits)) => {
                flags |= flag::UUID_BITS;
                [(bits >> 64) as u64, bits as u64]
            }
            Some(crate::okta::logs::EventId::Other(_)) => {
                flags |= flag::UUID_TEXT;
                [f.uuid.and_then(|u| self.sym(u)).map_or(0, |s| u64::from(s.0.get())), 0]
            }
            None => [0, 0],
        };
        let targets = self.keep_targets(f);
        let details = self.keep_details(f);
        let (lat, lon) = f.geo.unwrap_or_default();
        let event = HuntEvent {
            uuid,
            published: f.published.and_then(published_at),
            asn: asn.unwrap_or(0),
            geo: [lat, lon],
            event_type: self.sym_of(f.event_type),
            result: self.sym_of(f.result),
            reason: self.sym_of(f.reason),
            actor_id: self.sym_of(f.actor_id),
            actor_type: self.sym_of(f.actor_type),
            actor_login: self.sym_of(f.actor_login),
            actor_name: self.sym_of(f.actor_name),
            client_ip: self.sym_of(f.client_ip),
            user_agent: self.sym_of(f.user_agent),
            session: self.sym_of(f.session),
            root_session: self.sym_of(f.root_session),
            dt_hash: self.sym_of(f.debug_str("dtHash")),
            transaction_id: self.sym_of(f.transaction_id),
            country: self.sym_of(f.country),
            city: self.sym_of(f.city),
            network: self.sym_of(f.network()),
            factor: self.sym_of(f.debug_str("factor")),
            flags,
            targets,
            details,
        };
        self.events.push(event);
        Some(slot)
    }

    /// The compact event at `slot`, as stored.
    pub fn stored(&self, slot: u32) -> Option<&HuntEvent> {
        self.events.get(slot as usize)
    }

    /// The event at `slot`.
    pub fn get(&self, slot: u32) -> Option<EventRef<'_>> {
        Some(EventRef { event: self.events.get(slot as usize)?, store: self })
    }

    /// How many events are kept.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether no event is kept.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Forgets the events from slot `len` on (their strings stay interned).
    pub fn truncate(&mut self, len: usize) {
        let Some(first) = self.events.get(len).copied() else { return };
        self.events.truncate(len);
        self.targets.truncate(first.targets.start as usize);
        let kept_details = self.events.iter().rev().find(|e| e.details > 0).map_or(0, |e| e.details as usize);
        self.details.truncate(kept_details);
        let kept_lists = self.details.last().map_or(0, |d| d.reasons.range().end);
        self.lists.truncate(kept_lists);
    }

    /// The bytes the store has allocated: its tables as sized, and the interner.
    pub fn held_bytes(&self) -> usize {
        self.held_after(&Growth::NONE)
    }

    /// The bytes the store would hold after its share of `growth` (see [`Growth`]).
    pub fn held_after(&self, growth: &Growth) -> usize {
        growth.vec(&self.events)
            + growth.vec(&self.targets)
            + growth.vec(&self.details)
            + growth.vec(&self.lists)
            + self.strings.held_after(growth)
    }

    fn sym(&mut self, text: &str) -> Option<Sym> {
        NonZeroU32::new(self.strings.intern(text).checked_add(1)?).map(Sym)
    }

    fn sym_of(&mut self, text: Option<&str>) -> Option<Sym> {
        text.and_then(|t| self.sym(t))
    }

    fn text(&self, sym: Option<Sym>) -> Option<&str> {
        sym.map(|s| self.strings.text(s.0.get() - 1))
    }

    fn keep_targets(&mut self, f: &Fields) -> Span {
        let start = self.targets.len();
        for t in &f.targets {
            let row =
                [self.sym_of(t.kind), self.sym_of(t.id), self.sym_of(t.alternate_id), self.sym_of(t.display_name)];
            self.targets.push(row);
        }
        span(start, self.targets.len())
    }

    fn keep_details(&mut self, f: &Fields) -> u32 {
        let risk = f.may_rate_medium_or_high().then(|| risk_of(f.debug, f.security)).flatten().and_then(|r| {
            let level = match r.level?.to_ascii_uppercase().as_str() {
                "HIGH" => RiskLevel::High,
                "MEDIUM" => RiskLevel::Medium,
                _ => return None,
            };
            Some((level, r.reasons))
        });
        let principal = f.original_principal();
        let strings = [f.debug_str("privilegeGranted"), f.debug_str("networkConnection")];
        let suspicious = SUSPICIOUS_KEYS.map(|k| f.debug_str(k));
        let device = f.device_id();
        let none = strings.iter().chain(&suspicious).chain([&device]).all(Option::is_none);
        if risk.is_none() && principal.is_none() && none {
            return 0;
        }
        let start = self.lists.len();
        let (risk, reasons) = match risk {
            Some((level, reasons)) => {
                for reason in &reasons {
                    if let Some(sym) = self.sym(reason) {
                        self.lists.push(sym);
                    }
                }
                (Some(level), span(start, self.lists.len()))
            }
            None => (None, span(start, start)),
        };
        let details = Details {
            risk,
            reasons,
            original_principal: principal.and_then(|p| self.sym(&p)),
            privilege_granted: self.sym_of(strings[0]),
            network_connection: self.sym_of(strings[1]),
            suspicious: suspicious.map(|s| self.sym_of(s)),
            device: self.sym_of(device),
        };
        self.details.push(details);
        u32::try_from(self.details.len()).unwrap_or(0)
    }
}

/// How far a store had got: the length of each of its tables (all only ever grow while a
/// hunt reads), so what was added after it can be taken as a [`StoreDelta`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoreMark {
    events: usize,
    targets: usize,
    details: usize,
    lists: usize,
    strings: usize,
}

/// What a store added after a [`StoreMark`]: the tails of its tables and the strings
/// interned since, in order. Appended to the store it was taken from (or to one rebuilt
/// from the same deltas) it gives the same store again.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StoreDelta {
    events: Vec<HuntEvent>,
    targets: Vec<TargetRow>,
    details: Vec<Details>,
    lists: Vec<Sym>,
    strings: Vec<String>,
}

impl StoreDelta {
    /// How many events it adds.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether it adds no event.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
}

/// Why a [`StoreDelta`] does not fit the store it is appended to (a damaged or foreign
/// checkpoint).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the kept events do not fit together: {0}")]
pub struct DeltaError(&'static str);

impl DeltaError {
    /// The error, with what did not fit.
    pub fn new(why: &'static str) -> DeltaError {
        DeltaError(why)
    }
}

impl HuntEvents {
    /// How far the store has got.
    pub fn mark(&self) -> StoreMark {
        StoreMark {
            events: self.events.len(),
            targets: self.targets.len(),
            details: self.details.len(),
            lists: self.lists.len(),
            strings: self.strings.len(),
        }
    }

    /// What was added after `mark`.
    pub fn delta_since(&self, mark: &StoreMark) -> StoreDelta {
        StoreDelta {
            events: self.events.get(mark.events..).unwrap_or_default().to_vec(),
            targets: self.targets.get(mark.targets..).unwrap_or_default().to_vec(),
            details: self.details.get(mark.details..).unwrap_or_default().to_vec(),
            lists: self.lists.get(mark.lists..).unwrap_or_default().to_vec(),
            strings: (mark.strings..self.strings.len()).map(|id| self.strings.text(id as u32).to_string()).collect(),
        }
    }

    /// Appends `delta`, checking every id, span and index in it against the store it makes
    /// (it comes from a file: nothing in it is trusted). On an error the store is left
    /// partly extended and must be dropped.
    pub fn extend(&mut self, delta: StoreDelta) -> Result<(), DeltaError> {
        for text in &delta.strings {
            let expected = self.strings.len();
            if self.strings.intern(text) as usize != expected {
                return Err(DeltaError("a string is listed twice"));
            }
        }
        if self.events.len().saturating_add(delta.events.len()) > u32::MAX as usize {
            return Err(DeltaError("more events than a store can count"));
        }
        self.lists.extend_from_slice(&delta.lists);
        self.targets.extend_from_slice(&delta.targets);
        self.details.extend_from_slice(&delta.details);
        let strings = self.strings.len();
        let sym_ok = |s: &Option<Sym>| s.is_none_or(|s| (s.0.get() as usize) <= strings);
        let span_ok = |span: Span, len: usize| span.range().end <= len;
        if !self.lists.iter().all(|s| sym_ok(&Some(*s))) || !self.targets.iter().flatten().all(sym_ok) {
            return Err(DeltaError("a string id is out of range"));
        }
        for d in &delta.details {
            let syms = [d.original_principal, d.privilege_granted, d.network_connection, d.device];
            if !syms.iter().chain(&d.suspicious).all(sym_ok) || !span_ok(d.reasons, self.lists.len()) {
                return Err(DeltaError("an event's details are out of range"));
            }
        }
        for e in &delta.events {
            let syms = [
                e.event_type,
                e.result,
                e.reason,
                e.actor_id,
                e.actor_type,
                e.actor_login,
                e.actor_name,
                e.client_ip,
                e.user_agent,
                e.session,
                e.root_session,
                e.dt_hash,
                e.transaction_id,
                e.country,
                e.city,
                e.network,
                e.factor,
            ];
            let uuid_ok = e.flags & flag::UUID_TEXT == 0 || (e.uuid[0] > 0 && e.uuid[0] <= strings as u64);
            if !syms.iter().all(sym_ok) || !uuid_ok {
                return Err(DeltaError("a string id is out of range"));
            }
            if !span_ok(e.targets, self.targets.len()) || e.details as usize > self.details.len() {
                return Err(DeltaError("an event's targets or details are out of range"));
            }
        }
        self.events.extend_from_slice(&delta.events);
        Ok(())
    }
}

impl HuntEvents {
    /// Keeps a copy of the event at `slot` of `from` (its strings interned in this store);
    /// its slot here, as [`HuntEvents::push`] gives. A live window made anew from the events
    /// it still needs holds only their strings.
    pub fn copy_from(&mut self, from: &HuntEvents, slot: u32) -> Option<u32> {
        let mut event = *from.events.get(slot as usize)?;
        let new_slot = u32::try_from(self.events.len()).ok()?;
        let mut again = |sym: Option<Sym>| self_sym(&mut self.strings, from.text(sym));
        for field in [
            &mut event.event_type,
            &mut event.result,
            &mut event.reason,
            &mut event.actor_id,
            &mut event.actor_type,
            &mut event.actor_login,
            &mut event.actor_name,
            &mut event.client_ip,
            &mut event.user_agent,
            &mut event.session,
            &mut event.transaction_id,
            &mut event.country,
            &mut event.city,
            &mut event.network,
            &mut event.factor,
        ] {
            *field = again(*field);
        }
        if event.flags & flag::UUID_TEXT != 0 {
            let text = u32::try_from(event.uuid[0]).ok().and_then(NonZeroU32::new).map(Sym);
            event.uuid[0] = again(text).map_or(0, |s| u64::from(s.0.get()));
        }
        let targets = from.targets.get(event.targets.range()).unwrap_or_default();
        let start = self.targets.len();
        for row in targets {
            let copied = row.map(&mut again);
            self.targets.push(copied);
        }
        event.targets = span(start, self.targets.len());
        if let Some(d) = event.details.checked_sub(1).and_then(|i| from.details.get(i as usize)) {
            let mut d = *d;
            let start = self.lists.len();
            for &reason in from.lists.get(d.reasons.range()).unwrap_or_default() {
                if let Some(sym) = again(Some(reason)) {
                    self.lists.push(sym);
                }
            }
            d.reasons = span(start, self.lists.len());
            d.original_principal = again(d.original_principal);
            d.privilege_granted = again(d.privilege_granted);
            d.network_connection = again(d.network_connection);
            d.suspicious = d.suspicious.map(&mut again);
            self.details.push(d);
            event.details = u32::try_from(self.details.len()).unwrap_or(0);
        }
        self.events.push(event);
        Some(new_slot)
    }
}

/// `text` interned in `strings`, as a [`Sym`].
fn self_sym(strings: &mut IdInterner, text: Option<&str>) -> Option<Sym> {
    NonZeroU32::new(strings.intern(text?).checked_add(1)?).map(Sym)
}

/// The span from `start` to `end` of a side table (empty if either is past `u32`).
fn span(start: usize, end: usize) -> Span {
    match (u32::try_from(start), u32::try_from(end.saturating_sub(start))) {
        (Ok(start), Ok(len)) => Span { start, len },
        _ => Span::default(),
    }
}

/// One kept event, read with the names [`LogEvent`]'s accessors have.
#[derive(Debug, Clone, Copy)]
pub struct EventRef<'a> {
    event: &'a HuntEvent,
    store: &'a HuntEvents,
}

impl<'a> EventRef<'a> {
    fn text(&self, sym: Option<Sym>) -> Option<&'a str> {
        self.store.text(sym)
    }

    fn has(&self, bit: u32) -> bool {
        self.event.flags & bit != 0
    }

    fn details(&self) -> Option<&'a Details> {
        self.store.details.get((self.event.details as usize).checked_sub(1)?)
    }

    /// The event's `uuid` as sent.
    pub fn uuid(&self) -> Option<Cow<'a, str>> {
        let [high, low] = self.event.uuid;
        if self.has(flag::UUID_BITS) {
            let bits = (u128::from(high) << 64) | u128::from(low);
            return Some(Cow::Owned(uuid::Uuid::from_u128(bits).hyphenated().to_string()));
        }
        if !self.has(flag::UUID_TEXT) {
            return None;
        }
        let sym = u32::try_from(high).ok().and_then(NonZeroU32::new).map(Sym);
        self.text(sym).map(Cow::Borrowed)
    }

    /// See [`LogEvent::published_at`].
    pub fn published_at(&self) -> Option<DateTime<Utc>> {
        self.event.published
    }

    /// See [`LogEvent::event_type`].
    pub fn event_type(&self) -> Option<&'a str> {
        self.text(self.event.event_type)
    }

    /// See [`LogEvent::outcome_result`].
    pub fn outcome_result(&self) -> Option<&'a str> {
        self.text(self.event.result)
    }

    /// See [`LogEvent::outcome_reason`].
    pub fn outcome_reason(&self) -> Option<&'a str> {
        self.text(self.event.reason)
    }

    /// See [`LogEvent::is_failure`].
    pub fn is_failure(&self) -> bool {
        self.outcome_result().is_some_and(|r| r.eq_ignore_ascii_case("FAILURE") || r.eq_ignore_ascii_case("DENY"))
    }

    /// See [`LogEvent::actor_login`].
    pub fn actor_login(&self) -> Option<&'a str> {
        let login = self.text(self.event.actor_login)?;
        (!login.trim().is_empty() && !login.eq_ignore_ascii_case("unknown")).then_some(login)
    }

    /// `actor.id`.
    pub fn actor_id(&self) -> Option<&'a str> {
        self.text(self.event.actor_id)
    }

    /// `actor.type`.
    pub fn actor_type(&self) -> Option<&'a str> {
        self.text(self.event.actor_type)
    }

    /// `actor.displayName`.
    pub fn actor_display_name(&self) -> Option<&'a str> {
        self.text(self.event.actor_name)
    }

    /// See [`LogEvent::client_ip`].
    pub fn client_ip(&self) -> Option<&'a str> {
        self.text(self.event.client_ip)
    }

    /// See [`LogEvent::user_agent`].
    pub fn user_agent(&self) -> Option<&'a str> {
        self.text(self.event.user_agent)
    }

    /// See [`LogEvent::session_id`].
    pub fn session_id(&self) -> Option<&'a str> {
        let id = self.text(self.event.session)?;
        (!id.trim().is_empty() && !id.eq_ignore_ascii_case("unknown")).then_some(id)
    }

    /// `authenticationContext.rootSessionId`, when it names one.
    pub fn root_session_id(&self) -> Option<&'a str> {
        let id = self.text(self.event.root_session)?;
        (!id.trim().is_empty() && !id.eq_ignore_ascii_case("unknown")).then_some(id)
    }

    /// See [`LogEvent::top_session`].
    pub fn top_session(&self) -> Option<&'a str> {
        self.root_session_id().or(self.session_id())
    }

    /// `debugData.dtHash`: the hash of the device token (Okta's device cookie).
    pub fn dt_hash(&self) -> Option<&'a str> {
        self.text(self.event.dt_hash).filter(|d| !d.trim().is_empty())
    }

    /// A target's `detailEntry.oktaDeviceId` (device enrollments).
    pub fn device_id(&self) -> Option<&'a str> {
        self.text(self.details()?.device)
    }

    /// Whether the dashboard opened the app (`debugData.initiationType` `IDP_INITIATED`).
    pub fn idp_initiated(&self) -> bool {
        self.has(flag::IDP_INITIATED)
    }

    /// Whether `debugData.originalPrincipal` names the actor itself (no one else acted).
    pub fn principal_is_actor(&self) -> bool {
        self.has(flag::PRINCIPAL_IS_ACTOR)
    }

    /// `transaction.id`.
    pub fn transaction_id(&self) -> Option<&'a str> {
        self.text(self.event.transaction_id)
    }

    /// See [`LogEvent::country`].
    pub fn country(&self) -> Option<&'a str> {
        self.text(self.event.country)
    }

    /// See [`LogEvent::city`].
    pub fn city(&self) -> Option<&'a str> {
        self.text(self.event.city)
    }

    /// See [`LogEvent::geolocation`].
    pub fn geolocation(&self) -> Option<(f64, f64)> {
        self.has(flag::HAS_GEO).then_some((self.event.geo[0], self.event.geo[1]))
    }

    /// `securityContext.asNumber`, if it reads as an integer.
    pub fn as_number(&self) -> Option<i64> {
        self.has(flag::HAS_ASN).then_some(self.event.asn)
    }

    /// The organisation behind the IP (`securityContext.asOrg`, else the ISP).
    pub fn network_name(&self) -> Option<&'a str> {
        self.text(self.event.network)
    }

    /// Okta's behavior verdicts that came out `POSITIVE`.
    pub fn behaviors(&self) -> BehaviorFlags {
        BehaviorFlags {
            new_device: self.has(flag::NEW_DEVICE),
            new_geo_location: self.has(flag::NEW_GEO_LOCATION),
            new_ip: self.has(flag::NEW_IP),
            new_country: self.has(flag::NEW_COUNTRY),
            new_city: self.has(flag::NEW_CITY),
            velocity: self.has(flag::VELOCITY),
        }
    }

    /// Whether the event carries behavior verdicts at all.
    pub fn has_behaviors(&self) -> bool {
        self.has(flag::HAS_BEHAVIORS)
    }

    /// Whether Okta rated the risk `HIGH`.
    pub fn risk_is_high(&self) -> bool {
        self.has(flag::RISK_HIGH)
    }

    /// Whether the request came through an anonymising proxy, VPN or Tor.
    pub fn is_proxy(&self) -> bool {
        self.has(flag::PROXY)
    }

    /// See [`LogEvent::threat_suspected`].
    pub fn threat_suspected(&self) -> Option<bool> {
        match (self.has(flag::THREAT_SUSPECTED), self.has(flag::THREAT_NOT_SUSPECTED)) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }

    /// Whether `debugData.originalPrincipal` is present.
    pub fn has_original_principal(&self) -> bool {
        self.has(flag::ORIGINAL_PRINCIPAL)
    }

    /// The real actor `debugData.originalPrincipal` names, as sent.
    pub fn original_principal(&self) -> Option<&'a str> {
        self.text(self.details()?.original_principal)
    }

    /// `debugData.factor` (`OKTA_VERIFY_PUSH`, `PASSWORD_AS_FACTOR`, …).
    pub fn factor(&self) -> Option<&'a str> {
        self.text(self.event.factor)
    }

    /// `debugData.privilegeGranted`.
    pub fn privilege_granted(&self) -> Option<&'a str> {
        self.text(self.details()?.privilege_granted)
    }

    /// `debugData.networkConnection`.
    pub fn network_connection(&self) -> Option<&'a str> {
        self.text(self.details()?.network_connection)
    }

    /// `debugData`'s `key`, one of [`SUSPICIOUS_KEYS`].
    pub fn suspicious_activity(&self, key: &str) -> Option<&'a str> {
        let at = SUSPICIOUS_KEYS.iter().position(|k| *k == key)?;
        self.text(self.details()?.suspicious[at])
    }

    /// Okta's risk rating when it is `MEDIUM` or `HIGH` (see [`LogEvent::risk`]), with its
    /// reasons.
    pub fn risk(&self) -> Option<(RiskLevel, impl Iterator<Item = &'a str> + 'a)> {
        let details = self.details()?;
        let store = self.store;
        let reasons = store.lists.get(details.reasons.range()).unwrap_or_default();
        Some((details.risk?, reasons.iter().map(move |s| store.text(Some(*s)).unwrap_or(""))))
    }

    /// Whether the change details show MFA turned down.
    pub fn is_downgrade(&self) -> bool {
        self.has(flag::DOWNGRADE)
    }

    /// The targets, in order.
    pub fn targets(&self) -> impl Iterator<Item = TargetRef<'a>> + 'a {
        let store = self.store;
        let rows = store.targets.get(self.event.targets.range()).unwrap_or_default();
        rows.iter().map(move |row| TargetRef { row, store })
    }

    /// See [`LogEvent::targets_of_type`].
    pub fn targets_of_type(&self, target_type: &'a str) -> impl Iterator<Item = TargetRef<'a>> + 'a {
        self.targets().filter(move |t| t.target_type() == Some(target_type))
    }

    /// See [`LogEvent::target_users`].
    pub fn target_users(&self) -> impl Iterator<Item = TargetRef<'a>> + 'a {
        self.targets_of_type("User")
    }
}

/// One target of a kept event.
#[derive(Debug, Clone, Copy)]
pub struct TargetRef<'a> {
    row: &'a TargetRow,
    store: &'a HuntEvents,
}

impl<'a> TargetRef<'a> {
    /// `type`.
    pub fn target_type(&self) -> Option<&'a str> {
        self.store.text(self.row[0])
    }

    /// `id`.
    pub fn id(&self) -> Option<&'a str> {
        self.store.text(self.row[1])
    }

    /// `alternateId` (for users, the login).
    pub fn alternate_id(&self) -> Option<&'a str> {
        self.store.text(self.row[2])
    }

    /// `displayName`.
    pub fn display_name(&self) -> Option<&'a str> {
        self.store.text(self.row[3])
    }
}

impl HuntEvents {
    /// Keeps an event of the lenient model (see [`HuntEvents::push`]).
    pub fn push_event(&mut self, event: &LogEvent) -> Option<u32> {
        self.push(&Fields::of(event))
    }
}
