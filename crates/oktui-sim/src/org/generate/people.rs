//! The org's people: random employees around the fixed personas.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use rand::seq::SliceRandom;
use rand::Rng;

use super::catalog::{catalog, pick, pick_weighted, Department, Office};
use super::clock::{between, Clock};
use super::factors::{enroll_all, random_device, random_kinds, Kind, Owner};
use crate::ids::okta_id;
use crate::org::{personas, Location, SimFactor, SimRole, SimUser, UserAgent, UserProfile};

/// A named person every org contains.
struct Persona {
    local: &'static str,
    first: &'static str,
    last: &'static str,
    department: &'static str,
    title: &'static str,
    city: &'static str,
    status: &'static str,
    factors: &'static [Kind],
    roles: &'static [&'static str],
}

/// The personas; the first is the API token's owner.
const PERSONAS: &[Persona] = &[
    Persona {
        local: personas::API_TOKEN_OWNER,
        first: "oktui",
        last: "Service",
        department: "IT",
        title: "Service Account",
        city: "San Francisco",
        status: "ACTIVE",
        factors: &[Kind::Webauthn, Kind::OktaTotp],
        roles: &["READ_ONLY_ADMIN", "USER_ADMIN"],
    },
    Persona {
        local: personas::SUPER_ADMIN,
        first: "Dana",
        last: "Whitfield",
        department: "IT",
        title: "Director of IT",
        city: "San Francisco",
        status: "ACTIVE",
        factors: &[Kind::Webauthn, Kind::Push],
        roles: &["SUPER_ADMIN"],
    },
    Persona {
        local: personas::PUSH_BOMBED,
        first: "Marcus",
        last: "Oyelaran",
        department: "Customer Success",
        title: "Customer Success Manager",
        city: "Atlanta",
        status: "ACTIVE",
        factors: &[Kind::Push],
        roles: &[],
    },
    Persona {
        local: personas::BRUTE_FORCED,
        first: "Priya",
        last: "Raman",
        department: "Engineering",
        title: "Senior Software Engineer",
        city: "Austin",
        status: "LOCKED_OUT",
        factors: &[Kind::Sms, Kind::Push],
        roles: &[],
    },
    Persona {
        local: personas::FLAGGED_COUNTRY,
        first: "Alex",
        last: "Novak",
        department: "Finance",
        title: "Financial Analyst",
        city: "Chicago",
        status: "ACTIVE",
        factors: &[Kind::GoogleTotp],
        roles: &[],
    },
    Persona {
        local: personas::TRAVELLER,
        first: "Elena",
        last: "Sokolova",
        department: "Sales",
        title: "Senior Account Executive",
        city: "New York",
        status: "ACTIVE",
        factors: &[Kind::Push],
        roles: &[],
    },
    Persona {
        local: personas::NEW_ADMIN,
        first: "Jordan",
        last: "Mbeki",
        department: "Engineering",
        title: "Engineering Manager",
        city: "Seattle",
        status: "ACTIVE",
        factors: &[Kind::Push],
        roles: &["ORG_ADMIN"],
    },
    Persona {
        local: personas::SESSION_HIJACKED,
        first: "Sam",
        last: "Calder",
        department: "Marketing",
        title: "Product Marketing Manager",
        city: "Boston",
        status: "ACTIVE",
        factors: &[Kind::Push],
        roles: &[],
    },
    Persona {
        local: personas::ADMIN_NO_MFA,
        first: "Chris",
        last: "Doyle",
        department: "IT",
        title: "IT Support Specialist",
        city: "Denver",
        status: "ACTIVE",
        factors: &[],
        roles: &["HELP_DESK_ADMIN"],
    },
];

/// How many personas every org holds.
pub(crate) const PERSONA_COUNT: usize = PERSONAS.len();

const STATUSES: &[(&str, u32)] = &[
    ("ACTIVE", 880),
    ("SUSPENDED", 30),
    ("LOCKED_OUT", 20),
    ("STAGED", 30),
    ("DEPROVISIONED", 20),
    ("PASSWORD_EXPIRED", 10),
    ("PROVISIONED", 10),
];

const ADMIN_ROLES: &[(&str, u32)] =
    &[("HELP_DESK_ADMIN", 30), ("READ_ONLY_ADMIN", 25), ("USER_ADMIN", 20), ("APP_ADMIN", 15), ("ORG_ADMIN", 3)];

/// Everything that varies from one person to the next before they become a `SimUser`.
struct Draft<'a> {
    first: &'a str,
    last: &'a str,
    login: String,
    department: &'a str,
    title: &'a str,
    office: &'a Office,
    user_type: &'static str,
    status: &'a str,
    employee_number: String,
    created: DateTime<Utc>,
}

