//! The event view's state: the event, its pivots and its sections, sanitised once.

use serde_json::Value;

use crate::app::detail::Section;
use crate::app::logs::ServerQuery;
use crate::app::state::Load;
use crate::okta::logs::compact::SymInterner;
use crate::okta::logs::{CompactEvent, EventId};
use crate::okta::model::LogEvent;
use crate::sanitize::clean;

/// Something to go to from an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pivot {
    /// Open a user's detail (the actor or a target).
    OpenUser { role: &'static str, id: String, login: String },
    /// Tail only this actor's events.
    TailActor { id: String, login: String },
    /// Tail only events from this IP.
    TailIp(String),
    /// Tail only this sign-in session's events.
    TailSession(String),
}

impl Pivot {
    /// The line shown for it.
    pub fn label(&self) -> String {
        match self {
            Pivot::OpenUser { role, login, .. } => format!("open {role:<7} {login}"),
            Pivot::TailActor { login, .. } => format!("tail actor   {login}"),
            Pivot::TailIp(ip) => format!("tail IP      {ip}"),
            Pivot::TailSession(s) => format!("tail session {s}"),
        }
    }

    /// The server-side query a tail pivot restarts the tail with.
    pub fn query(&self) -> Option<ServerQuery> {
        let quoted = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
        let filter = match self {
            Pivot::OpenUser { .. } => return None,
            Pivot::TailActor { id, .. } => format!("actor.id eq \"{}\"", quoted(id)),
            Pivot::TailIp(ip) => format!("client.ipAddress eq \"{}\"", quoted(ip)),
            Pivot::TailSession(s) => format!("authenticationContext.externalSessionId eq \"{}\"", quoted(s)),
        };
        Some(ServerQuery { filter: Some(filter), q: None })
    }
}

/// The pivots an event offers, users first.
pub fn pivots(e: &CompactEvent) -> Vec<Pivot> {
    let mut out = Vec::new();
    let actor_is_user = e.actor_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("User"));
    if let (true, Some(id)) = (actor_is_user, e.actor_id.as_deref()) {
        let login = e.actor_label().to_string();
        out.push(Pivot::OpenUser { role: "actor", id: id.to_string(), login: login.clone() });
        out.push(Pivot::TailActor { id: id.to_string(), login });
    }
    if let Some(id) = e.target_user_id.as_deref() {
        let login = e.target_user_login.as_deref().unwrap_or(id).to_string();
        let same_as_actor = e.actor_id.as_deref() == Some(id);
        if !same_as_actor {
            out.insert(usize::from(!out.is_empty()), Pivot::OpenUser { role: "target", id: id.to_string(), login });
        }
    }
    if let Some(ip) = e.ip.as_deref() {
        out.push(Pivot::TailIp(ip.to_string()));
    }
    if let Some(s) = e.session_id.as_deref() {
        out.push(Pivot::TailSession(s.to_string()));
    }
    out
}

/// The event view.
#[derive(Debug, Clone)]
pub struct EventView {
    pub id: Option<EventId>,
    pub event: CompactEvent,
    pub pivots: Vec<Pivot>,
    /// Position in `pivots`.
    pub selected: usize,
    /// How far the summary and JSON are scrolled.
    pub scroll: u16,
    pub load: Load,
    /// The summary and the JSON, once the whole event is here.
    pub sections: Vec<Section>,
    /// The generation of the read of the whole event, when it had to be fetched.
    pub generation: u64,
}

impl EventView {
    /// The view of `event`; `raw` is its whole JSON if it is still kept.
    pub fn new(event: CompactEvent, raw: Option<&str>, generation: u64) -> EventView {
        let mut view = EventView {
            id: event.id.clone(),
            pivots: pivots(&event),
            event,
            selected: 0,
            scroll: 0,
            load: Load::Loading,
            sections: Vec::new(),
            generation,
        };
        if let Some(raw) = raw {
            view.fill(raw);
        }
        view
    }

