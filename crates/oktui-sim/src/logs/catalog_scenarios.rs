//! Attacks seeded into every simulated org's System Log for Okta's Security Detection
//! Catalog (`customer-detections`): each makes the filter of one or more catalog detections
//! match, as Okta would evaluate it, and nothing of ordinary traffic matches those filters.
//! A stolen super-administrator session works from a VPS (tampering with the log stream, a
//! new identity provider, an AD agent, an API token, a client secret read, protected-action
//! settings, a privileged account's password out of band), a user's session is bound to its
//! client and reported, Identity Threat Protection raises its verdicts, an OAuth client is
//! probed with a wrong redirect URI and the Admin Console refuses a user. Addresses are from
//! the documentation ranges (RFC 5737).

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use serde_json::{json, Value};

use super::events::{parse_user_agent, target, user_target, EventBuilder};
use super::generator::{new_session_id, Visit};
use super::scenarios::ScenarioDoc;
use crate::org::{personas, Location, Org, SimUser};

/// The VPS the stolen admin session works from.
const VPS_IP: &str = "203.0.113.45";
/// Where the OAuth client is probed and the Admin Console refused from.
const PROBE_IP: &str = "198.51.100.61";

/// Every catalog scenario, as the README's table describes it.
pub const SCENARIOS: &[ScenarioDoc] = &[
    ScenarioDoc {
        name: "Stolen admin session (catalog)",
        who: personas::SUPER_ADMIN,
        when: "6 h 40 min before start",
        what: "From a VPS (203.0.113.45): system.log_stream.lifecycle.deactivate, system.idp.lifecycle.create, \
               system.agent.ad.create, system.api_token.create, app.oauth2.client.read_client_secret, \
               security.protected_action.settings.update, pam.server_account.password_change.out_of_band",
    },
    ScenarioDoc {
        name: "Session bound and reported (catalog)",
        who: "the first active user with no admin role who is no persona",
        when: "6 h 20 min before start",
        what: "security.session.detect_client_roaming for their session from 198.51.100.61, then \
               user.account.report_suspicious_activity_by_enduser",
    },
    ScenarioDoc {
        name: "Identity Threat Protection (catalog)",
        who: personas::PUSH_BOMBED,
        when: "6 h 10 min before start",
        what: "user.risk.detect: Session Influenced User Risk (sessionId suspected hijacked, MEDIUM), Brute Force \
               Attack (MFA brute force, HIGH), Okta Threat Intelligence (LOW)",
    },
    ScenarioDoc {
        name: "OAuth probe and Admin Console denied (catalog)",
        who: PROBE_IP,
        when: "6 h 05 min before start",
        what: "app.oauth2.token.grant FAILURE mismatched_redirect_uri; user.session.access_admin_app FAILURE for a \
               user with no admin role",
    },
];

/// The IP addresses these scenarios' attackers use.
pub const ATTACKER_IPS: [&str; 2] = [VPS_IP, PROBE_IP];

/// Every catalog scenario's events for an org whose backfill ends at `end` (one whose
/// persona the org lacks is left out).
pub fn all(rng: &mut impl Rng, org: &Org, end: DateTime<Utc>) -> Vec<Value> {
    let mut events = stolen_admin_session(rng, org, end);
    events.extend(session_bound_and_reported(rng, org, end));
    events.extend(identity_threat_protection(rng, org, end));
    events.extend(oauth_probe_and_console_denied(rng, org, end));
    events
}

fn persona<'a>(org: &'a Org, local: &str) -> Option<&'a SimUser> {
    org.find_user(&format!("{local}@{}", org.domain))
}

/// The first active user with no admin role who is none of the personas.
fn plain_user(org: &Org) -> Option<&SimUser> {
    org.users.iter().find(|u| {
        u.roles.is_empty() && u.status == "ACTIVE" && !personas::ALL.iter().any(|p| u.profile.login.starts_with(p))
    })
}

fn vps() -> Location {
    Location {
        city: "Bucharest".into(),
        state: "Bucuresti".into(),
        country: "Romania".into(),
        postal_code: "010011".into(),
        lat: 44.4268,
        lon: 26.1025,
        ip: VPS_IP.into(),
        as_number: 9009,
        as_org: "m247 europe srl".into(),
        isp: "m247 europe srl".into(),
        domain: "m247.com".into(),
        is_proxy: false,
    }
}

fn probe_place() -> Location {
    Location {
        city: "Ashburn".into(),
        state: "Virginia".into(),
        country: "United States".into(),
        postal_code: "20147".into(),
        lat: 39.0438,
        lon: -77.4874,
        ip: PROBE_IP.into(),
        as_number: 14618,
        as_org: "amazon.com, inc.".into(),
        isp: "amazon.com, inc.".into(),
        domain: "amazonaws.com".into(),
        is_proxy: false,
    }
}

const CHROME: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

/// One admin change: its event type, its target, and its `debugData` extras.
type AdminStep<'a> = (&'a str, Value, &'a [(&'a str, &'a str)]);

