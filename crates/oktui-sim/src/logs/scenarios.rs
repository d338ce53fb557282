//! The attacks seeded into every simulated org's System Log, placed relative to `end` (the
//! moment the backfill ends). Each is shaped so that the public detections of
//! `shared/anchors/detections.md` fire on it; [`SCENARIOS`] documents them for the README.
//! Attacker addresses are from the documentation ranges (RFC 5737).

pub mod footholds;

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use rand::seq::SliceRandom;
use rand::Rng;
use serde_json::{json, Value};

use super::events::{hex_digest, parse_user_agent, user_target, Behaviors, EventBuilder, Risk, DASHBOARD_CLIENT_ID};
use super::generator::{
    admin_console_access, assigned_apps, can_sign_in, device_token_hash, failed_sign_in, is_persona, new_session_id,
    primary_factor, push_answer, push_sent, session_start, sign_in_flow, sign_on_evaluation, sso_flow, Visit,
};
use crate::org::{personas, Location, Org, SimFactor, SimUser, UserAgent};

/// One seeded attack, as the README's table describes it.
#[derive(Debug, Clone, Copy)]
pub struct ScenarioDoc {
    /// A short title.
    pub name: &'static str,
    /// The persona (login local part) or the attacker's IP.
    pub who: &'static str,
    /// When it happens, relative to the start of the server (the end of the backfill).
    pub when: &'static str,
    /// What happens, with the event types a detection keys on.
    pub what: &'static str,
}

const SPRAY_IP: &str = "203.0.113.77";
const BRUTE_FORCE_IP: &str = "198.51.100.23";
const PUSH_BOMB_IP: &str = "203.0.113.140";
const MOSCOW_IP: &str = "198.51.100.88";
const NEW_YORK_IP: &str = "192.0.2.60";
const SINGAPORE_IP: &str = "203.0.113.201";
const THREAT_IP: &str = "192.0.2.231";
const HIJACK_IP: &str = "198.51.100.199";

/// Every seeded attack.
pub const SCENARIOS: &[ScenarioDoc] = &[
    ScenarioDoc {
        name: "Password spray",
        who: SPRAY_IP,
        when: "6 h before start",
        what: "A Tor exit (isProxy) tries two passwords on 40+ logins, some of them nonexistent, in 10 minutes \
               (user.session.start FAILURE INVALID_CREDENTIALS / VERIFICATION_ERROR); then one sprayed user \
               without MFA signs in from it",
    },
    ScenarioDoc {
        name: "ThreatInsight detection",
        who: THREAT_IP,
        when: "5 h before start",
        what: "Failed sign-ins for unknown users, then security.threat.detected DENY (Password Spray, Login \
               failures with high unknown users count)",
    },
    ScenarioDoc {
        name: "Brute force and lockout",
        who: personas::BRUTE_FORCED,
        when: "4 h before start",
        what: "12 wrong passwords from one foreign IP in about 4 minutes (python-requests, no device token), \
               user.account.lock, then LOCKED_OUT failures",
    },
    ScenarioDoc {
        name: "MFA push bombing",
        who: personas::PUSH_BOMBED,
        when: "3 h before start",
        what: "An attacker with the password sends 10 Okta Verify pushes from a VPN; 6 denied \
               (user.mfa.okta_verify.deny_push, auth_via_mfa FAILURE), 3 unanswered, the last accepted; the \
               session starts at the attacker's IP",
    },
    ScenarioDoc {
        name: "Sign-in from a flagged country",
        who: personas::FLAGGED_COUNTRY,
        when: "2.5 h before start",
        what: "Signs in from Moscow, Russia: behaviors New Country POSITIVE, risk HIGH",
    },
    ScenarioDoc {
        name: "Impossible travel",
        who: personas::TRAVELLER,
        when: "2 h before start",
        what: "Signs in from New York, then from Singapore 40 minutes later (Velocity POSITIVE)",
    },
    ScenarioDoc {
        name: "Admin privilege granted",
        who: personas::NEW_ADMIN,
        when: "1.5 h before start",
        what: "The super administrator grants Organization administrator to them (user.account.privilege.grant); \
               they open the Admin Console 10 minutes later (user.session.access_admin_app)",
    },
    ScenarioDoc {
        name: "Session hijack",
        who: personas::SESSION_HIJACKED,
        when: "45 min before start",
        what: "Signs in at home; 20 minutes later the same session and device token are used from another IP, \
               ASN and browser (policy.evaluate_sign_on, user.authentication.sso), then from python-requests",
    },
    ScenarioDoc {
        name: "ThreatInsight pivot",
        who: footholds::PIVOT_IP,
        when: "70 min before start",
        what: "security.threat.detected ALLOW (log-only) names no user; 5 minutes later an ordinary user signs in \
               from it, opens the Admin Console, creates an API token and enrolls a device (device.enrollment.create)",
    },
    ScenarioDoc {
        name: "Shared device and phone",
        who: footholds::SHARED_IP,
        when: "65 min before start",
        what: "One laptop (detailEntry.oktaDeviceId) added to two users (device.user.add) and one phone verified \
               for both (system.sms.send_phone_verification_message)",
    },
    ScenarioDoc {
        name: "High-risk authentications",
        who: footholds::RISKY_IP,
        when: "60 min before start",
        what: "user.authentication.verify, auth_via_mfa and sso rated risk HIGH with New Device and Velocity POSITIVE",
    },
    ScenarioDoc {
        name: "Rapid application access",
        who: footholds::RAPID_IP,
        when: "55 min before start",
        what: "12 apps opened from the dashboard in under a minute (user.authentication.sso, IDP_INITIATED)",
    },
    ScenarioDoc {
        name: "Apps' challenges unanswered",
        who: footholds::CHALLENGED_IP,
        when: "50 min before start",
        what: "One session challenged by four apps' sign-on policies (policy.evaluate_sign_on CHALLENGE), no SSO",
    },
    ScenarioDoc {
        name: "MFA abandonment",
        who: footholds::ABANDON_IP,
        when: "48 min before start",
        what: "Okta Verify prompts for five users left UNANSWERED (user.authentication.auth_via_mfa)",
    },
    ScenarioDoc {
        name: "Identity Threat Protection",
        who: footholds::ITP_IP,
        when: "40 min before start",
        what: "user.session.context.change, user.risk.detect HIGH (session hijack suspected), \
               policy.auth_reevaluate.fail, policy.entity_risk.action",
    },
    ScenarioDoc {
        name: "Tampering and a new IdP",
        who: personas::SUPER_ADMIN,
        when: "35 min before start",
        what: "From a VPS: policy.lifecycle.create and activate, system.log_stream.lifecycle.deactivate, \
               app.oauth2.client.read_client_secret, system.idp.lifecycle.create; then a user signs in through \
               it (user.authentication.auth_via_IDP)",
    },
    ScenarioDoc {
        name: "Root session replay",
        who: footholds::REPLAY_IP,
        when: "30 min before start",
        what: "A child session (new externalSessionId, the same rootSessionId) of a user's sign-in used from \
               another network and browser",
    },
];

