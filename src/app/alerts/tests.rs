//! The live findings as the console takes them in: counted once per id at their latest
//! severity, the flash and the bell on a new high or critical one, the evidence marks.

use super::*;
use crate::investigate::suppress::SuppressRule;
use crate::investigate::{Finding, FindingKind, FindingSeverity};
use crate::okta::logs::compact::EventId;

const SPRAY_EVENT: &str = "0e5c0a4e-6d0b-11ef-8000-000000000001";
const PUSH_EVENT: &str = "0e5c0a4e-6d0b-11ef-8000-000000000002";

fn alert(id: &str, kind: FindingKind, severity: FindingSeverity, update: bool, evidence: &[&str]) -> Alert {
    Alert {
        id: id.into(),
        update,
        changed: update.then(|| "severity high → critical".to_string()),
        finding: Finding {
            severity,
            summary: format!("{} raised", kind.name()),
            evidence: evidence.iter().map(|e| e.to_string()).collect(),
            ..Finding::sample(kind, &["marcus.oyelaran@acme.example"], &["203.0.113.140"])
        },
    }
}

#[test]
fn a_new_finding_is_counted_and_an_update_is_recounted_not_duplicated() {
    let mut pane = AlertsPane::new(true);
    pane.absorb(vec![alert("a1", FindingKind::PasswordSpray, FindingSeverity::Medium, false, &[SPRAY_EVENT])], 1_000);
    assert_eq!(pane.counts(), [0, 0, 1, 0]);
    pane.absorb(vec![alert("b2", FindingKind::MfaFatigue, FindingSeverity::High, false, &[PUSH_EVENT])], 2_000);
    assert_eq!(pane.counts(), [0, 1, 1, 0]);
    assert_eq!(pane.rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["b2", "a1"], "newest first");
    pane.absorb(vec![alert("b2", FindingKind::MfaFatigue, FindingSeverity::Critical, true, &[PUSH_EVENT])], 3_000);
    assert_eq!(pane.counts(), [1, 0, 1, 0], "the update counts once, at its new severity");
    assert_eq!(pane.rows.len(), 2);
    let updated = &pane.rows[0];
    assert_eq!((updated.id.as_str(), updated.update), ("b2", true));
    assert_eq!(updated.changed.as_deref(), Some("severity high → critical"));
}

#[test]
fn a_new_high_finding_flashes_the_header_for_a_while_and_rings_once() {
    let mut pane = AlertsPane::new(true);
    pane.absorb(vec![alert("a1", FindingKind::NewDevice, FindingSeverity::Medium, false, &[])], 1_000);
    assert_eq!((pane.flashing(1_000), pane.take_bell()), (None, false), "medium: neither flash nor bell");
    pane.absorb(vec![alert("b2", FindingKind::MfaFatigue, FindingSeverity::High, false, &[])], 5_000);
    assert_eq!(pane.flashing(5_000), Some(FindingSeverity::High));
    assert_eq!(pane.flashing(5_000 + FLASH_MS - 1), Some(FindingSeverity::High));
    assert_eq!(pane.flashing(5_000 + FLASH_MS), None, "the flash expires");
    assert!(pane.take_bell(), "the bell rings");
    assert!(!pane.take_bell(), "once");
    // Known already at high: an update at the same severity neither flashes nor rings.
    let mut same = alert("b2", FindingKind::MfaFatigue, FindingSeverity::High, true, &[]);
    same.changed = Some("a success after the failures".into());
    pane.absorb(vec![same], 20_000);
    assert_eq!((pane.flashing(20_000), pane.take_bell()), (None, false));
    // Grown into critical: it does.
    pane.absorb(vec![alert("b2", FindingKind::MfaFatigue, FindingSeverity::Critical, true, &[])], 30_000);
    assert_eq!((pane.flashing(30_000), pane.take_bell()), (Some(FindingSeverity::Critical), true));
}

#[test]
fn with_the_bell_off_a_high_finding_flashes_but_does_not_ring() {
    let mut pane = AlertsPane::new(false);
    pane.absorb(vec![alert("c3", FindingKind::PasswordSpray, FindingSeverity::Critical, false, &[])], 1_000);
    assert_eq!(pane.flashing(1_000), Some(FindingSeverity::Critical));
    assert!(!pane.take_bell());
    pane.reset(7);
    assert!(!pane.bell && pane.rows.is_empty() && pane.generation == 7, "a new judge keeps the setting");
}

