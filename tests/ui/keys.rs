//! The key registry seen through `update` and the screen: every bound key does its action
//! where it is bound, the help page lists every key, remapping changes behaviour, and
//! read-only mode takes the org-changing keys away.

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent};
use oktui::app::describe::DescribeView;
use oktui::app::effect::Effect;
use oktui::app::keys::{Action, Binding, Context, KeyMap, KeySpec};
use oktui::app::lists::ListKind;
use oktui::app::msg::Msg;
use oktui::app::state::{AppState, Mode, Route};
use oktui::app::update::update;
use oktui::ui::help::help_max_scroll;
use ratatui::layout::Rect;

use crate::fixtures::{
    ch, dialog, hunt_loaded, ip_view, journal_intent, key, logs_loaded, screen, type_text, user, user_detail,
    users_loaded, SPRAYER,
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

/// The `:hunt` pane with its fixed findings, the first (which proposes a suspension) selected.
fn findings_scene() -> AppState {
    let mut state = hunt_loaded(80, 24);
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
    let action = oktui::actions::Action::ClearSessions { revoke_oauth_tokens: false, forget_devices: false };
    let mut state = dialog(80, 24, action, "ACTIVE");
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Tab));
    state
}

/// `:audit` with one record of the journal, selected.
fn audit_scene() -> AppState {
    let mut state = list_scene();
    type_text(&mut state, ":audit");
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::LoadAudit { generation }] = effects.as_slice() else { panic!("{effects:?}") };
    update(&mut state, Msg::Audit { generation: *generation, result: Ok(vec![journal_intent()]) });
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
fn did_in_describe(action: Action, state: &AppState) -> bool {
    let (width, height) = oktui::app::describe::viewport(state.size);
    let scroll = state.describe.as_ref().map(|v| (v.scroll, v.max_scroll((width, height))));
    match (action, scroll) {
        (Action::Back | Action::Describe, None) => state.route() == &Route::List(ListKind::Users),
        (Action::Quit, _) => state.quit,
        (Action::Down, Some((s, _))) => s == DESCRIBED_AT + 1,
        (Action::Up, Some((s, _))) => s == DESCRIBED_AT - 1,
        (Action::PageDown, Some((s, _))) => s == DESCRIBED_AT + height,
        (Action::PageUp, Some((s, _))) => s == DESCRIBED_AT.saturating_sub(height),
        (Action::Top, Some((s, _))) => s == 0,
        (Action::Bottom, Some((s, last))) => s == last && last == 100 - height,
        _ => false,
    }
}