/// Every scenario's events for an org whose backfill ends at `end` (a scenario whose
/// persona the org lacks is left out).
pub fn all(rng: &mut impl Rng, org: &Org, end: DateTime<Utc>) -> Vec<Value> {
    let mut events = password_spray(rng, org, end);
    events.extend(threat_insight(rng, end));
    events.extend(brute_force(rng, org, end));
    events.extend(push_bombing(rng, org, end));
    events.extend(flagged_country(rng, org, end));
    events.extend(impossible_travel(rng, org, end));
    events.extend(privilege_grant(rng, org, end));
    events.extend(session_hijack(rng, org, end));
    events.extend(footholds::all(rng, org, end));
    events
}

/// The IP addresses the scenarios' attackers and travels use.
pub fn attacker_ips() -> BTreeSet<String> {
    [SPRAY_IP, BRUTE_FORCE_IP, PUSH_BOMB_IP, MOSCOW_IP, NEW_YORK_IP, SINGAPORE_IP, THREAT_IP, HIJACK_IP]
        .iter()
        .chain(&footholds::IPS)
        .chain(super::catalog_scenarios::ATTACKER_IPS.iter())
        .map(|s| s.to_string())
        .collect()
}

/// The persona with this login local part, if the org has it.
fn persona<'a>(org: &'a Org, local: &str) -> Option<&'a SimUser> {
    org.find_user(&format!("{local}@{}", org.domain))
}

/// Is this user one of the named personas?
fn any_persona(org: &Org, user: &SimUser) -> bool {
    personas::ALL.iter().any(|p| is_persona(org, user, p))
}

type Place = (&'static str, &'static str, &'static str, &'static str, f64, f64, u32, &'static str, &'static str, bool);

fn location(ip: &str, p: Place) -> Location {
    Location {
        city: p.0.into(),
        state: p.1.into(),
        country: p.2.into(),
        postal_code: p.3.into(),
        lat: p.4,
        lon: p.5,
        ip: ip.into(),
        as_number: p.6,
        as_org: p.7.into(),
        isp: p.7.into(),
        domain: p.8.into(),
        is_proxy: p.9,
    }
}

fn spray_place() -> Location {
    let p = (
        "Frankfurt am Main",
        "Hesse",
        "Germany",
        "60313",
        50.1109,
        8.6821,
        60729,
        "zwiebelfreunde e.v.",
        "torservers.net",
        true,
    );
    location(SPRAY_IP, p)
}

fn brute_force_place() -> Location {
    let p = (
        "Chisinau",
        "Chisinau Municipality",
        "Moldova",
        "MD-2001",
        47.0105,
        28.8638,
        200019,
        "alexhost srl",
        "alexhost.com",
        false,
    );
    location(BRUTE_FORCE_IP, p)
}

fn push_bomb_place() -> Location {
    let p = (
        "Amsterdam",
        "North Holland",
        "Netherlands",
        "1012",
        52.374,
        4.8897,
        9009,
        "m247 europe srl",
        "m247.com",
        true,
    );
    location(PUSH_BOMB_IP, p)
}

fn moscow() -> Location {
    let p = ("Moscow", "Moscow", "Russia", "101000", 55.7522, 37.6156, 12389, "pjsc rostelecom", "rt.ru", false);
    location(MOSCOW_IP, p)
}

fn new_york() -> Location {
    let p = (
        "New York",
        "New York",
        "United States",
        "10001",
        40.7506,
        -73.9972,
        7922,
        "comcast cable communications, llc",
        "comcast.net",
        false,
    );
    location(NEW_YORK_IP, p)
}

fn singapore() -> Location {
    let p = (
        "Singapore",
        "Singapore",
        "Singapore",
        "018956",
        1.2897,
        103.8501,
        7473,
        "singapore telecommunications ltd",
        "singtel.com",
        false,
    );
    location(SINGAPORE_IP, p)
}

