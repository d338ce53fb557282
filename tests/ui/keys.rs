//! The key registry seen through `update` and the screen: every bound key does its action
//! where it is bound, the help page lists every key, remapping changes behaviour, and
//! read-only mode takes the org-changing keys away.

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent};
use oktui::actions::{OrgChange, RiskLevel};
use oktui::app::approval::{Focus, Request};
use oktui::app::describe::DescribeView;
use oktui::app::effect::Effect;
use oktui::app::keys::{Binding, Context, KeyAction, KeyMap, KeySpec};
use oktui::app::lists::ListKind;
use oktui::app::msg::Msg;
use oktui::app::sort::SortOrder;
use oktui::app::state::{AppState, Mode, Route};
use oktui::app::update::update;

use crate::fixtures::{
    apps, ch, dialog, groups, hunt_loaded, ip_view, journal_intent, key, logs_loaded, open_pane, policy_pages, screen,
    type_text, user, user_detail, users_loaded, SPRAYER,
};

/// What the status line says before a key, so a key that reached an action (which clears
/// it) can be told from one that was ignored.
const MARKER: &str = "before the key";

/// Rows loaded in the list scene, and where its selection sits.
const ROWS: usize = 50;
const SELECTED: usize = 20;

fn press(spec: &KeySpec) -> Msg {
    Msg::Key(KeyEvent::new(spec.key_code(), spec.modifiers()))
}

/// The users list at 80×24 with `ROWS` users and row `SELECTED` selected.
fn list_scene() -> AppState {
    let mut state = users_loaded(80, 24, ROWS);
    for _ in 0..SELECTED {
        update(&mut state, ch('j'));
    }
    update(&mut state, Msg::Flash(MARKER.into()));
    state
}

/// The detail of user 0, loaded, over the users list.
fn detail_scene() -> AppState {
    let mut state = users_loaded(80, 24, ROWS);
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::LoadDetail { generation, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    update(&mut state, Msg::Detail { generation: *generation, detail: user_detail() });
    update(&mut state, Msg::Flash(MARKER.into()));
    state
}

/// A route reached by a number key (the log tail, the findings).
fn route_scene(digit: char) -> AppState {
    let mut state = users_loaded(80, 24, ROWS);
    update(&mut state, ch(digit));
    update(&mut state, Msg::Flash(MARKER.into()));
    state
}

/// The log pane with 50 events, following, the status line marked.
fn logs_scene() -> AppState {
    let (mut state, _) = logs_loaded(80, 24, ROWS);
    update(&mut state, Msg::Flash(MARKER.into()));
    state
}

/// The newest event open in full over the log pane.
fn event_scene() -> AppState {
    let mut state = logs_scene();
    update(&mut state, key(KeyCode::Enter));
    update(&mut state, Msg::Flash(MARKER.into()));
    state
}

/// The apps list, loaded, its third row selected.
fn apps_scene() -> AppState {
    browse_scene(ListKind::Apps)
}

/// The rows the fixtures load into a browse list, one page each (policies by type).
fn fixture_pages(kind: ListKind) -> Vec<Vec<serde_json::Value>> {
    match kind {
        ListKind::Users => vec![crate::fixtures::users(ROWS)],
        ListKind::Apps => vec![apps()],
        ListKind::Groups => vec![groups()],
        ListKind::Policies => policy_pages(),
    }
}

/// The list of `kind` (not users), loaded, its third row selected.
fn browse_scene(kind: ListKind) -> AppState {
    let mut state = users_loaded(80, 24, ROWS);
    let digit = match kind {
        ListKind::Users => '1',
        ListKind::Apps => '2',
        ListKind::Groups => '3',
        ListKind::Policies => '4',
    };
    open_pane(&mut state, digit, kind, fixture_pages(kind));
    update(&mut state, ch('j'));
    update(&mut state, ch('j'));
    update(&mut state, Msg::Flash(MARKER.into()));
    state
}

/// The detail of the first app, loaded, over the apps list.
fn app_detail_scene() -> AppState {
    let mut state = apps_scene();
    update(&mut state, ch('g'));
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::LoadDetail { generation, kind: ListKind::Apps, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    update(&mut state, Msg::Detail { generation: *generation, detail: user_detail() });
    update(&mut state, Msg::Flash(MARKER.into()));
    state
}

/// The MFA gaps of 60 swept users, the sixth selected.
fn mfa_scene() -> AppState {
    let mut state = crate::mfa::mfa_done(80, 24);
    for _ in 0..5 {
        update(&mut state, ch('j'));
    }
    update(&mut state, Msg::Flash(MARKER.into()));
    state
}

/// Ana's investigation, read.
fn investigation_scene() -> AppState {
    let mut state = crate::findings::investigated(80, 24);
    update(&mut state, Msg::Flash(MARKER.into()));
    state
}

/// The `:hunt` pane with its fixed findings, the first (which proposes a suspension) selected.
fn findings_scene() -> AppState {
    let mut state = hunt_loaded(80, 24);
    update(&mut state, Msg::Flash(MARKER.into()));
    state
}

/// The `:alerts` pane with its live findings, the newest (ana's, proposing a suspension)
/// selected.
fn alerts_scene() -> AppState {
    let mut state = crate::fixtures::alerts_loaded(80, 24);
    update(&mut state, Msg::Flash(MARKER.into()));
    state
}

/// The IP view of a spray's source, read: its users listed, the worst selected.
fn ip_scene() -> AppState {
    let mut state = ip_view(80, 24);
    update(&mut state, Msg::Flash(MARKER.into()));
    state
}

/// A clear-sessions dialog, its plan read, the keyboard on its options row.
fn options_scene() -> AppState {
    let action = oktui::actions::OrgChange::ClearSessions { revoke_oauth_tokens: false, forget_devices: false };
    let mut state = dialog(80, 24, action, "ACTIVE");
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Tab));
    state
}

