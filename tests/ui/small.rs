//! Issue 19: every pane at 60×20, the smallest size the console draws (below it, the
//! too-small screen): nothing wraps that should not, the MFA totals table above all.

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use oktui::app::effect::Effect;
use oktui::app::lists::ListKind;
use oktui::app::msg::Msg;
use oktui::app::state::AppState;
use oktui::app::update::update;

use crate::fixtures::{
    apps, ch, dialog, groups, hunt_loaded, ip_view, journal_intent, key, logs_loaded, open_pane, policy_pages, screen,
    type_text, user_detail, users_loaded,
};

const W: u16 = 60;
const H: u16 = 20;

fn check(name: &str, state: &AppState) {
    assert_snapshot!(format!("{name}_60x20"), screen(state));
}

#[test]
fn the_lists_at_60x20() {
    check("small_users", &users_loaded(W, H, 40));
    for (digit, kind, pages, name) in [
        ('2', ListKind::Apps, vec![apps()], "small_apps"),
        ('3', ListKind::Groups, vec![groups()], "small_groups"),
        ('4', ListKind::Policies, policy_pages(), "small_policies"),
    ] {
        let mut state = users_loaded(W, H, 10);
        open_pane(&mut state, digit, kind, pages);
        check(name, &state);
    }
}

#[test]
fn a_users_detail_at_60x20() {
    let mut state = users_loaded(W, H, 10);
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::LoadDetail { generation, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    update(&mut state, Msg::Detail { generation: *generation, detail: user_detail() });
    check("small_user_detail", &state);
}

#[test]
fn the_log_tail_and_an_event_at_60x20() {
    let (mut state, _) = logs_loaded(W, H, 30);
    check("small_logs", &state);
    update(&mut state, key(KeyCode::Enter));
    check("small_log_event", &state);
}

#[test]
fn findings_at_60x20() {
    check("small_investigation", &crate::findings::investigated(W, H));
    check("small_hunt", &hunt_loaded(W, H));
    check("small_ip_view", &ip_view(W, H));
}

#[test]
fn mfa_gaps_at_60x20_keep_the_totals_table_unwrapped() {
    let state = crate::mfa::mfa_done(W, H);
    let text = screen(&state);
    check("small_mfa", &state);
    // Each heading of a totals table names its four columns on one line.
    let headings: Vec<&str> = text.lines().filter(|l| l.contains("by status") || l.contains("by group")).collect();
    assert!(!headings.is_empty(), "{text}");
    for line in headings {
        assert!(["none", "weak", "strong", "unknown"].iter().all(|c| line.contains(c)), "wrapped: {line}\n{text}");
    }
    let all = text.lines().find(|l| l.contains("all users")).unwrap_or_default().trim_matches(|c| c == '│' || c == '|');
    assert_eq!(all.split_whitespace().filter(|w| w.parse::<u32>().is_ok()).count(), 4, "{all}");
}

#[test]
fn audit_help_describe_and_the_dialog_at_60x20() {
    let mut state = users_loaded(W, H, 10);
    type_text(&mut state, ":audit");
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::LoadAudit { generation }] = effects.as_slice() else { panic!("{effects:?}") };
    update(&mut state, Msg::Audit { generation: *generation, result: Ok(vec![journal_intent().into()]) });
    check("small_audit", &state);

    let mut state = users_loaded(W, H, 10);
    update(&mut state, ch('?'));
    check("small_help", &state);

    let mut state = users_loaded(W, H, 10);
    update(&mut state, ch('d'));
    check("small_describe", &state);

    let action = oktui::actions::OrgChange::ClearSessions { revoke_oauth_tokens: false, forget_devices: false };
    check("small_dialog", &dialog(W, H, action, "ACTIVE"));
}

/// Issue 19: the approval dialog at 60×20 fits above the hint bar, whole: the org, its last
/// line, the buttons and the fields are drawn, the border ends above the hint bar, and a
/// suspension (fewer lines) shows every line, the org's too.
#[test]
fn the_approval_dialog_fits_at_60x20() {
    let action = oktui::actions::OrgChange::ClearSessions { revoke_oauth_tokens: false, forget_devices: false };
    let shown = screen(&dialog(W, H, action, "ACTIVE"));
    let lines: Vec<&str> = shown.lines().collect();
    assert!(lines[usize::from(H) - 1].starts_with("<Esc> cancel"), "the hint bar is drawn:\n{shown}");
    assert!(lines[usize::from(H) - 2].contains('└'), "the border closes above it:\n{shown}");
    for part in ["action   Clear sessions", "effect", "reason", "login", "options", "[ Approve ]", "n cancels"] {
        assert!(shown.contains(part), "{part} is cut:\n{shown}");
    }
    assert!(shown.contains("org      https://acme.okta.com"), "the org acted on:\n{shown}");
    let shown = screen(&dialog(W, H, oktui::actions::OrgChange::Suspend, "ACTIVE"));
    assert!(shown.contains("org ") && shown.contains("n cancels") && shown.contains("[ Approve ]"), "{shown}");
}

/// Where even the compact dialog is too tall, the facts under the org give way: the org
/// acted on stays on its first line, and the fields and buttons stay in view.
#[test]
fn a_dialog_too_tall_keeps_the_org_and_the_buttons() {
    // Both options on: the effect says what each does, two rows more than the screen has.
    let action = oktui::actions::OrgChange::ClearSessions { revoke_oauth_tokens: true, forget_devices: true };
    let shown = screen(&dialog(W, H, action, "ACTIVE"));
    let lines: Vec<&str> = shown.lines().collect();
    let top = lines.iter().position(|l| l.contains("approval required")).unwrap_or_else(|| panic!("{shown}"));
    assert!(lines[top + 1].contains("org      https://acme.okta.com"), "the org first:\n{shown}");
    for part in ["reason", "login", "[ Approve ]", "n cancels"] {
        assert!(shown.contains(part), "{part} is cut:\n{shown}");
    }
    assert!(!shown.contains("action   Clear sessions"), "the facts under the org gave way:\n{shown}");
}
