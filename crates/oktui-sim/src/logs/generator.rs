//! Ordinary System Log traffic, deterministic from a seed: sign-ins with the factors people
//! really have, SSO to the apps assigned to them, failed passwords, sign-outs, password and
//! factor changes, admin work by admins, and the service app's token grants. `backfill`
//! lays out a history (with the attack scenarios of `scenarios`); `live` adds one burst.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Duration, Timelike, Utc};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use serde_json::{json, Value};

use super::events::{
    app_target, derived_flag, derived_id, enrollment_target, factor_labels, hex_digest, password_target, target,
    user_target, Behaviors, EventBuilder, Risk, DASHBOARD_CLIENT_ID,
};
use super::scenarios;
use crate::ids;
use crate::org::{personas, Location, Org, SimApp, SimFactor, SimGroup, SimUser, UserAgent};
use crate::DEFAULT_SCOPES;

/// How long an Okta session stays usable for SSO in the generator's traffic.
const SESSION_HOURS: i64 = 8;

/// Factor types in the order a person prefers them at sign-in.
const FACTOR_PREFERENCE: [&str; 10] = [
    "signed_nonce",
    "webauthn",
    "u2f",
    "push",
    "token:software:totp",
    "token:hardware",
    "sms",
    "call",
    "email",
    "question",
];

/// Roles whose holders do admin work in the generated traffic, with what each may do.
const ADMIN_ACTIONS: &[(&str, &[&str])] = &[
    (
        "SUPER_ADMIN",
        &[
            "group.user_membership.add",
            "application.user_membership.add",
            "user.account.update_profile",
            "policy.rule.update",
        ],
    ),
    (
        "ORG_ADMIN",
        &[
            "group.user_membership.add",
            "application.user_membership.add",
            "user.account.update_profile",
            "policy.rule.update",
        ],
    ),
    ("USER_ADMIN", &["group.user_membership.add", "user.account.update_profile"]),
    ("HELP_DESK_ADMIN", &["user.account.update_profile"]),
    ("GROUP_MEMBERSHIP_ADMIN", &["group.user_membership.add"]),
    ("APP_ADMIN", &["application.user_membership.add"]),
];

/// An open Okta session of one user.
#[derive(Debug, Clone)]
struct OpenSession {
    id: String,
    started: DateTime<Utc>,
}

/// The OAuth service app whose token grants appear in the log.
#[derive(Debug, Clone)]
struct ServiceApp {
    client_id: String,
    name: String,
}

/// The parts of the directory ordinary traffic draws on, indexed once per batch.
struct Directory<'a> {
    org: &'a Org,
    /// People whose sign-ins make up ordinary traffic: they can sign in, and are not the
    /// service account behind the API token.
    people: Vec<&'a SimUser>,
    /// The ACTIVE apps assigned to each person (directly or through a group), by user id.
    apps: BTreeMap<&'a str, Vec<&'a SimApp>>,
    /// How many of the people live at each UTC offset (whole hours).
    zones: BTreeMap<i64, usize>,
}

impl<'a> Directory<'a> {
    fn new(org: &'a Org) -> Self {
        let token_owner = format!("{}@{}", personas::API_TOKEN_OWNER, org.domain);
        let people: Vec<&SimUser> = org
            .users
            .iter()
            .filter(|u| {
                can_sign_in(u) && u.id != org.api_token_owner_id && !u.profile.login.eq_ignore_ascii_case(&token_owner)
            })
            .collect();
        let groups: BTreeMap<&str, &SimGroup> = org.groups.iter().map(|g| (g.id.as_str(), g)).collect();
        let mut apps: BTreeMap<&str, Vec<&SimApp>> = BTreeMap::new();
        for app in org.apps.iter().filter(|a| a.status == "ACTIVE") {
            let mut members: BTreeSet<&str> = app.user_ids.iter().map(String::as_str).collect();
            for group in app.group_ids.iter().filter_map(|g| groups.get(g.as_str())) {
                members.extend(group.member_ids.iter().map(String::as_str));
            }
            for member in members {
                apps.entry(member).or_default().push(app);
            }
        }
        let mut zones = BTreeMap::new();
        for person in &people {
            *zones.entry(utc_offset(&person.home)).or_insert(0) += 1;
        }
        Directory { org, people, apps, zones }
    }

    /// The apps assigned to a person.
    fn apps_of(&self, user: &SimUser) -> &[&'a SimApp] {
        self.apps.get(user.id.as_str()).map_or(&[], Vec::as_slice)
    }

    /// How busy the org is at `at`: the mean activity weight of its people.
    fn weight(&self, at: DateTime<Utc>) -> f64 {
        let total: usize = self.zones.values().sum();
        if total == 0 {
            return 1.0;
        }
        let sum: f64 =
            self.zones.iter().map(|(offset, n)| local_weight(at + Duration::hours(*offset)) * *n as f64).sum();
        sum / total as f64
    }

    /// The mean of [`Directory::weight`] over `[from, to)`, sampled hourly.
    fn mean_weight(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
        let hours = ((to - from).num_minutes() as f64 / 60.0).ceil().max(1.0) as i64;
        let total: f64 = (0..hours).map(|h| self.weight(from + Duration::minutes(h * 60 + 30))).sum();
        (total / hours as f64).max(f64::MIN_POSITIVE)
    }
}

/// Generates System Log traffic for an org, deterministically from its seed.
#[derive(Debug, Clone)]
pub struct LogGenerator {
    rng: ChaCha20Rng,
    sessions: BTreeMap<String, OpenSession>,
    service_app: ServiceApp,
}

impl LogGenerator {
    /// A generator seeded with `seed`. The service app defaults to a client id derived from
    /// the seed; set the real one with [`LogGenerator::with_service_app`].
    pub fn new(seed: u64) -> Self {
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        let client_id = ids::okta_id(&mut rng, "0oa");
        LogGenerator { rng, sessions: BTreeMap::new(), service_app: ServiceApp { client_id, name: "oktui".into() } }
    }

    /// The OAuth service app (client id and name) whose token grants the traffic shows.
    pub fn with_service_app(mut self, client_id: &str, name: &str) -> Self {
        self.service_app = ServiceApp { client_id: client_id.into(), name: name.into() };
        self
    }

    /// This generator's random stream (for uuids of events logged elsewhere).
    pub fn rng(&mut self) -> &mut ChaCha20Rng {
        &mut self.rng
    }

    /// History for `[from, to)`: ordinary traffic at about `per_hour` events an hour, busier
    /// in each person's working hours, plus the attack scenarios placed relative to `to`
    /// (those that fall in the window; all of them when it spans the last 6 h 10 min);
    /// sorted by `published`. The same events as a [`History`] drawn from this generator
    /// gives stretch by stretch.
    pub fn backfill(&mut self, org: &Org, from: DateTime<Utc>, to: DateTime<Utc>, per_hour: f64) -> Vec<Value> {
        let mut history = History::new(self.rng.gen(), from, to, per_hour).with_service_app(&self.service_app);
        let mut events = Vec::new();
        while let Some(stretch) = history.next_stretch(org) {
            events.extend(stretch);
        }
        sort_by_published(&mut events);
        events
    }

