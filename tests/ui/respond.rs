//! Issue 17 in the console: the new actions' dialogs (opened by their keys, refused before
//! approval with words when the precondition fails, the effect in words, the factors a reset
//! removes), the containment plan's dialog (its steps, one approval, its progress, what ran
//! and what did not), their screens at 80×24 and 60×20, and a property test that neither a
//! plan nor an action is sent without Enter on **Approve**, a reason and the typed login.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use insta::assert_snapshot;
use oktui::actions::{ChangeOutcome, ContainmentOutcome, OrgChange, RiskLevel, StepProgress, Verdict};
use oktui::app::approval::{Focus, Request, Stage};
use oktui::app::effect::Effect;
use oktui::app::msg::Msg;
use oktui::app::state::AppState;
use oktui::app::update::update;
use proptest::prelude::*;

use crate::fixtures::{ch, dialog, key, login, plan_dialog, screen, type_text, FACTORS, SESSION};

/// Reason, Enter, login, Enter, →, Enter: every effect.
fn approve(state: &mut AppState, reason: &str, typed: &str) -> Vec<Effect> {
    let mut effects = type_text(state, reason);
    effects.extend(update(state, key(KeyCode::Enter)));
    effects.extend(type_text(state, typed));
    effects.extend(update(state, key(KeyCode::Enter)));
    if state.approval.as_ref().is_some_and(|d| matches!(d.focus, Focus::Options)) {
        effects.extend(update(state, key(KeyCode::Enter)));
    }
    effects.extend(update(state, key(KeyCode::Right)));
    effects.extend(update(state, key(KeyCode::Enter)));
    effects
}

/// A proposal's plan has its reason: the login, Enter, →, Enter.
fn approve_plan(state: &mut AppState, typed: &str) -> Vec<Effect> {
    assert_eq!(state.approval.as_ref().unwrap().focus, Focus::Login, "a proposal's reason is filled in");
    let mut effects = type_text(state, typed);
    effects.extend(update(state, key(KeyCode::Enter)));
    effects.extend(update(state, key(KeyCode::Right)));
    effects.extend(update(state, key(KeyCode::Enter)));
    effects
}

fn sends(effects: &[Effect]) -> bool {
    effects.iter().any(|e| matches!(e, Effect::Execute { .. } | Effect::ExecutePlan { .. }))
}

/// Each new action, in the state its precondition needs.
fn new_actions() -> Vec<(OrgChange, &'static str)> {
    vec![
        (OrgChange::Unlock, "LOCKED_OUT"),
        (OrgChange::ResetFactors, "ACTIVE"),
        (OrgChange::RemoveFactor { factor_id: FACTORS[1].id.into() }, "ACTIVE"),
        (OrgChange::ExpirePassword, "ACTIVE"),
        (OrgChange::LogoutEverywhere, "ACTIVE"),
        (OrgChange::SetRisk { level: RiskLevel::High }, "ACTIVE"),
        (OrgChange::RevokeSession { session_id: SESSION.into() }, "ACTIVE"),
    ]
}

#[test]
fn each_new_action_opens_by_its_key_says_its_effect_and_approves_once() {
    for (action, status) in new_actions() {
        let mut state = dialog(120, 40, action.clone(), status);
        let text = screen(&state);
        assert!(text.contains(action.title()), "{}: {text}", action.name());
        assert!(text.contains("effect"), "{}: {text}", action.name());
        let effects = approve(&mut state, "contained", &login());
        let [Effect::Execute { approved, .. }] = effects.as_slice() else { panic!("{}: {effects:?}", action.name()) };
        assert_eq!(approved.action(), &action);
        assert!(matches!(state.approval.as_ref().unwrap().stage, Stage::Executing(_)));
    }
}

#[test]
fn reset_factors_lists_the_factors_it_removes() {
    let state = dialog(120, 40, OrgChange::ResetFactors, "ACTIVE");
    let text = screen(&state);
    assert!(text.contains("push opf1ana0push (ACTIVE), webauthn fwf1ana0key (ACTIVE)"), "{text}");
    assert_snapshot!("reset_factors_80x24", screen(&dialog(80, 24, OrgChange::ResetFactors, "ACTIVE")));
    assert_snapshot!("reset_factors_60x20", screen(&dialog(60, 20, OrgChange::ResetFactors, "ACTIVE")));
}