fn threat_place() -> Location {
    let p = (
        "Dallas",
        "Texas",
        "United States",
        "75207",
        32.7908,
        -96.8336,
        62240,
        "clouvider limited",
        "clouvider.net",
        false,
    );
    location(THREAT_IP, p)
}

fn hijack_place() -> Location {
    let p = (
        "Clifton",
        "New Jersey",
        "United States",
        "07014",
        40.8364,
        -74.1403,
        14061,
        "digitalocean, llc",
        "digitalocean.com",
        false,
    );
    location(HIJACK_IP, p)
}

const WINDOWS_CHROME: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
const LINUX_FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";
const PYTHON_REQUESTS: &str = "python-requests/2.31.0";

/// Logins a sprayer tries that the org does not have.
const UNKNOWN_LOCALS: &[&str] = &[
    "admin",
    "administrator",
    "test",
    "it.support",
    "helpdesk",
    "backup",
    "scanner",
    "j.smith",
    "m.jones",
    "finance",
    "hr",
    "training",
    "office",
    "webmaster",
    "service",
    "support",
];

/// An attacker's visit as `user`: at `place` with `agent`, none of it habitual.
fn attacker_visit<'a>(
    org: &Org,
    user: &'a SimUser,
    place: &'a Location,
    agent: &'a UserAgent,
    at: DateTime<Utc>,
) -> Visit<'a> {
    let mut v = Visit::at_home(org, user, String::new(), at);
    v.place = place;
    v.agent = agent;
    v.dt_hash = None;
    v.behaviors = Behaviors { new_device: true, ..Behaviors::between(&user.home, place) };
    v.risk = Risk::high(&["Anomalous Device", "Anomalous Location"]);
    v
}

/// `user.session.start` FAILURE for a login Okta does not know.
fn unknown_login_failure(
    rng: &mut impl Rng,
    login: &str,
    place: &Location,
    agent: &UserAgent,
    at: DateTime<Utc>,
) -> Value {
    EventBuilder::new(rng, "user.session.start", at)
        .actor_unknown_login(login)
        .client_at(place, agent)
        .client_id(DASHBOARD_CLIENT_ID)
        .external_session("unknown")
        .credential("OKTA_AUTHENTICATION_PROVIDER", "PASSWORD")
        .outcome("FAILURE", Some("VERIFICATION_ERROR"))
        .request_uri("/idp/idx/identify")
        .debug("loginResult", "VERIFICATION_ERROR")
        .debug("threatSuspected", "true")
        .build()
}

/// Who the sprayer gets in as: someone without MFA, preferably not a named persona.
fn spray_victim(org: &Org) -> Option<&SimUser> {
    let open = |u: &&SimUser| can_sign_in(u) && primary_factor(u).is_none() && u.id != org.api_token_owner_id;
    org.users
        .iter()
        .filter(open)
        .find(|u| !any_persona(org, u))
        .or_else(|| org.users.iter().find(|u| open(u) && !is_persona(org, u, personas::API_TOKEN_OWNER)))
}

/// Password spray from a Tor exit: two passwords against 40+ logins in 10 minutes, then
/// one success.
pub fn password_spray(rng: &mut impl Rng, org: &Org, end: DateTime<Utc>) -> Vec<Value> {
    let start = end - Duration::hours(6);
    let place = spray_place();
    let agent = parse_user_agent(WINDOWS_CHROME);
    let victim = spray_victim(org);
    let mut known: Vec<&SimUser> = org.users.iter().filter(|u| u.id != org.api_token_owner_id).collect();
    known.shuffle(rng);
    known.truncate(38);
    if let Some(v) = victim.filter(|v| !known.iter().any(|k| k.id == v.id)) {
        known.push(v);
    }
    let unknown_count = 44usize.saturating_sub(known.len()).max(6);
    let unknown: Vec<String> = (0..unknown_count)
        .map(|k| match UNKNOWN_LOCALS.get(k) {
            Some(local) => format!("{local}@{}", org.domain),
            None => format!("user{k:02}@{}", org.domain),
        })
        .collect();
    let total = known.len() + unknown.len();
    let step = Duration::milliseconds(9 * 60_000 / (2 * total as i64));
    let mut events = Vec::new();
    for pass in 0..2 {
        for k in 0..total {
            let at = start + step * (pass * total + k) as i32 + Duration::milliseconds(rng.gen_range(0..400));
            events.push(match known.get(k) {
                Some(user) => {
                    let mut v = attacker_visit(org, user, &place, &agent, at);
                    v.threat_suspected = true;
                    failed_sign_in(rng, org, &mut v, "INVALID_CREDENTIALS")
                }
                None => unknown_login_failure(rng, &unknown[k - known.len()], &place, &agent, at),
            });
        }
    }
    if let Some(user) = victim {
        let mut v = attacker_visit(org, user, &place, &agent, start + Duration::minutes(12));
        v.session = new_session_id(rng);
        v.dt_hash = Some(hex_digest(&[&user.id, SPRAY_IP]));
        v.threat_suspected = true;
        events.extend(sign_in_flow(rng, org, &mut v));
        if let Some(app) = assigned_apps(org, user).first() {
            v.pause(rng);
            events.extend(sso_flow(rng, org, &mut v, app));
        }
    }
    events
}

