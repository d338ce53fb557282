//! The approval dialog's update: opening, keys, approval and the outcome.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

use super::state::*;
use crate::actions::approval::confirmation_prompt;
use crate::actions::approval::Confirmation;
use crate::actions::{approve, ChangeOutcome, Evidence, Stamp};
use crate::actions::{OrgChange, Plan};
use crate::app::effect::Effect;
use crate::app::keys::{Context, KeyAction};
use crate::app::state::AppState;

/// Opens the dialog for `action` on `user` (id or login): re-reads the user first.
pub fn open(state: &mut AppState, action: OrgChange, user: String) -> Vec<Effect> {
    open_with(state, action, user, None, String::new())
}

/// Opens the dialog for an investigation's proposal: the action, the reason (editable),
/// the evidence's event uuids and its confidence, shown and journaled with the approval.
pub fn open_for_proposal(
    state: &mut AppState,
    action: OrgChange,
    user: String,
    reason: String,
    evidence: Evidence,
) -> Vec<Effect> {
    open_with(state, action, user, Some(evidence), reason)
}

fn open_with(
    state: &mut AppState,
    action: OrgChange,
    user: String,
    evidence: Option<Evidence>,
    reason: String,
) -> Vec<Effect> {
    if state.header.read_only {
        state.flash = Some("read-only: this profile cannot change the org".into());
        return Vec::new();
    }
    if let Some(d) = &state.approval {
        if matches!(d.stage, Stage::Executing(_)) {
            state.flash = Some("an action is in flight: wait for its outcome".into());
            return Vec::new();
        }
    }
    let generation = state.generation();
    let focus = if reason.is_empty() { Focus::Reason } else { Focus::Login };
    state.approval = Some(Dialog {
        action: action.clone(),
        user: user.clone(),
        evidence,
        reason: Input::new(reason),
        login: Input::default(),
        focus,
        stage: Stage::Checking,
        problem: None,
        generation,
        masked_login: None,
    });
    vec![Effect::Preflight { action, user, generation }]
}

/// The re-read arrived.
pub fn on_plan(state: &mut AppState, generation: u64, result: Result<Plan, String>) {
    let Some(d) = state.approval.as_mut().filter(|d| d.generation == generation) else { return };
    if !matches!(d.stage, Stage::Checking) {
        return;
    }
    d.stage = match result {
        Ok(mut plan) => {
            plan.evidence = d.evidence.clone();
            plan.profile = state.header.profile.clone();
            d.masked_login = state.mask.on.then(|| state.mask.login(&plan.target.login));
            Stage::Ready(Box::new(plan))
        }
        Err(e) => Stage::Unavailable(e),
    };
}

/// The outcome arrived: the dialog shows it, and the user's row takes the re-read status.
pub fn on_outcome(state: &mut AppState, generation: u64, result: Result<ChangeOutcome, String>) -> Vec<Effect> {
    let Some(d) = state.approval.as_mut().filter(|d| d.generation == generation) else { return Vec::new() };
    let Stage::Executing(plan) = &d.stage else { return Vec::new() };
    let plan = plan.clone();
    let (line, done, status) = match result {
        Ok(o) => (o.line(), o.is_done(), o.user_status.clone()),
        Err(e) => (e, false, None),
    };
    let user_id = plan.target.id.clone();
    d.stage = Stage::Finished { plan, line: line.clone(), done };
    state.flash = Some(line);
    if let Some(status) = status {
        if let Some(users) = state.lists.get_mut(&crate::app::lists::ListKind::Users) {
            users.set_status(&user_id, &status);
        }
    }
    let mut effects = Vec::new();
    if let crate::app::state::Route::Detail { kind, id, .. } = state.route().clone() {
        if id == user_id {
            let generation = state.generation();
            state.detail.generation = generation;
            effects.push(Effect::LoadDetail { kind, id, generation });
        }
    }
    if matches!(state.route(), crate::app::state::Route::Audit) {
        effects.push(crate::app::update::load_audit(state));
    }
    effects
}