    /// Ordinary traffic from `from` until `to`, at `per_hour` events an hour scaled by how
    /// busy the org is against `mean` (the last burst may run a little past `to`).
    fn ordinary(
        &mut self,
        dir: &Directory,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        per_hour: f64,
        mean: f64,
    ) -> Vec<Value> {
        let mut events = Vec::new();
        let mut t = from;
        while t < to {
            let burst = self.activity(dir, t);
            let rate = per_hour * dir.weight(t) / mean / 3600.0;
            let gap = burst.len().max(1) as f64 / rate * self.rng.gen_range(0.5..1.5);
            events.extend(burst);
            t += Duration::milliseconds((gap * 1000.0).max(1.0) as i64);
        }
        events
    }

    /// A burst of ordinary activity at `now` (a sign-in flow, some SSO, a failed password,
    /// admin work, a token grant …): the first event at `now`, the others a few ms apart.
    pub fn live(&mut self, org: &Org, now: DateTime<Utc>) -> Vec<Value> {
        self.activity(&Directory::new(org), now)
    }

    /// One piece of ordinary activity starting at `at`.
    fn activity(&mut self, dir: &Directory, at: DateTime<Utc>) -> Vec<Value> {
        let roll = self.rng.gen_range(0..100);
        let events = match roll {
            0..=21 => self.sso_in_session(dir, at),
            22..=28 => self.failed_then_sign_in(dir, at),
            29..=32 => self.step_up(dir, at),
            33..=39 => self.sign_out(dir, at),
            40..=42 => self.password_change(dir, at),
            43..=44 => self.factor_enrollment(dir, at),
            45..=54 => self.admin_work(dir, at),
            55..=63 => vec![self.token_grant(at)],
            _ => Vec::new(),
        };
        if events.is_empty() {
            self.sign_in(dir, at)
        } else {
            events
        }
    }

    /// Picks someone who passes `filter`, favouring people in their working hours at `at`.
    fn pick_user<'a>(
        &mut self,
        dir: &Directory<'a>,
        at: DateTime<Utc>,
        filter: impl Fn(&SimUser) -> bool,
    ) -> Option<&'a SimUser> {
        let candidates: Vec<&SimUser> = dir.people.iter().copied().filter(|u| filter(u)).collect();
        let mut pick = *candidates.choose(&mut self.rng)?;
        for _ in 0..12 {
            if self.rng.gen_bool(hour_weight(&pick.home, at)) {
                break;
            }
            pick = *candidates.choose(&mut self.rng)?;
        }
        Some(pick)
    }

    /// The user's session if one is open at `at`.
    fn open_session(&self, user: &SimUser, at: DateTime<Utc>) -> Option<String> {
        self.sessions
            .get(&user.id)
            .filter(|s| s.started <= at && at - s.started < Duration::hours(SESSION_HOURS))
            .map(|s| s.id.clone())
    }

    /// The user's open session, or a new one.
    fn session_for(&mut self, user: &SimUser, at: DateTime<Utc>) -> String {
        match self.open_session(user, at) {
            Some(id) => id,
            None => self.start_session(user, at),
        }
    }

    /// Opens a new session for the user.
    fn start_session(&mut self, user: &SimUser, at: DateTime<Utc>) -> String {
        let id = new_session_id(&mut self.rng);
        self.sessions.insert(user.id.clone(), OpenSession { id: id.clone(), started: at });
        id
    }

    /// A full sign-in flow, then SSO into one to three of the user's apps.
    fn sign_in(&mut self, dir: &Directory, at: DateTime<Utc>) -> Vec<Value> {
        let Some(user) = self.pick_user(dir, at, |_| true) else { return Vec::new() };
        let session = self.start_session(user, at);
        let mut visit = Visit::at_home(dir.org, user, session, at);
        let mut events = sign_in_flow(&mut self.rng, dir.org, &mut visit);
        let apps = dir.apps_of(user);
        let count = self.rng.gen_range(1..=3).min(apps.len());
        for app in apps.choose_multiple(&mut self.rng, count) {
            visit.pause(&mut self.rng);
            events.extend(sso_flow(&mut self.rng, dir.org, &mut visit, app));
        }
        events
    }

    /// SSO into an app from someone's open session.
    fn sso_in_session(&mut self, dir: &Directory, at: DateTime<Utc>) -> Vec<Value> {
        let open: Vec<&SimUser> = dir
            .people
            .iter()
            .copied()
            .filter(|u| !dir.apps_of(u).is_empty() && self.open_session(u, at).is_some())
            .collect();
        let Some(user) = open.choose(&mut self.rng).copied() else { return Vec::new() };
        let Some(app) = dir.apps_of(user).choose(&mut self.rng).copied() else { return Vec::new() };
        let session = self.session_for(user, at);
        let mut visit = Visit::at_home(dir.org, user, session, at);
        sso_flow(&mut self.rng, dir.org, &mut visit, app)
    }

    /// One or two mistyped passwords, then a good sign-in.
    fn failed_then_sign_in(&mut self, dir: &Directory, at: DateTime<Utc>) -> Vec<Value> {
        let Some(user) = self.pick_user(dir, at, |_| true) else { return Vec::new() };
        let mut visit = Visit::at_home(dir.org, user, String::new(), at);
        let mut events = Vec::new();
        for _ in 0..self.rng.gen_range(1..=2) {
            events.push(failed_sign_in(&mut self.rng, dir.org, &mut visit, "INVALID_CREDENTIALS"));
            visit.clock += Duration::seconds(self.rng.gen_range(4..20));
        }
        visit.session = self.start_session(user, visit.clock);
        events.extend(sign_in_flow(&mut self.rng, dir.org, &mut visit));
        events
    }

    /// A step-up verification inside an open session.
    fn step_up(&mut self, dir: &Directory, at: DateTime<Utc>) -> Vec<Value> {
        let Some(user) = self.pick_user(dir, at, |u| primary_factor(u).is_some()) else { return Vec::new() };
        let Some(factor) = primary_factor(user) else { return Vec::new() };
        let session = self.session_for(user, at);
        let mut visit = Visit::at_home(dir.org, user, session, at);
        vec![verify_event(&mut self.rng, &mut visit, factor)]
    }

    /// Someone signs out of an open session.
    fn sign_out(&mut self, dir: &Directory, at: DateTime<Utc>) -> Vec<Value> {
        let open: Vec<&SimUser> = dir.people.iter().copied().filter(|u| self.open_session(u, at).is_some()).collect();
        let Some(user) = open.choose(&mut self.rng).copied() else { return Vec::new() };
        let session = self.session_for(user, at);
        self.sessions.remove(&user.id);
        let mut visit = Visit::at_home(dir.org, user, session, at);
        vec![visit.event(&mut self.rng, "user.session.end").request_uri("/login/signout").build()]
    }

    /// Someone changes their password.
    fn password_change(&mut self, dir: &Directory, at: DateTime<Utc>) -> Vec<Value> {
        let Some(user) = self.pick_user(dir, at, |_| true) else { return Vec::new() };
        let session = self.session_for(user, at);
        let mut visit = Visit::at_home(dir.org, user, session, at);
        let uri = format!("/api/v1/users/{}/credentials/change_password", user.id);
        vec![visit
            .event(&mut self.rng, "user.account.update_password")
            .credential("OKTA_AUTHENTICATION_PROVIDER", "PASSWORD")
            .request_uri(&uri)
            .target(user_target(user))
            .build()]
    }

    /// Someone (re-)enrolls one of their factors.
    fn factor_enrollment(&mut self, dir: &Directory, at: DateTime<Utc>) -> Vec<Value> {
        let Some(user) = self.pick_user(dir, at, |u| primary_factor(u).is_some()) else { return Vec::new() };
        let active: Vec<&SimFactor> = user.factors.iter().filter(|f| f.status == "ACTIVE").collect();
        let Some(factor) = active.choose(&mut self.rng).copied() else { return Vec::new() };
        let session = self.session_for(user, at);
        let mut visit = Visit::at_home(dir.org, user, session, at);
        vec![visit
            .event(&mut self.rng, "user.mfa.factor.activate")
            .request_uri("/idp/idx/challenge/answer")
            .debug("factor", factor_labels(factor).factor)
            .debug("factorIntent", "ENROLLMENT")
            .target(user_target(user))
            .target(enrollment_target(factor))
            .build()]
    }

    /// An admin opens the Admin Console and makes one change their roles allow.
    fn admin_work(&mut self, dir: &Directory, at: DateTime<Utc>) -> Vec<Value> {
        let Some(admin) = self.pick_user(dir, at, |u| !admin_actions(u).is_empty()) else { return Vec::new() };
        let actions = admin_actions(admin);
        let Some(action) = actions.choose(&mut self.rng).copied() else { return Vec::new() };
        let session = self.session_for(admin, at);
        let mut visit = Visit::at_home(dir.org, admin, session, at);
        let mut events = vec![admin_console_access(&mut self.rng, dir.org, &mut visit)];
        events.extend(admin_change(&mut self.rng, dir.org, &mut visit, action));
        events
    }

    /// The service app is granted an access token (client credentials).
    fn token_grant(&mut self, at: DateTime<Utc>) -> Value {
        let app = &self.service_app;
        let scopes = DEFAULT_SCOPES.join(" ");
        let expires = ids::okta_time(at + Duration::hours(1));
        let token_id = format!("AT.{}", ids::base62(&mut self.rng, 43));
        let hash = ids::base62(&mut self.rng, 22);
        let token = json!({"id": token_id, "type": "access_token", "alternateId": "unknown",
            "displayName": "Access Token", "detailEntry": {"expires": expires, "subject": app.client_id, "hash": hash}});
        EventBuilder::new(&mut self.rng, "app.oauth2.as.token.grant.access_token", at)
            .actor_client(&app.client_id, &app.name)
            .client_at(&service_host(), &service_agent())
            .client_id(&app.client_id)
            .request_uri("/oauth2/v1/token")
            .debug("threatSuspected", "false")
            .debug("grantType", "client_credentials")
            .debug("requestedScopes", &scopes)
            .debug("grantedScopes", &scopes)
            .debug("clientAuthType", "private_key_jwt")
            .debug("tokenLifetimeSeconds", "3600")
            .target(token)
            .build()
    }
}

