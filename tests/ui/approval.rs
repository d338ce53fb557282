//! The approval dialog on the pure `update` (issue 7, acceptance 1): nothing executes but
//! through Enter on **Approve** with a reason and the typed login, checked by example and
//! over random key sequences; its screens as TestBackend snapshots; the `:audit` pane.

use crate::fixtures::journal_intent;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use insta::assert_snapshot;
use oktui::actions::audit::{Phase, Record};
use oktui::actions::{Approved, ChangeOutcome, Evidence, OrgChange, Plan, Verdict};
use oktui::app::approval::{open_for_proposal, Focus, Prepared, Request, Stage};
use oktui::app::context::Context;
use oktui::app::effect::Effect;
use oktui::app::lists::ListKind;
use oktui::app::msg::Msg;
use oktui::app::state::AppState;
use oktui::app::update::update;
use proptest::prelude::*;

use crate::fixtures::{ch, dialog, key, login, screen, target, type_text, user, users_loaded};

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn executes(effects: &[Effect]) -> bool {
    effects.iter().any(|e| matches!(e, Effect::Execute { .. }))
}

/// Reason, Enter, login, Enter: the buttons row, Cancel selected.
fn fill(state: &mut AppState, reason: &str, typed: &str) -> Vec<Effect> {
    let mut effects = type_text(state, reason);
    effects.extend(update(state, key(KeyCode::Enter)));
    effects.extend(type_text(state, typed));
    effects.extend(update(state, key(KeyCode::Enter)));
    effects
}

#[test]
fn approve_takes_a_reason_the_login_and_enter_on_approve() {
    let mut state = dialog(120, 40, OrgChange::Suspend, "ACTIVE");
    assert!(!executes(&fill(&mut state, "spray victim", &login())));
    assert_eq!(state.approval.as_ref().unwrap().focus, Focus::Buttons { approve: false }, "Cancel comes first");
    assert!(!executes(&update(&mut state, key(KeyCode::Right))));
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Execute { approved, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!((approved.action().clone(), approved.plan().target.login.clone()), (OrgChange::Suspend, login()));
    // One approval, used once: it travels by value in the effect, which is not `Clone`.
    assert!(matches!(state.approval.as_ref().unwrap().stage, Stage::Executing(_)));
    assert!(!executes(&update(&mut state, key(KeyCode::Enter))), "no second approval while in flight");
    assert!(!executes(&update(&mut state, key(KeyCode::Esc))));
}

#[test]
fn enter_on_cancel_n_esc_and_ctrl_c_cancel() {
    let mut state = dialog(80, 24, OrgChange::Suspend, "ACTIVE");
    fill(&mut state, "r", &login());
    assert!(!executes(&update(&mut state, key(KeyCode::Enter))));
    assert!(state.approval.is_none() && state.flash.as_deref() == Some("cancelled: nothing was changed"));
    for cancel in [key(KeyCode::Esc), ctrl('c')] {
        let mut state = dialog(80, 24, OrgChange::Suspend, "ACTIVE");
        update(&mut state, cancel);
        assert!(state.approval.is_none());
        assert!(!state.quit, "Ctrl-C in the dialog cancels it, not the console");
    }
    let mut state = dialog(80, 24, OrgChange::Suspend, "ACTIVE");
    type_text(&mut state, "no mfa");
    assert_eq!(state.approval.as_ref().unwrap().reason.value(), "no mfa", "n is text in the reason");
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, ch('n'));
    assert!(state.approval.is_none(), "n on the buttons cancels");
}

#[test]
fn a_wrong_login_or_no_reason_does_not_approve() {
    let mut state = dialog(80, 24, OrgChange::Suspend, "ACTIVE");
    fill(&mut state, "r", "ana.silva@acme.exampl");
    update(&mut state, key(KeyCode::Right));
    assert!(!executes(&update(&mut state, key(KeyCode::Enter))));
    assert!(state.approval.as_ref().unwrap().problem.as_deref().unwrap().contains("type the login"));
    let mut state = dialog(80, 24, OrgChange::Suspend, "ACTIVE");
    fill(&mut state, "   ", &login());
    update(&mut state, key(KeyCode::Right));
    assert!(!executes(&update(&mut state, key(KeyCode::Enter))));
    assert_eq!(state.approval.as_ref().unwrap().problem.as_deref(), Some("a reason is required"));
}

