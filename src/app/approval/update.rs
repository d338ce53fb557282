//! The approval dialog's update: opening, keys, approval and the outcome.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

use super::state::*;
use crate::actions::approval::confirmation_prompt;
use crate::actions::approval::Confirmation;
use crate::actions::{approve, approve_containment, ChangeOutcome, ContainmentOutcome, Evidence, Stamp, StepProgress};
use crate::actions::{Containment, OrgChange, Plan, RiskLevel};
use crate::app::effect::Effect;
use crate::app::keys::{Context, KeyAction};
use crate::app::state::AppState;

/// Opens the dialog for `action` on `user` (id or login): re-reads the user first.
pub fn open(state: &mut AppState, action: OrgChange, user: String) -> Vec<Effect> {
    open_with(state, Request::One(action), user, None, String::new())
}

/// Opens the dialog for an investigation's proposal (one action or a containment plan): the
/// reason (editable), the evidence's event uuids and its confidence, shown and journaled with
/// the approval.
pub fn open_for_proposal(
    state: &mut AppState,
    request: Request,
    user: String,
    reason: String,
    evidence: Evidence,
) -> Vec<Effect> {
    open_with(state, request, user, Some(evidence), reason)
}

fn open_with(
    state: &mut AppState,
    request: Request,
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
        request: request.clone(),
        user: user.clone(),
        evidence,
        reason: Input::new(reason),
        login: Input::default(),
        focus,
        stage: Stage::Checking,
        problem: None,
        generation,
        masked_login: None,
        scroll: 0,
        progress: Progress::default(),
    });
    vec![Effect::Preflight { request, user, generation }]
}

/// The re-read arrived: every plan takes the proposal's evidence and the profile shown.
pub fn on_plan(state: &mut AppState, generation: u64, result: Result<Prepared, String>) {
    let Some(d) = state.approval.as_mut().filter(|d| d.generation == generation) else { return };
    if !matches!(d.stage, Stage::Checking) {
        return;
    }
    let stamped = |mut plan: Plan| {
        plan.evidence = d.evidence.clone();
        plan.profile = state.header.profile.clone();
        plan
    };
    d.stage = match result {
        Ok(Prepared::One(plan)) => Stage::Ready(Box::new(Prepared::One(Box::new(stamped(*plan))))),
        Ok(Prepared::Plan(steps)) => match Containment::new(steps.steps().iter().cloned().map(stamped).collect()) {
            Ok(steps) => Stage::Ready(Box::new(Prepared::Plan(steps))),
            Err(e) => Stage::Unavailable(e.to_string()),
        },
        Err(e) => Stage::Unavailable(e),
    };
    if let Some(prepared) = d.prepared() {
        let login = prepared.target().login.clone();
        d.masked_login = state.mask.on.then(|| state.mask.login(&login));
    }
}

/// The outcome arrived: the dialog shows it, and the user's row takes the re-read status.
pub fn on_outcome(state: &mut AppState, generation: u64, result: Result<ChangeOutcome, String>) -> Vec<Effect> {
    let (line, done, status) = match result {
        Ok(o) => (o.line(), o.is_done(), o.user_status.clone()),
        Err(e) => (e, false, None),
    };
    finish(state, generation, vec![line], done, status)
}

/// A running plan's step started or ended.
pub fn on_step(state: &mut AppState, generation: u64, step: StepProgress) {
    let Some(d) = state.approval.as_mut().filter(|d| d.generation == generation) else { return };
    if !matches!(d.stage, Stage::Executing(_)) {
        return;
    }
    match step {
        StepProgress::Sending(n) => d.progress.sending = Some(n),
        StepProgress::Finished(n, outcome) => {
            d.progress.sending = None;
            if d.progress.finished.len() + 1 == n {
                d.progress.finished.push(outcome);
            }
        }
    }
}

/// A plan ended (or was refused before its first step): every step's line, then what ran
/// and what was not sent.
pub fn on_plan_outcome(
    state: &mut AppState,
    generation: u64,
    result: Result<ContainmentOutcome, String>,
) -> Vec<Effect> {
    let (lines, done, status) = match result {
        Ok(o) => (o.lines(), o.is_done(), o.ran.iter().rev().find_map(|s| s.user_status.clone())),
        Err(e) => (vec![format!("nothing was sent: {e}")], false, None),
    };
    finish(state, generation, lines, done, status)
}