/// ThreatInsight: an IP failing for unknown users is flagged and its requests denied.
pub fn threat_insight(rng: &mut impl Rng, end: DateTime<Utc>) -> Vec<Value> {
    let start = end - Duration::hours(5) - Duration::minutes(3);
    let place = threat_place();
    let agent = parse_user_agent(WINDOWS_CHROME);
    let dt_hash = hex_digest(&[THREAT_IP, "dt"]);
    let mut events: Vec<Value> = (0..6)
        .map(|k| {
            let at = start + Duration::seconds(k * 20 + rng.gen_range(0..5));
            let login = format!("{}@{}", UNKNOWN_LOCALS[k as usize], "mail.example");
            unknown_login_failure(rng, &login, &place, &agent, at)
        })
        .collect();
    let detections = json!({
        "Login failures with high unknown users count": "HIGH",
        "Password Spray": "HIGH",
        "Login Failures": "MEDIUM",
    })
    .to_string();
    for k in 0..5 {
        let at = start + Duration::minutes(3) + Duration::seconds(k * 30 + rng.gen_range(0..5));
        events.push(
            EventBuilder::new(rng, "security.threat.detected", at)
                .actor_ip(THREAT_IP)
                .client_at(&place, &agent)
                .outcome("DENY", Some("Password Spray, Login failures with high unknown users count, Login Failures"))
                .request_uri("/idp/idx/identify")
                .debug("dtHash", &dt_hash)
                .debug("threatSuspected", "true")
                .debug("threatDetections", &detections)
                .build(),
        );
    }
    events
}

/// Brute force on BRUTE_FORCED: a dozen wrong passwords, the lockout, then LOCKED_OUT.
pub fn brute_force(rng: &mut impl Rng, org: &Org, end: DateTime<Utc>) -> Vec<Value> {
    let Some(user) = persona(org, personas::BRUTE_FORCED) else { return Vec::new() };
    let place = brute_force_place();
    let agent = parse_user_agent(PYTHON_REQUESTS);
    let mut v = attacker_visit(org, user, &place, &agent, end - Duration::hours(4));
    let mut events = Vec::new();
    for _ in 0..12 {
        events.push(failed_sign_in(rng, org, &mut v, "INVALID_CREDENTIALS"));
        v.clock += Duration::milliseconds(rng.gen_range(12_000..25_000));
    }
    events.push(
        v.event(rng, "user.account.lock")
            .external_session("unknown")
            .outcome("FAILURE", Some("LOCKED_OUT"))
            .request_uri("/idp/idx/challenge/answer")
            .build(),
    );
    for _ in 0..2 {
        v.clock += Duration::milliseconds(rng.gen_range(12_000..25_000));
        events.push(failed_sign_in(rng, org, &mut v, "LOCKED_OUT"));
    }
    events
}

/// The push factor a person has (ACTIVE first).
fn push_factor(user: &SimUser) -> Option<&SimFactor> {
    let pushes = || user.factors.iter().filter(|f| f.factor_type == "push");
    pushes().find(|f| f.status == "ACTIVE").or_else(|| pushes().next())
}

/// `user.mfa.okta_verify.deny_push`: the person rejects a push on their phone.
fn push_denied(rng: &mut impl Rng, v: &mut Visit, factor: &SimFactor) -> Value {
    let at = v.stamp(rng);
    EventBuilder::new(rng, "user.mfa.okta_verify.deny_push", at)
        .actor_user(v.user)
        .client_at(v.phone_place, &super::generator::phone_agent(v.user))
        .session(&v.session)
        .outcome("FAILURE", Some("User rejected Okta push verify"))
        .request_uri(&format!("/api/v1/users/{}/factors/{}/verify", v.user.id, factor.id))
        .debug("threatSuspected", "false")
        .debug("factor", "OKTA_VERIFY_PUSH")
        .target(user_target(v.user))
        .target(super::events::enrollment_target(factor))
        .build()
}

/// MFA push bombing of PUSH_BOMBED: denied and ignored pushes, then one accepted, and the
/// attacker's session starts.
pub fn push_bombing(rng: &mut impl Rng, org: &Org, end: DateTime<Utc>) -> Vec<Value> {
    let Some(user) = persona(org, personas::PUSH_BOMBED) else { return Vec::new() };
    let Some(factor) = push_factor(user) else { return Vec::new() };
    let place = push_bomb_place();
    let agent = parse_user_agent(WINDOWS_CHROME);
    let mut v = attacker_visit(org, user, &place, &agent, end - Duration::hours(3));
    v.session = new_session_id(rng);
    v.dt_hash = Some(hex_digest(&[&user.id, PUSH_BOMB_IP]));
    let mut events = vec![sign_on_evaluation(rng, org, &mut v, Some(factor))];
    let answers =
        ["FAILURE", "FAILURE", "UNANSWERED", "FAILURE", "FAILURE", "UNANSWERED", "FAILURE", "UNANSWERED", "FAILURE"];
    for answer in answers {
        v.clock += Duration::milliseconds(rng.gen_range(5_000..9_000));
        events.push(push_sent(rng, &mut v, factor));
        v.clock += Duration::milliseconds(rng.gen_range(10_000..30_000));
        if answer == "FAILURE" {
            events.push(push_denied(rng, &mut v, factor));
            events.push(push_answer(rng, org, &mut v, factor, "FAILURE", Some("INVALID_CREDENTIALS")));
        } else {
            events.push(push_answer(rng, org, &mut v, factor, "UNANSWERED", None));
        }
    }
    v.clock += Duration::milliseconds(rng.gen_range(5_000..9_000));
    events.push(push_sent(rng, &mut v, factor));
    v.pause(rng);
    v.risk = Risk { level: "HIGH", reasons: vec!["MFA brute force"], detection: Some("Brute Force Attack") };
    events.push(push_answer(rng, org, &mut v, factor, "SUCCESS", None));
    events.push(session_start(rng, org, &mut v, Some(factor)));
    if let Some(app) = assigned_apps(org, user).first() {
        v.pause(rng);
        events.extend(sso_flow(rng, org, &mut v, app));
    }
    events
}