#[test]
fn a_user_in_the_wrong_state_cannot_be_approved_and_the_dialog_says_why() {
    let mut state = dialog(120, 40, OrgChange::Suspend, "SUSPENDED");
    fill(&mut state, "r", &login());
    update(&mut state, key(KeyCode::Right));
    assert!(!executes(&update(&mut state, key(KeyCode::Enter))));
    assert!(screen(&state).contains("cannot approve"), "{}", screen(&state));
    assert_snapshot!("approval_blocked_120x40", screen(&state));
}

#[test]
fn nothing_is_approved_before_the_user_is_re_read() {
    let mut state = users_loaded(80, 24, 40);
    update(&mut state, ch('s'));
    let mut effects = fill(&mut state, "r", &login());
    effects.extend(update(&mut state, key(KeyCode::Right)));
    effects.extend(update(&mut state, key(KeyCode::Enter)));
    assert!(!executes(&effects));
    assert_snapshot!("approval_checking_80x24", screen(&state));
}

#[test]
fn the_outcome_shows_and_the_row_takes_the_new_status() {
    let mut state = dialog(120, 40, OrgChange::Suspend, "ACTIVE");
    fill(&mut state, "spray victim", &login());
    update(&mut state, key(KeyCode::Right));
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Execute { approved, generation }] = effects.as_slice() else { panic!("{effects:?}") };
    let outcome = ChangeOutcome {
        id: approved.id().to_string(),
        action: OrgChange::Suspend,
        target_login: login(),
        verdict: Verdict::Verified,
        http_status: Some(200),
        request_id: Some("req1".into()),
        user_status: Some("SUSPENDED".into()),
        event_uuid: Some("evt1".into()),
        detail: "Okta accepted it; the user is SUSPENDED; user.lifecycle.suspend is in the System Log".into(),
    };
    update(&mut state, Msg::Outcome { generation: *generation, result: Ok(outcome) });
    assert_snapshot!("approval_finished_120x40", screen(&state));
    update(&mut state, ch('x'));
    assert!(state.approval.is_none());
    let row = state.lists[&ListKind::Users].selected_row().unwrap();
    assert_eq!(row.cells[0], "SUSPENDED");
}

#[test]
fn the_ready_dialog_at_both_sizes() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut state = dialog(w, h, CLEAR, "ACTIVE");
        type_text(&mut state, "session reuse from a new IP");
        update(&mut state, key(KeyCode::Enter));
        type_text(&mut state, "ana.silva0");
        update(&mut state, key(KeyCode::Enter));
        update(&mut state, ch('r'));
        update(&mut state, key(KeyCode::Right));
        assert_snapshot!(format!("approval_ready_{w}x{h}"), screen(&state));
        let effects = update(&mut state, key(KeyCode::Enter));
        let [Effect::Execute { approved, .. }] = effects.as_slice() else { panic!("{effects:?}") };
        assert_eq!(approved.action(), &OrgChange::ClearSessions { revoke_oauth_tokens: true, forget_devices: false });
    }
}

/// Approves a suspend in a dialog whose state has `context` and was last sent the time `now_ms`.
fn approved_with(context: Context, now_ms: i64) -> Approved {
    let mut state = dialog(80, 24, OrgChange::Suspend, "ACTIVE");
    state.context = context;
    update(&mut state, Msg::Now(now_ms));
    fill(&mut state, "spray victim", &login());
    update(&mut state, key(KeyCode::Right));
    let effects = update(&mut state, key(KeyCode::Enter));
    let Ok([Effect::Execute { approved, .. }]) = <[Effect; 1]>::try_from(effects) else { panic!("one execute") };
    *approved
}

#[test]
fn an_approval_is_stamped_from_the_context_and_the_clock_it_was_sent() {
    let now_ms = 1_700_000_000_123;
    let first = approved_with(Context::new("ana@soc-laptop".into(), 42), now_ms);
    assert_eq!(first.operator(), "ana@soc-laptop");
    assert_eq!(first.at().timestamp_millis(), now_ms);
    assert_eq!(first.id(), Context::new(String::new(), 42).next_id(), "the context's first id");
    // Nothing else goes in: the same context and clock give the same approval.
    assert_eq!(first, approved_with(Context::new("ana@soc-laptop".into(), 42), now_ms));
    assert_ne!(first.id(), approved_with(Context::new("ana@soc-laptop".into(), 43), now_ms).id());
}