/// How long a stretch of [`History`] is.
pub const STRETCH: Duration = Duration::hours(1);

/// The history of a window written stretch by stretch, newest first: the last hour, then the
/// hour before it, and so on back to the window's start, so a log written from it holds its
/// latest events within a second. Each stretch is ordinary traffic of its own generator
/// (seeded from the history's seed and the stretch); the attack scenarios (placed relative
/// to the window's end, a few hundred events in its last 6 h 10 min) all come with the
/// first, so the seeded personas' stories are in the log as soon as the last hour is. The
/// whole is the same for the same seed, and each stretch is sorted by `published`.
#[derive(Debug, Clone)]
pub struct History {
    seed: u64,
    service_app: Option<ServiceApp>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    per_hour: f64,
    /// The end of the next stretch (stretches so far cover `[next_end, to)`).
    next_end: DateTime<Utc>,
    /// How busy the org is over the window on average, from the first stretch.
    mean: Option<f64>,
}

impl History {
    /// The history of `[from, to)` at about `per_hour` ordinary events an hour.
    pub fn new(seed: u64, from: DateTime<Utc>, to: DateTime<Utc>, per_hour: f64) -> History {
        History { seed, service_app: None, from, to, per_hour, next_end: to, mean: None }
    }

    fn with_service_app(mut self, app: &ServiceApp) -> History {
        self.service_app = Some(app.clone());
        self
    }

    /// The OAuth service app (client id and name) whose token grants the traffic shows.
    pub fn with_service(self, client_id: &str, name: &str) -> History {
        self.with_service_app(&ServiceApp { client_id: client_id.into(), name: name.into() })
    }

    /// Where the stretches given so far reach back to (the window's end before the first).
    pub fn written_back_to(&self) -> DateTime<Utc> {
        self.next_end
    }

    /// The next stretch, newest first (`None` once the window is written): its events,
    /// sorted by `published`, all in the window.
    pub fn next_stretch(&mut self, org: &Org) -> Option<Vec<Value>> {
        if self.next_end <= self.from {
            return None;
        }
        let dir = Directory::new(org);
        let (from, to) = (self.from, self.to);
        let mean = *self.mean.get_or_insert_with(|| dir.mean_weight(from, to));
        let end = self.next_end;
        let start = (end - STRETCH).max(from);
        let index = (to - end).num_seconds() / STRETCH.num_seconds().max(1);
        let mut events = if end == to {
            let mut attacks = scenarios::all(&mut ChaCha20Rng::seed_from_u64(mix(self.seed, u64::MAX)), org, to);
            let mut rng = ChaCha20Rng::seed_from_u64(mix(self.seed, u64::MAX - 1));
            attacks.extend(super::catalog_scenarios::all(&mut rng, org, to));
            attacks
        } else {
            Vec::new()
        };
        if self.per_hour > 0.0 {
            let mut generator = LogGenerator::new(mix(self.seed, index as u64));
            if let Some(app) = &self.service_app {
                generator.service_app = app.clone();
            }
            events.extend(generator.ordinary(&dir, start, end, self.per_hour, mean));
        }
        let (lo, hi) = (ids::okta_time(from), ids::okta_time(to));
        events.retain(|e| e["published"].as_str().is_some_and(|p| p >= lo.as_str() && p < hi.as_str()));
        sort_by_published(&mut events);
        self.next_end = start;
        Some(events)
    }
}