    /// The view of an event already read in full (an investigation's evidence).
    pub fn of_log_event(event: &LogEvent) -> EventView {
        let received_ms = event.published_at().map_or(0, |t| t.timestamp_millis());
        let compact = crate::okta::logs::compact::compact_from_model(event, &mut SymInterner::default(), received_ms);
        let raw = serde_json::to_string(event).unwrap_or_default();
        EventView::new(compact, Some(&raw), 0)
    }

    /// Fills in the whole event.
    pub fn fill(&mut self, raw: &str) {
        self.sections = sections(raw);
        self.load = Load::Done;
    }

    /// The selected pivot.
    pub fn pivot(&self) -> Option<&Pivot> {
        self.pivots.get(self.selected)
    }

    /// The login to investigate: the selected user pivot's, else the actor's.
    pub fn investigate_target(&self) -> Option<String> {
        match self.pivot() {
            Some(Pivot::OpenUser { login, .. } | Pivot::TailActor { login, .. }) => Some(login.clone()),
            _ => self.event.actor_login.as_deref().map(str::to_string),
        }
    }
}

fn line(label: &str, value: impl AsRef<str>) -> Option<String> {
    let value = value.as_ref().trim();
    (!value.is_empty()).then(|| format!("{label:<14} {}", clean(value)))
}

fn join<'a>(parts: impl IntoIterator<Item = Option<&'a str>>, sep: &str) -> String {
    parts.into_iter().flatten().filter(|p| !p.trim().is_empty()).collect::<Vec<_>>().join(sep)
}