/// The dialog in which `action` has something to do, where the clear-sessions dialog has
/// nothing for it: the set-risk dialog's options row for its level, the clear-sessions
/// dialog's options row scrolled up for PgDn.
fn approval_scene(action: KeyAction) -> Option<AppState> {
    Some(match action {
        KeyAction::ToggleRiskLevel => {
            let high = OrgChange::SetRisk { level: RiskLevel::High };
            let mut state = dialog(80, 24, high, "ACTIVE");
            update(&mut state, key(KeyCode::Tab));
            update(&mut state, key(KeyCode::Tab));
            state
        }
        KeyAction::PageDown => {
            let mut state = options_scene();
            update(&mut state, key(KeyCode::PageUp));
            state
        }
        _ => return None,
    })
}

/// The investigation with its first finding's evidence open, on an event made in a session.
fn evidence_scene() -> AppState {
    let mut state = investigation_scene();
    update(&mut state, key(KeyCode::Enter));
    state
}

/// The open dialog's request, if one is open.
fn request(state: &AppState) -> Option<oktui::app::approval::Request> {
    state.approval.as_ref().map(|d| d.request.clone())
}

/// The clear-sessions dialog with the keyboard on its buttons, **Cancel** selected.
fn buttons_scene() -> AppState {
    let mut state = options_scene();
    update(&mut state, key(KeyCode::Tab));
    state
}

/// Where the dialog's keyboard is, if it is open.
fn focus(state: &AppState) -> Option<Focus> {
    state.approval.as_ref().map(|d| d.focus)
}

/// `:audit` with one record of the journal, selected.
fn audit_scene() -> AppState {
    let mut state = list_scene();
    type_text(&mut state, ":audit");
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::LoadAudit { generation }] = effects.as_slice() else { panic!("{effects:?}") };
    update(&mut state, Msg::Audit { generation: *generation, result: Ok(vec![journal_intent().into()]) });
    update(&mut state, Msg::Flash(MARKER.into()));
    state
}

/// Where the describe scene is scrolled to: its view has far more lines than the screen.
const DESCRIBED_AT: usize = 20;

/// The describe view over the list scene, with 100 fields, scrolled to `DESCRIBED_AT`.
fn describe_scene() -> AppState {
    let mut state = list_scene();
    update(&mut state, ch('d'));
    let fields = (0..100).map(|i| (format!("field {i}"), format!("value {i}")));
    state.describe = Some(DescribeView { scroll: DESCRIBED_AT, ..DescribeView::new("many fields", fields) });
    state
}