/// A seed for part `n` of what `seed` draws.
fn mix(seed: u64, n: u64) -> u64 {
    let mut z = seed ^ n.wrapping_add(1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Sorts events by `published` (Okta's fixed-width format sorts as text), keeping the
/// generation order of events with the same timestamp.
pub fn sort_by_published(events: &mut [Value]) {
    events.sort_by(|a, b| a["published"].as_str().unwrap_or("").cmp(b["published"].as_str().unwrap_or("")));
}

/// Can this person sign in (ACTIVE or with an expired password)?
pub fn can_sign_in(user: &SimUser) -> bool {
    matches!(user.status.as_str(), "ACTIVE" | "PASSWORD_EXPIRED")
}

/// Is `user` the persona with this login local part?
pub fn is_persona(org: &Org, user: &SimUser, local: &str) -> bool {
    user.profile.login.eq_ignore_ascii_case(&format!("{local}@{}", org.domain))
}

/// The admin changes a user may make, from their roles.
fn admin_actions(user: &SimUser) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for role in &user.roles {
        let granted = ADMIN_ACTIONS.iter().filter(|(kind, _)| role.role_type == *kind);
        for action in granted.flat_map(|(_, actions)| actions.iter().copied()) {
            if !out.contains(&action) {
                out.push(action);
            }
        }
    }
    out
}

/// The apps assigned to a user, in org order.
pub fn assigned_apps<'a>(org: &'a Org, user: &SimUser) -> Vec<&'a SimApp> {
    let ids: Vec<String> = org.apps_of(&user.id).map(|(a, _)| a.id.clone()).collect();
    org.apps.iter().filter(|a| a.status == "ACTIVE" && ids.contains(&a.id)).collect()
}

/// The factor a person signs in with: their strongest ACTIVE factor, or none.
pub fn primary_factor(user: &SimUser) -> Option<&SimFactor> {
    FACTOR_PREFERENCE
        .iter()
        .find_map(|kind| user.factors.iter().find(|f| f.status == "ACTIVE" && f.factor_type == *kind))
}

/// A new Identity Engine session id (`idx` + 22 characters).
pub fn new_session_id(rng: &mut impl Rng) -> String {
    format!("idx{}", ids::base62(rng, 22))
}

/// The device-token hash (`debugData.dtHash`) of a user's usual browser.
pub fn device_token_hash(user: &SimUser) -> String {
    hex_digest(&[&user.id, "dt"])
}

/// A place's offset from UTC in whole hours, taken from its longitude.
fn utc_offset(place: &Location) -> i64 {
    (place.lon / 15.0).round() as i64
}

/// Weight of activity for someone living at `home` at `at`.
fn hour_weight(home: &Location, at: DateTime<Utc>) -> f64 {
    local_weight(at + Duration::hours(utc_offset(home)))
}

/// Weight of activity at a local time: high in working hours, low in the evening, lower at
/// night and weekends.
fn local_weight(local: DateTime<Utc>) -> f64 {
    let by_hour = match local.hour() {
        8..=17 => 1.0,
        7 | 18..=20 => 0.35,
        _ => 0.06,
    };
    if matches!(local.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun) {
        by_hour * 0.3
    } else {
        by_hour
    }
}

/// Where the service app calls from: a cloud host.
fn service_host() -> Location {
    Location {
        city: "Ashburn".into(),
        state: "Virginia".into(),
        country: "United States".into(),
        postal_code: "20149".into(),
        lat: 39.0469,
        lon: -77.4903,
        ip: "192.0.2.10".into(),
        as_number: 14618,
        as_org: "amazon.com, inc.".into(),
        isp: "amazon.com, inc.".into(),
        domain: "amazonaws.com".into(),
        is_proxy: false,
    }
}

fn service_agent() -> UserAgent {
    UserAgent { raw: "oktui/0.1.0".into(), os: "Unknown".into(), browser: "UNKNOWN".into() }
}

/// The Okta Verify app on a user's phone, as the user agent of its requests.
pub fn phone_agent(user: &SimUser) -> UserAgent {
    if derived_flag(&[&user.id, "phone"], 0.6) {
        UserAgent {
            raw: "Okta Verify/9.30.0 (iPhone; iOS 17.5.1; Scale/3.00)".into(),
            os: "iOS".into(),
            browser: "UNKNOWN".into(),
        }
    } else {
        UserAgent {
            raw: "Okta Verify/9.30.0 (Linux; Android 14; Pixel 8)".into(),
            os: "Android".into(),
            browser: "UNKNOWN".into(),
        }
    }
}

/// A registered Okta Verify device as the top-level `device` object.
fn okta_verify_device(id: String, name: &str, platform: &str, version: &str) -> Value {
    json!({
        "id": id,
        "name": name,
        "os_platform": platform,
        "os_version": version,
        "managed": false,
        "registered": true,
        "device_integrator": null,
        "disk_encryption_type": "ALL_INTERNAL_VOLUMES",
        "screen_lock_type": "BIOMETRIC",
        "jailbreak": null,
        "secure_hardware_present": true,
    })
}

/// The user's phone (Okta Verify push).
pub fn phone_device(user: &SimUser) -> Value {
    let id = derived_id("guo", &[&user.id, "phone-device"]);
    if phone_agent(user).os == "iOS" {
        okta_verify_device(id, "iPhone15,2", "IOS", "17.5.1")
    } else {
        okta_verify_device(id, "Pixel 8", "ANDROID", "14")
    }
}

/// The user's computer (Okta FastPass).
pub fn computer_device(user: &SimUser) -> Value {
    let id = derived_id("guo", &[&user.id, "computer-device"]);
    match user.user_agent.os.as_str() {
        "Mac OS X" => okta_verify_device(id, "MacBookPro18,3", "OSX", "14.6.0"),
        os if os.starts_with("Windows") => {
            let name = format!("DESKTOP-{}", derived_id("", &[&user.id, "hostname"])[..7].to_uppercase());
            okta_verify_device(id, &name, "WINDOWS", "10.0.22631")
        }
        _ => okta_verify_device(id, "ubuntu-workstation", "LINUX", "22.04"),
    }
}

/// The Okta Verify device taking part when `factor` is used, if any.
fn factor_device(user: &SimUser, factor: Option<&SimFactor>) -> Value {
    match factor.map(|f| f.factor_type.as_str()) {
        Some("signed_nonce") => computer_device(user),
        Some("push") => phone_device(user),
        _ => Value::Null,
    }
}