#[test]
fn a_wrong_state_is_refused_in_words_before_approval() {
    let cases = [
        (OrgChange::Unlock, "ACTIVE", "is ACTIVE: only LOCKED_OUT users can be unlocked"),
        (OrgChange::ExpirePassword, "SUSPENDED", "is SUSPENDED: only ACTIVE users can have their password expired"),
        (OrgChange::RemoveFactor { factor_id: "opfgone".into() }, "ACTIVE", "has no factor opfgone"),
    ];
    for (action, status, words) in cases {
        let mut state = match &action {
            // No factor row names it: the dialog is opened as `x` would, on a factor the re-read no longer finds.
            OrgChange::RemoveFactor { .. } => {
                let mut state = dialog(80, 24, OrgChange::RemoveFactor { factor_id: FACTORS[0].id.into() }, status);
                let d = state.approval.as_mut().unwrap();
                let Stage::Ready(prepared) = &mut d.stage else { panic!("not ready") };
                let oktui::app::approval::Prepared::One(plan) = prepared.as_mut() else { panic!("a plan") };
                **plan = oktui::actions::Plan::with_facts(
                    action.clone(),
                    plan.target.clone(),
                    (*plan.facts).clone(),
                    plan.org.clone(),
                    plan.profile.clone(),
                    None,
                );
                state
            }
            _ => dialog(80, 24, action.clone(), status),
        };
        let text = screen(&state);
        let blocked = state.approval.as_ref().and_then(|d| d.prepared()).and_then(|p| p.blocked()).unwrap_or_default();
        assert!(text.contains("cannot approve") && blocked.contains(words), "{}: {blocked}\n{text}", action.name());
        assert!(!sends(&approve(&mut state, "r", &login())), "{}", action.name());
    }
    assert_snapshot!("unlock_active_refused_80x24", screen(&dialog(80, 24, OrgChange::Unlock, "ACTIVE")));
}

#[test]
fn set_risk_turns_low_on_its_options_row_and_is_refused_at_the_level_it_has() {
    let mut state = dialog(80, 24, OrgChange::SetRisk { level: RiskLevel::High }, "ACTIVE");
    type_text(&mut state, "v is text here");
    assert_eq!(state.approval.as_ref().unwrap().request, Request::One(OrgChange::SetRisk { level: RiskLevel::High }));
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.approval.as_ref().unwrap().focus, Focus::Options);
    update(&mut state, ch('v'));
    assert_eq!(state.approval.as_ref().unwrap().request, Request::One(OrgChange::SetRisk { level: RiskLevel::Low }));
    // The fixture's user reads LOW already: the dialog says so and cannot approve.
    assert!(screen(&state).contains("risk is already LOW"), "{}", screen(&state));
    update(&mut state, ch('v'));
    assert!(!screen(&state).contains("already"), "{}", screen(&state));
}

#[test]
fn the_plan_dialog_lists_each_step_and_fits_both_sizes() {
    let state = plan_dialog(120, 40, "ACTIVE");
    let text = screen(&state);
    for (n, title) in
        ["Suspend user", "Clear sessions and revoke OAuth tokens", "Universal Logout", "Reset all MFA factors"]
            .iter()
            .enumerate()
    {
        assert!(text.contains(&format!("{}. {title}", n + 1)), "step {title}: {text}");
    }
    assert!(text.contains("every MFA factor of Ana Silva is unenrolled"), "{text}");
    assert_snapshot!("plan_ready_120x40", text);
    for (w, h) in [(80, 24), (60, 20)] {
        let state = plan_dialog(w, h, "ACTIVE");
        let text = screen(&state);
        assert!(text.contains("https://acme.okta.com"), "the org stays in view at {w}x{h}: {text}");
        assert!(text.contains("[ Approve ]") && text.contains("reason"), "{w}x{h}: {text}");
        assert_snapshot!(format!("plan_ready_{w}x{h}"), text);
    }
}