/// Whether `action` ran in the describe scene: it scrolled (clamped) or closed.
fn did_in_describe(action: KeyAction, state: &AppState) -> bool {
    let (width, height) = oktui::app::describe::viewport(state.size);
    let scroll = state.describe.as_ref().map(|v| (v.scroll, v.max_scroll((width, height))));
    match (action, scroll) {
        (KeyAction::Back | KeyAction::Describe, None) => state.route() == &Route::List(ListKind::Users),
        (KeyAction::Quit, _) => state.quit,
        (KeyAction::Down, Some((s, _))) => s == DESCRIBED_AT + 1,
        (KeyAction::Up, Some((s, _))) => s == DESCRIBED_AT - 1,
        (KeyAction::PageDown, Some((s, _))) => s == DESCRIBED_AT + height,
        (KeyAction::PageUp, Some((s, _))) => s == DESCRIBED_AT.saturating_sub(height),
        (KeyAction::Top, Some((s, _))) => s == 0,
        (KeyAction::Bottom, Some((s, last))) => s == last && last == 100 - height,
        _ => false,
    }
}

/// The scene a binding is tried in: its own context; global keys from a list, except the
/// ones that leave a place, which start from a detail view.
fn scene(binding: &Binding) -> AppState {
    match (binding.context, binding.action) {
        (Context::UserDetail, _) => detail_scene(),
        (Context::Detail, _) => app_detail_scene(),
        (Context::Apps, _) => apps_scene(),
        (Context::Groups, _) => browse_scene(ListKind::Groups),
        (Context::Policies, _) => browse_scene(ListKind::Policies),
        (Context::Mfa, _) => mfa_scene(),
        (Context::Logs, _) => logs_scene(),
        (Context::Event, _) => event_scene(),
        (Context::Hunt, _) => findings_scene(),
        (Context::Investigation, KeyAction::RevokeSession) => evidence_scene(),
        (Context::Investigation, _) => investigation_scene(),
        (Context::Approval, KeyAction::SwitchButton) => buttons_scene(),
        (Context::Approval, action) => approval_scene(action).unwrap_or_else(options_scene),
        (Context::Describe, _) => describe_scene(),
        (Context::Audit, _) => audit_scene(),
        (Context::Ip, _) => ip_scene(),
        (Context::Alerts, _) => alerts_scene(),
        (
            Context::Global,
            KeyAction::GoUsers
            | KeyAction::GoApps
            | KeyAction::GoGroups
            | KeyAction::GoPolicies
            | KeyAction::GoLogs
            | KeyAction::GoInvestigate
            | KeyAction::GoMfa
            | KeyAction::GoAlerts
            | KeyAction::Back,
        ) => detail_scene(),
        _ => list_scene(),
    }
}

/// The browse list whose pane `context` is, if it is one.
fn browse_kind(context: Context) -> Option<ListKind> {
    ListKind::ALL.into_iter().find(|k| Context::of_list(*k) == context && *k != ListKind::Users)
}

/// The browse list (users included) whose pane `context` is, if it is one.
fn list_kind(context: Context) -> Option<ListKind> {
    ListKind::ALL.into_iter().find(|k| Context::of_list(*k) == context)
}

/// What the browse list of `context` (users included) is sorted by.
fn sorted_by(state: &AppState, context: Context) -> Option<SortOrder> {
    state.lists[&list_kind(context)?].sort_order()
}

fn selected(state: &AppState) -> usize {
    state.lists[&ListKind::Users].selected
}

fn loads(effects: &[Effect], kind: ListKind) -> bool {
    matches!(effects, [Effect::LoadList { kind: k, .. }] if *k == kind)
}

/// Whether the approval dialog opened and asked for a fresh read of its user.
fn opens_dialog(state: &AppState, effects: &[Effect]) -> bool {
    state.approval.is_some() && matches!(effects, [Effect::Preflight { .. }])
}

fn flash_says(state: &AppState, words: &str) -> bool {
    state.flash.as_deref().is_some_and(|f| f.contains(words))
}