/// Clear sessions as `c` opens it: keep OAuth tokens, keep remembered devices.
const CLEAR: OrgChange = OrgChange::ClearSessions { revoke_oauth_tokens: false, forget_devices: false };

/// The open dialog's action now.
fn action_of(state: &AppState) -> OrgChange {
    match &state.approval.as_ref().unwrap().request {
        Request::One(action) => action.clone(),
        Request::Plan(steps) => panic!("a plan of {steps:?}"),
    }
}

#[test]
fn clear_sessions_options_toggle_on_their_row_and_never_from_text() {
    let mut state = dialog(120, 40, CLEAR, "ACTIVE");
    // In the text fields a letter is text: the reason and the login take `r` and `f`.
    type_text(&mut state, "r f from a new IP");
    update(&mut state, key(KeyCode::Enter));
    type_text(&mut state, "fr");
    let d = state.approval.as_ref().unwrap();
    assert_eq!(
        (d.reason.value(), d.login.value(), d.request.clone()),
        ("r f from a new IP", "fr", Request::One(CLEAR))
    );
    update(&mut state, key(KeyCode::Backspace));
    update(&mut state, key(KeyCode::Backspace));
    type_text(&mut state, "ana.silva0");
    // Tab reaches the options row; there the registry's keys toggle, and nothing is typed.
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.approval.as_ref().unwrap().focus, Focus::Options);
    update(&mut state, ch('f'));
    assert_eq!(action_of(&state), OrgChange::ClearSessions { revoke_oauth_tokens: false, forget_devices: true });
    update(&mut state, ch('r'));
    update(&mut state, ch('r'));
    let d = state.approval.as_ref().unwrap();
    assert_eq!((d.reason.value(), d.login.value()), ("r f from a new IP", "ana.silva0"), "no key was typed");
    let text = screen(&state);
    assert!(text.contains("▸ options [ ] revoke OAuth tokens (r)   [x] forget devices (f)"), "{text}");
    assert!(text.contains("every device forgets its remembered factors"), "the effect says it: {text}");
    assert_snapshot!("approval_options_120x40", text);
    // Enter goes on to the buttons, where the keys still toggle; Approve sends the choice.
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.approval.as_ref().unwrap().focus, Focus::Buttons { approve: false });
    update(&mut state, ch('f'));
    update(&mut state, ch('f'));
    update(&mut state, key(KeyCode::Right));
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Execute { approved, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!(approved.action(), &OrgChange::ClearSessions { revoke_oauth_tokens: false, forget_devices: true });
}

#[test]
fn the_option_keys_follow_the_registry_and_other_dialogs_have_none() {
    let overrides = [("toggle_forget_devices".to_string(), "F".to_string())].into_iter().collect();
    let mut state = dialog(80, 24, CLEAR, "ACTIVE");
    state.keys = oktui::app::keys::KeyMap::defaults().with_overrides(&overrides).unwrap();
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, ch('f'));
    assert_eq!(action_of(&state), CLEAR, "the old key is free");
    update(&mut state, ch('F'));
    assert_eq!(action_of(&state), OrgChange::ClearSessions { revoke_oauth_tokens: false, forget_devices: true });
    assert!(screen(&state).contains("forget devices (F)"), "{}", screen(&state));

    let mut state = dialog(80, 24, OrgChange::Suspend, "ACTIVE");
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.approval.as_ref().unwrap().focus, Focus::Buttons { approve: false }, "no options row");
    update(&mut state, ch('f'));
    assert_eq!(action_of(&state), OrgChange::Suspend);
    assert!(!screen(&state).contains("options"));
}