#[test]
fn pgup_scrolls_the_plan_back_into_view_with_the_org_pinned() {
    let mut state = plan_dialog(60, 20, "ACTIVE");
    let bottom = screen(&state);
    update(&mut state, key(KeyCode::PageUp));
    update(&mut state, key(KeyCode::PageUp));
    let top = screen(&state);
    assert_ne!(bottom, top, "PgUp shows what was hidden");
    assert!(top.contains("https://acme.okta.com"));
    assert!(top.contains("1. Suspend user"), "{top}");
    assert_snapshot!("plan_scrolled_up_60x20", top);
    update(&mut state, key(KeyCode::PageDown));
    update(&mut state, key(KeyCode::PageDown));
    update(&mut state, key(KeyCode::PageDown));
    assert_eq!(screen(&state), bottom, "PgDn comes back to the fields");
}

#[test]
fn a_blocked_step_blocks_the_plan_and_names_it() {
    let mut state = plan_dialog(120, 40, "SUSPENDED");
    let text = screen(&state);
    let blocked = state.approval.as_ref().and_then(|d| d.prepared()).and_then(|p| p.blocked()).unwrap_or_default();
    assert!(text.contains("cannot approve: step 1 (suspend)"), "{text}");
    assert!(blocked.ends_with("is SUSPENDED: only ACTIVE users can be suspended"), "{blocked}");
    assert!(!sends(&approve_plan(&mut state, &login())));
}

fn outcome(id: &str, action: OrgChange, verdict: Verdict, status: &str) -> ChangeOutcome {
    ChangeOutcome {
        id: id.into(),
        action: action.clone(),
        target_login: login(),
        verdict,
        http_status: Some(if verdict == Verdict::Failed { 403 } else { 200 }),
        request_id: Some("req".into()),
        user_status: Some(status.into()),
        event_uuid: (verdict == Verdict::Verified).then(|| "evt".to_string()),
        detail: format!("Okta answered {}", action.event_type()),
    }
}

#[test]
fn the_plan_runs_step_by_step_and_ends_saying_what_ran_and_what_did_not() {
    let mut state = plan_dialog(80, 24, "ACTIVE");
    let effects = approve_plan(&mut state, &login());
    let [Effect::ExecutePlan { approved, generation }] = effects.as_slice() else { panic!("{effects:?}") };
    let generation = *generation;
    let ids: Vec<String> = approved.steps().iter().map(|s| s.id().to_string()).collect();
    assert_eq!(ids.len(), 4);
    assert!(ids.iter().enumerate().all(|(i, id)| *id == format!("{}.{}", approved.id(), i + 1)), "{ids:?}");
    let steps: Vec<OrgChange> = approved.steps().iter().map(|s| s.action().clone()).collect();
    assert!(!sends(&update(&mut state, key(KeyCode::Enter))), "no second approval while it runs");
    update(&mut state, Msg::PlanStep { generation, step: StepProgress::Sending(1) });
    let first = outcome(&ids[0], steps[0].clone(), Verdict::Verified, "SUSPENDED");
    update(&mut state, Msg::PlanStep { generation, step: StepProgress::Finished(1, first.clone()) });
    update(&mut state, Msg::PlanStep { generation, step: StepProgress::Sending(2) });
    let text = screen(&state);
    assert!(text.contains("1. Suspend user: done, verified"), "{text}");
    assert!(text.contains("2. Clear sessions and revoke OAuth tokens: sent, verifying"), "{text}");
    assert!(text.contains("4. Reset all MFA factors: waiting"), "{text}");
    assert_snapshot!("plan_running_80x24", text);
    // The second step fails: the plan stops, the rest is never sent.
    let second = outcome(&ids[1], steps[1].clone(), Verdict::Failed, "SUSPENDED");
    update(&mut state, Msg::PlanStep { generation, step: StepProgress::Finished(2, second.clone()) });
    let end = ContainmentOutcome {
        id: approved.id().to_string(),
        target_login: login(),
        ran: vec![first, second],
        refused: None,
        not_run: steps[2..].to_vec(),
    };
    update(&mut state, Msg::PlanOutcome { generation, result: Ok(end) });
    let text = screen(&state);
    assert!(text.contains("not sent: logout-everywhere, reset-factors"), "{text}");
    assert_snapshot!("plan_stopped_80x24", text);
    assert_eq!(state.lists[&oktui::app::lists::ListKind::Users].selected_row().unwrap().cells[0], "SUSPENDED");
    update(&mut state, ch('x'));
    assert!(state.approval.is_none(), "any key closes");
}