/// A key while the dialog is open. What it does comes from the key registry
/// ([`Context::Approval`]); in a text field a plain character is text, never a key.
pub fn on_key(state: &mut AppState, key: KeyEvent) -> Vec<Effect> {
    let action = state.keys.action_for(&key, Context::Approval, state.header.read_only);
    let Some(d) = state.approval.as_mut() else { return Vec::new() };
    match &d.stage {
        Stage::Executing(_) => {
            // Nothing stops a request already sent; the outcome will show here.
            d.problem = Some("sent: waiting for the outcome".into());
            return Vec::new();
        }
        Stage::Finished { .. } => {
            state.approval = None;
            return Vec::new();
        }
        Stage::Checking | Stage::Unavailable(_) | Stage::Ready(_) => {}
    }
    let in_field = matches!(d.focus, Focus::Reason | Focus::Login);
    let action = action.filter(|_| !(in_field && is_text(&key)));
    match (d.focus, action) {
        (_, Some(KeyAction::Cancel)) => cancel(state),
        (_, Some(KeyAction::NextField)) => d.focus = next(d.focus, d.has_options()),
        (_, Some(KeyAction::PreviousField)) => d.focus = previous(d.focus, d.has_options()),
        (Focus::Reason, Some(KeyAction::Choose)) => d.focus = Focus::Login,
        (Focus::Login | Focus::Options, Some(KeyAction::Choose)) => d.focus = Focus::Buttons { approve: false },
        (Focus::Buttons { approve: false }, Some(KeyAction::Choose)) => cancel(state),
        (Focus::Buttons { approve: true }, Some(KeyAction::Choose)) => return approve_now(state),
        (Focus::Buttons { approve }, Some(KeyAction::SwitchButton)) => d.focus = Focus::Buttons { approve: !approve },
        (Focus::Reason, _) => {
            d.reason.handle_event(&Event::Key(key));
        }
        (Focus::Login, _) => {
            d.login.handle_event(&Event::Key(key));
        }
        (Focus::Options | Focus::Buttons { .. }, Some(option)) => toggle_option(d, option),
        (Focus::Options | Focus::Buttons { .. }, None) => {}
    }
    Vec::new()
}

/// Whether a key types text in a field: a character with no control or alt.
fn is_text(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char(_)) && !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

/// Closes the dialog, changing nothing.
fn cancel(state: &mut AppState) {
    state.approval = None;
    state.flash = Some("cancelled: nothing was changed".into());
}

/// Enter on **Approve**: the approval gate decides.
fn approve_now(state: &mut AppState) -> Vec<Effect> {
    let Some(d) = state.approval.as_mut() else { return Vec::new() };
    let Stage::Ready(plan) = &d.stage else {
        d.problem = Some("the user is still being read".into());
        return Vec::new();
    };
    if !d.can_approve() {
        d.problem = Some(match &plan.blocked {
            Some(why) => why.clone(),
            None if d.reason.value().trim().is_empty() => "a reason is required".into(),
            None => confirmation_prompt(&plan.target.login),
        });
        return Vec::new();
    }
    let plan = plan.clone();
    let Some(at) = chrono::DateTime::from_timestamp_millis(state.now_ms) else {
        d.problem = Some(format!("the clock reads {} ms, not a time: try again", state.now_ms));
        return Vec::new();
    };
    let stamp = Stamp { id: state.context.next_id(), operator: state.context.operator.clone(), at };
    let typed = d.confirmation(&plan.target.login);
    match approve((*plan).clone(), d.reason.value(), Confirmation::Typed(typed), stamp) {
        Ok(approved) => {
            d.stage = Stage::Executing(plan);
            d.problem = None;
            vec![Effect::Execute { approved: Box::new(approved), generation: d.generation }]
        }
        Err(e) => {
            d.problem = Some(e.to_string());
            Vec::new()
        }
    }
}

/// A clear-sessions option's key, once the plan is shown: revoke OAuth tokens too, or
/// make every device forget its remembered factors, or not.
fn toggle_option(d: &mut Dialog, option: KeyAction) {
    let OrgChange::ClearSessions { revoke_oauth_tokens, forget_devices } = d.action else { return };
    let Stage::Ready(plan) = &mut d.stage else { return };
    d.action = match option {
        KeyAction::ToggleOauthTokens => {
            OrgChange::ClearSessions { revoke_oauth_tokens: !revoke_oauth_tokens, forget_devices }
        }
        KeyAction::ToggleForgetDevices => {
            OrgChange::ClearSessions { revoke_oauth_tokens, forget_devices: !forget_devices }
        }
        _ => return,
    };
    plan.action = d.action.clone();
}

/// The field after `focus`; the options row only when the dialog has one.
fn next(focus: Focus, options: bool) -> Focus {
    match focus {
        Focus::Reason => Focus::Login,
        Focus::Login if options => Focus::Options,
        Focus::Login | Focus::Options => Focus::Buttons { approve: false },
        Focus::Buttons { approve: false } => Focus::Buttons { approve: true },
        Focus::Buttons { approve: true } => Focus::Reason,
    }
}

/// The field before `focus`; the options row only when the dialog has one.
fn previous(focus: Focus, options: bool) -> Focus {
    match focus {
        Focus::Reason => Focus::Buttons { approve: true },
        Focus::Login => Focus::Reason,
        Focus::Options => Focus::Login,
        Focus::Buttons { approve: false } if options => Focus::Options,
        Focus::Buttons { approve: false } => Focus::Login,
        Focus::Buttons { approve: true } => Focus::Buttons { approve: false },
    }
}