/// Whether `state` and `effects` show that `action` ran in `context`.
fn did(action: KeyAction, context: Context, state: &AppState, effects: &[Effect]) -> bool {
    let page = oktui::app::layout::list_rows(24);
    let reached = state.flash.as_deref() != Some(MARKER);
    if context == Context::Describe {
        return did_in_describe(action, state);
    }
    match action {
        KeyAction::Help => matches!(state.mode, Mode::Help(0)),
        KeyAction::CommandLine => matches!(state.mode, Mode::Command(_)),
        KeyAction::GoUsers => state.stack == [Route::List(ListKind::Users)] && effects.is_empty(),
        KeyAction::GoApps => state.stack == [Route::List(ListKind::Apps)] && loads(effects, ListKind::Apps),
        KeyAction::GoGroups => state.stack == [Route::List(ListKind::Groups)] && loads(effects, ListKind::Groups),
        KeyAction::GoPolicies => state.stack == [Route::List(ListKind::Policies)] && loads(effects, ListKind::Policies),
        KeyAction::GoLogs => state.stack == [Route::Logs],
        KeyAction::GoInvestigate => state.stack == [Route::Investigate(None)],
        KeyAction::GoMfa => state.stack == [Route::Mfa],
        KeyAction::GoAlerts => state.stack == [Route::Alerts] && effects.is_empty(),
        KeyAction::Filter => matches!(state.mode, Mode::Filter(_)),
        KeyAction::Open if context == Context::Logs => matches!(state.route(), Route::Event { .. }),
        KeyAction::Open if context == Context::Event => {
            matches!(effects, [Effect::LoadDetail { kind: ListKind::Users, .. }])
                && matches!(state.route(), Route::Detail { .. })
        }
        // The IP view's worst user is investigated by the id Okta resolved.
        KeyAction::Investigate | KeyAction::Open if context == Context::Ip => {
            matches!(state.route(), Route::Investigate(Some(id)) if id == "00u1")
                && matches!(effects, [Effect::Investigate { .. }])
        }
        KeyAction::NextPanel if context == Context::Ip => state.ip.focus == oktui::app::ip::IpFocus::Events,
        KeyAction::Tail => {
            state.route() == &Route::Logs
                && matches!(effects, [Effect::CheckLogQuery { query, .. }]
                    if query.filter.as_deref() == Some(&format!("client.ipAddress eq \"{SPRAYER}\"")[..]))
        }
        KeyAction::Investigate | KeyAction::Open if context == Context::Hunt || context == Context::Alerts => {
            matches!(state.route(), Route::Investigate(Some(login)) if login == "ana.silva@acme.example")
                && matches!(effects, [Effect::Investigate { .. }])
        }
        KeyAction::Investigate => {
            matches!(state.route(), Route::Investigate(Some(login)) if login.ends_with("@acme.example"))
                && matches!(effects, [Effect::Investigate { .. }])
        }
        KeyAction::Open if context == Context::Users || context == Context::Mfa => {
            matches!(effects, [Effect::LoadDetail { kind: ListKind::Users, .. }])
                && matches!(state.route(), Route::Detail { .. })
        }
        KeyAction::Open if browse_kind(context).is_some() => {
            matches!(effects, [Effect::LoadDetail { kind, .. }] if Some(*kind) == browse_kind(context))
                && matches!(state.route(), Route::Detail { .. })
        }
        KeyAction::Open if context == Context::Investigation => state.investigation.evidence.is_some(),
        KeyAction::Open if context == Context::Audit => state.describe.is_some() && effects.is_empty(),
        KeyAction::Open => false,
        KeyAction::Back => state.stack == [Route::List(ListKind::Users)],
        KeyAction::Describe => state.describe.is_some() && effects.is_empty(),
        KeyAction::Up => selected(state) == SELECTED - 1,
        KeyAction::Down => selected(state) == SELECTED + 1,
        KeyAction::Top => selected(state) == 0,
        KeyAction::Bottom => selected(state) == ROWS - 1,
        KeyAction::PageUp if context == Context::Approval => state.approval.as_ref().is_some_and(|d| d.scroll > 0),
        KeyAction::PageDown if context == Context::Approval => state.approval.as_ref().is_some_and(|d| d.scroll == 0),
        KeyAction::PageUp => selected(state) == SELECTED.saturating_sub(page),
        KeyAction::PageDown => selected(state) == SELECTED + page,
        KeyAction::Suspend
        | KeyAction::Unsuspend
        | KeyAction::ClearSessions
        | KeyAction::Unlock
        | KeyAction::ResetFactors
        | KeyAction::ExpirePassword
        | KeyAction::LogoutEverywhere
        | KeyAction::SetRisk => opens_dialog(state, effects),
        KeyAction::RemoveFactor => {
            opens_dialog(state, effects)
                && matches!(request(state), Some(Request::One(OrgChange::RemoveFactor { factor_id }))
                    if factor_id == crate::fixtures::FACTORS[0].id)
        }
        KeyAction::RevokeSession => {
            opens_dialog(state, effects)
                && matches!(request(state), Some(Request::One(OrgChange::RevokeSession { session_id }))
                    if session_id.starts_with("102"))
        }
        KeyAction::NextPanel if context == Context::UserDetail => state.detail.factor == 1,
        KeyAction::ActOnFinding if context == Context::Investigation => opens_dialog(state, effects),
        KeyAction::ActOnFinding => {
            opens_dialog(state, effects) && state.approval.as_ref().is_some_and(|d| d.user == "ana.silva@acme.example")
        }
        KeyAction::Preset => state.hunt.preset == oktui::app::hunt::Preset::SuspiciousCountries,
        KeyAction::RollUp => state.hunt.by_entity && state.hunt.entities.len() == 6,
        KeyAction::MarkBenign => matches!(&state.mode, Mode::MarkBenign { id, .. } if !id.is_empty()),
        KeyAction::ToggleSuppressed => state.alerts.show_suppressed,
        KeyAction::CaseFile if context == Context::Investigation => {
            matches!(effects, [Effect::WriteCase { subject, who, mask: None }]
            if who == "ana.silva@acme.example"
                && matches!(subject.as_ref(), oktui::case::CaseSubject::User { .. }))
        }
        KeyAction::CaseFile => matches!(effects, [Effect::WriteCase { subject, who, mask: None }]
            if who == "ana.silva@acme.example"
                && matches!(subject.as_ref(), oktui::case::CaseSubject::Finding { finding, .. }
                    if finding.kind == oktui::investigate::FindingKind::SuccessAfterFailures)),
        KeyAction::Follow => !state.logs.follow,
        // Issue 15: `w` in `:hunt` opens the window picker (24h, 7d, 30d, 90d, custom).
        KeyAction::Window if context == Context::Hunt || context == Context::Investigation => {
            effects.is_empty() && matches!(state.mode, Mode::PickWindow(_))
        }
        KeyAction::Window => matches!(effects, [Effect::StartTail { .. }]) && state.logs.window.label() == "24h",
        KeyAction::ServerFilter => matches!(state.mode, Mode::ServerFilter(_)),
        KeyAction::Sort if context == Context::Mfa => state.mfa.sort != oktui::app::mfa::MfaPane::new().sort,
        // A browse list: `o` sorts by its first column, a letter by its column.
        KeyAction::Sort => sorted_by(state, context) == Some(SortOrder { column: 0, descending: false }),
        KeyAction::SortColumn(column) => {
            let column = usize::from(column);
            // A wide column's letter shows the wide columns.
            sorted_by(state, context) == Some(SortOrder { column, descending: false })
                && list_kind(context).is_some_and(|k| state.lists[&k].wide == k.columns()[column].wide)
        }
        KeyAction::Wide => list_kind(context).is_some_and(|k| state.lists[&k].wide),
        KeyAction::Zoom => state.investigation.zoom.is_some(),
        // Tab zooms nothing by itself: it says which key does.
        KeyAction::NextPanel => flash_says(state, "goes to the next panel once one is zoomed (z)"),
        KeyAction::IncludeWeak => state.mfa.include_weak,
        KeyAction::Copy if context != Context::Users => matches!(effects, [Effect::Copy(text)] if !text.is_empty()),
        KeyAction::Copy => {
            let login = user(SELECTED)["profile"]["login"].as_str().unwrap_or_default().to_string();
            matches!(effects, [Effect::Copy(text)] if *text == login)
        }
        KeyAction::Export if context == Context::UserDetail || context == Context::Detail => {
            effects.is_empty() && flash_says(state, "exports a list: go back")
        }
        KeyAction::Export if browse_kind(context).is_some() => {
            let kind = browse_kind(context).unwrap();
            let len = fixture_pages(kind).concat().len();
            matches!(effects, [Effect::Export { kind: k, rows, mask: None }] if *k == kind && rows.len() == len)
        }
        KeyAction::Export if context == Context::Mfa => {
            matches!(effects, [Effect::ExportMfa { rows, mask: None }] if !rows.is_empty())
        }
        KeyAction::Export => {
            matches!(effects, [Effect::Export { kind: ListKind::Users, rows, mask: None }] if rows.len() == ROWS)
        }
        KeyAction::Retry if context == Context::Users => loads(effects, ListKind::Users),
        // Elsewhere `r` reads the pane again: a task for its load.
        KeyAction::Retry => reached && !effects.is_empty(),
        KeyAction::Mask => state.mask.on && effects.is_empty(),
        KeyAction::Quit => state.quit,
        KeyAction::NextField => focus(state) == Some(Focus::Buttons { approve: false }),
        KeyAction::PreviousField => focus(state) == Some(Focus::Login),
        KeyAction::Choose => focus(state) == Some(Focus::Buttons { approve: false }),
        KeyAction::SwitchButton => focus(state) == Some(Focus::Buttons { approve: true }),
        KeyAction::Cancel => state.approval.is_none() && flash_says(state, "nothing was changed"),
        KeyAction::ToggleOauthTokens => matches!(
            request(state),
            Some(Request::One(OrgChange::ClearSessions { revoke_oauth_tokens: true, forget_devices: false }))
        ),
        KeyAction::ToggleForgetDevices => matches!(
            request(state),
            Some(Request::One(OrgChange::ClearSessions { revoke_oauth_tokens: false, forget_devices: true }))
        ),
        KeyAction::ToggleRiskLevel => {
            matches!(request(state), Some(Request::One(OrgChange::SetRisk { level: RiskLevel::Low })))
        }
    }
}