#[test]
fn the_finished_plan_fits_60x20() {
    let mut state = plan_dialog(60, 20, "ACTIVE");
    let effects = approve_plan(&mut state, &login());
    let [Effect::ExecutePlan { approved, generation }] = effects.as_slice() else { panic!("{effects:?}") };
    let ran =
        approved.steps().iter().map(|s| outcome(s.id(), s.action().clone(), Verdict::Verified, "SUSPENDED")).collect();
    let end = ContainmentOutcome {
        id: approved.id().to_string(),
        target_login: login(),
        ran,
        refused: None,
        not_run: Vec::new(),
    };
    update(&mut state, Msg::PlanOutcome { generation: *generation, result: Ok(end) });
    let text = screen(&state);
    assert!(state.flash.as_deref().is_some_and(|f| f.ends_with("every step done for ana.silva0@acme.example")));
    assert!(text.contains("step 4: done — verified") && text.contains("any key closes"), "{text}");
    assert!(text.contains("https://acme.okta.com"), "the org stays pinned: {text}");
    assert_snapshot!("plan_done_60x20", text);
}

/// A key of the property test's alphabet: the login's characters, the dialog's keys (PgUp
/// and PgDn too), the options' letters and the console's action keys.
fn any_key() -> impl Strategy<Value = KeyEvent> {
    let plain = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    let login: Vec<char> = login().chars().collect();
    prop_oneof![
        4 => proptest::sample::select(login).prop_map(plain),
        1 => proptest::sample::select(vec!['n', 'a', 's', 'l', 'f', 'p', 't', 'v', 'x', 'r', 'h', ' ']).prop_map(plain),
        3 => proptest::sample::select(vec![
            KeyCode::Enter,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Backspace,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Esc,
        ])
        .prop_map(|code| KeyEvent::new(code, KeyModifiers::NONE)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Whatever keys arrive in the containment plan's dialog or a new action's, a plan or an
    /// action is sent only by Enter on **Approve** with a reason and a typed line that
    /// confirms the login, and at most once.
    #[test]
    fn no_plan_or_new_action_without_approve_a_reason_and_the_typed_login(
        which in 0..8usize,
        keys in proptest::collection::vec(any_key(), 0..60),
        prefill in any::<bool>(),
    ) {
        let mut state = match new_actions().get(which) {
            Some((action, status)) => dialog(80, 24, action.clone(), status),
            None => plan_dialog(80, 24, "ACTIVE"),
        };
        if prefill {
            type_text(&mut state, "push bomb");
            update(&mut state, key(KeyCode::Enter));
        }
        let mut sent = 0;
        for k in keys {
            let before = state.approval.as_ref().map(|d| {
                (d.focus, d.reason.value().trim().to_string(), d.login.value().to_string(), d.can_approve())
            });
            let effects = update(&mut state, Msg::Key(k));
            if sends(&effects) {
                sent += 1;
                let (focus, reason, typed, can) = before.expect("a dialog was open");
                let on_approve = focus == Focus::Buttons { approve: true };
                prop_assert!(k.code == KeyCode::Enter && on_approve && can, "{:?} {:?} {}", k, focus, can);
                prop_assert!(!reason.is_empty(), "sent without a reason");
                prop_assert!(oktui::actions::approval::confirms(&login(), &typed), "sent on {:?}", typed);
            }
        }
        prop_assert!(sent <= 1);
    }
}