/// The scene a binding is tried in: its own context; global keys from a list, except the
/// ones that leave a place, which start from a detail view.
fn scene(binding: &Binding) -> AppState {
    match (binding.context, binding.action) {
        (Context::Detail, _) => detail_scene(),
        (Context::Logs, _) => logs_scene(),
        (Context::Event, _) => event_scene(),
        (Context::Findings, _) => findings_scene(),
        (Context::Approval, _) => options_scene(),
        (Context::Describe, _) => describe_scene(),
        (Context::Audit, _) => audit_scene(),
        (Context::Ip, _) => ip_scene(),
        (
            Context::Global,
            Action::GoUsers
            | Action::GoApps
            | Action::GoGroups
            | Action::GoPolicies
            | Action::GoLogs
            | Action::GoInvestigate
            | Action::GoMfa
            | Action::Back,
        ) => detail_scene(),
        _ => list_scene(),
    }
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
fn did(action: Action, context: Context, state: &AppState, effects: &[Effect]) -> bool {
    let page = oktui::app::layout::list_rows(24);
    let reached = state.flash.as_deref() != Some(MARKER);
    if context == Context::Describe {
        return did_in_describe(action, state);
    }
    match action {
        Action::Help => matches!(state.mode, Mode::Help(0)),
        Action::CommandLine => matches!(state.mode, Mode::Command(_)),
        Action::GoUsers => state.stack == [Route::List(ListKind::Users)] && effects.is_empty(),
        Action::GoApps => state.stack == [Route::List(ListKind::Apps)] && loads(effects, ListKind::Apps),
        Action::GoGroups => state.stack == [Route::List(ListKind::Groups)] && loads(effects, ListKind::Groups),
        Action::GoPolicies => state.stack == [Route::List(ListKind::Policies)] && loads(effects, ListKind::Policies),
        Action::GoLogs => state.stack == [Route::Logs],
        Action::GoInvestigate => state.stack == [Route::Investigate(None)],
        Action::GoMfa => state.stack == [Route::Mfa],
        Action::Filter => matches!(state.mode, Mode::Filter(_)),
        Action::Open if context == Context::Logs => matches!(state.route(), Route::Event { .. }),
        Action::Open if context == Context::Event => {
            matches!(effects, [Effect::LoadDetail { kind: ListKind::Users, .. }])
                && matches!(state.route(), Route::Detail { .. })
        }
        // The IP view's worst user is investigated by the id Okta resolved.
        Action::Investigate | Action::Open if context == Context::Ip => {
            matches!(state.route(), Route::Investigate(Some(id)) if id == "00u1")
                && matches!(effects, [Effect::Investigate { .. }])
        }
        Action::NextPanel if context == Context::Ip => state.ip.focus == oktui::app::ip::IpFocus::Events,
        Action::Tail => {
            state.route() == &Route::Logs
                && matches!(effects, [Effect::CheckLogQuery { query, .. }]
                    if query.filter.as_deref() == Some(&format!("client.ipAddress eq \"{SPRAYER}\"")[..]))
        }
        Action::Investigate | Action::Open if context == Context::Findings => {
            matches!(state.route(), Route::Investigate(Some(login)) if login == "ana.silva@acme.example")
                && matches!(effects, [Effect::Investigate { .. }])
        }
        Action::Investigate => {
            matches!(state.route(), Route::Investigate(Some(login)) if login.ends_with("@acme.example"))
                && matches!(effects, [Effect::Investigate { .. }])
        }
        Action::Open if context == Context::List => {
            matches!(effects, [Effect::LoadDetail { kind: ListKind::Users, .. }])
                && matches!(state.route(), Route::Detail { .. })
        }
        Action::Open if context == Context::Audit => state.describe.is_some() && effects.is_empty(),
        // Nothing to open in these views yet: the key reaches the action, which does nothing.
        Action::Open => reached && effects.is_empty(),
        Action::Back => state.stack == [Route::List(ListKind::Users)],
        Action::Describe => state.describe.is_some() && effects.is_empty(),
        Action::Up => selected(state) == SELECTED - 1,
        Action::Down => selected(state) == SELECTED + 1,
        Action::Top => selected(state) == 0,
        Action::Bottom => selected(state) == ROWS - 1,
        Action::PageUp => selected(state) == SELECTED.saturating_sub(page),
        Action::PageDown => selected(state) == SELECTED + page,
        Action::Suspend | Action::Unsuspend | Action::ClearSessions => opens_dialog(state, effects),
        Action::ActOnFinding => {
            opens_dialog(state, effects) && state.approval.as_ref().is_some_and(|d| d.user == "ana.silva@acme.example")
        }
        Action::Preset => state.hunt.preset == oktui::app::hunt::Preset::SuspiciousCountries,
        Action::CaseFile => matches!(effects, [Effect::WriteCase { subject, who }]
            if who == "ana.silva@acme.example"
                && matches!(subject.as_ref(), oktui::case::CaseSubject::Finding { finding, .. }
                    if finding.kind == oktui::investigate::FindingKind::SuccessAfterFailures)),
        Action::Follow => !state.logs.follow,
        // Issue 15: `w` in `:hunt` opens the window picker (24h, 7d, 30d, 90d, custom).
        Action::Window if context == Context::Findings => {
            effects.is_empty() && matches!(state.mode, Mode::PickWindow(_))
        }
        Action::Window => matches!(effects, [Effect::StartTail { .. }]) && state.logs.window.label() == "24h",
        Action::ServerFilter => matches!(state.mode, Mode::ServerFilter(_)),
        Action::Sort => flash_says(state, "sorts the MFA gaps"),
        // The findings scene is :hunt, which has one panel: the keys say where they work.
        Action::Zoom | Action::NextPanel => flash_says(state, "zooms a panel of an investigation"),
        Action::IncludeWeak => flash_says(state, "weak-only users in the MFA gaps"),
        Action::Copy => {
            let login = user(SELECTED)["profile"]["login"].as_str().unwrap_or_default().to_string();
            matches!(effects, [Effect::Copy(text)] if *text == login)
        }
        Action::Export => {
            matches!(effects, [Effect::Export { kind: ListKind::Users, rows }] if rows.len() == ROWS)
        }
        Action::Retry => loads(effects, ListKind::Users),
        Action::Quit => state.quit,
        Action::ToggleOauthTokens => matches!(
            state.approval.as_ref().map(|d| d.action),
            Some(oktui::actions::Action::ClearSessions { revoke_oauth_tokens: true, forget_devices: false })
        ),
        Action::ToggleForgetDevices => matches!(
            state.approval.as_ref().map(|d| d.action),
            Some(oktui::actions::Action::ClearSessions { revoke_oauth_tokens: false, forget_devices: true })
        ),
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
    assert!(tried >= Action::ALL.len(), "{tried} keys tried");
}

#[test]
fn context_keys_do_nothing_outside_their_context() {
    for (digit, letter) in [('1', 'f'), ('1', 'a'), ('5', 'a'), ('5', 's'), ('6', 'f')] {
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
    let (width, height) = state.size;
    update(state, ch('?'));
    assert!(matches!(state.mode, Mode::Help(0)));
    let last = help_max_scroll(Rect::new(0, 0, width, height), &state.keys, state.header.read_only);
    let down = state.keys.bindings().iter().find(|b| b.action == Action::Down).and_then(|b| b.keys.first().copied());
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
fn help_lists_every_bound_key() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut state = users_loaded(width, height, 10);
        let text = help_text(&mut state);
        for binding in state.keys.bindings() {
            assert!(help_lists(&text, binding), "{width}x{height}: {} missing:\n{text}", binding.keys_label());
            for spec in &binding.keys {
                assert!(text.contains(&spec.to_string()), "{spec} missing");
            }
        }
        for context in Context::ALL {
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
        .with_overrides(&overrides(&[("down", "n"), ("quit", "x"), ("suspend", "S"), ("go_apps", "F2")]))
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
    let effects = update(&mut state, ch('S'));
    assert!(opens_dialog(&state, &effects));
    assert!(screen(&state).contains("<S> suspend"), "the hint bar follows");
    update(&mut state, key(KeyCode::Esc));
    assert!(state.approval.is_none());

    assert!(update(&mut state, ch('2')).is_empty());
    assert_eq!(state.route(), &Route::List(ListKind::Users));
    assert!(loads(&update(&mut state, key(KeyCode::F(2))), ListKind::Apps));

    let text = help_text(&mut state);
    let suspend = state.keys.bindings().iter().find(|b| b.action == Action::Suspend).unwrap();
    assert!(help_lists(&text, suspend), "help shows the new key:\n{text}");
    assert!(text.lines().any(|l| l.contains(" n ") && l.contains("Move the selection down")));
    update(&mut state, key(KeyCode::Esc));
    update(&mut state, ch('x'));
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
        let effects = update(&mut state, ch('s'));
        assert!(opens_dialog(&state, &effects), "writable again, `s` reaches suspend");
        assert!(screen(&state).contains("<s> suspend"));
    }
    let mut state = list_scene();
    state.header.read_only = true;
    let text = help_text(&mut state);
    assert!(!text.contains("Suspend") && !text.contains("sessions"), "{text}");
    assert!(text.contains("Read-only"));
}