#[test]
fn every_bound_key_reaches_its_action_where_it_is_bound() {
    let keys = KeyMap::defaults();
    let mut tried = 0;
    for binding in keys.bindings() {
        assert!(!binding.keys.is_empty(), "{:?} has no key", binding.action);
        for spec in &binding.keys {
            let mut state = scene(binding);
            let effects = update(&mut state, press(spec));
            assert!(
                did(binding.action, binding.context, &state, &effects),
                "`{spec}` in {:?} should {:?}: route {:?}, mode {:?}, flash {:?}, effects {effects:?}",
                binding.context,
                binding.action,
                state.route(),
                state.mode,
                state.flash,
            );
            tried += 1;
        }
    }
    assert!(tried >= KeyAction::ALL.len(), "{tried} keys tried");
}

#[test]
fn context_keys_do_nothing_outside_their_context() {
    for (digit, letter) in [('1', 'w'), ('1', 'a'), ('5', 'a'), ('5', 's'), ('6', 'f')] {
        let mut state = route_scene(digit);
        assert!(update(&mut state, ch(letter)).is_empty());
        assert_eq!(state.flash.as_deref(), Some(MARKER), "`{letter}` after `{digit}` was ignored");
    }
    let mut state = detail_scene();
    update(&mut state, ch('/'));
    assert!(matches!(state.mode, Mode::Normal), "a detail view has nothing to filter");
}