/// A built-in Okta app (Dashboard, Admin Console) of the org as a `target[]` entry.
pub fn okta_app_target(org: &Org, name: &str) -> Value {
    let id = derived_id("0oa", &[&org.domain, name]);
    target(&id, "AppInstance", name, name)
}

/// A user's assignment to an app (`AppUser`) as a `target[]` entry.
pub fn app_user_target(user: &SimUser, app_name: &str) -> Value {
    let id = derived_id("0ua", &[&user.id, app_name, "appuser"]);
    target(&id, "AppUser", &user.profile.login, &user.profile.display_name)
}

/// The policy and rule Okta evaluates for `policy_type`, as `target[]` entries.
fn policy_targets(org: &Org, policy_type: &str) -> Vec<Value> {
    let Some(policy) = org
        .policies
        .iter()
        .find(|p| p.policy_type == policy_type)
        .or_else(|| org.policies.iter().find(|p| p.policy_type == "OKTA_SIGN_ON"))
    else {
        return Vec::new();
    };
    let mut out = vec![policy_target(policy)];
    if let Some(rule) = policy.rules.first() {
        out.push(rule_target(rule));
    }
    out
}

fn policy_target(policy: &crate::org::SimPolicy) -> Value {
    let mut t = target(&policy.id, "PolicyEntity", "unknown", &policy.name);
    t["detailEntry"] = json!({"policyType": policy.policy_type});
    t
}

fn rule_target(rule: &crate::org::SimPolicyRule) -> Value {
    let mut t = target(&rule.id, "PolicyRule", "unknown", &rule.name);
    t["detailEntry"] = json!({"policyRuleType": rule.rule_type});
    t
}

/// The org URL Okta records as `debugData.origin`.
fn org_origin(org: &Org) -> String {
    let name = org.domain.split('.').next().unwrap_or("org");
    format!("https://{name}.okta.com")
}

/// One person at one browser: what every event of their flow shares, and its clock.
#[derive(Debug, Clone)]
pub struct Visit<'a> {
    /// The actor of the events.
    pub user: &'a SimUser,
    /// Where the browser is.
    pub place: &'a Location,
    /// The browser (or script) making the requests.
    pub agent: &'a UserAgent,
    /// Where the person's phone answers Okta Verify pushes.
    pub phone_place: &'a Location,
    /// `externalSessionId` (empty before a session exists).
    pub session: String,
    /// `debugData.dtHash`, if the browser keeps Okta's device cookie.
    pub dt_hash: Option<String>,
    /// Okta's behavior verdicts on this visit.
    pub behaviors: Behaviors,
    /// Okta's risk verdict on this visit.
    pub risk: Risk,
    /// The time of the next event.
    pub clock: DateTime<Utc>,
    /// `debugData.origin`.
    pub origin: String,
    /// `debugData.threatSuspected` (ThreatInsight's suspicion of the client IP).
    pub threat_suspected: bool,
}

impl<'a> Visit<'a> {
    /// The person at home, in their usual browser, as usual.
    pub fn at_home(org: &Org, user: &'a SimUser, session: String, at: DateTime<Utc>) -> Self {
        Visit {
            user,
            place: &user.home,
            agent: &user.user_agent,
            phone_place: &user.home,
            session,
            dt_hash: Some(device_token_hash(user)),
            behaviors: Behaviors::HABITUAL,
            risk: Risk::low(),
            clock: at,
            origin: org_origin(org),
            threat_suspected: false,
        }
    }

    /// The time of the next event: the clock now, which then moves a few ms on.
    pub fn stamp(&mut self, rng: &mut impl Rng) -> DateTime<Utc> {
        let at = self.clock;
        self.clock += Duration::milliseconds(rng.gen_range(8..240));
        at
    }

    /// Moves the clock a few seconds on (the person reading, clicking).
    pub fn pause(&mut self, rng: &mut impl Rng) {
        self.clock += Duration::milliseconds(rng.gen_range(1_500..20_000));
    }

    /// An event by this person from this browser, in this session, at the clock.
    pub fn event(&mut self, rng: &mut impl Rng, event_type: &str) -> EventBuilder {
        let at = self.stamp(rng);
        let mut b = EventBuilder::new(rng, event_type, at)
            .actor_user(self.user)
            .client_at(self.place, self.agent)
            .debug("threatSuspected", if self.threat_suspected { "true" } else { "false" });
        if !self.session.is_empty() {
            b = b.session(&self.session);
        }
        if let Some(dt) = &self.dt_hash {
            b = b.debug("dtHash", dt);
        }
        b
    }

    /// The Identity Engine sign-in extras of `debugData` (`authnRequestId`, `origin`, …).
    fn sign_in_debug(&self, rng: &mut impl Rng, b: EventBuilder) -> EventBuilder {
        let fingerprint = hex_digest(&[&self.user.id, &self.agent.raw, "fp"]);
        b.debug("authnRequestId", &ids::base62(rng, 27))
            .debug("deviceFingerprint", &fingerprint[..32])
            .debug("origin", &self.origin)
            .debug("oktaUserAgentExtended", "okta-auth-js/7.7.0 okta-signin-widget-7.24.2")
    }
}

/// Policy evaluation, MFA with the person's factor if they have one, and the session start.
pub fn sign_in_flow(rng: &mut impl Rng, org: &Org, v: &mut Visit) -> Vec<Value> {
    let factor = primary_factor(v.user);
    let mut events = vec![sign_on_evaluation(rng, org, v, factor)];
    if let Some(f) = factor {
        v.pause(rng);
        events.extend(mfa_success(rng, org, v, f));
    }
    events.push(session_start(rng, org, v, factor));
    events
}

/// `policy.evaluate_sign_on` of the global session policy for a Dashboard sign-in.
pub fn sign_on_evaluation(rng: &mut impl Rng, org: &Org, v: &mut Visit, factor: Option<&SimFactor>) -> Value {
    let result = if factor.is_some() { "CHALLENGE" } else { "ALLOW" };
    let reason = format!("Sign-on policy evaluation resulted in {result}");
    let mut b = v
        .event(rng, "policy.evaluate_sign_on")
        .outcome(result, Some(&reason))
        .client_id(DASHBOARD_CLIENT_ID)
        .request_uri("/idp/idx/identify")
        .sign_in_risk(&v.behaviors, &v.risk)
        .target(okta_app_target(org, "Okta Dashboard"));
    for t in policy_targets(org, "OKTA_SIGN_ON") {
        b = b.target(t);
    }
    if factor.is_some_and(|f| f.factor_type == "signed_nonce") {
        b = b.device(computer_device(v.user));
    }
    b.build()
}

