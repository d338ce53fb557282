//! The hunt's reader of `GET /api/v1/logs` pages: each event is read straight from the
//! page's text into borrowed fields, keeping only what the detections read (the rest is
//! skipped unread); an event whose shape surprises it (a value of another type, a key in
//! another case, a key given twice) is read through the lenient [`LogEvent`] model instead,
//! which never fails on an object. Either way the event becomes the same [`Fields`].

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::fields::{is_read_debug_key, Fields, TargetFields};
use crate::okta::logs::elements::{walk_page, PageError};
use crate::okta::logs::shape::{AuthShape, GeoShape, HopShape, OutcomeShape, PartyShape};
use crate::okta::logs::text::Text;
use crate::okta::model::{
    usable_lat_lon, DebugData, IpDetails, IpServiceCategory, LogEvent, Scalar, SecurityContext, SecurityRisk,
    UserBehavior, TOP_LEVEL_KEYS,
};

/// What a page held besides its events.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageCount {
    /// Elements of the page, whatever they were.
    pub elements: usize,
    /// Elements that are not events (not JSON objects), skipped.
    pub skipped: usize,
    /// Events whose shape the byte reader left to the lenient model.
    pub lenient: usize,
}

/// Reads a page body, handing `each` the fields of every event in order. Fails when the
/// body is not a JSON array (a truncated answer; some events may have been handed over).
pub fn read_page(body: &[u8], mut each: impl FnMut(&Fields)) -> Result<PageCount, PageError> {
    let text = std::str::from_utf8(body).map_err(|e| PageError(e.to_string()))?;
    let (mut skipped, mut lenient) = (0, 0);
    let elements = walk_page::<Shape>(text, |at, shape| match shape {
        Some(shape) => {
            let security = shape.security_context.as_ref().map(SecurityShape::model);
            each(&shape.fields(security.as_ref()))
        }
        None => match serde_json::from_str::<Value>(&text[at]) {
            Ok(Value::Object(object)) => {
                lenient += 1;
                each(&Fields::of(&LogEvent::from_object(object)))
            }
            _ => skipped += 1,
        },
    })?;
    Ok(PageCount { elements, skipped, lenient })
}

/// The top-level keys the hunt reads, in [`Shape`]'s order.
const READ_KEYS: [&str; 12] = [
    "uuid",
    "published",
    "eventType",
    "actor",
    "client",
    "authenticationContext",
    "outcome",
    "securityContext",
    "debugContext",
    "transaction",
    "request",
    "target",
];

/// An event as the fast path reads it.
#[derive(Default)]
struct Shape<'a> {
    uuid: Option<Text<'a>>,
    published: Option<Text<'a>>,
    event_type: Option<Text<'a>>,
    actor: Option<PartyShape<'a>>,
    client: Option<ClientShape<'a>>,
    authentication_context: Option<AuthShape<'a>>,
    outcome: Option<OutcomeShape<'a>>,
    security_context: Option<SecurityShape<'a>>,
    debug_context: Option<DebugContextShape>,
    transaction: Option<TransactionShape<'a>>,
    request: Option<RequestShape<'a>>,
    target: Option<Vec<TargetShape<'a>>>,
}

struct ShapeVisitor;

impl<'de> Visitor<'de> for ShapeVisitor {
    type Value = Shape<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a System Log event")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape<'de>, A::Error> {
        let mut shape = Shape::default();
        let mut seen = [false; READ_KEYS.len()];
        while let Some(key) = map.next_key::<Text<'de>>()? {
            let Some(at) = READ_KEYS.iter().position(|k| *k == &*key) else {
                if !TOP_LEVEL_KEYS.contains(&&*key) && TOP_LEVEL_KEYS.iter().any(|k| k.eq_ignore_ascii_case(&key)) {
                    return Err(de::Error::custom("a top-level key in another case"));
                }
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            if std::mem::replace(&mut seen[at], true) {
                return Err(de::Error::custom("a top-level key given twice"));
            }
            match at {
                0 => shape.uuid = map.next_value()?,
                1 => shape.published = map.next_value()?,
                2 => shape.event_type = map.next_value()?,
                3 => shape.actor = map.next_value()?,
                4 => shape.client = map.next_value()?,
                5 => shape.authentication_context = map.next_value()?,
                6 => shape.outcome = map.next_value()?,
                7 => shape.security_context = map.next_value()?,
                8 => shape.debug_context = map.next_value()?,
                9 => shape.transaction = map.next_value()?,
                10 => shape.request = map.next_value()?,
                _ => shape.target = map.next_value()?,
            }
        }
        Ok(shape)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Shape<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ShapeVisitor)
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ClientShape<'a> {
    #[serde(borrow)]
    user_agent: Option<UserAgentShape<'a>>,
    #[serde(borrow)]
    ip_address: Option<Text<'a>>,
    #[serde(borrow)]
    geographical_context: Option<GeoShape<'a>>,
    #[serde(borrow)]
    ip_chain: Option<Vec<HopShape<'a>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserAgentShape<'a> {
    #[serde(borrow)]
    raw_user_agent: Option<Text<'a>>,
}