#[test]
fn a_proposal_pre_fills_the_reason_and_shows_the_evidence() {
    let mut state = users_loaded(120, 40, 40);
    let evidence = Evidence {
        summary: "password spray from 203.0.113.77, then a sign-in without MFA".into(),
        uuids: vec!["e1".into(), "e2".into(), "e3".into()],
        confidence: "high".into(),
    };
    let id = user(0)["id"].as_str().unwrap().to_string();
    let effects =
        open_for_proposal(&mut state, Request::One(OrgChange::Suspend), id, "spray victim signed in".into(), evidence);
    let [Effect::Preflight { generation, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    let plan = Plan::new(OrgChange::Suspend, target("ACTIVE"), "https://acme.okta.com".into(), String::new(), None);
    update(&mut state, Msg::Plan { generation: *generation, result: Ok(Prepared::One(Box::new(plan))) });
    let d = state.approval.as_ref().unwrap();
    assert_eq!((d.reason.value(), d.focus), ("spray victim signed in", Focus::Login));
    let text = screen(&state);
    assert!(text.contains("high confidence, 3 events: password spray from 203.0.113.77"), "{text}");
    assert!(text.contains("prod (Acme production)"), "the header's profile: {text}");
}

#[test]
fn the_audit_pane_lists_the_journal() {
    let mut state = users_loaded(120, 40, 10);
    type_text(&mut state, ":audit");
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::LoadAudit { generation }] = effects.as_slice() else { panic!("{effects:?}") };
    let intent = journal_intent();
    let outcome = Record {
        phase: Phase::Outcome,
        reason: None,
        http_status: Some(200),
        result: Some("verified".into()),
        user_status: Some("SUSPENDED".into()),
        ..intent.clone()
    };
    update(&mut state, Msg::Audit { generation: *generation, result: Ok(vec![intent.into(), outcome.into()]) });
    assert_snapshot!("audit_120x40", screen(&state));
    // At 80×24 the target and the result keep their room; the newest record is selected.
    update(&mut state, Msg::Resize(80, 24));
    let text = screen(&state);
    assert!(text.contains("verified 200 SUSPENDED") && text.contains(&login()), "{text}");
    assert_snapshot!("audit_80x24", text);
    // Up to the intent; Enter describes it whole; Esc closes; y copies its login.
    update(&mut state, key(KeyCode::Up));
    update(&mut state, key(KeyCode::Enter));
    let text = screen(&state);
    assert!(text.contains("reason: spray victim") && text.contains("operator: ana@soc-laptop"), "{text}");
    update(&mut state, key(KeyCode::Char('G')));
    assert!(screen(&state).contains("approval id: a1"), "the last field, scrolled to");
    update(&mut state, key(KeyCode::Esc));
    assert!(state.describe.is_none());
    let effects = update(&mut state, key(KeyCode::Char('y')));
    assert!(matches!(effects.as_slice(), [Effect::Copy(text)] if *text == login()), "{effects:?}");
    update(&mut state, key(KeyCode::Char('d')));
    assert!(screen(&state).contains("phase: intent"));
}

/// An unmasked screen is a row of `:audit` among the actions, and
/// describes whole; `y` on it copies nothing (it names no user).
#[test]
fn the_audit_pane_lists_an_unmask() {
    let mut state = users_loaded(80, 24, 10);
    type_text(&mut state, ":audit");
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::LoadAudit { generation }] = effects.as_slice() else { panic!("{effects:?}") };
    let unmask = oktui::actions::audit::SessionRecord {
        time: journal_intent().time,
        ..oktui::actions::audit::SessionRecord::new(
            oktui::actions::audit::SessionRecord::UNMASK,
            "https://acme.okta.com".into(),
            "prod".into(),
            "ana@soc-laptop".into(),
        )
    };
    let entries = vec![journal_intent().into(), oktui::actions::audit::Entry::Session(unmask)];
    update(&mut state, Msg::Audit { generation: *generation, result: Ok(entries) });
    let text = screen(&state);
    let row = text.lines().find(|l| l.contains("unmask")).unwrap_or_else(|| panic!("no unmask row: {text}"));
    assert!(row.contains("screen unmasked"), "{text}");
    update(&mut state, key(KeyCode::Enter));
    let text = screen(&state);
    assert!(text.contains("event: unmask") && text.contains("operator: ana@soc-laptop"), "{text}");
    update(&mut state, key(KeyCode::Esc));
    let effects = update(&mut state, key(KeyCode::Char('y')));
    assert!(effects.is_empty(), "{effects:?}");
}