/// A person signing in with their own laptop somewhere else than home.
fn travelling_visit<'a>(
    org: &Org,
    user: &'a SimUser,
    place: &'a Location,
    at: DateTime<Utc>,
    rng: &mut impl Rng,
) -> Visit<'a> {
    let mut v = Visit::at_home(org, user, new_session_id(rng), at);
    v.place = place;
    v.phone_place = place;
    v.behaviors = Behaviors::between(&user.home, place);
    v.risk = if v.behaviors == Behaviors::HABITUAL { Risk::low() } else { Risk::high(&["Anomalous Location"]) };
    v
}

/// A full sign-in of `v`, then SSO into the person's first app.
fn sign_in_and_work(rng: &mut impl Rng, org: &Org, v: &mut Visit) -> Vec<Value> {
    let mut events = sign_in_flow(rng, org, v);
    if let Some(app) = assigned_apps(org, v.user).first() {
        v.pause(rng);
        events.extend(sso_flow(rng, org, v, app));
    }
    events
}

/// FLAGGED_COUNTRY signs in from Moscow.
pub fn flagged_country(rng: &mut impl Rng, org: &Org, end: DateTime<Utc>) -> Vec<Value> {
    let Some(user) = persona(org, personas::FLAGGED_COUNTRY) else { return Vec::new() };
    let place = moscow();
    let mut v = travelling_visit(org, user, &place, end - Duration::minutes(150), rng);
    sign_in_and_work(rng, org, &mut v)
}

/// TRAVELLER signs in from New York, then from Singapore 40 minutes later.
pub fn impossible_travel(rng: &mut impl Rng, org: &Org, end: DateTime<Utc>) -> Vec<Value> {
    let Some(user) = persona(org, personas::TRAVELLER) else { return Vec::new() };
    let ny = if user.home.city == "New York" { user.home.clone() } else { new_york() };
    let sg = singapore();
    let first = end - Duration::hours(2);
    let mut v = travelling_visit(org, user, &ny, first, rng);
    let mut events = sign_in_and_work(rng, org, &mut v);
    let mut v = travelling_visit(org, user, &sg, first + Duration::minutes(40), rng);
    v.behaviors.velocity = true;
    events.extend(sign_in_and_work(rng, org, &mut v));
    events
}

/// Okta's name for an admin role, as `debugData.privilegeGranted` lists it.
fn role_label(role_type: &str) -> &str {
    match role_type {
        "SUPER_ADMIN" => "Super administrator",
        "ORG_ADMIN" => "Organization administrator",
        "APP_ADMIN" => "Application administrator",
        "USER_ADMIN" => "Group administrator",
        "HELP_DESK_ADMIN" => "Help Desk administrator",
        "READ_ONLY_ADMIN" => "Read-only administrator",
        "GROUP_MEMBERSHIP_ADMIN" => "Group Membership administrator",
        "REPORT_ADMIN" => "Report administrator",
        "MOBILE_ADMIN" => "Mobile administrator",
        "API_ACCESS_MANAGEMENT_ADMIN" => "API Access Management administrator",
        other => other,
    }
}

/// SUPER_ADMIN grants ORG_ADMIN to NEW_ADMIN, who opens the Admin Console.
pub fn privilege_grant(rng: &mut impl Rng, org: &Org, end: DateTime<Utc>) -> Vec<Value> {
    let (Some(granter), Some(grantee)) = (persona(org, personas::SUPER_ADMIN), persona(org, personas::NEW_ADMIN))
    else {
        return Vec::new();
    };
    let mut labels = vec!["Organization administrator"];
    labels
        .extend(grantee.roles.iter().map(|r| role_label(&r.role_type)).filter(|l| *l != "Organization administrator"));
    let mut v = Visit::at_home(org, granter, new_session_id(rng), end - Duration::minutes(92));
    let mut events = vec![admin_console_access(rng, org, &mut v)];
    v.clock = end - Duration::minutes(90);
    events.push(
        v.event(rng, "user.account.privilege.grant")
            .request_uri(&format!("/api/v1/users/{}/roles", grantee.id))
            .debug("privilegeGranted", &labels.join(", "))
            .target(user_target(grantee))
            .build(),
    );
    let mut w = Visit::at_home(org, grantee, new_session_id(rng), end - Duration::minutes(80));
    events.extend(sign_in_flow(rng, org, &mut w));
    w.pause(rng);
    events.push(admin_console_access(rng, org, &mut w));
    events
}

