//! The seeded attacks of issue 18's detections: what an attacker does once in, and Okta's
//! own verdicts on it. Each victim is an ordinary user of the org ([`bystanders`]), never a
//! named persona, so these scenarios change none of the others; every attacker address is
//! in [`IPS`].

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use serde_json::{json, Value};

use super::{any_persona, attacker_visit, location, persona, spray_victim, LINUX_FIREFOX, WINDOWS_CHROME};
use crate::logs::events::{app_target, parse_user_agent, target, user_target, Behaviors, EventBuilder, Risk};
use crate::logs::generator::{
    admin_console_access, assigned_apps, can_sign_in, new_session_id, primary_factor, session_start, sign_in_flow,
    sign_on_evaluation, Visit,
};
use crate::org::{personas, Location, Org, SimUser};

/// ThreatInsight flags it in log-only mode; then a user signs in from it and takes a foothold.
pub const PIVOT_IP: &str = "203.0.113.66";
/// One attacker device and phone registered to two users.
pub const SHARED_IP: &str = "198.51.100.150";
/// Okta rates a user's authentications HIGH risk, new device, velocity.
pub const RISKY_IP: &str = "203.0.113.88";
/// A dozen apps opened from the dashboard in under a minute.
pub const RAPID_IP: &str = "198.51.100.160";
/// A stolen session challenged by four apps, answering none.
pub const CHALLENGED_IP: &str = "198.51.100.170";
/// MFA prompts left unanswered for five users.
pub const ABANDON_IP: &str = "203.0.113.99";
/// Identity Threat Protection: the session's context changes here.
pub const ITP_IP: &str = "198.51.100.190";
/// The super administrator's session used to weaken the org.
pub const TAMPER_IP: &str = "203.0.113.120";
/// A child session of a user's root session used from another browser and network.
pub const REPLAY_IP: &str = "198.51.100.180";

/// Every address these scenarios' attackers use.
pub const IPS: [&str; 9] =
    [PIVOT_IP, SHARED_IP, RISKY_IP, RAPID_IP, CHALLENGED_IP, ABANDON_IP, ITP_IP, TAMPER_IP, REPLAY_IP];

/// The victims, in the order the scenarios take them: ordinary users who can sign in and
/// have an MFA factor, from the end of the directory (the spray takes its victim from the
/// start), never a persona.
pub fn bystanders(org: &Org) -> Vec<&SimUser> {
    let spray = spray_victim(org).map(|u| u.id.clone());
    org.users
        .iter()
        .rev()
        .filter(|u| can_sign_in(u) && !any_persona(org, u) && u.id != org.api_token_owner_id)
        .filter(|u| Some(&u.id) != spray.as_ref() && primary_factor(u).is_some())
        .collect()
}

/// Apps a user may open: those assigned to them (Okta logs SSO only into those).
const RAPID_APPS: usize = 12;

/// Who opens a dozen apps: the first bystander past the others with at least a dozen
/// assigned apps, else the one with the most.
pub fn rapid_victim(org: &Org) -> Option<&SimUser> {
    let spare = bystanders(org).into_iter().skip(victim::NEEDED);
    let mut ranked: Vec<(usize, &SimUser)> = spare.map(|u| (assigned_apps(org, u).len(), u)).collect();
    ranked.iter().find(|(n, _)| *n >= RAPID_APPS).map(|(_, u)| *u).or_else(|| {
        ranked.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
        ranked.first().map(|(_, u)| *u)
    })
}

/// Which bystander each scenario takes (indexes into [`bystanders`]).
pub mod victim {
    /// Signs in from the address ThreatInsight flagged.
    pub const PIVOT: usize = 0;
    /// Given the attacker's device and phone.
    pub const SHARED: [usize; 2] = [1, 2];
    /// Rated HIGH risk on verify, MFA and SSO.
    pub const RISKY: usize = 3;
    /// Whose stolen session is challenged by four apps.
    pub const CHALLENGED: usize = 5;
    /// Left with unanswered pushes from one address.
    pub const ABANDONED: [usize; 5] = [6, 7, 8, 9, 10];
    /// Identity Threat Protection's verdicts.
    pub const ITP: usize = 11;
    /// Signs in through the new identity provider.
    pub const IDP: usize = 12;
    /// Whose root session is replayed.
    pub const REPLAYED: usize = 13;
    /// Whose sign-in names them as their own original principal.
    pub const SELF_PRINCIPAL: usize = 14;
    /// How many bystanders the scenarios need.
    pub const NEEDED: usize = 15;
}