/// A key of the property test's alphabet: the login's characters, the dialog's keys, and
/// the console's action keys.
fn any_key() -> impl Strategy<Value = KeyEvent> {
    let plain = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    let login: Vec<char> = login().chars().collect();
    prop_oneof![
        4 => proptest::sample::select(login).prop_map(plain),
        1 => proptest::sample::select(vec!['n', 'y', 'a', 's', 'u', 'c', 'r', 'h', 'l', 'q', ' ', 'x']).prop_map(plain),
        3 => proptest::sample::select(vec![
            KeyCode::Enter,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Backspace,
            KeyCode::Esc,
        ])
        .prop_map(|code| KeyEvent::new(code, KeyModifiers::NONE)),
        1 => Just(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Whatever keys arrive, an `Execute` effect comes only from Enter on **Approve** in a
    /// dialog whose plan is ready, with a reason and the typed login; and at most once.
    #[test]
    fn no_execute_without_the_approve_path_and_the_typed_login(
        keys in proptest::collection::vec(any_key(), 0..60),
        prefill in any::<bool>(),
    ) {
        let mut state = dialog(80, 24, OrgChange::Suspend, "ACTIVE");
        if prefill {
            fill(&mut state, "spray victim", "");
        }
        let mut executed = 0;
        for k in keys {
            let before = state.approval.as_ref().map(|d| (d.focus, d.can_approve(), d.login.value().to_string()));
            let effects = update(&mut state, Msg::Key(k));
            if executes(&effects) {
                executed += 1;
                let (focus, can, typed) = before.expect("a dialog was open");
                let on_approve = focus == Focus::Buttons { approve: true };
                prop_assert!(k.code == KeyCode::Enter && on_approve && can, "{:?} {:?} {}", k, focus, can);
                prop_assert!(oktui::actions::approval::confirms(&login(), &typed));
            }
            if state.quit {
                break;
            }
        }
        prop_assert!(executed <= 1);
    }
}

/// Whether `typed` is, trimmed and up to ASCII case, the whole login or the part before its `@`.
fn is_login_or_local_part(login: &str, typed: &str) -> bool {
    let typed = typed.trim();
    let local = login.split('@').next().unwrap_or_default();
    typed.eq_ignore_ascii_case(login) || (!local.is_empty() && typed.eq_ignore_ascii_case(local))
}

/// A reason, `typed` in the login field, then Enter, → and Enter: every effect.
fn approve_with(state: &mut AppState, typed: &str) -> Vec<Effect> {
    let mut effects = fill(state, "spray victim", typed);
    effects.extend(update(state, key(KeyCode::Right)));
    effects.extend(update(state, key(KeyCode::Enter)));
    effects
}

#[test]
fn the_local_part_approves_and_no_tail_of_the_domain_does() {
    let login = login();
    let at = login.find('@').unwrap();
    for (start, _) in login.char_indices().filter(|(i, _)| *i >= at) {
        let mut state = dialog(80, 24, OrgChange::Suspend, "ACTIVE");
        assert!(!executes(&approve_with(&mut state, &login[start..])), "{} approved", &login[start..]);
    }
    for typed in [&login[..at], &login.to_uppercase()] {
        let mut state = dialog(80, 24, OrgChange::Suspend, "ACTIVE");
        assert!(executes(&approve_with(&mut state, typed)), "{typed} did not approve");
    }
}

/// What an operator might type in the login field: a tail of the login, a head or any
/// slice, with its case and the spaces around it sometimes changed, or other text.
fn any_typed_login() -> impl Strategy<Value = String> {
    let chars: Vec<char> = login().chars().collect();
    let n = chars.len();
    let tail = (1..=n).prop_map(move |k| (n - k, n));
    let slice = (0..=n, 0..=n).prop_map(|(a, b)| (a.min(b), a.max(b)));
    let flips = prop_oneof![Just(0u64), any::<u64>()];
    let pads = prop_oneof![3 => Just((0, 0)), 1 => (0..2usize, 0..2usize)];
    let piece = (prop_oneof![tail, slice], flips, pads).prop_map(move |((a, b), flips, (l, r))| {
        let text: String = chars[a..b]
            .iter()
            .enumerate()
            .map(|(i, c)| if flips >> (i % 64) & 1 == 1 { c.to_ascii_uppercase() } else { *c })
            .collect();
        format!("{}{text}{}", " ".repeat(l), " ".repeat(r))
    });
    prop_oneof![3 => piece, 1 => "[a-zA-Z0-9@._ -]{0,30}"]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Through the dialog's state machine: a typed login approves exactly when it is the
    /// whole login or its local part; a tail of the domain never does.
    #[test]
    fn only_the_login_or_its_local_part_approves_in_the_dialog(typed in any_typed_login()) {
        let mut state = dialog(80, 24, OrgChange::Suspend, "ACTIVE");
        let executed = executes(&approve_with(&mut state, &typed));
        prop_assert_eq!(executed, is_login_or_local_part(&login(), &typed), "{:?}", typed);
    }
}