/// The summary and JSON sections of an event's whole JSON.
pub fn sections(raw: &str) -> Vec<Section> {
    let value: Value = match serde_json::from_str(raw) {
        Ok(v) => v,
        Err(e) => return vec![Section { title: "Event".into(), lines: vec![format!("not readable JSON: {e}")] }],
    };
    let event: LogEvent = match &value {
        Value::Object(o) => LogEvent::from_object(o.clone()),
        _ => LogEvent::default(),
    };
    let mut summary: Vec<Option<String>> = vec![
        line("published", event.published.as_deref().unwrap_or("")),
        line("event", join([event.event_type(), event.display_message.as_deref()], " — ")),
        line("severity", event.severity.as_deref().unwrap_or("")),
        line("outcome", join([event.outcome_result(), event.outcome_reason()], " · ")),
    ];
    if let Some(a) = &event.actor {
        summary.push(line(
            "actor",
            join(
                [a.actor_type.as_deref(), a.alternate_id.as_deref(), a.display_name.as_deref(), a.id.as_deref()],
                " · ",
            ),
        ));
    }
    for t in event.target.iter().flatten() {
        summary.push(line(
            "target",
            join(
                [t.target_type.as_deref(), t.alternate_id.as_deref(), t.display_name.as_deref(), t.id.as_deref()],
                " · ",
            ),
        ));
    }
    let mut client: Vec<Option<String>> = vec![
        line("IP", event.client_ip().unwrap_or("")),
        line("location", join([event.city(), event.country()], ", ")),
    ];
    if let Some(c) = &event.client {
        client.push(line("zone", c.zone().unwrap_or("")));
        client.push(line("device", c.device.as_deref().unwrap_or("")));
        if let Some(ua) = &c.user_agent {
            client.push(line("browser / OS", join([ua.browser.as_deref(), ua.os.as_deref()], " / ")));
            client.push(line("user agent", ua.raw_user_agent.as_deref().unwrap_or("")));
        }
    }
    client.push(line("session", event.session_id().unwrap_or("")));
    let mut security: Vec<Option<String>> = Vec::new();
    if let Some(s) = &event.security_context {
        let asn = s.as_number.as_ref().map(|n| n.to_string()).unwrap_or_default();
        security.push(line(
            "network",
            join([Some(asn.as_str()), s.as_org.as_deref(), s.isp.as_deref(), s.domain.as_deref()], " · "),
        ));
        if let Some(proxy) = s.is_proxy {
            security.push(line("proxy", if proxy { "yes" } else { "no" }));
        }
    }
    let behaviors = event.behaviors();
    if !behaviors.is_empty() {
        let text: Vec<String> = behaviors.iter().map(|(k, v)| format!("{k}={v}")).collect();
        security.push(line("behaviors", text.join(", ")));
    }
    if let Some(risk) = event.risk() {
        security.push(line("risk", join([risk.level.as_deref(), Some(risk.reasons.join(", ").as_str())], " · ")));
    }
    if let Some(t) = event.threat_suspected() {
        security.push(line("threat", if t { "suspected" } else { "not suspected" }));
    }
    if let Some(data) = event.debug_data().and_then(|d| d.log_only_security_data()) {
        security.push(line("security data", data.to_string()));
    }
    // The event's own text, re-spaced: every number as Okta sent it.
    let pretty = jsonxf::pretty_print(raw).unwrap_or_else(|_| serde_json::to_string_pretty(&value).unwrap_or_default());
    let json: Vec<String> = pretty.lines().map(|l| clean(l).into_owned()).collect();
    vec![
        Section { title: "Summary".into(), lines: summary.into_iter().flatten().collect() },
        Section { title: "Client".into(), lines: client.into_iter().flatten().collect() },
        Section { title: "Security".into(), lines: security.into_iter().flatten().collect() },
        Section { title: "Event JSON".into(), lines: json },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::okta::logs::compact::{parse_event, SymInterner};

    const RAW: &str = r#"{"uuid":"u1","published":"2026-11-30T10:00:00.000Z","eventType":"user.session.start",
        "displayMessage":"User login to Okta","severity":"INFO",
        "actor":{"id":"00u1","type":"User","alternateId":"jo@acme.example","displayName":"Jo"},
        "client":{"ipAddress":"203.0.113.7","geographicalContext":{"city":"Oslo","country":"Norway"}},
        "outcome":{"result":"SUCCESS"},"authenticationContext":{"externalSessionId":"102s"},
        "securityContext":{"asNumber":64500,"asOrg":"Example","isProxy":true},
        "debugContext":{"debugData":{"behaviors":"{New Geo-Location=POSITIVE, New Device=NEGATIVE}",
          "risk":"{level=HIGH, reasons=Anomalous Location}","logOnlySecurityData":"{\"risk\":{\"level\":\"HIGH\"}}"}},
        "target":[{"id":"00u2","type":"User","alternateId":"al@acme.example"}]}"#;

    #[test]
    fn an_event_offers_its_users_ip_and_session() {
        let e = parse_event(RAW, &mut SymInterner::default(), 0).unwrap();
        let labels: Vec<String> = pivots(&e).iter().map(Pivot::label).collect();
        assert_eq!(
            labels,
            [
                "open actor   jo@acme.example",
                "open target  al@acme.example",
                "tail actor   jo@acme.example",
                "tail IP      203.0.113.7",
                "tail session 102s"
            ]
        );
        let ip = pivots(&e)[3].query().unwrap();
        assert_eq!(ip.filter.as_deref(), Some("client.ipAddress eq \"203.0.113.7\""));
    }

    #[test]
    fn the_summary_parses_debug_data_and_keeps_the_json() {
        let s = sections(RAW);
        let all: Vec<&String> = s.iter().flat_map(|s| &s.lines).collect();
        let has = |needle: &str| all.iter().any(|l| l.contains(needle));
        assert!(has("New Geo-Location=POSITIVE"));
        assert!(has("HIGH · Anomalous Location"));
        assert!(has("Oslo, Norway"));
        assert!(has("proxy          yes"));
        assert!(has("\"eventType\": \"user.session.start\""));
        assert_eq!(sections("{").len(), 1);
    }

    #[test]
    fn the_event_json_shows_numbers_as_sent() {
        let raw = r#"{"eventType":"x","geolocation":{"lon":-122.39999999999999},"n":123456789012345678901234567890}"#;
        let s = sections(raw);
        let json = &s.iter().find(|s| s.title == "Event JSON").unwrap().lines;
        assert!(json.iter().any(|l| l.contains("\"lon\": -122.39999999999999")), "{json:?}");
        assert!(json.iter().any(|l| l.contains("\"n\": 123456789012345678901234567890")), "{json:?}");
    }
}
