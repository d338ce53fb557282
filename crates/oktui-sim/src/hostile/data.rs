//! Hostile directory and System Log: the org's free text (names, titles, labels,
//! descriptions, device names, cities, user agents, messages) replaced by the catalogue's
//! strings. Ids, statuses, types, times, addresses and every field's JSON type stay as
//! Okta sends them: only string contents turn hostile.

use serde_json::Value;

use super::text::{long, nth, LOGINS};
use crate::org::{personas, Org, SimUser};

/// Every `LONG_EVERY`th object gets a 10 KB name.
const LONG_EVERY: usize = 7;

/// The `n`th hostile text of an object, every [`LONG_EVERY`]th a 10 KB one.
fn text(n: usize) -> String {
    if n % LONG_EVERY == LONG_EVERY - 1 {
        long()
    } else {
        nth(n).to_string()
    }
}

/// Makes the directory hostile: every user's names, title, department, city, device names
/// and user agent; some active non-persona users' logins; group names and descriptions (the
/// built-in `Everyone` kept); app labels; policy and rule names and descriptions; admin
/// role labels.
pub fn directory(org: &mut Org) {
    let domain = org.domain.clone();
    let mut renamed_logins = 0;
    for (i, user) in org.users.iter_mut().enumerate() {
        user_text(user, i * 5);
        let persona = personas::ALL.iter().any(|p| user.profile.login == format!("{p}@{domain}"));
        if !persona && user.status == "ACTIVE" && i % 3 == 2 && renamed_logins < LOGINS.len() {
            let login = LOGINS[renamed_logins].replace("{domain}", &domain);
            user.profile.login = login.clone();
            user.profile.email = login;
            if renamed_logins == 0 {
                // One user has it all: a formula for a login and a 10 KB name.
                user.profile.first_name = long();
                user.profile.display_name = format!("{} {}", user.profile.first_name, user.profile.last_name);
            }
            renamed_logins += 1;
        }
    }
    for (i, g) in org.groups.iter_mut().enumerate().filter(|(_, g)| g.group_type != "BUILT_IN") {
        g.name = format!("{} {i}", text(i * 2));
        g.description = text(i * 2 + 1);
    }
    for (i, a) in org.apps.iter_mut().enumerate() {
        a.label = text(i + 3);
    }
    for (i, p) in org.policies.iter_mut().enumerate() {
        p.name = format!("{} {i}", text(i + 5));
        p.description = text(i + 6);
        for (j, r) in p.rules.iter_mut().enumerate() {
            r.name = format!("{} {j}", text(i + j + 7));
        }
    }
    for (i, r) in org.service_app_roles.iter_mut().enumerate() {
        r.label = text(i + 11);
    }
}

/// One user's free text, from the `n`th hostile string on.
fn user_text(user: &mut SimUser, n: usize) {
    let p = &mut user.profile;
    p.first_name = text(n);
    p.last_name = text(n + 1);
    p.display_name = format!("{} {}", p.first_name, p.last_name);
    p.title = text(n + 2);
    p.department = text(n + 3);
    p.city = text(n + 4);
    user.home.city = text(n + 4);
    user.home.isp = text(n + 2);
    user.home.as_org = text(n + 3);
    user.user_agent.raw = text(n + 1);
    for (j, f) in user.factors.iter_mut().enumerate() {
        replace_strings(&mut f.profile, &["name", "authenticatorName", "questionText", "deviceType"], n + j);
    }
    for (j, r) in user.roles.iter_mut().enumerate() {
        r.label = text(n + j);
    }
}

/// The string values of `keys` in `object`, where present, replaced by hostile text.
fn replace_strings(object: &mut Value, keys: &[&str], n: usize) {
    for (j, key) in keys.iter().enumerate() {
        if let Some(v @ Value::String(_)) = object.get_mut(*key) {
            *v = Value::String(text(n + j));
        }
    }
}

/// The string fields of an event made hostile (where the event has them).
const EVENT_TEXT: &[&str] = &[
    "/displayMessage",
    "/outcome/reason",
    "/client/userAgent/rawUserAgent",
    "/client/userAgent/browser",
    "/client/geographicalContext/city",
    "/client/geographicalContext/state",
    "/securityContext/isp",
    "/securityContext/domain",
    "/target/0/displayName",
    "/debugContext/debugData/url",
];

/// Makes every other event hostile: its messages, reasons, user agent, city, ISP and first
/// target's name. `first` numbers the first event, so a history and its live bursts go on
/// round the catalogue.
pub fn events(events: &mut [Value], first: usize) {
    for (k, event) in events.iter_mut().enumerate().filter(|(k, _)| (first + k).is_multiple_of(2)) {
        for (j, pointer) in EVENT_TEXT.iter().enumerate() {
            if let Some(v @ Value::String(_)) = event.pointer_mut(pointer) {
                *v = Value::String(text(first + k + j));
            }
        }
    }
}
