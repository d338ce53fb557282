//! What the UI and the detections ask of an event, answered without panicking whatever is
//! missing.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::super::debug_data::{DebugData, Risk};
use super::super::time::parse_okta_time;
use super::{GeographicalContext, IpChainEntry, LogEvent, SecurityContext, Target};

impl LogEvent {
    /// The event type (`user.session.start`).
    pub fn event_type(&self) -> Option<&str> {
        self.event_type.as_deref()
    }

    /// When the event happened: RFC 3339 with any fraction, or the Panther form
    /// `2022-11-22 18:48:49.177` taken as UTC. `None` if missing, `redacted` or impossible;
    /// order such events by arrival.
    pub fn published_at(&self) -> Option<DateTime<Utc>> {
        parse_okta_time(self.published.as_deref()?)
    }

    /// `outcome.result` (`SUCCESS`, `FAILURE`, `DENY`, …).
    pub fn outcome_result(&self) -> Option<&str> {
        self.outcome.as_ref()?.result.as_deref()
    }

    /// `outcome.reason` (`INVALID_CREDENTIALS`, …).
    pub fn outcome_reason(&self) -> Option<&str> {
        self.outcome.as_ref()?.reason.as_deref()
    }

    /// Whether the outcome is `FAILURE` or `DENY` (any case).
    pub fn is_failure(&self) -> bool {
        self.outcome_result().is_some_and(|r| r.eq_ignore_ascii_case("FAILURE") || r.eq_ignore_ascii_case("DENY"))
    }

    /// The actor's login (`actor.alternateId`); `None` if absent or `unknown` (as for
    /// ThreatInsight's IP-address actors).
    pub fn actor_login(&self) -> Option<&str> {
        let login = self.actor.as_ref()?.alternate_id.as_deref()?;
        (!login.trim().is_empty() && !login.eq_ignore_ascii_case("unknown")).then_some(login)
    }

    /// The client IP: `client.ipAddress`, else the first hop of the IP chain. The string
    /// `"null"` counts as absent.
    pub fn client_ip(&self) -> Option<&str> {
        let from_client = self.client.as_ref().and_then(|c| c.ip_address());
        from_client
            .or_else(|| self.ip_chain().filter_map(|hop| hop.ip.as_deref()).find(|ip| !ip.is_empty() && *ip != "null"))
    }

    /// The country of the client IP, from `client.geographicalContext`, else the IP chain.
    pub fn country(&self) -> Option<&str> {
        self.geo_contexts().find_map(|g| non_empty(g.country.as_deref()))
    }

    /// The city of the client IP, from `client.geographicalContext`, else the IP chain.
    pub fn city(&self) -> Option<&str> {
        self.geo_contexts().find_map(|g| non_empty(g.city.as_deref()))
    }

    /// The raw `User-Agent` (`client.userAgent.rawUserAgent`).
    pub fn user_agent(&self) -> Option<&str> {
        self.client.as_ref()?.user_agent.as_ref()?.raw_user_agent.as_deref()
    }