#[derive(Deserialize)]
struct TransactionShape<'a> {
    #[serde(borrow)]
    id: Option<Text<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RequestShape<'a> {
    #[serde(borrow)]
    ip_chain: Option<Vec<HopShape<'a>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TargetShape<'a> {
    #[serde(borrow)]
    id: Option<Text<'a>>,
    #[serde(borrow, rename = "type")]
    kind: Option<Text<'a>>,
    #[serde(borrow)]
    alternate_id: Option<Text<'a>>,
    #[serde(borrow)]
    display_name: Option<Text<'a>>,
    change_details: Option<ChangeShape>,
    #[serde(borrow)]
    detail_entry: Option<DetailEntryShape<'a>>,
}

/// A target's `detailEntry`, reading the device id only.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DetailEntryShape<'a> {
    #[serde(borrow)]
    okta_device_id: Option<Text<'a>>,
}

#[derive(Deserialize)]
struct ChangeShape {
    from: Option<Value>,
    to: Option<Value>,
}

/// `securityContext`, reading what the detections read: made into the lenient model's
/// [`SecurityContext`] with those fields only, without going through a JSON value.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SecurityShape<'a> {
    as_number: Option<AsNumber>,
    #[serde(borrow)]
    as_org: Option<Text<'a>>,
    #[serde(borrow)]
    isp: Option<Text<'a>>,
    is_proxy: Option<bool>,
    ip_details: Option<IpDetailsShape>,
    #[serde(borrow)]
    risk: Option<SecurityRiskShape<'a>>,
    #[serde(borrow)]
    user_behaviors: Option<Vec<UserBehaviorShape<'a>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IpDetailsShape {
    ip_service_categories: Option<Vec<CategoryShape>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CategoryShape {
    is_anonymous: Option<bool>,
}

#[derive(Deserialize)]
struct SecurityRiskShape<'a> {
    #[serde(borrow)]
    level: Option<Text<'a>>,
    #[serde(borrow)]
    reasons: Option<Vec<Text<'a>>>,
}

#[derive(Deserialize)]
struct UserBehaviorShape<'a> {
    #[serde(borrow)]
    name: Option<Text<'a>>,
    #[serde(borrow)]
    result: Option<Text<'a>>,
}

/// `asNumber` as the lenient model's [`Scalar`] holds it: a string, a number or a boolean.
struct AsNumber(Scalar);

struct AsNumberVisitor;