fn place(ip: &str, city: &'static str, country: &'static str, asn: u32, org_name: &'static str) -> Location {
    location(ip, (city, "", country, "00000", 52.37, 4.89, asn, org_name, "example.net", false))
}

/// Every scenario of this module (none when the org has too few ordinary users).
pub fn all(rng: &mut impl Rng, org: &Org, end: DateTime<Utc>) -> Vec<Value> {
    let users = bystanders(org);
    if users.len() < victim::NEEDED {
        return Vec::new();
    }
    let mut events = threat_pivot(rng, org, users[victim::PIVOT], end);
    events.extend(shared_device_and_phone(rng, org, [users[victim::SHARED[0]], users[victim::SHARED[1]]], end));
    events.extend(risky_authentication(rng, org, users[victim::RISKY], end));
    if let Some(user) = rapid_victim(org) {
        events.extend(rapid_app_access(rng, org, user, end));
    }
    events.extend(challenged_apps(rng, org, users[victim::CHALLENGED], end));
    events.extend(mfa_abandonment(rng, victim::ABANDONED.map(|i| users[i]), end));
    events.extend(identity_threat_protection(rng, org, users[victim::ITP], end));
    events.extend(tampering(rng, org, users[victim::IDP], end));
    events.extend(root_session_replay(rng, org, users[victim::REPLAYED], end));
    events.extend(self_principal(rng, org, users[victim::SELF_PRINCIPAL], end));
    events
}

/// ThreatInsight flags PIVOT_IP (log-only: ALLOW, no user named); 5 minutes later a user
/// signs in from it, opens the Admin Console, creates an API token and enrolls a device.
pub fn threat_pivot(rng: &mut impl Rng, org: &Org, user: &SimUser, end: DateTime<Utc>) -> Vec<Value> {
    let start = end - Duration::minutes(70);
    let here = place(PIVOT_IP, "Amsterdam", "Netherlands", 9009, "m247 europe srl");
    let agent = parse_user_agent(WINDOWS_CHROME);
    let mut events: Vec<Value> = (0..3)
        .map(|k| {
            EventBuilder::new(rng, "security.threat.detected", start + Duration::seconds(k * 40))
                .actor_ip(PIVOT_IP)
                .client_at(&here, &agent)
                .outcome("ALLOW", Some("Login Failures"))
                .request_uri("/idp/idx/identify")
                .debug("threatSuspected", "true")
                .build()
        })
        .collect();
    let mut v = attacker_visit(org, user, &here, &agent, start + Duration::minutes(5));
    v.session = new_session_id(rng);
    events.push(sign_on_evaluation(rng, org, &mut v, None));
    events.push(session_start(rng, org, &mut v, None));
    v.pause(rng);
    events.push(admin_console_access(rng, org, &mut v));
    v.pause(rng);
    events.push(
        v.event(rng, "system.api_token.create")
            .target(target("00Tpivot0000000000", "Token", "sync-job", "sync-job"))
            .debug("networkConnection", "ZONE")
            .build(),
    );
    v.pause(rng);
    events.push(enrollment(rng, &mut v, "device.enrollment.create", "guo-pivot-laptop", "WIN-PIVOT"));
    events
}

/// A device enrollment event naming `device` (`detailEntry.oktaDeviceId`).
fn enrollment(rng: &mut impl Rng, v: &mut Visit, kind: &str, device: &str, name: &str) -> Value {
    let mut device_target = target(device, "UDDevice", name, name);
    device_target["detailEntry"] = json!({"oktaDeviceId": device, "osPlatform": "WINDOWS", "managed": false});
    v.event(rng, kind).target(device_target).build()
}

/// One attacker laptop added to two users (`device.user.add`) and one phone number verified
/// for both (`system.sms.send_phone_verification_message`), from SHARED_IP.
pub fn shared_device_and_phone(rng: &mut impl Rng, org: &Org, users: [&SimUser; 2], end: DateTime<Utc>) -> Vec<Value> {
    let here = place(SHARED_IP, "Bucharest", "Romania", 8708, "rcs & rds s.a.");
    let agent = parse_user_agent(WINDOWS_CHROME);
    let mut events = Vec::new();
    for (k, user) in users.into_iter().enumerate() {
        let at = end - Duration::minutes(65) + Duration::minutes(k as i64 * 4);
        let mut v = attacker_visit(org, user, &here, &agent, at);
        events.push(enrollment(rng, &mut v, "device.user.add", "guo-shared-attacker", "DESKTOP-X1"));
        v.pause(rng);
        events.push(
            v.event(rng, "system.sms.send_phone_verification_message")
                .target(target("mblshared0000000001", "MobilePhone", "+1 XXX-XXX-0199", "+1 XXX-XXX-0199"))
                .build(),
        );
    }
    events
}