/// Every line the screen shows with help open, scrolled from the top to the end.
fn help_text(state: &mut AppState) -> String {
    update(state, ch('?'));
    assert!(matches!(state.mode, Mode::Help(0)));
    let context = oktui::app::update::context(state);
    let last = oktui::app::help::max_scroll(&state.keys, context, state.header.read_only, state.size);
    let down = state.keys.bindings().iter().find(|b| b.action == KeyAction::Down).and_then(|b| b.keys.first().copied());
    let mut text = screen(state);
    for _ in 0..last {
        update(state, press(&down.unwrap()));
        text.push_str(&screen(state));
    }
    text
}

/// Whether some help line names `binding`'s keys next to the start of its sentence.
fn help_lists(text: &str, binding: &Binding) -> bool {
    let label = format!(" {} ", binding.keys_label());
    let start: Vec<&str> = binding.help.split_whitespace().take(3).collect();
    let start = start.join(" ");
    text.lines().any(|line| line.contains(&label) && line.contains(&start))
}

#[test]
fn help_lists_every_key_of_the_pane_it_opens_in() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut state = users_loaded(width, height, 10);
        let text = help_text(&mut state);
        let sections = state.keys.help_sections(Context::Users, false);
        for binding in state.keys.bindings().iter().filter(|b| sections.contains(&b.context)) {
            assert!(help_lists(&text, binding), "{width}x{height}: {} missing:\n{text}", binding.keys_label());
            for spec in &binding.keys {
                assert!(text.contains(&spec.to_string()), "{spec} missing");
            }
        }
        for context in sections {
            assert!(text.contains(context.title()), "{} missing", context.title());
        }
    }
}