#[test]
fn the_evidence_of_the_findings_kept_is_marked_and_leaves_with_them() {
    let mut pane = AlertsPane::new(true);
    pane.absorb(vec![alert("a0", FindingKind::PasswordSpray, FindingSeverity::High, false, &[SPRAY_EVENT])], 0);
    assert!(pane.is_evidence(&EventId::parse(SPRAY_EVENT)));
    assert!(!pane.is_evidence(&EventId::parse(PUSH_EVENT)));
    let many: Vec<Alert> = (1..=MAX_ALERTS)
        .map(|i| alert(&format!("x{i}"), FindingKind::NewDevice, FindingSeverity::Low, false, &[PUSH_EVENT]))
        .collect();
    pane.absorb(many, 1);
    assert_eq!((pane.rows.len(), pane.dropped), (MAX_ALERTS, 1), "bounded: the oldest goes");
    assert!(!pane.is_evidence(&EventId::parse(SPRAY_EVENT)), "its evidence mark goes with it");
    assert!(pane.is_evidence(&EventId::parse(PUSH_EVENT)));
    assert_eq!(pane.evidence_count(), 1);
}

#[test]
fn the_selection_stays_on_its_finding_as_new_ones_arrive() {
    let mut pane = AlertsPane::new(true);
    pane.absorb(vec![alert("a1", FindingKind::NewDevice, FindingSeverity::Low, false, &[])], 0);
    pane.absorb(vec![alert("b2", FindingKind::NewDevice, FindingSeverity::Low, false, &[])], 1);
    pane.selected = 1;
    pane.absorb(vec![alert("c3", FindingKind::NewDevice, FindingSeverity::Low, false, &[])], 2);
    assert_eq!(pane.selected_row().map(|r| r.id.as_str()), Some("a1"));
}

#[test]
fn a_selection_on_the_newest_stays_on_the_newest() {
    let mut pane = AlertsPane::new(true);
    pane.absorb(vec![alert("a1", FindingKind::NewDevice, FindingSeverity::Low, false, &[])], 0);
    pane.absorb(vec![alert("b2", FindingKind::NewDevice, FindingSeverity::Low, false, &[])], 1);
    assert_eq!(pane.selected_row().map(|r| r.id.as_str()), Some("b2"));
}

/// Rules as the config file's `[detections.suppress]` holds them.
fn rules(text: &str) -> crate::investigate::suppress::Suppressions {
    crate::investigate::suppress::tests::rules(text).unwrap()
}

#[test]
fn a_finding_a_rule_covers_is_counted_apart_without_a_flash_nor_a_mark() {
    let text = "[[suppress.rule]]\nname = \"red-team\"\nreason = \"the exercise\"\nip = \"203.0.113.0/24\"\n";
    let mut pane = AlertsPane::new(true).with_rules(rules(text));
    pane.absorb(vec![alert("a1", FindingKind::PasswordSpray, FindingSeverity::Critical, false, &[SPRAY_EVENT])], 1);
    assert_eq!((pane.rows.len(), pane.counts(), pane.suppressed_count), (0, [0; 4], 1));
    assert_eq!(pane.suppressed[0].suppressed_by.as_deref(), Some("red-team"));
    assert_eq!((pane.flashing(1), pane.take_bell()), (None, false), "a suppressed finding is quiet");
    assert!(!pane.is_evidence(&EventId::parse(SPRAY_EVENT)));
    // Raised again, worse: still one suppressed finding.
    pane.absorb(vec![alert("a1", FindingKind::PasswordSpray, FindingSeverity::Critical, true, &[SPRAY_EVENT])], 2);
    assert_eq!((pane.suppressed.len(), pane.suppressed_count), (1, 1));
    assert!(pane.shown().is_empty());
    pane.toggle_suppressed();
    assert_eq!(pane.selected_row().map(|r| r.id.as_str()), Some("a1"), "listable");
    pane.reset(3);
    assert_eq!(pane.rules, rules(text), "a new judge keeps the rules");
}

#[test]
fn marking_a_finding_benign_moves_what_its_rule_covers_out_of_the_live_list() {
    let mut pane = AlertsPane::new(true);
    pane.absorb(vec![alert("a1", FindingKind::MfaFatigue, FindingSeverity::High, false, &[PUSH_EVENT])], 1);
    pane.absorb(vec![alert("b2", FindingKind::NewDevice, FindingSeverity::High, false, &[SPRAY_EVENT])], 2);
    let now = chrono::DateTime::from_timestamp_millis(3).unwrap();
    let finding = pane.rows.iter().find(|r| r.id == "a1").unwrap().finding.clone();
    let rule = SuppressRule::benign(&finding, "the user's own phone, confirmed by call", None, now).unwrap();
    let name = rule.name().to_string();
    pane.add_rule(rule, 3).unwrap();
    assert_eq!(pane.rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["b2"], "another kind stays");
    assert_eq!((pane.suppressed_count, pane.suppressed[0].suppressed_by.as_deref()), (1, Some(name.as_str())));
    assert!(!pane.is_evidence(&EventId::parse(PUSH_EVENT)) && pane.is_evidence(&EventId::parse(SPRAY_EVENT)));
    // The same finding raised again after the mark is suppressed on arrival.
    pane.absorb(vec![alert("a1", FindingKind::MfaFatigue, FindingSeverity::Critical, true, &[PUSH_EVENT])], 4);
    assert_eq!((pane.rows.len(), pane.suppressed_count), (1, 1));
}