/// Okta rates a user's verify, MFA and SSO HIGH risk with New Device and Velocity POSITIVE
/// (no session start in view: the sign-in began before the window's scenarios).
pub fn risky_authentication(rng: &mut impl Rng, org: &Org, user: &SimUser, end: DateTime<Utc>) -> Vec<Value> {
    let here = place(RISKY_IP, "Lagos", "Nigeria", 37148, "globacom");
    let agent = parse_user_agent(LINUX_FIREFOX);
    let mut v = attacker_visit(org, user, &here, &agent, end - Duration::minutes(60));
    v.session = new_session_id(rng);
    let behaviors = Behaviors { new_device: true, velocity: true, ..Behaviors::between(&user.home, &here) };
    let risk = Risk::high(&["Anomalous Device", "Anomalous Location", "Velocity"]);
    let mut events = Vec::new();
    for kind in ["user.authentication.verify", "user.authentication.auth_via_mfa"] {
        events.push(v.event(rng, kind).sign_in_risk(&behaviors, &risk).build());
        v.pause(rng);
    }
    if let Some(app) = assigned_apps(org, user).first() {
        events.push(
            v.event(rng, "user.authentication.sso").sign_in_risk(&behaviors, &risk).target(app_target(app)).build(),
        );
    }
    events
}

/// Up to a dozen of the user's apps opened from the dashboard in under a minute.
pub fn rapid_app_access(rng: &mut impl Rng, org: &Org, user: &SimUser, end: DateTime<Utc>) -> Vec<Value> {
    let here = place(RAPID_IP, "Warsaw", "Poland", 5617, "orange polska");
    let agent = parse_user_agent(WINDOWS_CHROME);
    let mut v = attacker_visit(org, user, &here, &agent, end - Duration::minutes(55));
    v.session = new_session_id(rng);
    assigned_apps(org, user)
        .into_iter()
        .take(RAPID_APPS)
        .map(|app| {
            v.clock += Duration::seconds(4);
            v.event(rng, "user.authentication.sso")
                .debug("initiationType", "IDP_INITIATED")
                .target(app_target(app))
                .build()
        })
        .collect()
}

/// A stolen session challenged by the sign-on policies of four apps, none answered.
pub fn challenged_apps(rng: &mut impl Rng, org: &Org, user: &SimUser, end: DateTime<Utc>) -> Vec<Value> {
    let here = place(CHALLENGED_IP, "Kyiv", "Ukraine", 15895, "kyivstar");
    let agent = parse_user_agent(LINUX_FIREFOX);
    let mut v = attacker_visit(org, user, &here, &agent, end - Duration::minutes(50));
    v.session = new_session_id(rng);
    org.apps
        .iter()
        .take(4)
        .map(|app| {
            v.pause(rng);
            v.event(rng, "policy.evaluate_sign_on")
                .outcome("CHALLENGE", Some("Sign-on policy evaluation resulted in CHALLENGE"))
                .target(app_target(app))
                .build()
        })
        .collect()
}

/// Okta Verify pushes for five users from one address, none answered.
pub fn mfa_abandonment(rng: &mut impl Rng, users: [&SimUser; 5], end: DateTime<Utc>) -> Vec<Value> {
    let here = place(ABANDON_IP, "Sofia", "Bulgaria", 8866, "vivacom");
    let agent = parse_user_agent(WINDOWS_CHROME);
    users
        .into_iter()
        .enumerate()
        .map(|(k, user)| {
            EventBuilder::new(rng, "user.authentication.auth_via_mfa", end - Duration::minutes(48 - 3 * k as i64))
                .actor_user(user)
                .client_at(&here, &agent)
                .outcome("UNANSWERED", None)
                .debug("factor", "OKTA_VERIFY_PUSH")
                .build()
        })
        .collect()
}