/// The super administrator's session, stolen, used from a VPS for seven admin changes.
fn stolen_admin_session(rng: &mut impl Rng, org: &Org, end: DateTime<Utc>) -> Vec<Value> {
    let Some(admin) = persona(org, personas::SUPER_ADMIN) else { return Vec::new() };
    let (place, agent) = (vps(), parse_user_agent(CHROME));
    let mut v = Visit::at_home(org, admin, new_session_id(rng), end - Duration::minutes(400));
    v.place = &place;
    v.agent = &agent;
    v.dt_hash = None;
    let token_id = format!("00T{}", &super::events::hex_digest(&[&admin.id, "catalog-token"])[..17]);
    let steps: [AdminStep; 7] = [
        (
            "system.log_stream.lifecycle.deactivate",
            target("0oalogstream0001", "LogStream", "SIEM export", "SIEM export"),
            &[],
        ),
        (
            "system.idp.lifecycle.create",
            target("0oaidp00000000001", "IdentityProvider", "Partner SSO", "Partner SSO"),
            &[],
        ),
        ("system.agent.ad.create", target("0oaagent000000001", "AgentInstance", "DC-02", "DC-02"), &[]),
        (
            "system.api_token.create",
            target(&token_id, "Token", "automation", "automation"),
            &[("networkConnection", "ANYWHERE")],
        ),
        (
            "app.oauth2.client.read_client_secret",
            target("0oaclient00000001", "AppInstance", "Payroll API", "Payroll API"),
            &[],
        ),
        (
            "security.protected_action.settings.update",
            target("protected-actions", "ProtectedActionSettings", "Protected actions", "Protected actions"),
            &[],
        ),
        (
            "pam.server_account.password_change.out_of_band",
            target("pam-acct-01", "PamServerAccount", "root@db-01", "root@db-01"),
            &[],
        ),
    ];
    steps
        .into_iter()
        .map(|(event_type, tgt, debug)| {
            v.clock += Duration::seconds(40 + rng.gen_range(0..40));
            let mut b = v.event(rng, event_type).target(tgt);
            for (key, value) in debug {
                b = b.debug(key, value);
            }
            b.build()
        })
        .collect()
}

/// A plain user's session presented from another client (Okta binds it and denies), then
/// the user reports the activity. (Not a persona: Okta's roaming verdict is a session
/// anomaly of its own, which would double the session hijack's.)
fn session_bound_and_reported(rng: &mut impl Rng, org: &Org, end: DateTime<Utc>) -> Vec<Value> {
    let Some(user) = plain_user(org) else { return Vec::new() };
    let (place, agent) = (probe_place(), parse_user_agent(CHROME));
    let session = new_session_id(rng);
    let mut thief = Visit::at_home(org, user, session.clone(), end - Duration::minutes(380));
    thief.place = &place;
    thief.agent = &agent;
    thief.dt_hash = None;
    let roaming = thief
        .event(rng, "security.session.detect_client_roaming")
        .outcome("DENY", Some("Session binding: client changed"))
        .target(user_target(user))
        .build();
    let mut own = Visit::at_home(org, user, session, end - Duration::minutes(370));
    let report = own
        .event(rng, "user.account.report_suspicious_activity_by_enduser")
        .debug("suspiciousActivityEventType", "security.session.detect_client_roaming")
        .target(user_target(user))
        .build();
    vec![roaming, report]
}

/// Identity Threat Protection's verdicts on PUSH_BOMBED, as `user.risk.detect` events about
/// (and, as the engine reads them, by) the user.
fn identity_threat_protection(rng: &mut impl Rng, org: &Org, end: DateTime<Utc>) -> Vec<Value> {
    let Some(user) = persona(org, personas::PUSH_BOMBED) else { return Vec::new() };
    let verdicts = [
        "{previousLevel=LOW, detectionName=Session Influenced User Risk, reasons=Associated sessionId is suspected \
         to be hijacked, level=MEDIUM}",
        "{previousLevel=MEDIUM, detectionName=Brute Force Attack, reasons=MFA brute force, level=HIGH}",
        "{previousLevel=HIGH, detectionName=Okta Threat Intelligence, reasons=Sign-in from known bad \
         infrastructure, level=LOW}",
    ];
    let start = end - Duration::minutes(370);
    verdicts
        .iter()
        .enumerate()
        .map(|(k, risk)| {
            let at = start + Duration::minutes(2 * k as i64) + Duration::seconds(rng.gen_range(0..30));
            EventBuilder::new(rng, "user.risk.detect", at)
                .actor_user(user)
                .debug("risk", risk)
                .target(user_target(user))
                .build()
        })
        .collect()
}

/// An OAuth client asked for a token with a redirect URI it does not have; a user with no
/// admin role refused the Admin Console. An org with no apps has neither.
fn oauth_probe_and_console_denied(rng: &mut impl Rng, org: &Org, end: DateTime<Utc>) -> Vec<Value> {
    if org.apps.is_empty() {
        return Vec::new();
    }
    let (place, agent) = (probe_place(), parse_user_agent(CHROME));
    let at = end - Duration::minutes(365);
    let mut events = vec![EventBuilder::new(rng, "app.oauth2.token.grant", at)
        .actor_client("0oaclient00000001", "Payroll API")
        .client_at(&place, &agent)
        .outcome("FAILURE", Some("mismatched_redirect_uri"))
        .debug("redirectUri", "https://payroll.example.net/callback")
        .target(json!({"id": "0oaclient00000001", "type": "AppInstance", "alternateId": "Payroll API",
            "displayName": "Payroll API", "detailEntry": null}))
        .build()];
    if let Some(user) = plain_user(org) {
        let mut v = Visit::at_home(org, user, new_session_id(rng), at + Duration::minutes(2));
        v.place = &place;
        v.agent = &agent;
        events.push(
            v.event(rng, "user.session.access_admin_app")
                .outcome("FAILURE", Some("User does not have an admin role"))
                .target(json!({"id": "0oaadminconsole01", "type": "AppInstance", "alternateId": "Okta Admin Console",
                    "displayName": "Okta Admin Console", "detailEntry": null}))
                .build(),
        );
    }
    events
}
