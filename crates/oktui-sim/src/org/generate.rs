//! Builds the simulated org deterministically from a seed: people (the personas among
//! randomly drawn employees), their factors and admin roles, groups, apps and policies.
//!
//! Names, offices, departments, browsers and apps come from `assets/demo-org/`.

mod catalog;
mod clock;
mod directory;
mod factors;
mod people;
mod policies;

use chrono::{DateTime, Duration, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;

use self::clock::{between, Clock};
use super::{Org, SimRole};
use crate::ids::okta_id;

/// Mixed into the seed so the directory's random stream differs from other users of the seed.
const SEED_SALT: u64 = 0x6f72_675f_6469_7265;

/// The email and login domain of the org's people.
pub const DOMAIN: &str = "acme.example";

/// Builds the org for `seed` with `users` people (at least the personas; the API token's
/// owner is the first and counts), every timestamp at or before `anchor`.
pub fn generate(seed: u64, users: usize, anchor: DateTime<Utc>) -> Org {
    let mut rng = ChaCha20Rng::seed_from_u64(seed ^ SEED_SALT);
    let founded = anchor - Duration::days(6 * 365 + rng.gen_range(0..200));
    let clock = Clock { anchor, founded };
    let people = people::people(&mut rng, users, clock, DOMAIN);
    let groups = directory::groups(&mut rng, &people, clock);
    let apps = directory::apps(&mut rng, &people, &groups, clock);
    let policies = policies::policies(&mut rng, &groups, clock);
    let service_app_roles = service_app_roles(&mut rng, clock);
    Org {
        domain: DOMAIN.to_string(),
        api_token_owner_id: people[0].id.clone(),
        users: people,
        groups,
        apps,
        policies,
        service_app_roles,
    }
}

/// Replaces the SSWS token owner's (`owner`) and the service app's (`app`) admin roles with
/// standard roles of the given types; `None` keeps what was generated.
pub fn override_roles(org: &mut Org, seed: u64, owner: Option<&[String]>, app: Option<&[String]>) {
    let mut rng = ChaCha20Rng::seed_from_u64(seed ^ SEED_SALT ^ 0x726f_6c65);
    let granted = org.users.first().map_or_else(Utc::now, |u| u.created);
    if let Some(types) = owner {
        let roles: Vec<SimRole> = types.iter().map(|t| people::role(&mut rng, t, granted)).collect();
        let id = org.api_token_owner_id.clone();
        if let Some(user) = org.find_user_mut(&id) {
            user.roles = roles;
        }
    }
    if let Some(types) = app {
        org.service_app_roles = types
            .iter()
            .map(|t| SimRole { assignment_type: "CLIENT".to_string(), ..people::role(&mut rng, t, granted) })
            .collect();
    }
}

/// The URL of the app labelled `label` in the catalog (`{base}` standing for the org URL).
pub(super) fn app_url(label: &str) -> Option<&'static str> {
    catalog::catalog().apps.iter().find(|a| a.label == label).map(|a| a.url.as_str())
}