/// A successful second factor: a push sent and accepted on the phone, or a factor verified
/// in the browser.
pub fn mfa_success(rng: &mut impl Rng, org: &Org, v: &mut Visit, factor: &SimFactor) -> Vec<Value> {
    if factor.factor_type == "push" {
        let push = push_sent(rng, v, factor);
        v.pause(rng);
        vec![push, push_answer(rng, org, v, factor, "SUCCESS", None)]
    } else {
        let b = v
            .event(rng, "user.authentication.auth_via_mfa")
            .credential("FACTOR_PROVIDER", factor_labels(factor).credential_type)
            .request_uri("/idp/idx/challenge/answer")
            .debug("factor", factor_labels(factor).factor)
            .debug("factorIntent", "AUTHENTICATION")
            .sign_in_risk(&v.behaviors, &v.risk)
            .device(factor_device(v.user, Some(factor)))
            .target(enrollment_target(factor))
            .target(okta_app_target(org, "Okta Dashboard"));
        vec![b.build()]
    }
}

/// `system.push.send_factor_verify_push`: Okta pushes a verification to the person's phone
/// at the request of this browser.
pub fn push_sent(rng: &mut impl Rng, v: &mut Visit, factor: &SimFactor) -> Value {
    v.event(rng, "system.push.send_factor_verify_push")
        .request_uri("/idp/idx/challenge")
        .debug("factor", factor_labels(factor).factor)
        .target(user_target(v.user))
        .target(enrollment_target(factor))
        .build()
}

/// `user.authentication.auth_via_mfa` as answered on the person's phone: `SUCCESS`, a
/// denial (`FAILURE`, `INVALID_CREDENTIALS`) or no answer (`UNANSWERED`).
pub fn push_answer(
    rng: &mut impl Rng,
    org: &Org,
    v: &mut Visit,
    factor: &SimFactor,
    result: &str,
    reason: Option<&str>,
) -> Value {
    let at = v.stamp(rng);
    let response = match result {
        "SUCCESS" => "OV_RESPONSE_APPROVE",
        "FAILURE" => "OV_RESPONSE_DENY",
        _ => "OV_RESPONSE_NONE",
    };
    EventBuilder::new(rng, "user.authentication.auth_via_mfa", at)
        .actor_user(v.user)
        .client_at(v.phone_place, &phone_agent(v.user))
        .session(&v.session)
        .credential("FACTOR_PROVIDER", "OTP")
        .outcome(result, reason)
        .request_uri("/idp/idx/authenticators/poll")
        .debug("threatSuspected", "false")
        .debug("factor", factor_labels(factor).factor)
        .debug("factorIntent", "AUTHENTICATION")
        .debug("pushOnlyResponseType", response)
        .sign_in_risk(&v.behaviors, &v.risk)
        .device(phone_device(v.user))
        .target(enrollment_target(factor))
        .target(okta_app_target(org, "Okta Dashboard"))
        .build()
}

/// `user.session.start` SUCCESS: the session exists.
pub fn session_start(rng: &mut impl Rng, org: &Org, v: &mut Visit, factor: Option<&SimFactor>) -> Value {
    let (uri, enrollment) = match factor {
        Some(f) if f.factor_type == "push" => ("/idp/idx/authenticators/poll", enrollment_target(f)),
        Some(f) => ("/idp/idx/challenge/answer", enrollment_target(f)),
        None => ("/idp/idx/challenge/answer", password_target(v.user)),
    };
    let b = v
        .event(rng, "user.session.start")
        .credential("OKTA_AUTHENTICATION_PROVIDER", "PASSWORD")
        .client_id(DASHBOARD_CLIENT_ID)
        .request_uri(uri)
        .sign_in_risk(&v.behaviors, &v.risk)
        .device(factor_device(v.user, factor))
        .target(enrollment)
        .target(okta_app_target(org, "Okta Dashboard"));
    v.sign_in_debug(rng, b).build()
}

/// `user.session.start` FAILURE for this person (wrong password, locked out …).
pub fn failed_sign_in(rng: &mut impl Rng, org: &Org, v: &mut Visit, reason: &str) -> Value {
    let b = v
        .event(rng, "user.session.start")
        .external_session("unknown")
        .outcome("FAILURE", Some(reason))
        .credential("OKTA_AUTHENTICATION_PROVIDER", "PASSWORD")
        .client_id(DASHBOARD_CLIENT_ID)
        .request_uri("/idp/idx/challenge/answer")
        .debug("loginResult", reason)
        .sign_in_risk(&v.behaviors, &v.risk)
        .target(password_target(v.user))
        .target(okta_app_target(org, "Okta Dashboard"));
    v.sign_in_debug(rng, b).build()
}

/// The app's authentication policy evaluated, then `user.authentication.sso` into it.
pub fn sso_flow(rng: &mut impl Rng, org: &Org, v: &mut Visit, app: &SimApp) -> Vec<Value> {
    let uri = sso_uri(app);
    let mut eval = v
        .event(rng, "policy.evaluate_sign_on")
        .outcome("ALLOW", Some("Sign-on policy evaluation resulted in ALLOW"))
        .request_uri(&uri)
        .debug("signOnMode", &app.sign_on_mode)
        .sign_in_risk(&v.behaviors, &v.risk)
        .target(app_target(app));
    for t in policy_targets(org, "ACCESS_POLICY") {
        eval = eval.target(t);
    }
    let sso = v
        .event(rng, "user.authentication.sso")
        .request_uri(&uri)
        .debug("initiationType", "IDP_INITIATED")
        .debug("signOnMode", &app.sign_on_mode)
        .target(app_target(app))
        .target(app_user_target(v.user, &app.name))
        .build();
    vec![eval.build(), sso]
}

/// The URI a browser opens to sign into an app from the Dashboard.
fn sso_uri(app: &SimApp) -> String {
    match app.sign_on_mode.as_str() {
        "SAML_2_0" | "SAML_1_1" => format!("/app/{}/{}/sso/saml", app.name, app.id),
        "OPENID_CONNECT" => "/oauth2/v1/authorize".to_string(),
        _ => format!("/home/{}/{}/2", app.name, app.id),
    }
}

/// `user.authentication.verify`: the person re-verifies with their factor.
fn verify_event(rng: &mut impl Rng, v: &mut Visit, factor: &SimFactor) -> Value {
    v.event(rng, "user.authentication.verify")
        .credential("FACTOR_PROVIDER", factor_labels(factor).credential_type)
        .request_uri("/idp/idx/challenge/answer")
        .debug("factor", factor_labels(factor).factor)
        .sign_in_risk(&v.behaviors, &v.risk)
        .target(enrollment_target(factor))
        .build()
}

/// `user.session.access_admin_app`: the person opens the Admin Console.
pub fn admin_console_access(rng: &mut impl Rng, org: &Org, v: &mut Visit) -> Value {
    v.event(rng, "user.session.access_admin_app")
        .request_uri("/admin/sso/request")
        .target(app_user_target(v.user, "Okta Admin Console"))
        .target(okta_app_target(org, "Okta Admin Console"))
        .build()
}