fn overrides(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn remapping_changes_what_update_does() {
    let keys = KeyMap::defaults()
        .with_overrides(&overrides(&[("down", "n"), ("quit", "Q"), ("suspend", "Z"), ("go_apps", "F2")]))
        .unwrap();
    let mut state = list_scene();
    state.keys = keys;
    update(&mut state, ch('j'));
    assert_eq!(selected(&state), SELECTED, "the old key is free");
    update(&mut state, ch('n'));
    assert_eq!(selected(&state), SELECTED + 1);
    update(&mut state, ch('q'));
    assert!(!state.quit);

    assert!(update(&mut state, ch('s')).is_empty());
    assert!(state.approval.is_none());
    assert!(screen(&state).contains("<Z> suspend"), "the hint bar follows");
    let effects = update(&mut state, ch('Z'));
    assert!(opens_dialog(&state, &effects));
    update(&mut state, key(KeyCode::Esc));
    assert!(state.approval.is_none());

    assert!(update(&mut state, ch('2')).is_empty());
    assert_eq!(state.route(), &Route::List(ListKind::Users));
    assert!(loads(&update(&mut state, key(KeyCode::F(2))), ListKind::Apps));

    update(&mut state, ch('1'));
    let text = help_text(&mut state);
    let suspend = state.keys.bindings().iter().find(|b| b.action == KeyAction::Suspend).unwrap();
    assert!(help_lists(&text, suspend), "help shows the new key:\n{text}");
    assert!(text.lines().any(|l| l.contains(" n ") && l.contains("Move the selection down")));
    update(&mut state, key(KeyCode::Esc));
    update(&mut state, ch('Q'));
    assert!(state.quit);
}

#[test]
fn read_only_hides_and_disables_suspend() {
    for scene in [list_scene, detail_scene] {
        let mut state = scene();
        state.header.read_only = true;
        for letter in ['s', 'u', 'c'] {
            assert!(update(&mut state, ch(letter)).is_empty());
            assert_eq!(state.flash.as_deref(), Some(MARKER), "`{letter}` is inert in read-only mode");
        }
        let shown = screen(&state);
        assert!(!shown.contains("suspend") && !shown.contains("clear sessions"), "{shown}");
        assert!(shown.contains("READ-ONLY"));

        state.header.read_only = false;
        assert!(screen(&state).contains("<s> suspend"));
        let effects = update(&mut state, ch('s'));
        assert!(opens_dialog(&state, &effects), "writable again, `s` reaches suspend");
    }
    let mut state = list_scene();
    state.header.read_only = true;
    let text = help_text(&mut state);
    assert!(!text.contains("Suspend") && !text.contains("sessions"), "{text}");
    assert!(text.contains("Read-only"));
}

/// A scene of each pane in which every key it takes has something to do: one step deep
/// (so Esc has somewhere to go back to), a filter kept where it can filter, its selection
/// between rows, the status line empty. `None` for the global context, which is no pane.
fn pane_scene(context: Context) -> Option<AppState> {
    let keep_filter = |state: &mut AppState, text: &str| {
        update(state, ch('/'));
        type_text(state, text);
        update(state, key(KeyCode::Enter));
    };
    let below_users = |state: &mut AppState| state.stack.insert(0, Route::List(ListKind::Users));
    let mut state = match context {
        Context::Global => return None,
        Context::Users => {
            let mut state = users_loaded(80, 24, ROWS);
            keep_filter(&mut state, "acme");
            for _ in 0..SELECTED {
                update(&mut state, ch('j'));
            }
            state
        }
        Context::Apps | Context::Groups | Context::Policies => {
            let mut state = browse_scene(browse_kind(context).unwrap());
            keep_filter(&mut state, "e");
            update(&mut state, ch('j'));
            state
        }
        Context::Mfa => {
            let mut state = mfa_scene();
            keep_filter(&mut state, "@");
            state
        }
        Context::UserDetail | Context::Detail => {
            let mut state = if context == Context::Detail { app_detail_scene() } else { detail_scene() };
            update(&mut state, ch('j'));
            update(&mut state, ch('j'));
            state
        }
        Context::Logs => {
            let mut state = logs_scene();
            keep_filter(&mut state, "acme");
            for _ in 0..5 {
                update(&mut state, ch('k'));
            }
            state
        }
        Context::Event => {
            let mut state = event_scene();
            update(&mut state, ch('j'));
            update(&mut state, key(KeyCode::PageDown));
            state
        }
        Context::Investigation => {
            let mut state = investigation_scene();
            // A third finding, so the selection can sit between two.
            if let Some(report) = state.investigation.report.as_mut() {
                let first = report.findings[0].clone();
                report.findings.push(first);
            }
            below_users(&mut state);
            update(&mut state, ch('j'));
            update(&mut state, key(KeyCode::PageUp));
            state
        }
        Context::Hunt => {
            let mut state = findings_scene();
            below_users(&mut state);
            update(&mut state, ch('j'));
            state
        }
        Context::Ip => {
            let mut state = ip_scene();
            update(&mut state, ch('j'));
            state
        }
        Context::Alerts => {
            let mut state = alerts_scene();
            below_users(&mut state);
            update(&mut state, ch('j'));
            state
        }
        Context::Audit => {
            let mut state = audit_scene();
            let effects = update(&mut state, ch('r'));
            let [Effect::LoadAudit { generation }] = effects.as_slice() else { panic!("{effects:?}") };
            let records = vec![journal_intent(), journal_intent(), journal_intent()];
            update(
                &mut state,
                Msg::Audit { generation: *generation, result: Ok(records.into_iter().map(Into::into).collect()) },
            );
            below_users(&mut state);
            // The newest record is selected first: one up is between two.
            update(&mut state, ch('k'));
            state
        }
        Context::Describe => describe_scene(),
        Context::Approval => buttons_scene(),
    };
    state.flash = None;
    assert_eq!(oktui::app::update::context(&state), context, "the scene is the pane's");
    Some(state)
}

/// Every key the hint bar drawn at the bottom of `state`'s screen offers, with its word.
fn hint_bar(state: &AppState) -> Vec<(String, String)> {
    let screen = screen(state);
    let line = screen.lines().last().unwrap_or_default().to_string();
    line.split("  ")
        .filter_map(|pair| pair.trim().strip_prefix('<')?.split_once("> "))
        .map(|(k, label)| (k.to_string(), label.to_string()))
        .collect()
}

/// Issue 19: no key in a pane's hint bar or help page that the pane ignores, and none it
/// takes left out. Both are drawn from the registry's bindings in effect in the pane (the
/// same lookup the dispatcher makes), and here every one of them is pressed in a scene of
/// the pane and must change something, while every other key of the registry must change
/// nothing at all.
#[test]
fn hints_and_help_offer_exactly_the_keys_each_pane_takes() {
    let keys = KeyMap::defaults();
    let all_keys: Vec<KeySpec> = keys.bindings().iter().flat_map(|b| b.keys.iter().copied()).collect();
    for context in Context::ALL {
        let Some(scene) = pane_scene(context) else { continue };
        let in_effect = keys.in_effect(context, false);

        let shown = hint_bar(&scene);
        assert!(shown.len() >= 3, "{context:?}: a hint bar of {shown:?}");
        for (key, label) in &shown {
            let offered =
                in_effect.iter().any(|b| b.label == label && b.keys.first().is_some_and(|k| k.to_string() == *key));
            assert!(offered, "{context:?}: the hint <{key}> {label} is no key of the pane");
        }
        if !context.is_modal() {
            let mut open = pane_scene(context).unwrap();
            let text = help_text(&mut open);
            for binding in &in_effect {
                assert!(help_lists(&text, binding), "{context:?}: help omits {}", binding.keys_label());
            }
        }

        for binding in &in_effect {
            for spec in &binding.keys {
                let special = if context == Context::Approval { approval_scene(binding.action) } else { None };
                let mut state = special.unwrap_or_else(|| pane_scene(context).unwrap());
                let before = format!("{state:?}");
                let effects = update(&mut state, press(spec));
                let already_there = binding.action.name().starts_with("go_")
                    && oktui::app::update::context(&state) == context
                    && state.stack.len() == 1;
                assert!(
                    format!("{state:?}") != before || !effects.is_empty() || already_there,
                    "{context:?}: `{spec}` ({:?}) is offered but does nothing",
                    binding.action
                );
            }
        }
        for spec in all_keys.iter().filter(|k| !in_effect.iter().any(|b| b.keys.contains(k))) {
            let mut state = pane_scene(context).unwrap();
            let before = format!("{state:?}");
            let effects = update(&mut state, press(spec));
            assert!(
                format!("{state:?}") == before && effects.is_empty(),
                "{context:?}: `{spec}` is not offered but did something: {effects:?}, flash {:?}",
                state.flash
            );
        }
    }
}