/// State shared while drafting people: the clock, logins taken and the employee counter.
struct Registry {
    clock: Clock,
    domain: String,
    taken: HashSet<String>,
    next_employee: u32,
}

/// `users` people (at least the personas): the API token owner first, the other personas
/// scattered among randomly drawn employees.
pub(crate) fn people(rng: &mut impl Rng, users: usize, clock: Clock, domain: &str) -> Vec<SimUser> {
    let mut reg = Registry {
        clock,
        domain: domain.to_string(),
        taken: PERSONAS.iter().map(|p| p.local.to_string()).collect(),
        next_employee: rng.gen_range(10_000..20_000),
    };
    let mut people: Vec<SimUser> = PERSONAS.iter().map(|p| persona(rng, p, &mut reg)).collect();
    let mut randoms: Vec<SimUser> =
        (0..users.saturating_sub(PERSONA_COUNT)).map(|_| random_person(rng, &mut reg)).collect();
    promote_super_admins(rng, &mut randoms);
    let others = people.split_off(1);
    people.append(&mut randoms);
    for p in others {
        let at = rng.gen_range(1..=people.len());
        people.insert(at, p);
    }
    people
}

fn persona(rng: &mut impl Rng, p: &Persona, reg: &mut Registry) -> SimUser {
    let c = catalog();
    let office = c.offices.iter().find(|o| o.city == p.city).unwrap_or_else(|| &c.offices[0]);
    let clock = reg.clock;
    let created = between(rng, clock.founded + Duration::days(30), clock.anchor - Duration::days(400));
    let draft = Draft {
        first: p.first,
        last: p.last,
        login: format!("{}@{}", p.local, reg.domain),
        department: p.department,
        title: p.title,
        office,
        user_type: "Employee",
        status: p.status,
        employee_number: reg.employee_number(rng, "Employee"),
        created,
    };
    let mut user = build(rng, &draft, clock, p.local != personas::API_TOKEN_OWNER);
    if p.status == "LOCKED_OUT" {
        let locked = clock.ago(rng, Duration::hours(1), Duration::hours(3));
        let last_login = locked - Duration::hours(rng.gen_range(20..60));
        user.status_changed = Some(locked);
        user.last_login = Some(last_login);
        user.password_changed = user.password_changed.map(|t| t.min(last_login));
        user.last_updated = user.last_updated.max(locked);
    } else {
        user.last_login = Some(clock.ago(rng, Duration::minutes(20), Duration::hours(20)));
    }
    let activated = user.activated.unwrap_or(created);
    user.roles = p
        .roles
        .iter()
        .map(|&t| {
            let granted = match p.local {
                personas::NEW_ADMIN => clock.anchor,
                _ => between(rng, activated, clock.anchor - Duration::days(30)),
            };
            role(rng, t, granted)
        })
        .collect();
    user.factors = person_factors(rng, &user, p.factors, clock, false);
    user
}

fn random_person(rng: &mut impl Rng, reg: &mut Registry) -> SimUser {
    let c = catalog();
    let (first, last) = (pick(rng, &c.first_names), pick(rng, &c.last_names));
    let login = reg.unique_login(first, last);
    let dept: &Department = pick_weighted(rng, &c.departments, |d| d.weight);
    let title = &pick_weighted(rng, &dept.titles, |t| t.1).0;
    let office = pick_weighted(rng, &c.offices, |o| o.weight);
    let user_type = if rng.gen_bool(0.08) { "Contractor" } else { "Employee" };
    let status = pick_weighted(rng, STATUSES, |s| s.1).0;
    let clock = reg.clock;
    let created = match status {
        "STAGED" => clock.ago(rng, Duration::hours(2), Duration::days(60)),
        "PROVISIONED" => clock.ago(rng, Duration::hours(6), Duration::days(30)),
        _ => between(rng, clock.founded + Duration::days(1), clock.anchor - Duration::days(2)),
    };
    let employee_number = reg.employee_number(rng, user_type);
    let draft = Draft {
        first,
        last,
        login,
        department: &dept.name,
        title,
        office,
        user_type,
        status,
        employee_number,
        created,
    };
    let has_mobile = rng.gen_bool(0.85);
    let mut user = build(rng, &draft, clock, has_mobile);
    if status == "ACTIVE" {
        user.roles = random_roles(rng, &dept.name, user.activated.unwrap_or(created), clock);
    }
    if !matches!(status, "STAGED" | "PROVISIONED" | "DEPROVISIONED") {
        let kinds = random_kinds(rng, !user.roles.is_empty());
        user.factors = person_factors(rng, &user, &kinds, clock, true);
    }
    user
}