/// Shows how it ended; the user's row takes the status last re-read, and the panes showing
/// the user or the journal read them again.
fn finish(
    state: &mut AppState,
    generation: u64,
    lines: Vec<String>,
    done: bool,
    status: Option<String>,
) -> Vec<Effect> {
    let Some(d) = state.approval.as_mut().filter(|d| d.generation == generation) else { return Vec::new() };
    let Stage::Executing(prepared) = &d.stage else { return Vec::new() };
    let prepared = prepared.clone();
    let user_id = prepared.target().id.clone();
    d.progress.sending = None;
    state.flash = lines.last().cloned();
    d.stage = Stage::Finished { prepared, lines, done };
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
        (_, Some(KeyAction::PageUp)) => d.scroll = d.scroll.saturating_add(SCROLL_STEP).min(scroll_limit(d)),
        (_, Some(KeyAction::PageDown)) => d.scroll = d.scroll.saturating_sub(SCROLL_STEP),
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

/// Rows a PgUp or PgDn scrolls the dialog's facts.
const SCROLL_STEP: u16 = 4;

/// How far up the facts can be scrolled: at most two rows a fact (a wrapped line), so a
/// PgDn never has far to come back; the drawing keeps it within what is hidden.
fn scroll_limit(d: &Dialog) -> u16 {
    let facts = d.prepared().map_or(0, |p| p.first().facts().len() + 2 * p.plans().len());
    u16::try_from(facts.saturating_mul(2)).unwrap_or(u16::MAX)
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

/// Enter on **Approve**: the approval gate decides (for a plan, every step at once).
fn approve_now(state: &mut AppState) -> Vec<Effect> {
    let Some(d) = state.approval.as_mut() else { return Vec::new() };
    let Stage::Ready(prepared) = &d.stage else {
        d.problem = Some("the user is still being read".into());
        return Vec::new();
    };
    if !d.can_approve() {
        d.problem = Some(match prepared.blocked() {
            Some(why) => why,
            None if d.reason.value().trim().is_empty() => "a reason is required".into(),
            None => confirmation_prompt(&prepared.target().login),
        });
        return Vec::new();
    }
    let prepared = prepared.clone();
    let Some(at) = chrono::DateTime::from_timestamp_millis(state.now_ms) else {
        d.problem = Some(format!("the clock reads {} ms, not a time: try again", state.now_ms));
        return Vec::new();
    };
    let stamp = Stamp { id: state.context.next_id(), operator: state.context.operator.clone(), at };
    let confirmation = Confirmation::Typed(d.confirmation(&prepared.target().login));
    let generation = d.generation;
    let approved = match (*prepared).clone() {
        Prepared::One(plan) => approve(*plan, d.reason.value(), confirmation, stamp)
            .map(|approved| Effect::Execute { approved: Box::new(approved), generation }),
        Prepared::Plan(steps) => approve_containment(steps, d.reason.value(), confirmation, stamp)
            .map(|approved| Effect::ExecutePlan { approved: Box::new(approved), generation }),
    };
    match approved {
        Ok(effect) => {
            d.stage = Stage::Executing(prepared);
            d.problem = None;
            d.progress = Progress::default();
            vec![effect]
        }
        Err(e) => {
            d.problem = Some(e.to_string());
            Vec::new()
        }
    }
}

/// An option's key, once the plan is shown: a clear-sessions dialog's OAuth tokens and
/// remembered devices, a set-risk dialog's level. The precondition is checked again against
/// the facts read (the risk already at the level chosen cannot be approved).
fn toggle_option(d: &mut Dialog, option: KeyAction) {
    let Request::One(action) = &d.request else { return };
    let Stage::Ready(prepared) = &mut d.stage else { return };
    let Prepared::One(plan) = prepared.as_mut() else { return };
    let changed = match (action, option) {
        (OrgChange::ClearSessions { revoke_oauth_tokens, forget_devices }, KeyAction::ToggleOauthTokens) => {
            OrgChange::ClearSessions { revoke_oauth_tokens: !revoke_oauth_tokens, forget_devices: *forget_devices }
        }
        (OrgChange::ClearSessions { revoke_oauth_tokens, forget_devices }, KeyAction::ToggleForgetDevices) => {
            OrgChange::ClearSessions { revoke_oauth_tokens: *revoke_oauth_tokens, forget_devices: !forget_devices }
        }
        (OrgChange::SetRisk { level }, KeyAction::ToggleRiskLevel) => OrgChange::SetRisk {
            level: match level {
                RiskLevel::High => RiskLevel::Low,
                RiskLevel::Low => RiskLevel::High,
            },
        },
        _ => return,
    };
    let p = &**plan;
    **plan = Plan::with_facts(
        changed.clone(),
        p.target.clone(),
        (*p.facts).clone(),
        p.org.clone(),
        p.profile.clone(),
        p.evidence.clone(),
    );
    d.request = Request::One(changed);
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