/// The OAuth service app's roles: READ_ONLY_ADMIN and USER_ADMIN, assigned to the client.
fn service_app_roles(rng: &mut impl Rng, clock: Clock) -> Vec<SimRole> {
    let granted = between(rng, clock.anchor - Duration::days(200), clock.anchor - Duration::days(20));
    ["READ_ONLY_ADMIN", "USER_ADMIN"]
        .into_iter()
        .map(|t| SimRole {
            id: okta_id(rng, "ra1"),
            role_type: t.to_string(),
            label: people::role_label(t).to_string(),
            assignment_type: "CLIENT".to_string(),
            created: granted,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::time::Instant;

    use chrono::TimeZone;

    use super::*;
    use crate::org::{personas, render, SimPolicy, SimUser};

    const BASE: &str = "http://127.0.0.1:5000";

    fn anchor() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 14, 0, 0, 0).unwrap()
    }

    /// Everything the org renders to, as one string.
    fn rendered(org: &Org) -> String {
        let mut out = vec![serde_json::json!(org.api_token_owner_id)];
        for u in &org.users {
            out.push(render::user(u, BASE));
            out.extend(u.factors.iter().map(|f| render::factor(f, &u.id, BASE)));
            out.extend(u.roles.iter().map(|r| render::role(r, &u.id, BASE)));
        }
        out.extend(org.groups.iter().map(|g| render::group(g, BASE, true)));
        for a in &org.apps {
            out.push(render::app(a, BASE));
            out.push(serde_json::json!([a.user_ids, a.group_ids]));
        }
        for p in &org.policies {
            out.push(render::policy(p, BASE));
            out.extend(p.rules.iter().map(|r| render::policy_rule(p, r, BASE)));
        }
        out.extend(org.service_app_roles.iter().map(|r| render::role(r, "0oaservice", BASE)));
        serde_json::to_string(&out).unwrap()
    }

    fn persona<'a>(org: &'a Org, local: &str) -> &'a SimUser {
        org.find_user(&format!("{local}@{DOMAIN}")).unwrap_or_else(|| panic!("persona {local} missing"))
    }

    /// Factor types enrolled (ACTIVE), sorted.
    fn enrolled(u: &SimUser) -> Vec<&str> {
        let mut types: Vec<&str> =
            u.factors.iter().filter(|f| f.status == "ACTIVE").map(|f| f.factor_type.as_str()).collect();
        types.sort_unstable();
        types
    }

    fn role_types(u: &SimUser) -> Vec<&str> {
        let mut types: Vec<&str> = u.roles.iter().map(|r| r.role_type.as_str()).collect();
        types.sort_unstable();
        types
    }

    fn share(count: usize, total: usize) -> f64 {
        count as f64 / total as f64
    }

    #[test]
    fn same_seed_gives_the_same_org() {
        assert_eq!(rendered(&generate(42, 600, anchor())), rendered(&generate(42, 600, anchor())));
    }

    #[test]
    fn different_seeds_give_different_orgs() {
        assert_ne!(rendered(&generate(1, 200, anchor())), rendered(&generate(2, 200, anchor())));
    }

    #[test]
    fn personas_are_present_as_described() {
        for users in [10, 2_000] {
            let org = generate(7, users, anchor());
            let owner = &org.users[0];
            assert_eq!(owner.profile.login, format!("{}@{DOMAIN}", personas::API_TOKEN_OWNER));
            assert_eq!(org.api_token_owner_id, owner.id);
            assert_eq!((owner.profile.first_name.as_str(), owner.profile.last_name.as_str()), ("oktui", "Service"));
            assert_eq!(owner.profile.department, "IT");
            assert_eq!(role_types(owner), ["READ_ONLY_ADMIN", "USER_ADMIN"]);
            assert!(enrolled(owner).contains(&"webauthn"));

            let dana = persona(&org, personas::SUPER_ADMIN);
            assert_eq!(
                (dana.profile.display_name.as_str(), dana.profile.department.as_str()),
                ("Dana Whitfield", "IT")
            );
            assert_eq!(role_types(dana), ["SUPER_ADMIN"]);
            assert_eq!(enrolled(dana), ["push", "webauthn"]);

            let marcus = persona(&org, personas::PUSH_BOMBED);
            assert_eq!((marcus.status.as_str(), enrolled(marcus)), ("ACTIVE", vec!["push"]));

            let priya = persona(&org, personas::BRUTE_FORCED);
            assert_eq!((priya.status.as_str(), enrolled(priya)), ("LOCKED_OUT", vec!["push", "sms"]));

            let alex = persona(&org, personas::FLAGGED_COUNTRY);
            assert_eq!((alex.profile.department.as_str(), enrolled(alex)), ("Finance", vec!["token:software:totp"]));

            let elena = persona(&org, personas::TRAVELLER);
            assert_eq!((elena.profile.department.as_str(), elena.home.city.as_str()), ("Sales", "New York"));
            assert_eq!(enrolled(elena), ["push"]);

            let jordan = persona(&org, personas::NEW_ADMIN);
            assert_eq!(jordan.profile.department, "Engineering");
            assert_eq!(role_types(jordan), ["ORG_ADMIN"]);
            assert_eq!(jordan.roles[0].created, anchor());
            assert_eq!(enrolled(jordan), ["push"]);

            let sam = persona(&org, personas::SESSION_HIJACKED);
            assert_eq!((sam.profile.department.as_str(), enrolled(sam)), ("Marketing", vec!["push"]));

            let chris = persona(&org, personas::ADMIN_NO_MFA);
            assert_eq!((chris.profile.department.as_str(), role_types(chris)), ("IT", vec!["HELP_DESK_ADMIN"]));
            assert!(chris.factors.is_empty());
        }
    }

    #[test]
    fn persona_names_do_not_depend_on_the_seed_but_ids_do() {
        let (a, b) = (generate(1, 50, anchor()), generate(2, 50, anchor()));
        let (da, db) = (persona(&a, personas::SUPER_ADMIN), persona(&b, personas::SUPER_ADMIN));
        assert_eq!(da.profile.display_name, db.profile.display_name);
        assert_ne!(da.id, db.id);
    }

    #[test]
    fn a_tiny_org_still_holds_every_persona() {
        assert_eq!(generate(1, 10, anchor()).users.len(), 10);
        let org = generate(1, 3, anchor());
        assert_eq!(org.users.len(), people::PERSONA_COUNT);
        assert_eq!(org.groups[0].member_ids.len(), org.users.len());
    }

    #[test]
    fn statuses_factors_and_roles_follow_the_distribution() {
        let org = generate(11, 2_000, anchor());
        let n = org.users.len();
        assert_eq!(n, 2_000);
        let count = |status: &str| org.users.iter().filter(|u| u.status == status).count();
        for (status, lo, hi) in [
            ("ACTIVE", 0.84, 0.92),
            ("SUSPENDED", 0.015, 0.05),
            ("LOCKED_OUT", 0.008, 0.035),
            ("STAGED", 0.015, 0.05),
            ("DEPROVISIONED", 0.008, 0.035),
            ("PASSWORD_EXPIRED", 0.002, 0.025),
            ("PROVISIONED", 0.002, 0.025),
        ] {
            let s = share(count(status), n);
            assert!((lo..=hi).contains(&s), "{status}: {s}");
        }
        let active: Vec<&SimUser> = org.users.iter().filter(|u| u.status == "ACTIVE").collect();
        let weak = ["sms", "call", "email", "question"];
        let none = active.iter().filter(|u| enrolled(u).is_empty()).count();
        let weak_only =
            active.iter().filter(|u| !enrolled(u).is_empty() && enrolled(u).iter().all(|t| weak.contains(t)));
        assert!((0.10..=0.20).contains(&share(none, active.len())), "no factor: {none}");
        assert!((0.10..=0.20).contains(&share(weak_only.count(), active.len())));
        let stragglers = org.users.iter().flat_map(|u| &u.factors).filter(|f| f.status != "ACTIVE").count();
        assert!(stragglers > 10, "{stragglers} half-enrolled factors");
        let admins = org.users.iter().filter(|u| !u.roles.is_empty()).count();
        assert!((0.015..=0.05).contains(&share(admins, n)), "{admins} admins");
        let supers = org.users.iter().filter(|u| u.roles.iter().any(|r| r.role_type == "SUPER_ADMIN")).count();
        assert!((2..=3).contains(&supers), "{supers} super admins");
        let mobiles = org.users.iter().filter(|u| u.profile.mobile_phone.is_some()).count();
        assert!((0.78..=0.92).contains(&share(mobiles, n)));
        let contractors = org.users.iter().filter(|u| u.profile.user_type == "Contractor").count();
        assert!((0.04..=0.12).contains(&share(contractors, n)));
    }

    #[test]
    fn lifecycle_fields_match_the_status() {
        let org = generate(5, 2_000, anchor());
        for u in &org.users {
            let times = [Some(u.created), u.activated, u.status_changed, u.last_login, Some(u.last_updated)];
            assert!(times.iter().flatten().all(|t| *t <= anchor()), "{}", u.profile.login);
            assert!(u.factors.iter().all(|f| f.created <= f.last_updated && f.last_updated <= anchor()));
            assert!(u.roles.iter().all(|r| r.created <= anchor()));
            match u.status.as_str() {
                "STAGED" => {
                    assert!(u.activated.is_none() && u.last_login.is_none() && u.password_changed.is_none());
                    assert!(u.factors.is_empty());
                }
                "PROVISIONED" => assert!(u.activated.is_none() && u.last_login.is_none() && u.factors.is_empty()),
                _ => {
                    let activated = u.activated.unwrap();
                    assert!(u.created <= activated && activated <= u.last_login.unwrap());
                    assert!(u.status_changed.unwrap() >= activated && u.last_updated >= u.status_changed.unwrap());
                }
            }
            if !matches!(u.status.as_str(), "ACTIVE" | "STAGED" | "PROVISIONED") {
                assert!(u.last_login <= u.status_changed, "{}", u.profile.login);
            }
        }
    }

    #[test]
    fn logins_and_employee_numbers_are_unique() {
        let org = generate(9, 3_000, anchor());
        let logins: HashSet<String> = org.users.iter().map(|u| u.profile.login.to_lowercase()).collect();
        assert_eq!(logins.len(), org.users.len());
        let numbers: HashSet<&str> = org.users.iter().map(|u| u.profile.employee_number.as_str()).collect();
        assert_eq!(numbers.len(), org.users.len());
        let ids: HashSet<&str> = org.users.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(ids.len(), org.users.len());
        assert!(org
            .users
            .iter()
            .all(|u| u.profile.login.ends_with("@acme.example") && u.profile.email == u.profile.login));
    }

    #[test]
    fn members_and_assignees_exist_and_match_profiles() {
        let org = generate(13, 1_500, anchor());
        let users: HashSet<&str> = org.users.iter().map(|u| u.id.as_str()).collect();
        let groups: HashSet<&str> = org.groups.iter().map(|g| g.id.as_str()).collect();
        assert!((18..=25).contains(&org.groups.len()));
        assert_eq!((org.groups[0].name.as_str(), org.groups[0].group_type.as_str()), ("Everyone", "BUILT_IN"));
        assert_eq!(org.groups[0].member_ids.len(), org.users.len());
        for g in &org.groups {
            assert!(g.member_ids.iter().all(|m| users.contains(m.as_str())), "{}", g.name);
            assert!(g.created <= g.last_membership_updated && g.last_membership_updated <= anchor());
        }
        let engineering = org.groups.iter().find(|g| g.name == "Engineering").unwrap();
        assert!(engineering.member_ids.iter().all(|m| org.find_user(m).unwrap().profile.department == "Engineering"));
        let admins = org.groups.iter().find(|g| g.name == "Admins").unwrap();
        assert_eq!(admins.member_ids.len(), org.users.iter().filter(|u| !u.roles.is_empty()).count());
        assert!(org.groups.iter().filter(|g| g.group_type == "APP_GROUP").count() >= 2);
        assert!(org.apps.len() >= 30);
        for a in &org.apps {
            assert!(a.user_ids.iter().all(|u| users.contains(u.as_str())), "{}", a.label);
            assert!(a.group_ids.iter().all(|g| groups.contains(g.as_str())), "{}", a.label);
            assert!(!a.user_ids.is_empty() || !a.group_ids.is_empty(), "{} has no assignment", a.label);
        }
        assert!(org.apps.iter().filter(|a| a.status == "INACTIVE").count() >= 2);
        let modes: HashSet<&str> = org.apps.iter().map(|a| a.sign_on_mode.as_str()).collect();
        for mode in ["SAML_2_0", "OPENID_CONNECT", "BOOKMARK", "AUTO_LOGIN", "SECURE_PASSWORD_STORE", "WS_FEDERATION"] {
            assert!(modes.contains(mode), "{mode}");
        }
    }

    #[test]
    fn policies_have_consistent_priorities_and_rule_types() {
        let org = generate(3, 100, anchor());
        for policy_type in ["OKTA_SIGN_ON", "PASSWORD", "MFA_ENROLL", "ACCESS_POLICY", "PROFILE_ENROLLMENT"] {
            let of_type: Vec<&SimPolicy> = org.policies.iter().filter(|p| p.policy_type == policy_type).collect();
            let priorities: Vec<u32> = of_type.iter().map(|p| p.priority).collect();
            assert_eq!(priorities, (1..=of_type.len() as u32).collect::<Vec<_>>(), "{policy_type}");
            assert_eq!(of_type.iter().filter(|p| p.system && p.name == "Default Policy").count(), 1);
            let rule_type = if policy_type == "OKTA_SIGN_ON" { "SIGN_ON" } else { policy_type };
            assert!(of_type.iter().flat_map(|p| &p.rules).all(|r| r.rule_type == rule_type));
            assert!(of_type.iter().all(|p| !p.rules.is_empty()));
        }
        let discovery: Vec<&SimPolicy> = org.policies.iter().filter(|p| p.policy_type == "IDP_DISCOVERY").collect();
        assert_eq!(discovery.len(), 1, "Identity Engine orgs ship one IdP discovery policy");
        assert!(discovery[0].system && discovery[0].priority == 1 && discovery[0].conditions.is_null());
        assert!(discovery[0].rules.iter().all(|r| r.system && r.rule_type == "IDP_DISCOVERY"));
        let names: Vec<&str> = org.policies.iter().map(|p| p.name.as_str()).collect();
        assert!(names.contains(&"Contractors sign-on") && names.contains(&"Legacy — SMS allowed"));
        assert_eq!(org.service_app_roles.len(), 2);
        assert!(org.service_app_roles.iter().all(|r| r.assignment_type == "CLIENT"));
    }

    #[test]
    fn ten_thousand_users_generate_quickly() {
        let started = Instant::now();
        let org = generate(21, 10_000, anchor());
        assert_eq!(org.users.len(), 10_000);
        assert!(started.elapsed().as_secs() < 15, "took {:?}", started.elapsed());
    }
}