/// SESSION_HIJACKED's session reused from another IP, ASN and browser.
pub fn session_hijack(rng: &mut impl Rng, org: &Org, end: DateTime<Utc>) -> Vec<Value> {
    let Some(user) = persona(org, personas::SESSION_HIJACKED) else { return Vec::new() };
    let mut v = Visit::at_home(org, user, new_session_id(rng), end - Duration::minutes(45));
    let mut events = sign_in_and_work(rng, org, &mut v);
    let place = hijack_place();
    let browser = parse_user_agent(LINUX_FIREFOX);
    let mut thief = attacker_visit(org, user, &place, &browser, end - Duration::minutes(25));
    thief.session = v.session.clone();
    thief.dt_hash = Some(device_token_hash(user));
    thief.behaviors.new_device = false;
    events.push(sign_on_evaluation(rng, org, &mut thief, None));
    let apps = assigned_apps(org, user);
    for app in apps.iter().take(2) {
        thief.pause(rng);
        events.extend(sso_flow(rng, org, &mut thief, app));
    }
    let script = parse_user_agent(PYTHON_REQUESTS);
    thief.agent = &script;
    thief.pause(rng);
    match apps.last() {
        Some(app) => events.extend(sso_flow(rng, org, &mut thief, app)),
        None => events.push(sign_on_evaluation(rng, org, &mut thief, None)),
    }
    events
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use rand::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    use super::*;
    use crate::logs::events::{distance_km, event_type_of, fixtures};
    use crate::logs::generator::LogGenerator;

    fn scenario_events() -> (Org, Vec<Value>) {
        let org = fixtures::org(60);
        let end = fixtures::anchor();
        let events = LogGenerator::new(31).backfill(&org, end - Duration::hours(24), end, 200.0);
        (org, events)
    }

    fn of_type<'a>(events: &'a [Value], kind: &str) -> Vec<&'a Value> {
        events.iter().filter(|e| event_type_of(e) == Some(kind)).collect()
    }

    fn published(e: &Value) -> DateTime<Utc> {
        e["published"].as_str().unwrap().parse().unwrap()
    }

    fn login(org: &Org, local: &str) -> String {
        format!("{local}@{}", org.domain)
    }

    fn by_actor<'a>(events: &'a [Value], alternate_id: &str) -> Vec<&'a Value> {
        events.iter().filter(|e| e["actor"]["alternateId"] == alternate_id).collect()
    }

    #[test]
    fn spray_hits_forty_logins_from_one_ip_in_ten_minutes() {
        let (_, events) = scenario_events();
        let failures: Vec<&Value> = of_type(&events, "user.session.start")
            .into_iter()
            .filter(|e| e["client"]["ipAddress"] == SPRAY_IP && e["outcome"]["result"] == "FAILURE")
            .collect();
        let targets: BTreeSet<&str> = failures.iter().map(|e| e["actor"]["alternateId"].as_str().unwrap()).collect();
        assert!(targets.len() >= 40, "{} targets", targets.len());
        let span = published(failures.last().unwrap()) - published(failures[0]);
        assert!(span <= Duration::minutes(10) && span >= Duration::minutes(5), "{span}");
        assert!(failures.iter().all(|e| e["securityContext"]["isProxy"] == true));
        assert!(failures.iter().any(|e| e["actor"]["id"] == "unknown"));
        assert!(failures.iter().any(|e| e["outcome"]["reason"] == "INVALID_CREDENTIALS"));
        let mut per_user: BTreeMap<&str, usize> = BTreeMap::new();
        for e in &failures {
            *per_user.entry(e["actor"]["alternateId"].as_str().unwrap()).or_default() += 1;
        }
        assert!(per_user.values().all(|n| (2..=8).contains(n)));
        let success = of_type(&events, "user.session.start")
            .into_iter()
            .find(|e| e["client"]["ipAddress"] == SPRAY_IP && e["outcome"]["result"] == "SUCCESS")
            .expect("no success after the spray");
        assert!(targets.contains(success["actor"]["alternateId"].as_str().unwrap()));
        assert!(published(success) > published(failures.last().unwrap()));
    }

    #[test]
    fn brute_force_ends_in_a_lockout() {
        let (org, events) = scenario_events();
        let who = login(&org, personas::BRUTE_FORCED);
        let mine = by_actor(&events, &who);
        let failures: Vec<_> = mine
            .iter()
            .filter(|e| {
                event_type_of(e) == Some("user.session.start") && e["outcome"]["reason"] == "INVALID_CREDENTIALS"
            })
            .filter(|e| e["client"]["ipAddress"] == BRUTE_FORCE_IP)
            .collect();
        assert!(failures.len() >= 10);
        let lock = mine.iter().find(|e| event_type_of(e) == Some("user.account.lock")).expect("no lockout");
        assert_eq!(lock["outcome"]["reason"], "LOCKED_OUT");
        assert_eq!(lock["displayMessage"], "Max sign in attempts exceeded");
        assert!(published(lock) > published(failures.last().unwrap()));
        assert!(published(lock) - published(failures[0]) <= Duration::minutes(15));
        let end = fixtures::anchor();
        assert!((end - published(lock)).num_minutes().abs_diff(240) < 15);
    }

    #[test]
    fn push_bombing_ends_in_an_accepted_push_from_the_attacker() {
        let (org, events) = scenario_events();
        let who = login(&org, personas::PUSH_BOMBED);
        let end = fixtures::anchor();
        let window: Vec<&Value> = by_actor(&events, &who)
            .into_iter()
            .filter(|e| (end - published(e)) <= Duration::hours(3) && (end - published(e)) > Duration::minutes(150))
            .collect();
        let pushes = window.iter().filter(|e| event_type_of(e) == Some("system.push.send_factor_verify_push")).count();
        let denials = window.iter().filter(|e| event_type_of(e) == Some("user.mfa.okta_verify.deny_push")).count();
        let failed_mfa: Vec<_> = window
            .iter()
            .filter(|e| {
                event_type_of(e) == Some("user.authentication.auth_via_mfa")
                    && e["outcome"]["result"] == "FAILURE"
                    && e["outcome"]["reason"] == "INVALID_CREDENTIALS"
                    && e["debugContext"]["debugData"]["factor"] == "OKTA_VERIFY_PUSH"
            })
            .collect();
        assert!(pushes >= 8 && denials >= 5 && failed_mfa.len() >= 5, "{pushes} {denials} {}", failed_mfa.len());
        let first_fail = published(failed_mfa[0]);
        let fifth_fail = published(failed_mfa[4]);
        assert!(fifth_fail - first_fail <= Duration::minutes(10));
        let success = window
            .iter()
            .find(|e| event_type_of(e) == Some("user.session.start") && e["outcome"]["result"] == "SUCCESS")
            .expect("no session after the bombing");
        assert_eq!(success["client"]["ipAddress"], PUSH_BOMB_IP);
        assert!(published(success) - fifth_fail <= Duration::minutes(10));
        let session = success["authenticationContext"]["externalSessionId"].as_str().unwrap();
        let push_ips: BTreeSet<&str> = window
            .iter()
            .filter(|e| e["authenticationContext"]["externalSessionId"] == session)
            .map(|e| e["client"]["ipAddress"].as_str().unwrap())
            .collect();
        assert!(push_ips.len() >= 2, "push sent and answered from the same IP");
    }

    #[test]
    fn flagged_country_sign_in_from_moscow() {
        let (org, events) = scenario_events();
        let who = login(&org, personas::FLAGGED_COUNTRY);
        let start = by_actor(&events, &who)
            .into_iter()
            .find(|e| {
                event_type_of(e) == Some("user.session.start")
                    && e["client"]["geographicalContext"]["country"] == "Russia"
            })
            .expect("no Russian sign-in");
        assert_eq!(start["outcome"]["result"], "SUCCESS");
        assert_eq!(start["client"]["geographicalContext"]["city"], "Moscow");
        let debug = &start["debugContext"]["debugData"];
        assert!(debug["behaviors"].as_str().unwrap().contains("New Country=POSITIVE"));
        assert!(debug["risk"].as_str().unwrap().contains("level=HIGH"));
        let log_only: Value = serde_json::from_str(debug["logOnlySecurityData"].as_str().unwrap()).unwrap();
        assert_eq!(log_only["behaviors"]["New Country"], "POSITIVE");
        assert_eq!(log_only["risk"]["level"], "HIGH");
    }

    #[test]
    fn impossible_travel_new_york_then_singapore() {
        let (org, events) = scenario_events();
        let who = login(&org, personas::TRAVELLER);
        let starts: Vec<&Value> = by_actor(&events, &who)
            .into_iter()
            .filter(|e| event_type_of(e) == Some("user.session.start") && e["outcome"]["result"] == "SUCCESS")
            .filter(|e| matches!(e["client"]["geographicalContext"]["city"].as_str(), Some("New York" | "Singapore")))
            .collect();
        let sg = starts.iter().find(|e| e["client"]["geographicalContext"]["city"] == "Singapore").unwrap();
        let ny = starts
            .iter()
            .rev()
            .find(|e| e["client"]["geographicalContext"]["city"] == "New York" && published(e) < published(sg))
            .unwrap();
        let hours = (published(sg) - published(ny)).num_seconds() as f64 / 3600.0;
        let loc = |e: &Value| {
            let g = &e["client"]["geographicalContext"]["geolocation"];
            let mut l = new_york();
            l.lat = g["lat"].as_f64().unwrap();
            l.lon = g["lon"].as_f64().unwrap();
            l
        };
        let speed = distance_km(&loc(ny), &loc(sg)) / hours;
        assert!((0.5..1.0).contains(&hours) && speed > 900.0, "{hours} h, {speed} km/h");
        assert!(sg["debugContext"]["debugData"]["behaviors"].as_str().unwrap().contains("Velocity=POSITIVE"));
    }

    #[test]
    fn privilege_grant_then_admin_console() {
        let (org, events) = scenario_events();
        let grants = of_type(&events, "user.account.privilege.grant");
        assert_eq!(grants.len(), 1);
        let grant = grants[0];
        assert_eq!(grant["actor"]["alternateId"], login(&org, personas::SUPER_ADMIN));
        assert_eq!(grant["target"][0]["alternateId"], login(&org, personas::NEW_ADMIN));
        assert!(grant["debugContext"]["debugData"]["privilegeGranted"]
            .as_str()
            .unwrap()
            .contains("Organization administrator"));
        let access = of_type(&events, "user.session.access_admin_app")
            .into_iter()
            .find(|e| e["actor"]["alternateId"] == login(&org, personas::NEW_ADMIN) && published(e) > published(grant))
            .expect("new admin never opened the console");
        assert!(published(access) - published(grant) <= Duration::minutes(15));
    }

    #[test]
    fn threat_insight_denies_the_flagged_ip() {
        let (_, events) = scenario_events();
        let threats = of_type(&events, "security.threat.detected");
        let threats: Vec<&Value> = threats.into_iter().filter(|t| t["client"]["ipAddress"] == THREAT_IP).collect();
        assert!(threats.len() >= 3);
        for t in threats {
            assert_eq!(t["actor"]["type"], "IP address");
            assert_eq!(t["actor"]["id"], THREAT_IP);
            assert_eq!(t["outcome"]["result"], "DENY");
            assert!(t["outcome"]["reason"].as_str().unwrap().contains("Password Spray"));
            assert_eq!(t["debugContext"]["debugData"]["threatSuspected"], "true");
            let detections: Value =
                serde_json::from_str(t["debugContext"]["debugData"]["threatDetections"].as_str().unwrap()).unwrap();
            assert_eq!(detections["Password Spray"], "HIGH");
            assert!(t["target"].is_null());
        }
    }

    #[test]
    fn session_reused_from_another_ip_asn_and_browser() {
        let (org, events) = scenario_events();
        let who = login(&org, personas::SESSION_HIJACKED);
        let mine = by_actor(&events, &who);
        let reuse: Vec<_> = mine.iter().filter(|e| e["client"]["ipAddress"] == HIJACK_IP).collect();
        let session = reuse[0]["authenticationContext"]["externalSessionId"].as_str().unwrap();
        let home = mine
            .iter()
            .find(|e| {
                event_type_of(e) == Some("user.session.start")
                    && e["outcome"]["result"] == "SUCCESS"
                    && e["authenticationContext"]["externalSessionId"] == session
            })
            .expect("the reused session never started");
        assert_eq!(home["client"]["ipAddress"], org.find_user(&who).unwrap().home.ip.as_str());
        assert!(reuse.iter().all(|e| e["authenticationContext"]["externalSessionId"] == session));
        assert!(reuse.iter().any(|e| event_type_of(e) == Some("policy.evaluate_sign_on")));
        assert!(reuse.iter().any(|e| event_type_of(e) == Some("user.authentication.sso")));
        for e in &reuse {
            assert_ne!(e["securityContext"]["asNumber"], home["securityContext"]["asNumber"]);
            assert_ne!(e["client"]["userAgent"]["rawUserAgent"], home["client"]["userAgent"]["rawUserAgent"]);
            assert_eq!(e["debugContext"]["debugData"]["dtHash"], home["debugContext"]["debugData"]["dtHash"]);
            assert_eq!(e["authenticationContext"]["rootSessionId"], session);
        }
        let gap = published(reuse[0]) - published(home);
        assert!((Duration::minutes(15)..=Duration::minutes(25)).contains(&gap), "{gap}");
        assert!(reuse.iter().any(|e| e["client"]["userAgent"]["rawUserAgent"] == PYTHON_REQUESTS));
    }

    #[test]
    fn scenarios_sit_where_the_table_says() {
        let (org, events) = scenario_events();
        let end = fixtures::anchor();
        let first_of = |pred: &dyn Fn(&Value) -> bool| events.iter().find(|e| pred(e)).map(published).unwrap();
        let spray = first_of(&|e| e["client"]["ipAddress"] == SPRAY_IP);
        let threat = first_of(&|e| e["client"]["ipAddress"] == THREAT_IP);
        let bombing = first_of(&|e| e["client"]["ipAddress"] == PUSH_BOMB_IP);
        let moscow = first_of(&|e| e["client"]["ipAddress"] == MOSCOW_IP);
        let grant = first_of(&|e| event_type_of(e) == Some("user.account.privilege.grant"));
        let hijack = first_of(&|e| e["client"]["ipAddress"] == HIJACK_IP);
        for (at, minutes) in [(spray, 360), (threat, 303), (bombing, 180), (moscow, 150), (grant, 90), (hijack, 25)] {
            assert!(((end - at).num_minutes() - minutes).abs() <= 2, "{minutes}: {at}");
        }
        assert_eq!(SCENARIOS.len(), 17);
        assert!(SCENARIOS.iter().all(|s| !s.name.is_empty() && !s.who.is_empty() && !s.what.is_empty()));
        assert!(persona(&org, personas::NEW_ADMIN).is_some());
    }

    #[test]
    fn every_scenario_runs_on_a_generated_org() {
        let end = fixtures::anchor();
        let org = crate::org::generate::generate(8, 120, end);
        let events = all(&mut ChaCha20Rng::seed_from_u64(8), &org, end);
        for kind in [
            "user.account.lock",
            "user.mfa.okta_verify.deny_push",
            "security.threat.detected",
            "user.account.privilege.grant",
            "user.session.access_admin_app",
        ] {
            assert!(!of_type(&events, kind).is_empty(), "no {kind}");
        }
        let ips: BTreeSet<&str> = events.iter().filter_map(|e| e["client"]["ipAddress"].as_str()).collect();
        for ip in [SPRAY_IP, BRUTE_FORCE_IP, PUSH_BOMB_IP, MOSCOW_IP, SINGAPORE_IP, HIJACK_IP, THREAT_IP] {
            assert!(ips.contains(ip), "nothing from {ip}");
        }
        let spray_success = events.iter().any(|e| {
            e["client"]["ipAddress"] == SPRAY_IP
                && event_type_of(e) == Some("user.session.start")
                && e["outcome"]["result"] == "SUCCESS"
        });
        assert!(spray_success);
    }

    #[test]
    fn tiny_org_skips_missing_personas() {
        let mut org = fixtures::org(0);
        let gone = login(&org, personas::PUSH_BOMBED);
        org.users.retain(|u| u.profile.login != gone);
        let events = all(&mut ChaCha20Rng::seed_from_u64(1), &org, fixtures::anchor());
        assert!(of_type(&events, "user.mfa.okta_verify.deny_push").is_empty());
        assert!(!of_type(&events, "user.account.privilege.grant").is_empty());
    }
}
