//! Groups and app integrations, with members and assignees consistent with people's profiles.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use rand::Rng;

use super::catalog::catalog;
use super::clock::{between, Clock};
use crate::ids::okta_id;
use crate::org::{SimApp, SimGroup, SimUser};

/// Who belongs to a group.
enum Rule {
    Everyone,
    Admins,
    Contractors,
    Vpn,
    OnCall,
    Department(&'static str),
    Managers,
    NewHires,
    Region(&'static str),
    FinanceApprovers,
    Executives,
}

struct Spec {
    name: String,
    description: String,
    group_type: &'static str,
    rule: Rule,
}

const MANAGER_WORDS: &[&str] =
    &["Manager", "Director", "VP ", "Head of", "Chief", "Lead", "Controller", "General Counsel"];
const EXECUTIVE_WORDS: &[&str] = &["VP ", "Chief", "Head of", "General Counsel"];
const REGIONS: &[&str] = &["Americas", "EMEA", "APAC"];

fn specs() -> Vec<Spec> {
    let spec = |name: &str, description: &str, group_type, rule| Spec {
        name: name.to_string(),
        description: description.to_string(),
        group_type,
        rule,
    };
    let mut specs = vec![
        spec("Everyone", "All users in your organization", "BUILT_IN", Rule::Everyone),
        spec("Admins", "Okta administrators", "OKTA_GROUP", Rule::Admins),
        spec("Contractors", "External contractors (userType Contractor)", "OKTA_GROUP", Rule::Contractors),
        spec("VPN Users", "People allowed on the corporate VPN", "OKTA_GROUP", Rule::Vpn),
        spec("Engineering On-Call", "On-call rotation with production access", "OKTA_GROUP", Rule::OnCall),
    ];
    for d in &catalog().departments {
        let description = format!("Everyone in the {} department", d.name);
        specs.push(spec(&d.name, &description, "OKTA_GROUP", Rule::Department(&d.name)));
    }
    specs.push(spec("Managers", "People managers", "OKTA_GROUP", Rule::Managers));
    specs.push(spec("New Hires", "Joined in the last 90 days", "OKTA_GROUP", Rule::NewHires));
    for region in REGIONS {
        let (name, description) = (format!("{region} Staff"), format!("Everyone based in {region}"));
        specs.push(spec(&name, &description, "OKTA_GROUP", Rule::Region(region)));
    }
    specs.push(spec("Finance Approvers", "Approve spend and vendor payments", "APP_GROUP", Rule::FinanceApprovers));
    specs.push(spec("Executives", "Executive leadership team", "APP_GROUP", Rule::Executives));
    specs
}

/// The org's groups, `Everyone` first, with members drawn from `users`.
pub(crate) fn groups(rng: &mut impl Rng, users: &[SimUser], clock: Clock) -> Vec<SimGroup> {
    let specs = specs();
    let mut members: Vec<Vec<String>> = vec![Vec::new(); specs.len()];
    let mut latest: Vec<DateTime<Utc>> = vec![clock.founded; specs.len()];
    for u in users {
        let region = region_of(&u.profile.country_code);
        for (i, s) in specs.iter().enumerate() {
            if belongs(rng, &s.rule, u, region, clock) {
                members[i].push(u.id.clone());
                let joined = match s.rule {
                    Rule::Admins => u.roles.iter().map(|r| r.created).max().unwrap_or(u.created),
                    _ => u.created,
                };
                latest[i] = latest[i].max(joined);
            }
        }
    }
    specs
        .into_iter()
        .zip(members)
        .zip(latest)
        .map(|((s, member_ids), last_member)| {
            let created = match s.rule {
                Rule::Everyone => clock.founded,
                _ => between(rng, clock.founded + Duration::days(1), clock.founded + Duration::days(400)),
            };
            let last_updated = between(rng, created, clock.anchor - Duration::days(1));
            SimGroup {
                id: okta_id(rng, "00g"),
                name: s.name,
                description: s.description,
                group_type: s.group_type.to_string(),
                created,
                last_updated,
                last_membership_updated: last_member.max(created),
                member_ids,
            }
        })
        .collect()
}

fn belongs(rng: &mut impl Rng, rule: &Rule, u: &SimUser, region: &str, clock: Clock) -> bool {
    let p = &u.profile;
    match rule {
        Rule::Everyone => true,
        Rule::Admins => !u.roles.is_empty(),
        Rule::Contractors => p.user_type == "Contractor",
        Rule::Vpn => match p.department.as_str() {
            "IT" | "Security" | "Engineering" => rng.gen_bool(0.6),
            _ => rng.gen_bool(0.25),
        },
        Rule::OnCall => p.department == "Engineering" && (p.title.contains("Site Reliability") || rng.gen_bool(0.2)),
        Rule::Department(d) => p.department == *d,
        Rule::Managers => has_any(&p.title, MANAGER_WORDS),
        Rule::NewHires => u.created >= clock.anchor - Duration::days(90),
        Rule::Region(r) => region == *r,
        Rule::FinanceApprovers => {
            (p.department == "Finance" && has_any(&p.title, &["Manager", "Controller", "Chief"]))
                || has_any(&p.title, EXECUTIVE_WORDS)
        }
        Rule::Executives => has_any(&p.title, EXECUTIVE_WORDS),
    }
}

fn has_any(title: &str, words: &[&str]) -> bool {
    let padded = format!("{title} ");
    words.iter().any(|w| padded.contains(w))
}

fn region_of(country_code: &str) -> &'static str {
    catalog().offices.iter().find(|o| o.country_code == country_code).map(|o| o.region.as_str()).unwrap_or("Americas")
}

/// The org's app integrations, assigned to the groups the catalog names plus a few people
/// directly.
pub(crate) fn apps(rng: &mut impl Rng, users: &[SimUser], groups: &[SimGroup], clock: Clock) -> Vec<SimApp> {
    let eligible: Vec<&SimUser> =
        users.iter().filter(|u| !matches!(u.status.as_str(), "STAGED" | "PROVISIONED" | "DEPROVISIONED")).collect();
    catalog()
        .apps
        .iter()
        .map(|c| {
            let created = between(rng, clock.founded + Duration::days(30), clock.anchor - Duration::days(60));
            let group_ids = c
                .groups
                .iter()
                .filter_map(|name| groups.iter().find(|g| &g.name == name).map(|g| g.id.clone()))
                .collect();
            let wanted = match c.direct_per_mille {
                0 => 0,
                n => (users.len() * n as usize / 1000).max(1),
            };
            SimApp {
                id: okta_id(rng, "0oa"),
                name: c.name.clone(),
                label: c.label.clone(),
                status: c.status.clone(),
                sign_on_mode: c.sign_on_mode.clone(),
                created,
                last_updated: between(rng, created, clock.anchor - Duration::days(1)),
                user_ids: sample_ids(rng, &eligible, wanted),
                group_ids,
            }
        })
        .collect()
}

/// Up to `count` distinct ids drawn from `users`, in draw order.
fn sample_ids(rng: &mut impl Rng, users: &[&SimUser], count: usize) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut ids = Vec::new();
    for _ in 0..count.saturating_mul(4) {
        if ids.len() >= count || users.is_empty() {
            break;
        }
        let i = rng.gen_range(0..users.len());
        if seen.insert(i) {
            ids.push(users[i].id.clone());
        }
    }
    ids
}