    /// The targets of one type (`User`, `AppInstance`, …), in order.
    pub fn targets_of_type<'a>(&'a self, target_type: &'a str) -> impl Iterator<Item = &'a Target> + 'a {
        self.target.iter().flatten().filter(move |t| t.target_type.as_deref() == Some(target_type))
    }

    /// The targets of type `User`.
    pub fn target_users(&self) -> impl Iterator<Item = &Target> + '_ {
        self.targets_of_type("User")
    }

    /// The sign-in session (`authenticationContext.externalSessionId`); `None` if absent or
    /// `unknown`.
    pub fn session_id(&self) -> Option<&str> {
        let id = self.authentication_context.as_ref()?.external_session_id.as_deref()?;
        (!id.trim().is_empty() && !id.eq_ignore_ascii_case("unknown")).then_some(id)
    }

    /// `authenticationContext.rootSessionId`, the session a child session was made from;
    /// `None` if absent or `unknown`.
    pub fn root_session_id(&self) -> Option<&str> {
        let id = self.authentication_context.as_ref()?.root_session_id.as_deref()?;
        (!id.trim().is_empty() && !id.eq_ignore_ascii_case("unknown")).then_some(id)
    }

    /// The session a finding counts this event in: its root session when it names one (a
    /// session and its children are one), else its own.
    pub fn top_session(&self) -> Option<&str> {
        self.root_session_id().or(self.session_id())
    }

    /// `debugContext.debugData`, if it is an object.
    pub fn debug_data(&self) -> Option<&DebugData> {
        self.debug_context.as_ref()?.debug_data.as_ref()
    }

    /// Behavior name → result, from `debugData` (see [`DebugData::behaviors`]), completed
    /// by the structured `securityContext.userBehaviors`.
    pub fn behaviors(&self) -> BTreeMap<String, String> {
        behaviors_of(self.debug_data(), self.security_context.as_ref())
    }

    /// The risk verdict, from `debugData` (see [`DebugData::risk`]), else from
    /// `securityContext.risk`.
    pub fn risk(&self) -> Option<Risk> {
        risk_of(self.debug_data(), self.security_context.as_ref())
    }

    /// The coordinates of the client IP, from `client.geographicalContext`, else the IP
    /// chain; `None` when missing, out of range, or the `0, 0` placeholder.
    pub fn geolocation(&self) -> Option<(f64, f64)> {
        let client = self.client.as_ref().and_then(|c| c.geographical_context.as_ref());
        let chain = self.ip_chain().filter_map(|hop| hop.geographical_context.as_ref());
        client.into_iter().chain(chain).filter_map(|g| usable_lat_lon(g.geolocation.as_ref()?.lat_lon()?)).next()
    }

    /// `debugData.threatSuspected` as a boolean.
    pub fn threat_suspected(&self) -> Option<bool> {
        self.debug_data()?.threat_suspected()
    }

    /// The IP chain: `request.ipChain`, then the `client.ipChain` of event-hook payloads.
    pub fn ip_chain(&self) -> impl Iterator<Item = &IpChainEntry> + '_ {
        let request = self.request.as_ref().and_then(|r| r.ip_chain.as_ref());
        let client = self.client.as_ref().and_then(|c| c.ip_chain.as_ref());
        request.into_iter().flatten().chain(client.into_iter().flatten())
    }

    /// The geographical contexts to read a location from, most direct first.
    fn geo_contexts(&self) -> impl Iterator<Item = &GeographicalContext> + '_ {
        let client = self.client.as_ref().and_then(|c| c.geographical_context.as_ref());
        client.into_iter().chain(self.ip_chain().filter_map(|hop| hop.geographical_context.as_ref()))
    }
}

fn non_empty(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !t.trim().is_empty())
}

/// Coordinates that can be a place: finite, in range, and not the `0, 0` placeholder.
pub fn usable_lat_lon((lat, lon): (f64, f64)) -> Option<(f64, f64)> {
    let usable = lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0;
    (usable && (lat, lon) != (0.0, 0.0)).then_some((lat, lon))
}

/// Behavior name → result of an event with these parts: `debugData`'s (see
/// [`DebugData::behaviors`]), completed by the structured `securityContext.userBehaviors`.
pub fn behaviors_of(debug: Option<&DebugData>, security: Option<&SecurityContext>) -> BTreeMap<String, String> {
    let mut out = debug.map(DebugData::behaviors).unwrap_or_default();
    let structured = security.and_then(|s| s.user_behaviors.as_ref());
    for b in structured.into_iter().flatten() {
        if let (Some(name), Some(result)) = (b.name.as_deref(), b.result.as_deref()) {
            out.entry(name.trim().to_string()).or_insert_with(|| result.trim().to_string());
        }
    }
    out
}

/// The risk verdict of an event with these parts: `debugData`'s (see [`DebugData::risk`]),
/// else `securityContext.risk`.
pub fn risk_of(debug: Option<&DebugData>, security: Option<&SecurityContext>) -> Option<Risk> {
    debug.and_then(DebugData::risk).or_else(|| {
        let risk = security?.risk.as_ref()?;
        let reasons = risk.reasons.clone().unwrap_or_default();
        (risk.level.is_some() || !reasons.is_empty()).then(|| Risk { level: risk.level.clone(), reasons })
    })
}