/// Makes one or two IT admins Super Administrators (besides the persona).
fn promote_super_admins(rng: &mut impl Rng, users: &mut [SimUser]) {
    let candidates: Vec<usize> =
        (0..users.len()).filter(|&i| users[i].profile.department == "IT" && !users[i].roles.is_empty()).collect();
    let count = rng.gen_range(1..=2);
    let chosen: Vec<usize> = candidates.choose_multiple(rng, count).copied().collect();
    for i in chosen {
        let granted = users[i].roles[0].created;
        users[i].roles = vec![role(rng, "SUPER_ADMIN", granted)];
    }
}

fn build(rng: &mut impl Rng, d: &Draft, clock: Clock, has_mobile: bool) -> SimUser {
    let (mobile, _) = phone_numbers(rng, &d.office.phone_prefix);
    let t = timeline(rng, d.status, d.created, clock);
    let touched = [Some(d.created), t.activated, t.status_changed, t.password_changed].into_iter().flatten().max();
    let last_updated = match touched {
        Some(t) if rng.gen_bool(0.3) => between(rng, t, clock.anchor),
        Some(t) => t,
        None => d.created,
    };
    let agent = pick_weighted(rng, &catalog().agents, |a| a.weight);
    SimUser {
        id: okta_id(rng, "00u"),
        status: d.status.to_string(),
        created: d.created,
        activated: t.activated,
        status_changed: t.status_changed,
        last_login: t.last_login,
        last_updated,
        password_changed: t.password_changed,
        profile: UserProfile {
            login: d.login.clone(),
            email: d.login.clone(),
            first_name: d.first.to_string(),
            last_name: d.last.to_string(),
            display_name: format!("{} {}", d.first, d.last),
            department: d.department.to_string(),
            title: d.title.to_string(),
            city: d.office.city.clone(),
            state: d.office.profile_state.clone(),
            country_code: d.office.country_code.clone(),
            mobile_phone: has_mobile.then_some(mobile),
            employee_number: d.employee_number.clone(),
            user_type: d.user_type.to_string(),
        },
        factors: Vec::new(),
        roles: Vec::new(),
        home: home(rng, d.office),
        user_agent: UserAgent { raw: agent.raw.clone(), os: agent.os.clone(), browser: agent.browser.clone() },
    }
}

fn person_factors(
    rng: &mut impl Rng,
    user: &SimUser,
    kinds: &[Kind],
    clock: Clock,
    stragglers: bool,
) -> Vec<SimFactor> {
    let phone = match &user.profile.mobile_phone {
        Some(m) => e164(m),
        None => phone_numbers(rng, "+1 415").1,
    };
    let device = random_device(rng);
    let owner = Owner { login: &user.profile.login, phone: &phone, device: &device };
    let from = user.activated.unwrap_or(user.created);
    let until = user.status_changed.filter(|_| user.status != "ACTIVE").unwrap_or(clock.anchor).max(from);
    enroll_all(rng, kinds, &owner, from, until, stragglers)
}

/// Okta's lifecycle timestamps, consistent with the status.
struct Timeline {
    activated: Option<DateTime<Utc>>,
    status_changed: Option<DateTime<Utc>>,
    last_login: Option<DateTime<Utc>>,
    password_changed: Option<DateTime<Utc>>,
}

fn timeline(rng: &mut impl Rng, status: &str, created: DateTime<Utc>, clock: Clock) -> Timeline {
    let (hours, days) = (Duration::hours, Duration::days);
    let anchor = clock.anchor;
    match status {
        "STAGED" => Timeline { activated: None, status_changed: None, last_login: None, password_changed: None },
        "PROVISIONED" => Timeline {
            activated: None,
            status_changed: Some(between(rng, created, (created + hours(4)).min(anchor))),
            last_login: None,
            password_changed: None,
        },
        _ => {
            let activated = between(rng, created + Duration::minutes(1), (created + days(3)).min(anchor));
            let changed = match status {
                "ACTIVE" => activated,
                "SUSPENDED" => between(rng, activated.max(anchor - days(90)), anchor - hours(1)),
                "LOCKED_OUT" => clock.ago(rng, Duration::minutes(10), days(3)).max(activated),
                "PASSWORD_EXPIRED" => clock.ago(rng, hours(1), days(20)).max(activated),
                _ => between(rng, activated.max(anchor - days(365)), anchor - hours(1)),
            };
            let (last_login, password_changed) = if status == "ACTIVE" {
                let login = recent_login(rng, clock).max(activated);
                (login, between(rng, activated.max(anchor - days(240)), anchor - hours(1)))
            } else {
                let login = between(rng, activated, changed);
                (login, between(rng, activated, login.min(changed - days(90))))
            };
            Timeline {
                activated: Some(activated),
                status_changed: Some(changed),
                last_login: Some(last_login),
                password_changed: Some(password_changed),
            }
        }
    }
}