/// One change an admin makes in the Admin Console (`action` is its event type); nothing
/// if the org has nothing for it to act on.
fn admin_change(rng: &mut impl Rng, org: &Org, v: &mut Visit, action: &str) -> Vec<Value> {
    v.pause(rng);
    let event = match action {
        "group.user_membership.add" => group_membership_add(rng, org, v),
        "application.user_membership.add" => app_membership_add(rng, org, v),
        "user.account.update_profile" => profile_update(rng, org, v),
        _ => policy_rule_update(rng, org, v),
    };
    event.into_iter().collect()
}

fn group_membership_add(rng: &mut impl Rng, org: &Org, v: &mut Visit) -> Option<Value> {
    let groups: Vec<_> =
        org.groups.iter().filter(|g| g.group_type == "OKTA_GROUP" && !g.member_ids.is_empty()).collect();
    let group = groups.choose(rng)?;
    let member = org.find_user(group.member_ids.choose(rng)?)?;
    let uri = format!("/api/v1/groups/{}/users/{}", group.id, member.id);
    Some(
        v.event(rng, "group.user_membership.add")
            .request_uri(&uri)
            .target(user_target(member))
            .target(target(&group.id, "UserGroup", "unknown", &group.name))
            .build(),
    )
}

fn app_membership_add(rng: &mut impl Rng, org: &Org, v: &mut Visit) -> Option<Value> {
    let apps: Vec<_> = org.apps.iter().filter(|a| !a.user_ids.is_empty()).collect();
    let app = apps.choose(rng)?;
    let user = org.find_user(app.user_ids.choose(rng)?)?;
    let uri = format!("/api/v1/apps/{}/users", app.id);
    Some(
        v.event(rng, "application.user_membership.add")
            .request_uri(&uri)
            .target(app_user_target(user, &app.name))
            .target(app_target(app))
            .target(user_target(user))
            .build(),
    )
}

fn profile_update(rng: &mut impl Rng, org: &Org, v: &mut Visit) -> Option<Value> {
    let user = org.users.choose(rng)?;
    let uri = format!("/api/v1/users/{}", user.id);
    let changed = ["title", "department", "mobilePhone", "title, department"].choose(rng).copied().unwrap_or("title");
    Some(
        v.event(rng, "user.account.update_profile")
            .request_uri(&uri)
            .debug("changedAttributes", changed)
            .target(user_target(user))
            .build(),
    )
}