/// Identity Threat Protection on one user: the session's context changes to ITP_IP, the
/// user's risk is raised to HIGH (session hijack suspected), the session fails its
/// re-evaluation, and the entity-risk policy acts.
pub fn identity_threat_protection(rng: &mut impl Rng, org: &Org, user: &SimUser, end: DateTime<Utc>) -> Vec<Value> {
    let here = place(ITP_IP, "Ashburn", "United States", 14618, "amazon.com, inc.");
    let agent = parse_user_agent(LINUX_FIREFOX);
    let mut v = attacker_visit(org, user, &here, &agent, end - Duration::minutes(40));
    v.session = new_session_id(rng);
    let hijack = Risk::high(&["Associated sessionId is suspected to be hijacked"]);
    let mut events =
        vec![v.event(rng, "user.session.context.change").outcome("SUCCESS", Some("IP and device changed")).build()];
    v.pause(rng);
    events.push(v.event(rng, "user.risk.detect").debug("risk", &hijack.java_map()).build());
    v.pause(rng);
    events.push(v.event(rng, "policy.auth_reevaluate.fail").outcome("FAILURE", Some("Policy violation")).build());
    v.pause(rng);
    events.push(
        EventBuilder::new(rng, "policy.entity_risk.action", v.clock)
            .client_at(&here, &agent)
            .outcome("SUCCESS", Some("Universal Logout"))
            .target(user_target(user))
            .build(),
    );
    events
}

/// The super administrator's session weakens the org from TAMPER_IP: a new policy created
/// and activated, the log stream deactivated, an OAuth client's secret read, a new identity
/// provider; then a user signs in through it.
pub fn tampering(rng: &mut impl Rng, org: &Org, user: &SimUser, end: DateTime<Utc>) -> Vec<Value> {
    let Some(admin) = persona(org, personas::SUPER_ADMIN) else { return Vec::new() };
    let here = place(TAMPER_IP, "Frankfurt", "Germany", 16276, "ovh sas");
    let agent = parse_user_agent(LINUX_FIREFOX);
    let mut v = attacker_visit(org, admin, &here, &agent, end - Duration::minutes(35));
    let idp = || target("0oaidpnew00000001", "IdentityProvider", "Partner SSO", "Partner SSO");
    let changes: [(&str, Value); 5] = [
        ("policy.lifecycle.create", target("00pbypass000000001", "PolicyEntity", "Bypass MFA", "Bypass MFA")),
        ("policy.lifecycle.activate", target("00pbypass000000001", "PolicyEntity", "Bypass MFA", "Bypass MFA")),
        ("system.log_stream.lifecycle.deactivate", target("0lsSplunk00000001", "LogStream", "Splunk", "Splunk")),
        ("app.oauth2.client.read_client_secret", target("0oaservice0000001", "AppInstance", "Payroll", "Payroll")),
        ("system.idp.lifecycle.create", idp()),
    ];
    let mut events = Vec::new();
    for (kind, subject) in changes {
        events.push(v.event(rng, kind).target(subject).build());
        v.pause(rng);
    }
    let mut via = attacker_visit(org, user, &here, &agent, v.clock + Duration::minutes(3));
    via.session = new_session_id(rng);
    events.push(
        via.event(rng, "user.authentication.auth_via_IDP").credential("FEDERATION", "ASSERTION").target(idp()).build(),
    );
    events
}

/// A user signs in at home; 25 minutes later another browser on another network uses a
/// child session of the same root session (a new externalSessionId, the same rootSessionId).
pub fn root_session_replay(rng: &mut impl Rng, org: &Org, user: &SimUser, end: DateTime<Utc>) -> Vec<Value> {
    let mut home = Visit::at_home(org, user, new_session_id(rng), end - Duration::minutes(55));
    let mut events = sign_in_flow(rng, org, &mut home);
    let here = place(REPLAY_IP, "Dallas", "United States", 63949, "akamai connected cloud");
    let agent = parse_user_agent(LINUX_FIREFOX);
    let mut thief = attacker_visit(org, user, &here, &agent, end - Duration::minutes(30));
    thief.session = home.session.clone();
    thief.behaviors.new_device = false;
    let child = new_session_id(rng);
    for app in assigned_apps(org, user).into_iter().take(2) {
        thief.pause(rng);
        events.push(
            thief
                .event(rng, "user.authentication.sso")
                .external_session(&child)
                .root_session(&home.session)
                .target(app_target(app))
                .build(),
        );
    }
    events
}

/// An ordinary sign-in whose `debugData.originalPrincipal` names the user itself (seen in a
/// published event): no one acts as anyone.
pub fn self_principal(rng: &mut impl Rng, org: &Org, user: &SimUser, end: DateTime<Utc>) -> Vec<Value> {
    let mut v = Visit::at_home(org, user, new_session_id(rng), end - Duration::minutes(20));
    let principal = json!({"alternateId": user.profile.login, "displayName": user.profile.display_name,
        "id": user.id, "type": "User", "detailEntry": null});
    let mut start = session_start(rng, org, &mut v, primary_factor(user));
    start["debugContext"]["debugData"]["originalPrincipal"] = principal;
    vec![start]
}