/// Most people signed in within days; a few have gone quiet.
fn recent_login(rng: &mut impl Rng, clock: Clock) -> DateTime<Utc> {
    let max_days = match rng.gen_range(0..100) {
        0..=84 => 3,
        85..=94 => 30,
        _ => 120,
    };
    clock.ago(rng, Duration::minutes(5), Duration::days(max_days))
}

fn random_roles(rng: &mut impl Rng, department: &str, since: DateTime<Utc>, clock: Clock) -> Vec<SimRole> {
    let chance = match department {
        "IT" => 0.35,
        "Security" => 0.2,
        _ => 0.012,
    };
    if !rng.gen_bool(chance) {
        return Vec::new();
    }
    let first = pick_weighted(rng, ADMIN_ROLES, |r| r.1).0;
    let second = pick_weighted(rng, ADMIN_ROLES, |r| r.1).0;
    let mut types = vec![first];
    if second != first && rng.gen_bool(0.25) {
        types.push(second);
    }
    types
        .into_iter()
        .map(|t| {
            let granted = between(rng, since, clock.anchor - Duration::days(1));
            role(rng, t, granted)
        })
        .collect()
}

/// A standard admin role assigned to a user.
pub(crate) fn role(rng: &mut impl Rng, role_type: &str, created: DateTime<Utc>) -> SimRole {
    SimRole {
        id: okta_id(rng, "ra1"),
        role_type: role_type.to_string(),
        label: role_label(role_type).to_string(),
        assignment_type: "USER".to_string(),
        created,
    }
}

/// Okta's label for a standard role type.
pub(crate) fn role_label(role_type: &str) -> &'static str {
    match role_type {
        "SUPER_ADMIN" => "Super Administrator",
        "ORG_ADMIN" => "Organization Administrator",
        "APP_ADMIN" => "Application Administrator",
        "USER_ADMIN" => "Group Administrator",
        "HELP_DESK_ADMIN" => "Help Desk Administrator",
        "READ_ONLY_ADMIN" => "Read Only Administrator",
        "REPORT_ADMIN" => "Report Administrator",
        "GROUP_MEMBERSHIP_ADMIN" => "Group Membership Administrator",
        "API_ACCESS_MANAGEMENT_ADMIN" => "API Access Management Administrator",
        "MOBILE_ADMIN" => "Mobile Administrator",
        _ => "Administrator",
    }
}

fn home(rng: &mut impl Rng, o: &Office) -> Location {
    Location {
        city: o.city.clone(),
        state: o.geo_state.clone(),
        country: o.country.clone(),
        postal_code: o.postal_code.clone(),
        lat: round4(o.lat + rng.gen_range(-0.02..0.02)),
        lon: round4(o.lon + rng.gen_range(-0.02..0.02)),
        ip: o.random_ip(rng),
        as_number: o.as_number,
        as_org: o.as_org.clone(),
        isp: o.isp.clone(),
        domain: o.domain.clone(),
        is_proxy: false,
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// A mobile number under `prefix` (fictional ranges where they exist), as written in a
/// profile and in E.164.
fn phone_numbers(rng: &mut impl Rng, prefix: &str) -> (String, String) {
    let rest = if prefix.starts_with("+1 ") {
        format!("555-01{:02}", rng.gen_range(0..100))
    } else if prefix.starts_with("+44 ") {
        format!("900{:03}", rng.gen_range(0..1000))
    } else {
        format!("{:03} {:04}", rng.gen_range(0..1000), rng.gen_range(0..10_000))
    };
    let display = format!("{prefix} {rest}");
    let e164 = e164(&display);
    (display, e164)
}

fn e164(phone: &str) -> String {
    format!("+{}", phone.chars().filter(char::is_ascii_digit).collect::<String>())
}

impl Registry {
    /// `first.last@domain`, with a number appended when that login is taken.
    fn unique_login(&mut self, first: &str, last: &str) -> String {
        let base = format!("{}.{}", login_part(first), login_part(last));
        let mut local = base.clone();
        let mut n = 2;
        while !self.taken.insert(local.clone()) {
            local = format!("{base}{n}");
            n += 1;
        }
        format!("{local}@{}", self.domain)
    }

    fn employee_number(&mut self, rng: &mut impl Rng, user_type: &str) -> String {
        self.next_employee += rng.gen_range(1..4);
        match user_type {
            "Contractor" => format!("C{}", self.next_employee),
            _ => self.next_employee.to_string(),
        }
    }
}

fn login_part(name: &str) -> String {
    name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').map(|c| c.to_ascii_lowercase()).collect()
}
