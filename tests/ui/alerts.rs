//! Issue 20, the console's live findings: the header's counts by severity (in colour and
//! without), its flash and when it ends; `:alerts` at 80×24 and 60×20; the System Log pane's
//! marks on the events that are evidence of a live finding; and where `Enter`, `i` and `a`
//! lead from a live finding.

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use oktui::app::alerts::{Alert, JudgeMsg, FLASH_MS};
use oktui::app::effect::Effect;
use oktui::app::msg::Msg;
use oktui::app::state::{AppState, Route};
use oktui::app::update::update;
use oktui::ui::theme::Theme;

use crate::fixtures::{alerts_loaded, ch, draw, finding, key, log_event, logs_loaded, screen, text, LOG_START_MS};

/// The header row as drawn in `theme`: its text, then each run of cells of one style.
fn header(state: &AppState, theme: &Theme) -> String {
    let buffer = draw(state, theme);
    let mut out = text(&buffer).lines().next().unwrap_or_default().to_string();
    let mut runs: Vec<(String, String)> = Vec::new();
    for x in 0..state.size.0 {
        let cell = &buffer[(x, 0)];
        let style = format!("fg {:?} bg {:?} {:?}", cell.fg, cell.bg, cell.modifier);
        match runs.last_mut() {
            Some((text, last)) if *last == style => text.push_str(cell.symbol()),
            _ => runs.push((cell.symbol().to_string(), style)),
        }
    }
    for (text, style) in runs.iter().filter(|(t, _)| !t.trim().is_empty()) {
        out.push_str(&format!("\n[{}] {style}", text.trim_end()));
    }
    out
}

#[test]
fn the_header_counts_live_findings_by_severity_and_flashes_a_new_high_one() {
    for (name, theme) in [("colour", Theme::colors()), ("mono", Theme::mono())] {
        let mut state = alerts_loaded(80, 24);
        let flashing = header(&state, &theme);
        assert!(flashing.contains("NEW CRITICAL") && flashing.contains("alerts 2 crit 1 med"), "{flashing}");
        assert_snapshot!(format!("alerts_header_flash_{name}"), flashing);
        update(&mut state, Msg::Now(LOG_START_MS + FLASH_MS));
        let after = header(&state, &theme);
        assert!(!after.contains("NEW") && after.contains("alerts 2 crit 1 med"), "the flash ends: {after}");
        assert_snapshot!(format!("alerts_header_{name}"), after);
    }
}

#[test]
fn no_live_finding_leaves_the_header_as_it_was() {
    let state = crate::fixtures::users_loaded(80, 24, 10);
    assert!(!screen(&state).lines().next().unwrap_or_default().contains("alerts"));
}

#[test]
fn alerts_pane_at_80x24_and_60x20() {
    for (w, h) in [(80, 24), (60, 20)] {
        let mut state = alerts_loaded(w, h);
        update(&mut state, ch('j'));
        let shown = screen(&state);
        assert!(shown.contains("UPD") && shown.contains("NEW"), "{shown}");
        assert_snapshot!(format!("alerts_pane_{w}x{h}"), shown);
    }
}

#[test]
fn the_number_key_opens_the_alerts_and_a_finding_leads_where_a_hunt_finding_does() {
    let mut state = crate::fixtures::users_loaded(80, 24, 10);
    update(&mut state, ch('8'));
    assert_eq!(state.stack, [Route::Alerts]);
    assert!(screen(&state).contains("no live finding yet"));

    // The newest, the spray that got in: Enter investigates its user.
    let mut state = alerts_loaded(80, 24);
    let effects = update(&mut state, key(KeyCode::Enter));
    assert!(matches!(state.route(), Route::Investigate(Some(u)) if u == "ana.silva@acme.example"), "{:?}", state.stack);
    assert!(matches!(effects.as_slice(), [Effect::Investigate { .. }]), "{effects:?}");

    // `a`: the approval dialog, pre-filled with the finding's proposal for its user.
    let mut state = alerts_loaded(80, 24);
    let effects = update(&mut state, ch('a'));
    let dialog = state.approval.as_ref().expect("the approval dialog");
    assert_eq!(dialog.user, "ana.silva@acme.example");
    assert!(matches!(effects.as_slice(), [Effect::Preflight { .. }]), "{effects:?}");

    // A spray is about its address: Enter opens the IP view.
    let mut state = alerts_loaded(80, 24);
    let generation = state.alerts.generation;
    let spray = finding(
        oktui::investigate::FindingKind::PasswordSpray,
        oktui::investigate::FindingSeverity::High,
        "ana.silva@acme.example",
        "203.0.113.77",
        oktui::investigate::ProposedAction::None,
    );
    let alerts = vec![Alert { id: "sp-1".into(), update: false, changed: None, finding: spray }];
    update(&mut state, Msg::Judge(JudgeMsg::Alerts { generation, alerts }));
    update(&mut state, ch('g'));
    let effects = update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.route(), &Route::Ip("203.0.113.77".into()));
    assert!(matches!(effects.as_slice(), [Effect::InvestigateIp { .. }]), "{effects:?}");
}

#[test]
fn a_stale_judges_findings_are_ignored() {
    let mut state = alerts_loaded(80, 24);
    let stale = state.alerts.generation.wrapping_sub(1);
    let spray = crate::fixtures::hunt_findings().remove(0);
    let alerts = vec![Alert { id: "old".into(), update: false, changed: None, finding: spray }];
    update(&mut state, Msg::Judge(JudgeMsg::Alerts { generation: stale, alerts }));
    assert_eq!(state.alerts.rows.len(), 3);
}

#[test]
fn the_log_pane_marks_the_evidence_of_live_findings() {
    let (mut state, _) = logs_loaded(80, 24, 30);
    let generation = state.alerts.generation;
    let mut spray = crate::fixtures::hunt_findings().remove(0);
    let uuid = |i: usize| serde_json::from_str::<serde_json::Value>(&log_event(i)).unwrap()["uuid"].to_string();
    spray.evidence = [24, 29].map(|i| uuid(i).trim_matches('"').to_string()).to_vec();
    let alerts = vec![Alert { id: "lf-1".into(), update: false, changed: None, finding: spray }];
    update(&mut state, Msg::Judge(JudgeMsg::Alerts { generation, alerts }));
    let shown = screen(&state);
    assert!(shown.contains("● evidence of a live finding"), "the legend: {shown}");
    assert_eq!(shown.matches('●').count(), 4, "the tail's live mark, the legend and two events: {shown}");
    assert_snapshot!("alerts_log_marks_80x24", shown);
}