fn policy_rule_update(rng: &mut impl Rng, org: &Org, v: &mut Visit) -> Option<Value> {
    let policies: Vec<_> = org.policies.iter().filter(|p| !p.rules.is_empty()).collect();
    let policy = policies.choose(rng)?;
    let rule = policy.rules.choose(rng)?;
    let uri = format!("/api/v1/policies/{}/rules/{}", policy.id, rule.id);
    Some(
        v.event(rng, "policy.rule.update")
            .request_uri(&uri)
            .target(rule_target(rule))
            .target(policy_target(policy))
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::logs::events::fixtures::TOP_LEVEL_KEYS;
    use crate::logs::events::{event_type_of, fixtures, key_paths, read_samples};

    fn window() -> (DateTime<Utc>, DateTime<Utc>) {
        let to = fixtures::anchor();
        (to - Duration::hours(24), to)
    }

    fn history(seed: u64) -> Vec<Value> {
        let org = fixtures::org(60);
        let (from, to) = window();
        LogGenerator::new(seed).backfill(&org, from, to, 250.0)
    }

    fn actor_user<'a>(org: &'a Org, e: &Value) -> Option<&'a SimUser> {
        e["actor"]["type"].as_str().filter(|t| *t == "User").and_then(|_| org.find_user(e["actor"]["id"].as_str()?))
    }

    #[test]
    fn same_seed_same_history() {
        let a = serde_json::to_string(&history(3)).unwrap();
        let b = serde_json::to_string(&history(3)).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, serde_json::to_string(&history(4)).unwrap());
    }

    #[test]
    fn events_have_every_top_level_key_and_are_sorted() {
        let events = history(5);
        let expected: BTreeSet<&str> = TOP_LEVEL_KEYS.iter().copied().collect();
        for e in &events {
            let keys: BTreeSet<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys, expected, "{e}");
        }
        let published: Vec<&str> = events.iter().map(|e| e["published"].as_str().unwrap()).collect();
        assert!(published.windows(2).all(|w| w[0] <= w[1]));
        let (from, to) = window();
        assert!(published.first().unwrap() >= &ids::okta_time(from).as_str());
        assert!(published.last().unwrap() < &ids::okta_time(to).as_str());
        let uuids: BTreeSet<&str> = events.iter().map(|e| e["uuid"].as_str().unwrap()).collect();
        assert_eq!(uuids.len(), events.len());
    }

    #[test]
    fn volume_is_about_the_requested_rate() {
        let org = fixtures::org(60);
        let (from, to) = window();
        let events = LogGenerator::new(9).backfill(&org, from, to, 300.0);
        let n = events.len() as f64;
        assert!((24.0 * 300.0 * 0.8..24.0 * 300.0 * 1.25).contains(&n), "{n} events");
    }

    #[test]
    fn ordinary_traffic_respects_the_directory() {
        let org = fixtures::org(60);
        let (from, to) = window();
        let events = LogGenerator::new(11).backfill(&org, from, to, 250.0);
        let attack_ips: BTreeSet<String> = scenarios::attacker_ips();
        for e in events.iter().filter(|e| !attack_ips.contains(e["client"]["ipAddress"].as_str().unwrap_or(""))) {
            let et = event_type_of(e).unwrap();
            let Some(user) = actor_user(&org, e) else { continue };
            if et == "user.session.start" && e["outcome"]["result"] == "SUCCESS" {
                assert!(can_sign_in(user), "{} signed in", user.status);
            }
            if et == "user.authentication.auth_via_mfa" {
                let factor_id = e["target"][0]["id"].as_str().unwrap();
                assert!(user.factors.iter().any(|f| f.id == factor_id), "MFA with a factor the user lacks");
            }
            if et == "user.authentication.sso" {
                let app_id = e["target"][0]["id"].as_str().unwrap();
                assert!(org.apps_of(&user.id).any(|(a, _)| a.id == app_id), "SSO to an unassigned app");
            }
            if et == "user.session.start"
                && e["outcome"]["result"] == "SUCCESS"
                && e["client"]["ipAddress"] == user.home.ip.as_str()
            {
                assert_eq!(e["client"]["userAgent"]["rawUserAgent"], user.user_agent.raw.as_str());
                assert!(e["debugContext"]["debugData"]["behaviors"].as_str().unwrap().contains("New IP=NEGATIVE"));
            }
        }
        for kind in [
            "user.session.start",
            "user.authentication.sso",
            "user.authentication.auth_via_mfa",
            "system.push.send_factor_verify_push",
            "user.authentication.verify",
            "user.session.end",
            "user.account.update_password",
            "user.mfa.factor.activate",
            "group.user_membership.add",
            "application.user_membership.add",
            "user.account.update_profile",
            "policy.rule.update",
            "app.oauth2.as.token.grant.access_token",
            "user.session.access_admin_app",
        ] {
            assert!(events.iter().any(|e| event_type_of(e) == Some(kind)), "no {kind}");
        }
        assert!(
            events
                .iter()
                .any(|e| event_type_of(e) == Some("user.session.start")
                    && e["outcome"]["reason"] == "INVALID_CREDENTIALS")
        );
    }

    #[test]
    fn users_without_factors_get_no_mfa_events() {
        let org = fixtures::org(60);
        let (from, to) = window();
        let events = LogGenerator::new(13).backfill(&org, from, to, 250.0);
        for e in &events {
            let et = event_type_of(e).unwrap();
            if et.starts_with("user.authentication.auth_via_mfa") || et == "system.push.send_factor_verify_push" {
                let user = actor_user(&org, e).unwrap();
                assert!(primary_factor(user).is_some(), "{} has no factor", user.profile.login);
            }
        }
    }

    #[test]
    fn admin_work_is_done_by_admins() {
        let org = fixtures::org(60);
        let (from, to) = window();
        let events = LogGenerator::new(17).backfill(&org, from, to, 250.0);
        for e in events.iter().filter(|e| {
            matches!(
                event_type_of(e),
                Some(
                    "group.user_membership.add"
                        | "application.user_membership.add"
                        | "policy.rule.update"
                        | "user.account.privilege.grant"
                )
            )
        }) {
            let admin = actor_user(&org, e).unwrap();
            assert!(!admin.roles.is_empty(), "{} is no admin", admin.profile.login);
        }
    }

    #[test]
    fn history_comes_newest_first_with_the_attacks_in_the_first_stretch() {
        let to = fixtures::anchor();
        let from = to - Duration::hours(24);
        let org = crate::org::generate::generate(7, 120, to);
        let mut history = History::new(5, from, to, 600.0);
        let mut stretches = Vec::new();
        while let Some(stretch) = history.next_stretch(&org) {
            stretches.push(stretch);
        }
        assert_eq!(stretches.len(), 24);
        assert_eq!(history.written_back_to(), from);
        assert!(history.next_stretch(&org).is_none());
        let published = |e: &Value| e["published"].as_str().unwrap().to_string();
        // The first stretch is the last hour and the seeded attacks (the spray, 6 h back,
        // among them); each one after it is older than the one before.
        let hour_ago = ids::okta_time(to - STRETCH);
        let spray = |s: &[Value]| s.iter().filter(|e| e["client"]["ipAddress"] == "203.0.113.77").count();
        assert!(spray(&stretches[0]) > 40, "{} spray events first", spray(&stretches[0]));
        let older = stretches[0].iter().filter(|e| published(e) < hour_ago).count();
        assert!(older < 400, "only the attacks come before the last hour: {older}");
        assert!(stretches[0].len() > 500, "the last hour's traffic: {}", stretches[0].len());
        for pair in stretches[1..].windows(2) {
            let older_start = published(&pair[1][0]);
            assert!(pair[0].iter().all(|e| published(e) > older_start), "newest first");
        }
        // (A burst begun before a stretch's end may run a few minutes past it.)
        let behind = ids::okta_time(to - STRETCH + Duration::minutes(10));
        assert!(stretches[1..].iter().flatten().all(|e| published(e) < behind && spray(std::slice::from_ref(e)) == 0));
        // Each event once.
        let all: Vec<Value> = stretches.concat();
        let uuids: BTreeSet<&str> = all.iter().map(|e| e["uuid"].as_str().unwrap()).collect();
        assert_eq!(uuids.len(), all.len());
    }

    #[test]
    fn live_bursts_start_now() {
        let org = fixtures::org(30);
        let mut gen = LogGenerator::new(21);
        let now = fixtures::anchor() + Duration::hours(10);
        for k in 0..50 {
            let at = now + Duration::seconds(k * 3);
            let burst = gen.live(&org, at);
            assert!(!burst.is_empty());
            assert_eq!(burst[0]["published"], ids::okta_time(at));
            let last = burst.last().unwrap()["published"].as_str().unwrap().to_string();
            assert!(last < ids::okta_time(at + Duration::minutes(2)));
        }
    }

    #[test]
    fn empty_org_has_only_what_it_can() {
        let org = Org {
            domain: "empty.example".into(),
            users: vec![],
            groups: vec![],
            apps: vec![],
            policies: vec![],
            api_token_owner_id: String::new(),
            service_app_roles: vec![],
        };
        let (from, to) = window();
        let events = LogGenerator::new(1).backfill(&org, from, to, 100.0);
        let others: std::collections::BTreeSet<_> = events
            .iter()
            .filter_map(event_type_of)
            .filter(|t| {
                !matches!(
                    *t,
                    "app.oauth2.as.token.grant.access_token" | "security.threat.detected" | "user.session.start"
                )
            })
            .collect();
        assert!(others.is_empty(), "{others:?}");
    }

    /// The real samples must not have a key path our events of the same type lack. Both
    /// sides go through `key_paths` (see its normalisations); we compare the union over all
    /// samples of a type with the union over all generated events of it, since the samples
    /// mix outcomes (a FAILURE carries `loginResult`, a push sign-in a `device` …).
    fn assert_shape_matches_samples(events: &[Value]) {
        let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/okta-samples"));
        let samples = read_samples(root).unwrap();
        for kind in [
            "user.session.start",
            "user.authentication.auth_via_mfa",
            "policy.evaluate_sign_on",
            "security.threat.detected",
        ] {
            let union = |evs: &[Value]| -> BTreeSet<String> {
                evs.iter().filter(|e| event_type_of(e) == Some(kind)).flat_map(key_paths).collect()
            };
            let real = union(&samples);
            let ours = union(events);
            assert!(real.len() > 20, "too few sample paths for {kind}");
            let missing: Vec<&String> = real.difference(&ours).collect();
            assert!(missing.is_empty(), "{kind}: generated events lack {missing:#?}");
        }
    }

    #[test]
    fn shape_matches_real_samples() {
        assert_shape_matches_samples(&history(23));
    }

    #[test]
    fn generated_org_traffic_matches_samples_too() {
        let to = fixtures::anchor();
        let org = crate::org::generate::generate(5, 150, to);
        let events = LogGenerator::new(5).backfill(&org, to - Duration::hours(24), to, 150.0);
        assert_shape_matches_samples(&events);
        for e in events.iter().filter(|e| event_type_of(e) == Some("user.authentication.sso")) {
            let user = actor_user(&org, e).unwrap();
            let app_id = e["target"][0]["id"].as_str().unwrap();
            assert!(org.apps_of(&user.id).any(|(a, _)| a.id == app_id), "SSO to an unassigned app");
        }
    }
}
