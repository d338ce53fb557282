//! The sim's hostile catalogue is hostile to this client: every sample and every string the
//! hostile directory and System Log put in free text holds a character the sanitiser
//! ([`oktui::sanitize::is_plain`]) does not keep, or is a spreadsheet formula. These tests
//! lived in the simulator when it was part of this crate; the simulator knows nothing of the
//! client, so the check of one against the other lives here.

use chrono::Utc;
use oktui::sanitize::is_plain;
use oktui::sim::hostile::data::{directory, events};
use oktui::sim::hostile::text::{long, nth, samples, FORMULAS, HIDDEN, LONG_BYTES, TERMINAL};
use oktui::sim::logs::generator::LogGenerator;
use oktui::sim::org::generate::generate;
use oktui::sim::org::{personas, render};
use serde_json::Value;

fn hostile(text: &str) -> bool {
    text.chars().any(|c| !is_plain(c))
}

#[test]
fn every_sample_is_hostile_and_the_long_one_is_long() {
    for s in samples() {
        assert!(s.chars().any(|c| !is_plain(c)) || FORMULAS.contains(&s), "{s:?}");
    }
    assert!(long().len() >= LONG_BYTES);
    assert_eq!(nth(0), TERMINAL[0]);
    assert_eq!(nth(TERMINAL.len() + HIDDEN.len() + FORMULAS.len()), TERMINAL[0]);
}

#[test]
fn the_directory_turns_hostile_in_its_text_only() {
    let mut org = generate(1, 30, Utc::now());
    let before: Vec<Value> = org.users.iter().map(|u| render::user(u, "http://h")).collect();
    directory(&mut org);
    let after: Vec<Value> = org.users.iter().map(|u| render::user(u, "http://h")).collect();
    for (b, a) in before.iter().zip(&after) {
        assert_eq!((&b["id"], &b["status"], &b["created"]), (&a["id"], &a["status"], &a["created"]));
    }
    assert!(org.users.iter().filter(|u| hostile(&u.profile.first_name)).count() > 10);
    assert!(org.users.iter().any(|u| u.profile.first_name.len() >= LONG_BYTES));
    assert!(org.users.iter().any(|u| u.profile.login.starts_with('=')));
    assert!(org.users.iter().any(|u| u.profile.login == format!("{}@acme.example", personas::TRAVELLER)));
    assert!(org.groups.iter().any(|g| g.name == "Everyone"));
    assert!(org.apps.iter().all(|a| !a.label.is_empty()));
}

#[test]
fn every_other_event_turns_hostile() {
    let org = generate(1, 30, Utc::now());
    let now = Utc::now();
    let mut log = LogGenerator::new(1).backfill(&org, now - chrono::Duration::hours(1), now, 1200.0);
    let kinds: Vec<Value> = log.iter().map(|e| e["eventType"].clone()).collect();
    events(&mut log, 0);
    assert!(hostile(log[0]["displayMessage"].as_str().unwrap()));
    assert!(!hostile(log[1]["displayMessage"].as_str().unwrap()));
    assert_eq!(kinds, log.iter().map(|e| e["eventType"].clone()).collect::<Vec<_>>());
}