impl Visitor<'_> for AsNumberVisitor {
    type Value = AsNumber;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, a string or a boolean")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<AsNumber, E> {
        Ok(AsNumber(Scalar::Number(v.into())))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<AsNumber, E> {
        Ok(AsNumber(Scalar::Number(v.into())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<AsNumber, E> {
        serde_json::Number::from_f64(v).map(|n| AsNumber(Scalar::Number(n))).ok_or_else(|| E::custom("not a number"))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<AsNumber, E> {
        Ok(AsNumber(Scalar::Text(v.to_string())))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<AsNumber, E> {
        Ok(AsNumber(Scalar::Bool(v)))
    }
}

impl<'de> Deserialize<'de> for AsNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(AsNumberVisitor)
    }
}

impl SecurityShape<'_> {
    /// The lenient model's `securityContext`, with the fields the detections read.
    fn model(&self) -> SecurityContext {
        let text = |t: &Option<Text>| t.as_deref().map(str::to_string);
        let categories = |d: &IpDetailsShape| {
            d.ip_service_categories.as_ref().map(|cs| {
                cs.iter().map(|c| IpServiceCategory { is_anonymous: c.is_anonymous, ..Default::default() }).collect()
            })
        };
        SecurityContext {
            as_number: self.as_number.as_ref().map(|n| n.0.clone()),
            as_org: text(&self.as_org),
            isp: text(&self.isp),
            is_proxy: self.is_proxy,
            ip_details: self
                .ip_details
                .as_ref()
                .map(|d| IpDetails { ip_service_categories: categories(d), ..Default::default() }),
            risk: self.risk.as_ref().map(|r| SecurityRisk {
                level: text(&r.level),
                reasons: r.reasons.as_ref().map(|rs| rs.iter().map(|r| r.to_string()).collect()),
                ..Default::default()
            }),
            user_behaviors: self.user_behaviors.as_ref().map(|bs| {
                bs.iter()
                    .map(|b| UserBehavior { name: text(&b.name), result: text(&b.result), ..Default::default() })
                    .collect()
            }),
            ..Default::default()
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DebugContextShape {
    debug_data: Option<DebugShape>,
}

/// `debugData`, keeping only the keys the detections read (a key given twice keeps its last value,
/// as the lenient model's map does).
struct DebugShape(DebugData);

struct DebugVisitor;

impl<'de> Visitor<'de> for DebugVisitor {
    type Value = DebugShape;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DebugShape, A::Error> {
        let mut kept = Map::new();
        while let Some(key) = map.next_key::<Text<'de>>()? {
            if is_read_debug_key(&key) {
                kept.insert(key.to_string(), map.next_value::<Value>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(DebugShape(DebugData(kept)))
    }
}

impl<'de> Deserialize<'de> for DebugShape {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(DebugVisitor)
    }
}

/// A client IP as Okta writes a missing one: blank or the string `null`.
fn not_null(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !t.trim().is_empty() && !t.trim().eq_ignore_ascii_case("null"))
}

fn non_empty(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !t.trim().is_empty())
}

impl Shape<'_> {
    /// The fields, read as [`Fields::of`] reads them from a [`LogEvent`]; `security` is
    /// the event's `securityContext` in the lenient model.
    fn fields<'s>(&'s self, security: Option<&'s SecurityContext>) -> Fields<'s> {
        let client = self.client.as_ref();
        let request_hops = self.request.as_ref().and_then(|r| r.ip_chain.as_deref()).unwrap_or_default();
        let client_hops = client.and_then(|c| c.ip_chain.as_deref()).unwrap_or_default();
        let hops = || request_hops.iter().chain(client_hops);
        let hop_ip = || hops().filter_map(|h| h.ip.as_deref()).find(|ip| !ip.is_empty() && *ip != "null");
        let geos = || {
            let first = client.and_then(|c| c.geographical_context.as_ref());
            first.into_iter().chain(hops().filter_map(|h| h.geographical_context.as_ref()))
        };
        let actor = self.actor.as_ref();
        let targets = self.target.iter().flatten().map(|t| {
            let change = t.change_details.as_ref();
            TargetFields {
                kind: t.kind.as_deref(),
                id: t.id.as_deref(),
                alternate_id: t.alternate_id.as_deref(),
                display_name: t.display_name.as_deref(),
                change_from: change.and_then(|c| c.from.as_ref()),
                change_to: change.and_then(|c| c.to.as_ref()),
                device_id: t.detail_entry.as_ref().and_then(|d| d.okta_device_id.as_deref()),
            }
        });
        Fields {
            uuid: self.uuid.as_deref(),
            published: self.published.as_deref(),
            event_type: self.event_type.as_deref(),
            result: self.outcome.as_ref().and_then(|o| o.result.as_deref()),
            reason: self.outcome.as_ref().and_then(|o| o.reason.as_deref()),
            actor_id: actor.and_then(|a| a.id.as_deref()),
            actor_type: actor.and_then(|a| a.kind.as_deref()),
            actor_login: actor.and_then(|a| a.alternate_id.as_deref()),
            actor_name: actor.and_then(|a| a.display_name.as_deref()),
            client_ip: not_null(client.and_then(|c| c.ip_address.as_deref())).or_else(hop_ip),
            user_agent: client.and_then(|c| c.user_agent.as_ref()?.raw_user_agent.as_deref()),
            session: self.authentication_context.as_ref().and_then(|a| a.external_session_id.as_deref()),
            root_session: self.authentication_context.as_ref().and_then(|a| a.root_session_id.as_deref()),
            transaction_id: self.transaction.as_ref().and_then(|t| t.id.as_deref()),
            country: geos().find_map(|g| non_empty(g.country.as_deref())),
            city: geos().find_map(|g| non_empty(g.city.as_deref())),
            geo: geos().filter_map(|g| usable_lat_lon(g.geolocation.as_ref()?.lat_lon()?)).next(),
            debug: self.debug_context.as_ref().and_then(|d| d.debug_data.as_ref()).map(|d| &d.0),
            security,
            targets: targets.collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::investigate::event::{HuntEvents, RiskLevel};

    /// Reads `events` as one page from its bytes and through the lenient model, checks both
    /// stores are the same, and returns the store and the page's count.
    fn read_alike(events: &[Value]) -> (HuntEvents, PageCount) {
        let page = Value::Array(events.to_vec()).to_string();
        read_text_alike(&page)
    }

    fn read_text_alike(page: &str) -> (HuntEvents, PageCount) {
        let mut fast = HuntEvents::default();
        let count = read_page(page.as_bytes(), |f| {
            fast.push(f);
        })
        .unwrap();
        let mut slow = HuntEvents::default();
        let values: Vec<Value> = serde_json::from_str(page).unwrap();
        for value in values {
            if let Value::Object(object) = value {
                slow.push_event(&LogEvent::from_object(object));
            }
        }
        for slot in 0..slow.len() as u32 {
            assert_eq!(fast.stored(slot), slow.stored(slot), "event {slot} of {page}");
        }
        assert!(fast == slow, "{page}");
        (fast, count)
    }

    #[test]
    fn a_full_event_is_read_from_its_bytes_as_the_model_reads_it() {
        let event = json!({
            "uuid": "5d7e3a5c-8a8b-11ee-a3d3-8b4a1f0e9d11", "published": "2026-11-30T10:00:00.123Z",
            "eventType": "user.session.start", "severity": "WARN", "displayMessage": "User login to Okta",
            "actor": {"id": "00u1", "type": "User", "alternateId": "jo@acme.example", "displayName": "Jo", "detailEntry": null},
            "client": {"ipAddress": "null", "userAgent": {"rawUserAgent": "curl/8.0", "os": "Linux"},
                "geographicalContext": {"city": " ", "country": null, "geolocation": {"lat": "47.0", "lon": 28.8}}},
            "request": {"ipChain": [{"ip": "203.0.113.7", "version": "V4",
                "geographicalContext": {"city": "Chisinau", "country": "Moldova"}}]},
            "authenticationContext": {"externalSessionId": "102abc", "credentialType": "PASSWORD"},
            "outcome": {"result": "SUCCESS", "reason": null},
            "securityContext": {"asNumber": "394089", "asOrg": " ", "isp": "Some ISP", "isProxy": false,
                "ipDetails": {"ipServiceCategories": [{"type": "VPN", "isAnonymous": true}]},
                "risk": {"level": "MEDIUM", "reasons": ["Anomalous Device"]},
                "userBehaviors": [{"name": "New Device", "result": "POSITIVE"}]},
            "debugContext": {"debugData": {"behaviors": "{New Geo-Location=POSITIVE}", "threatSuspected": "true",
                "factor": "OKTA_VERIFY_PUSH", "privilegeGranted": "Super administrator", "requestUri": "/x",
                "originalPrincipal": "{\"alternateId\": \"support@okta.com\"}", "risk": {"level": "low"},
                "suspiciousActivityEventIp": "198.51.100.9"}},
            "transaction": {"type": "WEB", "id": "unknown"},
            "target": [{"id": "0oa1", "type": "AppInstance", "displayName": "Okta Admin Console"},
                {"id": "rul1", "type": "PolicyRule", "displayName": "MFA", "changeDetails": {
                    "from": {"factorMode": "2FA"}, "to": {"factorMode": "1FA"}}}]
        });
        let (store, count) = read_alike(&[event]);
        assert_eq!((count.elements, count.skipped, count.lenient), (1, 0, 0), "read from its bytes");
        let e = store.get(0).unwrap();
        assert_eq!(e.uuid().as_deref(), Some("5d7e3a5c-8a8b-11ee-a3d3-8b4a1f0e9d11"));
        assert_eq!((e.client_ip(), e.city(), e.country()), (Some("203.0.113.7"), Some("Chisinau"), Some("Moldova")));
        assert_eq!((e.geolocation(), e.as_number()), (Some((47.0, 28.8)), Some(394089)));
        assert_eq!(e.network_name(), None, "a blank asOrg names no network, the ISP notwithstanding");
        assert_eq!(
            (e.user_agent(), e.session_id(), e.transaction_id()),
            (Some("curl/8.0"), Some("102abc"), Some("unknown"))
        );
        let b = e.behaviors();
        assert!(b.new_geo_location && b.new_device && e.has_behaviors() && e.is_proxy() && !e.risk_is_high());
        assert_eq!((e.threat_suspected(), e.original_principal()), (Some(true), Some("support@okta.com")));
        assert_eq!((e.factor(), e.privilege_granted()), (Some("OKTA_VERIFY_PUSH"), Some("Super administrator")));
        assert_eq!(e.suspicious_activity("suspiciousActivityEventIp"), Some("198.51.100.9"));
        assert!(e.risk().is_none(), "debugData's LOW rating comes before securityContext's MEDIUM");
        assert!(e.is_downgrade());
        let names: Vec<_> = e.targets().map(|t| (t.target_type(), t.display_name())).collect();
        assert_eq!(names, [(Some("AppInstance"), Some("Okta Admin Console")), (Some("PolicyRule"), Some("MFA"))]);
    }

    #[test]
    fn odd_shapes_go_to_the_lenient_model_and_read_the_same() {
        let odd = [
            json!({"eventtype": "user.session.start", "uuid": "a"}),
            json!({"eventType": "user.session.start", "actor": "bob"}),
            json!({"eventType": "x", "client": {"ipAddress": 5, "userAgent": {"rawUserAgent": "curl/8"}}}),
            json!({"eventType": "x", "securityContext": {"isProxy": "yes", "asOrg": "Tor"}}),
            json!({"eventType": "x", "client": {"geographicalContext": {"geolocation": {"lat": [1], "lon": 2}}}}),
            json!({"eventType": "x", "debugContext": {"debugData": "none"}}),
            json!({"eventType": "x", "target": [{"type": "User"}, 7]}),
        ];
        let (store, count) = read_alike(&odd);
        assert_eq!((count.elements, count.lenient, store.len()), (7, 7, 7));
        assert_eq!(store.get(0).unwrap().event_type(), Some("user.session.start"), "a key in another case");
        let (store, count) = read_text_alike(r#"[{"eventType": "x", "uuid": "a", "uuid": "b"}, 42]"#);
        assert_eq!((count.elements, count.skipped, count.lenient), (2, 1, 1));
        assert_eq!(store.get(0).unwrap().uuid().as_deref(), Some("b"), "a key given twice: the last");
    }

    #[test]
    fn every_form_of_a_value_reads_the_same_both_ways() {
        let events = [
            json!({"uuid": "X-1", "published": "2020-11-25 21:27:03.496123456", "eventType": "user.risk.detect",
                "client": {"geographicalContext": {"geolocation": {"lat": true, "lon": 1}}},
                "securityContext": {"asNumber": 7.5, "risk": {"level": " HIGH", "reasons": []}},
                "debugContext": {"debugData": {"risk": "{reasons=Anomalous Device, Anomalous Location, level=high}",
                    "behaviors": ["New IP=POSITIVE"], "tunnels": "[{\"anonymous\": true}]",
                    "threatSuspected": false, "factor": "a", "factor": "b"}}}),
            json!({"published": "redacted", "eventType": "user.account.report_suspicious_activity_by_enduser",
                "securityContext": {"asNumber": -3, "userBehaviors": []},
                "debugContext": {"debugData": {"logOnlySecurityData":
                    "{\"risk\":{\"level\":\"MEDIUM\",\"reasons\":\"a, b\"},\"behaviors\":{\"New City\":\"POSITIVE\"}}",
                    "suspiciousActivityEventType": "user.session.start", "originalPrincipal": null}}}),
            json!({"uuid": "", "published": "2022-11-22T18:48:49.17Z", "eventType": "system.api_token.create",
                "debugContext": {"debugData": {"networkConnection": "ANYWHERE", "risk": "{level=HIGH}"}}}),
        ];
        let (store, count) = read_alike(&events);
        assert_eq!(count.lenient, 0, "all read from their bytes");
        let [a, b, c] = [0, 1, 2].map(|slot| store.get(slot).unwrap());
        assert_eq!(a.uuid().as_deref(), Some("X-1"));
        assert_eq!(a.published_at().map(|t| t.timestamp_subsec_nanos()), Some(496_123_456));
        let (level, reasons) = a.risk().unwrap();
        assert_eq!(
            (level, reasons.collect::<Vec<_>>()),
            (RiskLevel::High, vec!["Anomalous Device", "Anomalous Location"])
        );
        assert!(a.risk_is_high() && a.is_proxy() && a.behaviors().new_ip && a.threat_suspected() == Some(false));
        assert_eq!((a.factor(), a.as_number(), a.geolocation()), (Some("b"), None, None));
        assert_eq!((b.published_at(), b.as_number(), b.has_behaviors()), (None, Some(-3), true));
        assert!(b.behaviors().new_city && b.has_original_principal() && b.original_principal().is_none());
        assert_eq!(b.risk().map(|(l, r)| (l, r.collect::<Vec<_>>())), Some((RiskLevel::Medium, vec!["a", "b"])));
        assert_eq!(b.suspicious_activity("suspiciousActivityEventType"), Some("user.session.start"));
        assert_eq!((c.uuid().as_deref(), c.network_connection(), c.risk_is_high()), (Some(""), Some("ANYWHERE"), true));
    }
}
